/** 电子文书: documents issued in the officer's region (holders masked); issue a certificate or approval letter; revoke with a reason. */
import { useState } from 'react';
import { Alert, Form, Input, Modal, Select, Space, Button, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { IssuedDocument } from '@fangxian/contracts/results';
import { formatDateTime } from '../../shared/format.ts';
import { useAction } from '../../staff/use-action.ts';
import { FormModal } from '../components/form-modal.tsx';
import { ListCard, ListTable } from '../../staff/list-table.tsx';
import { CreateButton, RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { issuedQuery, resultKeys, resultsApi, type IssueInput } from './results.api.ts';

export function DocumentsPage() {
  const { t } = useTranslation('results');
  const list = useQuery(issuedQuery());
  const [issuing, setIssuing] = useState(false);
  const [revoking, setRevoking] = useState<IssuedDocument | null>(null);
  return (
    <PageContainer
      title={t('nav.documents')}
      section={t('nav.section')}
      description={t('documents.intro')}
      extra={<Space><RefreshButton query={list} /><CreateButton onClick={() => setIssuing(true)}>{t('documents.issue')}</CreateButton></Space>}
    >
      <ListCard query={list}>
        <ListTable<IssuedDocument>
          query={list}
          size="small"
          data-testid="documents-table"
          columns={[
            { title: t('verify.code'), dataIndex: 'code' },
            { title: t('documents.title'), dataIndex: 'title' },
            { title: t('verify.holder'), dataIndex: 'holder' },
            { title: t('verify.issuer'), dataIndex: 'issuerDepartment' },
            { title: t('verify.issuedAt'), dataIndex: 'issuedAt', render: (v: string) => formatDateTime(v) },
            { title: t('documents.status'), key: 'status', render: (_: unknown, r) => (r.revokedAt ? <Tag color="red">{t('verify.revoked')}</Tag> : <Tag color="green">{t('documents.valid')}</Tag>) },
            { title: '', key: 'actions', render: (_: unknown, r) => !r.revokedAt && <Button size="small" danger onClick={() => setRevoking(r)}>{t('documents.revoke')}</Button> },
          ]}
        />
      </ListCard>
      {issuing && (
        <FormModal<IssueInput & { factLabel: string; factValue: string }>
          title={t('documents.issue')}
          formTestId="issue-form"
          initialValues={{ kind: 'approval_letter', regionCode: '510600' }}
          send={({ factLabel, factValue, ...rest }) => resultsApi.issue({ ...rest, facts: factLabel && factValue ? [{ label: factLabel, value: factValue }] : [] })}
          invalidates={[resultKeys.documents]}
          success={t('rect.done')}
          onClose={() => setIssuing(false)}
        >
          <Form.Item name="kind" label={t('documents.kind')} rules={[{ required: true }]}>
            <Select options={(['approval_letter', 'certificate'] as const).map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="title" label={t('documents.title')} rules={[{ required: true, min: 2, max: 40 }]}><Input /></Form.Item>
          <Form.Item name="holderName" label={t('documents.holderName')} rules={[{ required: true, max: 50 }]}><Input /></Form.Item>
          <Form.Item name="regionCode" label={t('documents.region')} rules={[{ required: true, pattern: /^\d{6}$/ }]}><Input /></Form.Item>
          <Form.Item name="factLabel" label={t('documents.factLabel')}><Input maxLength={30} /></Form.Item>
          <Form.Item name="factValue" label={t('documents.factValue')}><Input maxLength={200} /></Form.Item>
        </FormModal>
      )}
      {revoking && <RevokeModal document={revoking} onClose={() => setRevoking(null)} />}
    </PageContainer>
  );
}

function RevokeModal({ document, onClose }: { document: IssuedDocument; onClose: () => void }) {
  const { t } = useTranslation('results');
  const [reason, setReason] = useState('');
  const act = useAction({ send: () => resultsApi.revoke(document.id, reason), invalidates: [resultKeys.documents], success: t('documents.revokedDone'), showError: 'inline' });
  return (
    <Modal open title={`${t('documents.revoke')} ${document.code}`} onCancel={onClose} onOk={async () => { if (await act.run()) onClose(); }} confirmLoading={act.pending} destroyOnHidden>
      {act.error && <Alert type="error" showIcon title={act.error} style={{ marginBottom: 12 }} />}
      <Input.TextArea rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('documents.revokeReason')} />
    </Modal>
  );
}
