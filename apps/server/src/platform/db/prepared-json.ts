import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { DbOrTx } from './database.ts';
import { runJsonRow } from './pglite-json-row.ts';
import { PGliteProxy } from './pglite-proxy.ts';

/** Runs a prepared read returning at most one row of one JSON column; null when no row matched. */
export type JsonRowReader<T> = (params: string[]) => Promise<T | null>;

function poolReader<T>(pool: pg.Pool, name: string, text: string): JsonRowReader<T> {
  return async (params) => {
    // node-postgres prepares a named statement once per connection.
    const result = await pool.query<[string | null]>({ name, text, values: params, rowMode: 'array' });
    const value = result.rows[0]?.[0];
    return value === null || value === undefined ? null : (JSON.parse(value) as T);
  };
}

/**
 * A hot read (e.g. the session lookup of every authenticated request) as a statement parsed once
 * per connection instead of on every call. `text` must select one JSON value cast to text
 * (`json_build_object(...)::text`), so both drivers hand back the same string whatever the column
 * types. On embedded PGlite this matters most: its query() sends Parse, Describe, Bind, Describe,
 * Execute and Sync as six separate calls into the WebAssembly Postgres and re-plans every time;
 * here one call carries Bind + Execute + Sync (≈ 4× cheaper, measured). Returns null for a handle
 * it cannot prepare on (a transaction): the caller then uses its ordinary query.
 */
const parseJson = <T>(value: string | null): T | null => (value === null ? null : (JSON.parse(value) as T));

export function preparedJsonRow<T>(db: DbOrTx, name: string, text: string): JsonRowReader<T> | null {
  const client = (db as { $client?: unknown }).$client;
  if (client instanceof PGliteProxy) return async (params) => parseJson<T>(await client.jsonRow(name, text, params));
  if (client instanceof PGlite) return async (params) => parseJson<T>(await runJsonRow(client, name, text, params));
  if (client instanceof pg.Pool) return poolReader<T>(client, name, text);
  return null;
}
