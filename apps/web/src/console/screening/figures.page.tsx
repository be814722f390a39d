/**
 * 统计看板: the county and city dashboard of the screening database — persons received, dispatched,
 * reached, in quarantine, overdue and closed, by county, source or day (the officer's region), as a
 * table with bars and as XLSX. The grouping and the day range are in the address (?by=…&from=…&to=…).
 */
import { Alert, Card, Col, DatePicker, Progress, Row, Segmented, Space, Statistic, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { PageContainer } from '../components/page-container.tsx';
import { figuresQuery, screeningDownloads, type FigureGroup, type FiguresFilter, type ScreeningFigure } from './screening.api.ts';
import { DownloadButton } from './screening.parts.tsx';

const GROUPS: FigureGroup[] = ['county', 'source', 'day'];
const MEASURES = ['received', 'dispatched', 'reached', 'quarantined', 'overdue', 'closed'] as const;

export function FiguresPage() {
  const { t } = useTranslation('screening');
  const [search, setSearch] = useSearchParams();
  const by = (GROUPS as string[]).includes(search.get('by') ?? '') ? (search.get('by') as FigureGroup) : 'county';
  const filter: FiguresFilter = { by, from: search.get('from') ?? undefined, to: search.get('to') ?? undefined };
  const set = (next: Partial<FiguresFilter>) => {
    const merged = { ...filter, ...next };
    const params: Record<string, string> = { by: merged.by };
    if (merged.from) params.from = merged.from;
    if (merged.to) params.to = merged.to;
    setSearch(params);
  };
  const figures = useQuery(figuresQuery(filter));
  const error = useLoadError(figures.error);
  const data = figures.data;
  const max = Math.max(1, ...(data?.rows ?? []).map((r) => r.received));
  return (
    <PageContainer title={t('nav.figures')} section={t('nav.section')} description={t('figures.intro')}>
      <Card className="fx-card">
        <Space wrap>
          <Segmented<FigureGroup> value={by} onChange={(v) => set({ by: v })} options={GROUPS.map((g) => ({ value: g, label: t(`figures.by.${g}`) }))} data-testid="figures-by" />
          <DatePicker.RangePicker
            allowEmpty={[true, true]}
            aria-label={t('figures.range')}
            onChange={(_, texts) => set({ from: texts?.[0] || undefined, to: texts?.[1] || undefined })}
            placeholder={[t('figures.from'), t('figures.to')]}
          />
          <DownloadButton href={screeningDownloads.figures(filter)} label={t('figures.download')} testId="download-figures" />
        </Space>
      </Card>
      {error && <Alert type="error" showIcon title={error} className="fx-card" />}
      <Card className="fx-card" loading={figures.isLoading} data-testid="figures-totals">
        <Row gutter={16}>
          {MEASURES.map((m) => (
            <Col key={m} xs={12} md={4}>
              <Statistic title={t(`figures.${m}`)} value={data?.totals[m] ?? 0} valueStyle={m === 'overdue' && (data?.totals.overdue ?? 0) > 0 ? { color: '#cf1322' } : undefined} />
            </Col>
          ))}
        </Row>
      </Card>
      <Card className="fx-card">
        <Table<ScreeningFigure>
          size="small"
          rowKey="key"
          loading={figures.isLoading}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          dataSource={data?.rows ?? []}
          data-testid="figures-table"
          columns={[
            { title: t(`figures.by.${by}`), key: 'key', render: (_: unknown, r) => (r.label ? `${r.label}${by === 'county' ? ` (${r.key})` : ''}` : r.key) },
            {
              title: t('figures.received'),
              dataIndex: 'received',
              width: 220,
              render: (v: number) => <Progress percent={Math.round((v / max) * 100)} format={() => v} size="small" />,
            },
            ...MEASURES.slice(1).map((m) => ({
              title: t(`figures.${m}`),
              dataIndex: m,
              render: (v: number, r: ScreeningFigure) => (m === 'overdue' && v > 0 ? <span style={{ color: '#cf1322' }}>{v}</span> : r.received ? `${v} (${Math.round((v / r.received) * 100)}%)` : v),
            })),
          ]}
        />
      </Card>
    </PageContainer>
  );
}
