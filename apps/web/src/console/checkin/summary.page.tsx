/** 打卡统计: a day's check-in completion in the officer's region, by organisation and by type and county (counts only). */
import { useState } from 'react';
import { DatePicker, Space, Statistic, Card, Row, Col } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { summaryQuery, type Counts } from '../../shared/checkin/checkin.api.ts';
import { ListCard, ListTable } from '../../staff/list-table.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';

const rate = (c: Counts) => (c.members === 0 ? '—' : `${Math.round((c.reported / c.members) * 1000) / 10}%`);

/** The summary page. */
export function CheckinSummaryPage() {
  const { t } = useTranslation('checkin');
  const [day, setDay] = useState<string | undefined>(undefined);
  const read = useQuery(summaryQuery(day));
  const data = read.data;
  const counts = [
    { title: t('summary.members'), dataIndex: 'members' },
    { title: t('summary.reported'), dataIndex: 'reported' },
    { title: t('summary.abnormal'), dataIndex: 'abnormal', render: (n: number) => (n > 0 ? <strong style={{ color: '#cf1322' }}>{n}</strong> : n) },
    { title: t('summary.rate'), key: 'rate', render: (_: unknown, r: Counts) => rate(r) },
  ];
  return (
    <PageContainer
      title={t('summary.title')}
      section={t('nav.section')}
      description={t('summary.intro')}
      extra={
        <Space>
          <DatePicker aria-label={t('summary.day')} allowClear onChange={(_, text) => setDay(typeof text === 'string' && text ? text : undefined)} />
          <RefreshButton query={read} />
        </Space>
      }
    >
      {data && (
        <Card className="fx-card" data-testid="checkin-summary-total">
          <Row gutter={16}>
            <Col span={6}><Statistic title={t('summary.organisations')} value={data.total.organisations} /></Col>
            <Col span={6}><Statistic title={t('summary.members')} value={data.total.members} /></Col>
            <Col span={6}><Statistic title={t('summary.reported')} value={data.total.reported} suffix={`(${rate(data.total)})`} /></Col>
            <Col span={6}><Statistic title={t('summary.abnormal')} value={data.total.abnormal} /></Col>
          </Row>
        </Card>
      )}
      <ListCard query={read}>
        <h3>{t('summary.byType')}</h3>
        <ListTable
          query={{ data: data?.byTypeAndDivision, isLoading: read.isLoading }}
          rowKey={(r) => `${r.type}|${r.divisionCode}`}
          pagination={false}
          columns={[
            { title: t('summary.type'), dataIndex: 'type', render: (v: string) => t(`orgType.${v}`) },
            { title: t('summary.division'), dataIndex: 'divisionName' },
            { title: t('summary.organisations'), dataIndex: 'organisations' },
            ...counts,
          ]}
        />
        <h3>{t('summary.byOrganisation')}</h3>
        <ListTable
          query={{ data: data?.byOrganisation, isLoading: read.isLoading }}
          rowKey="orgId"
          data-testid="checkin-summary-orgs"
          columns={[
            { title: t('summary.name'), dataIndex: 'name' },
            { title: t('summary.type'), dataIndex: 'type', render: (v: string) => t(`orgType.${v}`) },
            { title: t('summary.division'), dataIndex: 'divisionCode' },
            ...counts,
          ]}
        />
      </ListCard>
    </PageContainer>
  );
}
