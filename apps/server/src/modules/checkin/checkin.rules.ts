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
