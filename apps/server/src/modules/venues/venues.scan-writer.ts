import type { Tx } from '../../platform/db/database.ts';
import type { GroupCommit } from '../../platform/db/group-commit.ts';
import { insertScan, insertScans, type NewFlag, type NewScan } from './venues.repository.ts';

interface PendingScan {
  scan: NewScan;
  flags: NewFlag[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Coalesces the scans that arrive within one turn of the event loop into one multi-row INSERT,
 * handed to group commit as a single write. Why: on the embedded database a request runs from
 * socket to write without yielding, so group commit alone sees one scan at a time and every scan
 * would pay its own BEGIN/COMMIT; gathering until setImmediate lets all the requests read in the
 * same poll phase share one transaction and one statement. Every caller's promise still settles
 * only after the transaction holding its row has committed. If the shared write fails, each row
 * is written again on its own, so one bad row fails only its own request.
 */
export class ScanWriter {
  private pending: PendingScan[] = [];
  private scheduled = false;
  private readonly writes: Pick<GroupCommit, 'submit'>;
  private readonly maxBatch: number;
  /** Shared writes handed to group commit, rows in them, and shared writes that failed and were split. */
  readonly stats = { writes: 0, rows: 0, splits: 0 };

  constructor(writes: Pick<GroupCommit, 'submit'>, maxBatch = 500) {
    this.writes = writes;
    this.maxBatch = maxBatch;
  }

  /** Writes a scan (and its flags); resolves once committed. */
  write(scan: NewScan, flags: NewFlag[] = []): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ scan, flags, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
  }

  /** Hands everything gathered so far to group commit now (also used when the app closes). */
  flush(): void {
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    this.stats.writes++;
    this.stats.rows += batch.length;
    this.writes
      .submit((tx: Tx) => insertScans(tx, batch.map((b) => b.scan), batch.flatMap((b) => b.flags)))
      .then(
        () => {
          for (const b of batch) b.resolve();
        },
        (err: unknown) => {
          if (batch.length === 1) {
            batch[0].reject(err);
            return;
          }
          this.stats.splits++;
          for (const b of batch) this.writes.submit((tx: Tx) => insertScan(tx, b.scan, b.flags)).then(b.resolve, b.reject);
        },
      );
  }

  /** Scans waiting for the next flush (tests). */
  get waiting(): number {
    return this.pending.length;
  }
}
