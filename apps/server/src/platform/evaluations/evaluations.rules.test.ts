import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBadRating, monthBounds, monthlyFigures, rectificationDue, RECTIFY_DAYS } from './evaluations.rules.ts';

describe('好差评 rules', () => {
  it('opens rectification for 不满意 and 非常不满意 only', () => {
    expect([1, 2, 3, 4, 5].map(isBadRating)).toEqual([false, false, false, true, true]);
  });

  it('sets the deadline to the end of the China day RECTIFY_DAYS later (property: always after, within a day of the span)', () => {
    expect(rectificationDue(new Date('2026-12-07T02:00:00Z')).toISOString()).toBe('2026-12-22T15:59:59.999Z');
    fc.assert(
      fc.property(fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }), (d) => {
        const due = rectificationDue(d).getTime();
        expect(due - d.getTime()).toBeGreaterThan(RECTIFY_DAYS * 86_400_000 - 1);
        expect(due - d.getTime()).toBeLessThanOrEqual((RECTIFY_DAYS + 1) * 86_400_000);
      }),
    );
  });

  it('counts levels, satisfaction and on-time rectification, leaving excluded (appealed) ratings out', () => {
    const due = new Date('2026-12-20T00:00:00Z');
    const lines = monthlyFigures([
      { key: 'A', name: '甲', level: 1, excluded: false, rectification: null },
      { key: 'A', name: '甲', level: 3, excluded: false, rectification: null },
      { key: 'A', name: '甲', level: 4, excluded: false, rectification: { status: 'closed', dueAt: due, rectifiedAt: new Date('2026-12-10T00:00:00Z') } },
      { key: 'A', name: '甲', level: 5, excluded: false, rectification: { status: 'rectified', dueAt: due, rectifiedAt: new Date('2026-12-21T00:00:00Z') } },
      { key: 'A', name: '甲', level: 5, excluded: true, rectification: null },
      { key: 'B', name: '乙', level: 2, excluded: false, rectification: null },
    ]);
    expect(lines.map((l) => l.key)).toEqual(['A', 'B']);
    expect(lines[0]).toMatchObject({ counts: [1, 0, 1, 1, 1], total: 4, satisfactionRate: 0.5, bad: 2, rectified: 2, rectifiedOnTime: 1, onTimeRate: 0.5, excluded: 1 });
    expect(lines[1]).toMatchObject({ total: 1, satisfactionRate: 1, bad: 0, onTimeRate: null });
  });

  it('bounds a month in China time', () => {
    expect(monthBounds('2026-12')).toEqual({ from: new Date('2026-11-30T16:00:00Z'), to: new Date('2026-12-31T16:00:00Z') });
  });
});
