/** 好差评统计: the month's ratings of the officer's region by department or service item, and their XLSX export. */
import { useState } from 'react';
import { Button, Input, Radio, Space } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { FigureLine } from '@fangxian/contracts/results';
import { ListCard, ListTable } from '../../staff/list-table.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { figuresQuery, resultsApi } from './results.api.ts';

const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

export function EvaluationFiguresPage() {
  const { t } = useTranslation('results');
  // The current month in China time.
  const [month, setMonth] = useState(() => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7));
  const [by, setBy] = useState<'item' | 'department'>('department');
  const read = useQuery(figuresQuery(month, by));
  const lines = { ...read, data: read.data?.lines };
  return (
    <PageContainer
      title={t('nav.figures')}
      section={t('nav.section')}
      description={t('figures.intro')}
      extra={
        <Space>
          <RefreshButton query={read} />
          <Button icon={<DownloadOutlined />} href={resultsApi.exportUrl(month, by)}>{t('figures.export')}</Button>
        </Space>
      }
    >
      <ListCard query={read}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Input type="month" style={{ width: 160 }} value={month} onChange={(e) => /^\d{4}-\d{2}$/.test(e.target.value) && setMonth(e.target.value)} aria-label={t('figures.month')} />
          <Radio.Group value={by} onChange={(e) => setBy(e.target.value)} optionType="button" options={[{ value: 'department', label: t('figures.byDepartment') }, { value: 'item', label: t('figures.byItem') }]} />
        </Space>
        <ListTable<FigureLine>
          query={lines}
          rowKey="key"
          size="small"
          pagination={false}
          data-testid="figures-table"
          columns={[
            { title: t('figures.name'), dataIndex: 'name' },
            ...[0, 1, 2, 3, 4].map((i) => ({ title: t(`level.${i + 1}`), key: `l${i}`, render: (_: unknown, r: FigureLine) => r.counts[i] })),
            { title: t('figures.total'), dataIndex: 'total' },
            { title: t('figures.satisfaction'), dataIndex: 'satisfactionRate', render: percent },
            { title: t('figures.bad'), dataIndex: 'bad' },
            { title: t('figures.rectifiedOnTime'), dataIndex: 'rectifiedOnTime' },
            { title: t('figures.onTimeRate'), dataIndex: 'onTimeRate', render: percent },
            { title: t('figures.excluded'), dataIndex: 'excluded' },
          ]}
        />
      </ListCard>
    </PageContainer>
  );
}
