/**
 * The form-based rule editor of a rule-set draft: one card per rule (id, colour, reason code, the
 * explanation in both languages with a live preview, recovery days, confirmation) and a condition
 * builder over the fact types of docs/health-code.md — all / any / not groups and one form per fact.
 * It edits the same JSON the advanced view shows (the draft form's `rules` field), so either view can
 * be used and the server still validates everything on save. A condition shape the builder does not
 * know (an `ext:` source with extra keys, say) is shown as JSON and left unchanged.
 */
import type { ReactNode } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Segmented, Select, Space, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Rule } from '../../shared/health/health.types.ts';
import { renderTemplate, unknownPlaceholders } from './rule-template.ts';

type Condition = Record<string, unknown>;

const FACTS = ['personStatus', 'visitedRiskArea', 'residenceInRiskArea', 'fever', 'symptoms', 'contactWithCase', 'quarantine', 'missingTemperatureDays', 'consecutiveNormalDays'] as const;
const GROUPS = ['all', 'any', 'not'] as const;
const STATUSES = ['confirmed', 'suspected', 'asymptomatic', 'close_contact', 'secondary_contact', 'released'] as const;
const LEVELS = ['high', 'medium', 'low'] as const;
const SYMPTOMS = ['fever', 'cough', 'fatigue', 'sore_throat', 'shortness_of_breath', 'diarrhoea', 'loss_of_smell', 'other'] as const;
const COMPARISONS = ['gte', 'gt', 'eq', 'lte', 'lt'] as const;

/** A new condition of one kind, with the defaults of docs/health-code.md. */
function blank(kind: string): Condition {
  switch (kind) {
    case 'all':
    case 'any':
      return { [kind]: [{ fact: 'fever', withinDays: 1 }] };
    case 'not':
      return { not: { fact: 'fever', withinDays: 1 } };
    case 'personStatus':
      return { fact: kind, in: ['confirmed'] };
    case 'visitedRiskArea':
      return { fact: kind, level: 'high', withinDays: 14 };
    case 'residenceInRiskArea':
      return { fact: kind, level: ['high', 'medium'] };
    case 'fever':
      return { fact: kind, withinDays: 1 };
    case 'symptoms':
    case 'contactWithCase':
      return { fact: kind, withinDays: 14 };
    case 'quarantine':
      return { fact: kind };
    default:
      return { fact: kind, gte: 1 };
  }
}

/** The kind of a condition: a group key, a known fact, or null when the builder cannot edit it. */
function kindOf(condition: unknown): string | null {
  if (!condition || typeof condition !== 'object' || Array.isArray(condition)) return null;
  const c = condition as Condition;
  // A fact first: `symptoms` has its own `any` (a list of symptom codes), which is not a group.
  if ('fact' in c) return typeof c.fact === 'string' && (FACTS as readonly string[]).includes(c.fact) ? c.fact : null;
  const group = GROUPS.find((g) => g in c);
  if (!group) return null;
  return group === 'not' ? (c.not && typeof c.not === 'object' ? group : null) : Array.isArray(c[group]) && (c[group] as unknown[]).every((x) => x && typeof x === 'object') ? group : null;
}

/** A list of strings or one string (`level` accepts both) as a list. */
function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** Sets or removes one key (undefined / empty list removes it). */
function withKey(condition: Condition, key: string, value: unknown): Condition {
  const next = { ...condition };
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) delete next[key];
  else next[key] = value;
  return next;
}

