/** 消息投递 (sys_admin): delivery counts by kind, channel and status, and the local webhook receiver's latest signed posts. */
import { useState } from 'react';
import { Segmented, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { deliveryQuery, webhookOutboxQuery, type DeliveryCount, type WebhookPost } from '../../shared/checkin/checkin.api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { ListCard, ListTable } from '../../staff/list-table.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';

const STATUS_COLOUR: Record<string, string> = { delivered: 'success', sent: 'success', pending: 'processing', failed: 'error', skipped: 'default', rate_limited: 'warning' };

/** The delivery page. */
export function NotificationDeliveryPage() {
  const { t } = useTranslation('checkin');
  const [hours, setHours] = useState(24);
  const counts = useQuery(deliveryQuery(hours));
  const outbox = useQuery(webhookOutboxQuery());
  return (
    <PageContainer
      title={t('delivery.title')}
      section={t('delivery.section')}
      description={t('delivery.intro')}
      extra={
        <Space wrap>
          <Segmented<number> value={hours} onChange={setHours} options={[24, 72, 168].map((h) => ({ value: h, label: t('delivery.hours', { n: h }) }))} />
          <RefreshButton query={counts} />
        </Space>
      }
    >
      <ListCard query={counts}>
        <ListTable<DeliveryCount>
          query={counts}
          rowKey={(r) => `${r.kind}|${r.channel}|${r.status}`}
          pagination={false}
          data-testid="delivery-counts"
          locale={{ emptyText: t('delivery.empty') }}
          columns={[
            { title: t('delivery.kind'), dataIndex: 'kind' },
            { title: t('delivery.channel'), dataIndex: 'channel', render: (c: string) => t(`prefs.channel.${c}`, { defaultValue: c }) },
            { title: t('delivery.status'), dataIndex: 'status', render: (s: string) => <Tag color={STATUS_COLOUR[s] ?? 'default'}>{s}</Tag> },
            { title: t('delivery.count'), dataIndex: 'n', align: 'right' },
          ]}
        />
      </ListCard>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('delivery.outbox')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('delivery.outboxIntro')}</Typography.Paragraph>
      <ListCard query={outbox}>
        <ListTable<WebhookPost>
          query={outbox}
          data-testid="webhook-outbox"
          locale={{ emptyText: t('delivery.outboxEmpty') }}
          expandable={{ expandedRowRender: (r) => <Typography.Text code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{r.body}</Typography.Text> }}
          columns={[
            { title: t('delivery.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
            { title: t('delivery.url'), dataIndex: 'url', ellipsis: true },
            { title: t('delivery.signature'), dataIndex: 'signature', ellipsis: true, render: (v: string) => <Typography.Text code>{v.slice(0, 24)}…</Typography.Text> },
          ]}
        />
      </ListCard>
    </PageContainer>
  );
}
