/**
 * 待审核申请 (maker-checker): proposals one officer made and a different officer approves or rejects
 * before they take effect (trusted issuers, rule-set publishing). The proposer sees their own proposal
 * without the buttons; the server refuses a self-approval anyway.
 */
import { useState, type ReactNode } from 'react';
import { Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/format.ts';
import { useSession } from '../../shared/session/session.tsx';
import { useAction } from '../../staff/use-action.ts';
import { DecisionModal } from './decision-modal.tsx';

/** What every proposal shows, whatever it proposes. */
export interface ProposalRow {
  id: string;
  status: 'proposed' | 'approved' | 'rejected' | 'withdrawn' | 'expired';
  proposedBy: string;
  proposedAt: string;
  expiresAt: string;
  decidedAt: string | null;
}

const STATUS_COLOUR = { proposed: 'processing', approved: 'success', rejected: 'error', withdrawn: 'default', expired: 'default' } as const;

export function ProposalsCard<T extends ProposalRow>({
  query,
  describe,
  decide,
  invalidates,
  testId,
  canDecide = true,
}: {
  query: Pick<UseQueryResult<T[]>, 'data' | 'isLoading'>;
  /** What the proposal would change, as one cell. */
  describe: (row: T) => ReactNode;
  /** Sends the decision; a rejection carries the officer's reason (the server requires one). */
  decide: (id: string, decision: 'approve' | 'reject', note?: string) => Promise<unknown>;
  invalidates: readonly (readonly unknown[])[];
  testId: string;
  /** Whether this officer may decide at all (without the action the rows show no buttons; the server refuses anyway). */
  canDecide?: boolean;
}) {
  const { t } = useTranslation('health');
  const { me } = useSession();
  const approve = useAction({ send: (id: string) => decide(id, 'approve'), invalidates: [...invalidates], success: t('approvals.approved') });
  const [rejecting, setRejecting] = useState<string | null>(null);
  return (
    <Card className="fx-card" title={t('approvals.title')} extra={<Typography.Text type="secondary">{t('approvals.intro')}</Typography.Text>}>
      <Table<T>
        rowKey="id"
        size="small"
        data-testid={testId}
        loading={query.isLoading}
        dataSource={query.data ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('approvals.none') }}
        columns={[
          { title: t('approvals.change'), key: 'change', render: (_: unknown, r: T) => describe(r) },
          { title: t('approvals.statusLabel'), dataIndex: 'status', render: (s: ProposalRow['status']) => <Tag color={STATUS_COLOUR[s]}>{t(`approvals.status.${s}`)}</Tag> },
          { title: t('approvals.proposedAt'), dataIndex: 'proposedAt', render: (v: string) => formatDateTime(v) },
          { title: t('approvals.expiresAt'), dataIndex: 'expiresAt', render: (v: string) => formatDateTime(v) },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, r: T) =>
              r.status !== 'proposed' ? null : r.proposedBy === me?.id || !canDecide ? (
                <Typography.Text type="secondary">{t('approvals.waiting')}</Typography.Text>
              ) : (
                <Space>
                  <Popconfirm title={t('approvals.approveConfirm')} onConfirm={() => void approve.run(r.id)} okText={t('common.confirm')} cancelText={t('common.cancel')}>
                    <Button size="small" type="primary" loading={approve.pending && approve.variables === r.id}>
                      {t('approvals.approve')}
                    </Button>
                  </Popconfirm>
                  <Button size="small" danger onClick={() => setRejecting(r.id)}>
                    {t('approvals.reject')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      {rejecting && (
        <DecisionModal
          title={t('approvals.reject')}
          noteLabel={t('approvals.rejectReason')}
          minLength={1}
          requiredMessage={t('approvals.rejectReasonRequired')}
          danger
          send={(note) => decide(rejecting, 'reject', note)}
          invalidates={invalidates}
          success={t('approvals.rejected')}
          onClose={() => setRejecting(null)}
        />
      )}
    </Card>
  );
}
