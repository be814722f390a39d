import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { inject } from 'vitest';
import { buildApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import type { App } from '../src/platform/http/context.ts';
import type { ModuleManifest } from '../src/platform/modules/module.ts';
import { appModules } from '../src/modules.ts';

/** True when this run targets a PostgreSQL server (TEST_DATABASE_URL) instead of PGlite. */
export const onPostgresServer = process.env.FX_TEST_DB === 'postgres';

/** A configuration for tests: no demo seed, quiet logs, test keys. */
export function testConfig(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = {}): Config {
  return { ...loadConfig({ NODE_ENV: 'test', FX_SEED_DEMO: 'false', ...env }), ...overrides };
}

/** The run's database name prefix under vitest; outside it (bench/ scripts importing this file) `fx_bench_`, and the script drops its database. */
function runPrefix(): string {
  try {
    return inject('fxTestDatabasePrefix') ?? 'fx_test_';
  } catch {
    return 'fx_bench_';
  }
}

/** Creates an empty database on the PostgreSQL server of TEST_DATABASE_URL and returns its URL. */
export async function createServerDatabase(): Promise<string> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  // The run's prefix (postgres-databases.global.ts drops its databases at the end of the run).
  const name = `${runPrefix()}${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh, migrated database of the mode under test. */
export async function openTestDatabase(): Promise<Database> {
  if (onPostgresServer) return openDatabase({ url: await createServerDatabase(), dataDir: '' });
  return openDatabase({ url: null, dataDir: 'memory' });
}

export interface TestApp {
  app: App;
  database: Database;
  config: Config;
  logs: string[];
  close(): Promise<void>;
}

/**
 * Builds the real app on a fresh database, capturing its logs (at info level) for assertions.
 * `extraModules` join the app's modules (a test's own job types, seed steps or listeners).
 */
export async function createTestApp(overrides: Partial<Config> = {}, database?: Database, extraModules: readonly ModuleManifest[] = []): Promise<TestApp> {
  const db = database ?? (await openTestDatabase());
  const config = testConfig({ logLevel: 'info', ...overrides });
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(chunk.toString());
      cb();
    },
  });
  const app = await buildApp({ config, database: db, logStream, modules: [...appModules, ...extraModules] });
  await app.ready();
  return {
    app,
    database: db,
    config,
    logs,
    async close() {
      await app.close();
      if (!database) await db.close();
    },
  };
}

/**
 * The routes whose success is an event stream (`METHOD /url/:param`, read from the API document):
 * such a stream never ends by itself, so a test walking every route opens it with `injectOrHangUp`.
 */
export function eventStreamRoutes(app: App): Set<string> {
  const doc = app.swagger() as { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
  return new Set(
    Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, op]) => JSON.stringify(op.responses?.['200'] ?? {}).includes('text/event-stream'))
        .map(([method]) => `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`),
    ),
  );
}

/** `app.inject`, except that for an event stream the client hangs up after a moment (answered as an opened 200 stream). */
export async function injectOrHangUp(app: App, options: import('light-my-request').InjectOptions, streaming: boolean): Promise<{ statusCode: number; body: string; headers: Record<string, unknown>; json: () => unknown }> {
  if (!streaming) return app.inject(options);
  try {
    return await app.inject({ ...options, signal: AbortSignal.timeout(300) });
  } catch {
    return { statusCode: 200, body: '', headers: { 'content-type': 'text/event-stream' }, json: () => ({}) };
  }
}

/**
 * Resolves once instance `listener`'s change feed has delivered every notification `writer` committed
 * before the call — another instance's writes reach this one's caches a moment after their commit (the
 * cross-process bound). A marker key is NOTIFYed through the writer's database and awaited on the
 * listener's feed: PostgreSQL delivers notifications to a listener in commit order. On PGlite (one
 * database shared by both) the marker is delivered during its own statement.
 */
export async function feedCaughtUp(listener: TestApp, writer: TestApp, channel: 'fx_identity' = 'fx_identity'): Promise<void> {
  const marker = `fx-caught-up:${randomBytes(8).toString('hex')}`;
  let stop: () => void = () => {};
  const heard = new Promise<void>((resolve) => {
    stop = listener.app.ctx.database.changes.on(channel, (key) => {
      if (key === marker) resolve();
    });
  });
  try {
    await writer.app.ctx.database.db.execute(sql`select pg_notify(${channel}, ${marker})`);
    await heard;
  } finally {
    stop();
  }
}
