/**
 * 事项管理: the catalogue editor. An item's implementation list is edited as JSON beside a live preview
 * of its application form (validated by the same rules the server applies); saving writes the draft
 * version, publishing makes it the one new applications are filed under — filed ones keep theirs.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, InputNumber, List, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { checkFormSchema, checkItemContent, validateForm, visibleFields, type BundleSpec, type CatalogueImportOutcome, type FormSchema, type ItemContent } from '@fangxian/contracts/govservice';
import { useSession } from '../../shared/session/session.tsx';
import { useAction } from '../../staff/use-action.ts';
import { ListCard } from '../../staff/list-table.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { gsApi, gsKeys, itemQuery, itemsQuery, type BundlePreview } from './govservice.api.ts';

export function GovserviceCataloguePage() {
  const { t } = useTranslation('govservice');
  const list = useQuery(itemsQuery());
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <PageContainer title={t('nav.catalogue')} section={t('nav.section')} description={t('editor.intro')}>
      <ListCard query={list}>
        <Table
          rowKey="id" size="small" dataSource={list.data?.items ?? []} pagination={{ pageSize: 10 }} data-testid="gs-items"
          onRow={(r) => ({ onClick: () => setSelected(r.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('editor.code'), dataIndex: 'code' },
            { title: t('field.item'), key: 'name', render: (_: unknown, r) => <Space>{r.name}{r.kind === 'bundle' && <Tag color="blue">{t('bundle.tag')}</Tag>}</Space> },
            { title: t('field.department'), dataIndex: 'department' },
            { title: t('field.status'), key: 's', render: (_: unknown, r) => <Space>{r.published && <Tag color="green">{t('status.approved')}</Tag>}{r.hasDraft && <Tag>{t('status.draft')}</Tag>}</Space> },
          ]}
        />
      </ListCard>
      <Space align="start" style={{ marginTop: 16 }} wrap>
        <ImportCard />
        <Button onClick={() => setSelected('new-bundle')} data-testid="gs-bundle-new">{t('bundle.create')}</Button>
      </Space>
      {selected === 'new-bundle' && <BundleEditor key="new" itemId={null} onCreated={setSelected} />}
      {selected && selected !== 'new-bundle' && list.data?.items.find((i) => i.id === selected)?.kind === 'bundle' && <BundleEditor key={selected} itemId={selected} onCreated={setSelected} />}
      {selected && selected !== 'new-bundle' && list.data?.items.find((i) => i.id === selected)?.kind !== 'bundle' && <Editor key={selected} itemId={selected} />}
    </PageContainer>
  );
}

function Editor({ itemId }: { itemId: string }) {
  const { t } = useTranslation('govservice');
  const item = useQuery(itemQuery(itemId));
  const [text, setText] = useState<string | null>(null);
  const start = item.data?.versions[0]?.content;
  const source = text ?? (start ? JSON.stringify(start, null, 2) : '');
  const parsed = useMemo(() => {
    try {
      return { content: JSON.parse(source) as ItemContent, error: null };
    } catch {
      return { content: null, error: t('editor.invalidJson') };
    }
  }, [source, t]);
  const problems = parsed.content ? safe(() => checkItemContent(parsed.content!)) : [];
  const save = useAction({ send: () => gsApi.saveDraft(itemId, parsed.content!), invalidates: [gsKeys.all], success: t('workbench.done'), showError: 'inline' });
  const publish = useAction({ send: () => gsApi.publish(itemId), invalidates: [gsKeys.all], success: t('workbench.done'), showError: 'inline' });
  if (!item.data) return null;
  return (
    <Card style={{ marginTop: 16 }} title={`${item.data.code} · ${item.data.name}`} extra={
      <Space>
        {item.data.publishedVersion && <Tag color="green">{t('editor.published', { version: item.data.publishedVersion })}</Tag>}
        {item.data.draftVersion && <Tag>{t('editor.draft', { version: item.data.draftVersion })}</Tag>}
      </Space>
    }>
      <Row gutter={16}>
        <Col span={12}>
          <Input.TextArea value={source} onChange={(e) => setText(e.target.value)} rows={28} style={{ fontFamily: 'monospace', fontSize: 12 }} data-testid="gs-editor-json" />
          {parsed.error && <Alert type="error" showIcon title={parsed.error} />}
          {problems.length > 0 && <Alert type="warning" showIcon title={problems.join(', ')} />}
          {(save.error ?? publish.error) && <Alert type="error" showIcon title={save.error ?? publish.error} />}
          <Space style={{ marginTop: 8 }}>
            <Button disabled={!parsed.content || problems.length > 0} loading={save.pending} onClick={() => void save.run()} data-testid="gs-editor-save">{t('editor.save')}</Button>
            <Button type="primary" disabled={!item.data.draftVersion} loading={publish.pending} onClick={() => void publish.run()} data-testid="gs-editor-publish">{t('editor.publish')}</Button>
          </Space>
        </Col>
        <Col span={12}>
          <Typography.Title level={5}>{t('editor.preview')}</Typography.Title>
          {parsed.content?.form && <Preview schema={parsed.content.form} />}
        </Col>
      </Row>
    </Card>
  );
}

/** Catalogue import: the export's XLSX; good rows become drafts, bad rows are listed with their line and reason. */
function ImportCard() {
  const { t } = useTranslation('govservice');
  const [outcome, setOutcome] = useState<CatalogueImportOutcome | null>(null);
  const run = useAction({ send: (file: File) => gsApi.importCatalogue(file), invalidates: [gsKeys.all], success: t('workbench.done'), showError: 'inline', onDone: setOutcome });
  return (
    <Card size="small" title={t('import.title')} data-testid="gs-import">
      <input type="file" aria-label={t('import.title')} accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" disabled={run.pending}
        onChange={(e) => { const f = e.target.files?.[0]; if (f) void run.run(f); e.target.value = ''; }} data-testid="gs-import-file" />
      {run.error && <Alert type="error" showIcon title={run.error} />}
      {outcome && (
        <>
          <p>{t('import.done', { created: outcome.created.length, updated: outcome.updated.length, unchanged: outcome.unchanged.length })}</p>
          {outcome.errors.length > 0 && (
            <List size="small" header={t('import.errors')} dataSource={outcome.errors}
              renderItem={(e) => <List.Item>{t('import.line', { sheet: e.sheet, line: e.line })} {e.code ?? ''}：{e.reason}</List.Item>} />
          )}
        </>
      )}
    </Card>
  );
}

