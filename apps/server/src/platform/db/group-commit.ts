import { getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { bulkInsertSql, bulkInsertText } from './bulk-insert.ts';
import type { Db, Tx } from './database.ts';

/**
 * A kind of row many callers insert (scans, token uses…): the rows of every caller in a batch are
 * written with one `insert` call — one multi-row statement instead of one per caller.
 */
export interface RowKind<R> {
  name: string;
  /** The one statement that inserts rows (from one or many callers); never called with no rows. */
  statement(rows: R[]): SQL;
  /** The same statement as SQL text with its values inlined (embedded database: simple query protocol). */
  text?(rows: R[]): string;
  /**
   * The statement ends with RETURNING (e.g. an upsert's new revision): each returned row goes back
   * to the caller whose row has the same key (submitRowsReturning). Keys must be unique within a
   * batch's rows of this kind, as an upsert's conflict target must be anyway.
   */
  returning?: { keyOfRow(row: R): string; keyOfResult(result: Record<string, unknown>): string };
}

/**
 * A RowKind that inserts rows into a drizzle table with one INSERT … SELECT FROM unnest(…)
 * (bulk-insert.ts), in both renderings. `prepare` may reorder or merge the batch's rows first
 * (e.g. one row per key, in key order); `suffix` is trusted SQL text such as an ON CONFLICT clause.
 */
export function tableRows<T extends PgTable>(
  table: T,
  options: { prepare?: (rows: T['$inferInsert'][]) => T['$inferInsert'][]; suffix?: string } = {},
): RowKind<T['$inferInsert']> {
  const prepare = options.prepare ?? ((rows) => rows);
  return {
    name: getTableName(table),
    statement: (rows) => bulkInsertSql(table, prepare(rows), options.suffix ? sql.raw(options.suffix) : undefined),
    text: (rows) => bulkInsertText(table, prepare(rows), options.suffix),
  };
}

/**
 * A kind of write many callers make that costs less done for all of them at once than one by one
 * (e.g. filings whose audit records share one chain append): the inputs of every caller in a
 * batch go to one `run` inside the batch's transaction, which answers one output per input, in
 * order. If the batch fails, each caller's input runs alone (`run(tx, [input])`) under its
 * savepoint, like a work function, so `run` must only write through the given transaction.
 */
export interface BatchKind<I, O> {
  name: string;
  run(tx: Tx, inputs: I[]): Promise<O[]>;
  /**
   * At most one batch holding inputs of this kind runs at a time (other writes still go in parallel
   * batches): for kinds whose `run` takes a lock every batch needs until its commit (e.g. the audit
   * chain's head), where parallel batches would only queue on the lock — one bigger batch instead.
   */
  serial?: boolean;
}

/** Rows of one or more kinds that must commit together (e.g. a scan and its abuse flags). */
export type RowParts = { kind: RowKind<any>; rows: unknown[] }[];

interface Pending<T> {
  work: ((tx: Tx) => Promise<T>) | null;
  parts: RowParts | null;
  /** submitBatch: the caller's input to its kind's `run`. */
  batched?: { kind: BatchKind<unknown, unknown>; input: unknown };
  /** submitRowsReturning: the rows the returning kinds gave back for this caller's rows. */
  returned?: Record<string, unknown>[];
  resolve: (value: T) => void;
  reject: (err: unknown) => void;
}

/** The rows of a driver's answer (drizzle / node-postgres: `{rows}`; PGlite exec: one result per statement). */
function resultRows(result: unknown): Record<string, unknown>[] {
  const last = Array.isArray(result) ? result[result.length - 1] : result;
  const rows = (last as { rows?: unknown[] } | undefined)?.rows;
  return (rows ?? []) as Record<string, unknown>[];
}

/** A returned row as a plain object (to_jsonb arrives parsed from node-postgres and PGlite; as text elsewhere). */
function jsonRow(value: unknown): Record<string, unknown> {
  return (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;
}

/** Gives each item's returning parts the rows returned for their keys (per kind). */
function distribute(items: Pending<unknown>[], returned: Map<RowKind<any>, Map<string, Record<string, unknown>>>): void {
  for (const item of items) {
    for (const part of item.parts ?? []) {
      const by = part.kind.returning && returned.get(part.kind);
      if (!part.kind.returning || !by) continue;
      for (const row of part.rows) {
        const r = by.get(part.kind.returning.keyOfRow(row));
        if (r) (item.returned ??= []).push(r);
      }
    }
  }
}

/** Runs one queued item alone (its rows, or its work function). */
async function runAlone(tx: Tx, item: Pending<unknown>): Promise<unknown> {
  if (item.work) return item.work(tx);
  if (item.batched) return (await runKind(tx, item.batched.kind, [item.batched.input]))[0];
  item.returned = undefined;
  for (const part of item.parts!) {
    if (part.rows.length === 0) continue;
    const result = await tx.execute(part.kind.returning ? returningStatement(new Map([[part.kind, part.rows]])) : part.kind.statement(part.rows));
    if (part.kind.returning) distribute([item], collect(new Map([[part.kind, part.rows]]), resultRows(result)));
  }
  return undefined;
}

/** A batch kind's run, checked to answer one output per input. */
async function runKind(tx: Tx, kind: BatchKind<unknown, unknown>, inputs: unknown[]): Promise<unknown[]> {
  const outputs = await kind.run(tx, inputs);
  if (outputs.length !== inputs.length) throw new Error(`batch kind ${kind.name} answered ${outputs.length} outputs for ${inputs.length} inputs`);
  return outputs;
}

/** The rows of many calls, per kind, in first-seen order. */
function mergeRows(items: Pending<unknown>[]): Map<RowKind<any>, unknown[]> {
  const merged = new Map<RowKind<any>, unknown[]>();
  for (const item of items) {
    for (const part of item.parts ?? []) {
      if (part.rows.length === 0) continue;
      const rows = merged.get(part.kind);
      if (rows) rows.push(...part.rows);
      else merged.set(part.kind, [...part.rows]);
    }
  }
  return merged;
}

function hasReturning(merged: Map<RowKind<any>, unknown[]>): boolean {
  for (const kind of merged.keys()) if (kind.returning) return true;
  return false;
}

/**
 * The final select of a batch whose kinds return rows: each returning kind's CTE as (kind's
 * position, row as jsonb), so rows of different shapes come back in one result.
 */
function returningSelect(kinds: RowKind<any>[]): string {
  const selects = kinds.flatMap((kind, i) => (kind.returning ? [`select ${i} as fx_kind, to_jsonb(w${i}) as fx_row from w${i}`] : []));
  return selects.length > 0 ? selects.join(' union all ') : 'select 1';
}

/** The returned rows of a batch, per kind and key. */
function collect(merged: Map<RowKind<any>, unknown[]>, rows: Record<string, unknown>[]): Map<RowKind<any>, Map<string, Record<string, unknown>>> {
  const kinds = [...merged.keys()];
  const out = new Map<RowKind<any>, Map<string, Record<string, unknown>>>();
  for (const row of rows) {
    const kind = kinds[Number(row.fx_kind)];
    if (!kind?.returning) continue;
    const value = jsonRow(row.fx_row);
    let by = out.get(kind);
    if (!by) out.set(kind, (by = new Map()));
    by.set(kind.returning.keyOfResult(value), value);
  }
  return out;
}

/** oneStatement when a kind returns rows: every kind a data-modifying CTE, the returning ones selected as jsonb. */
function returningStatement(merged: Map<RowKind<any>, unknown[]>): SQL {
  const statements = [...merged].map(([kind, rows]) => kind.statement(rows));
  return sql`with ${sql.join(statements.map((s, i) => sql`${sql.raw(`w${i}`)} as (${s})`), sql`, `)} ${sql.raw(returningSelect([...merged.keys()]))}`;
}

/** One statement for all merged rows: a single INSERT, or several chained as data-modifying CTEs. */
function oneStatement(merged: Map<RowKind<any>, unknown[]>): SQL {
  if (hasReturning(merged)) return returningStatement(merged);
  const statements = [...merged].map(([kind, rows]) => kind.statement(rows));
  if (statements.length === 1) return statements[0];
  return sql`with ${sql.join(statements.map((s, i) => sql`${sql.raw(`w${i}`)} as (${s})`), sql`, `)} select 1`;
}

/** oneStatement as text, when every kind can render itself as text (see RowKind.text). */
function oneText(merged: Map<RowKind<any>, unknown[]>): string | null {
  const texts: string[] = [];
  for (const [kind, rows] of merged) {
    if (!kind.text) return null;
    texts.push(kind.text(rows));
  }
  if (hasReturning(merged)) return `with ${texts.map((t, i) => `w${i} as (${t})`).join(', ')} ${returningSelect([...merged.keys()])}`;
  if (texts.length === 1) return texts[0];
  return `with ${texts.map((t, i) => `w${i} as (${t})`).join(', ')} select 1`;
}

export interface GroupCommitStats {
  queued: number;
  batches: number;
  items: number;
  retriedAlone: number;
  /** Items that failed inside a batch and were rolled back alone (savepoint) while the rest committed. */
  isolated: number;
  /** Rows written through submitRows, and the multi-row insert statements that wrote them. */
  rows: number;
  mergedInserts: number;
  /** Batches that failed as a whole and were run again item by item. */
  splits: number;
  /** Inputs written through submitBatch, and the runs of their kinds that wrote them. */
  batchedInputs: number;
  batchRuns: number;
}

/**
 * Group commit: concurrent small writes are gathered into one transaction, and each caller's
 * promise settles only after that transaction commits. If a batch fails, it runs again with a
 * savepoint around each item, so one bad write fails only itself; if even that commit fails, the
 * items are retried one transaction each. Work functions must only write through the given
 * transaction (no side effects outside it), since a failed batch may run them again.
 */
export class GroupCommit {
  private queue: Pending<unknown>[] = [];
  private running = 0;
  private idleWaiters: (() => void)[] = [];
  readonly stats: GroupCommitStats = { queued: 0, batches: 0, items: 0, retriedAlone: 0, isolated: 0, rows: 0, mergedInserts: 0, splits: 0, batchedInputs: 0, batchRuns: 0 };
  private readonly db: Db;
  private readonly concurrency: number;
  private readonly maxBatch: number;
  private readonly execute: (statement: SQL) => Promise<unknown>;
  private readonly executeText: ((text: string) => Promise<unknown>) | null;

  /**
   * `execute` runs a rows-only batch's single statement outside a transaction (default: the drizzle
   * handle; the embedded database passes a cheaper simple-protocol path). With `executeText`, a
   * batch whose kinds all render as text (RowKind.text) is sent as text through it instead.
   */
  constructor(
    db: Db,
    options: { concurrency?: number; maxBatch?: number; execute?: (statement: SQL) => Promise<unknown>; executeText?: (text: string) => Promise<unknown> } = {},
  ) {
    this.db = db;
    this.concurrency = options.concurrency ?? 1;
    this.maxBatch = options.maxBatch ?? 500;
    this.execute = options.execute ?? ((statement) => db.execute(statement));
    this.executeText = options.executeText ?? null;
  }

  /** Queues a write; resolves with its result once committed. */
  submit<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, parts: null, resolve, reject } as Pending<unknown>);
      this.stats.queued = this.queue.length;
      this.pump();
    });
  }

  /**
   * Queues rows to insert; resolves once committed. The rows of all callers in a batch are merged
   * per kind into one insert, so a hundred concurrent scans cost one statement, not a hundred. The
   * parts of one call commit or fail together; if a merged insert fails, the batch is run again
   * call by call, so a bad row fails only its own caller.
   */
  submitRows(parts: RowParts): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ work: null, parts, resolve, reject } as Pending<unknown>);
      this.stats.queued = this.queue.length;
      this.pump();
    });
  }

  /**
   * submitRows for kinds with `returning` (e.g. an upsert answering the row's new revision):
   * resolves, once committed, with the rows returned for this call's rows (as JSON: dates and
   * timestamps as text). Merged with every other caller's rows like submitRows.
   */
  submitRowsReturning(parts: RowParts): Promise<Record<string, unknown>[]> {
    return new Promise<Record<string, unknown>[]>((resolve, reject) => {
      const item: Pending<unknown> = { work: null, parts, resolve: () => resolve(item.returned ?? []), reject };
      this.queue.push(item);
      this.stats.queued = this.queue.length;
      this.pump();
    });
  }

  /**
   * Queues one input of a batch kind; resolves with its output once committed. The inputs of every
   * caller in a batch go to one call of the kind's `run` (BatchKind).
   */
  submitBatch<I, O>(kind: BatchKind<I, O>, input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ work: null, parts: null, batched: { kind: kind as BatchKind<unknown, unknown>, input }, resolve, reject } as Pending<unknown>);
      this.stats.queued = this.queue.length;
      this.pump();
    });
  }

  /** Resolves when nothing is queued or running. */
  drain(): Promise<void> {
    if (this.queue.length === 0 && this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private scheduled = false;

  // Why the flush is deferred: on the embedded database a request runs from socket to write
  // without yielding, so flushing at once would commit one item per transaction. Waiting until
  // setImmediate (the end of the current event-loop turn) gathers every item submitted by the
  // requests read in the same poll phase; while a flush runs, new items keep queuing and go out
  // together in the next batch when it finishes.
  private pump(): void {
    if (this.scheduled || this.running >= this.concurrency || this.queue.length === 0) return;
    if (this.queue.length >= this.maxBatch) {
      this.start();
      return;
    }
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.start();
    });
  }

  /** Whether a batch holding a serial kind's inputs is running (BatchKind.serial). */
  private serialRunning = false;

  private start(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      let batch: Pending<unknown>[];
      if (this.serialRunning) {
        // A serial kind's batch is running: its inputs wait for it (and go out together after it).
        const take: Pending<unknown>[] = [];
        const keep: Pending<unknown>[] = [];
        for (const item of this.queue) (item.batched?.kind.serial || take.length >= this.maxBatch ? keep : take).push(item);
        if (take.length === 0) return;
        batch = take;
        this.queue = keep;
      } else {
        batch = this.queue.splice(0, this.maxBatch);
      }
      const serial = batch.some((item) => item.batched?.kind.serial);
      if (serial) this.serialRunning = true;
      this.stats.queued = this.queue.length;
      this.running++;
      void this.flush(batch).finally(() => {
        this.running--;
        if (serial) this.serialRunning = false;
        // Items that queued while this batch ran go out together, at once.
        if (this.queue.length > 0) this.start();
        else if (this.running === 0) for (const w of this.idleWaiters.splice(0)) w();
      });
    }
  }

  private count(merged: Map<RowKind<any>, unknown[]>): void {
    for (const rows of merged.values()) {
      this.stats.rows += rows.length;
      this.stats.mergedInserts++;
    }
  }

  private async flush(batch: Pending<unknown>[]): Promise<void> {
    this.stats.batches++;
    this.stats.items += batch.length;
    try {
      if (batch.every((item) => item.parts)) {
        // Rows only (the hot paths): one statement is atomic by itself, so no BEGIN/COMMIT round trips.
        const merged = mergeRows(batch);
        if (merged.size > 0) {
          const text = this.executeText ? oneText(merged) : null;
          const result = await (text !== null ? this.executeText!(text) : this.execute(oneStatement(merged)));
          if (hasReturning(merged)) distribute(batch, collect(merged, resultRows(result)));
        }
        this.count(merged);
        for (const item of batch) item.resolve(undefined);
        return;
      }
      const results = await this.db.transaction(async (tx) => {
        const out: unknown[] = [];
        const kinds = new Map<BatchKind<unknown, unknown>, number[]>();
        for (const [i, item] of batch.entries()) {
          if (item.batched) {
            const positions = kinds.get(item.batched.kind);
            if (positions) positions.push(i);
            else kinds.set(item.batched.kind, [i]);
          }
          out.push(item.work ? await item.work(tx) : undefined);
        }
        // Each batch kind once, with the inputs of all its callers.
        for (const [kind, positions] of kinds) {
          const outputs = await runKind(tx, kind, positions.map((i) => batch[i].batched!.input));
          positions.forEach((i, k) => (out[i] = outputs[k]));
          this.stats.batchedInputs += positions.length;
          this.stats.batchRuns++;
        }
        const merged = mergeRows(batch);
        if (merged.size > 0) {
          const result = await tx.execute(oneStatement(merged));
          if (hasReturning(merged)) distribute(batch, collect(merged, resultRows(result)));
        }
        this.count(merged);
        return out;
      });
      batch.forEach((item, i) => item.resolve(results[i]));
      return;
    } catch (batchError) {
      if (batch.length === 1) {
        batch[0].reject(batchError);
        return;
      }
    }
    this.stats.splits++;
    // Something in the batch failed and the whole transaction rolled back. Run the batch again
    // with a savepoint around each item: a bad write rolls back (and fails) only itself, and
    // the good ones still commit together in one transaction.
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      await this.db.transaction(async (tx) => {
        outcomes.length = 0;
        for (const item of batch) {
          try {
            outcomes.push({ ok: true, value: await tx.transaction((sp) => runAlone(sp as unknown as Tx, item)) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch {
      // The commit itself failed (e.g. the connection dropped): last resort, one transaction each.
      for (const item of batch) {
        this.stats.retriedAlone++;
        try {
          item.resolve(await this.db.transaction((tx) => runAlone(tx, item)));
        } catch (err) {
          item.reject(err);
        }
      }
      return;
    }
    this.stats.isolated += outcomes.filter((o) => !o.ok).length;
    batch.forEach((item, i) => {
      const o = outcomes[i];
      if (o.ok) item.resolve(o.value);
      else item.reject(o.error);
    });
  }
}
