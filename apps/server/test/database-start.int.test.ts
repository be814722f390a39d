import { describe, expect, it } from 'vitest';
import { createServerDatabase, onPostgresServer } from './support.ts';
import { openDatabase } from '../src/platform/db/database.ts';

/**
 * main.ts opens the database while the rest of the code loads. On a loaded machine the loading keeps
 * the event loop busy for longer than the pool's connect timeout, and the first connection timed out
 * with a stack trace (bench/RESULTS.md "The product at city scale": 3 of 3 starts at load 30).
 */
describe('opening PostgreSQL at start', { timeout: 60_000 }, () => {
  it.runIf(onPostgresServer)('survives an event loop kept busy for longer than the connect timeout (as while the code loads)', async () => {
    const url = await createServerDatabase();
    const opening = openDatabase({ url, dataDir: '', connectTimeoutMs: 200 });
    const until = Date.now() + 1500;
    while (Date.now() < until) {
      // busy, as compiling the application's modules is
    }
    const database = await opening;
    try {
      await database.ping();
      expect(database.kind).toBe('postgres');
    } finally {
      await database.close();
    }
  });
});
