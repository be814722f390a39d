/**
 * 差评整改: the rectification tasks bad ratings opened for the officer's department (overseers: their
 * region), with the rating, its deadline and the appeal's state; rectify, call back, appeal, and — for
 * the supervision office — decide appeals (never one's own: the server refuses it).
 */
import { useState } from 'react';
import { Alert, Button, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { RectificationTask } from '@fangxian/contracts/results';
import { formatDateTime } from '../../shared/format.ts';
import { useAction } from '../../staff/use-action.ts';
import { DecisionModal } from '../components/decision-modal.tsx';
import { ListCard, ListTable } from '../../staff/list-table.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { resultKeys, resultsApi, tasksQuery } from './results.api.ts';

const STATUS_COLOUR = { open: 'red', rectified: 'gold', closed: 'success', waived: 'default' } as const;
const APPEAL_KEY = { none: 'appealNone', pending: 'appealPending', upheld: 'appealUpheld', rejected: 'appealRejected' } as const;

type Dialog = { kind: 'rectify' | 'callback' | 'appeal'; task: RectificationTask } | null;

export function RectificationsPage() {
  const { t } = useTranslation('results');
  const list = useQuery(tasksQuery());
  const [dialog, setDialog] = useState<Dialog>(null);
  const { t: th } = useTranslation('health');
  const [rejecting, setRejecting] = useState<RectificationTask | null>(null);
  const decide = useAction<{ task: RectificationTask; decision: 'approve' | 'reject' }>({
    send: ({ task, decision }) => resultsApi.decide(task.evaluation.id, decision),
    invalidates: [resultKeys.evaluations],
    success: t('rect.done'),
  });
  return (
    <PageContainer title={t('nav.rectifications')} section={t('nav.section')} description={t('rect.intro')} extra={<RefreshButton query={list} />}>
      <ListCard query={list}>
        <ListTable<RectificationTask>
          query={list}
          size="small"
          data-testid="rectifications-table"
          columns={[
            { title: t('rect.subject'), key: 'subject', render: (_: unknown, r) => r.evaluation.subjectName },
            { title: t('rect.level'), key: 'level', render: (_: unknown, r) => <Tag color={r.evaluation.level >= 4 ? 'red' : 'green'}>{t(`level.${r.evaluation.level}`)}</Tag> },
            { title: t('rect.comment'), key: 'comment', render: (_: unknown, r) => r.evaluation.comment ?? '—' },
            { title: t('rect.department'), dataIndex: 'department' },
            { title: t('rect.ratedAt'), key: 'ratedAt', render: (_: unknown, r) => formatDateTime(r.evaluation.createdAt) },
            {
              title: t('rect.dueAt'),
              dataIndex: 'dueAt',
              render: (v: string, r) => (r.overdue ? <Typography.Text type="danger">{formatDateTime(v)} · {t('rect.overdue')}</Typography.Text> : formatDateTime(v)),
            },
            {
              title: t('rect.status'),
              key: 'status',
              render: (_: unknown, r) => (
                <Space size={4} wrap>
                  <Tag color={STATUS_COLOUR[r.status]}>{t(`rect.${r.status}`)}</Tag>
                  {r.evaluation.appealStatus !== 'none' && <Tag>{t(`rect.${APPEAL_KEY[r.evaluation.appealStatus]}`)}</Tag>}
                </Space>
              ),
            },
            {
              title: '',
              key: 'actions',
              render: (_: unknown, r) => (
                <Space size={4} wrap>
                  {r.status === 'open' && <Button size="small" type="primary" onClick={() => setDialog({ kind: 'rectify', task: r })}>{t('rect.rectify')}</Button>}
                  {r.status === 'rectified' && <Button size="small" type="primary" onClick={() => setDialog({ kind: 'callback', task: r })}>{t('rect.callback')}</Button>}
                  {r.evaluation.appealStatus === 'none' && r.status !== 'waived' && <Button size="small" onClick={() => setDialog({ kind: 'appeal', task: r })}>{t('rect.appeal')}</Button>}
                  {r.evaluation.appealStatus === 'pending' && (
                    <>
                      <Button size="small" loading={decide.pending} onClick={() => void decide.run({ task: r, decision: 'approve' })}>{t('rect.approve')}</Button>
                      <Button size="small" danger loading={decide.pending} onClick={() => setRejecting(r)}>{t('rect.reject')}</Button>
                    </>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </ListCard>
      {dialog && <TaskDialog dialog={dialog} onClose={() => setDialog(null)} />}
      {rejecting && (
        <DecisionModal
          title={t('rect.reject')}
          noteLabel={th('approvals.rejectReason')}
          minLength={1}
          requiredMessage={th('approvals.rejectReasonRequired')}
          danger
          send={(note) => resultsApi.decide(rejecting.evaluation.id, 'reject', note)}
          invalidates={[resultKeys.evaluations]}
          success={t('rect.done')}
          onClose={() => setRejecting(null)}
        />
      )}
    </PageContainer>
  );
}

function TaskDialog({ dialog, onClose }: { dialog: NonNullable<Dialog>; onClose: () => void }) {
  const { t } = useTranslation('results');
  const [text, setText] = useState('');
  const [result, setResult] = useState('satisfied');
  const act = useAction({
    send: () =>
      dialog.kind === 'rectify' ? resultsApi.rectify(dialog.task.id, text) : dialog.kind === 'callback' ? resultsApi.callback(dialog.task.id, result, text) : resultsApi.appeal(dialog.task.id, text),
    invalidates: [resultKeys.evaluations],
    success: t('rect.done'),
    showError: 'inline',
  });
  return (
    <Modal open title={t(`rect.${dialog.kind}`)} onCancel={onClose} onOk={async () => { if (await act.run()) onClose(); }} confirmLoading={act.pending} destroyOnHidden>
      {act.error && <Alert type="error" showIcon title={act.error} style={{ marginBottom: 12 }} />}
      {dialog.kind === 'callback' && (
        <Select
          value={result}
          onChange={setResult}
          style={{ width: '100%', marginBottom: 12 }}
          aria-label={t('rect.callbackResult')}
          options={(['satisfied', 'unsatisfied', 'unreachable'] as const).map((v) => ({ value: v, label: t(`rect.${v}`) }))}
        />
      )}
      <Input.TextArea rows={4} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} placeholder={dialog.kind === 'appeal' ? t('rect.reason') : t('rect.note')} />
    </Modal>
  );
}
