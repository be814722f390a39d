// A draft rule set has at most one dry run queued or running: asking again answers that job.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { officer } from './health-code.support.ts';
import { JobRunner } from '../src/platform/jobs/index.ts';
import { jobs } from '../src/platform/jobs/jobs.tables.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';

describe('health code: one dry run per rule-set version at a time', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(async () => t.close());

  const dryRun = (version: number, headers: Record<string, string>) => t.app.inject({ method: 'POST', url: `/api/health/rule-sets/${version}/dry-run`, headers });
  const dryRunJobs = (version: number) =>
    t.app.ctx.db.select().from(jobs).where(and(eq(jobs.type, 'health-code.dry-run'), sql`${jobs.payload} @> ${JSON.stringify({ version })}::jsonb`));

  async function draft(headers: Record<string, string>, note: string): Promise<number> {
    const active = (await t.app.inject({ url: '/api/health/rule-sets', headers })).json().find((r: { status: string }) => r.status === 'active');
    const res = await t.app.inject({ method: 'POST', url: '/api/health/rule-sets', headers, payload: { rules: active.rules, note } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().version as number;
  }

  it('answers the queued or running dry run of a version instead of starting a second one', async () => {
    const health = await officer(t, ['health'], '');
    const county = await officer(t, ['health'], '510603');
    const version = await draft(health.headers, '试算去重');

    const first = await dryRun(version, health.headers);
    expect(first.statusCode, first.body).toBe(202);
    expect(first.json()).toMatchObject({ version, status: 'queued', result: null });
    const jobId = first.json().jobId as string;

    // Again, and from another health officer: the same job, the same 202 body.
    const again = await dryRun(version, health.headers);
    expect(again.statusCode, again.body).toBe(202);
    expect(again.json()).toEqual(first.json());
    const other = await dryRun(version, county.headers);
    expect(other.statusCode, other.body).toBe(202);
    expect(other.json().jobId).toBe(jobId);
    expect(await dryRunJobs(version)).toHaveLength(1);

    // Each request is audited; the ones that joined a running dry run say so.
    const audit = await t.app.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'health-code.rule-set.dry-run'), eq(auditLog.subjectId, String(version))))
      .orderBy(auditLog.seq);
    expect(audit.map((a) => a.detail)).toEqual([
      expect.objectContaining({ jobId }),
      expect.objectContaining({ jobId, joined: true }),
      expect.objectContaining({ jobId, joined: true }),
    ]);
    expect((audit[0].detail as Record<string, unknown>).joined).toBeUndefined();

    // Once it has finished, a new request starts a new dry run.
    const runner = new JobRunner(t.app.ctx, { workerId: 'dry-run-dedupe-test', leaseMs: 60_000 });
    while (await runner.runOnce()) {
      // runs the dry run
    }
    const done = (await t.app.inject({ url: `/api/health/rule-sets/dry-runs/${jobId}`, headers: health.headers })).json();
    expect(done).toMatchObject({ jobId, status: 'succeeded' });
    const next = await dryRun(version, health.headers);
    expect(next.statusCode, next.body).toBe(202);
    expect(next.json()).toMatchObject({ version, status: 'queued' });
    expect(next.json().jobId).not.toBe(jobId);
    expect(await dryRunJobs(version)).toHaveLength(2);
  });

  it('starts one dry run when two requests for a version arrive at once', async () => {
    const health = await officer(t, ['health'], '');
    const version = await draft(health.headers, '并发试算');
    const answers = await Promise.all([1, 2, 3, 4].map(() => dryRun(version, health.headers)));
    for (const a of answers) expect(a.statusCode, a.body).toBe(202);
    expect(new Set(answers.map((a) => a.json().jobId)).size).toBe(1);
    expect(await dryRunJobs(version)).toHaveLength(1);
    // Another version's dry run is its own job.
    const otherVersion = await draft(health.headers, '另一版本');
    const other = await dryRun(otherVersion, health.headers);
    expect(other.statusCode, other.body).toBe(202);
    expect(other.json().jobId).not.toBe(answers[0].json().jobId);
  });
});
