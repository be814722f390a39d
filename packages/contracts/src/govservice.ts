/**
 * Government services (政务服务): the catalogue vocabulary and the application form as a schema of
 * typed fields, with the one validator the server applies (and the console's live preview runs).
 * Pure: no I/O; ID numbers per GB 11643, unified social credit codes per GB 32100.
 */
import { checkResidentId } from './id-documents.ts';

export const ITEM_TYPES = ['administrative_licence', 'administrative_confirmation', 'public_service', 'administrative_filing', 'other'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];
export const CHANNELS = ['window', 'online', 'mobile', 'self_service', 'express'] as const;
export type Channel = (typeof CHANNELS)[number];
export const MATERIAL_FORMS = ['original', 'copy', 'original_and_copy', 'electronic'] as const;
export type MaterialForm = (typeof MATERIAL_FORMS)[number];
export const APPLICANT_TYPES = ['person', 'enterprise'] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];
/** How an application is handled: normal, 容缺受理 (tolerance), 告知承诺 (commitment). 优先办 is a flag beside it. */
export const APPLICATION_MODES = ['normal', 'tolerance', 'commitment'] as const;
export type ApplicationMode = (typeof APPLICATION_MODES)[number];
export const APPLICATION_STATUSES = ['draft', 'submitted', 'returned', 'accepted', 'under_review', 'approved', 'rejected', 'revoked', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const PART_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type PartStatus = (typeof PART_STATUSES)[number];

export const FIELD_TYPES = ['text', 'textarea', 'number', 'date', 'choice', 'id_number', 'phone', 'uscc'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface Bilingual {
  zh: string;
  en: string;
}

/** One field of an application form. */
export interface FormField {
  /** Stable key of the value (lower camel or snake case). */
  key: string;
  label: Bilingual;
  type: FieldType;
  required?: boolean;
  /** text / textarea: a regular expression the whole value must match. */
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  /** number: bounds. */
  min?: number;
  max?: number;
  /** choice: the allowed values; `multiple` allows several. */
  options?: { value: string; label: Bilingual }[];
  multiple?: boolean;
  /** Shown (and validated) only when an earlier field has one of these values. */
  visibleWhen?: { field: string; in: (string | number)[] };
  help?: Bilingual;
}

export interface FormSchema {
  fields: FormField[];
}

export type FormValue = string | number | string[];
export type FormValues = Record<string, FormValue>;

export type FieldProblem =
  | 'required' | 'type' | 'pattern' | 'too_short' | 'too_long' | 'below_min' | 'above_max' | 'option' | 'date' | 'id_number' | 'phone' | 'uscc' | 'unknown' | 'hidden';
export interface FieldError {
  field: string;
  problem: FieldProblem;
}

export type SchemaProblem = 'key' | 'duplicate_key' | 'options' | 'pattern' | 'visible_when' | 'bounds' | 'empty';
export interface SchemaError {
  field: string;
  problem: SchemaProblem;
}

const KEY = /^[a-z][A-Za-z0-9_]{0,39}$/;
const MOBILE = /^1[3-9]\d{9}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NUMERIC = /^-?\d+(\.\d+)?$/;

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A unified social credit code (统一社会信用代码, GB 32100): 18 characters, the last a MOD 31 check character. */
export function isCreditCode(value: string): boolean {
  const code = value.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(code[i]) * USCC_WEIGHTS[i];
  return USCC_CHARS[(31 - (sum % 31)) % 31] === code[17];
}

/** Problems of a form schema itself (what the console refuses to save): keys, options, patterns, conditions. */
export function checkFormSchema(schema: FormSchema): SchemaError[] {
  const errors: SchemaError[] = [];
  const seen = new Map<string, FormField>();
  if (schema.fields.length === 0) errors.push({ field: '', problem: 'empty' });
  for (const f of schema.fields) {
    if (!KEY.test(f.key)) errors.push({ field: f.key, problem: 'key' });
    if (seen.has(f.key)) errors.push({ field: f.key, problem: 'duplicate_key' });
    if (f.type === 'choice' && (!f.options || f.options.length === 0 || new Set(f.options.map((o) => o.value)).size !== f.options.length)) {
      errors.push({ field: f.key, problem: 'options' });
    }
    if (f.pattern !== undefined) {
      try {
        new RegExp(f.pattern);
      } catch {
        errors.push({ field: f.key, problem: 'pattern' });
      }
    }
    if ((f.min !== undefined && f.max !== undefined && f.min > f.max) || (f.minLength !== undefined && f.maxLength !== undefined && f.minLength > f.maxLength)) {
      errors.push({ field: f.key, problem: 'bounds' });
    }
    if (f.visibleWhen) {
      const dep = seen.get(f.visibleWhen.field);
      if (!dep || f.visibleWhen.in.length === 0) errors.push({ field: f.key, problem: 'visible_when' });
    }
    seen.set(f.key, f);
  }
  return errors;
}

const isEmpty = (v: FormValue | undefined | null) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** Whether a field is shown given the values so far (a field depending on a hidden field is hidden too). */
export function visibleFields(schema: FormSchema, values: Readonly<Record<string, unknown>>): Set<string> {
  const visible = new Set<string>();
  for (const f of schema.fields) {
    if (!f.visibleWhen) {
      visible.add(f.key);
      continue;
    }
    if (!visible.has(f.visibleWhen.field)) continue;
    const v = values[f.visibleWhen.field];
    const vs = Array.isArray(v) ? v : [v];
    if (vs.some((x) => f.visibleWhen!.in.some((w) => w === x || String(w) === String(x)))) visible.add(f.key);
  }
  return visible;
}

function realDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const t = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value;
}

function checkField(f: FormField, v: FormValue, today: Date): FieldProblem | null {
  switch (f.type) {
    case 'text':
    case 'textarea': {
      if (typeof v !== 'string') return 'type';
      const s = v.trim();
      if (f.minLength !== undefined && s.length < f.minLength) return 'too_short';
      if (s.length > (f.maxLength ?? (f.type === 'text' ? 200 : 4000))) return 'too_long';
      if (f.pattern !== undefined && !new RegExp(`^(?:${f.pattern})$`, 'u').test(s)) return 'pattern';
      return null;
    }
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return 'type';
      if (f.min !== undefined && v < f.min) return 'below_min';
      if (f.max !== undefined && v > f.max) return 'above_max';
      return null;
    }
    case 'date':
      return typeof v === 'string' && realDate(v) ? null : typeof v === 'string' ? 'date' : 'type';
    case 'choice': {
      const allowed = new Set((f.options ?? []).map((o) => o.value));
      if (f.multiple) {
        if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) return 'type';
        return v.every((x) => allowed.has(x)) && new Set(v).size === v.length ? null : 'option';
      }
      if (typeof v !== 'string') return 'type';
      return allowed.has(v) ? null : 'option';
    }
    case 'id_number':
      if (typeof v !== 'string') return 'type';
      return checkResidentId(v.trim().toUpperCase(), today).ok ? null : 'id_number';
    case 'phone':
      if (typeof v !== 'string') return 'type';
      return MOBILE.test(v.trim()) ? null : 'phone';
    case 'uscc':
      if (typeof v !== 'string') return 'type';
      return isCreditCode(v) ? null : 'uscc';
  }
}

