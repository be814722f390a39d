/** 异常扫码: place codes used far from the venue or replayed at volume (abuse flags), in the officer's region. */
import { useState } from 'react';
import { Segmented, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ScanFlag } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { ListCard, ListTable } from '../../staff/list-table.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { flagsQuery } from './venues.api.ts';

const REASON_TAG = { far_away: 'orange', volume: 'red', repeat_person: 'gold' } as const;

/** The abuse flags page. */
export function ScanFlagsPage() {
  const { t } = useTranslation('health');
  const [days, setDays] = useState(1);
  const list = useQuery(flagsQuery(days));
  return (
    <PageContainer
      title={t('flags.title')}
      section={t('nav.section')}
      description={t('flags.intro')}
      extra={
        <Space wrap>
          <Segmented<number> value={days} onChange={setDays} options={[1, 7, 28].map((d) => ({ value: d, label: t('flags.days', { days: d }) }))} />
          <RefreshButton query={list} />
        </Space>
      }
    >
      <ListCard query={list}>
        <ListTable<ScanFlag>
          query={list}
          data-testid="flags-table"
          columns={[
            { title: t('flags.at'), dataIndex: 'flaggedAt', render: (v: string) => formatDateTime(v) },
            { title: t('venues.name'), dataIndex: 'venueName' },
            { title: t('flags.reason'), dataIndex: 'reason', render: (r: ScanFlag['reason']) => <Tag color={REASON_TAG[r]}>{t(`flags.reasons.${r}`)}</Tag> },
            { title: t('flags.detail'), dataIndex: 'detail', render: (d: ScanFlag['detail']) => <Typography.Text className="fx-mono">{JSON.stringify(d)}</Typography.Text> },
          ]}
        />
      </ListCard>
    </PageContainer>
  );
}
