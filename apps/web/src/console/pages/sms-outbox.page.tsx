/** 短信发件箱: the messages of the built-in SMS adapter (the local stand-in for an SMS gateway). */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Empty, Input, Space, Table } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../../shared/api/errors.ts';
import type { SmsOutboxEntry } from '../../shared/api/types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { PageContainer } from '../components/page-container.tsx';
import { outboxApi } from '../api.ts';

/** The outbox page. */
export function SmsOutboxPage() {
  const { t } = useTranslation('console');
  const { message } = App.useApp();
  const [rows, setRows] = useState<SmsOutboxEntry[]>([]);
  const [loading, setLoading] = useState(true);
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (filter: string) => {
      setLoading(true);
      setError(null);
      try {
        setRows(await outboxApi.list(filter || undefined));
      } catch (err) {
        setError(messageOf(err, t('common:error.loadFailed')));
      } finally {
        setLoading(false);
      }
    },
    [t],
  );
  useEffect(() => {
    void load('');
  }, [load]);

  return (
    <PageContainer
      title={t('nav.smsOutbox')}
      section={t('nav.section.system')}
      description={t('outbox.description')}
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => load(phone)}>
          {t('common:action.refresh')}
        </Button>
      }
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
              setPhone(trimmed);
              void load(trimmed);
            }}
            style={{ width: 320 }}
          />
        </Space>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Table<SmsOutboxEntry>
          rowKey="id"
          loading={loading}
          dataSource={rows}
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
