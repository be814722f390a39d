import { addDays, dayOf, startOfDay } from '@fangxian/contracts/kernel';

/**
 * Working-day arithmetic (工作日) on China days ('YYYY-MM-DD', UTC+8). A day is a working day when it
 * is a make-up working day (调休上班), else when it is not a public holiday and falls Monday–Friday.
 * Pure: the calendar is a value the caller loads (loadCalendar) or builds (tests).
 */
export interface WorkingCalendar {
  /** Public holidays (法定节假日 and the days moved next to them). */
  readonly holidays: ReadonlySet<string>;
  /** Make-up working days (调休上班): a Saturday or Sunday that is worked. */
  readonly workdays: ReadonlySet<string>;
}

/** A calendar without holidays: Monday–Friday only. */
export const WEEKDAYS_ONLY: WorkingCalendar = { holidays: new Set(), workdays: new Set() };

/** Day of the week of a China day, 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** True when `day` is worked: a make-up day, or a weekday that is not a holiday. */
export function isWorkingDay(day: string, calendar: WorkingCalendar): boolean {
  if (calendar.workdays.has(day)) return true;
  if (calendar.holidays.has(day)) return false;
  const w = weekdayOf(day);
  return w !== 0 && w !== 6;
}

/**
 * The n-th working day after `start` (start itself not counted: a matter filed today, due in 5
 * working days, is due on the 5th working day after today). n = 0 answers `start`. Negative n is refused.
 */
export function addWorkingDays(start: string, n: number, calendar: WorkingCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('n must be a non-negative integer');
  let day = start;
  let left = n;
  while (left > 0) {
    day = addDays(day, 1);
    if (isWorkingDay(day, calendar)) left--;
  }
  return day;
}

/** Working days in (from, to]: how many working days later `to` is than `from`; negative when `to` is earlier. */
export function workingDaysBetween(from: string, to: string, calendar: WorkingCalendar): number {
  if (to < from) return -workingDaysBetween(to, from, calendar);
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (isWorkingDay(day, calendar)) count++;
  return count;
}

/** The end (23:59:59.999 China time) of the n-th working day after the China day of `at`. */
export function endOfWorkingDaysAfter(at: Date, n: number, calendar: WorkingCalendar): Date {
  const day = addWorkingDays(dayOf(at), n, calendar);
  return new Date(startOfDay(addDays(day, 1)).getTime() - 1);
}
