/** 互认签发方: other regions' code issuers trusted by public key, so their citizens' codes verify here (mutual recognition). */
import { useCallback, useState } from 'react';
import { Button, Form, Input, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { healthOfficeApi } from '../../shared/health/health.api.ts';
import type { NewTrustedIssuer, TrustedIssuer } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useLoad } from '../../staff-health/use-load.ts';
import { FormModal } from '../components/form-modal.tsx';
import { ListCard, ListTable } from '../components/list-table.tsx';
import { CreateButton, RefreshButton } from '../components/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { useChanges } from '../components/use-changes.ts';

/** The trusted issuers page. */
export function TrustedIssuersPage() {
  const { t } = useTranslation('health');
  const [adding, setAdding] = useState(false);
  const list = useLoad(useCallback(() => healthOfficeApi.trustedIssuers(), []), t('common:error.loadFailed'));
  const changes = useChanges(list.reload);
  const remove = ({ id }: TrustedIssuer) => {
    if (id) void changes.run(() => healthOfficeApi.distrustIssuer(id), t('issuers.removed'));
  };
  return (
    <PageContainer
      title={t('issuers.title')}
      section={t('nav.section')}
      description={t('issuers.intro')}
      extra={
        <Space>
          <RefreshButton onRefresh={list.reload} />
          <CreateButton onClick={() => setAdding(true)}>{t('issuers.add')}</CreateButton>
        </Space>
      }
    >
      <ListCard error={list.error}>
        <ListTable<TrustedIssuer>
          list={list}
          rowKey={(r) => `${r.issuer}/${r.kid}`}
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
                  <Popconfirm title={t('issuers.removeConfirm')} onConfirm={() => remove(r)} okText={t('common.confirm')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }}>
                    <Button size="small" danger>
                      {t('issuers.remove')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </ListCard>
      {adding && <AddIssuerModal onClose={() => setAdding(false)} onDone={() => void changes.done(t('issuers.added'))} />}
    </PageContainer>
  );
}

function AddIssuerModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('health');
  const submit = async (values: NewTrustedIssuer) => {
    await healthOfficeApi.trustIssuer({ ...values, name: values.name.trim(), issuer: values.issuer.trim(), kid: values.kid.trim(), publicKeyPem: values.publicKeyPem.trim() });
    onDone();
  };
  const required = { required: true, whitespace: true, message: t('register.required') };
  return (
    <FormModal<NewTrustedIssuer> width={640} title={t('issuers.add')} onClose={onClose} onSubmit={submit} initialValues={{ algorithm: 'ed25519' }}>
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
    </FormModal>
  );
}
