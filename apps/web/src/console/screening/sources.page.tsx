/** 来源管理: the lists' sources — kind, trust level, default SLA, default division and the saved column mapping. */
import { useState } from 'react';
import { Alert, Button, Col, Form, Input, InputNumber, Row, Select, Space, Tag, Typography, Upload } from 'antd';
import { FileSearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/format.ts';
import { useSession } from '../../shared/session/session.tsx';
import { DivisionCascader } from '../../staff/division-cascader.tsx';
import { RegionName } from '../../staff/region-name.tsx';
import { FormModal } from '../components/form-modal.tsx';
import { ListCard, ListTable } from '../../staff/list-table.tsx';
import { CreateButton, RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { SCREENING_FIELD_LIST, SOURCE_KIND_LIST, screeningApi, screeningKeys, sourcesQuery, type MappingProposal, type ScreeningSource, type SourceInput, type SourceKind } from './screening.api.ts';
import { messageOf } from '../../shared/api/errors.ts';
import { SourceKindTag } from './screening.parts.tsx';

interface SourceForm {
  name: string;
  kind: SourceKind;
  trust: number;
  contactHours: number;
  feedbackHours: number;
  defaultDivision?: string;
  columnMapping: Partial<Record<(typeof SCREENING_FIELD_LIST)[number], string>>;
}

/** The form's values as the API takes them: empty mapping entries left out, no division = null. */
function toInput(v: SourceForm): SourceInput {
  const columnMapping = Object.fromEntries(Object.entries(v.columnMapping ?? {}).filter((e): e is [string, string] => Boolean(e[1]?.trim())).map(([f, h]) => [f, h.trim()]));
  return { name: v.name.trim(), kind: v.kind, trust: v.trust, contactHours: v.contactHours, feedbackHours: v.feedbackHours, defaultDivision: v.defaultDivision || null, columnMapping };
}

export function SourcesPage() {
  const { t } = useTranslation('screening');
  const { can } = useSession();
  const list = useQuery(sourcesQuery());
  const [editing, setEditing] = useState<ScreeningSource | 'new' | null>(null);
  const manage = can('screening.source.manage');
  return (
    <PageContainer
      title={t('nav.sources')}
      section={t('nav.section')}
      description={t('sources.intro')}
      extra={
        <Space>
          <RefreshButton query={list} />
          {manage && <CreateButton onClick={() => setEditing('new')}>{t('sources.create')}</CreateButton>}
        </Space>
      }
    >
      <ListCard query={list}>
        <ListTable<ScreeningSource>
          query={list}
          data-testid="sources-table"
          columns={[
            { title: t('sources.name'), dataIndex: 'name' },
            { title: t('sources.kind'), dataIndex: 'kind', render: (k: string) => <SourceKindTag kind={k} /> },
            { title: t('sources.trust'), dataIndex: 'trust', render: (v: number) => `${v} / 5` },
            { title: t('sources.sla'), key: 'sla', render: (_: unknown, s) => t('sources.slaValue', { contact: s.contactHours, feedback: s.feedbackHours }) },
            { title: t('sources.defaultDivision'), dataIndex: 'defaultDivision', render: (c: string | null) => <RegionName code={c} allLabel="—" /> },
            {
              title: t('sources.mapping'),
              dataIndex: 'columnMapping',
              render: (m: Record<string, string>) =>
                Object.keys(m).length ? Object.entries(m).map(([f, h]) => <Tag key={f}>{t(`field.${f}`, { defaultValue: f })} ← {h}</Tag>) : <Typography.Text type="secondary">{t('sources.mappingDefault')}</Typography.Text>,
            },
            { title: t('common.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => formatDateTime(v) },
            ...(manage
              ? [{ title: t('common.actions'), key: 'actions', render: (_: unknown, s: ScreeningSource) => <Button size="small" onClick={() => setEditing(s)}>{t('common.edit')}</Button> }]
              : []),
          ]}
        />
      </ListCard>
      {editing && <SourceModal source={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </PageContainer>
  );
}

function SourceModal({ source, onClose }: { source: ScreeningSource | null; onClose: () => void }) {
  const { t } = useTranslation('screening');
  const { me } = useSession();
  const required = { required: true, message: t('common.required') };
  const initial: Partial<SourceForm> = source
    ? { name: source.name, kind: source.kind as SourceKind, trust: source.trust, contactHours: source.contactHours, feedbackHours: source.feedbackHours, defaultDivision: source.defaultDivision ?? undefined, columnMapping: source.columnMapping }
    : { kind: 'province', trust: 3, contactHours: 12, feedbackHours: 24, columnMapping: {} };
  return (
    <FormModal<SourceForm>
      title={source ? t('sources.editTitle', { name: source.name }) : t('sources.create')}
      width={720}
      formTestId="source-form"
      initialValues={initial}
      send={(v) => (source ? screeningApi.changeSource(source.id, toInput(v)) : screeningApi.createSource(toInput(v)))}
      invalidates={[screeningKeys.sources]}
      success={t('sources.saved')}
      onClose={onClose}
    >
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="name" label={t('sources.name')} rules={[required, { min: 2, max: 100, whitespace: true }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="kind" label={t('sources.kind')} rules={[required]}>
            <Select options={SOURCE_KIND_LIST.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="trust" label={t('sources.trust')} rules={[required]} extra={t('sources.trustHint')}>
            <InputNumber min={1} max={5} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="contactHours" label={t('sources.contactHours')} rules={[required]}>
            <InputNumber min={1} max={720} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="feedbackHours" label={t('sources.feedbackHours')} rules={[required]}>
            <InputNumber min={1} max={720} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="defaultDivision" label={t('sources.defaultDivision')} extra={t('sources.defaultDivisionHint')}>
            <DivisionCascader scope={me?.regionCode ?? ''} />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Paragraph strong style={{ marginBottom: 4 }}>
        {t('sources.mapping')}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('sources.mappingHint')}</Typography.Paragraph>
      <SampleMapping />
      <Row gutter={16}>
        {SCREENING_FIELD_LIST.map((f) => (
          <Col span={8} key={f}>
            <Form.Item name={['columnMapping', f]} label={t(`field.${f}`)}>
              <Input maxLength={100} placeholder={t('sources.headerPlaceholder')} />
            </Form.Item>
          </Col>
        ))}
      </Row>
    </FormModal>
  );
}

/** Reads a sample list's first rows on the server and fills the mapping with what it proposes (the officer can still edit each header). */
function SampleMapping() {
  const { t } = useTranslation('screening');
  const form = Form.useFormInstance<SourceForm>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ proposal?: MappingProposal; error?: string } | null>(null);
  const pick = async (file: File) => {
    setBusy(true);
    try {
      const proposal = await screeningApi.proposeMapping(file);
      form.setFieldValue('columnMapping', { ...(form.getFieldValue('columnMapping') ?? {}), ...proposal.mapping });
      setResult({ proposal });
    } catch (err) {
      setResult({ error: messageOf(err, t('sources.sampleFailed')) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%', marginBottom: 12 }}>
      <Upload accept=".csv,.xlsx,text/csv" showUploadList={false} beforeUpload={(file) => (void pick(file), false)}>
        <Button icon={<FileSearchOutlined />} loading={busy} data-testid="mapping-sample">
          {t('sources.fromSample')}
        </Button>
      </Upload>
      {result?.error && <Alert type="error" showIcon title={result.error} />}
      {result?.proposal && (
        <Alert
          type={Object.keys(result.proposal.mapping).length ? 'success' : 'warning'}
          showIcon
          data-testid="mapping-proposal"
          title={t('sources.proposed', { line: result.proposal.headerLine, count: Object.keys(result.proposal.mapping).length })}
          description={result.proposal.headers.filter(Boolean).join(' · ')}
        />
      )}
    </Space>
  );
}
