/**
 * 订正病例信息: editing a case's facts after registration (PATCH /api/tracing/cases/:id) — onset,
 * report and confirmation dates, source, region, notes, with the reason. The form checks what the
 * server checks (no date after today, onset not after the report, confirmation not before it; a
 * confirmation date only on a confirmed or recovered case, and a confirmed case keeps one; a case with
 * a published itinerary keeps its region; something must change) and sends only the fields changed;
 * the server's refusal stays in the modal. The region picker starts at the officer's own region.
 */
import { Form, Input, Select, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { todayInChina } from '@fangxian/contracts/kernel/days';
import { CASE_SOURCES, type CaseFile } from '@fangxian/contracts/tracing';
import { InputError } from '../../shared/api/errors.ts';
import { DateInput } from '../../staff/date-input.tsx';
import { DivisionCascader } from '../../staff/division-cascader.tsx';
import { RegionName } from '../../staff/region-name.tsx';
import { FormModal } from '../components/form-modal.tsx';
import { caseChanges } from './case-edit.rules.ts';
import { tracingApi, tracingKeys } from './tracing.api.ts';

export interface EditForm {
  onsetDate?: string | null;
  reportDate: string;
  confirmedDate?: string | null;
  source: string;
  regionCode: string;
  notes: string;
  reason: string;
}

/** A history entry's changes in words: 发病日期 2026-11-30 → 2026-11-29；备注 已修改. */
export function describeChanges(changes: Record<string, { from: string | null; to: string | null }>, t: TFunction<'tracing'>): string {
  return Object.entries(changes)
    .map(([field, { from, to }]) => {
      const label = t(`edit.field.${field}`, { defaultValue: field });
      if (field === 'notes') return `${label} ${t('edit.notesChanged')}`;
      const show = (v: string | null) => (v === null ? '—' : field === 'source' ? t(`source.${v}`, { defaultValue: v }) : v);
      return `${label} ${show(from)} → ${show(to)}`;
    })
    .join('；');
}

export function EditCaseModal({ file, scope, onClose }: { file: CaseFile; scope: string; onClose: () => void }) {
  const { t } = useTranslation('tracing');
  const today = todayInChina();
  const required = { required: true, message: t('cases.required') };
  const confirmedStatus = file.status === 'confirmed' || file.status === 'recovered';
  const regionLocked = file.publicLabel !== null;
  const send = (values: EditForm) => {
    // Fields the form does not offer keep the file's value.
    const changes = caseChanges(file, { ...values, regionCode: regionLocked ? file.regionCode : values.regionCode, confirmedDate: confirmedStatus ? values.confirmedDate : file.confirmedDate });
    if (Object.keys(changes).length === 0) throw new InputError(t('edit.empty'));
    return tracingApi.editCase(file.id, { ...changes, reason: values.reason.trim() });
  };
  return (
    <FormModal<EditForm>
      title={t('edit.title')}
      onClose={onClose}
      send={send}
      invalidates={[tracingKeys.cases, tracingKeys.file(file.id)]}
      success={t('edit.saved')}
      formTestId="case-edit-form"
      initialValues={{
        onsetDate: file.onsetDate,
        reportDate: file.reportDate,
        confirmedDate: file.confirmedDate,
        source: file.source,
        regionCode: file.regionCode,
        notes: file.notes,
      }}
    >
      <Typography.Paragraph type="secondary">{t('edit.intro')}</Typography.Paragraph>
      <Form.Item
        name="onsetDate"
        label={t('cases.onsetDate')}
        dependencies={['reportDate']}
        rules={[
          ({ getFieldValue }) => ({
            validator: async (_, value?: string | null) => {
              if (value && value > today) throw new Error(t('edit.future'));
              const report = getFieldValue('reportDate') as string | undefined;
              if (value && report && value > report) throw new Error(t('edit.onsetAfterReport'));
            },
          }),
        ]}
      >
        <DateInput max={today} />
      </Form.Item>
      <Form.Item name="reportDate" label={t('cases.reportDate')} rules={[required, { validator: async (_, value?: string) => { if (value && value > today) throw new Error(t('edit.future')); } }]}>
        <DateInput max={today} allowClear={false} />
      </Form.Item>
      {confirmedStatus && (
        <Form.Item
          name="confirmedDate"
          label={t('cases.confirmedDate')}
          dependencies={['reportDate']}
          rules={[
            ...(file.status === 'confirmed' ? [{ required: true, message: t('edit.confirmedRequired') }] : []),
            ({ getFieldValue }) => ({
              validator: async (_, value?: string | null) => {
                if (value && value > today) throw new Error(t('edit.future'));
                const report = getFieldValue('reportDate') as string | undefined;
                if (value && report && value < report) throw new Error(t('edit.confirmedBeforeReport'));
              },
            }),
          ]}
        >
          <DateInput max={today} />
        </Form.Item>
      )}
      <Form.Item name="source" label={t('cases.source')} rules={[required]}>
        <Select options={CASE_SOURCES.map((s) => ({ value: s, label: t(`source.${s}`) }))} />
      </Form.Item>
      {regionLocked ? (
        <Form.Item label={t('cases.region')} extra={t('edit.regionLocked')}>
          <RegionName code={file.regionCode} allLabel="—" />
        </Form.Item>
      ) : (
        <Form.Item name="regionCode" label={t('cases.region')} rules={[required]}>
          <DivisionCascader scope={scope} />
        </Form.Item>
      )}
      <Form.Item name="notes" label={t('cases.notes')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item name="reason" label={t('edit.reason')} rules={[required, { min: 2, max: 500, whitespace: true, message: t('contacts.reasonLength') }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}
