/** 投诉举报: file a supervision report, complaint, consultation or suggestion, with photos (platform files). */
import { useNavigate } from 'react-router';
import { Form, ImageUploader, Input, Selector, TextArea, type ImageUploadItem } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { TICKET_KINDS, type TicketKind } from '@fangxian/contracts/tickets';
import { useSession } from '../../shared/session/session.tsx';
import { DivisionPicker } from '../components/division-picker.tsx';
import { FormFooter } from '../components/form-footer.tsx';
import { MobilePage } from '../components/page.tsx';
import { useCitizenAction } from '../components/use-action.ts';
import { myTicketKeys, myTicketsApi } from './tickets.api.ts';

interface FormValues {
  kind: TicketKind[];
  title: string;
  description: string;
  regionCode: string;
  address?: string;
  photos?: ImageUploadItem[];
  contactName?: string;
  contactPhone?: string;
}

export function NewTicketPage() {
  const { t } = useTranslation('tickets');
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  // The area starts at a real-named citizen's household division; they may pick another.
  const { me } = useSession();
  const submit = useCitizenAction({
    send: (v: FormValues) =>
      myTicketsApi.submit({
        kind: v.kind[0],
        title: v.title.trim(),
        description: v.description.trim(),
        regionCode: v.regionCode,
        ...(v.address?.trim() ? { address: v.address.trim() } : {}),
        attachments: (v.photos ?? []).map((p) => p.key as string),
        ...(v.contactName?.trim() ? { contactName: v.contactName.trim() } : {}),
        ...(v.contactPhone?.trim() ? { contactPhone: v.contactPhone.trim() } : {}),
      }),
    invalidates: [myTicketKeys.all],
    success: (r) => t('citizen.submitted', { number: r.number }),
    onDone: (r) => navigate(`/m/tickets/${r.id}`, { replace: true }),
  });
  return (
    <MobilePage title={t('citizen.newTitle')} back>
      <p className="fx-page-intro">{t('citizen.newIntro')}</p>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: ['complaint'], regionCode: me?.realName?.householdDivision }}
        onFinish={(values: FormValues) => void submit.run(values)}
        footer={<FormFooter error={submit.error} pending={submit.pending} label={t('citizen.submit')} />}
      >
        <Form.Item name="kind" label={t('field.kind')} rules={[{ required: true, type: 'array', min: 1, message: t('citizen.choose') }]}>
          <Selector columns={2} options={TICKET_KINDS.map((k) => ({ label: t(`kind.${k}`), value: k }))} data-testid="ticket-kind" />
        </Form.Item>
        <Form.Item name="title" label={t('field.title')} rules={[{ required: true, whitespace: true, min: 2, max: 100, message: t('citizen.titleRequired') }]}>
          <Input maxLength={100} clearable data-testid="ticket-title" />
        </Form.Item>
        <Form.Item name="description" label={t('field.description')} rules={[{ required: true, whitespace: true, min: 5, message: t('citizen.descriptionRequired') }]}>
          <TextArea rows={5} maxLength={4000} showCount data-testid="ticket-description" />
        </Form.Item>
        <Form.Item name="regionCode" label={t('field.region')} rules={[{ required: true, message: t('citizen.regionRequired') }]}>
          <DivisionPicker placeholder={t('citizen.choose')} title={t('field.region')} />
        </Form.Item>
        <Form.Item name="address" label={t('field.address')}>
          <Input maxLength={200} clearable data-testid="ticket-address" />
        </Form.Item>
        <Form.Item name="photos" label={t('citizen.photos')}>
          <ImageUploader
            maxCount={9}
            accept="image/png,image/jpeg,image/webp"
            upload={async (file) => {
              const stored = await myTicketsApi.upload(file);
              return { key: stored.id, url: URL.createObjectURL(file) };
            }}
          />
        </Form.Item>
        <Form.Item name="contactName" label={t('field.contactName')}>
          <Input maxLength={50} clearable autoComplete="name" />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('field.contactPhone')} rules={[{ pattern: /^[0-9+\- ]*$/, message: t('field.contactPhone') }]}>
          <Input maxLength={20} clearable type="tel" autoComplete="tel" />
        </Form.Item>
      </Form>
    </MobilePage>
  );
}
