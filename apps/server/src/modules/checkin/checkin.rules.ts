import { addDays, todayInChina } from '@fangxian/contracts/kernel';

/** Pure rules of the daily check-in: validation thresholds, abnormal answers, streaks, GB 32100. */

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

/** The China day a submission at `at` belongs to (Asia/Shanghai, UTC+8, no daylight saving). */
export function reportDay(at: Date): string {
  return todayInChina(at);
}

/**
 * Consecutive normal days ending at `today` (or yesterday, when today has no report yet): a missing
 * day or an abnormal day breaks the streak. `reports` maps YYYY-MM-DD → abnormal.
 */
export function normalStreak(reports: ReadonlyMap<string, boolean>, today: string): number {
  let day = reports.has(today) ? today : addDays(today, -1);
  let n = 0;
  while (reports.get(day) === false) {
    n++;
    day = addDays(day, -1);
  }
  return n;
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
  const c = (31 - (sum % 31)) % 31;
  return USCC_CHARS[c];
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

/** Problems of an organisation's field definitions, by path (empty: valid). */
export function extraFieldsProblems(fields: readonly ExtraField[]): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (fields.length > MAX_EXTRA_FIELDS) out.push({ path: '/body/extraFields', message: `at most ${MAX_EXTRA_FIELDS} fields` });
  const keys = new Set<string>();
  fields.forEach((f, i) => {
    const at = `/body/extraFields/${i}`;
    if (!/^[a-z][a-z0-9_]{0,31}$/.test(f.key)) out.push({ path: `${at}/key`, message: 'lower-case letters, digits, _ (max 32)' });
    if (keys.has(f.key)) out.push({ path: `${at}/key`, message: 'repeated key' });
    keys.add(f.key);
    if (!f.label.zh.trim() || !f.label.en.trim()) out.push({ path: `${at}/label`, message: 'zh and en labels required' });
    if (f.type === 'choice' && (!f.options || f.options.length < 2 || new Set(f.options).size !== f.options.length || f.options.some((o) => !o.trim())))
      out.push({ path: `${at}/options`, message: 'a choice needs at least two distinct options' });
    if (f.type !== 'choice' && f.options) out.push({ path: `${at}/options`, message: 'only a choice has options' });
    if (f.type === 'number' && f.min !== undefined && f.max !== undefined && f.min > f.max) out.push({ path: `${at}/min`, message: 'min above max' });
    if (f.type !== 'number' && (f.min !== undefined || f.max !== undefined)) out.push({ path: `${at}/min`, message: 'only a number has a range' });
  });
  return out;
}

function isRealDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Checks a member's answers to one organisation's extra fields: the accepted answers (unknown keys
 * dropped, numbers as numbers), or the problems by field key.
 */
export function checkExtraAnswers(fields: readonly ExtraField[], answers: Readonly<Record<string, unknown>> | undefined): { values: Record<string, string | number>; problems: { key: string; message: string }[] } {
  const values: Record<string, string | number> = {};
  const problems: { key: string; message: string }[] = [];
  for (const f of fields) {
    const raw = answers?.[f.key];
    if (raw === undefined || raw === null || raw === '') {
      if (f.required) problems.push({ key: f.key, message: 'required' });
      continue;
    }
    if (f.type === 'number') {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(n)) problems.push({ key: f.key, message: 'a number' });
      else if ((f.min !== undefined && n < f.min) || (f.max !== undefined && n > f.max)) problems.push({ key: f.key, message: `between ${f.min ?? '−∞'} and ${f.max ?? '∞'}` });
      else values[f.key] = n;
    } else if (typeof raw !== 'string') problems.push({ key: f.key, message: 'text expected' });
    else if (f.type === 'choice' && !f.options!.includes(raw)) problems.push({ key: f.key, message: 'not one of the options' });
    else if (f.type === 'date' && !isRealDay(raw)) problems.push({ key: f.key, message: 'YYYY-MM-DD' });
    else if (f.type === 'text' && raw.length > 200) problems.push({ key: f.key, message: 'at most 200 characters' });
    else values[f.key] = f.type === 'text' ? raw.trim() : raw;
  }
  return { values, problems };
}

/** Minutes since midnight China time of an instant. */
export function chinaMinuteOf(at: Date): number {
  return (at.getUTCHours() * 60 + at.getUTCMinutes() + 8 * 60) % (24 * 60);
}

/** Minutes of a HH:MM time of day. */
export function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Whether a report submitted at `at` (on its own China day) came after the organisation's deadline. */
export function isLate(at: Date, deadline: string): boolean {
  return chinaMinuteOf(at) > minutesOf(deadline);
}

/**
 * Whether the organisation's scheduled reminder is due at `now`: from `remindBefore` minutes before
 * its deadline (never before its window opens) until the deadline.
 */
export function reminderDue(org: { windowStart: string; deadline: string; remindBeforeMinutes: number }, now: Date): boolean {
  const m = chinaMinuteOf(now);
  const from = Math.max(minutesOf(org.windowStart), minutesOf(org.deadline) - org.remindBeforeMinutes);
  return m >= from && m < minutesOf(org.deadline);
}

/**
 * Normal streaks of many people at once: `reports` are (citizenId, day, abnormal) rows; each
 * person's streak as normalStreak gives it.
 */
export function streaksOf(reports: readonly { citizenId: string; day: string; abnormal: boolean }[], today: string): Map<string, number> {
  const byPerson = new Map<string, Map<string, boolean>>();
  for (const r of reports) {
    let m = byPerson.get(r.citizenId);
    if (!m) byPerson.set(r.citizenId, (m = new Map()));
    m.set(r.day, r.abnormal);
  }
  return new Map([...byPerson].map(([id, m]) => [id, normalStreak(m, today)]));
}
