/** 数据保留: how long venue scans are kept, when the scheduled purge runs, and what the last purge deleted. */
import { useCallback } from 'react';
import { Alert, Button, Card, Descriptions, Popconfirm, Space, Tag } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { venuesApi } from '../../shared/health/health.api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useSession } from '../../shared/session/session.tsx';
import { useLoad } from '../../staff-health/use-load.ts';
import { RefreshButton } from '../components/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { useChanges } from '../components/use-changes.ts';

/** The retention page; only system administrators may purge by hand. */
export function RetentionPage() {
  const { t } = useTranslation('health');
  const { me } = useSession();
  const status = useLoad(useCallback(() => venuesApi.retention(), []), t('common:error.loadFailed'));
  const changes = useChanges(status.reload);
  const purge = () => changes.run(() => venuesApi.purgeNow(), (result) => t('retention.ran', { count: result.deletedScans }));
  const data = status.data;
  return (
    <PageContainer
      title={t('retention.title')}
      section={t('nav.section')}
      description={t('retention.intro')}
      extra={
        <Space>
          <RefreshButton onRefresh={status.reload} />
          {me?.roles.includes('sys_admin') && (
            <Popconfirm title={t('retention.runConfirm')} onConfirm={() => void purge()} okText={t('common.confirm')} cancelText={t('common.cancel')}>
              <Button danger icon={<DeleteOutlined />}>
                {t('retention.runNow')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      }
    >
      {status.error && <Alert type="error" showIcon title={status.error} className="fx-card" />}
      <Card className="fx-card" loading={status.loading && !data}>
        {data && (
          <Descriptions column={{ xs: 1, md: 2 }} bordered data-testid="retention">
            <Descriptions.Item label={t('retention.days')}>{t('retention.daysValue', { days: data.scanRetentionDays })}</Descriptions.Item>
            <Descriptions.Item label={t('retention.every')}>{t('retention.everyValue', { minutes: data.purgeEveryMinutes })}</Descriptions.Item>
            <Descriptions.Item label={t('retention.nextPurge')}>{formatDateTime(data.nextPurgeAt)}</Descriptions.Item>
            <Descriptions.Item label={t('retention.lastPurge')}>
              {data.lastPurge ? (
                <Space>
                  {formatDateTime(data.lastPurge.at)}
                  <Tag>{t(`retention.trigger.${data.lastPurge.trigger}`)}</Tag>
                </Space>
              ) : (
                t('retention.never')
              )}
            </Descriptions.Item>
            {data.lastPurge && (
              <>
                <Descriptions.Item label={t('retention.cutoff')}>{formatDateTime(data.lastPurge.cutoff)}</Descriptions.Item>
                <Descriptions.Item label={t('retention.deletedScans')}>{data.lastPurge.deletedScans}</Descriptions.Item>
                <Descriptions.Item label={t('retention.deletedFlags')}>{data.lastPurge.deletedFlags}</Descriptions.Item>
              </>
            )}
          </Descriptions>
        )}
      </Card>
    </PageContainer>
  );
}
