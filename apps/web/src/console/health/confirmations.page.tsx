/** 转码确认 (县级指挥部): people whose recovery days are served but whose red → green change waits for the command post's confirmation. */
import { useCallback, useState } from 'react';
import { Alert, App, Button, Card, Space, Table } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { localText } from '../../shared/health/colour.ts';
import { healthOfficeApi } from '../../shared/health/health.api.ts';
import type { PendingConfirmation } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { ColourTag } from '../../staff-health/colour-tag.tsx';
import { useLoad } from '../../staff-health/use-load.ts';
import { PageContainer } from '../components/page-container.tsx';
import { DecisionModal } from './decision-modal.tsx';

/** The confirmations page. */
export function ConfirmationsPage() {
  const { t, i18n } = useTranslation('health');
  const { message } = App.useApp();
  const [confirming, setConfirming] = useState<PendingConfirmation | null>(null);
  const list = useLoad(useCallback(() => healthOfficeApi.confirmations(), []), t('common:error.loadFailed'));
  return (
    <PageContainer
      title={t('confirmations.title')}
      section={t('nav.section')}
      description={t('confirmations.intro')}
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => void list.reload()}>
          {t('common.refresh')}
        </Button>
      }
    >
      {list.error && <Alert type="error" showIcon title={list.error} className="fx-card" />}
      <Card className="fx-card">
        <Table<PendingConfirmation>
          rowKey="citizenId"
          loading={list.loading}
          dataSource={list.data ?? []}
          data-testid="confirmations-table"
          columns={[
            { title: t('overrides.person'), key: 'person', render: (_: unknown, r) => <span>{r.maskedName} <span className="fx-mono">{r.maskedId}</span></span> },
            { title: t('confirmations.colour'), dataIndex: 'colour', render: (_: unknown, r) => <ColourTag colour={r.colour} /> },
            { title: t('confirmations.since'), dataIndex: 'since', render: (v: string) => formatDateTime(v) },
            { title: t('confirmations.reasons'), key: 'reasons', render: (_: unknown, r) => <Space direction="vertical" size={0}>{r.reasons.map((reason) => <span key={reason.ruleId}>{localText(reason.text, i18n.language)}</span>)}</Space> },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, r: PendingConfirmation) => (
                <Button size="small" type="primary" onClick={() => setConfirming(r)}>
                  {t('confirmations.confirm')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      {confirming && (
        <DecisionModal
          title={t('confirmations.confirm')}
          noteLabel={t('confirmations.note')}
          minLength={2}
          onClose={() => setConfirming(null)}
          onSubmit={async (note) => {
            const result = await healthOfficeApi.confirmRelease(confirming.citizenId, note);
            message.success(t('confirmations.done', { colour: t(`colour.${result.colour}`) }));
            await list.reload();
          }}
        />
      )}
    </PageContainer>
  );
}
