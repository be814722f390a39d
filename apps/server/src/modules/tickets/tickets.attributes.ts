/**
 * Category attribute forms (pure): the typed fields a category asks for — in order, with required
 * flags — their validation, the validation of a reporter's answers, and the Open311 GeoReport v2
 * service-definition attributes made from them (the same definitions serve the citizen form and Open311).
 */
import type { CategoryField } from './tickets.tables.ts';

export type { CategoryField };
export const FIELD_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type AttributeValue = string | number | string[];
export type Answers = Record<string, AttributeValue>;

const CODE = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const isList = (d: CategoryField['datatype']) => d === 'singlevaluelist' || d === 'multivaluelist';

/** Problems of a form definition, by path (empty: valid). Codes unique, lists with unique keys, others without values. */
export function fieldProblems(fields: readonly CategoryField[]): { path: string; problem: string }[] {
  const out: { path: string; problem: string }[] = [];
  const codes = new Set<string>();
  fields.forEach((f, i) => {
    const at = `fields/${i}`;
    if (!CODE.test(f.code)) out.push({ path: `${at}/code`, problem: 'a letter, then letters, digits or _ (at most 40)' });
    else if (codes.has(f.code)) out.push({ path: `${at}/code`, problem: 'duplicate code' });
    codes.add(f.code);
    if (!f.label.trim()) out.push({ path: `${at}/label`, problem: 'required' });
    if (!(FIELD_DATATYPES as readonly string[]).includes(f.datatype)) out.push({ path: `${at}/datatype`, problem: 'unknown datatype' });
    if (isList(f.datatype)) {
      const keys = (f.values ?? []).map((v) => v.key);
      if (keys.length === 0) out.push({ path: `${at}/values`, problem: 'a list needs values' });
      if (new Set(keys).size !== keys.length) out.push({ path: `${at}/values`, problem: 'duplicate value key' });
      if ((f.values ?? []).some((v) => !v.key.trim() || !v.name.trim())) out.push({ path: `${at}/values`, problem: 'every value needs a key and a name' });
    } else if (f.values && f.values.length > 0) out.push({ path: `${at}/values`, problem: 'only list datatypes have values' });
  });
  return out;
}

/** Fields in their display order (order, then position). */
export const ordered = (fields: readonly CategoryField[]): CategoryField[] => fields.map((f, i) => ({ f, i })).sort((a, b) => a.f.order - b.f.order || a.i - b.i).map((x) => x.f);

/**
 * Checks answers against a form: required fields present, types right, list values known, nothing
 * unknown. Answers come as strings from Open311 forms, so numbers may be numeric strings.
 * Returns the normalised answers or the problems by field code.
 */
export function checkAnswers(fields: readonly CategoryField[], raw: Record<string, unknown>): { answers: Answers } | { problems: { field: string; problem: string }[] } {
  const problems: { field: string; problem: string }[] = [];
  const answers: Answers = {};
  const byCode = new Map(fields.map((f) => [f.code, f]));
  for (const key of Object.keys(raw)) if (!byCode.has(key)) problems.push({ field: key, problem: 'unknown attribute' });
  for (const f of ordered(fields)) {
    const v = raw[f.code];
    const empty = v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
    if (empty) {
      if (f.required) problems.push({ field: f.code, problem: 'required' });
      continue;
    }
    const keys = new Set((f.values ?? []).map((x) => x.key));
    switch (f.datatype) {
      case 'string':
      case 'text': {
        if (typeof v !== 'string') { problems.push({ field: f.code, problem: 'text expected' }); break; }
        if (v.length > (f.datatype === 'string' ? 200 : 4000)) { problems.push({ field: f.code, problem: 'too long' }); break; }
        answers[f.code] = v.trim();
        break;
      }
      case 'number': {
        const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : NaN;
        if (!Number.isFinite(n)) { problems.push({ field: f.code, problem: 'number expected' }); break; }
        answers[f.code] = n;
        break;
      }
      case 'datetime': {
        if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v.trim()) || Number.isNaN(new Date(v).getTime())) {
          problems.push({ field: f.code, problem: 'ISO 8601 date-time expected' });
          break;
        }
        answers[f.code] = v.trim();
        break;
      }
      case 'singlevaluelist': {
        const one = Array.isArray(v) && v.length === 1 ? v[0] : v;
        if (typeof one !== 'string' || !keys.has(one)) { problems.push({ field: f.code, problem: 'not one of the values' }); break; }
        answers[f.code] = one;
        break;
      }
      case 'multivaluelist': {
        const many = Array.isArray(v) ? v : [v];
        if (many.some((x) => typeof x !== 'string' || !keys.has(x))) { problems.push({ field: f.code, problem: 'not among the values' }); break; }
        answers[f.code] = [...new Set(many as string[])];
        break;
      }
    }
  }
  return problems.length ? { problems } : { answers };
}

/** A form as Open311 service-definition attributes (variable: true; order from 1). */
export function open311Attributes(fields: readonly CategoryField[]) {
  return ordered(fields).map((f, i) => ({
    variable: true,
    code: f.code,
    datatype: f.datatype,
    required: f.required,
    datatype_description: f.datatype === 'datetime' ? 'ISO 8601' : f.datatype === 'number' ? '数字 number' : null,
    order: i + 1,
    description: f.description ? `${f.label}：${f.description}` : f.label,
    ...(isList(f.datatype) ? { values: (f.values ?? []).map((v) => ({ key: v.key, name: v.name })) } : {}),
  }));
}

/** Open311 sends attributes as `attribute[CODE]` (or `attribute[CODE][]` for lists): the answers by code. */
export function attributesOfForm(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(k);
    if (m) out[m[1]] = v;
  }
  // A JSON body may carry them as an object instead.
  if (body.attribute && typeof body.attribute === 'object' && !Array.isArray(body.attribute)) Object.assign(out, body.attribute);
  return out;
}
