/**
 * How many rows the import puts in its next batch (one transaction each), so that a batch holds the
 * database — and the request thread's synchronous slices that grow with it (statement text, the
 * driver's parsing) — for about a target time, whatever the machine's load and the list's shape.
 *
 * PGlite has one connection: every request's query waits while a batch's transaction is open, so the
 * transaction's length is the latency an import adds to a request. The pacer measures each batch's
 * transaction, keeps a running estimate of the milliseconds per row, and sizes the next batch to the
 * target: shrinking at once when batches got slower (the machine got busier, the tables bigger),
 * growing at most twofold per batch, always within [minRows, maxRows].
 *
 * A batch costs a fixed part (the lock, the import's row, the commit) and a part per row; the
 * estimate per row includes the fixed part, so the size settles where the measured time meets the
 * target (fixed + perRow × rows = target), or at minRows when the fixed part alone exceeds it.
 * Pure: the caller measures and tells.
 */
export interface PaceOptions {
  /** The time a batch's transaction should take, in ms. */
  targetMs: number;
  minRows: number;
  maxRows: number;
  /** The first batch's size (nothing measured yet). */
  startRows: number;
}

/** Weight of the newest batch in the running estimate of ms per row. */
const NEWEST_WEIGHT = 0.5;
/** At most this factor of growth from one batch to the next. */
const MAX_GROWTH = 2;

export class BatchPacer {
  private readonly options: PaceOptions;
  private size: number;
  private msPerRow: number | null = null;

  constructor(options: PaceOptions) {
    if (!(options.minRows >= 1 && options.minRows <= options.maxRows)) throw new RangeError('the pacer needs 1 ≤ minRows ≤ maxRows');
    if (!(options.targetMs > 0)) throw new RangeError('the pacer needs a positive target');
    this.options = options;
    this.size = this.clamp(options.startRows);
  }

  /** Rows of the next batch. */
  get rows(): number {
    return this.size;
  }

  /** The last batch: how many rows it had and how long its transaction took (ms). */
  observe(rows: number, ms: number): void {
    if (!(rows > 0) || !Number.isFinite(ms) || ms < 0) return;
    const sample = Math.max(ms, 0.01) / rows;
    this.msPerRow = this.msPerRow === null ? sample : (1 - NEWEST_WEIGHT) * this.msPerRow + NEWEST_WEIGHT * sample;
    // A slower batch shrinks the next at once (by its own sample, not only the smoothed estimate).
    const perRow = Math.max(this.msPerRow, sample);
    const ideal = this.options.targetMs / perRow;
    this.size = this.clamp(Math.min(ideal, this.size * MAX_GROWTH));
  }

  private clamp(n: number): number {
    return Math.max(this.options.minRows, Math.min(this.options.maxRows, Math.round(n)));
  }
}
