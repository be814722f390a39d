/** 纠错审核: citizens' correction requests in the officer's region — accept (the fact is set aside, colour recomputed) or reject, with a note the citizen sees. */
import { useCallback, useState } from 'react';
import { Segmented, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { localText } from '../../shared/health/colour.ts';
import { healthOfficeApi } from '../../shared/health/health.api.ts';
import type { Colour, Correction } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { ColourTag } from '../../staff-health/colour-tag.tsx';
import { useLoad } from '../../staff-health/use-load.ts';
import { ListCard, ListTable } from '../components/list-table.tsx';
import { RefreshButton } from '../components/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { useChanges } from '../components/use-changes.ts';
import { DecisionButtons, DecisionModal } from './decision-modal.tsx';
import { MaskedPerson } from './masked-person.tsx';

const STATUS_TAG = { pending: 'processing', accepted: 'success', rejected: 'default' } as const;

/** The corrections review page. */
export function CorrectionReviewPage() {
  const { t, i18n } = useTranslation('health');
  const [status, setStatus] = useState<Correction['status']>('pending');
  const [deciding, setDeciding] = useState<{ row: Correction; decision: 'accept' | 'reject' } | null>(null);
  const list = useLoad(useCallback(() => healthOfficeApi.corrections(status), [status]), t('common:error.loadFailed'));
  const changes = useChanges(list.reload);
  return (
    <PageContainer
      title={t('reviews.title')}
      section={t('nav.section')}
      description={t('reviews.intro')}
      extra={
        <Space wrap>
          <Segmented<Correction['status']> value={status} onChange={setStatus} options={(['pending', 'accepted', 'rejected'] as const).map((s) => ({ value: s, label: t(`corrections.status.${s}`) }))} />
          <RefreshButton onRefresh={list.reload} />
        </Space>
      }
    >
      <ListCard error={list.error}>
        <ListTable<Correction>
          list={list}
          data-testid="corrections-table"
          columns={[
            { title: t('reviews.person'), key: 'person', render: (_: unknown, r) => <MaskedPerson person={r} /> },
            { title: t('reviews.fact'), dataIndex: 'factSummary', render: (s: Correction['factSummary']) => localText(s, i18n.language) },
            { title: t('reviews.reason'), dataIndex: 'reason' },
            { title: t('corrections.filedAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
            { title: t('ruleSets.statusLabel'), dataIndex: 'status', render: (s: Correction['status']) => <Tag color={STATUS_TAG[s]}>{t(`corrections.status.${s}`)}</Tag> },
            { title: t('corrections.reviewNote'), dataIndex: 'reviewNote', render: (v: string | null) => v ?? '—' },
            { title: t('corrections.colourAfter'), dataIndex: 'colourAfter', render: (c: Colour | null) => (c ? <ColourTag colour={c} /> : '—') },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, r: Correction) =>
                r.status === 'pending' && (
                  <DecisionButtons
                    approveLabel={t('reviews.accept')}
                    rejectLabel={t('reviews.reject')}
                    onApprove={() => setDeciding({ row: r, decision: 'accept' })}
                    onReject={() => setDeciding({ row: r, decision: 'reject' })}
                  />
                ),
            },
          ]}
        />
      </ListCard>
      {deciding && (
        <DecisionModal
          title={t(`reviews.${deciding.decision}`)}
          noteLabel={t('reviews.note')}
          minLength={2}
          danger={deciding.decision === 'reject'}
          onClose={() => setDeciding(null)}
          onSubmit={async (note) => {
            await healthOfficeApi.decideCorrection(deciding.row.id, deciding.decision, note);
            await changes.done(t('reviews.decided'));
          }}
        />
      )}
    </PageContainer>
  );
}
