/** 异常扫码: place codes used far from the venue or replayed at volume (abuse flags), in the officer's region. */
import { useCallback, useState } from 'react';
import { Alert, Button, Card, Segmented, Space, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { venuesApi } from '../../shared/health/health.api.ts';
import type { ScanFlag } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useLoad } from '../../staff-health/use-load.ts';
import { PageContainer } from '../components/page-container.tsx';

const REASON_TAG = { far_away: 'orange', volume: 'red', repeat_person: 'gold' } as const;

/** The abuse flags page. */
export function ScanFlagsPage() {
  const { t } = useTranslation('health');
  const [days, setDays] = useState(1);
  const list = useLoad(useCallback(() => venuesApi.flags(days), [days]), t('common:error.loadFailed'));
  return (
    <PageContainer
      title={t('flags.title')}
      section={t('nav.section')}
      description={t('flags.intro')}
      extra={
        <Space wrap>
          <Segmented<number> value={days} onChange={setDays} options={[1, 7, 28].map((d) => ({ value: d, label: t('flags.days', { days: d }) }))} />
          <Button icon={<ReloadOutlined />} onClick={() => void list.reload()}>
            {t('common.refresh')}
          </Button>
        </Space>
      }
    >
      {list.error && <Alert type="error" showIcon title={list.error} className="fx-card" />}
      <Card className="fx-card">
        <Table<ScanFlag>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data ?? []}
          data-testid="flags-table"
          columns={[
            { title: t('flags.at'), dataIndex: 'flaggedAt', render: (v: string) => formatDateTime(v) },
            { title: t('venues.name'), dataIndex: 'venueName' },
            { title: t('flags.reason'), dataIndex: 'reason', render: (r: ScanFlag['reason']) => <Tag color={REASON_TAG[r]}>{t(`flags.reasons.${r}`)}</Tag> },
            { title: t('flags.detail'), dataIndex: 'detail', render: (d: ScanFlag['detail']) => <Typography.Text className="fx-mono">{JSON.stringify(d)}</Typography.Text> },
          ]}
        />
      </Card>
    </PageContainer>
  );
}