/**
 * 一件事一次办: a bundle is edited as a structured form — life event, lead department, member items —
 * with a live preview of what the server composes (merged form, merged materials, parts per department).
 */
function BundleEditor({ itemId, onCreated }: { itemId: string | null; onCreated: (id: string) => void }) {
  const { t } = useTranslation('govservice');
  const session = useSession();
  const items = useQuery(itemsQuery());
  const item = useQuery({ ...itemQuery(itemId ?? ''), enabled: itemId !== null });
  const start = item.data?.versions[0]?.content.bundle?.spec;
  const [code, setCode] = useState('');
  const [draft, setDraft] = useState<BundleSpec | null>(null);
  const spec: BundleSpec = draft ?? start ?? { name: '', lifeEvent: '', department: '', items: [], promisedLimitDays: null, resultTitle: '', guide: '' };
  const set = (patch: Partial<BundleSpec>) => setDraft({ ...spec, ...patch });
  const [preview, setPreview] = useState<BundlePreview | null>(null);
  const previewRun = useAction({ send: () => gsApi.previewBundle(spec), showError: 'inline', onDone: setPreview });
  const region = session.me?.kind === 'staff' ? (session.me.regionCode ?? '') : '';
  const save = useAction({
    send: () => (itemId ? gsApi.saveBundle(itemId, spec) : gsApi.createBundle({ code, regionCode: region, spec })),
    invalidates: [gsKeys.all], success: t('workbench.done'), showError: 'inline', onDone: (r) => onCreated(r.id),
  });
  const publish = useAction({ send: () => gsApi.publish(itemId!), invalidates: [gsKeys.all], success: t('workbench.done'), showError: 'inline' });
  if (itemId && !item.data) return null;
  const choices = (items.data?.items ?? []).filter((i) => i.kind === 'item' && i.published).map((i) => ({ value: i.code, label: `${i.name}（${i.code}）` }));
  return (
    <Card style={{ marginTop: 16 }} title={item.data ? `${item.data.code} · ${item.data.name}` : t('bundle.create')} data-testid="gs-bundle-editor" extra={
      <Space>
        {item.data?.publishedVersion && <Tag color="green">{t('editor.published', { version: item.data.publishedVersion })}</Tag>}
        {item.data?.draftVersion && <Tag>{t('editor.draft', { version: item.data.draftVersion })}</Tag>}
      </Space>
    }>
      <Row gutter={16}>
        <Col span={12}>
          <Form layout="vertical">
            {!itemId && <Form.Item label={t('editor.code')} required><Input value={code} onChange={(e) => setCode(e.target.value)} data-testid="gs-bundle-code" /></Form.Item>}
            <Form.Item label={t('field.item')} required><Input value={spec.name} onChange={(e) => set({ name: e.target.value })} data-testid="gs-bundle-name" /></Form.Item>
            <Form.Item label={t('bundle.lifeEvent')} required><Input value={spec.lifeEvent} onChange={(e) => set({ lifeEvent: e.target.value })} data-testid="gs-bundle-event" /></Form.Item>
            <Form.Item label={t('bundle.itemsHint')} required>
              <Select mode="multiple" value={spec.items} onChange={(v: string[]) => set({ items: v })} options={choices} data-testid="gs-bundle-items" />
            </Form.Item>
            <Form.Item label={t('bundle.lead')} required><Input value={spec.department} onChange={(e) => set({ department: e.target.value })} data-testid="gs-bundle-lead" /></Form.Item>
            <Form.Item label={t('bundle.promised')}><InputNumber min={0} max={365} value={spec.promisedLimitDays ?? null} onChange={(v) => set({ promisedLimitDays: v ?? null })} /></Form.Item>
            <Form.Item label={t('bundle.resultTitle')} required><Input value={spec.resultTitle} onChange={(e) => set({ resultTitle: e.target.value })} data-testid="gs-bundle-result" /></Form.Item>
            <Form.Item label={t('field.guide')}><Input.TextArea rows={3} value={spec.guide} onChange={(e) => set({ guide: e.target.value })} /></Form.Item>
          </Form>
          {(save.error ?? publish.error ?? previewRun.error) && <Alert type="error" showIcon title={save.error ?? publish.error ?? previewRun.error} />}
          <Space style={{ marginTop: 8 }}>
            <Button loading={previewRun.pending} onClick={() => void previewRun.run()} data-testid="gs-bundle-preview">{t('bundle.preview')}</Button>
            <Button loading={save.pending} onClick={() => void save.run()} data-testid="gs-bundle-save">{t('bundle.save')}</Button>
            {itemId && <Button type="primary" disabled={!item.data?.draftVersion} loading={publish.pending} onClick={() => void publish.run()} data-testid="gs-bundle-publish">{t('editor.publish')}</Button>}
          </Space>
        </Col>
        <Col span={12}>
          <Typography.Title level={5}>{t('bundle.preview')}</Typography.Title>
          {preview && (preview.conflicts.length > 0 || preview.unknownItems.length > 0) && (
            <Alert type="warning" showIcon title={t('bundle.conflicts')} description={[...preview.unknownItems, ...preview.conflicts.map((c) => `${c.key || '—'}: ${c.problem}`)].join('；')} />
          )}
          {preview?.content && (
            <>
              <Typography.Paragraph>{t('bundle.parts')}：{preview.content.bundle?.members.map((m) => `${m.name} → ${m.reviewDepartments.join('、')}`).join('；')}</Typography.Paragraph>
              <Typography.Paragraph>{t('bundle.materials')}：{preview.content.materials.map((m) => m.name).join('、')}</Typography.Paragraph>
              <Typography.Text strong>{t('bundle.fields')}</Typography.Text>
              <Preview schema={preview.content.form} />
            </>
          )}
        </Col>
      </Row>
    </Card>
  );
}

