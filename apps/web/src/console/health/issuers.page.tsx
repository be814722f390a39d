/** 互认签发方: other regions' code issuers trusted by public key, so their citizens' codes verify here (mutual recognition). */
import { useCallback, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../../shared/api/errors.ts';
import { healthOfficeApi } from '../../shared/health/health.api.ts';
import type { NewTrustedIssuer, TrustedIssuer } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useLoad } from '../../staff-health/use-load.ts';
import { PageContainer } from '../components/page-container.tsx';

/** The trusted issuers page. */
export function TrustedIssuersPage() {
  const { t } = useTranslation('health');
  const { message } = App.useApp();
  const [adding, setAdding] = useState(false);
  const list = useLoad(useCallback(() => healthOfficeApi.trustedIssuers(), []), t('common:error.loadFailed'));
  const remove = async (row: TrustedIssuer) => {
    if (!row.id) return;
    try {
      await healthOfficeApi.distrustIssuer(row.id);
      message.success(t('issuers.removed'));
      await list.reload();
    } catch (err) {
      message.error(messageOf(err, t('common:state.failed')));
    }
  };
  return (
    <PageContainer
      title={t('issuers.title')}
      section={t('nav.section')}
      description={t('issuers.intro')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void list.reload()}>
            {t('common.refresh')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('issuers.add')}
          </Button>
        </Space>
      }
    >
      {list.error && <Alert type="error" showIcon title={list.error} className="fx-card" />}
      <Card className="fx-card">
        <Table<TrustedIssuer>
          rowKey={(r) => `${r.issuer}/${r.kid}`}
          loading={list.loading}
          dataSource={list.data ?? []}
          expandable={{ expandedRowRender: (r) => <Typography.Paragraph className="fx-secret" copyable>{r.publicKeyPem}</Typography.Paragraph> }}
          columns={[
            { title: t('issuers.name'), dataIndex: 'name' },
            { title: t('issuers.issuer'), dataIndex: 'issuer', render: (v: string) => <span className="fx-mono">{v}</span> },
            { title: t('issuers.kid'), dataIndex: 'kid', render: (v: string) => <span className="fx-mono">{v}</span> },
            { title: t('issuers.algorithm'), dataIndex: 'algorithm', render: (v: string) => <Tag>{v.toUpperCase()}</Tag> },
            { title: t('issuers.source'), dataIndex: 'source', render: (v: TrustedIssuer['source']) => t(`issuers.sources.${v}`) },
            { title: t('issuers.createdAt'), dataIndex: 'createdAt', render: (v: string | null) => formatDateTime(v) },
            {
              title: t('common.actions'),
              key: 'actions',
              // Keys from FX_TRUSTED_ISSUERS are changed in the deployment's configuration, not here.
              render: (_: unknown, r: TrustedIssuer) =>
                r.source === 'console' && (
                  <Popconfirm title={t('issuers.removeConfirm')} onConfirm={() => void remove(r)} okText={t('common.confirm')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }}>
                    <Button size="small" danger>
                      {t('issuers.remove')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
      {adding && (
        <AddIssuerModal
          onClose={() => setAdding(false)}
          onDone={() => {
            setAdding(false);
            message.success(t('issuers.added'));
            void list.reload();
          }}
        />
      )}
    </PageContainer>
  );
}

function AddIssuerModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('health');
  const [form] = Form.useForm<NewTrustedIssuer>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (values: NewTrustedIssuer) => {
    setSaving(true);
    setError(null);
    try {
      await healthOfficeApi.trustIssuer({ ...values, name: values.name.trim(), issuer: values.issuer.trim(), kid: values.kid.trim(), publicKeyPem: values.publicKeyPem.trim() });
      onDone();
    } catch (err) {
      setError(messageOf(err, t('common:state.failed')));
    } finally {
      setSaving(false);
    }
  };
  const required = { required: true, whitespace: true, message: t('register.required') };
  return (
    <Modal open width={640} title={t('issuers.add')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} okText={t('common.confirm')} cancelText={t('common.cancel')} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ algorithm: 'ed25519' }}>
        <Form.Item name="name" label={t('issuers.name')} rules={[required, { max: 100 }]}>
          <Input maxLength={100} placeholder={t('issuers.namePlaceholder')} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="issuer" label={t('issuers.issuer')} rules={[required, { max: 64 }]} style={{ flex: 1 }}>
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item name="kid" label={t('issuers.kid')} rules={[required, { max: 64 }]} style={{ flex: 1 }}>
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item name="algorithm" label={t('issuers.algorithm')} rules={[required]} style={{ width: 140 }}>
            <Select options={[{ value: 'ed25519', label: 'Ed25519' }, { value: 'sm2', label: 'SM2' }]} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="publicKeyPem" label={t('issuers.publicKey')} rules={[required, { min: 40, max: 4000 }]} extra={t('issuers.publicKeyHint')}>
          <Input.TextArea rows={6} className="fx-mono" spellCheck={false} placeholder="-----BEGIN PUBLIC KEY-----" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