/**
 * Validates submitted values against a form schema: every visible required field present, every
 * present value of its type and within its rules, no unknown keys, no values for hidden fields
 * (they are refused rather than silently kept). Answers the cleaned values (strings trimmed, ID
 * numbers and credit codes upper-cased) and every error.
 */
export function validateForm(schema: FormSchema, values: Readonly<Record<string, unknown>>, today: Date = new Date()): { values: FormValues; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const out: FormValues = {};
  const byKey = new Map(schema.fields.map((f) => [f.key, f]));
  for (const k of Object.keys(values)) if (!byKey.has(k)) errors.push({ field: k, problem: 'unknown' });
  const visible = visibleFields(schema, values);
  for (const f of schema.fields) {
    let v = values[f.key] as FormValue | undefined;
    // A number may arrive as its decimal text (form posts, JSON coerced to the first type of a union).
    if (f.type === 'number' && typeof v === 'string' && NUMERIC.test(v.trim())) v = Number(v.trim());
    if (!visible.has(f.key)) {
      if (!isEmpty(v)) errors.push({ field: f.key, problem: 'hidden' });
      continue;
    }
    if (isEmpty(v)) {
      if (f.required) errors.push({ field: f.key, problem: 'required' });
      continue;
    }
    const problem = checkField(f, v!, today);
    if (problem) {
      errors.push({ field: f.key, problem });
      continue;
    }
    out[f.key] = typeof v === 'string' ? (f.type === 'id_number' || f.type === 'uscc' ? v.trim().toUpperCase() : v.trim()) : v!;
  }
  return { values: out, errors };
}

