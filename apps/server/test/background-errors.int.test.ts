import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerDatabase, createTestApp, onPostgresServer, type TestApp } from './support.ts';
import { healthCodes } from '../src/modules/health-code/health-code.tables.ts';
import { sealedCodeColumns } from '../src/modules/health-code/health-code.reasons.ts';
import { sweepDueCodes } from '../src/modules/health-code/health-code.service.ts';
import { defineJob } from '../src/platform/jobs/jobs.define.ts';
import { JobRunner, enqueueJob } from '../src/platform/jobs/index.ts';
import { defineModule } from '../src/platform/modules/module.ts';
import { postgresChangeFeed } from '../src/platform/db/change-feed.ts';

/** Work nobody waits for (sweeps, jobs, the change feed) reports its failures in the app's log. */
const broken = defineJob('test.broken', async () => {
  throw new Error('the broken job failed');
});
const BrokenJobs = defineModule({ name: 'test-broken-jobs', jobs: [broken] });

describe('errors in background work are logged', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({}, undefined, [BrokenJobs]);
  }, 180_000);
  afterAll(async () => t?.close());

  const logged = (text: string) => t.logs.filter((line) => line.includes(text));

  it('the health-code sweep logs a code it cannot recompute, without naming the person, and looks at it again later', async () => {
    const citizenId = randomUUID(); // a code row whose person does not exist: recomputing it fails
    const now = new Date();
    await t.app.ctx.db.insert(healthCodes).values({
      citizenId,
      colour: 'green',
      ruleSetVersion: 1,
      since: now,
      ...sealedCodeColumns(t.app.ctx.cipher, { reasons: [], holds: [], override: null }),
      nextCheckAt: new Date(now.getTime() - 60_000),
      regionCode: '510603',
    });
    await sweepDueCodes(t.app.ctx, now);
    const lines = logged('health-code sweep');
    expect(lines.length).toBe(1);
    expect(JSON.parse(lines[0]).level).toBe(40); // warn
    expect(lines[0]).not.toContain(citizenId);
    const [row] = await t.app.ctx.db.select().from(healthCodes).where(eq(healthCodes.citizenId, citizenId));
    expect(row.nextCheckAt!.getTime()).toBeGreaterThan(now.getTime() + 3_000_000); // postponed by an hour
  });

  it('a failed job attempt is logged with its type and attempt, besides being stored on the job', async () => {
    const runner = new JobRunner(t.app.ctx, { workerId: 'worker-errors', retryBaseMs: 60_000 });
    const id = await enqueueJob(t.app.ctx, t.app.ctx.db, { type: 'test.broken' });
    expect(await runner.runOnce()).toBe(true);
    const lines = logged('"job failed"').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, jobId: id, type: 'test.broken', attempt: 1, err: { message: 'the broken job failed' } });
  });

  it.runIf(onPostgresServer)('the change feed reports a lost LISTEN connection, then listens again', async () => {
    const url = await createServerDatabase();
    const feed = await postgresChangeFeed(url, { retryMs: 50 });
    const reports: string[] = [];
    const off = feed.onError((_err, message) => reports.push(message));
    try {
      expect(feed.live).toBe(true);
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query like 'LISTEN%'");
      } finally {
        await admin.end();
      }
      for (let i = 0; i < 100 && !(reports.length > 0 && feed.live); i++) await new Promise((r) => setTimeout(r, 50));
      expect(reports[0]).toMatch(/LISTEN connection lost/);
      expect(feed.live).toBe(true); // and it came back
    } finally {
      off();
      await feed.close();
    }
  });
});
