// Issue 17: a recomputation that dies mid-chunk leaves no half-written state — the chunk's codes and
// events are one transaction, its people stay due — and the sweep that resumes writes exactly one
// event per person whose colour changed, never a second one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { cstDay, officer } from './health-code.support.ts';
import { rows } from '../src/platform/db/database.ts';
import { recomputeBatchIn, sweepDueCodes } from '../src/modules/health-code/health-code.service.ts';

describe('health code: a recomputation resumes after a crash mid-chunk without double events', { timeout: 300_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(async () => t.close());

  it('rolls the crashed chunk back whole, then the sweep recomputes everyone once', async () => {
    const db = t.app.ctx.db;
    await db.execute(sql`insert into citizens (id, phone_cipher, phone_index, household_division)
      select md5('resume' || g)::uuid, 'x', 'resume-' || g, '510603' from generate_series(1, 1500) as g`);
    await db.execute(sql`insert into health_codes (citizen_id, colour, rule_set_version, since, reason_codes, region_code, updated_at)
      select md5('resume' || g)::uuid, 'green', 1, now() - interval '1 day', '[]'::jsonb, '510603', now() - interval '1 day' from generate_series(1, 1500) as g`);
    const health = await officer(t, ['health'], '510600');
    const area = await t.app.inject({ method: 'POST', url: '/api/epidemic/risk-areas', headers: health.headers, payload: { divisionCode: '510603', level: 'high', startDate: cstDay(-1), reason: '聚集性疫情' } });
    expect(area.statusCode, area.body).toBe(201);

    const events = async () =>
      (await rows<{ n: number; people: number; most: number }>(
        db,
        sql`select count(*)::int as n, count(distinct e.citizen_id)::int as people, coalesce(max(c), 0)::int as most
              from health_code_events e join (select citizen_id, count(*) as c from health_code_events group by citizen_id) k using (citizen_id)
              join citizens z on z.id = e.citizen_id where z.phone_index like 'resume-%'`,
      ))[0];
    const due = async () => (await rows<{ id: string }>(db, sql`select citizen_id as id from health_codes h join citizens z on z.id = h.citizen_id where z.phone_index like 'resume-%' and next_check_at <= now() order by citizen_id`)).map((r) => r.id);
    const before = await events();
    const dueBefore = await due();
    expect(dueBefore.length).toBeGreaterThanOrEqual(1300); // 200 were recomputed in the request

    // The process dies in the middle of a chunk: the chunk's transaction never commits.
    const chunk = dueBefore.slice(0, 500);
    await expect(
      db.transaction(async (tx) => {
        const outcome = await recomputeBatchIn(tx, t.app.ctx, chunk, { type: 'timer' }, new Date());
        expect(outcome.recomputed).toBe(500);
        throw new Error('crash');
      }),
    ).rejects.toThrow('crash');
    expect(await events()).toEqual(before);
    expect(await due()).toEqual(dueBefore);

    // The sweep resumes: everyone recomputed once, one event each (green → yellow), nobody left due.
    let done = 0;
    for (let n = await sweepDueCodes(t.app.ctx, new Date()); n > 0; n = await sweepDueCodes(t.app.ctx, new Date())) done += n;
    expect(done).toBeGreaterThanOrEqual(dueBefore.length);
    const after = await events();
    expect(after).toMatchObject({ people: 1500, most: 1 });
    expect(await due()).toEqual([]);
    const [yellow] = await rows<{ n: number }>(db, sql`select count(*)::int as n from health_codes h join citizens z on z.id = h.citizen_id where z.phone_index like 'resume-%' and colour = 'yellow'`);
    expect(yellow.n).toBe(1500);

    // Sweeping again changes nothing.
    await sweepDueCodes(t.app.ctx, new Date());
    expect(await events()).toEqual(after);
  });
});
