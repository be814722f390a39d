/**
 * 办件统计: the government-service figures of the officer's region, as the seed reports give them —
 * "N 个事项支持容缺受理，累计办理 M 件" for 容缺受理, 告知承诺 and 优先办; cases per mode and status; each
 * department's reviews; and on-site (served at a hall window) versus online handling over a day range
 * with the on-site share. Counts per mode come from GET /api/govservice/figures (all days; XLSX from
 * figures.xlsx), the on-site share from GET /api/hall/handling.
 */
import { useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Row, Space, Statistic, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { addDays, todayInChina } from '@fangxian/contracts/kernel/days';
import { api } from '../../shared/api/client.ts';
import { useSession } from '../../shared/session/session.tsx';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { PageContainer } from '../components/page-container.tsx';
import { handlingQuery } from '../hall/hall.api.ts';

interface Figures {
  items: { total: number; tolerance: number; commitment: number; priority: number };
  byMode: { mode: string; status: string; n: number }[];
  byDepartment: { department: string; status: string; n: number }[];
  greenChannel: number;
}

const figuresQuery = () =>
  queryOptions({ queryKey: ['console-govservice', 'figures'], queryFn: ({ signal }) => api.get<Figures>('/api/govservice/figures', { signal }) });

const MODES = ['normal', 'tolerance', 'commitment'] as const;
const STATUSES = ['submitted', 'returned', 'accepted', 'under_review', 'approved', 'rejected', 'revoked', 'withdrawn'] as const;
const share = (v: number | null) => (v === null ? '—' : `${v}%`);

export function GovserviceFiguresPage() {
  const { t } = useTranslation('hall');
  const today = todayInChina();
  const [range, setRange] = useState<[string, string]>([addDays(today, -29), today]);
  const figures = useQuery(figuresQuery());
  // The on-site share reads the halls: only for officers who may read hall counts (service centre, 大数据局).
  const { me } = useSession();
  const canReadHalls = me?.actions.includes('hall.stats.read') ?? false;
  const handling = useQuery({ ...handlingQuery(range[0], range[1]), enabled: canReadHalls });
  const error = useLoadError(figures.error ?? handling.error);
  const f = figures.data;
  const cases = (mode: string) => (f?.byMode ?? []).filter((r) => r.mode === mode).reduce((a, r) => a + r.n, 0);
  const modeRows = MODES.map((mode) => ({
    mode, total: cases(mode), ...Object.fromEntries(STATUSES.map((s) => [s, (f?.byMode ?? []).find((r) => r.mode === mode && r.status === s)?.n ?? 0])),
  }));
  const departments = [...new Set((f?.byDepartment ?? []).map((r) => r.department))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  const deptRows = departments.map((department) => {
    const of = (status: string) => (f?.byDepartment ?? []).filter((r) => r.department === department && r.status === status).reduce((a, r) => a + r.n, 0);
    return { department, approved: of('approved'), rejected: of('rejected'), pending: of('pending'), total: of('approved') + of('rejected') + of('pending') };
  });
  const h = handling.data;
  const g = (key: string) => t(`gsFigures.${key}`);
  return (
    <PageContainer
      title={g('title')}
      section={t('govservice:nav.section')}
      description={g('intro')}
      extra={<Button icon={<DownloadOutlined />} href="/api/govservice/figures.xlsx" download data-testid="gs-figures-download">{g('download')}</Button>}
    >
      {error && <Alert type="error" showIcon title={error} className="fx-card" />}
      <Card className="fx-card" loading={figures.isLoading} data-testid="gs-figures-modes">
        <Row gutter={16}>
          <Col xs={24} md={6}><Statistic title={g('items')} value={f?.items.total ?? 0} /></Col>
          <Col xs={24} md={6}><Statistic title={g('modes.tolerance')} value={cases('tolerance')} /><div data-testid="gs-line-tolerance">{t('gsFigures.modeLine', { n: f?.items.tolerance ?? 0, cases: cases('tolerance') })}</div></Col>
          <Col xs={24} md={6}><Statistic title={g('modes.commitment')} value={cases('commitment')} /><div data-testid="gs-line-commitment">{t('gsFigures.modeLine', { n: f?.items.commitment ?? 0, cases: cases('commitment') })}</div></Col>
          <Col xs={24} md={6}><Statistic title={g('modes.priority')} value={f?.greenChannel ?? 0} /><div data-testid="gs-line-priority">{t('gsFigures.priorityLine', { n: f?.items.priority ?? 0, cases: f?.greenChannel ?? 0 })}</div></Col>
        </Row>
      </Card>
      {canReadHalls && <Card className="fx-card" title={g('onsite')} data-testid="gs-figures-onsite"
        extra={
          <Space>
            <DatePicker aria-label={g('from')} placeholder={range[0]} onChange={(_, text) => typeof text === 'string' && text && setRange([text, range[1] < text ? text : range[1]])} />
            <DatePicker aria-label={g('to')} placeholder={range[1]} onChange={(_, text) => typeof text === 'string' && text && setRange([range[0] > text ? text : range[0], text])} />
          </Space>
        }
      >
        <Row gutter={16}>
          <Col xs={24} md={6}><Statistic title={g('served')} value={h?.totals.served ?? 0} /></Col>
          <Col xs={24} md={6}><Statistic title={g('online')} value={h?.totals.online ?? 0} /></Col>
          <Col xs={24} md={6}><Statistic title={g('share')} value={share(h?.totals.onsiteShare ?? null)} /></Col>
          <Col xs={24} md={6}><Statistic title={t('gsFigures.halls', { n: h?.halls ?? 0 })} value={`${range[0]} – ${range[1]}`} valueStyle={{ fontSize: 16 }} /></Col>
        </Row>
        <Table
          size="small"
          rowKey="day"
          pagination={false}
          loading={handling.isLoading}
          dataSource={h?.days ?? []}
          data-testid="gs-figures-days"
          columns={[
            { title: g('day'), dataIndex: 'day' },
            { title: g('served'), dataIndex: 'served' },
            { title: g('online'), dataIndex: 'online' },
            { title: g('share'), dataIndex: 'onsiteShare', render: (v: number | null) => share(v) },
          ]}
        />
      </Card>}
      <Card className="fx-card" title={g('byMode')}>
        <Table
          size="small"
          rowKey="mode"
          pagination={false}
          loading={figures.isLoading}
          dataSource={modeRows}
          data-testid="gs-figures-by-mode"
          columns={[
            { title: g('mode'), dataIndex: 'mode', render: (m: string) => t(`gsFigures.modes.${m}`) },
            { title: g('total'), dataIndex: 'total' },
            ...STATUSES.map((s) => ({ title: t(`gsFigures.status.${s}`), dataIndex: s })),
          ]}
        />
      </Card>
      <Card className="fx-card" title={g('byDepartment')}>
        <Table
          size="small"
          rowKey="department"
          pagination={false}
          loading={figures.isLoading}
          dataSource={deptRows}
          data-testid="gs-figures-by-department"
          columns={[
            { title: g('department'), dataIndex: 'department' },
            { title: g('total'), dataIndex: 'total' },
            { title: t('gsFigures.status.approved'), dataIndex: 'approved' },
            { title: t('gsFigures.status.rejected'), dataIndex: 'rejected' },
            { title: g('pending'), dataIndex: 'pending' },
          ]}
        />
      </Card>
    </PageContainer>
  );
}
