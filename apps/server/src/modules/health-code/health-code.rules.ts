import { PERSON_STATUS_TEXT, QUARANTINE_KIND_TEXT, registryText, RISK_LEVEL_TEXT } from '@fangxian/contracts/kernel';
import { COLOURS, PERSON_STATUSES, QUARANTINE_KINDS, RISK_LEVELS, type Condition, type Evidence } from './health-code.types.ts';
import { formatDay } from './health-code.days.ts';

/** Placeholders a reason template may use; each is filled from the first piece of evidence. */
export const TEMPLATE_PLACEHOLDERS = ['day', 'area', 'divisionCode', 'level', 'status', 'celsius', 'kind', 'value', 'source'] as const;

const NUMERIC_OPS = ['gte', 'lte', 'gt', 'lt', 'eq'] as const;
const MAX_DEPTH = 8;
const MAX_WINDOW_DAYS = 90;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkKeys(c: Record<string, unknown>, allowed: string[], path: string, issues: string[]): void {
  for (const key of Object.keys(c)) if (!allowed.includes(key)) issues.push(`${path}: unknown key "${key}"`);
}

function checkWindow(v: unknown, path: string, issues: string[], required: boolean): void {
  if (v === undefined) {
    if (required) issues.push(`${path}.withinDays: required`);
    return;
  }
  if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > MAX_WINDOW_DAYS) issues.push(`${path}.withinDays: an integer from 1 to ${MAX_WINDOW_DAYS}`);
}

function checkNumericOps(c: Record<string, unknown>, path: string, issues: string[], allowAny: boolean): void {
  const ops = NUMERIC_OPS.filter((op) => c[op] !== undefined);
  if (ops.length === 0 && !(allowAny && c.in !== undefined)) issues.push(`${path}: needs a comparison (${NUMERIC_OPS.join(', ')})`);
  for (const op of ops) {
    const v = c[op];
    const ok = typeof v === 'number' ? Number.isFinite(v) : allowAny && op === 'eq' && (typeof v === 'string' || typeof v === 'boolean');
    if (!ok) issues.push(`${path}.${op}: must be a number`);
  }
}

function checkLevels(v: unknown, path: string, issues: string[]): void {
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0 || !list.every((l) => (RISK_LEVELS as readonly unknown[]).includes(l))) issues.push(`${path}.level: one of ${RISK_LEVELS.join(', ')} or a list of them`);
}

/** Checks a condition of the rule language; returns the problems found (empty when valid). */
export function validateCondition(c: unknown, path = 'condition', depth = 0, issues: string[] = []): string[] {
  if (depth > MAX_DEPTH) {
    issues.push(`${path}: nested too deeply (at most ${MAX_DEPTH})`);
    return issues;
  }
  if (!isObject(c)) {
    issues.push(`${path}: must be an object`);
    return issues;
  }
  if (!('fact' in c) && ('all' in c || 'any' in c)) {
    const key = 'all' in c ? 'all' : 'any';
    checkKeys(c, [key], path, issues);
    const list = c[key];
    if (!Array.isArray(list) || list.length === 0) issues.push(`${path}.${key}: a non-empty list of conditions`);
    else list.forEach((child, i) => validateCondition(child, `${path}.${key}[${i}]`, depth + 1, issues));
    return issues;
  }
  if (!('fact' in c) && 'not' in c) {
    checkKeys(c, ['not'], path, issues);
    validateCondition(c.not, `${path}.not`, depth + 1, issues);
    return issues;
  }
  const fact = c.fact;
  switch (fact) {
    case 'personStatus':
      checkKeys(c, ['fact', 'in', 'withinDays'], path, issues);
      if (!Array.isArray(c.in) || c.in.length === 0 || !c.in.every((s) => (PERSON_STATUSES as readonly unknown[]).includes(s))) {
        issues.push(`${path}.in: a non-empty list of ${PERSON_STATUSES.join(', ')}`);
      }
      checkWindow(c.withinDays, path, issues, false);
      break;
    case 'visitedRiskArea':
      checkKeys(c, ['fact', 'level', 'withinDays', 'includeResidence'], path, issues);
      checkLevels(c.level, path, issues);
      checkWindow(c.withinDays, path, issues, true);
      if (c.includeResidence !== undefined && typeof c.includeResidence !== 'boolean') issues.push(`${path}.includeResidence: true or false`);
      break;
    case 'residenceInRiskArea':
      checkKeys(c, ['fact', 'level'], path, issues);
      checkLevels(c.level, path, issues);
      break;
    case 'fever':
      checkKeys(c, ['fact', 'withinDays', 'gte'], path, issues);
      checkWindow(c.withinDays, path, issues, true);
      if (c.gte !== undefined && (typeof c.gte !== 'number' || c.gte < 35 || c.gte > 43)) issues.push(`${path}.gte: a temperature between 35 and 43`);
      break;
    case 'symptoms':
      checkKeys(c, ['fact', 'withinDays', 'any'], path, issues);
      checkWindow(c.withinDays, path, issues, true);
      if (c.any !== undefined && (!Array.isArray(c.any) || c.any.length === 0 || !c.any.every((s) => typeof s === 'string'))) issues.push(`${path}.any: a non-empty list of symptom codes`);
      break;
    case 'contactWithCase':
      checkKeys(c, ['fact', 'withinDays'], path, issues);
      checkWindow(c.withinDays, path, issues, true);
      break;
    case 'quarantine':
      checkKeys(c, ['fact', 'kind'], path, issues);
      if (c.kind !== undefined && !(QUARANTINE_KINDS as readonly unknown[]).includes(c.kind)) issues.push(`${path}.kind: home or central`);
      break;
    case 'missingTemperatureDays':
    case 'consecutiveNormalDays':
      checkKeys(c, ['fact', ...NUMERIC_OPS], path, issues);
      checkNumericOps(c, path, issues, false);
      break;
    default:
      if (typeof fact === 'string' && /^ext:[a-zA-Z][a-zA-Z0-9_.-]{0,63}$/.test(fact)) {
        checkKeys(c, ['fact', ...NUMERIC_OPS, 'in', 'withinDays'], path, issues);
        checkNumericOps(c, path, issues, true);
        if (c.in !== undefined && (!Array.isArray(c.in) || !c.in.every((s) => typeof s === 'string'))) issues.push(`${path}.in: a list of strings`);
        checkWindow(c.withinDays, path, issues, false);
      } else {
        issues.push(`${path}.fact: unknown fact "${String(fact)}"`);
      }
  }
  return issues;
}