/** One required or optional material of an item. */
export interface Material {
  key: string;
  name: string;
  required: boolean;
  form: MaterialForm;
  count: number;
  /** 容缺: may be missing at acceptance under 容缺受理 and supplied later (a secondary material). */
  secondary: boolean;
  /** An uploaded sample (样表) file id, public. */
  sampleFileId?: string | null;
  note?: string | null;
}

export interface Fee {
  name: string;
  /** Yuan; 0 when free of charge. */
  amount: number;
  basis?: string | null;
}

/** The epidemic modes an item allows. */
export interface ItemModes {
  /** 容缺受理: which materials may be missing and within how many working days they must be supplied. */
  tolerance: { materials: string[]; supplyDays: number } | null;
  /** 告知承诺: the text the applicant signs, and the working days to the post-approval inspection. */
  commitment: { text: string; inspectionDays: number } | null;
  /** 优先办: applicants may ask for priority handling. */
  priority: boolean;
}

/** The content of one catalogue version (实施清单) of an item. */
export interface ItemContent {
  name: string;
  type: ItemType;
  /** The lead department (牵头部门). */
  department: string;
  /** Departments reviewing their part in parallel after one-window acceptance (includes the lead one). */
  reviewDepartments: string[];
  legalLimitDays: number;
  promisedLimitDays: number;
  applicantTypes: ApplicantType[];
  materials: Material[];
  fees: Fee[];
  channels: Channel[];
  /** Visits needed on site: 0 零跑动, 1 最多跑一次, 2 or more. */
  visits: number;
  modes: ItemModes;
  /** Title of the result (证照 / 批文) issued on approval. */
  resultTitle: string;
  guide: string;
  form: FormSchema;
  /** 云核验: the applicant may book a remote verification with an officer of a reviewing department. */
  remoteVerification?: boolean;
  /** 一件事一次办: present on a bundle's composed content only (never on an item's). */
  bundle?: BundleComposition;
}

/** Problems of an item's content beyond its schema (what publishing refuses). */
export function checkItemContent(c: ItemContent): string[] {
  const problems: string[] = [];
  if (c.promisedLimitDays > c.legalLimitDays) problems.push('promised_over_legal');
  if (!c.reviewDepartments.includes(c.department)) problems.push('lead_department_not_reviewing');
  if (new Set(c.reviewDepartments).size !== c.reviewDepartments.length) problems.push('duplicate_department');
  const keys = new Set<string>();
  for (const m of c.materials) {
    if (keys.has(m.key)) problems.push('duplicate_material');
    keys.add(m.key);
  }
  if (c.modes.tolerance) {
    for (const k of c.modes.tolerance.materials) {
      const m = c.materials.find((x) => x.key === k);
      if (!m || !m.secondary) problems.push('tolerance_material_not_secondary');
    }
    if (c.modes.tolerance.materials.length === 0) problems.push('tolerance_without_materials');
  }
  if (checkFormSchema(c.form).length > 0) problems.push('form_schema');
  return [...new Set(problems)];
}

// ---- 一件事一次办: bundles of items for one life event

/** What a catalogue editor writes for a bundle: the life event, the member items, the merged result. */
export interface BundleSpec {
  name: string;
  /** The life event, e.g. 开办餐饮店. */
  lifeEvent: string;
  /** The lead department (the one-window that sends the merged decision); must review a member item. */
  department: string;
  /** Item codes, 2 to 10, in the order the merged form follows. */
  items: string[];
  /** A promised limit shorter than the members' longest (parallel review); null = the longest. */
  promisedLimitDays?: number | null;
  resultTitle: string;
  guide: string;
}
/** One member item as it was composed: its version (kept for good by the applications filed under the bundle's version). */
export interface BundleMember {
  code: string;
  versionId: string;
  version: number;
  name: string;
  department: string;
  reviewDepartments: string[];
  fieldKeys: string[];
  materialKeys: string[];
}
export interface BundleComposition {
  spec: BundleSpec;
  members: BundleMember[];
}
export type BundleConflictProblem = 'field_type' | 'field_options' | 'field_condition' | 'applicant_types' | 'channels' | 'lead_department' | 'promised_over_legal' | 'too_few_items' | 'duplicate_item';
export interface BundleConflict {
  /** The field or material key, item code, or '' for the bundle as a whole. */
  key: string;
  problem: BundleConflictProblem;
}
/** A member item's published content, as `composeBundle` reads it. */
export interface BundleSource {
  code: string;
  versionId: string;
  version: number;
  content: ItemContent;
}

