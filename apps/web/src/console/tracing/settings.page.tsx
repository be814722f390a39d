/**
 * 流调参数: the tracing settings — the window traced before each case status's anchor day (onset, or
 * the first positive sample for asymptomatic cases) and the stay assumed after a scan per venue type.
 * Everyone who traces reads them; only a city-level (or wider) health officer changes them
 * (tracing.settings.manage and a city region, as the server checks), each change with the reason
 * (audited with before and after). Out-of-range values are refused in the form as by the server.
 */
import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Form, Input, InputNumber, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { divisionPrefix } from '@fangxian/contracts/kernel/divisions';
import type { TracingSettings } from '@fangxian/contracts/tracing';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useSession } from '../../shared/session/session.tsx';
import { FormModal } from '../components/form-modal.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { tracingApi, tracingKeys, tracingSettingsQuery } from './tracing.api.ts';

type Window = TracingSettings['windows'][number];
type Stay = TracingSettings['stays'][number];

export function TracingSettingsPage() {
  const { t, i18n } = useTranslation('tracing');
  const { me } = useSession();
  const settings = useQuery(tracingSettingsQuery());
  const error = useLoadError(settings.error);
  const [editingWindow, setWindow] = useState<Window | null>(null);
  const [stay, setStay] = useState<Stay | null>(null);
  // The server's rule: tracing.settings.manage and a city-level (or wider) region — they apply to every county.
  const canEdit = (me?.actions.includes('tracing.settings.manage') ?? false) && divisionPrefix(me?.regionCode ?? '').length <= 4;
  const en = i18n.language.startsWith('en');
  const changed = (at: string | null) => (at ? <Typography.Text type="secondary">{formatDateTime(at)}</Typography.Text> : <Tag>{t('settings.default')}</Tag>);
  return (
    <PageContainer title={t('settings.title')} section={t('nav.section')} description={t('settings.intro')} extra={<RefreshButton query={settings} />}>
      {error && <Alert type="error" showIcon title={error} className="fx-card" />}
      {!canEdit && <Alert type="info" showIcon title={t('settings.readOnly')} className="fx-card" data-testid="settings-read-only" />}
      <Card className="fx-card" title={t('settings.windows')}>
        <Typography.Paragraph type="secondary">{t('settings.windowsIntro')}</Typography.Paragraph>
        <Table<Window>
          size="small"
          rowKey="caseStatus"
          pagination={false}
          loading={settings.isLoading}
          dataSource={settings.data?.windows ?? []}
          data-testid="settings-windows"
          columns={[
            { title: t('cases.status'), dataIndex: 'caseStatus', render: (s: Window['caseStatus']) => t(`status.${s}`) },
            { title: t('settings.daysBefore'), dataIndex: 'daysBefore', render: (d: number) => t('settings.days', { count: d }) },
            { title: t('settings.anchor'), dataIndex: 'anchor', render: (a: Window['anchor']) => t(`settings.anchors.${a}`) },
            { title: t('settings.changedAt'), key: 'changed', render: (_: unknown, w) => changed(w.updatedAt) },
            ...(canEdit
              ? [{ title: t('cases.actions'), key: 'actions', render: (_: unknown, w: Window) => <Button size="small" onClick={() => setWindow(w)}>{t('settings.edit')}</Button> }]
              : []),
          ]}
        />
      </Card>
      <Card className="fx-card" title={t('settings.stays')}>
        <Typography.Paragraph type="secondary">{t('settings.staysIntro')}</Typography.Paragraph>
        <Table<Stay>
          size="small"
          rowKey="venueType"
          pagination={false}
          loading={settings.isLoading}
          dataSource={settings.data?.stays ?? []}
          data-testid="settings-stays"
          columns={[
            { title: t('settings.venueType'), key: 'type', render: (_: unknown, s) => (en ? s.en : s.zh) },
            { title: t('settings.registrationDefault'), dataIndex: 'registrationDefault', render: (m: number) => t('contacts.minutes', { count: m }) },
            {
              title: t('settings.tracingMinutes'),
              dataIndex: 'tracingMinutes',
              render: (m: number | null) => (m === null ? <Typography.Text type="secondary">{t('settings.venueOwn')}</Typography.Text> : <Tag color="blue">{t('contacts.minutes', { count: m })}</Tag>),
            },
            { title: t('settings.changedAt'), key: 'changed', render: (_: unknown, s) => changed(s.updatedAt) },
            ...(canEdit ? [{ title: t('cases.actions'), key: 'actions', render: (_: unknown, s: Stay) => <Button size="small" onClick={() => setStay(s)}>{t('settings.edit')}</Button> }] : []),
          ]}
        />
      </Card>
      {editingWindow && <WindowModal window={editingWindow} onClose={() => setWindow(null)} />}
      {stay && <StayModal stay={stay} label={en ? stay.en : stay.zh} onClose={() => setStay(null)} />}
    </PageContainer>
  );
}

