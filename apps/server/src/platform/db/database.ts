import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { createHash } from 'node:crypto';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { MIGRATIONS_DIR } from '../boot/paths.ts';
import { secureDataDir } from '../boot/data-dir.ts';
import { inlineSql } from './bulk-insert.ts';
import { CHANGE_CHANNELS, listenOnPoolClient, pgliteChangeFeed, postgresChangeFeed, type ChangeFeed } from './change-feed.ts';
import { PGliteProxy } from './pglite-proxy.ts';
import { GroupCommit } from './group-commit.ts';
import { isConnectTimeout } from './connect-timeout.ts';

/** The drizzle handle every repository uses; the same type for PGlite and PostgreSQL server. */
export type Db = PgDatabase<PgQueryResultHKT>;
/** A transaction handle (same query API as Db). */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the database or an open transaction: repositories accept both. */
export type DbOrTx = Db | Tx;

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/** An open database in one of its two modes, with its group-commit write path. */
export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Batches concurrent small writes into one transaction (see group-commit.ts). */
  writes: GroupCommit;
  /** What changed, announced by database triggers on COMMIT (change-feed.ts), for exact in-process caches. */
  changes: ChangeFeed;
  ping(): Promise<void>;
  poolStats(): PoolStats;
  close(): Promise<void>;
}

export { MIGRATIONS_DIR };
const MIGRATION_LOCK = 4_212_020; // advisory lock id so parallel instances migrate one at a time

export interface OpenOptions {
  /** postgres:// URL; null for PGlite. */
  url: string | null;
  /** PGlite data directory; 'memory' for an in-memory database (tests). */
  dataDir: string;
  poolSize?: number;
  /** PGlite on its own thread (default true; pglite-proxy.ts). */
  pgliteThread?: boolean;
  /** PGlite's memory settings as `name=value` PostgreSQL parameters (FX_PGLITE_SETTINGS, e.g. shared_buffers=16MB). */
  pgliteSettings?: string[];
  /** PostgreSQL: how long a request waits for a connection (default 10 s; tests shorten it). */
  connectTimeoutMs?: number;
}

/** Opens the database, applies committed migrations, and returns it ready to use. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.poolSize ?? 10, options.connectTimeoutMs ?? 10_000);
  return openPglite(options.dataDir, options.pgliteThread ?? true, options.pgliteSettings ?? []);
}

/** Thrown when another live process already has the embedded database directory open. */
export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite has no lock of its own, and two processes writing one data directory corrupt it. A pid file
 * makes the second process stop with a clear message; a file left by a process that died is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, 'fangxian.pid');
  try {
    writeFileSync(path, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const holder = Number(readFileSync(path, 'utf8').trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
      throw new DataDirInUseError(`数据目录正被进程 ${holder} 使用 / the data directory ${dataDir} is in use by process ${holder}; stop it first`);
    }
    writeFileSync(path, String(process.pid));
  }
  return () => {
    try {
      if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
    } catch {
      /* already gone */
    }
  };
}

async function openPglite(dataDir: string, threaded: boolean, settings: string[]): Promise<Database> {
  let unlock = () => {};
  const secure = dataDir === 'memory' ? () => {} : () => secureDataDir(dataDir);
  if (dataDir !== 'memory') {
    secureDataDir(dataDir);
    unlock = lockDataDir(dataDir);
  }
  // PGlite runs on its own thread (pglite-proxy.ts) unless FX_PGLITE_THREAD=false; the proxy offers the PGlite API drizzle uses.
  let client: PGlite;
  try {
    const pgOptions = settings.length ? { startParams: [...PGlite.defaultStartParams, ...settings.flatMap((s) => ['-c', s])] } : {};
    client = !threaded
      ? dataDir === 'memory' ? await PGlite.create(pgOptions) : await PGlite.create(dataDir, pgOptions)
      : ((await PGliteProxy.open(dataDir, CHANGE_CHANNELS, settings)) as unknown as PGlite);
  } catch (err) {
    unlock();
    throw err;
  }
  const db = drizzlePglite({ client }) as unknown as Db;
  await migratePglite(db as never, { migrationsFolder: MIGRATIONS_DIR });
  // PGlite writes its files 0666 whatever the umask (the directory, 0700, still keeps others out): tightened again now and at close.
  secure();
  const changes = await pgliteChangeFeed(client);
  let closed = false;
  // Rows-only batches (scans, token uses) go through the simple query protocol with inlined literals.
  // On its own thread, two batches in flight keep PGlite busy while the next one is gathered (it still
  // runs them one after the other); in-process there is nothing to overlap.
  const writes = new GroupCommit(db, { concurrency: threaded ? 2 : 1, execute: (statement) => client.exec(inlineSql(statement)), executeText: (text) => client.exec(text) });
  return {
    kind: 'pglite',
    db,
    writes,
    changes,
    async ping() {
      await client.query('select 1');
    },
    poolStats: () => ({ total: 1, idle: closed ? 0 : 1, waiting: 0 }),
    async close() {
      if (closed) return;
      await writes.drain();
      closed = true;
      await changes.close();
      await client.close();
      unlock();
      try {
        secure();
      } catch {
        /* the next start reports it */
      }
    },
  };
}

/**
 * `db.transaction` for a pool, releasing the connection on every path. drizzle-orm's own
 * (node-postgres session, 0.45) sends BEGIN before the try/finally that releases the pooled client,
 * so a BEGIN that fails — the connection was cut while it sat idle: a server restart, a failover, an
 * administrator terminating backends — leaks the client for the life of the process, and after a
 * pool's worth of such failures every request waits forever for a connection (drizzle-orm issues
 * #6023, #6241; seen here as a hung durability test under load). Here the client is checked out by
 * us and released in `finally`; drizzle runs the transaction on it as on a single client, which never
 * releases. pg-pool discards a released client whose connection has ended or failed.
 */
