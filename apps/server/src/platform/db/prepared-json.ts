import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { DbOrTx } from './database.ts';
import { arrayLiteral } from './bulk-insert.ts';
import { runJsonRow } from './pglite-json-row.ts';
import { PGliteProxy } from './pglite-proxy.ts';

/** Runs a prepared read returning at most one row of one JSON column; null when no row matched. */
export type JsonRowReader<T> = (params: string[]) => Promise<T | null>;

const parseJson = <T>(value: string | null): T | null => (value === null ? null : (JSON.parse(value) as T));

function poolReader<T>(pool: pg.Pool, name: string, text: string): JsonRowReader<T> {
  return async (params) => {
    // node-postgres prepares a named statement once per connection.
    const result = await pool.query<[string | null]>({ name, text, values: params, rowMode: 'array' });
    return parseJson<T>(result.rows[0]?.[0] ?? null);
  };
}

/**
 * The same read for a single-parameter statement, batched: every call made in one event-loop turn
 * is answered by one statement (the original as a lateral subquery per value of an array
 * parameter), so fifty concurrent requests cost one round trip to the server instead of fifty.
 * Each call is still answered from a read made after it was called — nothing is cached. A lone call
 * uses the single-row statement. If the batched statement fails, every call in it fails with it.
 */
function batchedPoolReader<T>(pool: pg.Pool, name: string, text: string, paramType: string): JsonRowReader<T> {
  const single = poolReader<T>(pool, name, text);
  const batchName = `${name}_batch`;
  const batchText = `select q.j from unnest($1::${paramType}[]) with ordinality as k(v, i) left join lateral (${text.replaceAll('$1', 'k.v')}) as q(j) on true order by k.i`;
  let queue: { param: string; resolve: (value: T | null) => void; reject: (err: unknown) => void }[] = [];
  const flush = (): void => {
    const calls = queue;
    queue = [];
    if (calls.length === 1) {
      single([calls[0].param]).then(calls[0].resolve, calls[0].reject);
      return;
    }
    pool.query<[string | null]>({ name: batchName, text: batchText, values: [arrayLiteral(calls.map((c) => c.param))], rowMode: 'array' }).then(
      (result) => calls.forEach((call, i) => call.resolve(parseJson<T>(result.rows[i]?.[0] ?? null))),
      (err: unknown) => calls.forEach((call) => call.reject(err)),
    );
  };
  return (params) =>
    new Promise<T | null>((resolve, reject) => {
      if (params.length !== 1) throw new Error(`batched reader ${name}: one parameter expected`);
      if (queue.push({ param: params[0], resolve, reject }) === 1) setImmediate(flush);
    });
}

/**
 * A hot read (e.g. the session lookup of every authenticated request) as a statement parsed once
 * per connection instead of on every call. `text` must select one JSON value cast to text
 * (`json_build_object(...)::text`), so both drivers hand back the same string whatever the column
 * types. On embedded PGlite this matters most: its query() sends Parse, Describe, Bind, Describe,
 * Execute and Sync as six separate calls into the WebAssembly Postgres and re-plans every time;
 * here one call carries Bind + Execute + Sync (≈ 4× cheaper, measured). Returns null for a handle
 * it cannot prepare on (a transaction): the caller then uses its ordinary query. With
 * `batchParamType` (the SQL type of $1), a PostgreSQL server answers the calls of one event-loop turn
 * with one statement (batchedPoolReader).
 */
export function preparedJsonRow<T>(db: DbOrTx, name: string, text: string, options: { batchParamType?: string } = {}): JsonRowReader<T> | null {
  if (options.batchParamType && /\$(?:[02-9]|1\d)/.test(text)) throw new Error(`batched reader ${name}: the statement must use $1 only`);
  const client = (db as { $client?: unknown }).$client;
  if (client instanceof PGliteProxy) return async (params) => parseJson<T>(await client.jsonRow(name, text, params));
  if (client instanceof PGlite) return async (params) => parseJson<T>(await runJsonRow(client, name, text, params));
  if (client instanceof pg.Pool) {
    // On a server every call is a round trip; a statement with one parameter may be batched per event-loop turn.
    return options.batchParamType ? batchedPoolReader<T>(client, name, text, options.batchParamType) : poolReader<T>(client, name, text);
  }
  return null;
}
