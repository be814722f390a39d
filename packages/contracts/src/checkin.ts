/**
 * The daily check-in's pure rules shared by the server (which enforces them) and the web app (which
 * checks the same things before sending): the unified form's answers, abnormal reasons, GB 32100
 * credit codes, organisations' extra fields and their answers, the daily window's times.
 */

export const ORG_TYPES = ['agency', 'enterprise', 'school', 'hospital', 'other'] as const;
export type OrgType = (typeof ORG_TYPES)[number];

/** The fixed list of symptoms on the unified form. */
export const SYMPTOMS = ['fever', 'cough', 'sore_throat', 'fatigue', 'taste_smell_loss', 'diarrhoea', 'breathing_difficulty'] as const;
export type Symptom = (typeof SYMPTOMS)[number];

/** Temperatures outside this range are refused as mistyped (°C, one decimal). */
export const TEMPERATURE_MIN = 34.0;
export const TEMPERATURE_MAX = 43.0;
/** At or above this a report is abnormal (发热, 37.3 °C). */
export const FEVER_THRESHOLD = 37.3;

export type AbnormalReason = 'fever' | 'symptoms' | 'risk_area_contact' | 'code_colour';

export interface ReportAnswers {
  temperature: number;
  symptoms: readonly string[];
  riskAreaContact: boolean;
  codeColour: 'green' | 'yellow' | 'red' | null;
}

/** Why a report is abnormal (empty: normal). */
export function abnormalReasons(a: ReportAnswers): AbnormalReason[] {
  const reasons: AbnormalReason[] = [];
  // Compare in tenths so 37.3 typed as a float is exactly the threshold.
  if (Math.round(a.temperature * 10) >= Math.round(FEVER_THRESHOLD * 10)) reasons.push('fever');
  if (a.symptoms.length > 0) reasons.push('symptoms');
  if (a.riskAreaContact) reasons.push('risk_area_contact');
  if (a.codeColour === 'yellow' || a.codeColour === 'red') reasons.push('code_colour');
  return reasons;
}

/** A problem with the answers, or null. Temperatures carry at most one decimal. */
export function answersProblem(a: { temperature: number; symptoms: readonly string[] }): 'temperature_range' | 'temperature_precision' | 'symptom_unknown' | 'symptom_repeated' | null {
  if (!Number.isFinite(a.temperature) || a.temperature < TEMPERATURE_MIN || a.temperature > TEMPERATURE_MAX) return 'temperature_range';
  if (Math.abs(a.temperature * 10 - Math.round(a.temperature * 10)) > 1e-6) return 'temperature_precision';
  if (a.symptoms.some((s) => !(SYMPTOMS as readonly string[]).includes(s))) return 'symptom_unknown';
  if (new Set(a.symptoms).size !== a.symptoms.length) return 'symptom_repeated';
  return null;
}

/** A temperature as typed ("36.5", two digits and at most one decimal) within the accepted range, or null. */
export function parseTemperature(text: string): number | null {
  const t = text.trim();
  if (!/^\d{2}(\.\d)?$/.test(t)) return null;
  const v = Number(t);
  return answersProblem({ temperature: v, symptoms: [] }) === null ? v : null;
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The GB 32100 check character of the first 17 characters of a unified social credit code, or null when they are not valid characters. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * USCC_WEIGHTS[i];
  }
  return USCC_CHARS[(31 - (sum % 31)) % 31];
}

/** A unified social credit code (统一社会信用代码, GB 32100): normalised upper case, or null when not valid. */
export function normaliseCreditCode(input: string): string | null {
  const code = input.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return null;
  return creditCodeCheckChar(code.slice(0, 17)) === code[17] ? code : null;
}

// ——— organisation settings ———

export const EXTRA_FIELD_TYPES = ['text', 'number', 'choice', 'date'] as const;
export type ExtraFieldType = (typeof EXTRA_FIELD_TYPES)[number];

/** A question an organisation adds to the unified form (its members answer it in their daily report). */
export interface ExtraField {
  key: string;
  label: { zh: string; en: string };
  type: ExtraFieldType;
  required: boolean;
  /** choice: the allowed answers. */
  options?: string[];
  /** number: the accepted range. */
  min?: number;
  max?: number;
}

export const MAX_EXTRA_FIELDS = 10;
/** An extra field's key: lower-case letters, digits and _, starting with a letter, at most 32. */
export const EXTRA_FIELD_KEY = /^[a-z][a-z0-9_]{0,31}$/;
/** A choice's options: at most this long each. */
export const MAX_OPTION_LENGTH = 40;
/** A text answer: at most this long. */
export const MAX_TEXT_ANSWER = 200;
/** The reminder lead time before the deadline, minutes. */
export const REMIND_MINUTES_MIN = 10;
export const REMIND_MINUTES_MAX = 720;

