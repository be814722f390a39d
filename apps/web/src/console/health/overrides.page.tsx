/** 人工调整: manual overrides — one officer proposes (person, colour, reason, expiry), a different officer approves or rejects. */
import { useCallback, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Segmented, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_TYPES, checkDocumentNumber, type DocumentType } from '@fangxian/contracts/id-documents';
import { messageOf } from '../../shared/api/errors.ts';
import { healthOfficeApi } from '../../shared/health/health.api.ts';
import { COLOURS, type Colour, type Override } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useSession } from '../../shared/session/session.tsx';
import { ColourTag } from '../../staff-health/colour-tag.tsx';
import { useLoad } from '../../staff-health/use-load.ts';
import { PageContainer } from '../components/page-container.tsx';
import { DecisionModal } from './decision-modal.tsx';

const STATUS_TAG = { proposed: 'processing', approved: 'success', rejected: 'default' } as const;
type Filter = Override['status'] | 'all';

interface Proposal {
  documentType: DocumentType;
  documentNumber: string;
  colour: Colour;
  reason: string;
  expiresAt: string;
}

/** A local datetime-local value `days` from now. */
function localInput(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

/** The overrides page. */
export function OverridesPage() {
  const { t } = useTranslation('health');
  const { message } = App.useApp();
  const { me } = useSession();
  const [filter, setFilter] = useState<Filter>('proposed');
  const [proposing, setProposing] = useState(false);
  const [deciding, setDeciding] = useState<{ row: Override; decision: 'approve' | 'reject' } | null>(null);
  const list = useLoad(useCallback(() => healthOfficeApi.overrides(filter === 'all' ? undefined : filter), [filter]), t('common:error.loadFailed'));

  return (
    <PageContainer
      title={t('overrides.title')}
      section={t('nav.section')}
      description={t('overrides.intro')}
      extra={
        <Space wrap>
          <Segmented<Filter>
            value={filter}
            onChange={setFilter}
            options={(['proposed', 'approved', 'rejected', 'all'] as const).map((s) => ({ value: s, label: s === 'all' ? t('overrides.all') : t(`overrides.status.${s}`) }))}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void list.reload()}>
            {t('common.refresh')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setProposing(true)}>
            {t('overrides.propose')}
          </Button>
        </Space>
      }
    >
      {list.error && <Alert type="error" showIcon title={list.error} className="fx-card" />}
      <Card className="fx-card">
        <Table<Override>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data ?? []}
          data-testid="overrides-table"
          columns={[
            { title: t('overrides.person'), key: 'person', render: (_: unknown, r) => <span>{r.maskedName} <span className="fx-mono">{r.maskedId}</span></span> },
            { title: t('overrides.colour'), dataIndex: 'colour', render: (c: Colour) => <ColourTag colour={c} /> },
            { title: t('overrides.reason'), dataIndex: 'reason' },
            { title: t('overrides.expiresAt'), dataIndex: 'expiresAt', render: (v: string) => formatDateTime(v) },
            { title: t('ruleSets.statusLabel'), dataIndex: 'status', render: (s: Override['status']) => <Tag color={STATUS_TAG[s]}>{t(`overrides.status.${s}`)}</Tag> },
            { title: t('overrides.note'), dataIndex: 'decisionNote', render: (v: string | null) => v ?? '—' },
            { title: t('overrides.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
            {
              title: t('common.actions'),
              key: 'actions',
              // The proposer cannot approve their own proposal (the server refuses it too).
              render: (_: unknown, r: Override) =>
                r.status === 'proposed' &&
                r.proposedBy !== me?.id && (
                  <Space>
                    <Button size="small" type="primary" onClick={() => setDeciding({ row: r, decision: 'approve' })}>
                      {t('overrides.approve')}
                    </Button>
                    <Button size="small" danger onClick={() => setDeciding({ row: r, decision: 'reject' })}>
                      {t('overrides.reject')}
                    </Button>
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      {proposing && (
        <ProposeModal
          onClose={() => setProposing(false)}
          onDone={() => {
            setProposing(false);
            message.success(t('overrides.proposed'));
            void list.reload();
          }}
        />
      )}
      {deciding && (
        <DecisionModal
          title={t(`overrides.${deciding.decision}`)}
          noteLabel={t('overrides.note')}
          minLength={0}
          danger={deciding.decision === 'reject'}
          onClose={() => setDeciding(null)}
          onSubmit={async (note) => {
            await healthOfficeApi.decideOverride(deciding.row.id, deciding.decision, note || undefined);
            message.success(t('overrides.decided'));
            await list.reload();
          }}
        />
      )}
    </PageContainer>
  );
}

function ProposeModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('health');
  const [form] = Form.useForm<Proposal>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (values: Proposal) => {
    const checked = checkDocumentNumber(values.documentType, values.documentNumber);
    if (!checked.ok) return setError(t('persons.documentInvalid'));
    const expires = new Date(values.expiresAt);
    if (Number.isNaN(expires.getTime())) return setError(t('register.required'));
    setSaving(true);
    setError(null);
    try {
      await healthOfficeApi.proposeOverride({ documentType: values.documentType, documentNumber: checked.normalized, colour: values.colour, reason: values.reason.trim(), expiresAt: expires.toISOString() });
      onDone();
    } catch (err) {
      setError(messageOf(err, t('common:state.failed')));
    } finally {
      setSaving(false);
    }
  };
  const required = { required: true, message: t('register.required') };
  return (
    <Modal open title={t('overrides.propose')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} okText={t('common.confirm')} cancelText={t('common.cancel')} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ documentType: 'resident_id', colour: 'green', expiresAt: localInput(7) }}>
        <Form.Item name="documentType" label={t('persons.documentType')} rules={[required]}>
          <Select options={DOCUMENT_TYPES.map((d) => ({ value: d, label: t(`common:documentType.${d}`) }))} />
        </Form.Item>
        <Form.Item name="documentNumber" label={t('persons.documentNumber')} rules={[required, { min: 5, max: 32 }]}>
          <Input maxLength={32} autoComplete="off" />
        </Form.Item>
        <Form.Item name="colour" label={t('overrides.colour')} rules={[required]}>
          <Select options={COLOURS.map((c) => ({ value: c, label: t(`colour.${c}`) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t('overrides.reason')} rules={[required, { min: 4, max: 500, whitespace: true }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Form.Item name="expiresAt" label={t('overrides.expiresAt')} rules={[required]}>
          <Input type="datetime-local" min={localInput(0)} max={localInput(30)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
