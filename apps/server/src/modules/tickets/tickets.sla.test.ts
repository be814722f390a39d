import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dayOf, startOfDay } from '@fangxian/contracts/kernel';
import { isWorkingDay, WEEKDAYS_ONLY, type WorkingCalendar } from '../../platform/calendar/index.ts';
import { addWorkingMinutes, deadline, defaultSla, isValidSla, slaOf, warningAt, WORKING_MINUTES_PER_DAY, WORKING_PERIODS, workingMsBetween } from './tickets.sla.ts';
import { SLA_DAYS } from './tickets.rules.ts';

/** China time: 'YYYY-MM-DD HH:mm' → Date. */
const cn = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`);
const minuteOfDay = (d: Date) => (d.getTime() - startOfDay(dayOf(d)).getTime()) / 60_000;

// 2026-12-07 is a Monday. A made-up holiday week for the properties.
const WITH_HOLIDAYS: WorkingCalendar = { holidays: new Set(['2026-12-09', '2026-12-10', '2026-12-11']), workdays: new Set(['2026-12-13']) };
const calendars = fc.constantFrom(WEEKDAYS_ONLY, WITH_HOLIDAYS);
const instants = fc.integer({ min: cn('2026-12-01 00:00').getTime(), max: cn('2026-12-31 23:59').getTime() }).map((ms) => new Date(ms));

describe('SLA in working hours', () => {
  it('has 7 office hours a day', () => {
    expect(WORKING_MINUTES_PER_DAY).toBe(420);
  });

  it('counts only office hours of working days', () => {
    // Monday 10:00 + 2 h → 12:00 (the morning ends), + 3 h → 15:30 (the lunch break skipped).
    expect(addWorkingMinutes(cn('2026-12-07 10:00'), 120, WEEKDAYS_ONLY)).toEqual(cn('2026-12-07 12:00'));
    expect(addWorkingMinutes(cn('2026-12-07 10:00'), 180, WEEKDAYS_ONLY)).toEqual(cn('2026-12-07 14:30'));
    // Filed at night: the clock starts at 09:00 the next working day.
    expect(addWorkingMinutes(cn('2026-12-07 22:00'), 60, WEEKDAYS_ONLY)).toEqual(cn('2026-12-08 10:00'));
    // Friday 16:30 + 2 h → Monday 10:00 (the weekend skipped).
    expect(addWorkingMinutes(cn('2026-12-11 16:30'), 120, WEEKDAYS_ONLY)).toEqual(cn('2026-12-14 10:00'));
    // Across holidays (Wed–Fri) and a make-up Sunday: Tuesday 17:00 + 1 h → Sunday 09:30.
    expect(addWorkingMinutes(cn('2026-12-08 17:00'), 60, WITH_HOLIDAYS)).toEqual(cn('2026-12-13 09:30'));
  });

  it('property: exactly the asked working time lies between the start and the deadline', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 1, max: 200 * 60 }), calendars, (at, minutes, cal) => {
        const due = addWorkingMinutes(at, minutes, cal);
        expect(workingMsBetween(at, due, cal)).toBe(minutes * 60_000);
      }),
    );
  });

  it('property: a deadline falls inside the office hours of a working day, and more time never moves it earlier', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 500 }), calendars, (at, minutes, more, cal) => {
        const due = addWorkingMinutes(at, minutes, cal);
        expect(isWorkingDay(dayOf(due), cal)).toBe(true);
        const m = minuteOfDay(due);
        expect(WORKING_PERIODS.some(([s, e]) => m > s && m <= e)).toBe(true);
        expect(addWorkingMinutes(at, minutes + more, cal).getTime()).toBeGreaterThanOrEqual(due.getTime());
        expect(due.getTime()).toBeGreaterThan(at.getTime());
      }),
    );
  });

  it('property: the warning comes before the deadline, after the filing', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 1, max: 200 }), calendars, (at, hours, cal) => {
        const sla = { unit: 'working_hours' as const, amount: hours };
        const due = deadline(sla, at, cal);
        const warn = warningAt(sla, at, due, cal);
        expect(warn.getTime()).toBeLessThan(due.getTime());
        expect(warn.getTime()).toBeGreaterThan(at.getTime());
        expect(workingMsBetween(warn, due, cal)).toBe(Math.min(60, (hours * 60) / 4) * 60_000);
      }),
    );
  });
});

describe('SLA per category', () => {
  it('takes the nearest limit along the category chain, else the kind default', () => {
    expect(slaOf('help', [])).toEqual(defaultSla('help'));
    expect(defaultSla('complaint')).toEqual({ unit: 'working_days', amount: SLA_DAYS.complaint });
    expect(slaOf('help', [{ slaUnit: null, slaAmount: null }, { slaUnit: 'working_hours', slaAmount: 4 }])).toEqual({ unit: 'working_hours', amount: 4 });
    expect(slaOf('help', [{ slaUnit: 'working_days', slaAmount: 2 }, { slaUnit: 'working_hours', slaAmount: 4 }])).toEqual({ unit: 'working_days', amount: 2 });
  });

  it('keeps day limits as before: the end of the China day, warned 24 h earlier', () => {
    const at = cn('2026-12-07 10:00');
    const due = deadline({ unit: 'working_days', amount: 3 }, at, WEEKDAYS_ONLY);
    expect(due).toEqual(new Date(cn('2026-12-11 00:00').getTime() - 1));
    expect(warningAt({ unit: 'working_days', amount: 3 }, at, due, WEEKDAYS_ONLY)).toEqual(new Date(due.getTime() - 24 * 3600_000));
  });

  it('validates limits', () => {
    expect(isValidSla({ unit: 'working_hours', amount: 4 })).toBe(true);
    expect(isValidSla({ unit: 'working_hours', amount: 0 })).toBe(false);
    expect(isValidSla({ unit: 'working_days', amount: 61 })).toBe(false);
    expect(isValidSla({ unit: 'working_days', amount: 1.5 })).toBe(false);
  });
});
