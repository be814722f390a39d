/** 合并审核: pairs the matcher could not decide — merge (the newer record into the older) or keep apart; undo a merge with a reason. */
import { useState } from 'react';
import { Button, Segmented, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/format.ts';
import { useAction } from '../../staff/use-action.ts';
import { ListCard, ListTable } from '../../staff/list-table.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { reviewsQuery, screeningApi, screeningKeys, type MatchReview, type ScreeningPerson } from './screening.api.ts';
import { PersonCell, StatusTag } from './screening.parts.tsx';
import { ReasonModal } from './reason-modal.tsx';

type Status = 'open' | 'merged' | 'kept_apart';

function Side({ person }: { person: ScreeningPerson }) {
  const { t } = useTranslation('screening');
  return (
    <Space direction="vertical" size={0}>
      <PersonCell person={person} />
      <Typography.Text type="secondary">
        {person.residenceDivisionName ?? person.residenceDivision ?? '—'} · {t('reviews.firstReported', { at: formatDateTime(person.firstReportedAt) })}
      </Typography.Text>
      <StatusTag status={person.status} />
    </Space>
  );
}

export function ReviewsPage() {
  const { t } = useTranslation('screening');
  const [status, setStatus] = useState<Status>('open');
  const list = useQuery(reviewsQuery(status));
  const [undoing, setUndoing] = useState<string | null>(null);
  const decide = useAction({
    send: ({ id, decision }: { id: string; decision: 'merge' | 'keep_apart' }) => screeningApi.decideReview(id, decision),
    invalidates: [screeningKeys.reviews, screeningKeys.persons, screeningKeys.tasks],
    success: (_r, v) => (v.decision === 'merge' ? t('reviews.merged') : t('reviews.keptApart')),
  });
  return (
    <PageContainer title={t('nav.reviews')} section={t('nav.section')} description={t('reviews.intro')} extra={<RefreshButton query={list} />}>
      <ListCard query={list}>
        <Segmented<Status>
          value={status}
          onChange={setStatus}
          options={(['open', 'merged', 'kept_apart'] as const).map((s) => ({ value: s, label: t(`reviews.status.${s}`) }))}
          style={{ marginBottom: 12 }}
        />
        <ListTable<MatchReview>
          query={list}
          data-testid="reviews-table"
          columns={[
            { title: t('reviews.person'), key: 'person', render: (_: unknown, r) => <Side person={r.person} /> },
            { title: t('reviews.candidate'), key: 'candidate', render: (_: unknown, r) => <Side person={r.candidate} /> },
            { title: t('reviews.score'), dataIndex: 'score', render: (v: number) => `${Math.round(v * 100)}%` },
            { title: t('reviews.reasons'), dataIndex: 'reasons', render: (rs: string[]) => rs.map((r) => <Tag key={r}>{t(`reviews.reason.${r}`, { defaultValue: r })}</Tag>) },
            { title: t('reviews.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, r) =>
                r.status === 'open' ? (
                  <Space>
                    <Button size="small" type="primary" loading={decide.pending && decide.variables?.id === r.id} onClick={() => void decide.run({ id: r.id, decision: 'merge' })}>
                      {t('reviews.merge')}
                    </Button>
                    <Button size="small" onClick={() => void decide.run({ id: r.id, decision: 'keep_apart' })}>
                      {t('reviews.keepApart')}
                    </Button>
                  </Space>
                ) : r.mergeId ? (
                  <Button size="small" danger onClick={() => setUndoing(r.mergeId)}>
                    {t('reviews.undo')}
                  </Button>
                ) : (
                  <Typography.Text type="secondary">{formatDateTime(r.decidedAt)}</Typography.Text>
                ),
            },
          ]}
        />
      </ListCard>
      {undoing && (
        <ReasonModal
          title={t('reviews.undo')}
          send={(reason) => screeningApi.undoMerge(undoing, reason)}
          invalidates={[screeningKeys.reviews, screeningKeys.persons, screeningKeys.tasks]}
          success={t('reviews.undone')}
          onClose={() => setUndoing(null)}
        />
      )}
    </PageContainer>
  );
}
