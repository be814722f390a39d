/**
 * 12345 热线登记: an operator files a ticket for a caller. The caller's name and phone are stored
 * encrypted; the ticket enters the dispatchers' worklist like any other (channel "hotline").
 */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { TICKET_KINDS, type TicketKind } from '@fangxian/contracts/tickets';
import { useSession } from '../../shared/session/session.tsx';
import { useAction } from '../../staff/use-action.ts';
import { PageContainer } from '../components/page-container.tsx';
import { ticketKeys } from './tickets.api.ts';
import { activeCategoriesQuery, categoryOptions, ticketsAdminApi, type Category, type CategoryField, type HotlineBody } from './tickets-admin.api.ts';

interface Values extends Omit<HotlineBody, 'attributes'> {
  attributes?: Record<string, string | number | string[] | undefined>;
}

/** The inputs of a category's attribute form, as antd form items under `attributes`. */
export function AttributeFields({ fields }: { fields: CategoryField[] }) {
  return (
    <>
      {[...fields].sort((a, b) => a.order - b.order).map((f) => (
        <Form.Item key={f.code} name={['attributes', f.code]} label={f.label} extra={f.description} rules={f.required ? [{ required: true }] : []}>
          {f.datatype === 'number' ? (
            <InputNumber style={{ width: '100%' }} />
          ) : f.datatype === 'text' ? (
            <Input.TextArea rows={3} maxLength={4000} />
          ) : f.datatype === 'datetime' ? (
            <Input type="datetime-local" />
          ) : f.datatype === 'singlevaluelist' || f.datatype === 'multivaluelist' ? (
            <Select mode={f.datatype === 'multivaluelist' ? 'multiple' : undefined} allowClear options={(f.values ?? []).map((v) => ({ value: v.key, label: v.name }))} />
          ) : (
            <Input maxLength={4000} />
          )}
        </Form.Item>
      ))}
    </>
  );
}

/** Answers without the blanks; datetime-local values as ISO strings. */
export function cleanAnswers(fields: CategoryField[], raw: Record<string, unknown> | undefined): Record<string, string | number | string[]> | undefined {
  if (!raw) return undefined;
  const out: Record<string, string | number | string[]> = {};
  for (const f of fields) {
    const v = raw[f.code];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    out[f.code] = f.datatype === 'datetime' && typeof v === 'string' ? new Date(v).toISOString() : (v as string | number | string[]);
  }
  return Object.keys(out).length ? out : undefined;
}

export function HotlinePage() {
  const { t } = useTranslation('tickets');
  const { me } = useSession();
  const [form] = Form.useForm<Values>();
  const [filed, setFiled] = useState<string | null>(null);
  const categories = useQuery(activeCategoriesQuery());
  const kind = Form.useWatch('kind', form) as TicketKind | undefined;
  const categoryId = Form.useWatch('categoryId', form) as string | undefined;
  const category: Category | undefined = categories.data?.find((c) => c.id === categoryId);
  const action = useAction<Values, { number: string }>({
    send: (v) =>
      ticketsAdminApi.fileHotline({
        kind: v.kind,
        title: v.title.trim(),
        description: v.description.trim(),
        regionCode: v.regionCode,
        address: v.address?.trim() || null,
        contactName: v.contactName?.trim() || null,
        contactPhone: v.contactPhone?.trim() || null,
        categoryId: v.categoryId ?? null,
        attributes: cleanAnswers(category?.fields ?? [], v.attributes),
      }),
    invalidates: [ticketKeys.all],
    showError: 'inline',
    onDone: (r) => {
      setFiled(r.number);
      form.resetFields();
    },
  });
  return (
    <PageContainer title={t('nav.hotline')} section={t('nav.section')} description={t('hotline.intro')}>
      <Card style={{ maxWidth: 720 }}>
        {filed && <Alert type="success" showIcon title={t('hotline.filed', { number: filed })} style={{ marginBottom: 12 }} data-testid="hotline-filed" />}
        {action.error && <Alert type="error" showIcon title={action.error} style={{ marginBottom: 12 }} />}
        <Form<Values>
          form={form}
          layout="vertical"
          data-testid="hotline-form"
          initialValues={{ kind: 'complaint', regionCode: me?.regionCode?.slice(0, 6) }}
          onValuesChange={(changed: Partial<Values>) => {
            if ('kind' in changed) form.setFieldsValue({ categoryId: undefined, attributes: undefined });
            if ('categoryId' in changed) form.setFieldsValue({ attributes: undefined });
          }}
          onFinish={(v) => void action.run(v)}
        >
          <Form.Item name="kind" label={t('field.kind')} rules={[{ required: true }]}>
            <Select options={TICKET_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="categoryId" label={t('hotline.category')}>
            <Select allowClear showSearch optionFilterProp="label" loading={categories.isLoading} options={categoryOptions(categories.data ?? [], kind)} />
          </Form.Item>
          <Form.Item name="title" label={t('field.title')} rules={[{ required: true, min: 2, max: 100, message: t('citizen.titleRequired') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="description" label={t('field.description')} rules={[{ required: true, min: 5, max: 4000, message: t('citizen.descriptionRequired') }]}>
            <Input.TextArea rows={4} maxLength={4000} />
          </Form.Item>
          {category && category.fields.length > 0 && <AttributeFields fields={category.fields} />}
          <Form.Item name="regionCode" label={t('hotline.regionCode')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('hotline.regionCodeInvalid') }]}>
            <Input maxLength={6} inputMode="numeric" />
          </Form.Item>
          <Form.Item name="address" label={t('field.address')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="contactName" label={t('hotline.callerName')}>
            <Input maxLength={50} autoComplete="off" />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('hotline.callerPhone')} rules={[{ pattern: /^[0-9+\- ]*$/, message: t('hotline.phoneInvalid') }]}>
            <Input maxLength={20} autoComplete="off" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={action.pending} data-testid="hotline-submit">
            {t('hotline.submit')}
          </Button>
        </Form>
      </Card>
    </PageContainer>
  );
}