function ConditionEditor({ value, onChange, depth }: { value: Condition; onChange: (next: Condition) => void; depth: number }) {
  const { t } = useTranslation('health');
  const kind = kindOf(value);
  const kindOptions = [
    ...GROUPS.map((g) => ({ value: g, label: t(`ruleEditor.group.${g}`) })),
    ...FACTS.map((f) => ({ value: f, label: t(`ruleEditor.fact.${f}`) })),
  ];
  const number = (key: string, label: string, min = 0) => (
    <Space size={4}>
      <span>{label}</span>
      <InputNumber aria-label={label} size="small" min={min} max={365} value={typeof value[key] === 'number' ? (value[key] as number) : null} onChange={(v) => onChange(withKey(value, key, v ?? undefined))} />
    </Space>
  );
  const multi = (key: string, label: string, options: readonly string[], labelOf: (o: string) => string) => (
    <Select
      aria-label={label}
      placeholder={label}
      size="small"
      mode="multiple"
      style={{ minWidth: 220 }}
      value={asList(value[key])}
      onChange={(v: string[]) => onChange(withKey(value, key, v))}
      options={options.map((o) => ({ value: o, label: labelOf(o) }))}
    />
  );

  let body: ReactNode = null;
  if (kind === null) {
    body = (
      <div>
        <Typography.Text type="secondary">{t('ruleEditor.advancedOnly')}</Typography.Text>
        <Typography.Paragraph code className="fx-mono">{JSON.stringify(value)}</Typography.Paragraph>
      </div>
    );
  } else if (kind === 'all' || kind === 'any') {
    const children = (Array.isArray(value[kind]) ? value[kind] : []) as Condition[];
    body = (
      <Space direction="vertical" style={{ width: '100%' }}>
        {children.map((child, index) => (
          <div key={index} className="fx-rule-condition-child">
            <ConditionEditor depth={depth + 1} value={child} onChange={(next) => onChange({ [kind]: children.map((c, i) => (i === index ? next : c)) })} />
            <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('ruleEditor.removeCondition')} disabled={children.length <= 1} onClick={() => onChange({ [kind]: children.filter((_, i) => i !== index) })} />
          </div>
        ))}
        {depth < 7 && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => onChange({ [kind]: [...children, blank('fever')] })}>
            {t('ruleEditor.addCondition')}
          </Button>
        )}
      </Space>
    );
  } else if (kind === 'not') {
    body = <ConditionEditor depth={depth + 1} value={(value.not ?? blank('fever')) as Condition} onChange={(next) => onChange({ not: next })} />;
  } else {
    const parts: ReactNode[] = [];
    if (kind === 'personStatus') parts.push(multi('in', t('ruleEditor.statuses'), STATUSES, (s) => t(`status.${s}`)));
    if (kind === 'visitedRiskArea' || kind === 'residenceInRiskArea') parts.push(multi('level', t('ruleEditor.levels'), LEVELS, (l) => t(`level.${l}`)));
    if (kind === 'symptoms') parts.push(multi('any', t('ruleEditor.symptoms'), SYMPTOMS, (s) => t(`symptom.${s}`)));
    if (kind === 'fever') parts.push(number('gte', t('ruleEditor.celsius'), 35));
    if (['personStatus', 'visitedRiskArea', 'fever', 'symptoms', 'contactWithCase'].includes(kind)) parts.push(number('withinDays', t('ruleEditor.withinDays'), 1));
    if (kind === 'visitedRiskArea') {
      parts.push(
        <Space size={4} key="residence">
          <span>{t('ruleEditor.includeResidence')}</span>
          <Switch size="small" aria-label={t('ruleEditor.includeResidence')} checked={value.includeResidence === true} onChange={(v) => onChange(withKey(value, 'includeResidence', v || undefined))} />
        </Space>,
      );
    }
    if (kind === 'quarantine') {
      parts.push(
        <Select
          key="kind"
          aria-label={t('ruleEditor.quarantineKind')}
          size="small"
          style={{ minWidth: 140 }}
          value={typeof value.kind === 'string' ? value.kind : 'any'}
          onChange={(v: string) => onChange(withKey(value, 'kind', v === 'any' ? undefined : v))}
          options={(['any', 'home', 'central'] as const).map((k) => ({ value: k, label: t(`ruleEditor.quarantine.${k}`) }))}
        />,
      );
    }
    if (kind === 'missingTemperatureDays' || kind === 'consecutiveNormalDays') {
      const op = COMPARISONS.find((c) => typeof value[c] === 'number') ?? 'gte';
      parts.push(
        <Space size={4} key="compare">
          <Select
            aria-label={t('ruleEditor.comparison')}
            size="small"
            style={{ width: 90 }}
            value={op}
            onChange={(next: string) => {
              const amount = value[op];
              const cleared = COMPARISONS.reduce((c, key) => withKey(c, key, undefined), value);
              onChange({ ...cleared, [next]: typeof amount === 'number' ? amount : 1 });
            }}
            options={COMPARISONS.map((c) => ({ value: c, label: t(`ruleEditor.compare.${c}`) }))}
          />
          <InputNumber aria-label={t('ruleEditor.days')} size="small" min={0} max={365} value={typeof value[op] === 'number' ? (value[op] as number) : null} onChange={(v) => onChange(withKey(value, op, v ?? 0))} />
          <span>{t('ruleEditor.daysUnit')}</span>
        </Space>,
      );
    }
    body = (
      <Space wrap size={[12, 8]}>
        {parts.map((p, i) => (
          <span key={i}>{p}</span>
        ))}
      </Space>
    );
  }

  return (
    <div className="fx-rule-condition" data-testid="rule-condition">
      <Select
        aria-label={t('ruleEditor.conditionKind')}
        size="small"
        style={{ minWidth: 180, marginBottom: 8 }}
        value={kind ?? undefined}
        placeholder={t('ruleEditor.advancedOnly')}
        onChange={(next: string) => onChange(blank(next))}
        options={kindOptions}
      />
      {body}
    </div>
  );
}

