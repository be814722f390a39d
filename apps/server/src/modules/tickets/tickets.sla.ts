/**
 * Ticket time limits (SLA), pure. A limit is a number of **working days** (due at the end of the
 * China day that many working days after filing, as before) or of **working hours**: time counted
 * only inside the office hours of working days of the platform calendar (holidays and 调休 included) —
 * 09:00–12:00 and 13:30–17:30 China time, 7 hours a day. A category may set its own limit; a
 * category without one takes its nearest ancestor's, and a ticket without either the kind's default
 * (SLA_DAYS). The deadline job warns at `warningAt`: 24 h before a day-limit deadline, and for an
 * hour limit when a quarter of it (at most one working hour) is left.
 */
import { addDays, dayOf, startOfDay } from '@fangxian/contracts/kernel';
import { endOfWorkingDaysAfter, isWorkingDay, type WorkingCalendar } from '../../platform/calendar/index.ts';
import { SLA_DAYS, type TicketKind } from './tickets.rules.ts';

export const SLA_UNITS = ['working_days', 'working_hours'] as const;
export type SlaUnit = (typeof SLA_UNITS)[number];
export interface Sla {
  unit: SlaUnit;
  amount: number;
}
/** Limits a category may set: 1–60 working days, 1–200 working hours. */
export const SLA_MAX: Readonly<Record<SlaUnit, number>> = { working_days: 60, working_hours: 200 };

const MINUTE = 60_000;
/** Office hours of a working day, minutes after China midnight: [start, end). */
export const WORKING_PERIODS: readonly (readonly [number, number])[] = [[9 * 60, 12 * 60], [13 * 60 + 30, 17 * 60 + 30]];
/** Working minutes in one working day (420). */
export const WORKING_MINUTES_PER_DAY = WORKING_PERIODS.reduce((n, [s, e]) => n + e - s, 0);

export function isValidSla(sla: Sla): boolean {
  return SLA_UNITS.includes(sla.unit) && Number.isInteger(sla.amount) && sla.amount >= 1 && sla.amount <= SLA_MAX[sla.unit];
}

/** The kind's default limit. */
export function defaultSla(kind: TicketKind): Sla {
  return { unit: 'working_days', amount: SLA_DAYS[kind] };
}

/** The limit of a ticket: the first limit along its category chain (the category first, then its ancestors), else the kind's. */
export function slaOf(kind: TicketKind, chain: readonly { slaUnit: string | null; slaAmount: number | null }[]): Sla {
  for (const c of chain) if (c.slaUnit && c.slaAmount) return { unit: c.slaUnit as SlaUnit, amount: c.slaAmount };
  return defaultSla(kind);
}

/** The moment `minutes` working minutes after `at` (`at` itself when minutes ≤ 0). */
export function addWorkingMinutes(at: Date, minutes: number, calendar: WorkingCalendar): Date {
  let left = Math.round(minutes * MINUTE);
  if (left <= 0) return at;
  let day = dayOf(at);
  let cursor = at.getTime() - startOfDay(day).getTime(); // ms after China midnight
  for (let guard = 0; guard < 20_000; guard++) {
    if (isWorkingDay(day, calendar)) {
      for (const [s, e] of WORKING_PERIODS) {
        const from = Math.max(cursor, s * MINUTE);
        const avail = e * MINUTE - from;
        if (avail <= 0) continue;
        if (left <= avail) return new Date(startOfDay(day).getTime() + from + left);
        left -= avail;
        cursor = e * MINUTE;
      }
    }
    day = addDays(day, 1);
    cursor = 0;
  }
  throw new RangeError('no working time found within 20 000 days');
}

/** Working milliseconds in [from, to) (0 when `to` is not later). */
export function workingMsBetween(from: Date, to: Date, calendar: WorkingCalendar): number {
  if (to.getTime() <= from.getTime()) return 0;
  let total = 0;
  for (let day = dayOf(from); day <= dayOf(to); day = addDays(day, 1)) {
    if (!isWorkingDay(day, calendar)) continue;
    const midnight = startOfDay(day).getTime();
    for (const [s, e] of WORKING_PERIODS) {
      const a = Math.max(from.getTime(), midnight + s * MINUTE);
      const b = Math.min(to.getTime(), midnight + e * MINUTE);
      if (b > a) total += b - a;
    }
  }
  return total;
}

/** The deadline of a ticket filed at `at` under `sla`. */
export function deadline(sla: Sla, at: Date, calendar: WorkingCalendar): Date {
  return sla.unit === 'working_days' ? endOfWorkingDaysAfter(at, sla.amount, calendar) : addWorkingMinutes(at, sla.amount * 60, calendar);
}

/** When the department is warned: 24 h before a day-limit deadline; for an hour limit, when a quarter of it (at most 60 working minutes) is left. */
export function warningAt(sla: Sla, at: Date, due: Date, calendar: WorkingCalendar): Date {
  if (sla.unit === 'working_days') return new Date(due.getTime() - 24 * 3600_000);
  const lead = Math.min(60, (sla.amount * 60) / 4);
  return addWorkingMinutes(at, sla.amount * 60 - lead, calendar);
}