const sameOptions = (a: FormField, b: FormField) =>
  JSON.stringify((a.options ?? []).map((o) => o.value).sort()) === JSON.stringify((b.options ?? []).map((o) => o.value).sort()) && Boolean(a.multiple) === Boolean(b.multiple);

/**
 * Composes the content of a bundle (一件事一次办) from its members' published contents: one merged form
 * (the union of the members' fields, deduplicated by key: the same key must have the same type, options
 * and condition; required if any member requires it), one set of materials (deduplicated by key:
 * required if any requires it, the largest count, secondary — may be missing under 容缺 — only if every
 * member says so), applicant types and channels every member accepts, the longest legal and promised
 * limits (members are reviewed in parallel), 容缺 for the materials a member allows missing that stay
 * secondary (the shortest supply days), no 告知承诺 (its inspection belongs to one item), 优先办 only
 * when every member allows it, 云核验 when any member offers it. Pure (the console previews it).
 */
export function composeBundle(spec: BundleSpec, sources: BundleSource[]): { content: ItemContent; conflicts: [] } | { content: null; conflicts: BundleConflict[] } {
  const conflicts: BundleConflict[] = [];
  if (sources.length < 2) conflicts.push({ key: '', problem: 'too_few_items' });
  if (new Set(sources.map((s) => s.code)).size !== sources.length) conflicts.push({ key: '', problem: 'duplicate_item' });
  const fields: FormField[] = [];
  const byKey = new Map<string, FormField>();
  const materials: Material[] = [];
  const materialByKey = new Map<string, Material>();
  for (const s of sources) {
    for (const f of s.content.form.fields) {
      const prev = byKey.get(f.key);
      if (!prev) {
        const copy: FormField = { ...f };
        byKey.set(f.key, copy);
        fields.push(copy);
        continue;
      }
      if (prev.type !== f.type) conflicts.push({ key: f.key, problem: 'field_type' });
      else if (prev.type === 'choice' && !sameOptions(prev, f)) conflicts.push({ key: f.key, problem: 'field_options' });
      else if (JSON.stringify(prev.visibleWhen ?? null) !== JSON.stringify(f.visibleWhen ?? null)) conflicts.push({ key: f.key, problem: 'field_condition' });
      if (f.required) prev.required = true;
    }
    for (const m of s.content.materials) {
      const prev = materialByKey.get(m.key);
      if (!prev) {
        const copy: Material = { ...m };
        materialByKey.set(m.key, copy);
        materials.push(copy);
        continue;
      }
      prev.required = prev.required || m.required;
      prev.count = Math.max(prev.count, m.count);
      prev.secondary = prev.secondary && m.secondary;
    }
  }
  const applicantTypes = APPLICANT_TYPES.filter((t) => sources.every((s) => s.content.applicantTypes.includes(t)));
  if (sources.length > 0 && applicantTypes.length === 0) conflicts.push({ key: '', problem: 'applicant_types' });
  const channels = CHANNELS.filter((ch) => sources.every((s) => s.content.channels.includes(ch)));
  if (sources.length > 0 && channels.length === 0) conflicts.push({ key: '', problem: 'channels' });
  const reviewDepartments = [...new Set(sources.flatMap((s) => s.content.reviewDepartments))];
  if (!reviewDepartments.includes(spec.department)) conflicts.push({ key: spec.department, problem: 'lead_department' });
  const legalLimitDays = Math.max(0, ...sources.map((s) => s.content.legalLimitDays));
  const longestPromised = Math.max(0, ...sources.map((s) => s.content.promisedLimitDays));
  const promisedLimitDays = spec.promisedLimitDays ?? longestPromised;
  if (promisedLimitDays > legalLimitDays) conflicts.push({ key: '', problem: 'promised_over_legal' });
  if (conflicts.length > 0) return { content: null, conflicts };

  const tolerant = sources.filter((s) => s.content.modes.tolerance);
  const toleranceKeys = [...new Set(tolerant.flatMap((s) => s.content.modes.tolerance!.materials))].filter((k) => materialByKey.get(k)?.secondary);
  const fieldKeysOf = (s: BundleSource) => s.content.form.fields.map((f) => f.key);
  return {
    conflicts: [],
    content: {
      name: spec.name,
      type: 'other',
      department: spec.department,
      reviewDepartments,
      legalLimitDays,
      promisedLimitDays,
      applicantTypes: [...applicantTypes],
      materials,
      fees: sources.flatMap((s) => s.content.fees.map((f) => ({ ...f, name: `${s.content.name}：${f.name}` }))),
      channels: [...channels],
      visits: Math.max(0, ...sources.map((s) => s.content.visits)),
      modes: {
        tolerance: toleranceKeys.length > 0 ? { materials: toleranceKeys, supplyDays: Math.min(...tolerant.map((s) => s.content.modes.tolerance!.supplyDays)) } : null,
        commitment: null,
        priority: sources.every((s) => s.content.modes.priority),
      },
      resultTitle: spec.resultTitle,
      guide: spec.guide,
      form: { fields },
      ...(sources.some((s) => s.content.remoteVerification) ? { remoteVerification: true } : {}),
      bundle: {
        spec,
        members: sources.map((s) => ({
          code: s.code, versionId: s.versionId, version: s.version, name: s.content.name, department: s.content.department,
          reviewDepartments: s.content.reviewDepartments, fieldKeys: fieldKeysOf(s), materialKeys: s.content.materials.map((m) => m.key),
        })),
      },
    },
  };
}

