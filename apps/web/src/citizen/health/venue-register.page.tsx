/** 场所登记 for a venue's owner (as a citizen): register a venue for review and follow the applications. */
import { Button, Card, Form, Input, List, Picker, Tag, Toast } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isCountyLevel } from '@fangxian/contracts/kernel/divisions';
import { InputError } from '../../shared/api/errors.ts';
import { localText } from '../../shared/health/colour.ts';
import type { VenueInput } from '../../shared/health/health.types.ts';
import { registerVenue, venueTypesQuery } from '../../shared/health/venues.api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { labelRule, personNameRule } from '../../shared/forms/name-rules.ts';
import { DivisionPicker } from '../components/division-picker.tsx';
import { FormFooter } from '../components/form-footer.tsx';
import { MobilePage } from '../components/page.tsx';
import { useCitizenAction } from '../components/use-action.ts';
import { healthKeys, myApplicationsQuery } from './health.api.ts';
import './health.css';

const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
const STATUS_COLOUR = { pending: 'warning', approved: 'success', rejected: 'danger' } as const;

interface Values {
  name: string;
  type: string[];
  divisionCode?: string;
  address: string;
  latitude: string;
  longitude: string;
  contactName: string;
  contactPhone: string;
}

/** Parses a coordinate typed by hand; null when it is not a number within ±limit. */
function coordinate(text: string, limit: number): number | null {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(value) && Math.abs(value) <= limit ? value : null;
}

/** The registration page. */
export function VenueRegisterPage() {
  const { t, i18n } = useTranslation('health');
  const [form] = Form.useForm<Values>();
  const typesRead = useQuery(venueTypesQuery());
  const types = typesRead.data ?? [];
  const typesError = useLoadError(typesRead.error);
  // The list under the form is a convenience: without it the form still works.
  const mine = useQuery({ ...myApplicationsQuery(), retry: false }).data ?? [];
  const register = useCitizenAction({
    send: async (values: Values) => {
      const latitude = coordinate(values.latitude ?? '', 90);
      const longitude = coordinate(values.longitude ?? '', 180);
      if (!values.divisionCode || !isCountyLevel(values.divisionCode)) throw new InputError(t('register.countyRequired'));
      // Typed coordinates are checked field by field (a range message, not "could not locate"); this is the last guard.
      if (latitude === null) throw new InputError(t('register.latitudeInvalid'));
      if (longitude === null) throw new InputError(t('register.longitudeInvalid'));
      if (!PHONE.test(values.contactPhone?.trim() ?? '')) throw new InputError(t('register.phoneInvalid'));
      const input: VenueInput = {
        name: values.name.trim(),
        type: values.type[0] as VenueInput['type'],
        address: values.address.trim(),
        divisionCode: values.divisionCode,
        latitude,
        longitude,
        contactName: values.contactName.trim(),
        contactPhone: values.contactPhone.trim(),
      };
      return registerVenue(input);
    },
    invalidates: [healthKeys.applications],
    success: t('register.success'),
    onDone: () => form.resetFields(),
  });
  const error = register.error ?? typesError;

  const locate = () => {
    if (!navigator.geolocation) {
      Toast.show(t('register.locateFailed'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => form.setFieldsValue({ latitude: p.coords.latitude.toFixed(6), longitude: p.coords.longitude.toFixed(6) }),
      () => Toast.show(t('register.locateFailed')),
      { timeout: 10_000 },
    );
  };

  const required = [{ required: true, message: t('register.required') }];
  const coordinateRule = (limit: number, message: string) => ({
    validator: async (_rule: unknown, value?: string) => {
      if (value && value.trim() !== '' && coordinate(value, limit) === null) throw new Error(message);
    },
  });
  return (
    <MobilePage title={t('register.title')} back>
      <p className="fx-page-intro">{t('register.intro')}</p>
      <Form
        form={form}
        layout="vertical"
        mode="card"
        onFinish={(values: Values) => void register.run(values)}
        footer={<FormFooter error={error} pending={register.pending} label={t('register.submit')} />}
      >
        <Form.Item name="name" label={t('register.name')} rules={[...required, labelRule('venueName', i18n.language)]}>
          <Input maxLength={100} clearable />
        </Form.Item>
        <Form.Item
          name="type"
          label={t('register.type')}
          rules={required}
          trigger="onConfirm"
          onClick={(_, picker) => picker.current?.open()}
        >
          <Picker columns={[types.map((x) => ({ value: x.type, label: localText({ zh: x.zh, en: x.en }, i18n.language) }))]}>
            {(items) => items[0]?.label ?? <span className="fx-placeholder">{t('register.type')}</span>}
          </Picker>
        </Form.Item>
        <Form.Item name="divisionCode" label={t('register.division')} rules={required}>
          <DivisionPicker placeholder={t('declare.residencePlaceholder')} title={t('register.division')} />
        </Form.Item>
        <Form.Item name="address" label={t('register.address')} rules={required}>
          <Input maxLength={200} clearable />
        </Form.Item>
        <Form.Item name="latitude" label={t('register.latitude')} rules={[...required, coordinateRule(90, t('register.latitudeInvalid'))]} extra={<Button size="mini" onClick={locate}>{t('register.locate')}</Button>}>
          <Input inputMode="decimal" maxLength={12} />
        </Form.Item>
        <Form.Item name="longitude" label={t('register.longitude')} rules={[...required, coordinateRule(180, t('register.longitudeInvalid'))]}>
          <Input inputMode="decimal" maxLength={12} />
        </Form.Item>
        <Form.Item
          name="contactName"
          label={t('register.contactName')}
          rules={[...required, personNameRule(i18n.language, { field: { zh: '联系人', en: 'The contact name' }, maxLength: 50 })]}
        >
          <Input maxLength={50} clearable />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('register.contactPhone')} rules={required}>
          <Input inputMode="tel" maxLength={14} clearable />
        </Form.Item>
      </Form>
      {mine.length > 0 && (
        <Card className="fx-card" title={t('register.mine')}>
          <List data-testid="my-venue-applications">
            {mine.map((v) => (
              <List.Item key={v.id} description={
                  <>
                    {`${v.divisionName} · ${formatDateTime(v.createdAt)}`}
                    {v.decisionNote && (
                      <div className={v.status === 'rejected' ? 'fx-rejection-reason' : undefined} data-testid={`decision-note-${v.id}`}>
                        {v.status === 'rejected' ? t('register.rejectedReason', { reason: v.decisionNote }) : v.decisionNote}
                      </div>
                    )}
                  </>
                } extra={<Tag color={STATUS_COLOUR[v.status]}>{t(`venues.status.${v.status}`)}</Tag>}>
                {v.name}
              </List.Item>
            ))}
          </List>
        </Card>
      )}
    </MobilePage>
  );
}
