import { EventEmitter } from 'node:events';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { pooledTransactions } from './database.ts';

/** A pool of one fake client that records statements and can fail on one of them. */
function fakePool(failOn?: string) {
  const statements: string[] = [];
  let released = 0;
  let releasedWith: unknown;
  const client = Object.assign(new EventEmitter(), {
    async query(q: string | { text: string }) {
      const text = typeof q === 'string' ? q : q.text;
      statements.push(text);
      if (failOn && text.startsWith(failOn)) throw Object.assign(new Error('Connection terminated unexpectedly'), { code: '57P01' });
      return { rows: [], rowCount: 0, fields: [], command: text.split(' ')[0].toUpperCase() };
    },
    release(err?: unknown) {
      released++;
      releasedWith = err;
    },
  });
  const pool = { connect: async () => client } as unknown as pg.Pool;
  return { pool, client, statements, released: () => released, releasedWith: () => releasedWith };
}

describe('pooled transactions', () => {
  it('release the connection when BEGIN fails (drizzle leaks it: the pool would run dry and hang)', async () => {
    const { pool, statements, released } = fakePool('begin');
    const transaction = pooledTransactions(pool);
    let ran = false;
    await expect(transaction(async () => { ran = true; })).rejects.toThrow();
    expect(ran).toBe(false);
    expect(statements).toEqual(['begin']);
    expect(released()).toBe(1);
  });

  it('commit and release on success, roll back and release on failure', async () => {
    const ok = fakePool();
    expect(await pooledTransactions(ok.pool)(async (tx) => { await tx.execute(sql`select 1`); return 42; })).toBe(42);
    expect(ok.statements).toEqual(['begin', 'select 1', 'commit']);
    expect(ok.released()).toBe(1);

    const failing = fakePool();
    await expect(pooledTransactions(failing.pool)(async () => { throw new Error('no'); })).rejects.toThrow('no');
    expect(failing.statements).toEqual(['begin', 'rollback']);
    expect(failing.released()).toBe(1);
  });

  it('release the connection when COMMIT fails', async () => {
    const { pool, statements, released } = fakePool('commit');
    await expect(pooledTransactions(pool)(async () => 1)).rejects.toThrow();
    expect(statements).toEqual(['begin', 'commit', 'rollback']);
    expect(released()).toBe(1);
  });

  it('survive the connection being cut between statements, and have the pool discard it', async () => {
    const { pool, client, released, releasedWith } = fakePool();
    const cut = Object.assign(new Error('Connection terminated unexpectedly'), { code: '57P01' });
    // pg reports a cut while no query runs as an 'error' event; without a listener it would be thrown.
    await pooledTransactions(pool)(async () => {
      client.emit('error', cut);
    });
    expect(released()).toBe(1);
    expect(releasedWith()).toBe(cut);
    expect(client.listenerCount('error')).toBe(0);
  });
});
