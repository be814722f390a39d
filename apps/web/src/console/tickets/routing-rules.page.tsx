/**
 * 派单规则: the routing rules of the officer's region (category subtree × division prefix × kind →
 * department; the most specific wins). Edit them, try them on the region's last 100 tickets (nothing is
 * saved by the dry-run), then save — the whole set is replaced and audited.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Table, Tag } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { TICKET_KINDS, type TicketKind } from '@fangxian/contracts/tickets';
import { useAction } from '../../staff/use-action.ts';
import { ListCard } from '../../staff/list-table.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { ticketKeys } from './tickets.api.ts';
import { allCategoriesQuery, categoryOptions, routingRulesQuery, ticketsAdminApi, type DryRun, type RoutingRule } from './tickets-admin.api.ts';

interface RuleValues { categoryId?: string | null; kind?: TicketKind | null; regionCode?: string; department: string; priority?: number | null }

const toRules = (rules: RuleValues[] | undefined): RoutingRule[] =>
  (rules ?? []).map((r) => ({
    categoryId: r.categoryId ?? null,
    kind: r.kind ?? null,
    regionCode: (r.regionCode ?? '').trim(),
    department: r.department.trim(),
    ...(r.priority !== undefined && r.priority !== null ? { priority: r.priority } : {}),
  }));

export function RoutingRulesPage() {
  const { t } = useTranslation('tickets');
  const rules = useQuery(routingRulesQuery());
  const categories = useQuery(allCategoriesQuery());
  const [form] = Form.useForm<{ rules: RuleValues[] }>();
  const [dry, setDry] = useState<DryRun | null>(null);
  useEffect(() => {
    if (rules.data) form.setFieldsValue({ rules: rules.data.map((r) => ({ categoryId: r.categoryId, kind: r.kind, regionCode: r.regionCode, department: r.department, priority: r.priority })) });
  }, [rules.data, form]);
  const save = useAction<RoutingRule[]>({ send: (r) => ticketsAdminApi.replaceRules(r), invalidates: [ticketKeys.all], success: t('routing.saved'), showError: 'inline' });
  const tryRules = useAction<RoutingRule[], DryRun>({ send: (r) => ticketsAdminApi.dryRun(r), showError: 'inline', onDone: (result) => setDry(result) });
  const error = save.error ?? tryRules.error;
  const catName = new Map(categoryOptions(categories.data ?? []).map((o) => [o.value, o.label]));
  const run = async (which: 'save' | 'dry') => {
    const v = await form.validateFields();
    const body = toRules(v.rules);
    if (which === 'save') await save.run(body);
    else await tryRules.run(body);
  };
  return (
    <PageContainer title={t('nav.routing')} section={t('nav.section')} description={t('routing.intro')} extra={<RefreshButton query={rules} />}>
      <ListCard query={rules}>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" data-testid="routing-form">
          <Form.List name="rules">
            {(items, { add, remove }) => (
              <>
                {items.map(({ key, name }) => (
                  <Row key={key} gutter={8} align="top">
                    <Col xs={24} md={7}>
                      <Form.Item name={[name, 'categoryId']} label={t('routing.category')}>
                        <Select allowClear showSearch optionFilterProp="label" placeholder={t('routing.any')} options={categoryOptions(categories.data ?? [])} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={4}>
                      <Form.Item name={[name, 'kind']} label={t('field.kind')}>
                        <Select allowClear placeholder={t('routing.any')} options={TICKET_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={4}>
                      <Form.Item name={[name, 'regionCode']} label={t('routing.regionCode')} rules={[{ pattern: /^(\d{6}|\d{9}|\d{12})?$/, message: t('routing.regionCodeInvalid') }]}>
                        <Input maxLength={12} placeholder={t('routing.everywhere')} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={5}>
                      <Form.Item name={[name, 'department']} label={t('field.department')} rules={[{ required: true, whitespace: true, max: 100 }]}>
                        <Input maxLength={100} />
                      </Form.Item>
                    </Col>
                    <Col xs={8} md={3}>
                      <Form.Item name={[name, 'priority']} label={t('routing.priority')}>
                        <InputNumber min={0} max={10000} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={4} md={1}>
                      <Button type="text" aria-label={t('routing.remove')} icon={<MinusCircleOutlined />} onClick={() => remove(name)} style={{ marginTop: 30 }} />
                    </Col>
                  </Row>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ regionCode: '', department: '' })} data-testid="routing-add">
                  {t('routing.add')}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
        <Space style={{ marginTop: 16 }}>
          <Button onClick={() => void run('dry')} loading={tryRules.pending} data-testid="routing-dry-run">
            {t('routing.dryRun')}
          </Button>
          <Button type="primary" onClick={() => void run('save')} loading={save.pending} data-testid="routing-save">
            {t('routing.save')}
          </Button>
        </Space>
      </ListCard>
      {dry && (
        <Card size="small" style={{ marginTop: 16 }} title={t('routing.dryRunTitle', { changed: dry.changed, unrouted: dry.unrouted, total: dry.tickets.length })}>
          <Table
            rowKey="id"
            size="small"
            dataSource={dry.tickets}
            data-testid="routing-dry-run-result"
            columns={[
              { title: t('field.number'), dataIndex: 'number' },
              { title: t('field.kind'), dataIndex: 'kind', render: (k: string) => t(`kind.${k}`, { defaultValue: k }) },
              { title: t('routing.category'), dataIndex: 'categoryId', render: (c: string | null) => (c ? (catName.get(c) ?? c) : '—') },
              { title: t('field.region'), dataIndex: 'regionCode' },
              { title: t('routing.assigned'), dataIndex: 'department', render: (d: string | null) => d ?? '—' },
              { title: t('routing.current'), dataIndex: 'current', render: (d: string | null) => d ?? '—' },
              {
                title: t('routing.proposed'),
                key: 'proposed',
                render: (_: unknown, r) => (r.proposed === null ? <Tag>{t('routing.unrouted')}</Tag> : r.proposed !== r.current ? <Tag color="orange">{r.proposed}</Tag> : r.proposed),
              },
            ]}
          />
        </Card>
      )}
    </PageContainer>
  );
}
