/** 人员状态: the person-status registry — record a status by document number (masked in lists; audited), void an entry made in error. */
import { useState } from 'react';
import { App, Button, Form, Input, Select, Space, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { checkDocumentNumber, type DocumentType } from '@fangxian/contracts/id-documents';
import { todayInChina } from '@fangxian/contracts/kernel/days';
import { PERSON_STATUSES, type PersonStatus } from '@fangxian/contracts/kernel/status-texts';
import { InputError } from '../../shared/api/errors.ts';
import type { PersonStatusEntry } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useSession } from '../../shared/session/session.tsx';
import { DivisionCascader } from '../../staff/division-cascader.tsx';
import { RegionName } from '../../staff/region-name.tsx';
import { useAction } from '../../staff/use-action.ts';
import { DocumentFields } from '../components/document-fields.tsx';
import { FormModal } from '../components/form-modal.tsx';
import { ListCard, ListTable } from '../../staff/list-table.tsx';
import { CreateButton, RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { epidemicApi, epidemicKeys, personStatusesQuery } from './epidemic.api.ts';
import { DateInput } from '../../staff/date-input.tsx';

const STATUS_TAG: Record<PersonStatus, string> = { confirmed: 'red', suspected: 'volcano', asymptomatic: 'orange', close_contact: 'gold', secondary_contact: 'lime', released: 'green' };

interface NewStatus {
  documentType: DocumentType;
  documentNumber: string;
  status: PersonStatus;
  date: string;
  source: string;
  regionCode: string;
}

/** The person-status page. */
export function PersonStatusPage() {
  const { t } = useTranslation('health');
  const { modal } = App.useApp();
  const { me } = useSession();
  const [adding, setAdding] = useState(false);
  const list = useQuery(personStatusesQuery());
  const voidEntry = useAction({
    send: ({ entry, reason }: { entry: PersonStatusEntry; reason: string }) => epidemicApi.voidPersonStatus(entry.id, reason),
    invalidates: [epidemicKeys.personStatuses],
  });

  const askVoid = (entry: PersonStatusEntry) => {
    let reason = '';
    modal.confirm({
      title: t('persons.void'),
      content: <Input.TextArea rows={2} maxLength={500} placeholder={t('persons.voidReason')} onChange={(e) => (reason = e.target.value)} />,
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      // A refusal (shown as a message) keeps the dialog open with the reason typed so far.
      onOk: async () => {
        if (!(await voidEntry.run({ entry, reason: reason.trim() }))) throw new Error('not voided');
      },
    });
  };

  return (
    <PageContainer
      title={t('persons.title')}
      section={t('nav.section')}
      description={t('persons.intro')}
      extra={
        <Space>
          <RefreshButton query={list} />
          <CreateButton onClick={() => setAdding(true)}>{t('persons.add')}</CreateButton>
        </Space>
      }
    >
      <ListCard query={list}>
        <ListTable<PersonStatusEntry>
          query={list}
          data-testid="person-status-table"
          columns={[
            { title: t('persons.documentType'), dataIndex: 'documentType', render: (d: string) => t(`common:documentType.${d}`) },
            { title: t('persons.documentNumber'), dataIndex: 'documentNumber', render: (v: string) => <span className="fx-mono">{v}</span> },
            { title: t('persons.status'), dataIndex: 'status', render: (s: PersonStatus, r) => (r.voided ? <Tag>{t(`status.${s}`)} · {t('persons.voided')}</Tag> : <Tag color={STATUS_TAG[s]}>{t(`status.${s}`)}</Tag>) },
            { title: t('persons.date'), dataIndex: 'date' },
            { title: t('persons.source'), dataIndex: 'source' },
            { title: t('persons.region'), dataIndex: 'regionCode', render: (c: string) => <RegionName code={c} allLabel="—" /> },
            { title: t('persons.recordedAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, r: PersonStatusEntry) =>
                !r.voided && (
                  <Button size="small" danger onClick={() => askVoid(r)}>
                    {t('persons.void')}
                  </Button>
                ),
            },
          ]}
        />
      </ListCard>
      {adding && <AddStatusModal scope={me?.regionCode ?? ''} onClose={() => setAdding(false)} />}
    </PageContainer>
  );
}

function AddStatusModal({ scope, onClose }: { scope: string; onClose: () => void }) {
  const { t } = useTranslation('health');
  const send = async (values: NewStatus) => {
    const checked = checkDocumentNumber(values.documentType, values.documentNumber);
    if (!checked.ok) throw new InputError(t('persons.documentInvalid'));
    return epidemicApi.recordPersonStatus({ ...values, documentNumber: checked.normalized, source: values.source.trim() });
  };
  const required = { required: true, message: t('register.required') };
  return (
    <FormModal<NewStatus>
      title={t('persons.add')}
      onClose={onClose}
      send={send}
      invalidates={[epidemicKeys.personStatuses]}
      success={t('persons.recorded')}
      initialValues={{ documentType: 'resident_id', status: 'close_contact', date: todayInChina(), regionCode: scope || undefined }}
    >
      <DocumentFields />
      <Form.Item name="status" label={t('persons.status')} rules={[required]}>
        <Select options={PERSON_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
      </Form.Item>
      <Form.Item name="date" label={t('persons.date')} rules={[required]}>
        <DateInput max={todayInChina()} allowClear={false} />
      </Form.Item>
      <Form.Item name="source" label={t('persons.source')} rules={[required, { min: 2, max: 200, whitespace: true }]}>
        <Input maxLength={200} placeholder={t('persons.sourcePlaceholder')} />
      </Form.Item>
      <Form.Item name="regionCode" label={t('persons.region')} rules={[required]}>
        <DivisionCascader scope={scope} />
      </Form.Item>
    </FormModal>
  );
}
