import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.ts';
import { preparedJsonRow } from '../src/platform/db/prepared-json.ts';
import { onPostgresServer, openTestDatabase } from './support.ts';

// The prepared JSON reads behind every authenticated request (sessions.ts). On a PostgreSQL server a
// reader with batchParamType answers all calls of one event-loop turn with one statement; each call
// must still get exactly its own row, and nothing may be remembered between turns.
const READ = `select json_build_object('id', id, 'v', v)::text from fx_json_t where id = $1 limit 1`;
// Values an array literal must quote: commas, braces, quotes, backslashes, spaces, 'NULL', non-ASCII.
const IDS = ['a', 'b,c', '{d}', 'e"f', 'g\\h', ' i ', 'NULL', '防线', "j'k"];

describe('prepared JSON reads', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
    await database.db.execute(sql`create table fx_json_t (id text primary key, v integer not null)`);
    for (const [i, id] of IDS.entries()) await database.db.execute(sql`insert into fx_json_t values (${id}, ${i})`);
  });
  afterAll(async () => {
    await database.close();
  });

  it('answers concurrent calls each with its own row, or null when nothing matches', async () => {
    const read = preparedJsonRow<{ id: string; v: number }>(database.db, 'fx_test_json_read', READ, { batchParamType: 'text' })!;
    const asked = [...IDS, 'missing', ...IDS.slice().reverse(), 'also missing'];
    const answers = await Promise.all(asked.map((id) => read([id])));
    answers.forEach((answer, i) => {
      const index = IDS.indexOf(asked[i]);
      expect(answer).toEqual(index < 0 ? null : { id: asked[i], v: index });
    });
    // A lone call, and a change between turns is seen by the next call (nothing is kept).
    expect(await read(['a'])).toEqual({ id: 'a', v: 0 });
    await database.db.execute(sql`update fx_json_t set v = 100 where id = 'a'`);
    expect(await read(['a'])).toEqual({ id: 'a', v: 100 });
    await database.db.execute(sql`update fx_json_t set v = 0 where id = 'a'`);
  });

  // Only a PostgreSQL server batches (the embedded database has no round trips to save).
  if (onPostgresServer) it('on a PostgreSQL server, sends one statement for the calls of one turn', async () => {
    const pool = (database.db as unknown as { $client: pg.Pool }).$client;
    const read = preparedJsonRow<{ id: string; v: number }>(database.db, 'fx_test_json_count', READ, { batchParamType: 'text' })!;
    const original = pool.query.bind(pool);
    const sent: string[] = [];
    pool.query = ((config: string | { text: string }, ...rest: unknown[]) => {
      sent.push(typeof config === 'string' ? config : config.text);
      return (original as (...args: unknown[]) => unknown)(config, ...rest);
    }) as typeof pool.query;
    try {
      const answers = await Promise.all(IDS.map((id) => read([id])));
      expect(answers.map((a) => a?.id)).toEqual(IDS);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toContain('unnest($1::text[])');
    } finally {
      pool.query = original;
    }
  });

  it('fails every call of a batch when its statement fails, and later calls work again', async () => {
    const broken = preparedJsonRow(database.db, 'fx_test_json_broken', `select json_build_object('v', v)::text from fx_json_missing where id = $1`, { batchParamType: 'text' })!;
    const results = await Promise.allSettled([broken(['a']), broken(['b']), broken(['c'])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/fx_json_missing/);
    const read = preparedJsonRow<{ id: string }>(database.db, 'fx_test_json_after', READ, { batchParamType: 'text' })!;
    expect((await Promise.all([read(['a']), read(['b,c'])])).map((a) => a?.id)).toEqual(['a', 'b,c']);
  });

  it('refuses to batch a statement with more than one parameter', () => {
    expect(() => preparedJsonRow(database.db, 'fx_test_json_two', `select $1::text || $2::text`, { batchParamType: 'text' })).toThrow(/\$1 only/);
  });
});
