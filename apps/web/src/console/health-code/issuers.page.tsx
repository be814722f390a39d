/** 互认签发方: other regions' code issuers trusted by public key, so their citizens' codes verify here (mutual recognition). */
import { useState } from 'react';
import { Button, Form, Input, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { NewTrustedIssuer, TrustedIssuer } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useAction } from '../../staff/use-action.ts';
import { FormModal } from '../components/form-modal.tsx';
import { ListCard, ListTable } from '../../staff/list-table.tsx';
import { CreateButton, RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { ProposalsCard } from '../components/proposals-card.tsx';
import { healthCodeApi, healthCodeKeys, issuerProposalsQuery, trustedIssuersQuery } from './health-code.api.ts';

/** The trusted issuers page. */
export function TrustedIssuersPage() {
  const { t } = useTranslation('health');
  const [adding, setAdding] = useState(false);
  const list = useQuery(trustedIssuersQuery());
  const proposals = useQuery(issuerProposalsQuery());
  const remove = useAction({ send: (issuerId: string) => healthCodeApi.distrustIssuer(issuerId), invalidates: [healthCodeKeys.issuers], success: t('issuers.removed') });
  return (
    <PageContainer
      title={t('issuers.title')}
      section={t('nav.section')}
      description={t('issuers.intro')}
      extra={
        <Space>
          <RefreshButton query={list} />
          <CreateButton onClick={() => setAdding(true)}>{t('issuers.add')}</CreateButton>
        </Space>
      }
    >
      <ProposalsCard
        query={proposals}
        testId="issuer-proposals"
        decide={healthCodeApi.decideIssuer}
        invalidates={[healthCodeKeys.issuerProposals, healthCodeKeys.issuers]}
        describe={(p) => (
          <Space direction="vertical" size={0}>
            <span>{t('approvals.trust', { name: p.name, issuer: p.issuer, kid: p.kid })}</span>
            <Typography.Text type="secondary" className="fx-mono">
              {t('approvals.fingerprint', { fingerprint: p.fingerprint.slice(0, 32) })}
            </Typography.Text>
          </Space>
        )}
      />
      <ListCard query={list}>
        <ListTable<TrustedIssuer>
          query={list}
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
                r.source === 'console' &&
                r.id && (
                  <Popconfirm title={t('issuers.removeConfirm')} onConfirm={() => void remove.run(r.id!)} okText={t('common.confirm')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }}>
                    <Button size="small" danger>
                      {t('issuers.remove')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </ListCard>
      {adding && <AddIssuerModal onClose={() => setAdding(false)} />}
    </PageContainer>
  );
}

function AddIssuerModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('health');
  const send = (values: NewTrustedIssuer) =>
    healthCodeApi.trustIssuer({ ...values, name: values.name.trim(), issuer: values.issuer.trim(), kid: values.kid.trim(), publicKeyPem: values.publicKeyPem.trim() });
  const required = { required: true, whitespace: true, message: t('register.required') };
  return (
    <FormModal<NewTrustedIssuer> width={640} title={t('issuers.add')} onClose={onClose} send={send} invalidates={[healthCodeKeys.issuerProposals]} success={t('issuers.added')} initialValues={{ algorithm: 'ed25519' }}>
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
