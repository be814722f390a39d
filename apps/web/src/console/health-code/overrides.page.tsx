/** 人工调整: manual overrides — one officer proposes (person, colour, reason, expiry), a different officer approves or rejects. */
import { useState } from 'react';
import { Button, Form, Input, Segmented, Select, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { checkDocumentNumber, type DocumentType } from '@fangxian/contracts/id-documents';
import { COLOURS, type Colour } from '@fangxian/contracts/kernel/colour';
import { InputError } from '../../shared/api/errors.ts';
import type { Override } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useSession } from '../../shared/session/session.tsx';
import { ColourTag } from '../../staff/colour-tag.tsx';
import { DecisionButtons, DecisionModal } from '../components/decision-modal.tsx';
import { DocumentFields } from '../components/document-fields.tsx';
import { FormModal } from '../components/form-modal.tsx';
import { ListCard, ListTable } from '../../staff/list-table.tsx';
import { MaskedPerson } from '../components/masked-person.tsx';
import { CreateButton, RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { healthCodeApi, healthCodeKeys, overridesQuery } from './health-code.api.ts';

const STATUS_TAG = { proposed: 'processing', expired: 'warning', approved: 'success', ended: 'default', rejected: 'default', revoked: 'default' } as const;
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
  const [renewing, setRenewing] = useState<Override | null>(null);
  const list = useQuery(overridesQuery(filter === 'all' ? undefined : filter));

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
            options={(['proposed', 'approved', 'expired', 'ended', 'rejected', 'revoked', 'all'] as const).map((s) => ({ value: s, label: s === 'all' ? t('overrides.all') : t(`overrides.status.${s}`) }))}
          />
          <RefreshButton query={list} />
          <CreateButton onClick={() => setProposing(true)}>{t('overrides.propose')}</CreateButton>
        </Space>
      }
    >
      <ListCard query={list}>
        <ListTable<Override>
          query={list}
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
                r.status === 'expired' || r.status === 'ended' ? (
                  // 重新提议: the list shows the person masked, so proposing again must not need their ID number.
                  <Button size="small" onClick={() => setRenewing(r)}>
                    {t('overrides.again')}
                  </Button>
                ) : (
                  r.status === 'proposed' &&
                  r.proposedBy !== me?.id && (
                    <DecisionButtons
                      approveLabel={t('overrides.approve')}
                      rejectLabel={t('overrides.reject')}
                      onApprove={() => setDeciding({ row: r, decision: 'approve' })}
                      onReject={() => setDeciding({ row: r, decision: 'reject' })}
                    />
                  )
                ),
            },
          ]}
        />
      </ListCard>
      {proposing && <ProposeModal onClose={() => setProposing(false)} />}
      {renewing && <ProposeAgainModal row={renewing} onClose={() => setRenewing(null)} />}
      {deciding && (
        <DecisionModal
          title={t(`overrides.${deciding.decision}`)}
          noteLabel={t('overrides.note')}
          // A rejection says why (issue 11: rejections need a reason everywhere); an approval may add a note.
          minLength={deciding.decision === 'reject' ? 2 : 0}
          danger={deciding.decision === 'reject'}
          onClose={() => setDeciding(null)}
          send={(note) => healthCodeApi.decideOverride(deciding.row.id, deciding.decision, note || undefined)}
          invalidates={[healthCodeKeys.overrides]}
          success={t('overrides.decided')}
        />
      )}
    </PageContainer>
  );
}

function ProposeModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('health');
  const send = async (values: Proposal) => {
    const checked = checkDocumentNumber(values.documentType, values.documentNumber);
    if (!checked.ok) throw new InputError(t('persons.documentInvalid'));
    const expires = new Date(values.expiresAt);
    if (Number.isNaN(expires.getTime())) throw new InputError(t('register.required'));
    return healthCodeApi.proposeOverride({ documentType: values.documentType, documentNumber: checked.normalized, colour: values.colour, reason: values.reason.trim(), expiresAt: expires.toISOString() });
  };
  const required = { required: true, message: t('register.required') };
  return (
    <FormModal<Proposal>
      title={t('overrides.propose')}
      onClose={onClose}
      send={send}
      invalidates={[healthCodeKeys.overrides]}
      success={t('overrides.proposed')}
      initialValues={{ documentType: 'resident_id', colour: 'green', expiresAt: localInput(7) }}
    >
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

function ProposeAgainModal({ row, onClose }: { row: Override; onClose: () => void }) {
  const { t } = useTranslation('health');
  const send = async (values: { expiresAt: string; reason: string }) => {
    const expires = new Date(values.expiresAt);
    if (Number.isNaN(expires.getTime())) throw new InputError(t('register.required'));
    const reason = values.reason.trim();
    return healthCodeApi.proposeOverrideAgain(row.id, expires.toISOString(), reason === row.reason ? undefined : reason);
  };
  return (
    <FormModal<{ expiresAt: string; reason: string }>
      title={t('overrides.again')}
      onClose={onClose}
      send={send}
      invalidates={[healthCodeKeys.overrides]}
      success={t('overrides.proposed')}
      initialValues={{ expiresAt: localInput(7), reason: row.reason }}
      formTestId="override-again-form"
    >
      <Typography.Paragraph type="secondary">{t('overrides.againIntro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <MaskedPerson person={row} />
        <ColourTag colour={row.colour} />
      </Space>
      <Form.Item name="reason" label={t('overrides.reason')} rules={[{ required: true, message: t('register.required') }, { min: 4, max: 500, whitespace: true }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Form.Item name="expiresAt" label={t('overrides.expiresAt')} rules={[{ required: true, message: t('register.required') }]}>
        <Input type="datetime-local" min={localInput(0)} max={localInput(30)} />
      </Form.Item>
    </FormModal>
  );
}
