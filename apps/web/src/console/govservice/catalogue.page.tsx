/**
 * 事项管理: the catalogue editor. An item's implementation list is edited as JSON beside a live preview
 * of its application form (validated by the same rules the server applies); saving writes the draft
 * version, publishing makes it the one new applications are filed under — filed ones keep theirs.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, InputNumber, List, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { checkFormSchema, checkItemContent, validateForm, visibleFields, type FormSchema, type ItemContent } from '@fangxian/contracts/govservice';
import { useAction } from '../../staff/use-action.ts';
import { ListCard } from '../components/list-table.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { gsApi, gsKeys, itemQuery, itemsQuery } from './govservice.api.ts';

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
            { title: t('field.item'), dataIndex: 'name' },
            { title: t('field.department'), dataIndex: 'department' },
            { title: t('field.status'), key: 's', render: (_: unknown, r) => <Space>{r.published && <Tag color="green">{t('status.approved')}</Tag>}{r.hasDraft && <Tag>{t('status.draft')}</Tag>}</Space> },
          ]}
        />
      </ListCard>
      {selected && <Editor key={selected} itemId={selected} />}
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