/** The review parts of an application: one per member item and department for a bundle, one per department otherwise ('' item). */
export function reviewPartsOf(c: ItemContent): { itemCode: string; department: string }[] {
  if (!c.bundle) return c.reviewDepartments.map((department) => ({ itemCode: '', department }));
  return c.bundle.members.flatMap((m) => m.reviewDepartments.map((department) => ({ itemCode: m.code, department })));
}

// ---- response shapes the web reads (the server's route schemas are the truth)

export interface ItemSummary {
  code: string;
  name: string;
  type: ItemType;
  department: string;
  regionCode: string;
  version: number;
  legalLimitDays: number;
  promisedLimitDays: number;
  visits: number;
  channels: Channel[];
  applicantTypes: ApplicantType[];
  modes: { tolerance: boolean; commitment: boolean; priority: boolean };
  /** `bundle`: 一件事一次办 (one application for the member items). */
  kind: 'item' | 'bundle';
  remoteVerification: boolean;
  bundleItems: { code: string; name: string; department: string }[];
}
/** A published bundle in the public list (GET /api/govservice/bundles). */
export interface BundleSummary extends ItemSummary {
  lifeEvent: string;
  guide: string;
}
export interface ItemGuide extends ItemSummary {
  publishedAt: string | null;
  content: ItemContent;
}
export interface StaffItem {
  id: string;
  code: string;
  kind: 'item' | 'bundle';
  regionCode: string;
  name: string;
  department: string;
  publishedVersion: number | null;
  draftVersion: number | null;
  versions: { version: number; status: string; publishedAt: string | null; content: ItemContent }[];
}
export interface TimelineEntry {
  action: string;
  status: ApplicationStatus;
  department: string | null;
  note: string | null;
  at: string;
}
export interface ApplicationMaterial {
  key: string;
  name: string;
  required: boolean;
  form: string;
  count: number;
  secondary: boolean;
  fileIds: string[];
  missing: boolean;
  correction: string | null;
}
export interface ApplicationCommon {
  id: string;
  number: string;
  status: ApplicationStatus;
  mode: ApplicationMode;
  item: { code: string; name: string; version: number; department: string; promisedLimitDays: number };
  regionCode: string;
  applicantType: ApplicantType;
  enterprise: { name: string; creditCode: string } | null;
  materials: ApplicationMaterial[];
  missingMaterials: string[];
  supplyBy: string | null;
  supplyOverdue: boolean;
  priorityRequested: boolean;
  greenChannel: boolean;
  wantsExpress: boolean;
  commitment: { text: string; signedAt: string | null } | null;
  parts: { department: string; itemCode: string | null; itemName: string | null; status: PartStatus; note: string | null; decidedAt: string | null }[];
  inspection: { id: string; department: string; status: string; dueAt: string; note: string | null } | null;
  result: { number: string; title: string; fields: Record<string, string>; issuedAt: string; revokedAt: string | null } | null;
  decisionNote: string | null;
  /** 云核验: whether the item offers it, and the bookings with their outcomes. */
  remoteVerification: boolean;
  verifications: Verification[];
  /** 直通车: the park project the application belongs to. */
  project: { id: string; code: string; name: string; park: string } | null;
  /** 一件事一次办: the member items and the versions the application was filed under. */
  bundleItems: { code: string; name: string; department: string; version: number }[];
  submittedAt: string | null;
  acceptedAt: string | null;
  dueAt: string | null;
  decidedAt: string | null;
  overdue: boolean;
  createdAt: string;
  updatedAt: string;
  form: FormValues;
  formSchema: FormSchema;
}
export interface Verification {
  id: string;
  department: string;
  startsAt: string;
  endsAt: string;
  roomCode: string;
  status: 'booked' | 'verified' | 'failed' | 'cancelled';
  reason: string | null;
  decidedAt: string | null;
}
export interface VerifySlot {
  id: string;
  department: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  booked: number;
  status: string;
}
export interface OfficerVerifySlot extends VerifySlot {
  bookings: { id: string; applicationId: string; number: string; roomCode: string; status: string; reason: string | null }[];
}
export interface ParkProject {
  id: string;
  code: string;
  name: string;
  park: string;
  regionCode: string;
  enterpriseName: string;
  enterpriseCode: string;
  handlerId: string;
  createdAt: string;
}
export interface CatalogueImportOutcome {
  created: string[];
  updated: string[];
  unchanged: string[];
  errors: { sheet: 'items' | 'materials'; line: number; code: string | null; reason: string }[];
}
export interface OwnApplication extends ApplicationCommon {
  applicantName: string;
  phone: string | null;
  deliveryAddress: string | null;
  priorityReason: string | null;
  actions: string[];
  canSupply: boolean;
  timeline: TimelineEntry[];
  /** The signed PDF result (platform/documents): download at /api/documents/mine/:id/pdf. */
  document: { id: string; code: string; title: string; issuedAt: string; revokedAt: string | null; revokeReason: string | null; verifyUrl: string } | null;
  /** 政务快递 shipments of the application (the result sent to the applicant), with their status timelines. */
  shipments: {
    number: string; direction: 'outbound' | 'return'; status: string; carrier: string; trackingNumber: string; contents: string; address: string; createdAt: string;
    timeline: { status: string; at: string; note: string | null }[];
  }[];
  /** 好差评: the applicant's rating of the handling (1 非常满意 … 5 非常不满意). */
  evaluation: { level: number; comment: string | null; at: string } | null;
  canRate: boolean;
}
export interface OwnApplicationLine {
  id: string;
  number: string;
  itemName: string;
  status: ApplicationStatus;
  mode: ApplicationMode;
  createdAt: string;
  updatedAt: string;
  canSupply: boolean;
}
export interface StaffApplication extends ApplicationCommon {
  applicant: { name: string; document: string; phone: string; agentName: string | null; deliveryAddress: string | null };
  priorityReason: string | null;
  greenChannelReason: string | null;
  commitmentSigned: boolean;
  internalParts: { department: string; itemCode: string | null; itemName: string | null; status: string; note: string | null; internalNote: string | null; decidedAt: string | null }[];
  history: { action: string; fromStatus: string | null; status: string; actorType: string; department: string | null; note: string | null; internalNote: string | null; at: string }[];
  as: { window: boolean; department: boolean; handler: boolean };
  reviewItems: { code: string; name: string }[];
  windowActions: string[];
  canReview: boolean;
  canInspect: boolean;
}
export interface QueueLine {
  id: string;
  number: string;
  itemName: string;
  status: ApplicationStatus;
  mode: ApplicationMode;
  applicantType: ApplicantType;
  applicant: string;
  regionCode: string;
  greenChannel: boolean;
  priorityRequested: boolean;
  missing: number;
  supplyBy: string | null;
  supplyOverdue: boolean;
  submittedAt: string | null;
  dueAt: string | null;
  overdue: boolean;
  dueSoon: boolean;
  parts: { department: string; itemCode: string | null; status: PartStatus }[];
}
export interface InspectionLine {
  id: string;
  applicationId: string;
  number: string;
  itemName: string;
  status: string;
  dueAt: string;
  overdue: boolean;
  note: string | null;
}
