/** 纠错审核: citizens' correction requests in the officer's region — accept (the fact is set aside, colour recomputed) or reject, with a note the citizen sees. */
import { useState } from 'react';
import { Segmented, Space, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Colour } from '@fangxian/contracts/kernel/colour';
import { localText } from '../../shared/health/colour.ts';
import type { Correction } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { ColourTag } from '../../staff/colour-tag.tsx';
import { DecisionButtons, DecisionModal } from '../components/decision-modal.tsx';
import { ListCard, ListTable } from '../../staff/list-table.tsx';
import { MaskedPerson } from '../components/masked-person.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { correctionsQuery, healthCodeApi, healthCodeKeys } from './health-code.api.ts';

const STATUS_TAG = { pending: 'processing', accepted: 'success', rejected: 'default' } as const;

/** The corrections review page. */
export function CorrectionReviewPage() {
  const { t, i18n } = useTranslation('health');
  const [status, setStatus] = useState<Correction['status']>('pending');
  const [deciding, setDeciding] = useState<{ row: Correction; decision: 'accept' | 'reject' } | null>(null);
  const list = useQuery(correctionsQuery(status));
  return (
    <PageContainer
      title={t('reviews.title')}
      section={t('nav.section')}
      description={t('reviews.intro')}
      extra={
        <Space wrap>
          <Segmented<Correction['status']> value={status} onChange={setStatus} options={(['pending', 'accepted', 'rejected'] as const).map((s) => ({ value: s, label: t(`corrections.status.${s}`) }))} />
          <RefreshButton query={list} />
        </Space>
      }
    >
      <ListCard query={list}>
        <ListTable<Correction>
          query={list}
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
          send={(note) => healthCodeApi.decideCorrection(deciding.row.id, deciding.decision, note)}
          invalidates={[healthCodeKeys.corrections]}
          success={t('reviews.decided')}
        />
      )}
    </PageContainer>
  );
}
