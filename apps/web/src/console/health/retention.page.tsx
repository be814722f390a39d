/** 数据保留: how long venue scans are kept, when the scheduled purge runs, and what the last purge deleted. */
import { useCallback } from 'react';
import { Alert, App, Button, Card, Descriptions, Popconfirm, Space, Tag } from 'antd';
import { DeleteOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../../shared/api/errors.ts';
import { venuesApi } from '../../shared/health/health.api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useSession } from '../../shared/session/session.tsx';
import { useLoad } from '../../staff-health/use-load.ts';
import { PageContainer } from '../components/page-container.tsx';

/** The retention page; only system administrators may purge by hand. */
export function RetentionPage() {
  const { t } = useTranslation('health');
  const { message } = App.useApp();
  const { me } = useSession();
  const status = useLoad(useCallback(() => venuesApi.retention(), []), t('common:error.loadFailed'));
  const purge = async () => {
    try {
      const result = await venuesApi.purgeNow();
      message.success(t('retention.ran', { count: result.deletedScans }));
      await status.reload();
    } catch (err) {
      message.error(messageOf(err, t('common:state.failed')));
    }
  };
  const data = status.data;
  return (
    <PageContainer
      title={t('retention.title')}
      section={t('nav.section')}
      description={t('retention.intro')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void status.reload()}>
            {t('common.refresh')}
          </Button>
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
