/** 检测结果: lab results per person (masked), each a fact for the colour rules; a positive one proposes opening a case in one step. */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Select, Space, Table, Tag, Upload } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { checkDocumentNumber, type DocumentType } from '@fangxian/contracts/id-documents';
import { todayInChina } from '@fangxian/contracts/kernel/days';
import { CASE_OPENING_STATUSES, LAB_RESULTS, LAB_TEST_TYPES, type CaseStatus, type LabImportResult, type LabResult } from '@fangxian/contracts/tracing';
import { InputError, messageOf } from '../../shared/api/errors.ts';
import { useSession } from '../../shared/session/session.tsx';
import { DivisionCascader } from '../../staff/division-cascader.tsx';
import { DocumentFields } from '../components/document-fields.tsx';
import { FormModal } from '../components/form-modal.tsx';
import { ListCard, ListTable } from '../../staff/list-table.tsx';
import { CreateButton, RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { fileBase64, labResultsQuery, tracingApi, tracingKeys, type NewLabResult } from './tracing.api.ts';
import { importRejectText } from './import-reject.ts';
import { DateInput } from '../../staff/date-input.tsx';

export function LabResultsPage() {
  const { t } = useTranslation('tracing');
  const [adding, setAdding] = useState(false);
  const [opening, setOpening] = useState<LabResult | null>(null);
  const list = useQuery(labResultsQuery());
  const [imported, setImported] = useState<{ file: string; result: LabImportResult } | null>(null);
  return (
    <PageContainer
      title={t('labs.title')}
      section={t('nav.section')}
      description={t('labs.intro')}
      extra={
        <Space>
          <RefreshButton query={list} />
          <ImportLabsButton onImported={setImported} />
          <CreateButton onClick={() => setAdding(true)}>{t('labs.add')}</CreateButton>
        </Space>
      }
    >
      {imported && <LabImportReport file={imported.file} result={imported.result} onClose={() => setImported(null)} />}
      <ListCard query={list}>
        <ListTable<LabResult>
          query={list}
          data-testid="lab-table"
          locale={{ emptyText: t('labs.none') }}
          columns={[
            { title: t('cases.name'), dataIndex: 'name' },
            { title: t('cases.documentNumber'), dataIndex: 'documentNumber', render: (v: string) => <span className="fx-mono">{v}</span> },
            { title: t('labs.testType'), dataIndex: 'testType', render: (v: string) => t(`labs.type.${v}`) },
            { title: t('labs.sampleDate'), dataIndex: 'sampleDate' },
            { title: t('labs.lab'), dataIndex: 'lab' },
            { title: t('labs.result'), dataIndex: 'result', render: (v: string) => <Tag color={v === 'positive' ? 'red' : 'green'}>{t(`labs.results.${v}`)}</Tag> },
            { title: t('labs.reportDate'), dataIndex: 'reportDate' },
            {
              title: t('cases.actions'),
              key: 'actions',
              render: (_: unknown, r: LabResult) =>
                r.proposesCase ? (
                  <Button size="small" danger onClick={() => setOpening(r)}>
                    {t('labs.openCase')}
                  </Button>
                ) : r.caseId ? (
                  <Tag>{t('labs.caseOpened')}</Tag>
                ) : null,
            },
          ]}
        />
      </ListCard>
      {adding && <LabModal onClose={() => setAdding(false)} />}
      {opening && <OpenCaseModal lab={opening} onClose={() => setOpening(null)} />}
    </PageContainer>
  );
}

function LabModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('tracing');
  const { me } = useSession();
  const required = { required: true, message: t('cases.required') };
  const send = async (v: NewLabResult & { documentType: DocumentType }) => {
    const checked = checkDocumentNumber(v.documentType, v.documentNumber);
    if (!checked.ok) throw new InputError(t('cases.documentInvalid'));
    return tracingApi.recordLab({ ...v, documentNumber: checked.normalized, name: v.name.trim(), lab: v.lab.trim() });
  };
  return (
    <FormModal<NewLabResult & { documentType: DocumentType }>
      title={t('labs.add')}
      onClose={onClose}
      send={send}
      invalidates={[tracingKeys.labs]}
      success={t('labs.added')}
      initialValues={{ documentType: 'resident_id', testType: 'nucleic_acid', result: 'negative', sampleDate: todayInChina(), reportDate: todayInChina(), regionCode: me?.regionCode }}
    >
      <Form.Item name="name" label={t('cases.name')} rules={[required, { max: 50, whitespace: true }]}>
        <Input maxLength={50} autoComplete="off" />
      </Form.Item>
      <DocumentFields />
      <Form.Item name="testType" label={t('labs.testType')} rules={[required]}>
        <Select options={LAB_TEST_TYPES.map((v) => ({ value: v, label: t(`labs.type.${v}`) }))} />
      </Form.Item>
      <Form.Item name="result" label={t('labs.result')} rules={[required]}>
        <Select options={LAB_RESULTS.map((v) => ({ value: v, label: t(`labs.results.${v}`) }))} />
      </Form.Item>
      <Form.Item name="sampleDate" label={t('labs.sampleDate')} rules={[required]}>
        <DateInput max={todayInChina()} />
      </Form.Item>
      <Form.Item name="reportDate" label={t('labs.reportDate')} rules={[required]}>
        <DateInput max={todayInChina()} />
      </Form.Item>
      <Form.Item name="lab" label={t('labs.lab')} rules={[required, { min: 2, max: 100, whitespace: true }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="regionCode" label={t('cases.region')} rules={[required]}>
        <DivisionCascader scope={me?.regionCode ?? ''} />
      </Form.Item>
    </FormModal>
  );
}

function OpenCaseModal({ lab, onClose }: { lab: LabResult; onClose: () => void }) {
  const { t } = useTranslation('tracing');
  const required = { required: true, message: t('cases.required') };
  return (
    <FormModal<{ status: CaseStatus; reason: string }>
      title={`${t('labs.openCase')} · ${lab.name}`}
      onClose={onClose}
      send={(v) => tracingApi.openCaseFromLab(lab.id, v.status as 'suspected' | 'asymptomatic' | 'confirmed', v.reason.trim())}
      invalidates={[tracingKeys.labs, tracingKeys.cases]}
      success={t('cases.added')}
      initialValues={{ status: 'asymptomatic' }}
    >
      <Form.Item name="status" label={t('cases.status')} rules={[required]}>
        <Select options={CASE_OPENING_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
      </Form.Item>
      <Form.Item name="reason" label={t('file.reason')} rules={[required, { min: 2, max: 500, whitespace: true }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}

/**
 * 批量导入: a CSV or XLSX list of results (template: 下载模板). The good rows are recorded as if entered
 * one by one; the answer (good rows by line, those proposing a case, bad rows with line, field and
 * reason) is shown above the list.
 */
function ImportLabsButton({ onImported }: { onImported: (imported: { file: string; result: LabImportResult }) => void }) {
  const { t } = useTranslation('tracing');
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pick = async (file: File) => {
    setBusy(true);
    setError(null);
    try {
      const result = await tracingApi.importLabs(file.name.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv', await fileBase64(file));
      await queryClient.invalidateQueries({ queryKey: tracingKeys.labs });
      onImported({ file: file.name, result });
    } catch (err) {
      setError(messageOf(err, t('cases.importFailed')));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space size={4}>
      <span data-testid="lab-import">
        <Upload accept=".csv,.xlsx" showUploadList={false} beforeUpload={(file) => (void pick(file), false)}>
          <Button loading={busy}>{t('cases.import')}</Button>
        </Upload>
      </span>
      <Button type="link" href="/api/tracing/lab-results/import-template.csv" target="_blank">
        {t('cases.template')}
      </Button>
      {error && <Alert type="error" showIcon title={`${t('cases.importFailed')}：${error}`} data-testid="lab-import-error" />}
    </Space>
  );
}

const LAB_FIELDS = ['name', 'documentType', 'documentNumber', 'sampleDate', 'testType', 'lab', 'result', 'reportDate', 'regionCode'] as const;

/** The import's answer: counts, the results that propose a case, and each rejected row with its line, field and reason. */
function LabImportReport({ file, result, onClose }: { file: string; result: LabImportResult; onClose: () => void }) {
  const { t } = useTranslation('tracing');
  const fieldLabel = (field: string | null) => (field && (LAB_FIELDS as readonly string[]).includes(field) ? t(`labs.fields.${field as (typeof LAB_FIELDS)[number]}`) : (field ?? '—'));
  const proposing = result.results.filter((r) => r.proposesCase).map((r) => r.line);
  return (
    <Card className="fx-card" size="small" title={t('labs.importResult', { file })} extra={<Button size="small" type="text" onClick={onClose}>{t('labs.closeReport')}</Button>} data-testid="lab-import-result">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert
          type={result.rejected.length === 0 ? 'success' : 'warning'}
          showIcon
          title={t('labs.importSummary', { accepted: result.accepted, proposes: result.proposesCase, rejected: result.rejected.length })}
          description={proposing.length > 0 ? t('labs.proposingLines', { lines: proposing.join('、') }) : undefined}
          data-testid="lab-import-summary"
        />
        {result.rejected.length > 0 && (
          <Table
            size="small"
            rowKey={(r) => `${r.line}-${r.field ?? ''}`}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            dataSource={result.rejected}
            data-testid="lab-import-rejected"
            columns={[
              { title: t('cases.line'), dataIndex: 'line', render: (line: number) => t('labs.lineNo', { line }) },
              { title: t('cases.field'), dataIndex: 'field', render: (f: string | null) => fieldLabel(f) },
              { title: t('file.reason'), key: 'reason', render: (_: unknown, r) => importRejectText(t, r) },
            ]}
          />
        )}
      </Space>
    </Card>
  );
}
