/** Parts of the case drawer: the case's cluster (归入聚集性疫情), its contacts (密接名单) and second-degree candidates on request (次密接) with confirm / dismiss. */
import { useState } from 'react';
import { Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CaseContact, CaseContactEntry } from '@fangxian/contracts/tracing';
import { formatDateTime } from '../../shared/format.ts';
import { useAction } from '../../staff/use-action.ts';
import { CandidatePager, CandidateTable, ContactDecisionModal, pagedRows, type ContactDecision } from './candidate-table.tsx';
import { caseContactsQuery, clustersQuery, secondDegreeQuery, tracingApi, tracingKeys, type SecondDegreeCandidate } from './tracing.api.ts';

/** The case's cluster: pick one of the region's clusters (or none); saved at once. */
export function ClusterSelect({ caseId, clusterId }: { caseId: string; clusterId: string | null }) {
  const { t } = useTranslation('tracing');
  const clusters = useQuery(clustersQuery());
  const assign = useAction({
    send: (next: string | null) => tracingApi.assignCluster(caseId, next),
    invalidates: [tracingKeys.cases, tracingKeys.file(caseId), tracingKeys.clusters, tracingKeys.chains],
    success: t('clusterAssign.saved'),
  });
  return (
    <Select
      allowClear
      size="small"
      style={{ minWidth: 200 }}
      data-testid="case-cluster"
      aria-label={t('clusterAssign.label')}
      placeholder={t('clusterAssign.none')}
      loading={clusters.isPending || assign.pending}
      value={clusterId ?? undefined}
      onChange={(value: string | undefined) => void assign.run(value ?? null)}
      options={(clusters.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
      notFoundContent={t('chains.noClusters')}
    />
  );
}

/** Second degree on request: the people co-present with the case's confirmed contacts after their exposure. */
export function SecondDegree({ caseId, contacts }: { caseId: string; contacts: CaseContact[] }) {
  const { t, i18n } = useTranslation('tracing');
  const [asked, setAsked] = useState(false);
  const list = useInfiniteQuery(secondDegreeQuery(caseId, asked));
  const { rows } = pagedRows(list);
  const [deciding, setDeciding] = useState<{ candidate: SecondDegreeCandidate; decision: ContactDecision } | null>(null);
  const decided = new Map(contacts.map((c) => [c.citizenId, c]));
  // Confirmed people leave the list (the server lists candidates only): the case's contact list above shows them.
  const en = i18n.language.startsWith('en');
  return (
    <Card
      size="small"
      title={t('secondDegree.title')}
      data-testid="second-degree"
      extra={
        <Button size="small" data-testid="second-degree-run" loading={asked && list.isFetching} onClick={() => (asked ? void list.refetch() : setAsked(true))}>
          {asked ? t('secondDegree.again') : t('secondDegree.run')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('secondDegree.intro')}</Typography.Paragraph>
      {asked && (
        <CandidateTable<SecondDegreeCandidate>
          rowKey="citizenId"
          loading={list.isPending}
          dataSource={rows}
          locale={{ emptyText: t('secondDegree.none') }}
          data-testid="second-degree-table"
          confirmLabel={t('secondDegree.confirm')}
          columns={[
            { title: t('contacts.overlap'), dataIndex: 'totalOverlapMinutes', render: (m: number) => t('contacts.minutes', { count: m }) },
            {
              title: t('contacts.exposures'),
              key: 'exposures',
              render: (_: unknown, c) => (
                <Space direction="vertical" size={0}>
                  {c.exposures.map((e) => (
                    <Typography.Text key={`${e.viaContactId}-${e.scannedAt}`} style={{ fontSize: 12 }}>
                      {t('secondDegree.via', { name: e.viaName })}
                      {en ? e.explanation.en : e.explanation.zh}
                    </Typography.Text>
                  ))}
                </Space>
              ),
            },
          ]}
          decided={(c) => {
            const d = decided.get(c.citizenId);
            return d && <Tag color={d.decision === 'confirmed' ? 'gold' : 'default'}>{d.decision === 'confirmed' ? `${t('contacts.confirmed')} · ${t(`level.${d.level ?? 'secondary'}`)}` : t('contacts.dismissed')}</Tag>;
          }}
          onDecide={(candidate, decision) => setDeciding({ candidate, decision })}
        />
      )}
      {asked && <CandidatePager list={list} testId="second-degree-pager" />}
      {deciding && (
        <ContactDecisionModal
          decision={deciding.decision}
          levels={['secondary', 'general']}
          title={deciding.decision === 'confirmed' ? t('secondDegree.confirm') : t('contacts.dismiss')}
          intro={`${deciding.candidate.name} · ${t('contacts.minutes', { count: deciding.candidate.totalOverlapMinutes })} · ${formatDateTime(deciding.candidate.lastExposureAt)}`}
          formTestId="second-degree-form"
          send={(input) => tracingApi.decideSecondDegree(caseId, { citizenId: deciding.candidate.citizenId, decision: input.decision, level: input.level as 'secondary' | 'general' | undefined, reason: input.reason })}
          invalidates={[tracingKeys.secondDegree(caseId), tracingKeys.file(caseId)]}
          success={t('contacts.decided')}
          onClose={() => setDeciding(null)}
        />
      )}
    </Card>
  );
}

const FOLLOW_COLOUR: Record<CaseContactEntry['followStatus'], string> = { active: 'processing', escalated: 'red', ended: 'default' };

/**
 * The case's contacts (密接名单): first and second degree, confirmed and dismissed, each with the
 * person's masked name, the decision with who took it and when, and the follow-up state (period,
 * days recorded, the last one). The read is audited by the server.
 */
export function CaseContacts({ caseId }: { caseId: string }) {
  const { t } = useTranslation('tracing');
  const list = useQuery(caseContactsQuery(caseId));
  return (
    <Card size="small" title={t('caseContacts.title')}>
      <Table<CaseContactEntry>
        size="small"
        rowKey="id"
        pagination={false}
        loading={list.isPending}
        dataSource={list.data ?? []}
        locale={{ emptyText: t('caseContacts.none') }}
        data-testid="case-contacts"
        columns={[
          { title: t('contacts.person'), dataIndex: 'name' },
          { title: t('caseContacts.degree'), dataIndex: 'degree', render: (d: 1 | 2) => t(`caseContacts.degrees.${d}`) },
          {
            title: t('contacts.decision'),
            key: 'decision',
            render: (_: unknown, c) => (
              <Tag color={c.decision === 'confirmed' ? 'gold' : 'default'}>
                {c.decision === 'confirmed' ? `${t('contacts.confirmed')} · ${t(`level.${c.level ?? 'close'}`)}` : t('contacts.dismissed')}
              </Tag>
            ),
          },
          { title: t('contacts.reason'), dataIndex: 'reason' },
          { title: t('caseContacts.decidedBy'), key: 'decidedBy', render: (_: unknown, c) => `${c.decidedBy} · ${formatDateTime(c.decidedAt)}` },
          {
            title: t('caseContacts.followUp'),
            key: 'followUp',
            render: (_: unknown, c) =>
              c.followUntil ? (
                <Space direction="vertical" size={0}>
                  <span>
                    <Tag color={FOLLOW_COLOUR[c.followStatus]}>{t(`caseContacts.follow.${c.followStatus}`)}</Tag>
                    {t('caseContacts.period', { from: c.followFrom, until: c.followUntil })}
                  </span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {c.lastFollowUpDay ? t('caseContacts.recorded', { count: c.followUpDays, last: c.lastFollowUpDay }) : t('caseContacts.notYet')}
                  </Typography.Text>
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('caseContacts.noFollowUp')}</Typography.Text>
              ),
          },
        ]}
      />
    </Card>
  );
}
