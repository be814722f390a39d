import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestDatabase } from './support.ts';
import { rows, type Database, type Db } from '../src/platform/db/database.ts';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { bulkInsertSql, bulkInsertText } from '../src/platform/db/bulk-insert.ts';
import { GroupCommit, type BatchKind, type RowKind } from '../src/platform/db/group-commit.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('group commit', { timeout: 60_000 }, () => {
  let database: Database;
  let db: Db;
  beforeAll(async () => {
    database = await openTestDatabase();
    db = database.db;
    await db.execute(sql`create table gc_probe (id integer primary key, note text not null)`);
  }, 60_000);
  afterAll(async () => database.close());
  beforeEach(async () => {
    await db.execute(sql`delete from gc_probe`);
  });

  const insert = (id: number, note = `row ${id}`) => (tx: Db) => tx.execute(sql`insert into gc_probe (id, note) values (${id}, ${note})`).then(() => id);
  const stored = async () => (await rows<{ id: number }>(db, sql`select id from gc_probe order by id`)).map((r) => Number(r.id));

  /** Submits `count` writes while the queue is held, so they form one batch when released. */
  async function oneBatch(gc: GroupCommit, works: ((tx: Db) => Promise<number>)[]) {
    const gate = deferred();
    const holder = gc.submit(async () => {
      await gate.promise;
      return -1;
    });
    const settled = Promise.allSettled(works.map((w) => gc.submit(w)));
    gate.resolve();
    await holder.catch(() => {});
    return settled;
  }

  it('acknowledges and stores 500 concurrent writes, in far fewer transactions', async () => {
    const gc = new GroupCommit(db, { concurrency: database.kind === 'pglite' ? 1 : 4 });
    const ids = Array.from({ length: 500 }, (_, i) => i + 1);
    const results = await Promise.all(ids.map((id) => gc.submit(insert(id))));
    expect(results).toEqual(ids);
    expect(await stored()).toEqual(ids);
    expect(gc.stats.items).toBe(500);
    expect(gc.stats.batches).toBeLessThan(100);
    await gc.drain();
  });

  it('fails only the bad write of a batch; its neighbours commit together', async () => {
    const gc = new GroupCommit(db);
    const works = Array.from({ length: 50 }, (_, i) => insert(i + 1));
    works[20] = insert(5); // duplicate key: a real constraint violation in the middle of the batch
    works[35] = async () => {
      throw new Error('rejected by the service');
    };
    const settled = await oneBatch(gc, works);
    const rejected = settled.map((s, i) => (s.status === 'rejected' ? i : -1)).filter((i) => i >= 0);
    expect(rejected).toEqual([20, 35]);
    expect((settled[35] as PromiseRejectedResult).reason.message).toBe('rejected by the service');
    const expected = Array.from({ length: 50 }, (_, i) => i + 1).filter((id) => id !== 21 && id !== 36);
    expect(await stored()).toEqual(expected);
    expect(gc.stats.isolated).toBe(2);
    expect(gc.stats.retriedAlone).toBe(0);
  });

  it('runs a batch kind once for all its callers in the batch; a bad input fails only its caller', async () => {
    const runs: number[][] = [];
    // One multi-row insert for every caller's id; answers each caller its own id × 10.
    const kind: BatchKind<number, number> = {
      name: 'gc_probe_batch',
      async run(tx, ids) {
        runs.push([...ids]);
        await tx.execute(sql`insert into gc_probe (id, note) select id, 'batched' from unnest(${`{${ids.join(',')}}`}::int[]) as id`);
        return ids.map((id) => id * 10);
      },
    };
    const gc = new GroupCommit(db);
    const gate = deferred();
    const holder = gc.submit(async () => gate.promise.then(() => -1));
    const results = Promise.all([...[1, 2, 3].map((id) => gc.submitBatch(kind, id)), gc.submit(insert(4)), ...[5, 6].map((id) => gc.submitBatch(kind, id))]);
    gate.resolve();
    await holder;
    expect(await results).toEqual([10, 20, 30, 4, 50, 60]);
    expect(runs).toEqual([[1, 2, 3, 5, 6]]);
    expect(gc.stats).toMatchObject({ batchedInputs: 5, batchRuns: 1 });
    expect(await stored()).toEqual([1, 2, 3, 4, 5, 6]);

    // A duplicate id makes the merged run fail: every input runs again alone, only the duplicate fails.
    runs.length = 0;
    const gate2 = deferred();
    const holder2 = gc.submit(async () => gate2.promise.then(() => -1));
    const settled = Promise.allSettled([7, 3, 8].map((id) => gc.submitBatch(kind, id)));
    gate2.resolve();
    await holder2;
    expect((await settled).map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(runs).toEqual([[7, 3, 8], [7], [3], [8]]);
    expect(await stored()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    await gc.drain();
  });

  it('runs one batch of a serial kind at a time: its later inputs wait and go out together, other writes do not wait', async () => {
    const runs: number[][] = [];
    const gate = deferred();
    const kind: BatchKind<number, number> = {
      name: 'gc_probe_serial',
      serial: true,
      async run(tx, ids) {
        runs.push([...ids]);
        if (ids.includes(1)) await gate.promise; // the first batch holds on, as on a lock until its commit
        await tx.execute(sql`insert into gc_probe (id, note) select id, 'serial' from unnest(${`{${ids.join(',')}}`}::int[]) as id`);
        return ids.map((id) => id);
      },
    };
    // PGlite has one connection (its transactions run one after the other), PostgreSQL a pool.
    const parallel = database.kind !== 'pglite';
    const gc = new GroupCommit(db, { concurrency: parallel ? 4 : 1 });
    const first = gc.submitBatch(kind, 1);
    // Its batch has begun (on PostgreSQL after the BEGIN's round trip).
    for (let i = 0; i < 500 && runs.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(runs).toEqual([[1]]);
    // While it runs: three more inputs of the kind, each in its own event-loop turn, and a plain write.
    const later: Promise<number>[] = [];
    for (const id of [2, 3, 4]) {
      later.push(gc.submitBatch(kind, id));
      await new Promise((r) => setImmediate(r));
    }
    const plain = gc.submit(insert(10));
    try {
      if (parallel) {
        expect(await plain).toBe(10); // committed while the serial batch still holds on
        expect(await stored()).toEqual([10]);
      }
      expect(runs).toEqual([[1]]); // the kind's later inputs have not started
    } finally {
      gate.resolve();
    }
    expect(await first).toBe(1);
    expect(await Promise.all(later)).toEqual([2, 3, 4]);
    await plain;
    expect(runs).toEqual([[1], [2, 3, 4]]); // one bigger batch after it, not three parallel ones
    expect(await stored()).toEqual([1, 2, 3, 4, 10]);
    await gc.drain();
  });

  it('merges the rows of many callers into one statement; a bad row fails only its own caller', async () => {
    const probe = pgTable('gc_probe', { id: integer('id').primaryKey(), note: text('note').notNull() });
    const kind: RowKind<{ id: number; note: string }> = { name: 'gc_probe', statement: (rows) => bulkInsertSql(probe, rows) };
    const gc = new GroupCommit(db);
    const gate = deferred();
    const holder = gc.submit(async () => gate.promise.then(() => -1));
    const calls = Array.from({ length: 100 }, (_, i) => gc.submitRows([{ kind, rows: [{ id: i + 1, note: `row ${i + 1}` }] }]));
    gate.resolve();
    await holder;
    expect((await Promise.allSettled(calls)).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(await stored()).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(gc.stats.rows).toBe(100);
    expect(gc.stats.mergedInserts).toBeLessThan(10); // one statement per batch, not per caller

    // A duplicate key in the merged statement: the batch is split and only that caller fails.
    const gate2 = deferred();
    const holder2 = gc.submit(async () => gate2.promise.then(() => -1));
    const second = [101, 102, 5, 103].map((id) => gc.submitRows([{ kind, rows: [{ id, note: 'again' }] }]));
    gate2.resolve();
    await holder2;
    const settled = await Promise.allSettled(second);
    expect(settled.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((await stored()).filter((id) => id > 100)).toEqual([101, 102, 103]);
    expect(gc.stats.splits).toBeGreaterThanOrEqual(1);
  });

  it('gives each caller the rows its returning kind answered, merged with other kinds; a repeated key in a batch runs alone', async () => {
    const probe = pgTable('gc_probe', { id: integer('id').primaryKey(), note: text('note').notNull() });
    const tail = `on conflict (id) do update set note = gc_probe.note || '+' returning id, note`;
    const upsert: RowKind<{ id: number; note: string }> = {
      name: 'gc_probe upsert',
      statement: (rows) => bulkInsertSql(probe, rows, sql.raw(tail)),
      text: (rows) => bulkInsertText(probe, rows, tail),
      returning: { keyOfRow: (row) => String(row.id), keyOfResult: (r) => String(r.id) },
    };
    const plain: RowKind<{ id: number; note: string }> = { name: 'gc_probe', statement: (rows) => bulkInsertSql(probe, rows), text: (rows) => bulkInsertText(probe, rows) };
    // Both renderings: parameters through drizzle, and the server's own writer (SQL text on PGlite).
    for (const [gc, base] of [[new GroupCommit(db), 1000], [database.writes, 2000]] as const) {
      const gate = deferred();
      const holder = gc.submit(async () => gate.promise.then(() => -1));
      const calls = Array.from({ length: 20 }, (_, i) => gc.submitRowsReturning([{ kind: upsert, rows: [{ id: base + (i % 10), note: 'n' }] }, { kind: plain, rows: [{ id: base + 100 + i, note: 'p' }] }]));
      gate.resolve();
      await holder;
      const answers = await Promise.all(calls);
      // ids base..base+9 twice each: the second of each pair conflicted in the merged upsert, so the
      // batch ran again call by call and each caller still got its own row back.
      const notes = answers.map((a) => a.map((r) => `${r.id}:${r.note}`));
      for (let i = 0; i < 10; i++) expect([...notes[i], ...notes[i + 10]].sort()).toEqual([`${base + i}:n`, `${base + i}:n+`]);
      const [{ n }] = await rows<{ n: number }>(db, sql`select count(*)::int as n from gc_probe where id between ${base} and ${base + 199}`);
      expect(Number(n)).toBe(30);
    }
    // Distinct keys: one merged statement, every caller its own row.
    const gc = new GroupCommit(db);
    const gate = deferred();
    const holder = gc.submit(async () => gate.promise.then(() => -1));
    const calls = Array.from({ length: 50 }, (_, i) => gc.submitRowsReturning([{ kind: upsert, rows: [{ id: 3000 + i, note: `r${i}` }] }]));
    gate.resolve();
    await holder;
    expect((await Promise.all(calls)).map((a) => a[0].note)).toEqual(Array.from({ length: 50 }, (_, i) => `r${i}`));
    expect(gc.stats.splits).toBe(0);
  });

  describe('when a transaction is aborted at commit (crash mid-batch)', () => {
    /** The real database, except that the next `failures` transactions abort after their work ran. */
    function crashing(failures: number) {
      const state = { failures };
      const wrapped = {
        transaction: (fn: (tx: unknown) => Promise<unknown>) =>
          db.transaction(async (tx) => {
            const out = await fn(tx);
            if (state.failures > 0) {
              state.failures--;
              throw new Error('connection lost before commit');
            }
            return out;
          }),
      } as unknown as Db;
      return wrapped;
    }

    it.each([
      [1, 'the savepoint rerun commits everything'],
      [2, 'the one-by-one retry commits everything'],
      [1000, 'the database stays down: nothing is acknowledged and nothing is stored'],
    ])('after %i aborted commit(s): %s; acknowledged == stored, no partial rows', async (failures) => {
      // +1: the holder's own one-item transaction is the first to be aborted.
      const gc = new GroupCommit(crashing(failures + 1));
      const ids = Array.from({ length: 40 }, (_, i) => i + 1);
      const settled = await oneBatch(gc, ids.map((id) => insert(id)));
      const acknowledged = settled.filter((s) => s.status === 'fulfilled').map((s) => (s as PromiseFulfilledResult<number>).value);
      const rowsNow = await stored();
      expect(rowsNow).toEqual([...acknowledged].sort((a, b) => a - b));
      expect(rowsNow).toHaveLength(failures >= 1000 ? 0 : 40);
    });
  });
});
