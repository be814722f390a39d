/**
 * 工单分类: the category tree (parent → children) with each category's attribute form — the fields a
 * citizen or hotline operator answers when filing under it. Creating and changing categories is audited.
 */
import { useMemo, useState } from 'react';
import { Button, Card, Col, Descriptions, Empty, Form, Input, InputNumber, Row, Select, Space, Switch, Table, Tag, Tree } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { TICKET_KINDS } from '@fangxian/contracts/tickets';
import { FormModal } from '../components/form-modal.tsx';
import { ListCard } from '../../staff/list-table.tsx';
import { CreateButton, RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { ticketKeys } from './tickets.api.ts';
import { allCategoriesQuery, categoryOptions, FIELD_DATATYPES, ticketsAdminApi, type Category, type CategoryBody, type CategoryField } from './tickets-admin.api.ts';

interface TreeNode { key: string; title: string; children: TreeNode[] }

function buildTree(categories: Category[], inactive: string): TreeNode[] {
  const nodes = new Map<string, TreeNode>();
  const sorted = [...categories].sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code));
  for (const c of sorted) nodes.set(c.id, { key: c.id, title: `${c.name} (${c.code})${c.active ? '' : ` · ${inactive}`}`, children: [] });
  const roots: TreeNode[] = [];
  for (const c of sorted) {
    const node = nodes.get(c.id)!;
    const parent = c.parentId ? nodes.get(c.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

interface FieldValues extends Omit<CategoryField, 'values'> { valuesText?: string }
interface Values extends Omit<CategoryBody, 'fields'> { fields?: FieldValues[] }

/** "key=名称" lines ⇄ the values of a list field. */
const valuesToText = (values: CategoryField['values']) => (values ?? []).map((v) => `${v.key}=${v.name}`).join('\n');
function textToValues(text: string | undefined): CategoryField['values'] {
  return (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const at = l.indexOf('=');
      return at > 0 ? { key: l.slice(0, at).trim(), name: l.slice(at + 1).trim() } : { key: l, name: l };
    });
}

function toBody(v: Values): CategoryBody {
  return {
    code: v.code.trim(),
    parentId: v.parentId ?? null,
    kind: v.kind,
    name: v.name.trim(),
    nameEn: v.nameEn?.trim() || null,
    description: v.description?.trim() || null,
    sortOrder: v.sortOrder ?? 0,
    active: v.active ?? true,
    slaUnit: v.slaUnit && v.slaAmount ? v.slaUnit : null,
    slaAmount: v.slaUnit && v.slaAmount ? v.slaAmount : null,
    fields: (v.fields ?? []).map((f, i) => {
      const list = f.datatype === 'singlevaluelist' || f.datatype === 'multivaluelist';
      return {
        code: f.code.trim(),
        label: f.label.trim(),
        datatype: f.datatype,
        required: !!f.required,
        order: f.order ?? i,
        ...(f.description?.trim() ? { description: f.description.trim() } : {}),
        ...(list ? { values: textToValues(f.valuesText) } : {}),
      };
    }),
  };
}

export function TicketCategoriesPage() {
  const { t } = useTranslation('tickets');
  const list = useQuery(allCategoriesQuery());
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<Category | 'new' | null>(null);
  const categories = list.data ?? [];
  const tree = useMemo(() => buildTree(categories, t('categories.inactive')), [categories, t]);
  const current = categories.find((c) => c.id === selected);
  return (
    <PageContainer
      title={t('nav.categories')}
      section={t('nav.section')}
      description={t('categories.intro')}
      extra={
        <Space>
          <CreateButton onClick={() => setEditing('new')}>{t('categories.create')}</CreateButton>
          <RefreshButton query={list} />
        </Space>
      }
    >
      <ListCard query={list}>
        <Row gutter={16}>
          <Col xs={24} md={9}>
            {tree.length ? (
              <Tree<TreeNode> treeData={tree} defaultExpandAll selectedKeys={selected ? [selected] : []} onSelect={(keys) => setSelected((keys[0] as string | undefined) ?? null)} data-testid="categories-tree" />
            ) : (
              <Empty description={t('categories.none')} />
            )}
          </Col>
          <Col xs={24} md={15}>
            {current ? (
              <Card size="small" title={current.name} extra={<Button onClick={() => setEditing(current)} data-testid="category-edit">{t('categories.edit')}</Button>}>
                <Descriptions size="small" column={2}>
                  <Descriptions.Item label={t('categories.code')}>{current.code}</Descriptions.Item>
                  <Descriptions.Item label={t('field.kind')}>{t(`kind.${current.kind}`)}</Descriptions.Item>
                  <Descriptions.Item label={t('categories.nameEn')}>{current.nameEn ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('categories.active')}>{current.active ? <Tag color="success">{t('categories.yes')}</Tag> : <Tag>{t('categories.no')}</Tag>}</Descriptions.Item>
                  <Descriptions.Item label={t('field.description')} span={2}>{current.description ?? '—'}</Descriptions.Item>
                </Descriptions>
                <Table<CategoryField>
                  rowKey="code"
                  size="small"
                  pagination={false}
                  dataSource={[...current.fields].sort((a, b) => a.order - b.order)}
                  columns={[
                    { title: t('categories.fieldCode'), dataIndex: 'code' },
                    { title: t('categories.fieldLabel'), dataIndex: 'label' },
                    { title: t('categories.datatype'), dataIndex: 'datatype', render: (d: string) => t(`categories.type.${d}`) },
                    { title: t('categories.required'), dataIndex: 'required', render: (r: boolean) => (r ? t('categories.yes') : t('categories.no')) },
                    { title: t('categories.values'), dataIndex: 'values', render: (v: CategoryField['values']) => (v ?? []).map((x) => x.name).join('、') || '—' },
                  ]}
                />
              </Card>
            ) : (
              <Empty description={t('categories.pick')} />
            )}
          </Col>
        </Row>
      </ListCard>
      {editing && <CategoryModal category={editing === 'new' ? null : editing} categories={categories} onClose={() => setEditing(null)} />}
    </PageContainer>
  );
}

function CategoryModal({ category, categories, onClose }: { category: Category | null; categories: Category[]; onClose: () => void }) {
  const { t } = useTranslation('tickets');
  const initial: Values = category
    ? { ...category, fields: category.fields.map((f) => ({ ...f, valuesText: valuesToText(f.values) })) }
    : { code: '', parentId: null, kind: 'complaint', name: '', nameEn: null, description: null, sortOrder: 0, active: true, slaUnit: null, slaAmount: null, fields: [] };
  return (
    <FormModal<Values>
      title={category ? t('categories.edit') : t('categories.create')}
      width={860}
      initialValues={initial}
      formTestId="category-form"
      send={(v) => (category ? ticketsAdminApi.updateCategory(category.id, toBody(v)) : ticketsAdminApi.createCategory(toBody(v)))}
      invalidates={[ticketKeys.all]}
      success={t('categories.saved')}
      onClose={onClose}
    >
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name="code" label={t('categories.code')} rules={[{ required: true, pattern: /^[A-Z][A-Z0-9-]{1,39}$/, message: t('categories.codeInvalid') }]}>
            <Input maxLength={40} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="name" label={t('categories.name')} rules={[{ required: true, max: 60 }]}>
            <Input maxLength={60} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="nameEn" label={t('categories.nameEn')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="kind" label={t('field.kind')} rules={[{ required: true }]}>
            <Select options={TICKET_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="parentId" label={t('categories.parent')}>
            <Select allowClear showSearch optionFilterProp="label" options={categoryOptions(categories.filter((c) => c.id !== category?.id))} />
          </Form.Item>
        </Col>
        <Col span={4}>
          <Form.Item name="sortOrder" label={t('categories.sortOrder')}>
            <InputNumber min={0} max={100000} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={4}>
          <Form.Item name="active" label={t('categories.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name="slaUnit" label={t('categories.slaUnit')} extra={t('categories.slaHint')}>
            <Select allowClear data-testid="category-sla-unit" options={(['working_days', 'working_hours'] as const).map((u) => ({ value: u, label: t(`categories.sla.${u}`) }))} />
          </Form.Item>
        </Col>
        <Col span={4}>
          <Form.Item name="slaAmount" label={t('categories.slaAmount')}>
            <InputNumber min={1} max={200} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="description" label={t('field.description')}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Form.List name="fields">
        {(items, { add, remove }) => (
          <Card size="small" title={t('categories.fields')} extra={<Button size="small" icon={<PlusOutlined />} onClick={() => add({ datatype: 'string', required: false, order: items.length })}>{t('categories.addField')}</Button>}>
            {items.map(({ key, name }) => (
              <Row key={key} gutter={8} align="top">
                <Col span={4}>
                  <Form.Item name={[name, 'code']} label={t('categories.fieldCode')} rules={[{ required: true, pattern: /^[A-Za-z][A-Za-z0-9_]{0,39}$/, message: t('categories.fieldCodeInvalid') }]}>
                    <Input maxLength={40} />
                  </Form.Item>
                </Col>
                <Col span={5}>
                  <Form.Item name={[name, 'label']} label={t('categories.fieldLabel')} rules={[{ required: true, max: 60 }]}>
                    <Input maxLength={60} />
                  </Form.Item>
                </Col>
                <Col span={4}>
                  <Form.Item name={[name, 'datatype']} label={t('categories.datatype')} rules={[{ required: true }]}>
                    <Select options={FIELD_DATATYPES.map((d) => ({ value: d, label: t(`categories.type.${d}`) }))} />
                  </Form.Item>
                </Col>
                <Col span={2}>
                  <Form.Item name={[name, 'required']} label={t('categories.required')} valuePropName="checked">
                    <Switch size="small" />
                  </Form.Item>
                </Col>
                <Col span={2}>
                  <Form.Item name={[name, 'order']} label={t('categories.order')}>
                    <InputNumber min={0} max={1000} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name={[name, 'valuesText']} label={t('categories.values')} extra={t('categories.valuesHint')}>
                    <Input.TextArea rows={2} />
                  </Form.Item>
                </Col>
                <Col span={1}>
                  <Button type="text" aria-label={t('categories.removeField')} icon={<MinusCircleOutlined />} onClick={() => remove(name)} style={{ marginTop: 30 }} />
                </Col>
              </Row>
            ))}
          </Card>
        )}
      </Form.List>
    </FormModal>
  );
}
