import type { PGlite, Transaction } from '@electric-sql/pglite';

/**
 * A counter that changes whenever a statement that may have changed sessions, staff accounts or
 * citizens starts AND again when it (or the transaction it ran in) has finished. An in-process
 * cache of what those tables say (identity/principal-cache.ts) remembers the value it read at and
 * is valid only while the value is unchanged.
 */
export class IdentityWrites {
  generation = 0;
  /** Statements seen that touched the watched tables (tests, metrics). */
  statements = 0;
}

// Coarse on purpose: any statement that names one of the tables and is not a plain SELECT counts
// (INSERT, UPDATE, DELETE, TRUNCATE, a CTE, DDL…); a read that is counted by mistake only costs a
// cache miss, a write that is missed would serve a revoked session.
const WATCHED = /\b(sessions|staff_accounts|citizens)\b/i;
const PLAIN_SELECT = /^\s*select\b/i;

/** Whether a statement may change sessions, staff_accounts or citizens. */
export function touchesIdentity(sql: string): boolean {
  return WATCHED.test(sql) && !PLAIN_SELECT.test(sql);
}

type Query = PGlite['query'];
type Exec = PGlite['exec'];

/**
 * Watches every statement the embedded database runs through its query/exec/transaction API
 * (drizzle uses nothing else). Only for PGlite: it is single-process, so every write to its data
 * directory passes through this object. The counter moves before the statement is sent and again
 * after it completes (outside a transaction) or after COMMIT/ROLLBACK (inside one), so a read that
 * overlaps the write in any order is remembered with a value that is already stale.
 */
export function watchIdentityWrites(client: PGlite): IdentityWrites {
  const writes = new IdentityWrites();
  const started = () => {
    writes.statements++;
    writes.generation++;
  };
  const finished = () => {
    writes.generation++;
  };
  const wrapQuery = (target: { query: Query }, after: (() => void) | null) => {
    const query = target.query.bind(target) as Query;
    target.query = (async (sql: string, params?: unknown[], options?: unknown) => {
      if (!touchesIdentity(sql)) return query(sql, params, options as never);
      started();
      try {
        return await query(sql, params, options as never);
      } finally {
        after?.();
      }
    }) as Query;
  };
  const wrapExec = (target: { exec: Exec }, after: (() => void) | null) => {
    const exec = target.exec.bind(target) as Exec;
    target.exec = (async (sql: string, options?: unknown) => {
      if (!touchesIdentity(sql)) return exec(sql, options as never);
      started();
      try {
        return await exec(sql, options as never);
      } finally {
        after?.();
      }
    }) as Exec;
  };
  wrapQuery(client, finished);
  wrapExec(client, finished);
  const transaction = client.transaction.bind(client);
  client.transaction = (async <T>(work: (tx: Transaction) => Promise<T>) => {
    let wrote = false;
    const mark = () => {
      wrote = true;
    };
    try {
      return await transaction((tx) => {
        // Inside the transaction the change is invisible to others until COMMIT: count at the start
        // of each statement, and once more when the transaction is over (below).
        wrapQuery(tx, mark);
        wrapExec(tx, mark);
        return work(tx);
      });
    } finally {
      if (wrote) finished();
    }
  }) as PGlite['transaction'];
  return writes;
}
