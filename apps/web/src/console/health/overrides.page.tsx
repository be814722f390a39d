/** 人工调整: manual overrides — one officer proposes (person, colour, reason, expiry), a different officer approves or rejects. */
import { useCallback, useState } from 'react';
import { Form, Input, Segmented, Select, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { checkDocumentNumber, type DocumentType } from '@fangxian/contracts/id-documents';
import { healthOfficeApi } from '../../shared/health/health.api.ts';
import { COLOURS, type Colour, type Override } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useSession } from '../../shared/session/session.tsx';
import { ColourTag } from '../../staff-health/colour-tag.tsx';
import { useLoad } from '../../staff-health/use-load.ts';
import { FormModal } from '../components/form-modal.tsx';
import { ListCard, ListTable } from '../components/list-table.tsx';
import { CreateButton, RefreshButton } from '../components/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { useChanges } from '../components/use-changes.ts';
import { DecisionButtons, DecisionModal } from './decision-modal.tsx';
import { DocumentFields } from './document-fields.tsx';
import { MaskedPerson } from './masked-person.tsx';

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
  const { me } = useSession();
  const [filter, setFilter] = useState<Filter>('proposed');
  const [proposing, setProposing] = useState(false);
  const [deciding, setDeciding] = useState<{ row: Override; decision: 'approve' | 'reject' } | null>(null);
  const list = useLoad(useCallback(() => healthOfficeApi.overrides(filter === 'all' ? undefined : filter), [filter]), t('common:error.loadFailed'));
  const changes = useChanges(list.reload);

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
          <RefreshButton onRefresh={list.reload} />
          <CreateButton onClick={() => setProposing(true)}>{t('overrides.propose')}</CreateButton>
        </Space>
      }
    >
      <ListCard error={list.error}>
        <ListTable<Override>
          list={list}
          data-testid="overrides-table"
          columns={[
            { title: t('overrides.person'), key: 'person', render: (_: unknown, r) => <MaskedPerson person={r} /> },
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
                  <DecisionButtons
                    approveLabel={t('overrides.approve')}
                    rejectLabel={t('overrides.reject')}
                    onApprove={() => setDeciding({ row: r, decision: 'approve' })}
                    onReject={() => setDeciding({ row: r, decision: 'reject' })}
                  />
                ),
            },
          ]}
        />
      </ListCard>
      {proposing && <ProposeModal onClose={() => setProposing(false)} onDone={() => void changes.done(t('overrides.proposed'))} />}
      {deciding && (
        <DecisionModal
          title={t(`overrides.${deciding.decision}`)}
          noteLabel={t('overrides.note')}
          minLength={0}
          danger={deciding.decision === 'reject'}
          onClose={() => setDeciding(null)}
          onSubmit={async (note) => {
            await healthOfficeApi.decideOverride(deciding.row.id, deciding.decision, note || undefined);
            await changes.done(t('overrides.decided'));
          }}
        />
      )}
    </PageContainer>
  );
}

function ProposeModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('health');
  const submit = async (values: Proposal) => {
    const checked = checkDocumentNumber(values.documentType, values.documentNumber);
    if (!checked.ok) return t('persons.documentInvalid');
    const expires = new Date(values.expiresAt);
    if (Number.isNaN(expires.getTime())) return t('register.required');
    await healthOfficeApi.proposeOverride({ documentType: values.documentType, documentNumber: checked.normalized, colour: values.colour, reason: values.reason.trim(), expiresAt: expires.toISOString() });
    onDone();
  };
  const required = { required: true, message: t('register.required') };
  return (
    <FormModal<Proposal> title={t('overrides.propose')} onClose={onClose} onSubmit={submit} initialValues={{ documentType: 'resident_id', colour: 'green', expiresAt: localInput(7) }}>
      <DocumentFields />
      <Form.Item name="colour" label={t('overrides.colour')} rules={[required]}>
        <Select options={COLOURS.map((c) => ({ value: c, label: t(`colour.${c}`) }))} />
      </Form.Item>
      <Form.Item name="reason" label={t('overrides.reason')} rules={[required, { min: 4, max: 500, whitespace: true }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Form.Item name="expiresAt" label={t('overrides.expiresAt')} rules={[required]}>
        <Input type="datetime-local" min={localInput(0)} max={localInput(30)} />
      </Form.Item>
    </FormModal>
  );
}
