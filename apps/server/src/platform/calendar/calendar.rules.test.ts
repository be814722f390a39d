import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '@fangxian/contracts/kernel';
import { addWorkingDays, endOfWorkingDaysAfter, isWorkingDay, WEEKDAYS_ONLY, workingDaysBetween, type WorkingCalendar } from './calendar.rules.ts';
import { SCHEDULES } from './calendar.schedule.ts';

const cal2026: WorkingCalendar = {
  holidays: new Set(SCHEDULES[2026].days.filter((d) => d.kind === 'holiday').map((d) => d.day)),
  workdays: new Set(SCHEDULES[2026].days.filter((d) => d.kind === 'workday').map((d) => d.day)),
};

describe('working days', () => {
  it('weekdays are worked, weekends are not, without a calendar', () => {
    expect(isWorkingDay('2026-12-07', WEEKDAYS_ONLY)).toBe(true); // Monday
    expect(isWorkingDay('2026-12-05', WEEKDAYS_ONLY)).toBe(false); // Saturday
    expect(isWorkingDay('2026-12-06', WEEKDAYS_ONLY)).toBe(false); // Sunday
  });

  it('a public holiday on a weekday is not worked; a make-up Saturday or Sunday is', () => {
    expect(isWorkingDay('2026-10-01', cal2026)).toBe(false); // Thursday, 国庆
    expect(isWorkingDay('2026-02-16', cal2026)).toBe(false); // Monday, 春节
    expect(isWorkingDay('2026-02-14', cal2026)).toBe(true); // Saturday, 调休上班
    expect(isWorkingDay('2026-10-10', cal2026)).toBe(true); // Saturday, 调休上班
    expect(isWorkingDay('2026-01-04', cal2026)).toBe(true); // Sunday, 调休上班
  });

  it('counts across the National Day week: filed 30 September, 5 working days later is 10 October (make-up Saturday)', () => {
    // 30 Sep (Wed) → 1–7 Oct holiday → 8 (Thu), 9 (Fri), 10 (Sat, worked), 12 (Mon), 13 (Tue).
    expect(addWorkingDays('2026-09-30', 3, cal2026)).toBe('2026-10-10');
    expect(addWorkingDays('2026-09-30', 5, cal2026)).toBe('2026-10-13');
    expect(workingDaysBetween('2026-09-30', '2026-10-13', cal2026)).toBe(5);
  });

  it('counts across the Spring Festival: 13 Feb + 1 working day is the make-up Saturday 14 Feb, + 2 is 24 Feb', () => {
    expect(addWorkingDays('2026-02-13', 1, cal2026)).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-13', 2, cal2026)).toBe('2026-02-24');
    expect(workingDaysBetween('2026-02-13', '2026-02-28', cal2026)).toBe(6); // 14, 24, 25, 26, 27, 28
  });

  it('the end of the n-th working day is 23:59:59.999 China time', () => {
    // Filed Friday 4 Dec 2026 at 20:00 China time → 3 working days → Wednesday 9 Dec.
    expect(endOfWorkingDaysAfter(new Date('2026-12-04T12:00:00Z'), 3, cal2026).toISOString()).toBe('2026-12-09T15:59:59.999Z');
    // 16:30 UTC is already the next China day (Saturday 5 Dec) → Mon 7, Tue 8, Wed 9.
    expect(endOfWorkingDaysAfter(new Date('2026-12-04T16:30:00Z'), 3, cal2026).toISOString()).toBe('2026-12-09T15:59:59.999Z');
  });

  it('refuses a negative count', () => {
    expect(() => addWorkingDays('2026-01-01', -1, cal2026)).toThrow(RangeError);
  });

  const dayArb = fc.integer({ min: 0, max: 729 }).map((i) => addDays('2026-01-01', i));
  const calArb = fc.record({
    holidays: fc.array(dayArb, { maxLength: 40 }).map((a) => new Set(a)),
    workdays: fc.array(dayArb, { maxLength: 10 }).map((a) => new Set(a)),
  });

  it('property: the n-th working day after a day is worked, and exactly n working days lie between', () => {
    fc.assert(fc.property(dayArb, fc.integer({ min: 0, max: 60 }), calArb, (start, n, cal) => {
      const end = addWorkingDays(start, n, cal);
      expect(workingDaysBetween(start, end, cal)).toBe(n);
      if (n > 0) {
        expect(isWorkingDay(end, cal)).toBe(true);
        expect(end > start).toBe(true);
      }
    }));
  });

  it('property: adding is monotone and composes (a + b = (a then b))', () => {
    fc.assert(fc.property(dayArb, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), calArb, (start, a, b, cal) => {
      expect(addWorkingDays(addWorkingDays(start, a, cal), b, cal)).toBe(addWorkingDays(start, a + b, cal));
      expect(addWorkingDays(start, a, cal) <= addWorkingDays(start, a + b, cal)).toBe(true);
    }));
  });

  it('property: a holiday never counts and a make-up day always counts; between is antisymmetric', () => {
    fc.assert(fc.property(dayArb, dayArb, calArb, (from, to, cal) => {
      expect(workingDaysBetween(from, to, cal) + workingDaysBetween(to, from, cal)).toBe(0);
      const withHoliday: WorkingCalendar = { holidays: new Set([...cal.holidays, to]), workdays: new Set([...cal.workdays].filter((d) => d !== to)) };
      const withWorkday: WorkingCalendar = { holidays: cal.holidays, workdays: new Set([...cal.workdays, to]) };
      if (to > from) {
        expect(workingDaysBetween(from, to, withWorkday) - workingDaysBetween(from, addDays(to, -1), withWorkday)).toBe(1);
        expect(workingDaysBetween(from, to, withHoliday) - workingDaysBetween(from, addDays(to, -1), withHoliday)).toBe(0);
      }
    }));
  });

  it('the 2026 schedule: 13 holiday blocks add up to the official totals and make-up days are weekends', () => {
    const holidays = SCHEDULES[2026].days.filter((d) => d.kind === 'holiday');
    expect(holidays.length).toBe(3 + 9 + 3 + 5 + 3 + 3 + 7);
    for (const d of SCHEDULES[2026].days.filter((x) => x.kind === 'workday')) expect([0, 6]).toContain(new Date(`${d.day}T00:00:00Z`).getUTCDay());
  });
});
