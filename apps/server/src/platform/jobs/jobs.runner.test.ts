import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { retryDelayMs } from './jobs.runner.ts';

describe('retryDelayMs', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4, 5].map((a) => retryDelayMs(a, 1000, 10_000))).toEqual([1000, 2000, 4000, 8000, 10_000]);
    expect(retryDelayMs(0, 1000, 10_000)).toBe(1000);
  });

  it('never decreases and never exceeds the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 10_000_000 }), (attempt, base, max) => {
        const d = retryDelayMs(attempt, base, max);
        expect(d).toBeLessThanOrEqual(max);
        expect(retryDelayMs(attempt + 1, base, max)).toBeGreaterThanOrEqual(d);
      }),
    );
  });
});
