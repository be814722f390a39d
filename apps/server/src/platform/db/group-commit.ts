import type { Db, Tx } from './database.ts';

interface Pending<T> {
  work: (tx: Tx) => Promise<T>;
  resolve: (value: T) => void;
  reject: (err: unknown) => void;
}

export interface GroupCommitStats {
  queued: number;
  batches: number;
  items: number;
  retriedAlone: number;
}

/**
 * Group commit: concurrent small writes are gathered into one transaction, and each caller's
 * promise settles only after that transaction commits. If a batch fails, its items are retried
 * one by one so one bad write does not fail its neighbours. Work functions must only write
 * through the given transaction (no side effects), since a failed batch may run them again.
 */
export class GroupCommit {
  private queue: Pending<unknown>[] = [];
  private running = 0;
  private idleWaiters: (() => void)[] = [];
  readonly stats: GroupCommitStats = { queued: 0, batches: 0, items: 0, retriedAlone: 0 };
  private readonly db: Db;
  private readonly concurrency: number;
  private readonly maxBatch: number;

  constructor(db: Db, options: { concurrency?: number; maxBatch?: number } = {}) {
    this.db = db;
    this.concurrency = options.concurrency ?? 1;
    this.maxBatch = options.maxBatch ?? 500;
  }

  /** Queues a write; resolves with its result once committed. */
  submit<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve, reject } as Pending<unknown>);
      this.stats.queued = this.queue.length;
      this.pump();
    });
  }

  /** Resolves when nothing is queued or running. */
  drain(): Promise<void> {
    if (this.queue.length === 0 && this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.stats.queued = this.queue.length;
      this.running++;
      void this.flush(batch).finally(() => {
        this.running--;
        if (this.queue.length > 0) this.pump();
        else if (this.running === 0) for (const w of this.idleWaiters.splice(0)) w();
      });
    }
  }

  private async flush(batch: Pending<unknown>[]): Promise<void> {
    this.stats.batches++;
    this.stats.items += batch.length;
    try {
      const results = await this.db.transaction(async (tx) => {
        const out: unknown[] = [];
        for (const item of batch) out.push(await item.work(tx));
        return out;
      });
      batch.forEach((item, i) => item.resolve(results[i]));
    } catch (batchError) {
      if (batch.length === 1) {
        batch[0].reject(batchError);
        return;
      }
      for (const item of batch) {
        this.stats.retriedAlone++;
        try {
          item.resolve(await this.db.transaction((tx) => item.work(tx)));
        } catch (err) {
          item.reject(err);
        }
      }
    }
  }
}
