import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inArray, sql } from 'drizzle-orm';
import pg from 'pg';
import { createServerDatabase, createTestApp, onPostgresServer, type TestApp } from './support.ts';
import { approvedVenue, realNameCitizen } from './venues.support.ts';
import { scans } from '../src/modules/venues/venues.tables.ts';
import { scanPlaceCode } from '../src/modules/venues/venues.scans.ts';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import type { SignedIn } from './factories.ts';

/**
 * The scan hot path's promise: a scan is acknowledged (201) only after it has committed, so nothing
 * acknowledged is ever lost — under concurrent load, when batches fail part-way, and when the
 * database goes away mid-load.
 */

interface Outcome {
  acknowledged: string[];
  refused: number;
}

async function scanConcurrently(t: TestApp, jobs: { citizen: SignedIn; token: string }[]): Promise<Outcome> {
  const results = await Promise.all(
    jobs.map(({ citizen, token }) => t.app.inject({ method: 'POST', url: '/api/scans', headers: citizen.headers, payload: { placeToken: token } }).catch(() => null)),
  );
  const acknowledged: string[] = [];
  let refused = 0;
  for (const res of results) {
    if (res && res.statusCode === 201) acknowledged.push(res.json().scanId);
    else refused++;
  }
  return { acknowledged, refused };
}

async function storedIds(database: Database, ids: string[]): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await database.db.select({ id: scans.id }).from(scans).where(inArray(scans.id, ids.slice(i, i + 500)));
    out.push(...rows.map((r) => r.id));
  }
  return out;
}

describe('scan durability', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    // Many scans by the same people at the same venues: the repeat window (one visit per person per
    // venue, test door-check) is off here, so every scan takes the write path under test.
    t = await createTestApp({ doorRepeatMinutes: 0 });
  }, 120_000);
  afterAll(async () => t.close());

  it('under 300 concurrent scans through the group-commit path: acknowledged == stored rows', async () => {
    const venuesUnderTest = await Promise.all([approvedVenue(t), approvedVenue(t), approvedVenue(t)]);
    const citizens = await Promise.all(Array.from({ length: 30 }, () => realNameCitizen(t)));
    const before = { ...t.database.writes.stats };
    const rowsBefore = t.database.writes.stats.rows;
    const jobs = Array.from({ length: 300 }, (_, i) => ({ citizen: citizens[i % 30], token: venuesUnderTest[i % 3].staticToken }));
    const { acknowledged, refused } = await scanConcurrently(t, jobs);
    expect(refused).toBe(0);
    expect(acknowledged).toHaveLength(300);
    expect(new Set(acknowledged).size).toBe(300);
    const [{ n }] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(scans).where(inArray(scans.venueId, venuesUnderTest.map((v) => v.id)));
    expect(Number(n)).toBe(300);
    expect((await storedIds(t.database, acknowledged)).length).toBe(300);
    // Every scan went through the group-commit path (how many share a transaction depends on timing).
    expect(t.database.writes.stats.items - before.items).toBeGreaterThanOrEqual(1);
    // …as merged multi-row inserts: 300 scan rows (plus any abuse flags) in far fewer statements.
    expect(t.database.writes.stats.rows - rowsBefore).toBeGreaterThanOrEqual(300);
    expect(t.database.writes.stats.mergedInserts - before.mergedInserts).toBeLessThan(300);
  });

  it('when batches fail part-way: no half-written batch, every acknowledged scan stored once, the rest refused', async () => {
    const v = await approvedVenue(t);
    const good = await Promise.all(Array.from({ length: 20 }, () => realNameCitizen(t)));
    const poison = await realNameCitizen(t);
    // A real database failure in the middle of a batch: the trigger raises on the poison citizen's
    // row after other rows of the same transaction were already inserted.
    await t.database.db.execute(sql.raw(`
      create or replace function fx_test_poison_scan() returns trigger language plpgsql as $$
      begin
        if new.citizen_id = '${poison.id}'::uuid then raise exception 'poisoned scan'; end if;
        return new;
      end $$`));
    await t.database.db.execute(sql.raw('create trigger fx_test_poison_scan before insert on scans for each row execute function fx_test_poison_scan()'));
    try {
      const writes = t.database.writes;
      const splitsBefore = writes.stats.splits;
      const insertsBefore = writes.stats.mergedInserts;
      // The service call the route awaits before answering 201, started 300 times in one tick so
      // the writes reach group commit together and share (and fail in) batches.
      const settled = await Promise.allSettled(
        Array.from({ length: 300 }, (_, i) => scanPlaceCode(t.app.ctx, (i % 10 === 5 ? poison : good[i % 20]).id, { placeToken: v.staticToken })),
      );
      const acknowledged = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value.scanId] : []));
      const refused = settled.filter((r) => r.status === 'rejected').length;
      expect(refused).toBe(30);
      expect(acknowledged).toHaveLength(270);
      expect(writes.stats.mergedInserts - insertsBefore).toBeLessThan(300); // scans shared statements
      expect(writes.stats.splits).toBeGreaterThan(splitsBefore); // shared writes really failed in the database
      const rows = await t.database.db.select({ id: scans.id, citizenId: scans.citizenId }).from(scans).where(inArray(scans.venueId, [v.id]));
      expect(rows).toHaveLength(270);
      expect(rows.some((r) => r.citizenId === poison.id)).toBe(false);
      expect(new Set(rows.map((r) => r.id))).toEqual(new Set(acknowledged));
    } finally {
      await t.database.db.execute(sql.raw('drop trigger if exists fx_test_poison_scan on scans'));
      await t.database.db.execute(sql.raw('drop function if exists fx_test_poison_scan()'));
    }
  });
});