export function pooledTransactions(pool: pg.Pool): Db['transaction'] {
  return (async (work: (tx: Tx) => Promise<unknown>, config?: unknown) => {
    const client = await pool.connect();
    // While checked out, a connection cut between statements is reported as an 'error' event on the
    // client (pg-pool listens only to idle clients): unheard, it would crash the process.
    let lost: Error | undefined;
    const onError = (err: Error) => {
      lost = err;
    };
    client.on('error', onError);
    try {
      return await (drizzlePg(client) as unknown as Db).transaction(work, config as never);
    } finally {
      client.off('error', onError);
      client.release(lost); // with an error, pg-pool discards the connection
    }
  }) as Db['transaction'];
}

export { isConnectTimeout };

/**
 * The first connection of a start. main.ts opens the database while the rest of the code loads; on a
 * loaded machine compiling the modules keeps the event loop busy for longer than the connect timeout,
 * whose timer then fires before the server's answer is read (bench/RESULTS.md "The product at city
 * scale": 3 of 3 starts at load 30 crashed there). The connect timeout protects requests, not the
 * start: a timed-out first connection is tried again for up to `budgetMs`; a refused or unreachable
 * server fails at once (boot-failures.ts).
 */
export async function firstConnection(pool: pg.Pool, budgetMs = 120_000): Promise<pg.PoolClient> {
  const started = Date.now();
  for (;;) {
    try {
      return await pool.connect();
    } catch (err) {
      if (!isConnectTimeout(err) || Date.now() - started >= budgetMs) throw err;
    }
  }
}

async function openPostgres(url: string, poolSize: number, connectTimeoutMs: number): Promise<Database> {
  // A connection that cannot be had within 10 s fails the request instead of holding it forever.
  // Every pool connection hears its own commits' identity announcements before the COMMIT answers
  // (change-feed.ts, POOL_LISTEN_CHANNELS); they reach the caches once the feed exists (nothing is cached before).
  let deliver: (channel: string, key: string) => void = () => {};
  const ownBackends = new Set<number>();
  const backendOf = (client: pg.ClientBase) => (client as unknown as { processID: number | null }).processID;
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: connectTimeoutMs,
    // pg-pool awaits this hook before handing the new client out, so its LISTENs never overlap the
    // caller's first statement (pg deprecates queries sent while one runs; pg 9 refuses them).
    onConnect: async (client: pg.ClientBase) => {
      const pid = backendOf(client);
      if (pid !== null) ownBackends.add(pid);
      await listenOnPoolClient(client, (channel, key) => deliver(channel, key));
    },
  });
  pool.on('error', () => {
    /* idle client errors are surfaced through /readyz */
  });
  pool.on('remove', (client) => {
    const pid = backendOf(client);
    if (pid !== null) ownBackends.delete(pid);
  });
  const lockClient = await firstConnection(pool);
  let lockLost: Error | undefined;
  const onLockError = (err: Error) => {
    lockLost = err; // a cut connection fails the migration's next statement instead of crashing the process
  };
  lockClient.on('error', onLockError);
  try {
    await lockClient.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migratePg(drizzlePg(lockClient) as never, { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await lockClient.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    lockClient.off('error', onLockError);
    lockClient.release(lockLost);
  }
  const db = drizzlePg(pool) as unknown as Db;
  db.transaction = pooledTransactions(pool);
  // Merged rows go as SQL text with their values inlined (RowKind.text: no query building per batch)
  // where the server reads '…' literals as the standard says; otherwise as a parameterised statement.
  const conforming = (await pool.query<{ standard_conforming_strings: string }>('show standard_conforming_strings')).rows[0]?.standard_conforming_strings === 'on';
  const writes = new GroupCommit(db, {
    concurrency: Math.max(1, Math.floor(poolSize / 2)),
    ...(conforming ? { executeText: (text: string) => pool.query(text) } : {}),
  });
  const changes = await postgresChangeFeed(url, { ownBackends });
  deliver = (channel, key) => changes.deliver(channel, key);
  let closed = false;
  return {
    kind: 'postgres',
    db,
    writes,
    changes,
    async ping() {
      await db.execute(sql`select 1`);
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      if (closed) return;
      closed = true;
      await writes.drain();
      await changes.close();
      await pool.end();
    },
  };
}

/** Rows of a raw query, on either driver. */
export async function rows<T>(db: DbOrTx, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

const dialect = new PgDialect();

/**
 * Rows of a raw query sent as a **named prepared statement** (drizzle's session `prepareQuery` with a
 * name: node-postgres parses it once per pool connection and PostgreSQL may keep a generic plan after
 * five executions — for a statement over many day partitions whose planning is a large part of its
 * time; PGlite runs it as any query). The name is `prefix` and a hash of the statement's text, so each
 * distinct text (the optional parts of a built statement) is a statement of its own; the values are
 * parameters as with `rows`.
 */
export async function preparedRows<T>(db: DbOrTx, query: ReturnType<typeof sql>, prefix: string): Promise<T[]> {
  const built = dialect.sqlToQuery(query);
  const name = `${prefix}_${createHash('sha1').update(built.sql).digest('hex').slice(0, 16)}`;
  const result = (await db._.session.prepareQuery(built, undefined, name, false).execute()) as unknown as { rows: T[] };
  return result.rows;
}
