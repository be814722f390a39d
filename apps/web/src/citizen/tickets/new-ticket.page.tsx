/**
 * 投诉举报: file a supervision report, complaint, consultation or suggestion, with photos (platform
 * files), under a category with its attribute form when the city has set categories up. While the
 * title is written, open tickets like it nearby are shown (POST /api/tickets/similar).
 */
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Button, Form, ImageUploader, Input, List, Selector, TextArea, type ImageUploadItem } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { TICKET_KINDS, type TicketKind } from '@fangxian/contracts/tickets';
import { useSession } from '../../shared/session/session.tsx';
import { DivisionPicker } from '../components/division-picker.tsx';
import { FormFooter } from '../components/form-footer.tsx';
import { MobilePage } from '../components/page.tsx';
import { useCitizenAction } from '../components/use-action.ts';
import { myTicketKeys, myTicketsApi, similarTicketsQuery, ticketCategoriesQuery, type SimilarAsk, type TicketCategory } from './tickets.api.ts';

interface FormValues {
  kind: TicketKind[];
  title: string;
  description: string;
  regionCode: string;
  address?: string;
  photos?: ImageUploadItem[];
  contactName?: string;
  contactPhone?: string;
  category?: string[];
  attributes?: Record<string, unknown>;
}

type Field = TicketCategory['fields'][number];

/** Answers without the blanks; numbers as numbers, datetime-local values as ISO strings. */
function answers(fields: Field[], raw: Record<string, unknown> | undefined): Record<string, string | number | string[]> | undefined {
  const out: Record<string, string | number | string[]> = {};
  for (const f of fields) {
    const v = raw?.[f.code];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    if (f.datatype === 'number') out[f.code] = Number(v);
    else if (f.datatype === 'datetime' && typeof v === 'string') out[f.code] = new Date(v).toISOString();
    else if (f.datatype === 'singlevaluelist' && Array.isArray(v)) out[f.code] = String(v[0]);
    else out[f.code] = v as string | string[];
  }
  return Object.keys(out).length ? out : undefined;
}

/** The same value a little later, once it stopped changing. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function NewTicketPage() {
  const { t } = useTranslation('tickets');
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  // The area starts at a real-named citizen's household division; they may pick another.
  const { me } = useSession();
  const categories = useQuery(ticketCategoriesQuery());
  const kind = (Form.useWatch('kind', form) as TicketKind[] | undefined)?.[0];
  const categoryId = (Form.useWatch('category', form) as string[] | undefined)?.[0];
  const title = (Form.useWatch('title', form) as string | undefined)?.trim() ?? '';
  const regionCode = Form.useWatch('regionCode', form) as string | undefined;
  const description = (Form.useWatch('description', form) as string | undefined)?.trim().slice(0, 4000) || null;
  const address = (Form.useWatch('address', form) as string | undefined)?.trim().slice(0, 200) || null;
  const ofKind = (categories.data ?? []).filter((c) => c.kind === kind).sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code));
  const category = ofKind.find((c) => c.id === categoryId);
  const fields = [...(category?.fields ?? [])].sort((a, b) => a.order - b.order);
  const ask = useSettled<SimilarAsk | null>(kind && title.length >= 2 && title.length <= 100 && /^\d{6}$/.test(regionCode ?? '') ? { kind, categoryId: categoryId ?? null, regionCode: regionCode!, title, description, address } : null, 600);
  const similar = useQuery({ ...similarTicketsQuery(ask ?? { kind: 'complaint', regionCode: '', title: '' }), enabled: ask !== null });
  // 我也遇到了: add oneself to the existing ticket instead of filing a duplicate.
  const support = useCitizenAction({
    send: (number: string) => myTicketsApi.support(number),
    invalidates: [myTicketKeys.all],
    success: (r) => (r.forwardedFrom ? t('citizen.supportedForwarded', { number: r.number, from: r.forwardedFrom }) : t('citizen.supported', { number: r.number })),
    onDone: () => navigate('/m/tickets', { replace: true }),
  });
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
        ...(category ? { categoryId: category.id } : {}),
        ...(category && answers(fields, v.attributes) ? { attributes: answers(fields, v.attributes) } : {}),
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
        onValuesChange={(changed: Partial<FormValues>) => {
          if ('kind' in changed) form.setFieldsValue({ category: [], attributes: {} });
          if ('category' in changed) form.setFieldsValue({ attributes: {} });
        }}
        footer={<FormFooter error={submit.error ?? support.error} pending={submit.pending} label={t('citizen.submit')} />}
      >
        <Form.Item name="kind" label={t('field.kind')} rules={[{ required: true, type: 'array', min: 1, message: t('citizen.choose') }]}>
          <Selector columns={2} options={TICKET_KINDS.map((k) => ({ label: t(`kind.${k}`), value: k }))} data-testid="ticket-kind" />
        </Form.Item>
        {ofKind.length > 0 && (
          <Form.Item name="category" label={t('citizen.category')}>
            <Selector columns={2} options={ofKind.map((c) => ({ label: c.name, value: c.id }))} data-testid="ticket-category" />
          </Form.Item>
        )}
        {fields.map((f) => (
          <Form.Item key={f.code} name={['attributes', f.code]} label={f.label} help={f.description} rules={f.required ? [{ required: true, message: t('citizen.fieldRequired', { field: f.label }) }] : []}>
            {f.datatype === 'singlevaluelist' || f.datatype === 'multivaluelist' ? (
              <Selector columns={2} multiple={f.datatype === 'multivaluelist'} options={(f.values ?? []).map((o) => ({ label: o.name, value: o.key }))} />
            ) : f.datatype === 'text' ? (
              <TextArea rows={3} maxLength={4000} />
            ) : (
              <Input type={f.datatype === 'number' ? 'number' : f.datatype === 'datetime' ? 'datetime-local' : 'text'} maxLength={4000} clearable={f.datatype === 'string'} />
            )}
          </Form.Item>
        ))}
        <Form.Item name="title" label={t('field.title')} rules={[{ required: true, whitespace: true, min: 2, max: 100, message: t('citizen.titleRequired') }]}>
          <Input maxLength={100} clearable data-testid="ticket-title" />
        </Form.Item>
        {ask && (similar.data?.length ?? 0) > 0 && (
          <List header={t('citizen.similarTitle')} data-testid="ticket-similar">
            {similar.data!.map((x) => (
              <List.Item
                key={x.number}
                description={`${x.number} · ${t(`status.${x.status}`, { defaultValue: x.status })}${x.distanceM !== null ? ` · ${t('citizen.distance', { m: x.distanceM })}` : ''}`}
                extra={me ? (
                  <Button size="mini" color="primary" fill="outline" loading={support.pending && support.variables === x.number} onClick={() => void support.run(x.number)} data-testid={`ticket-support-${x.number}`}>
                    {t('citizen.support')}
                  </Button>
                ) : undefined}
              >
                {x.title}
              </List.Item>
            ))}
          </List>
        )}
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
