/**
 * 导出审批: exports of personal data (rejected rows, A-not-B lists, task lists) are maker-checker. An
 * officer asks for one with a reason on the page that shows the list; a different officer of the same
 * region (or above) approves or rejects it here; the officer who asked downloads it here within 24 h of
 * the approval. Every step and every download is in the audit trail.
 */
import { useState } from 'react';
import { Button, Popconfirm, Space, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/format.ts';
import { useSession } from '../../shared/session/session.tsx';
import { useAction } from '../../staff/use-action.ts';
import { DecisionModal } from '../components/decision-modal.tsx';
import { ListCard, ListTable } from '../../staff/list-table.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { exportProposalsQuery, screeningApi, screeningDownloads, screeningKeys, type ExportProposal } from './screening.api.ts';

const STATUS_COLOUR = { proposed: 'processing', approved: 'success', rejected: 'error', withdrawn: 'default', expired: 'default' } as const;

export function ExportsPage() {
  const { t } = useTranslation('screening');
  const { t: th } = useTranslation('health');
  const [rejecting, setRejecting] = useState<string | null>(null);
  const { me, can } = useSession();
  const list = useQuery(exportProposalsQuery());
  const decide = useAction({
    send: ({ id, decision }: { id: string; decision: 'approve' | 'reject' }) => screeningApi.decideExport(id, decision),
    invalidates: [screeningKeys.exports],
    success: (_r, v) => (v.decision === 'approve' ? t('exports.approved') : t('exports.rejected')),
  });
  const mayApprove = can('screening.export.approve');
  return (
    <PageContainer title={t('nav.exports')} section={t('nav.section')} description={t('exports.intro')} extra={<RefreshButton query={list} />}>
      <ListCard query={list}>
        <ListTable<ExportProposal>
          query={list}
          data-testid="exports-table"
          columns={[
            {
              title: t('exports.what'),
              key: 'what',
              render: (_: unknown, r) => (
                <Space direction="vertical" size={0}>
                  <Typography.Text>{r.describe}</Typography.Text>
                  <Typography.Text type="secondary">{t('exports.reasonText', { reason: r.reason })}</Typography.Text>
                </Space>
              ),
            },
            { title: t('exports.statusLabel'), dataIndex: 'status', render: (s: ExportProposal['status']) => <Tag color={STATUS_COLOUR[s]}>{t(`exports.status.${s}`)}</Tag> },
            { title: t('exports.proposedAt'), dataIndex: 'proposedAt', render: (v: string) => formatDateTime(v) },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, r) => {
                const mine = r.proposedBy === me?.id;
                if (r.status === 'approved' && mine && r.downloadUntil && Date.parse(r.downloadUntil) > Date.now()) {
                  return (
                    <Space direction="vertical" size={0}>
                      <Button size="small" type="primary" icon={<DownloadOutlined />} href={screeningDownloads.exportFile(r.id)} download data-testid="export-download">
                        {t('exports.download')}
                      </Button>
                      <Typography.Text type="secondary">{t('exports.until', { at: formatDateTime(r.downloadUntil) })}</Typography.Text>
                    </Space>
                  );
                }
                if (r.status !== 'proposed') return r.decisionNote ? <Typography.Text type="secondary">{r.decisionNote}</Typography.Text> : null;
                if (mine) return <Typography.Text type="secondary">{t('exports.waiting')}</Typography.Text>;
                if (!mayApprove) return null;
                return (
                  <Space>
                    <Popconfirm title={t('exports.approveConfirm')} onConfirm={() => void decide.run({ id: r.id, decision: 'approve' })} okText={t('common:action.confirm')} cancelText={t('common:action.cancel')}>
                      <Button size="small" type="primary" loading={decide.pending && decide.variables?.id === r.id} data-testid="export-approve">
                        {t('exports.approve')}
                      </Button>
                    </Popconfirm>
                    <Button size="small" danger onClick={() => setRejecting(r.id)}>
                      {t('exports.reject')}
                    </Button>
                  </Space>
                );
              },
            },
          ]}
        />
      </ListCard>
      {rejecting && (
        <DecisionModal
          title={t('exports.reject')}
          noteLabel={th('approvals.rejectReason')}
          minLength={1}
          requiredMessage={th('approvals.rejectReasonRequired')}
          danger
          send={(note) => screeningApi.decideExport(rejecting, 'reject', note)}
          invalidates={[screeningKeys.exports]}
          success={t('exports.rejected')}
          onClose={() => setRejecting(null)}
        />
      )}
    </PageContainer>
  );
}