/** The explanation of a rule in one language, with its rendered preview. */
function TemplateField({ label, value, language, onChange }: { label: string; value: string; language: 'zh' | 'en'; onChange: (v: string) => void }) {
  const { t } = useTranslation('health');
  const unknown = unknownPlaceholders(value);
  return (
    <Form.Item label={label} validateStatus={unknown.length > 0 ? 'error' : undefined} help={unknown.length > 0 ? t('ruleEditor.unknownPlaceholder', { names: unknown.map((n) => `{${n}}`).join(' ') }) : undefined}>
      <Input aria-label={label} value={value} maxLength={200} onChange={(e) => onChange(e.target.value)} />
      <div className="fx-rule-preview" data-testid={`rule-preview-${language}`}>
        {t('ruleEditor.preview')}
        {renderTemplate(value, language)}
      </div>
    </Form.Item>
  );
}

function RuleCard({ rule, onChange, onRemove }: { rule: Rule; onChange: (next: Rule) => void; onRemove: () => void }) {
  const { t } = useTranslation('health');
  const set = <K extends keyof Rule>(key: K, value: Rule[K]) => onChange({ ...rule, [key]: value });
  return (
    <Card
      size="small"
      className="fx-card fx-rule-card"
      data-testid="rule-card"
      title={<span className="fx-mono">{rule.id || t('ruleEditor.newRule')}</span>}
      extra={
        <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={onRemove}>
          {t('ruleEditor.removeRule')}
        </Button>
      }
    >
      <Space wrap size={[16, 0]} align="start">
        <Form.Item label={t('ruleSets.rule')}>
          <Input aria-label={t('ruleSets.rule')} value={rule.id} maxLength={64} className="fx-mono" onChange={(e) => set('id', e.target.value)} />
        </Form.Item>
        <Form.Item label={t('ruleSets.reasonCode')}>
          <Input aria-label={t('ruleSets.reasonCode')} value={rule.reasonCode} maxLength={64} className="fx-mono" onChange={(e) => set('reasonCode', e.target.value)} />
        </Form.Item>
        <Form.Item label={t('ruleSets.colour')}>
          <Segmented<Rule['colour']> aria-label={t('ruleSets.colour')} value={rule.colour} onChange={(v) => set('colour', v)} options={(['yellow', 'red'] as const).map((c) => ({ value: c, label: t(`colour.${c}`) }))} />
        </Form.Item>
        <Form.Item label={t('ruleSets.duration')}>
          <InputNumber aria-label={t('ruleSets.duration')} min={0} max={365} value={rule.durationDays} onChange={(v) => set('durationDays', v ?? 0)} />
        </Form.Item>
        <Form.Item label={t('ruleSets.needsConfirmation')}>
          <Switch aria-label={t('ruleSets.needsConfirmation')} checked={rule.needsConfirmation} onChange={(v) => set('needsConfirmation', v)} />
        </Form.Item>
      </Space>
      <Form.Item label={t('ruleSets.condition')}>
        <ConditionEditor depth={0} value={(rule.condition ?? blank('fever')) as Condition} onChange={(next) => set('condition', next)} />
      </Form.Item>
      <TemplateField label={t('ruleEditor.textZh')} language="zh" value={rule.text?.zh ?? ''} onChange={(zh) => set('text', { ...rule.text, zh })} />
      <TemplateField label={t('ruleEditor.textEn')} language="en" value={rule.text?.en ?? ''} onChange={(en) => set('text', { ...rule.text, en })} />
    </Card>
  );
}

/** Parses the draft's JSON; null when it is not a list of objects. */
export function parseRules(json: string | undefined): Rule[] | null {
  try {
    const parsed: unknown = JSON.parse(json ?? '');
    return Array.isArray(parsed) && parsed.every((r) => r && typeof r === 'object') ? (parsed as Rule[]) : null;
  } catch {
    return null;
  }
}

/** The form view of the draft form's `rules` field (a JSON string shared with the advanced view). */
export function RuleListEditor() {
  const { t } = useTranslation('health');
  const form = Form.useFormInstance<{ rules: string }>();
  const json = Form.useWatch('rules', form);
  const rules = parseRules(json);
  if (!rules) return <Alert type="error" showIcon message={t('ruleEditor.jsonBroken')} />;
  const save = (next: Rule[]) => form.setFieldValue('rules', JSON.stringify(next, null, 2));
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="rule-editor">
      {rules.map((rule, index) => (
        <RuleCard key={index} rule={rule} onChange={(next) => save(rules.map((r, i) => (i === index ? next : r)))} onRemove={() => save(rules.filter((_, i) => i !== index))} />
      ))}
      <Button
        icon={<PlusOutlined />}
        onClick={() =>
          save([...rules, { id: `rule-${rules.length + 1}`, condition: blank('fever'), colour: 'yellow', reasonCode: 'CUSTOM', text: { zh: '', en: '' }, durationDays: 7, needsConfirmation: false }])
        }
      >
        {t('ruleEditor.addRule')}
      </Button>
    </Space>
  );
}
