/** API 客户端: open-API clients — create (the key is shown once) and revoke. */
import { useState } from 'react';
import { Alert, Badge, Button, Card, Empty, Form, Input, Modal, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ApiClient, CreatedApiClient } from '../../shared/api/types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { useAction } from '../../staff/use-action.ts';
import { ListTable } from '../../staff/list-table.tsx';
import { CreateButton, RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { apiClientsApi, apiClientsQuery, systemKeys } from './system.api.ts';
import { useSession } from '../../shared/session/session.tsx';
import { DivisionCascader } from '../../staff/division-cascader.tsx';
import { RegionName } from '../../staff/region-name.tsx';

// The contract's permission shape: e.g. healthcode.verify (the permissions the server lists).
const PERMISSION = /^[a-z][a-zA-Z0-9_]*(\.[a-zA-Z0-9_]+)+$/;

/** The API clients page. */
export function ApiClientsPage() {
  const { t } = useTranslation('console');
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiClient | null>(null);
  const list = useQuery(apiClientsQuery());
  const loadError = useLoadError(list.error);
  const revoke = useAction({ send: (client: ApiClient) => apiClientsApi.revoke(client.id), invalidates: [systemKeys.apiClients], success: t('apiClients.revoked') });

  return (
    <PageContainer
      title={t('nav.apiClients')}
      section={t('nav.section.system')}
      description={t('apiClients.description')}
      extra={
        <Space>
          <RefreshButton query={list} />
          <CreateButton onClick={() => setCreating(true)}>{t('apiClients.create')}</CreateButton>
        </Space>
      }
    >
      <Card className="fx-card">
        {loadError && <Alert type="error" showIcon title={loadError} style={{ marginBottom: 16 }} />}
        <ListTable<ApiClient>
          query={list}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('apiClients.empty')} /> }}
          columns={[
            { title: t('apiClients.name'), dataIndex: 'name' },
            { title: t('apiClients.keyPrefix'), dataIndex: 'keyPrefix', render: (v: string) => <span className="fx-mono">{v}…</span> },
            { title: t('apiClients.region'), dataIndex: 'regionCode', render: (v: string) => <RegionName code={v || null} allLabel={t('apiClients.regionAll')} /> },
            { title: t('apiClients.permissions'), dataIndex: 'permissions', render: (ps: string[]) => ps.map((p) => <Tag key={p} className="fx-mono">{p}</Tag>) },
            {
              title: t('apiClients.status'),
              dataIndex: 'revokedAt',
              render: (v: string | null) => <Badge status={v ? 'default' : 'success'} text={v ? t('apiClients.revokedStatus') : t('apiClients.activeStatus')} />,
            },
            { title: t('apiClients.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
            { title: t('apiClients.lastUsedAt'), dataIndex: 'lastUsedAt', render: (v: string | null) => formatDateTime(v) },
            {
              title: t('apiClients.actions'),
              key: 'actions',
              render: (_: unknown, row) =>
                row.revokedAt ? null : (
                  <Popconfirm title={t('apiClients.revokeConfirm', { name: row.name })} okButtonProps={{ danger: true }} onConfirm={() => void revoke.run(row)}>
                    <Button type="link" danger size="small">
                      {t('apiClients.revoke')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
      <CreateClientModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(client) => {
          setCreating(false);
          setCreated(client);
        }}
      />
      <Modal
        open={created !== null}
        title={t('apiClients.keyTitle')}
        onCancel={() => setCreated(null)}
        footer={
          <Button type="primary" onClick={() => setCreated(null)}>
            {t('apiClients.keySaved')}
          </Button>
        }
        maskClosable={false}
      >
        <Alert type="warning" showIcon title={t('apiClients.keyWarning')} style={{ marginBottom: 16 }} />
        <Typography.Paragraph copyable={{ text: created?.key }} className="fx-secret" data-testid="api-key">
          {created?.key}
        </Typography.Paragraph>
      </Modal>
    </PageContainer>
  );
}

function CreateClientModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (c: CreatedApiClient) => void }) {
  const { t } = useTranslation('console');
  const { me } = useSession();
  const [form] = Form.useForm<{ name: string; permissions: string[]; regionCode?: string }>();
  const create = useAction({
    send: (values: { name: string; permissions: string[]; regionCode?: string }) => apiClientsApi.create(values.name.trim(), values.permissions, values.regionCode),
    invalidates: [systemKeys.apiClients],
    showError: 'inline',
    onDone: (client) => {
      onCreated(client);
      form.resetFields();
    },
  });
  const submit = async () => {
    await create.run(await form.validateFields());
  };
  return (
    <Modal open={open} title={t('apiClients.create')} okText={t('common:action.save')} cancelText={t('common:action.cancel')} confirmLoading={create.pending} onOk={submit} onCancel={onClose} destroyOnHidden>
      {create.error && <Alert type="error" showIcon title={create.error} style={{ marginBottom: 16 }} role="alert" />}
      <Form form={form} layout="vertical" name="create-api-client" preserve={false}>
        <Form.Item name="name" label={t('apiClients.name')} rules={[{ required: true, whitespace: true, max: 100, message: t('apiClients.nameRequired') }]}>
          <Input placeholder={t('apiClients.namePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="permissions"
          label={t('apiClients.permissions')}
          extra={t('apiClients.permissionsHint')}
          rules={[
            { required: true, type: 'array', min: 1, message: t('apiClients.permissionsRequired') },
            {
              validator: async (_rule, value: string[] | undefined) => {
                const bad = (value ?? []).find((p) => !PERMISSION.test(p));
                if (bad) throw new Error(t('apiClients.permissionInvalid', { permission: bad }));
              },
            },
          ]}
        >
          <Select mode="tags" tokenSeparators={[',', ' ']} open={false} suffixIcon={null} placeholder="healthcode.verify" />
        </Form.Item>
        <Form.Item name="regionCode" label={t('apiClients.region')} extra={t('apiClients.regionHint')}>
          <DivisionCascader scope={me?.regionCode ?? ''} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
