/**
 * 工单考核: one month's KPIs of the officer's region — by department the response, on-time and
 * satisfaction rates, and the counts by source, category and day — with the XLSX workbook. Every read
 * is audited by the server.
 */
import { useState } from 'react';
import { Button, Card, Col, Input, Row, Space, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ListCard } from '../../staff/list-table.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { kpiQuery, ticketsAdminApi, type DepartmentKpi } from './tickets-admin.api.ts';

/** This month in China time, YYYY-MM. */
function currentMonth(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
}

const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

export function TicketKpiPage() {
  const { t } = useTranslation('tickets');
  const [month, setMonth] = useState(currentMonth());
  const valid = /^20\d{2}-(0[1-9]|1[0-2])$/.test(month);
  const kpi = useQuery({ ...kpiQuery(month), enabled: valid });
  const data = kpi.data;
  return (
    <PageContainer
      title={t('nav.kpi')}
      section={t('nav.section')}
      description={t('kpi.intro')}
      extra={
        <Space>
          <Button icon={<DownloadOutlined />} href={valid ? ticketsAdminApi.kpiXlsxUrl(month) : undefined} disabled={!valid} download data-testid="kpi-xlsx">
            {t('kpi.download')}
          </Button>
          <RefreshButton query={kpi} />
        </Space>
      }
    >
      <ListCard query={kpi}>
        <Space style={{ marginBottom: 12 }}>
          <label htmlFor="kpi-month">{t('kpi.month')}</label>
          <Input id="kpi-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} style={{ width: 180 }} data-testid="kpi-month" />
        </Space>
        <Table<DepartmentKpi>
          rowKey="department"
          size="small"
          loading={kpi.isLoading}
          dataSource={data?.departments ?? []}
          pagination={false}
          data-testid="kpi-departments"
          columns={[
            { title: t('field.department'), dataIndex: 'department' },
            { title: t('kpi.received'), dataIndex: 'received' },
            { title: t('kpi.answered'), dataIndex: 'answered' },
            { title: t('kpi.responseRate'), dataIndex: 'responseRate', render: percent },
            { title: t('kpi.answeredOnTime'), dataIndex: 'answeredOnTime' },
            { title: t('kpi.onTimeRate'), dataIndex: 'onTimeRate', render: percent },
            { title: t('kpi.rated'), dataIndex: 'rated' },
            { title: t('kpi.satisfied'), dataIndex: 'satisfied' },
            { title: t('kpi.satisfactionRate'), dataIndex: 'satisfactionRate', render: percent },
          ]}
        />
      </ListCard>
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col xs={24} md={8}>
          <Card size="small" title={t('kpi.byChannel')}>
            <Table
              rowKey="channel"
              size="small"
              pagination={false}
              dataSource={data?.byChannel ?? []}
              columns={[
                { title: t('field.channel'), dataIndex: 'channel', render: (c: string) => t(`channel.${c}`, { defaultValue: c }) },
                { title: t('kpi.count'), dataIndex: 'count' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small" title={t('kpi.byCategory')}>
            <Table
              rowKey={(r) => r.categoryId ?? '-'}
              size="small"
              pagination={false}
              dataSource={data?.byCategory ?? []}
              columns={[
                { title: t('kpi.category'), dataIndex: 'category', render: (c: string, r) => (r.categoryId ? c : t('kpi.noCategory')) },
                { title: t('kpi.count'), dataIndex: 'count' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small" title={t('kpi.byDay')}>
            <Table
              rowKey="day"
              size="small"
              pagination={false}
              scroll={{ y: 320 }}
              dataSource={data?.byDay ?? []}
              columns={[
                { title: t('kpi.day'), dataIndex: 'day' },
                { title: t('kpi.count'), dataIndex: 'count' },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}
