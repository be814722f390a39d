import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays } from '@fangxian/contracts/kernel';
import { checkExtraAnswers, chinaMinuteOf, extraFieldsProblems, isLate, normalStreak, reminderDue, streaksOf, type ExtraField } from './checkin.rules.ts';

const choice: ExtraField = { key: 'shift', label: { zh: '班次', en: 'Shift' }, type: 'choice', required: true, options: ['早班', '晚班'] };
const num: ExtraField = { key: 'km', label: { zh: '里程', en: 'Km' }, type: 'number', required: false, min: 0, max: 200 };
const day: ExtraField = { key: 'back_on', label: { zh: '返岗', en: 'Back' }, type: 'date', required: false };

describe('extra fields', () => {
  it('refuses bad definitions by path', () => {
    expect(extraFieldsProblems([choice, num, day])).toEqual([]);
    expect(extraFieldsProblems([{ ...choice, options: ['a', 'a'] }]).map((p) => p.path)).toEqual(['/body/extraFields/0/options']);
    expect(extraFieldsProblems([{ ...num, key: 'Bad-Key' }]).map((p) => p.path)).toEqual(['/body/extraFields/0/key']);
    expect(extraFieldsProblems([{ ...day, options: ['x'] }]).map((p) => p.path)).toEqual(['/body/extraFields/0/options']);
    expect(extraFieldsProblems([{ ...day, min: 1 }]).map((p) => p.path)).toEqual(['/body/extraFields/0/min']);
  });

  it('checks answers by type: required, options, range, real calendar days; unknown keys are dropped', () => {
    expect(checkExtraAnswers([choice, num, day], { shift: '晚班', km: '3.5', back_on: '2024-02-29', x: 1 })).toEqual({ values: { shift: '晚班', km: 3.5, back_on: '2024-02-29' }, problems: [] });
    expect(checkExtraAnswers([choice, num, day], { km: 201, back_on: '2025-02-29' }).problems.map((p) => p.key)).toEqual(['shift', 'km', 'back_on']);
    expect(checkExtraAnswers([choice], { shift: '夜班' }).problems).toEqual([{ key: 'shift', message: 'not one of the options' }]);
    expect(checkExtraAnswers([num], {}).problems).toEqual([]);
  });

  it('accepts exactly the numbers inside the range (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1000, max: 1000, noNaN: true }), (n) => {
        const r = checkExtraAnswers([num], { km: n });
        expect(r.problems.length === 0).toBe(n >= 0 && n <= 200);
      }),
    );
  });
});

describe('window, deadline and reminders (China time)', () => {
  const at = (hhmm: string) => new Date(`2026-12-07T${hhmm}:00+08:00`);
  it('reads minutes in China time across the UTC day boundary', () => {
    expect(chinaMinuteOf(new Date('2026-12-07T16:00:00Z'))).toBe(0);
    expect(chinaMinuteOf(new Date('2026-12-07T15:59:00Z'))).toBe(23 * 60 + 59);
  });
  it('marks reports after the deadline late', () => {
    expect(isLate(at('12:00'), '12:00')).toBe(false);
    expect(isLate(at('12:01'), '12:00')).toBe(true);
  });
  it('is due from the lead before the deadline (never before the window) until the deadline', () => {
    const org = { windowStart: '06:00', deadline: '08:00', remindBeforeMinutes: 180 };
    expect(reminderDue(org, at('05:59'))).toBe(false);
    expect(reminderDue(org, at('06:00'))).toBe(true);
    expect(reminderDue(org, at('07:59'))).toBe(true);
    expect(reminderDue(org, at('08:00'))).toBe(false);
  });
  it('is due in exactly one contiguous stretch of the day (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1438 }), fc.integer({ min: 1, max: 1439 }), fc.integer({ min: 10, max: 720 }), (s, e, lead) => {
        fc.pre(e > s);
        const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
        const org = { windowStart: hm(s), deadline: hm(e), remindBeforeMinutes: lead };
        let switches = 0;
        let prev = false;
        for (let m = 0; m < 1440; m++) {
          const due = reminderDue(org, new Date(Date.UTC(2026, 11, 6, 16, m)));
          if (due !== prev) switches++;
          prev = due;
        }
        expect(switches).toBe(2);
      }),
      { numRuns: 50 },
    );
  });
});

describe('streak lists', () => {
  it('gives each person what normalStreak gives them alone (property)', () => {
    const today = '2026-12-07';
    fc.assert(
      fc.property(fc.array(fc.record({ citizenId: fc.constantFrom('a', 'b', 'c'), back: fc.integer({ min: 0, max: 20 }), abnormal: fc.boolean() })), (raw) => {
        const seen = new Set<string>();
        const rows = raw
          .map((r) => ({ citizenId: r.citizenId, day: addDays(today, -r.back), abnormal: r.abnormal }))
          .filter((r) => (seen.has(`${r.citizenId}${r.day}`) ? false : (seen.add(`${r.citizenId}${r.day}`), true)));
        const all = streaksOf(rows, today);
        for (const id of ['a', 'b', 'c']) {
          const mine = new Map(rows.filter((r) => r.citizenId === id).map((r) => [r.day, r.abnormal]));
          expect(all.get(id) ?? 0).toBe(normalStreak(mine, today));
        }
      }),
    );
  });
});
