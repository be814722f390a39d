import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BatchPacer, type PaceOptions } from './screening.pace.ts';

const PACE: PaceOptions = { targetMs: 20, minRows: 50, maxRows: 1000, startRows: 200 };

/** A simulated database: a batch of n rows takes fixedMs + perRowMs × n. */
const run = (pacer: BatchPacer, fixedMs: number, perRowMs: number, batches: number) => {
  const sizes: number[] = [];
  for (let i = 0; i < batches; i++) {
    const n = pacer.rows;
    sizes.push(n);
    pacer.observe(n, fixedMs + perRowMs * n);
  }
  return sizes;
};

describe('import pacing (screening.pace.ts)', () => {
  it('starts at startRows and settles where a batch takes the target time', () => {
    const pacer = new BatchPacer(PACE);
    expect(pacer.rows).toBe(200);
    // 2 ms fixed + 0.05 ms per row: 20 ms at 360 rows.
    const sizes = run(pacer, 2, 0.05, 30);
    expect(sizes.at(-1)).toBeGreaterThanOrEqual(340);
    expect(sizes.at(-1)).toBeLessThanOrEqual(380);
  });

  it('shrinks at once when batches get slower and grows back at most twofold per batch', () => {
    const pacer = new BatchPacer(PACE);
    run(pacer, 0, 0.02, 20); // 1 000 rows would take 20 ms
    expect(pacer.rows).toBe(1000);
    pacer.observe(1000, 400); // the machine got busy: 0.4 ms per row
    expect(pacer.rows).toBe(50);
    const sizes = run(pacer, 0, 0.02, 10);
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeLessThanOrEqual(sizes[i - 1] * 2);
    expect(sizes.at(-1)).toBeGreaterThanOrEqual(950);
  });

  it('stays at minRows when the fixed part of a batch alone exceeds the target', () => {
    const pacer = new BatchPacer(PACE);
    expect(run(pacer, 30, 0.01, 10).at(-1)).toBe(50);
  });

  it('a fixed size (min = max) never changes', () => {
    const pacer = new BatchPacer({ targetMs: 20, minRows: 10, maxRows: 10, startRows: 10 });
    expect(run(pacer, 500, 3, 5)).toEqual([10, 10, 10, 10, 10]);
  });

  it('ignores what cannot be a measurement', () => {
    const pacer = new BatchPacer(PACE);
    pacer.observe(0, 10);
    pacer.observe(100, Number.NaN);
    pacer.observe(100, -1);
    expect(pacer.rows).toBe(200);
    expect(() => new BatchPacer({ ...PACE, minRows: 0 })).toThrow(RangeError);
    expect(() => new BatchPacer({ ...PACE, minRows: 2000 })).toThrow(RangeError);
    expect(() => new BatchPacer({ ...PACE, targetMs: 0 })).toThrow(RangeError);
  });

  it('always answers a whole number within its bounds, whatever it is told (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.array(fc.tuple(fc.integer({ min: -5, max: 5000 }), fc.double({ min: -10, max: 1e6, noNaN: false })), { maxLength: 40 }),
        (min, extra, observations) => {
          const pacer = new BatchPacer({ targetMs: 20, minRows: min, maxRows: min + extra, startRows: 200 });
          for (const [rows, ms] of observations) {
            pacer.observe(rows, ms);
            expect(Number.isInteger(pacer.rows)).toBe(true);
            expect(pacer.rows).toBeGreaterThanOrEqual(min);
            expect(pacer.rows).toBeLessThanOrEqual(min + extra);
          }
        },
      ),
    );
  });
});