function WindowModal({ window, onClose }: { window: Window; onClose: () => void }) {
  const { t } = useTranslation('tracing');
  const required = { required: true, message: t('cases.required') };
  return (
    <FormModal<{ daysBefore: number; reason: string }>
      title={`${t('settings.editWindow')} · ${t(`status.${window.caseStatus}`)}`}
      onClose={onClose}
      send={(v) => tracingApi.setWindow(window.caseStatus, v.daysBefore, v.reason.trim())}
      invalidates={[tracingKeys.settings]}
      success={t('settings.saved')}
      formTestId="settings-window-form"
      initialValues={{ daysBefore: window.daysBefore }}
    >
      <Form.Item name="daysBefore" label={t('settings.daysBefore')} rules={[required, { type: 'integer', min: 1, max: 28, message: t('settings.daysRange') }]}>
        <InputNumber min={1} max={28} precision={0} addonAfter={t('settings.dayUnit')} style={{ width: 180 }} />
      </Form.Item>
      <Form.Item name="reason" label={t('settings.reason')} rules={[required, { min: 2, max: 500, whitespace: true, message: t('contacts.reasonLength') }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}

function StayModal({ stay, label, onClose }: { stay: Stay; label: string; onClose: () => void }) {
  const { t } = useTranslation('tracing');
  const required = { required: true, message: t('cases.required') };
  return (
    <FormModal<{ useOwn: boolean; minutes?: number; reason: string }>
      title={`${t('settings.editStay')} · ${label}`}
      onClose={onClose}
      send={(v) => tracingApi.setStay(stay.venueType, v.useOwn ? null : (v.minutes ?? null), v.reason.trim())}
      invalidates={[tracingKeys.settings]}
      success={t('settings.saved')}
      formTestId="settings-stay-form"
      initialValues={{ useOwn: stay.tracingMinutes === null, minutes: stay.tracingMinutes ?? stay.registrationDefault }}
    >
      <Typography.Paragraph type="secondary">{t('settings.registrationNote', { count: stay.registrationDefault })}</Typography.Paragraph>
      <Form.Item name="useOwn" valuePropName="checked">
        <Checkbox>{t('settings.useVenueOwn')}</Checkbox>
      </Form.Item>
      <Form.Item noStyle dependencies={['useOwn']}>
        {({ getFieldValue }) =>
          !getFieldValue('useOwn') && (
            <Form.Item name="minutes" label={t('settings.tracingMinutes')} rules={[required, { type: 'integer', min: 5, max: 1440, message: t('settings.minutesRange') }]}>
              <InputNumber min={5} max={1440} precision={0} addonAfter={t('settings.minuteUnit')} style={{ width: 180 }} />
            </Form.Item>
          )
        }
      </Form.Item>
      <Form.Item name="reason" label={t('settings.reason')} rules={[required, { min: 2, max: 500, whitespace: true, message: t('contacts.reasonLength') }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}
