/**
 * Calendar days as the field counts them: in China Standard Time (Asia/Shanghai, UTC+8, no
 * daylight saving), written 'YYYY-MM-DD'. Check-ins, trips and risk-area dates are whole days.
 */

/** China Standard Time is UTC+8 all year. */
export const CHINA_UTC_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** The China calendar day of an instant: 2026-03-15T16:00:00Z → '2026-03-16'. */
export function dayOf(at: Date): string {
  return new Date(at.getTime() + CHINA_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/** Today's date in China, whatever the server's or browser's time zone. */
export function todayInChina(now: Date = new Date()): string {
  return dayOf(now);
}

/** The instant a China day starts (an invalid Date for something that is not a date). */
export function startOfDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - CHINA_UTC_OFFSET_MS);
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
