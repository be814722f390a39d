/** 单位审核: organisations registered in the officer's region — approve or reject pending ones. */
import { useState } from 'react';
import { Segmented, Space, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { checkinApi, checkinKeys, orgsForReviewQuery, type Org } from '../../shared/checkin/checkin.api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useSession } from '../../shared/session/session.tsx';
import { DecisionButtons, DecisionModal } from '../components/decision-modal.tsx';
import { ListCard, ListTable } from '../../staff/list-table.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';

const STATUS_TAG: Record<Org['status'], string> = { pending: 'processing', approved: 'success', rejected: 'default' };

/** The review page. */
export function CheckinOrgsPage() {
  const { t } = useTranslation('checkin');
  const { can } = useSession();
  const [status, setStatus] = useState<Org['status']>('pending');
  const [deciding, setDeciding] = useState<{ row: Org; approve: boolean } | null>(null);
  const list = useQuery(orgsForReviewQuery(status));
  return (
    <PageContainer
      title={t('review.title')}
      section={t('nav.section')}
      description={t('review.intro')}
      extra={
        <Space wrap>
          <Segmented<Org['status']> value={status} onChange={setStatus} options={(['pending', 'approved', 'rejected'] as const).map((s) => ({ value: s, label: t(`status.${s}`) }))} />
          <RefreshButton query={list} />
        </Space>
      }
    >
      <ListCard query={list}>
        <ListTable<Org>
          query={list}
          data-testid="checkin-orgs-table"
          columns={[
            { title: t('register.name'), dataIndex: 'name' },
            { title: t('register.type'), dataIndex: 'type', render: (v: string) => t(`orgType.${v}`) },
            { title: t('register.creditCode'), dataIndex: 'creditCode' },
            { title: t('register.division'), dataIndex: 'divisionName' },
            { title: t('register.address'), dataIndex: 'address' },
            { title: t('summary.type'), dataIndex: 'status', render: (s: Org['status'], r) => <Tag color={STATUS_TAG[s]} title={r.decisionNote ?? undefined}>{t(`status.${s}`)}</Tag> },
            { title: t('review.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
            ...(can('checkin.org.review')
              ? [
                  {
                    title: '',
                    key: 'actions',
                    render: (_: unknown, r: Org) =>
                      r.status === 'pending' && (
                        <DecisionButtons approveLabel={t('review.approve')} rejectLabel={t('review.reject')} onApprove={() => setDeciding({ row: r, approve: true })} onReject={() => setDeciding({ row: r, approve: false })} />
                      ),
                  },
                ]
              : []),
          ]}
        />
      </ListCard>
      {deciding && (
        <DecisionModal
          title={deciding.approve ? t('review.approve') : t('review.reject')}
          noteLabel={t('review.note')}
          minLength={deciding.approve ? 0 : 1}
          requiredMessage={t('review.noteRequired')}
          danger={!deciding.approve}
          onClose={() => setDeciding(null)}
          send={(note) => checkinApi.decide(deciding.row.id, deciding.approve, note || undefined)}
          invalidates={[checkinKeys.orgs]}
          success={t('review.decided')}
        />
      )}
    </PageContainer>
  );
}
