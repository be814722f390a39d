/** 大厅统计: a hall's daily counts — numbers issued, served, no-shows, average wait, appointments vs walk-ins, online handling and the on-site share. */
import { useState } from 'react';
import { DatePicker, Select, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { addDays, todayInChina } from '@fangxian/contracts/kernel/days';
import { ListCard, ListTable } from '../../staff/list-table.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { hallsQuery, statsQuery } from './hall.api.ts';

export function HallStatsPage() {
  const { t } = useTranslation('hall');
  const halls = useQuery(hallsQuery());
  const [hallId, setHallId] = useState('');
  const today = todayInChina();
  const [range, setRange] = useState<[string, string]>([addDays(today, -6), today]);
  const selected = hallId || halls.data?.[0]?.id || '';
  const stats = useQuery(statsQuery(selected, range[0], range[1]));
  return (
    <PageContainer
      title={t('stats.title')}
      section={t('nav.section')}
      description={t('stats.intro')}
      extra={
        <Space>
          <Select style={{ minWidth: 240 }} aria-label={t('stats.hall')} value={selected || undefined} onChange={setHallId} options={(halls.data ?? []).map((h) => ({ label: h.name, value: h.id }))} />
          <DatePicker aria-label={t('stats.range')} placeholder={range[0]} onChange={(_, text) => typeof text === 'string' && text && setRange([text, range[1] < text ? text : range[1]])} />
          <DatePicker aria-label={t('stats.range')} placeholder={range[1]} onChange={(_, text) => typeof text === 'string' && text && setRange([range[0] > text ? text : range[0], text])} />
          <RefreshButton query={stats} />
        </Space>
      }
    >
      <ListCard query={stats}>
        <ListTable
          query={{ data: stats.data?.days, isLoading: stats.isLoading }}
          rowKey="day"
          pagination={false}
          data-testid="hall-stats"
          columns={[
            { title: t('stats.day'), dataIndex: 'day' },
            { title: t('stats.issued'), dataIndex: 'issued' },
            { title: t('stats.served'), dataIndex: 'served' },
            { title: t('stats.noShows'), dataIndex: 'noShows' },
            { title: t('stats.avgWait'), dataIndex: 'avgWaitMinutes', render: (v: number | null) => v ?? '—' },
            { title: t('stats.appointments'), dataIndex: 'appointments' },
            { title: t('stats.walkIns'), dataIndex: 'walkIns' },
            { title: t('stats.priority'), dataIndex: 'priority' },
            { title: t('stats.online'), dataIndex: 'online' },
            { title: t('stats.onsiteShare'), dataIndex: 'onsiteShare', render: (v: number | null) => (v === null ? '—' : `${v}%`) },
          ]}
        />
        {stats.data && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12 }} data-testid="hall-stats-totals">
            {t('stats.totals', { served: stats.data.totals.served, online: stats.data.totals.online, share: stats.data.totals.onsiteShare === null ? '—' : `${stats.data.totals.onsiteShare}%` })}
          </Typography.Paragraph>
        )}
      </ListCard>
    </PageContainer>
  );
}