/** Checks a whole rule list: unique ids, valid conditions, colours, durations and templates. */
export function validateRules(rules: unknown): string[] {
  const issues: string[] = [];
  if (!Array.isArray(rules)) return ['rules: must be a list'];
  if (rules.length > 200) issues.push('rules: at most 200 rules');
  const ids = new Set<string>();
  rules.forEach((r, i) => {
    const path = `rules[${i}]`;
    if (!isObject(r)) {
      issues.push(`${path}: must be an object`);
      return;
    }
    checkKeys(r, ['id', 'condition', 'colour', 'reasonCode', 'text', 'durationDays', 'needsConfirmation'], path, issues);
    if (typeof r.id !== 'string' || !/^[a-z0-9][a-z0-9_-]{0,63}$/.test(r.id)) issues.push(`${path}.id: lower-case letters, digits, - or _`);
    else if (ids.has(r.id)) issues.push(`${path}.id: "${r.id}" is used twice`);
    else ids.add(r.id);
    if (r.colour === 'green' || !(COLOURS as readonly unknown[]).includes(r.colour)) issues.push(`${path}.colour: yellow or red (green is the absence of reasons)`);
    if (typeof r.reasonCode !== 'string' || !/^[A-Z][A-Z0-9_]{1,63}$/.test(r.reasonCode)) issues.push(`${path}.reasonCode: UPPER_CASE letters, digits and _`);
    if (!Number.isInteger(r.durationDays) || (r.durationDays as number) < 0 || (r.durationDays as number) > 60) issues.push(`${path}.durationDays: an integer from 0 to 60`);
    if (typeof r.needsConfirmation !== 'boolean') issues.push(`${path}.needsConfirmation: true or false`);
    if (!isObject(r.text) || typeof r.text.zh !== 'string' || typeof r.text.en !== 'string' || !r.text.zh || !r.text.en) {
      issues.push(`${path}.text: {zh, en} explanation templates`);
    } else {
      for (const lang of ['zh', 'en'] as const) {
        const tpl = r.text[lang] as string;
        if (tpl.length > 300) issues.push(`${path}.text.${lang}: at most 300 characters`);
        for (const m of tpl.matchAll(/\{([^}]*)\}/g)) {
          if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(m[1])) issues.push(`${path}.text.${lang}: unknown placeholder {${m[1]}}`);
        }
      }
    }
    validateCondition(r.condition, `${path}.condition`, 0, issues);
  });
  return issues;
}

/** Fills a reason template from the evidence, in one language; missing values become "—". */
export function renderTemplate(template: string, evidence: Evidence | undefined, lang: 'zh' | 'en'): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (_m, name: string) => {
    const e = evidence as Record<string, unknown> | undefined;
    const v = e?.[name];
    if (v === undefined || v === null) return '—';
    if (name === 'day') return formatDay(String(v), lang);
    if (name === 'level') return registryText(RISK_LEVEL_TEXT, String(v), lang);
    if (name === 'status') return registryText(PERSON_STATUS_TEXT, String(v), lang);
    if (name === 'kind') return registryText(QUARANTINE_KIND_TEXT, String(v), lang);
    return String(v);
  });
}

/** The colour names for condition texts. */
export const COLOUR_TEXT = { green: { zh: '绿码', en: 'green' }, yellow: { zh: '黄码', en: 'yellow' }, red: { zh: '红码', en: 'red' } } as const;
