/** 数据保留: how long venue scans are kept, when the scheduled purge runs, and what the last purge deleted. */
import { Alert, Button, Card, Descriptions, Popconfirm, Space, Tag } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/format.ts';
import { useSession } from '../../shared/session/session.tsx';
import { useAction } from '../../staff/use-action.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { retentionQuery, venuesApi, venuesKeys } from './venues.api.ts';

/** The retention page; only those the server lets purge see the purge button. */
export function RetentionPage() {
  const { t } = useTranslation('health');
  const { can } = useSession();
  const status = useQuery(retentionQuery());
  const error = useLoadError(status.error);
  const purge = useAction({ send: () => venuesApi.purgeNow(), invalidates: [venuesKeys.retention], success: (result) => t('retention.ran', { count: result.deletedScans }) });
  const data = status.data;
  return (
    <PageContainer
      title={t('retention.title')}
      section={t('nav.section')}
      description={t('retention.intro')}
      extra={
        <Space>
          <RefreshButton query={status} />
          {can('venues.retention.purge') && (
            <Popconfirm title={t('retention.runConfirm')} onConfirm={() => void purge.run()} okText={t('common.confirm')} cancelText={t('common.cancel')}>
              <Button danger icon={<DeleteOutlined />} loading={purge.pending}>
                {t('retention.runNow')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      }
    >
      {error && <Alert type="error" showIcon title={error} className="fx-card" />}
      <Card className="fx-card" loading={status.isLoading}>
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
                <Descriptions.Item label={t('retention.deletedScans')}>{data.lastPurge.scansApproximate ? `≈ ${data.lastPurge.deletedScans}` : data.lastPurge.deletedScans}</Descriptions.Item>
                <Descriptions.Item label={t('retention.deletedFlags')}>{data.lastPurge.deletedFlags}</Descriptions.Item>
              </>
            )}
          </Descriptions>
        )}
      </Card>
    </PageContainer>
  );
}
