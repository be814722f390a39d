/**
 * Calendar days as the field counts them: in China Standard Time (Asia/Shanghai, UTC+8, no
 * daylight saving), written 'YYYY-MM-DD'. Check-ins, trips and risk-area dates are whole days.
 */

/** China Standard Time is UTC+8 all year. */
export const CHINA_UTC_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

// Day texts by day number (days since 1970-01-01) and back, remembered: the health code's rules do
// day arithmetic thousands of times per person (issue 17's profile: date parsing and formatting were
// ~7 % of a recomputation's CPU); a few thousand distinct days ever occur.
const DAY_TEXTS = new Map<number, string>();
const DAY_NUMBERS = new Map<string, number>();
const REMEMBERED = 20_000;

function dayText(n: number): string {
  let text = DAY_TEXTS.get(n);
  if (text === undefined) {
    text = new Date(n * DAY_MS).toISOString().slice(0, 10);
    if (DAY_TEXTS.size >= REMEMBERED) DAY_TEXTS.clear();
    DAY_TEXTS.set(n, text);
  }
  return text;
}

/** Days since 1970-01-01 of a 'YYYY-MM-DD' day (NaN for something that is not a date). */
function dayNumber(day: string): number {
  let n = DAY_NUMBERS.get(day);
  if (n === undefined) {
    n = Date.parse(`${day}T00:00:00Z`) / DAY_MS;
    if (DAY_NUMBERS.size >= REMEMBERED) DAY_NUMBERS.clear();
    DAY_NUMBERS.set(day, n);
  }
  return n;
}

/** The China calendar day of an instant: 2026-03-15T16:00:00Z → '2026-03-16'. */
export function dayOf(at: Date): string {
  const t = at.getTime() + CHINA_UTC_OFFSET_MS;
  // An invalid instant throws as toISOString does (RangeError: Invalid time value).
  if (!Number.isFinite(t)) return new Date(t).toISOString();
  return dayText(Math.floor(t / DAY_MS));
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
  const d = dayNumber(day) + n;
  // Not a date (or a fractional n): as before, through Date (toISOString throws on an invalid one).
  if (!Number.isInteger(d)) return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
  return dayText(d);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round(dayNumber(to) - dayNumber(from));
}

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const t = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value;
}
