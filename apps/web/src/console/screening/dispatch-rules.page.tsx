/**
 * 下发规则: the rules that send each new person to a command post (rules as data). The first rule by
 * priority that fits a person (source kind, division prefix of the residence or household division)
 * decides the target (a fixed division, else the county of that division) and the SLA hours; without
 * a fitting rule the county of the residence division gets the task with the source's SLA. Officers
 * who manage sources edit and save the whole list; others read it.
 */
import { useEffect } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../shared/session/session.tsx';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { useAction } from '../../staff/use-action.ts';
import { PageContainer } from '../components/page-container.tsx';
import { SOURCE_KIND_LIST, dispatchRulesQuery, screeningApi, screeningKeys, type DispatchRule } from './screening.api.ts';

interface RuleRow {
  priority: number;
  sourceKind: string;
  divisionPrefix?: string;
  useDivision: 'residence' | 'household';
  targetDivision?: string;
  contactHours?: number | null;
  feedbackHours?: number | null;
  note?: string;
}

const ANY = '*';

function toRule(r: RuleRow): DispatchRule {
  return {
    priority: r.priority,
    sourceKind: r.sourceKind === ANY ? null : (r.sourceKind as DispatchRule['sourceKind']),
    divisionPrefix: r.divisionPrefix?.trim() || null,
    useDivision: r.useDivision,
    targetDivision: r.targetDivision?.trim() || null,
    contactHours: r.contactHours ?? null,
    feedbackHours: r.feedbackHours ?? null,
    note: r.note?.trim() || null,
  };
}

function toRow(r: DispatchRule): RuleRow {
  return { ...r, sourceKind: r.sourceKind ?? ANY, divisionPrefix: r.divisionPrefix ?? undefined, targetDivision: r.targetDivision ?? undefined, note: r.note ?? undefined };
}

export function DispatchRulesPage() {
  const { t } = useTranslation('screening');
  const { can } = useSession();
  const manage = can('screening.source.manage');
  const rules = useQuery(dispatchRulesQuery());
  const error = useLoadError(rules.error);
  const [form] = Form.useForm<{ rules: RuleRow[] }>();
  useEffect(() => {
    if (rules.data) form.setFieldsValue({ rules: rules.data.map(toRow) });
  }, [rules.data, form]);
  const save = useAction<RuleRow[]>({
    send: (rows) => screeningApi.replaceDispatchRules(rows.map(toRule)),
    invalidates: [screeningKeys.dispatchRules],
    success: t('rules.saved'),
    showError: 'inline',
  });
  const kinds = [{ value: ANY, label: t('rules.anyKind') }, ...SOURCE_KIND_LIST.map((k) => ({ value: k, label: t(`kind.${k}`) }))];
  const sixDigits = { pattern: /^\d{6}$/, message: t('rules.sixDigits') };
  return (
    <PageContainer title={t('nav.rules')} section={t('nav.section')} description={t('rules.intro')}>
      {error && <Alert type="error" showIcon title={error} className="fx-card" />}
      <Card className="fx-card" loading={rules.isLoading}>
        <Form form={form} disabled={!manage} onFinish={(v) => void save.run(v.rules ?? [])} data-testid="dispatch-rules-form">
          <Form.List name="rules">
            {(fields, { add, remove }) => (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Table
                  size="small"
                  rowKey="key"
                  pagination={false}
                  dataSource={fields}
                  locale={{ emptyText: t('rules.none') }}
                  columns={[
                    { title: t('rules.priority'), key: 'priority', width: 90, render: (_: unknown, f) => <Form.Item name={[f.name, 'priority']} noStyle rules={[{ required: true }]}><InputNumber min={0} max={10000} precision={0} style={{ width: 80 }} /></Form.Item> },
                    { title: t('rules.sourceKind'), key: 'kind', width: 140, render: (_: unknown, f) => <Form.Item name={[f.name, 'sourceKind']} noStyle><Select options={kinds} style={{ width: 130 }} /></Form.Item> },
                    { title: t('rules.useDivision'), key: 'use', width: 120, render: (_: unknown, f) => <Form.Item name={[f.name, 'useDivision']} noStyle><Select style={{ width: 110 }} options={[{ value: 'residence', label: t('rules.residence') }, { value: 'household', label: t('rules.household') }]} /></Form.Item> },
                    { title: t('rules.divisionPrefix'), key: 'prefix', width: 130, render: (_: unknown, f) => <Form.Item name={[f.name, 'divisionPrefix']} noStyle rules={[{ pattern: /^\d{2,12}$/, message: t('rules.prefixDigits') }]}><Input placeholder="5106" className="fx-mono" style={{ width: 110 }} /></Form.Item> },
                    { title: t('rules.target'), key: 'target', width: 130, render: (_: unknown, f) => <Form.Item name={[f.name, 'targetDivision']} noStyle rules={[sixDigits]}><Input placeholder={t('rules.countyOfDivision')} className="fx-mono" style={{ width: 120 }} /></Form.Item> },
                    { title: t('rules.contactHours'), key: 'contact', width: 100, render: (_: unknown, f) => <Form.Item name={[f.name, 'contactHours']} noStyle><InputNumber min={1} max={720} precision={0} style={{ width: 80 }} /></Form.Item> },
                    { title: t('rules.feedbackHours'), key: 'feedback', width: 100, render: (_: unknown, f) => <Form.Item name={[f.name, 'feedbackHours']} noStyle><InputNumber min={1} max={720} precision={0} style={{ width: 80 }} /></Form.Item> },
                    { title: t('rules.note'), key: 'note', render: (_: unknown, f) => <Form.Item name={[f.name, 'note']} noStyle><Input maxLength={200} /></Form.Item> },
                    ...(manage ? [{ title: '', key: 'remove', width: 48, render: (_: unknown, f: { name: number }) => <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('rules.remove')} onClick={() => remove(f.name)} /> }] : []),
                  ]}
                />
                {manage && (
                  <Space>
                    <Button icon={<PlusOutlined />} onClick={() => add({ priority: (fields.length + 1) * 10, sourceKind: ANY, useDivision: 'residence' })} data-testid="add-rule">
                      {t('rules.add')}
                    </Button>
                    <Button type="primary" htmlType="submit" loading={save.pending} data-testid="save-rules">
                      {t('rules.save')}
                    </Button>
                  </Space>
                )}
                {save.error && <Alert type="error" showIcon title={save.error} />}
                <Typography.Paragraph type="secondary">{t('rules.fallback')}</Typography.Paragraph>
              </Space>
            )}
          </Form.List>
        </Form>
      </Card>
    </PageContainer>
  );
}