/** HH:MM, 00:00–23:59 (China time of day). */
export function isTimeOfDay(s: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(s);
}

/** What is wrong with an organisation's field definitions (the kind of problem, for messages in either app). */
export type ExtraFieldsProblem = 'count' | 'key' | 'keyRepeated' | 'label' | 'options' | 'optionsNotChoice' | 'range' | 'rangeNotNumber';

/** Problems of an organisation's field definitions: the field's position (null: the list), the part and the problem (empty: valid). */
export function extraFieldsProblems(fields: readonly ExtraField[]): { index: number | null; part: 'key' | 'label' | 'options' | 'min' | null; problem: ExtraFieldsProblem }[] {
  const out: { index: number | null; part: 'key' | 'label' | 'options' | 'min' | null; problem: ExtraFieldsProblem }[] = [];
  if (fields.length > MAX_EXTRA_FIELDS) out.push({ index: null, part: null, problem: 'count' });
  const keys = new Set<string>();
  fields.forEach((f, index) => {
    if (!EXTRA_FIELD_KEY.test(f.key)) out.push({ index, part: 'key', problem: 'key' });
    if (keys.has(f.key)) out.push({ index, part: 'key', problem: 'keyRepeated' });
    keys.add(f.key);
    if (!f.label.zh.trim() || !f.label.en.trim()) out.push({ index, part: 'label', problem: 'label' });
    if (
      f.type === 'choice' &&
      (!f.options || f.options.length < 2 || new Set(f.options.map((o) => o.trim())).size !== f.options.length || f.options.some((o) => !o.trim() || o.trim().length > MAX_OPTION_LENGTH))
    )
      out.push({ index, part: 'options', problem: 'options' });
    if (f.type !== 'choice' && f.options) out.push({ index, part: 'options', problem: 'optionsNotChoice' });
    if (f.type === 'number' && ((f.min !== undefined && !Number.isFinite(f.min)) || (f.max !== undefined && !Number.isFinite(f.max)) || (f.min !== undefined && f.max !== undefined && f.min > f.max)))
      out.push({ index, part: 'min', problem: 'range' });
    if (f.type !== 'number' && (f.min !== undefined || f.max !== undefined)) out.push({ index, part: 'min', problem: 'rangeNotNumber' });
  });
  return out;
}

/** What is wrong with the daily window (times HH:MM, the deadline after the opening, the reminder lead), or null. */
export function windowProblem(windowStart: string, deadline: string, remindBeforeMinutes: number): 'time' | 'windowOrder' | 'remind' | null {
  if (!isTimeOfDay(windowStart) || !isTimeOfDay(deadline)) return 'time';
  if (deadline <= windowStart) return 'windowOrder';
  if (!Number.isInteger(remindBeforeMinutes) || remindBeforeMinutes < REMIND_MINUTES_MIN || remindBeforeMinutes > REMIND_MINUTES_MAX) return 'remind';
  return null;
}

/** A real calendar day written YYYY-MM-DD. */
export function isRealDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export type ExtraAnswerProblem = 'required' | 'number' | 'range' | 'choice' | 'date' | 'tooLong' | 'text';

/**
 * One answer to one extra field: the value to store (undefined: not answered), or the problem.
 * Blank text counts as not answered; numbers may come typed as text.
 */
export function checkExtraAnswer(field: ExtraField, raw: unknown): { value?: string | number; problem?: ExtraAnswerProblem } {
  const blank = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
  if (blank) return field.required ? { problem: 'required' } : {};
  if (field.type === 'number') {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : NaN;
    if (!Number.isFinite(n)) return { problem: 'number' };
    if ((field.min !== undefined && n < field.min) || (field.max !== undefined && n > field.max)) return { problem: 'range' };
    return { value: n };
  }
  if (typeof raw !== 'string') return { problem: 'text' };
  const v = raw.trim();
  if (field.type === 'choice') return field.options?.includes(v) ? { value: v } : { problem: 'choice' };
  if (field.type === 'date') return isRealDay(v) ? { value: v } : { problem: 'date' };
  return v.length > MAX_TEXT_ANSWER ? { problem: 'tooLong' } : { value: v };
}

/**
 * A member's answers to one organisation's extra fields: the accepted answers (unknown keys
 * dropped, numbers as numbers), or the problems by field key.
 */
export function checkExtraAnswers(fields: readonly ExtraField[], answers: Readonly<Record<string, unknown>> | undefined): { values: Record<string, string | number>; problems: { key: string; problem: ExtraAnswerProblem }[] } {
  const values: Record<string, string | number> = {};
  const problems: { key: string; problem: ExtraAnswerProblem }[] = [];
  for (const f of fields) {
    const checked = checkExtraAnswer(f, answers?.[f.key]);
    if (checked.problem) problems.push({ key: f.key, problem: checked.problem });
    else if (checked.value !== undefined) values[f.key] = checked.value;
  }
  return { values, problems };
}
