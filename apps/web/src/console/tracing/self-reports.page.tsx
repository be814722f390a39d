/**
 * 主动报告: citizens' reports of self-check matches (a published place or trip they shared with a case),
 * for the officers of the case's region. Each report is a contact proposal: confirm the reporter as a
 * close / secondary / general contact of the case (the code, the worklist and the screening hand-off
 * follow) or dismiss it, with the grounds. Masked; the list is audited.
 */
import { useState } from 'react';
import { Segmented, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SelfReport } from '@fangxian/contracts/tracing';
import { formatDateTime } from '../../shared/format.ts';
import { ListCard } from '../../staff/list-table.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { CandidateTable, ContactDecisionModal, type ContactDecision } from './candidate-table.tsx';
import { casesQuery, selfReportsQuery, tracingApi, tracingKeys } from './tracing.api.ts';

type Filter = 'new' | 'confirmed' | 'dismissed' | 'all';
const STATUS_COLOUR: Record<SelfReport['status'], string> = { new: 'blue', confirmed: 'gold', dismissed: 'default' };

export function SelfReportsPage() {
  const { t } = useTranslation('tracing');
  const [filter, setFilter] = useState<Filter>('new');
  const [deciding, setDeciding] = useState<{ report: SelfReport; decision: ContactDecision } | null>(null);
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
        <CandidateTable<SelfReport>
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          data-testid="self-report-table"
          locale={{ emptyText: t('reports.none') }}
          leading={[{ title: t('reports.reportedAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) }]}
          columns={[
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
          ]}
          decided={(r) => <Tag color={STATUS_COLOUR[r.status]}>{t(`reports.status.${r.status}`)}</Tag>}
          canDecide={(r) => r.status === 'new'}
          onDecide={(report, decision) => setDeciding({ report, decision })}
        />
      </ListCard>
      {deciding && (
        <ContactDecisionModal
          decision={deciding.decision}
          levels={['close', 'secondary', 'general']}
          title={deciding.decision === 'confirmed' ? t('contacts.confirm') : t('contacts.dismiss')}
          intro={t('reports.decideIntro')}
          formTestId="self-report-form"
          send={(input) => tracingApi.decideReport(deciding.report.id, input)}
          invalidates={[tracingKeys.selfReports, tracingKeys.followUps, tracingKeys.chains]}
          success={deciding.decision === 'confirmed' ? t('reports.confirmed') : t('reports.dismissed')}
          onClose={() => setDeciding(null)}
        />
      )}
    </PageContainer>
  );
}
