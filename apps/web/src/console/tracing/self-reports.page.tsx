/**
 * 主动报告: citizens' reports of self-check matches (a published place or trip they shared with a case),
 * for the officers of the case's region. Each report is a contact proposal: confirm the reporter as a
 * close / secondary / general contact of the case (the code, the worklist and the screening hand-off
 * follow) or dismiss it, with the grounds. Masked; the list is audited.
 */
import { useState } from 'react';
import { Button, Form, Input, Segmented, Select, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SelfReport } from '@fangxian/contracts/tracing';
import { formatDateTime } from '../../shared/format.ts';
import { RegionName } from '../../staff/region-name.tsx';
import { FormModal } from '../components/form-modal.tsx';
import { ListCard, ListTable } from '../components/list-table.tsx';
import { RefreshButton } from '../components/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { casesQuery, selfReportsQuery, tracingApi, tracingKeys } from './tracing.api.ts';

type Filter = 'new' | 'confirmed' | 'dismissed' | 'all';
const STATUS_COLOUR: Record<SelfReport['status'], string> = { new: 'blue', confirmed: 'gold', dismissed: 'default' };

export function SelfReportsPage() {
  const { t } = useTranslation('tracing');
  const [filter, setFilter] = useState<Filter>('new');
  const [deciding, setDeciding] = useState<{ report: SelfReport; decision: 'confirmed' | 'dismissed' } | null>(null);
  const list = useQuery(selfReportsQuery(filter === 'all' ? undefined : filter));
  const cases = useQuery(casesQuery());
  const caseLabel = (caseId: string) => {
    const c = cases.data?.find((x) => x.id === caseId);
    return c ? `${c.publicLabel ?? t(`status.${c.status}`)} · ${c.name}` : '—';
  };
  return (
    <PageContainer
      title={t('reports.title')}
      section={t('nav.section')}
      description={t('reports.intro')}
      extra={
        <Space wrap>
          <Segmented<Filter>
            aria-label={t('reports.filter')}
            value={filter}
            onChange={setFilter}
            options={(['new', 'confirmed', 'dismissed', 'all'] as const).map((f) => ({ value: f, label: t(`reports.status.${f}`) }))}
          />
          <RefreshButton query={list} />
        </Space>
      }
    >
      <ListCard query={list}>
        <ListTable<SelfReport>
          query={list}
          data-testid="self-report-table"
          locale={{ emptyText: t('reports.none') }}
          columns={[
            { title: t('reports.reportedAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
            { title: t('contacts.person'), dataIndex: 'name' },
            { title: t('contacts.phone'), dataIndex: 'phone' },
            { title: t('contacts.household'), dataIndex: 'householdDivision', render: (code: string | null) => <RegionName code={code} allLabel="—" /> },
            { title: t('reports.case'), dataIndex: 'caseId', render: (id: string) => caseLabel(id) },
            {
              title: t('reports.point'),
              key: 'point',
              render: (_: unknown, r) => (
                <Space direction="vertical" size={0}>
                  <span>{r.point.kind === 'stay' ? r.point.placeName : `${r.point.mode ? t(`mode.${r.point.mode}`) : ''} ${r.point.number ?? ''}`}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(r.point.from)}–{formatDateTime(r.point.to)}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: t('reports.note'), dataIndex: 'note', render: (v: string) => v || '—' },
            { title: t('reports.statusLabel'), dataIndex: 'status', render: (s: SelfReport['status']) => <Tag color={STATUS_COLOUR[s]}>{t(`reports.status.${s}`)}</Tag> },
            {
              title: t('cases.actions'),
              key: 'actions',
              render: (_: unknown, r) =>
                r.status === 'new' && (
                  <Space>
                    <Button size="small" type="primary" onClick={() => setDeciding({ report: r, decision: 'confirmed' })}>
                      {t('contacts.confirm')}
                    </Button>
                    <Button size="small" onClick={() => setDeciding({ report: r, decision: 'dismissed' })}>
                      {t('contacts.dismiss')}
                    </Button>
                  </Space>
                ),
            },
          ]}
        />
      </ListCard>
      {deciding && (
        <FormModal<{ level?: 'close' | 'secondary' | 'general'; reason: string }>
          title={deciding.decision === 'confirmed' ? t('contacts.confirm') : t('contacts.dismiss')}
          onClose={() => setDeciding(null)}
          send={(v) => tracingApi.decideReport(deciding.report.id, { decision: deciding.decision, level: deciding.decision === 'confirmed' ? (v.level ?? 'close') : undefined, reason: v.reason.trim() })}
          invalidates={[tracingKeys.selfReports, tracingKeys.followUps, tracingKeys.chains]}
          success={deciding.decision === 'confirmed' ? t('reports.confirmed') : t('reports.dismissed')}
          formTestId="self-report-form"
          initialValues={{ level: 'close' }}
        >
          <Typography.Paragraph type="secondary">{t('reports.decideIntro')}</Typography.Paragraph>
          {deciding.decision === 'confirmed' && (
            <Form.Item name="level" label={t('contacts.level')}>
              <Select options={(['close', 'secondary', 'general'] as const).map((l) => ({ value: l, label: t(`level.${l}`) }))} />
            </Form.Item>
          )}
          <Form.Item name="reason" label={t('contacts.reason')} rules={[{ required: true, message: t('cases.required') }, { min: 2, max: 500, whitespace: true }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </FormModal>
      )}
    </PageContainer>
  );
}
