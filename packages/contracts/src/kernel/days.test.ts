import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, CHINA_UTC_OFFSET_MS, dayOf, daysBetween, isDay, startOfDay, todayInChina } from './days.ts';

describe('China calendar days', () => {
  it('turns the day at 16:00 UTC (midnight in China)', () => {
    expect(CHINA_UTC_OFFSET_MS).toBe(8 * 3600_000);
    expect(dayOf(new Date('2026-03-15T15:59:59.999Z'))).toBe('2026-03-15');
    expect(dayOf(new Date('2026-03-15T16:00:00Z'))).toBe('2026-03-16');
    expect(dayOf(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
    expect(dayOf(new Date('2024-02-28T16:00:00Z'))).toBe('2024-02-29');
    expect(todayInChina(new Date('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
    expect(todayInChina(new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
  });

  it('today is the day of now', () => {
    const before = dayOf(new Date());
    const today = todayInChina();
    expect([before, dayOf(new Date())]).toContain(today);
  });

  it('starts a day at 16:00 UTC the evening before', () => {
    expect(startOfDay('2026-03-16').toISOString()).toBe('2026-03-15T16:00:00.000Z');
    expect(startOfDay('2027-01-01').toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(Number.isNaN(startOfDay('not a day').getTime())).toBe(true);
    expect(Number.isNaN(startOfDay('2026-13-01').getTime())).toBe(true);
  });

  it('dayOf and startOfDay round-trip, and every instant of a day maps to it', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 2), max: Date.UTC(2100, 0, 1) }), (ms) => {
        const day = dayOf(new Date(ms));
        const start = startOfDay(day).getTime();
        expect(start).toBeLessThanOrEqual(ms);
        expect(ms - start).toBeLessThan(24 * 3600_000);
        expect(dayOf(startOfDay(day))).toBe(day);
      }),
    );
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-11-23', -14)).toBe('2026-11-09');
    expect(addDays('2026-11-23', 0)).toBe('2026-11-23');
    expect(() => addDays('2026-13-01', 1)).toThrow(RangeError);
  });

  it('counts whole days between two days', () => {
    expect(daysBetween('2026-03-01', '2026-03-15')).toBe(14);
    expect(daysBetween('2026-03-15', '2026-03-01')).toBe(-14);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2026-03-01', '2026-03-01')).toBe(0);
  });

  it('addDays and daysBetween agree', () => {
    const day = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: -4000, max: 4000 }), (d, n) => {
        expect(daysBetween(d, addDays(d, n))).toBe(n);
        expect(addDays(addDays(d, n), -n)).toBe(d);
      }),
    );
  });

  it('accepts only real dates written YYYY-MM-DD', () => {
    for (const v of ['2026-03-15', '2024-02-29', '2000-02-29', '1999-12-31']) expect(isDay(v), v).toBe(true);
    for (const v of ['2026-02-29', '2026-02-30', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-1-5', '20260315', '2026-03-15T00:00', '', 'yesterday']) {
      expect(isDay(v), v).toBe(false);
    }
  });
});
