/**
 * 政务快递: the region's shipments (applicants masked) with their tracking, and the local carrier
 * adapter's outbox — the stand-in for a carrier's API — where an officer records pick-up, transit and delivery.
 */
import { Card, Select, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { SHIPMENT_STATUSES, type OutboxEntry, type Shipment, type ShipmentStatus } from '@fangxian/contracts/results';
import { formatDateTime } from '../../shared/format.ts';
import { useAction } from '../../staff/use-action.ts';
import { ListCard, ListTable } from '../../staff/list-table.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { outboxQuery, resultKeys, resultsApi, shipmentsQuery } from './results.api.ts';

export function DeliveryPage() {
  const { t } = useTranslation('results');
  const list = useQuery(shipmentsQuery());
  const outbox = useQuery(outboxQuery());
  const record = useAction<{ id: string; status: ShipmentStatus }>({
    send: ({ id, status }) => resultsApi.recordStatus(id, status),
    invalidates: [resultKeys.delivery],
    success: t('delivery.recorded'),
  });
  return (
    <PageContainer title={t('nav.delivery')} section={t('nav.section')} description={t('delivery.intro')} extra={<RefreshButton query={list} />}>
      <ListCard query={list}>
        <ListTable<Shipment>
          query={list}
          size="small"
          data-testid="shipments-table"
          expandable={{
            expandedRowRender: (r) => (
              <Space direction="vertical" size={2}>
                {r.timeline.map((e) => (
                  <span key={`${e.at}-${e.status}-${e.source}`}>{formatDateTime(e.at)} · {t(`shipmentStatus.${e.status}`)} · {e.source}{e.note ? ` · ${e.note}` : ''}</span>
                ))}
              </Space>
            ),
          }}
          columns={[
            { title: t('delivery.number'), dataIndex: 'number' },
            { title: t('delivery.direction'), dataIndex: 'direction', render: (d: 'outbound' | 'return') => t(`delivery.${d}`) },
            { title: t('delivery.contents'), dataIndex: 'contents' },
            { title: t('delivery.carrier'), dataIndex: 'carrier' },
            { title: t('delivery.tracking'), dataIndex: 'trackingNumber' },
            { title: t('delivery.applicant'), key: 'applicant', render: (_: unknown, r) => `${r.applicant.recipient} ${r.applicant.phone} ${r.applicant.address}` },
            { title: t('delivery.status'), dataIndex: 'status', render: (s: ShipmentStatus) => <Tag color={s === 'delivered' ? 'success' : s === 'returned' ? 'red' : 'processing'}>{t(`shipmentStatus.${s}`)}</Tag> },
            {
              title: t('delivery.record'),
              key: 'record',
              render: (_: unknown, r) => (
                <Select<ShipmentStatus>
                  size="small"
                  style={{ width: 110 }}
                  placeholder={t('delivery.record')}
                  disabled={record.pending || r.status === 'delivered' || r.status === 'returned'}
                  onChange={(status) => void record.run({ id: r.id, status })}
                  options={SHIPMENT_STATUSES.filter((s) => s !== 'created').map((s) => ({ value: s, label: t(`shipmentStatus.${s}`) }))}
                />
              ),
            },
          ]}
        />
      </ListCard>
      <Card className="fx-card" title={t('delivery.outbox')}>
        <Typography.Paragraph type="secondary">{t('delivery.outboxIntro')}</Typography.Paragraph>
        <ListTable<OutboxEntry>
          query={outbox}
          size="small"
          data-testid="delivery-outbox"
          columns={[
            { title: t('delivery.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
            { title: t('delivery.carrier'), dataIndex: 'carrier' },
            { title: t('delivery.tracking'), dataIndex: 'trackingNumber' },
            { title: t('delivery.contents'), key: 'request', render: (_: unknown, r) => <Typography.Text code>{JSON.stringify(r.request)}</Typography.Text> },
          ]}
        />
      </Card>
    </PageContainer>
  );
}
