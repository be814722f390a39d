/**
 * 比对: source A against source B — who is in one list and not the other, the overlap, how many days
 * earlier one reported the same person (distribution), per day and per county; the A-not-B list a
 * page at a time and as XLSX. The pair is in the address (?a=…&b=…).
 */
import { Alert, Button, Card, Col, Empty, Progress, Row, Select, Space, Statistic, Table, Tabs, Typography } from 'antd';
import { SwapOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/format.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { PageContainer } from '../components/page-container.tsx';
import { comparisonQuery, onlyInQuery, sourcesQuery, type OnlyInRow, type SourceComparison } from './screening.api.ts';
import { ExportRequestButton, PersonCell, StatusTag } from './screening.parts.tsx';

export function ComparisonPage() {
  const { t } = useTranslation('screening');
  const [search, setSearch] = useSearchParams();
  const a = search.get('a') ?? undefined;
  const b = search.get('b') ?? undefined;
  const sources = useQuery(sourcesQuery());
  const pick = (next: { a?: string; b?: string }) => {
    const params: Record<string, string> = {};
    const na = 'a' in next ? next.a : a;
    const nb = 'b' in next ? next.b : b;
    if (na) params.a = na;
    if (nb) params.b = nb;
    setSearch(params);
  };
  const options = (sources.data ?? []).map((s) => ({ value: s.id, label: s.name }));
  const ready = Boolean(a && b && a !== b);
  const nameOf = (id?: string) => sources.data?.find((s) => s.id === id)?.name ?? '—';
  return (
    <PageContainer title={t('nav.comparison')} section={t('nav.section')} description={t('comparison.intro')}>
      <Card className="fx-card">
        <Space wrap>
          <Typography.Text>{t('comparison.a')}</Typography.Text>
          <Select showSearch optionFilterProp="label" style={{ width: 220 }} value={a} onChange={(v) => pick({ a: v })} options={options} placeholder={t('comparison.pick')} aria-label={t('comparison.a')} data-testid="compare-a" />
          <Button icon={<SwapOutlined />} onClick={() => pick({ a: b, b: a })} aria-label={t('comparison.swap')} />
          <Typography.Text>{t('comparison.b')}</Typography.Text>
          <Select showSearch optionFilterProp="label" style={{ width: 220 }} value={b} onChange={(v) => pick({ b: v })} options={options} placeholder={t('comparison.pick')} aria-label={t('comparison.b')} data-testid="compare-b" />
        </Space>
        {a && b && a === b && <Alert type="warning" showIcon title={t('comparison.same')} style={{ marginTop: 12 }} />}
      </Card>
      {ready ? <Comparison a={a!} b={b!} nameA={nameOf(a)} nameB={nameOf(b)} /> : <Empty description={t('comparison.pickBoth')} />}
    </PageContainer>
  );
}

function Comparison({ a, b, nameA, nameB }: { a: string; b: string; nameA: string; nameB: string }) {
  const { t } = useTranslation('screening');
  const result = useQuery(comparisonQuery(a, b));
  const error = useLoadError(result.error);
  if (error) return <Alert type="error" showIcon title={error} className="fx-card" />;
  const c = result.data;
  if (!c) return <Card className="fx-card" loading />;
  return (
    <>
      <Card className="fx-card" data-testid="comparison-counts">
        <Row gutter={16}>
          <Col span={8}>
            <Statistic title={t('comparison.onlyIn', { source: nameA })} value={c.onlyA} />
          </Col>
          <Col span={8}>
            <Statistic title={t('comparison.onlyIn', { source: nameB })} value={c.onlyB} />
          </Col>
          <Col span={8}>
            <Statistic title={t('comparison.both')} value={c.both} />
          </Col>
        </Row>
      </Card>
      <Card className="fx-card">
        <Tabs
          items={[
            { key: 'lead', label: t('comparison.leadTab'), children: <LeadDays c={c} nameA={nameA} nameB={nameB} /> },
            { key: 'day', label: t('comparison.dayTab'), children: <Split rows={c.byDay.map((r) => ({ ...r, key: r.day, label: r.day }))} nameA={nameA} nameB={nameB} /> },
            { key: 'county', label: t('comparison.countyTab'), children: <Split rows={c.byCounty.map((r) => ({ ...r, key: r.regionCode, label: r.regionName ?? r.regionCode }))} nameA={nameA} nameB={nameB} /> },
            { key: 'onlyA', label: t('comparison.onlyIn', { source: nameA }), children: <OnlyIn a={a} b={b} nameA={nameA} nameB={nameB} /> },
            { key: 'onlyB', label: t('comparison.onlyIn', { source: nameB }), children: <OnlyIn a={b} b={a} nameA={nameB} nameB={nameA} /> },
          ]}
        />
      </Card>
    </>
  );
}

/** The lead-time distribution as horizontal bars: whole days A's first report came before B's (negative: B first). */
function LeadDays({ c, nameA, nameB }: { c: SourceComparison; nameA: string; nameB: string }) {
  const { t } = useTranslation('screening');
  if (c.leadDays.length === 0) return <Empty description={t('comparison.noOverlap')} />;
  const max = Math.max(...c.leadDays.map((d) => d.persons));
  return (
    <div data-testid="lead-days">
      {[...c.leadDays]
        .sort((x, y) => x.days - y.days)
        .map((d) => (
          <Row key={d.days} gutter={8} align="middle">
            <Col span={6}>
              <Typography.Text>
                {d.days === 0 ? t('comparison.sameDay') : d.days > 0 ? t('comparison.earlier', { source: nameA, days: d.days }) : t('comparison.earlier', { source: nameB, days: -d.days })}
              </Typography.Text>
            </Col>
            <Col span={18}>
              <Progress percent={Math.round((d.persons / max) * 100)} format={() => d.persons} strokeColor={d.days > 0 ? '#1677ff' : d.days < 0 ? '#fa8c16' : '#8c8c8c'} />
            </Col>
          </Row>
        ))}
    </div>
  );
}

interface SplitRow {
  key: string;
  label: string;
  onlyA: number;
  onlyB: number;
  both: number;
  aFirst: number;
  bFirst: number;
  avgLeadHours?: number | null;
}

function Split({ rows, nameA, nameB }: { rows: SplitRow[]; nameA: string; nameB: string }) {
  const { t } = useTranslation('screening');
  return (
    <Table<SplitRow>
      size="small"
      rowKey="key"
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      dataSource={rows}
      columns={[
        { title: '', dataIndex: 'label' },
        { title: t('comparison.onlyIn', { source: nameA }), dataIndex: 'onlyA' },
        { title: t('comparison.onlyIn', { source: nameB }), dataIndex: 'onlyB' },
        { title: t('comparison.both'), dataIndex: 'both' },
        { title: t('comparison.first', { source: nameA }), dataIndex: 'aFirst' },
        { title: t('comparison.first', { source: nameB }), dataIndex: 'bFirst' },
        { title: t('comparison.avgLead'), dataIndex: 'avgLeadHours', render: (v: number | null | undefined) => (v === null || v === undefined ? '—' : t('persons.hours', { h: v })) },
      ]}
    />
  );
}

/** The persons A reported and B did not, a page at a time, with the XLSX download. */
function OnlyIn({ a, b, nameA, nameB }: { a: string; b: string; nameA: string; nameB: string }) {
  const { t } = useTranslation('screening');
  const list = useInfiniteQuery(onlyInQuery(a, b));
  const error = useLoadError(list.error);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Typography.Text>{t('comparison.onlyInText', { a: nameA, b: nameB })}</Typography.Text>
        <ExportRequestButton ask={{ export: 'only_in_a', a, b }} label={t('comparison.requestDownload')} testId="request-only-in" />
      </Space>
      {error && <Alert type="error" showIcon title={error} />}
      <Table<OnlyInRow>
        size="small"
        rowKey={(r) => r.person.id}
        loading={list.isLoading}
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t('persons.person'), key: 'person', render: (_: unknown, r) => <PersonCell person={r.person} /> },
          { title: t('persons.residence'), key: 'residence', render: (_: unknown, r) => r.person.residenceDivisionName ?? r.person.residenceDivision ?? '—' },
          { title: t('persons.status'), key: 'status', render: (_: unknown, r) => <StatusTag status={r.person.status} /> },
          { title: t('comparison.firstReportedBy', { source: nameA }), dataIndex: 'firstReportedByA', render: (v: string) => formatDateTime(v) },
        ]}
      />
      {list.hasNextPage && (
        <Button block loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t('common.more')}
        </Button>
      )}
    </Space>
  );
}
