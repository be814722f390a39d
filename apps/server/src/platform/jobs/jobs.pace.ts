import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';

/**
 * Back-pressure for long jobs that run in the request path's process and on its database (a
 * risk-area recompute, the sweep, a dry run over a city), so they never starve the requests:
 *
 * - `slice()` inside a batch's synchronous loop (evaluating and sealing hundreds of codes): once
 *   `sliceMs` of work has passed since the last turn it yields a turn of the event loop (setImmediate),
 *   so requests that arrived meanwhile are read and answered between slices instead of after the
 *   whole loop. Awaited only when it yields (it answers undefined otherwise).
 * - `rest(batchMs)` between batches: sleeps `restPercent` % of the time the batch took (a duty cycle:
 *   at 50 % the job holds the database and the CPU two thirds of the time), so the requests' own
 *   queries and commits find the database and the CPUs free part of the time. 0 = no rest.
 *
 * Simple on purpose: no measurement of the request path, a fixed share that an operator sets
 * (FX_JOB_REST_PERCENT) and the benches measure (bench/city-scale.ts: the ratio to the floor and the
 * hot path's p99 with and without it).
 */
export class JobPacer {
  private lastTurn = performance.now();
  /** Turns yielded and time rested (for logs and tests). */
  readonly stats = { turns: 0, restedMs: 0 };

  private readonly options: { sliceMs?: number; restPercent?: number; signal?: AbortSignal };

  constructor(options: { sliceMs?: number; restPercent?: number; signal?: AbortSignal } = {}) {
    this.options = options;
  }

  /** Yields a turn of the event loop once `sliceMs` (default 5 ms) of work has passed since the last one. */
  slice(): Promise<void> | undefined {
    if (performance.now() - this.lastTurn < (this.options.sliceMs ?? 5)) return undefined;
    return this.turn();
  }

  private async turn(): Promise<void> {
    this.stats.turns++;
    await nextTurn();
    this.lastTurn = performance.now();
  }

  /** Sleeps restPercent % of `batchMs` (the batch just done) between batches; aborted with the job. */
  async rest(batchMs: number): Promise<void> {
    const ms = Math.round((batchMs * (this.options.restPercent ?? 0)) / 100);
    if (ms <= 0) return;
    this.stats.restedMs += ms;
    await sleep(ms, undefined, this.options.signal ? { signal: this.options.signal } : undefined).catch(() => undefined);
    this.lastTurn = performance.now();
  }
}