function safe<T>(f: () => T[]): T[] {
  try {
    return f();
  } catch {
    return ['shape' as unknown as T];
  }
}

/** The form as the applicant will see it, validated live. */
function Preview({ schema }: { schema: FormSchema }) {
  const { t } = useTranslation('govservice');
  const [values, setValues] = useState<Record<string, string | number | string[]>>({});
  const schemaErrors = safe(() => checkFormSchema(schema));
  if (schemaErrors.length > 0) return <Alert type="warning" showIcon title={t('editor.schemaErrors')} description={<List size="small" dataSource={schemaErrors.map((e) => `${String((e as { field: string }).field)}: ${String((e as { problem: string }).problem)}`)} renderItem={(x) => <List.Item>{x}</List.Item>} />} />;
  const visible = visibleFields(schema, values);
  const errors = validateForm(schema, values).errors;
  const set = (k: string, v: string | number | string[] | null | undefined) => {
    const next = { ...values };
    if (v === null || v === undefined || v === '') delete next[k];
    else next[k] = v;
    setValues(next);
  };
  return (
    <Form layout="vertical" data-testid="gs-preview">
      {schema.fields.filter((f) => visible.has(f.key)).map((f) => {
        const problem = errors.find((e) => e.field === f.key)?.problem;
        return (
          <Form.Item key={f.key} label={f.label.zh} required={f.required} validateStatus={problem ? 'error' : undefined} help={problem ? t(`apply.problem.${problem}`) : undefined}>
            {f.type === 'choice' ? (
              <Select mode={f.multiple ? 'multiple' : undefined} allowClear value={values[f.key] as string | undefined} onChange={(v) => set(f.key, v)} options={(f.options ?? []).map((o) => ({ value: o.value, label: o.label.zh }))} />
            ) : f.type === 'number' ? (
              <InputNumber style={{ width: '100%' }} value={values[f.key] as number | undefined} onChange={(v) => set(f.key, v ?? undefined)} />
            ) : (
              <Input type={f.type === 'date' ? 'date' : 'text'} value={(values[f.key] as string | undefined) ?? ''} onChange={(e) => set(f.key, e.target.value)} />
            )}
          </Form.Item>
        );
      })}
    </Form>
  );
}
