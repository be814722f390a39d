/** 人员状态: the person-status registry — record a status by document number (masked in lists; audited), void an entry made in error. */
import { useCallback, useState } from 'react';
import { App, Button, Form, Input, Select, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { checkDocumentNumber, type DocumentType } from '@fangxian/contracts/id-documents';
import { messageOf } from '../../shared/api/errors.ts';
import { todayInChina } from '../../shared/health/colour.ts';
import { epidemicApi } from '../../shared/health/health.api.ts';
import { PERSON_STATUSES, type PersonStatusEntry, type PersonStatusName } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useSession } from '../../shared/session/session.tsx';
import { DivisionCascader } from '../../staff/division-cascader.tsx';
import { RegionName } from '../../staff/region-name.tsx';
import { useLoad } from '../../staff-health/use-load.ts';
import { FormModal } from '../components/form-modal.tsx';
import { ListCard, ListTable } from '../components/list-table.tsx';
import { CreateButton, RefreshButton } from '../components/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { useChanges } from '../components/use-changes.ts';
import { DocumentFields } from './document-fields.tsx';

const STATUS_TAG: Record<PersonStatusName, string> = { confirmed: 'red', suspected: 'volcano', asymptomatic: 'orange', close_contact: 'gold', secondary_contact: 'lime', released: 'green' };

interface NewStatus {
  documentType: DocumentType;
  documentNumber: string;
  status: PersonStatusName;
  date: string;
  source: string;
  regionCode: string;
}

/** The person-status page. */
export function PersonStatusPage() {
  const { t } = useTranslation('health');
  const { message, modal } = App.useApp();
  const { me } = useSession();
  const [adding, setAdding] = useState(false);
  const list = useLoad(useCallback(() => epidemicApi.personStatuses(), []), t('common:error.loadFailed'));
  const changes = useChanges(list.reload);

  const askVoid = (entry: PersonStatusEntry) => {
    let reason = '';
    modal.confirm({
      title: t('persons.void'),
      content: <Input.TextArea rows={2} maxLength={500} placeholder={t('persons.voidReason')} onChange={(e) => (reason = e.target.value)} />,
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await epidemicApi.voidPersonStatus(entry.id, reason.trim());
          await list.reload();
        } catch (err) {
          message.error(messageOf(err, t('common:state.failed')));
          throw err;
        }
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
          <RefreshButton onRefresh={list.reload} />
          <CreateButton onClick={() => setAdding(true)}>{t('persons.add')}</CreateButton>
        </Space>
      }
    >
      <ListCard error={list.error}>
        <ListTable<PersonStatusEntry>
          list={list}
          data-testid="person-status-table"
          columns={[
            { title: t('persons.documentType'), dataIndex: 'documentType', render: (d: string) => t(`common:documentType.${d}`) },
            { title: t('persons.documentNumber'), dataIndex: 'documentNumber', render: (v: string) => <span className="fx-mono">{v}</span> },
            { title: t('persons.status'), dataIndex: 'status', render: (s: PersonStatusName, r) => (r.voided ? <Tag>{t(`status.${s}`)} · {t('persons.voided')}</Tag> : <Tag color={STATUS_TAG[s]}>{t(`status.${s}`)}</Tag>) },
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
      {adding && <AddStatusModal scope={me?.regionCode ?? ''} onClose={() => setAdding(false)} onAdded={() => void changes.done(t('persons.recorded'))} />}
    </PageContainer>
  );
}

function AddStatusModal({ scope, onClose, onAdded }: { scope: string; onClose: () => void; onAdded: () => void }) {
  const { t } = useTranslation('health');
  const submit = async (values: NewStatus) => {
    const checked = checkDocumentNumber(values.documentType, values.documentNumber);
    if (!checked.ok) return t('persons.documentInvalid');
    await epidemicApi.recordPersonStatus({ ...values, documentNumber: checked.normalized, source: values.source.trim() });
    onAdded();
  };
  const required = { required: true, message: t('register.required') };
  return (
    <FormModal<NewStatus> title={t('persons.add')} onClose={onClose} onSubmit={submit} initialValues={{ documentType: 'resident_id', status: 'close_contact', date: todayInChina(), regionCode: scope || undefined }}>
      <DocumentFields />
      <Form.Item name="status" label={t('persons.status')} rules={[required]}>
        <Select options={PERSON_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
      </Form.Item>
      <Form.Item name="date" label={t('persons.date')} rules={[required]}>
        <Input type="date" max={todayInChina()} />
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
