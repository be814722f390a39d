/**
 * 国办转办回传: the results reported back to the national platform for forwarded clues — the outbox of
 * the officer's region (the built-in adapter is local: "sent" means recorded here), with status,
 * attempts and the last error of failed tries.
 */
import { useState } from 'react';
import { Select, Space, Table, Tag, Typography } from 'antd';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api/client.ts';
import { formatDateTime } from '../../shared/format.ts';
import { ListCard } from '../../staff/list-table.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { ticketKeys } from './tickets.api.ts';

interface OutboxRow {
  id: string;
  ticketId: string;
  externalId: string;
  event: string;
  payload: Record<string, unknown>;
  status: 'pending' | 'sent' | 'failed';
  adapter: string | null;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string;
  sentAt: string | null;
  createdAt: string;
}

const STATUS_COLOUR = { pending: 'gold', sent: 'success', failed: 'error' } as const;

const outboxQuery = (status: string | undefined) =>
  queryOptions({
    queryKey: [...ticketKeys.all, 'national-outbox', status],
    queryFn: ({ signal }) => api.get<OutboxRow[]>(`/api/tickets/national/outbox?limit=200${status ? `&status=${status}` : ''}`, { signal }),
  });

export function NationalOutboxPage() {
  const { t } = useTranslation('tickets');
  const [status, setStatus] = useState<string | undefined>(undefined);
  const list = useQuery(outboxQuery(status));
  return (
    <PageContainer title={t('nav.outbox')} section={t('nav.section')} description={t('outbox.intro')} extra={<RefreshButton query={list} />}>
      <ListCard query={list}>
        <Space style={{ marginBottom: 12 }}>
          <Select
            allowClear
            style={{ minWidth: 160 }}
            placeholder={t('outbox.status')}
            aria-label={t('outbox.status')}
            value={status}
            onChange={setStatus}
            options={(['pending', 'sent', 'failed'] as const).map((s) => ({ value: s, label: t(`outbox.state.${s}`) }))}
          />
        </Space>
        <Table<OutboxRow>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.data ?? []}
          data-testid="national-outbox"
          columns={[
            { title: t('outbox.externalId'), dataIndex: 'externalId' },
            { title: t('field.number'), key: 'number', render: (_: unknown, r) => String(r.payload.number ?? '') },
            { title: t('outbox.event'), dataIndex: 'event', render: (e: string) => t(`action.${e}`, { defaultValue: e }) },
            { title: t('outbox.status'), dataIndex: 'status', render: (s: OutboxRow['status']) => <Tag color={STATUS_COLOUR[s]}>{t(`outbox.state.${s}`)}</Tag> },
            { title: t('outbox.adapter'), dataIndex: 'adapter', render: (a: string | null) => a ?? '—' },
            { title: t('outbox.attempts'), dataIndex: 'attempts' },
            { title: t('outbox.lastError'), dataIndex: 'lastError', render: (e: string | null) => (e ? <Typography.Text type="danger">{e}</Typography.Text> : '—') },
            { title: t('outbox.sentAt'), dataIndex: 'sentAt', render: (v: string | null) => (v ? formatDateTime(v) : '—') },
            { title: t('field.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          ]}
        />
      </ListCard>
    </PageContainer>
  );
}
