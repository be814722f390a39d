/** 短信发件箱: the messages of the built-in SMS adapter (the local stand-in for an SMS gateway). */
import { useState } from 'react';
import { Alert, App, Card, Empty, Input, Space } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SmsOutboxEntry } from '../../shared/api/types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { ListTable } from '../../staff/list-table.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { outboxQuery } from './system.api.ts';

/** The outbox page. */
export function SmsOutboxPage() {
  const { t } = useTranslation('console');
  const { message } = App.useApp();
  const [phone, setPhone] = useState('');
  const list = useQuery(outboxQuery(phone));
  const loadError = useLoadError(list.error);

  return (
    <PageContainer
      title={t('nav.smsOutbox')}
      section={t('nav.section.system')}
      description={t('outbox.description')}
      extra={<RefreshButton query={list} />}
    >
      <Card className="fx-card">
        <Space style={{ marginBottom: 16 }} wrap>
          <Input.Search
            allowClear
            placeholder={t('outbox.phonePlaceholder')}
            enterButton={t('common:action.search')}
            onSearch={(value) => {
              const trimmed = value.trim();
              if (trimmed && !/^1[3-9]\d{9}$/.test(trimmed)) return void message.warning(t('outbox.phoneInvalid'));
              // A new number loads by itself; the same one again is a reload.
              if (trimmed === phone) void list.refetch();
              else setPhone(trimmed);
            }}
            style={{ width: 320 }}
          />
        </Space>
        {loadError && <Alert type="error" showIcon title={loadError} style={{ marginBottom: 16 }} />}
        <ListTable<SmsOutboxEntry>
          query={list}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('outbox.empty')} /> }}
          columns={[
            { title: t('outbox.createdAt'), dataIndex: 'createdAt', width: 190, render: (v: string) => formatDateTime(v) },
            { title: t('outbox.phone'), dataIndex: 'phone', width: 150 },
            { title: t('outbox.template'), dataIndex: 'template', width: 160 },
            { title: t('outbox.body'), dataIndex: 'body' },
          ]}
        />
      </Card>
    </PageContainer>
  );
}
