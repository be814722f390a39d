/**
 * Calendar days as the field counts them: in China Standard Time (UTC+8, no daylight saving),
 * written 'YYYY-MM-DD'. Check-ins, trips and risk-area dates are all whole days.
 */

const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** The CST calendar day of an instant. */
export function dayOf(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a CST day starts. */
export function startOfDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS);
}

/** The day `n` days after (negative: before) `day`. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const t = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value;
}

/** "3 月 2 日" / "2 Mar" for reasons shown to citizens. */
export function formatDay(day: string, lang: 'zh' | 'en'): string {
  const [, m, d] = day.split('-').map(Number);
  if (lang === 'zh') return `${m} 月 ${d} 日`;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${d} ${months[m - 1]}`;
}