describe('scan durability when the database goes away mid-load', { timeout: 120_000 }, () => {
  let dir: string | null = null;
  let url: string | null = null;
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const open = () => (onPostgresServer ? openDatabase({ url: url!, dataDir: '' }) : openDatabase({ url: null, dataDir: dir! }));

  it('keeps every acknowledged scan when the database goes away during 300 concurrent scans', async () => {
    if (onPostgresServer) url = await createServerDatabase();
    else dir = mkdtempSync(join(tmpdir(), 'fx-scans-'));
    const database = await open();
    const t = await createTestApp({ doorRepeatMinutes: 0 }, database);
    const v = await approvedVenue(t);
    const citizens = await Promise.all(Array.from({ length: 20 }, () => realNameCitizen(t)));

    let settled = 0;
    let closing: Promise<void> | null = null;
    const acknowledged: string[] = [];
    let refused = 0;
    const scan = (i: number) =>
      t.app
        .inject({ method: 'POST', url: '/api/scans', headers: citizens[i % 20].headers, payload: { placeToken: v.staticToken } })
        .then((res) => {
          if (res.statusCode === 201) acknowledged.push(res.json().scanId);
          else refused++;
        }, () => refused++);
    // 200 scans in flight; when 100 have been answered the database goes away while the rest are
    // at every stage of the path. Embedded: the database is closed, and another 100 scans arrive
    // after it has gone. PostgreSQL: every server connection of the test database is terminated
    // (what a server crash or failover looks like to the app); the pool reconnects for later ones.
    let lateWave: Promise<unknown> = Promise.resolve();
    const goAway = async () => {
      if (!onPostgresServer) return database.close();
      const admin = new pg.Client({ connectionString: url! });
      await admin.connect();
      try {
        await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
      } finally {
        await admin.end();
      }
    };
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        scan(i).finally(() => {
          if (++settled === 100) {
            closing = goAway();
            lateWave = Promise.all(Array.from({ length: 100 }, (_, j) => scan(200 + j)));
          }
        }),
      ),
    );
    await lateWave;
    await closing;
    await t.app.close();
    if (onPostgresServer) await database.close();
    expect(acknowledged.length).toBeGreaterThanOrEqual(100);
    if (!onPostgresServer) expect(refused).toBeGreaterThanOrEqual(100); // the late wave met a closed database
    expect(acknowledged.length + refused).toBe(300);

    const reopened = await open();
    try {
      const stored = await storedIds(reopened, acknowledged);
      expect(new Set(stored)).toEqual(new Set(acknowledged));
      const [{ n }] = await reopened.db.select({ n: sql<number>`count(*)::int` }).from(scans);
      // Nothing half-written: every row belongs to a scan that either was acknowledged or was
      // committed just as its request failed (never a row without its transaction).
      expect(Number(n)).toBeGreaterThanOrEqual(acknowledged.length);
    } finally {
      await reopened.close();
    }
  });
});

describe('scan durability when the process is killed mid-load', { timeout: 180_000 }, () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged scan after SIGKILL while batches are in flight', async () => {
    let target: string;
    if (onPostgresServer) target = await createServerDatabase();
    else {
      target = mkdtempSync(join(tmpdir(), 'fx-crash-'));
      dirs.push(target);
    }
    const child = spawn(process.execPath, [fileURLToPath(new URL('./fixtures/scan-crash-child.ts', import.meta.url)), target], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'test' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const acknowledged: string[] = [];
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (d: Buffer) => {
        buffer += d.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) if (line.startsWith('ack ')) acknowledged.push(line.slice(4));
        // Kill without warning once 300 scans were acknowledged: other requests are mid-flight.
        if (acknowledged.length >= 300 && child.exitCode === null) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        if (signal !== 'SIGKILL') reject(new Error(`child exited early (${code}): ${stderr}`));
      });
    });
    await exited;
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);

    const reopened = await openDatabase(onPostgresServer ? { url: target, dataDir: '' } : { url: null, dataDir: target });
    try {
      const stored = await storedIds(reopened, acknowledged);
      expect(stored.length).toBe(acknowledged.length);
      expect(new Set(stored)).toEqual(new Set(acknowledged));
    } finally {
      await reopened.close();
    }
  });
});
