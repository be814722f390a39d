import { describe, expect, it } from 'vitest';
import { JobPacer } from './jobs.pace.ts';

/** Busy-waits `ms` milliseconds (synchronous work, as evaluating a batch). */
function work(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

describe('JobPacer (back-pressure of long jobs)', () => {
  it('yields a turn of the event loop within a synchronous loop once sliceMs has passed, so waiting callbacks run meanwhile', async () => {
    const pacer = new JobPacer({ sliceMs: 5 });
    let served = 0;
    const request = () => setImmediate(() => served++);
    request();
    const servedDuring: number[] = [];
    for (let i = 0; i < 20; i++) {
      work(1);
      const turn = pacer.slice();
      if (turn) {
        await turn;
        request();
      }
      servedDuring.push(served);
    }
    // 20 ms of work in 5 ms slices: about 4 turns, and the "request" was served during the loop, not after it.
    expect(pacer.stats.turns).toBeGreaterThanOrEqual(2);
    expect(pacer.stats.turns).toBeLessThanOrEqual(20);
    expect(servedDuring[servedDuring.length - 1]).toBeGreaterThanOrEqual(2);
  });

  it('does not yield before sliceMs of work (answers undefined: nothing to await)', () => {
    const pacer = new JobPacer({ sliceMs: 1000 });
    expect(pacer.slice()).toBeUndefined();
    expect(pacer.stats.turns).toBe(0);
  });

  it('rests restPercent of the batch time between batches, none at 0, and stops resting when the job is aborted', async () => {
    const none = new JobPacer();
    let t0 = performance.now();
    await none.rest(200);
    expect(performance.now() - t0).toBeLessThan(50);
    expect(none.stats.restedMs).toBe(0);

    const half = new JobPacer({ restPercent: 50 });
    t0 = performance.now();
    await half.rest(60);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
    expect(half.stats.restedMs).toBe(30);

    const abort = new AbortController();
    const aborted = new JobPacer({ restPercent: 100, signal: abort.signal });
    t0 = performance.now();
    const resting = aborted.rest(10_000);
    abort.abort(new Error('runner stopping'));
    await resting;
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
