// Issue 17: a recomputation that dies mid-chunk leaves no half-written state — the chunk's codes and
// events are one transaction — and the risk area's job that resumes (after the worker died, from its
// last checkpoint) writes exactly one event per person whose colour changed, never a second one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { cstDay, officer } from './health-code.support.ts';
import { rows } from '../src/platform/db/database.ts';
import { recomputeBatch, recomputeBatchIn, sweepDueCodes, type Cause } from '../src/modules/health-code/health-code.service.ts';
import { collectRecomputeTargets, nextRecomputeTargets } from '../src/modules/health-code/health-code.repository.ts';
import { riskAreaAffectedSql } from '../src/modules/health-code/health-code.epidemic-listener.ts';
import { JobRunner } from '../src/platform/jobs/index.ts';

describe('health code: a recomputation resumes after a crash mid-chunk without double events', { timeout: 300_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(async () => t.close());

  it('rolls the crashed chunk back whole, then the job resumes from its checkpoint and recomputes everyone once', async () => {
    const db = t.app.ctx.db;
    await db.execute(sql`insert into citizens (id, phone_cipher, phone_index, household_division)
      select md5('resume' || g)::uuid, 'x', 'resume-' || g, '510603' from generate_series(1, 1500) as g`);
    await db.execute(sql`insert into health_codes (citizen_id, colour, rule_set_version, since, reason_codes, region_code, updated_at)
      select md5('resume' || g)::uuid, 'green', 1, now() - interval '1 day', '[]'::jsonb, '510603', now() - interval '1 day' from generate_series(1, 1500) as g`);
    const health = await officer(t, ['health'], '510600');
    const area = await t.app.inject({ method: 'POST', url: '/api/epidemic/risk-areas', headers: health.headers, payload: { divisionCode: '510603', level: 'high', startDate: cstDay(-1), reason: '聚集性疫情' } });
    expect(area.statusCode, area.body).toBe(201);
    const jobId = area.json().recomputeJobId as string;

    const events = async () =>
      (await rows<{ n: number; people: number; most: number }>(
        db,
        sql`select count(*)::int as n, count(distinct e.citizen_id)::int as people, coalesce(max(c), 0)::int as most
              from health_code_events e join (select citizen_id, count(*) as c from health_code_events group by citizen_id) k using (citizen_id)
              join citizens z on z.id = e.citizen_id where z.phone_index like 'resume-%'`,
      ))[0];
    const colours = async () =>
      (await rows<{ colour: string; n: number }>(db, sql`select colour, count(*)::int as n from health_codes h join citizens z on z.id = h.citizen_id where z.phone_index like 'resume-%' group by colour order by colour`));
    const before = await events();
    expect(before).toMatchObject({ n: 0 }); // the request recomputed nobody
    expect(await colours()).toEqual([{ colour: 'green', n: 1500 }]);

    // The job's first step, as its worker ran it: the affected people collected.
    const [job] = await rows<{ payload: { divisionCodes: string[]; touchSinceDay: string; scanSince: string | null; cause: Cause } }>(db, sql`select payload from jobs where id = ${jobId}::uuid`);
    const p = job.payload;
    const total = await db.transaction((tx) => collectRecomputeTargets(tx, jobId, riskAreaAffectedSql(t.app.ctx, p.divisionCodes, p.touchSinceDay, p.scanSince ? new Date(p.scanSince) : null)));
    expect(total).toBeGreaterThanOrEqual(1500);
    const first = await nextRecomputeTargets(db, jobId, null, 500);

    // The process dies in the middle of a chunk: the chunk's transaction never commits.
    await expect(
      db.transaction(async (tx) => {
        const outcome = await recomputeBatchIn(tx, t.app.ctx, first, p.cause, new Date());
        expect(outcome.recomputed).toBe(500);
        throw new Error('crash');
      }),
    ).rejects.toThrow('crash');
    expect(await events()).toEqual(before);
    expect(await colours()).toEqual([{ colour: 'green', n: 1500 }]);

    // A later attempt commits that chunk and its checkpoint, then its worker dies (the lease runs out).
    const done = await recomputeBatch(t.app.ctx, first, p.cause, new Date());
    expect(done.changed).toBe(first.length);
    const checkpoint = { total, after: first[first.length - 1], done: first.length, changed: done.changed, failed: 0 };
    await db.execute(sql`update jobs set status = 'running', attempts = 1, locked_by = 'dead-worker', locked_until = now() - interval '1 second',
      checkpoint = ${JSON.stringify(checkpoint)}::jsonb, progress_done = ${first.length}, progress_total = ${total} where id = ${jobId}::uuid`);

    // Another worker takes the job over and resumes after the last committed chunk: everyone once, one event each (green → yellow).
    const runner = new JobRunner(t.app.ctx, { workerId: 'resume-test', leaseMs: 60_000 });
    while (await runner.runOnce()) {
      // the area's recomputation, resumed
    }
    const [finished] = await rows<{ status: string; result: { affected: number; recomputed: number; changed: number }; progress_done: number }>(
      db,
      sql`select status, result, progress_done from jobs where id = ${jobId}::uuid`,
    );
    expect(finished).toMatchObject({ status: 'succeeded', progress_done: total, result: { affected: total, recomputed: total } });
    // The resumed attempt changed only those it had not reached.
    expect(finished.result.changed).toBe(total);
    const after = await events();
    expect(after).toMatchObject({ people: 1500, most: 1 });
    expect(await colours()).toEqual([{ colour: 'yellow', n: 1500 }]);

    // Sweeping changes nothing.
    await sweepDueCodes(t.app.ctx, new Date());
    expect(await events()).toEqual(after);
  });
});
