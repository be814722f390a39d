/** 纠错审核: citizens' correction requests in the officer's region — accept (the fact is set aside, colour recomputed) or reject, with a note the citizen sees. */
import { useCallback, useState } from 'react';
import { Alert, App, Button, Card, Segmented, Space, Table, Tag } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { localText } from '../../shared/health/colour.ts';
import { healthOfficeApi } from '../../shared/health/health.api.ts';
import type { Colour, Correction } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { ColourTag } from '../../staff-health/colour-tag.tsx';
import { useLoad } from '../../staff-health/use-load.ts';
import { PageContainer } from '../components/page-container.tsx';
import { DecisionModal } from './decision-modal.tsx';

const STATUS_TAG = { pending: 'processing', accepted: 'success', rejected: 'default' } as const;

/** The corrections review page. */
export function CorrectionReviewPage() {
  const { t, i18n } = useTranslation('health');
  const { message } = App.useApp();
  const [status, setStatus] = useState<Correction['status']>('pending');
  const [deciding, setDeciding] = useState<{ row: Correction; decision: 'accept' | 'reject' } | null>(null);
  const list = useLoad(useCallback(() => healthOfficeApi.corrections(status), [status]), t('common:error.loadFailed'));
  return (
    <PageContainer
      title={t('reviews.title')}
      section={t('nav.section')}
      description={t('reviews.intro')}
      extra={
        <Space wrap>
          <Segmented<Correction['status']> value={status} onChange={setStatus} options={(['pending', 'accepted', 'rejected'] as const).map((s) => ({ value: s, label: t(`corrections.status.${s}`) }))} />
          <Button icon={<ReloadOutlined />} onClick={() => void list.reload()}>
            {t('common.refresh')}
          </Button>
        </Space>
      }
    >
      {list.error && <Alert type="error" showIcon title={list.error} className="fx-card" />}
      <Card className="fx-card">
        <Table<Correction>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data ?? []}
          data-testid="corrections-table"
          columns={[
            { title: t('reviews.person'), key: 'person', render: (_: unknown, r) => <span>{r.maskedName} <span className="fx-mono">{r.maskedId}</span></span> },
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
                  <Space>
                    <Button size="small" type="primary" onClick={() => setDeciding({ row: r, decision: 'accept' })}>
                      {t('reviews.accept')}
                    </Button>
                    <Button size="small" danger onClick={() => setDeciding({ row: r, decision: 'reject' })}>
                      {t('reviews.reject')}
                    </Button>
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      {deciding && (
        <DecisionModal
          title={t(`reviews.${deciding.decision}`)}
          noteLabel={t('reviews.note')}
          minLength={2}
          danger={deciding.decision === 'reject'}
          onClose={() => setDeciding(null)}
          onSubmit={async (note) => {
            await healthOfficeApi.decideCorrection(deciding.row.id, deciding.decision, note);
            message.success(t('reviews.decided'));
            await list.reload();
          }}
        />
      )}
    </PageContainer>
  );
}
