// Issue 17: officer actions at city scale. A risk-area change answers at once and its job collects the
// affected people with one set-based statement (no statement grows with the population: before, one
// bind parameter per person failed past 65 535 people on PostgreSQL and overflowed drizzle's stack
// near 150 000), exactly the affected people are collected and recomputed, and the batched engine gives each person exactly what
// evaluating them alone gives. The populations are built with set-based SQL (generate_series).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addDays } from '@fangxian/contracts/kernel';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen } from './factories.ts';
import { cstDay, officer, residentId } from './health-code.support.ts';
import { approvedVenue } from './venues.support.ts';
import { rows } from '../src/platform/db/database.ts';
import { JobRunner } from '../src/platform/jobs/index.ts';
import { DEFAULT_RULES } from '../src/modules/health-code/health-code.default-rules.ts';
import { evaluate } from '../src/modules/health-code/health-code.evaluate.ts';
import { sealHealthFields } from '../src/modules/health-code/health-code.declarations.ts';
import { currentCodeFor, factsOfMany, factsOfPerson, recomputeBatch, recomputeCode } from '../src/modules/health-code/health-code.service.ts';
import { collectRecomputeTargets } from '../src/modules/health-code/health-code.repository.ts';
import { riskAreaAffectedSql } from '../src/modules/health-code/health-code.epidemic-listener.ts';

/** Adds `n` citizens of group `tag` with a stored green code (household and code region `division`), by SQL. */
async function population(t: TestApp, tag: string, n: number, division: string): Promise<void> {
  await t.app.ctx.db.execute(sql`insert into citizens (id, phone_cipher, phone_index, household_division)
    select md5(${tag} || g)::uuid, 'x', ${`scale-${tag}-`} || g, ${division} from generate_series(1, ${n}) as g`);
  await t.app.ctx.db.execute(sql`insert into health_codes (citizen_id, colour, rule_set_version, since, reason_codes, region_code, updated_at)
    select md5(${tag} || g)::uuid, 'green', 1, now() - interval '1 day', '[]'::jsonb, ${division}, now() - interval '1 day' from generate_series(1, ${n}) as g`);
}

/** Scans of every citizen of a group at a venue, `daysAgo` days back, proving presence or not. */
async function scansOf(t: TestApp, tag: string, venueId: string, division: string, daysAgo: number, proven: boolean): Promise<void> {
  await t.app.ctx.db.execute(sql`insert into scans (venue_id, id, scanned_at, citizen_id, division_code, method, colour, decision, presence_proven)
    select ${venueId}::uuid, md5('scan' || c.id::text)::uuid, now() - (${daysAgo} || ' days')::interval, c.id, ${division},
           ${proven ? 'venue_scan_citizen' : 'citizen_scan_static'}, 'green', 'pass', ${proven}
      from citizens c where c.phone_index like ${`scale-${tag}-%`}`);
}

/** A trip declaration into `division` three days ago by every citizen of a group. */
async function tripsOf(t: TestApp, tag: string, division: string): Promise<void> {
  const legs = JSON.stringify([{ divisionCode: division, from: cstDay(-4), to: cstDay(-3) }]);
  await t.app.ctx.db.execute(sql`insert into hc_declarations (citizen_id, kind, declared_on, residence_division, trips)
    select c.id, 'trip', ${cstDay(-3)}::date, c.household_division, ${legs}::jsonb from citizens c where c.phone_index like ${`scale-${tag}-%`}`);
}

/** Citizens of the groups whose code the change touched (marked due, or recomputed since `t0`), and those of other groups it touched. */
async function touched(t: TestApp, t0: Date, affected: string[]): Promise<{ affectedTouched: number; affectedTotal: number; othersTouched: number }> {
  const groups = sql.join(affected.map((g) => sql`c.phone_index like ${`scale-${g}-%`}`), sql` or `);
  const [row] = await rows<{ at: number; total: number; others: number }>(
    t.app.ctx.db,
    sql`select count(*) filter (where (${groups}) and (h.next_check_at <= now() or h.updated_at > ${t0.toISOString()}::timestamptz))::int as at,
               count(*) filter (where (${groups}))::int as total,
               count(*) filter (where not (${groups}) and (h.next_check_at <= now() or h.updated_at > ${t0.toISOString()}::timestamptz))::int as others
          from health_codes h join citizens c on c.id = h.citizen_id where c.phone_index like 'scale-%'`,
  );
  return { affectedTouched: row.at, affectedTotal: row.total, othersTouched: row.others };
}

describe('health code at city scale: officer actions are set-based', { timeout: 600_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(async () => t.close());

  it('answers at once when a district of 66 600 affected people among 70 000 becomes high-risk, and its job collects exactly them with one statement', async () => {
    const venue = await approvedVenue(t); // 旌阳区 510603
    await population(t, 'R', 66_000, '510603'); // residents: more than PostgreSQL's 65 535 bind parameters
    await population(t, 'O', 3_000, '510681'); // elsewhere, no tie to the district
    await population(t, 'V', 400, '510681'); // visited the venue (presence proven) 3 days ago
    await population(t, 'S', 200, '510681'); // scanned only the poster (no proof of presence)
    await population(t, 'D', 200, '510681'); // visited 30 days ago, outside the rules' 14-day window
    await population(t, 'T', 200, '510681'); // declared a trip into the district
    await scansOf(t, 'V', venue.id, '510603', 3, true);
    await scansOf(t, 'S', venue.id, '510603', 3, false);
    await scansOf(t, 'D', venue.id, '510603', 30, true);
    await tripsOf(t, 'T', '510603');

    const health = await officer(t, ['health'], '510600');
    const t0 = new Date(Date.now() - 1000);
    const area = await t.app.inject({ method: 'POST', url: '/api/epidemic/risk-areas', headers: health.headers, payload: { divisionCode: '510603', level: 'high', startDate: cstDay(-10), reason: '聚集性疫情' } });
    expect(area.statusCode, area.body).toBe(201);

    // The request touched nobody: it queued the area's recomputation job.
    expect(await touched(t, t0, ['R', 'V', 'T'])).toEqual({ affectedTouched: 0, affectedTotal: 66_600, othersTouched: 0 });
    const [job] = await rows<{ id: string; payload: Record<string, unknown> }>(t.app.ctx.db, sql`select id, payload from jobs where type = 'health-code.area-recompute' and status = 'queued'`);
    expect(job.id).toBe(area.json().recomputeJobId);
    // The job's first step collects exactly the 66 600 affected people with one set-based statement.
    const payload = job.payload as { divisionCodes: string[]; touchSinceDay: string; scanSince: string | null };
    const collected = await t.app.ctx.db.transaction((tx) =>
      collectRecomputeTargets(tx, job.id, riskAreaAffectedSql(t.app.ctx, payload.divisionCodes, payload.touchSinceDay, payload.scanSince ? new Date(payload.scanSince) : null)),
    );
    expect(collected).toBe(66_600);
    const [targets] = await rows<{ n: number; outside: number }>(
      t.app.ctx.db,
      sql`select count(*)::int as n, count(*) filter (where not (c.phone_index like 'scale-R-%' or c.phone_index like 'scale-V-%' or c.phone_index like 'scale-T-%'))::int as outside
            from hc_recompute_targets r join citizens c on c.id = r.citizen_id where r.job_id = ${job.id}::uuid`,
    );
    expect(targets).toEqual({ n: 66_600, outside: 0 });
    // Collected again (a retried job), still once each.
    await t.app.ctx.db.transaction((tx) => collectRecomputeTargets(tx, job.id, riskAreaAffectedSql(t.app.ctx, payload.divisionCodes, payload.touchSinceDay, payload.scanSince ? new Date(payload.scanSince) : null)));
    expect((await rows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from hc_recompute_targets where job_id = ${job.id}::uuid`))[0].n).toBe(66_600);
    await t.app.ctx.db.execute(sql`delete from hc_recompute_targets`);
    await t.app.ctx.db.execute(sql`update jobs set status = 'succeeded' where id = ${job.id}::uuid`);

    // A rule-set publish marks all 70 000 with one statement too, and recomputes the first batch at once.
    const city = await officer(t, ['health'], '510600');
    const draft = await t.app.inject({ method: 'POST', url: '/api/health/rule-sets', headers: city.headers, payload: { rules: DEFAULT_RULES, note: '同规则重新发布' } });
    expect(draft.statusCode, draft.body).toBe(201);
    const proposed = await t.app.inject({ method: 'POST', url: `/api/health/rule-sets/${draft.json().version}/publish`, headers: city.headers });
    expect(proposed.statusCode, proposed.body).toBe(202);
    const checker = await officer(t, ['health'], '510600');
    const published = await t.app.inject({ method: 'POST', url: `/api/health/rule-set-proposals/${proposed.json().id}/decision`, headers: checker.headers, payload: { decision: 'approve' } });
    expect(published.statusCode, published.body).toBe(200);
    // The approval touched nobody either: it queued the rule set's recomputation job (its id in the answer).
    const [due] = await rows<{ due: number; recomputed: number; total: number }>(
      t.app.ctx.db,
      sql`select count(*) filter (where next_check_at <= now())::int as due, count(*) filter (where rule_set_version = ${draft.json().version})::int as recomputed, count(*)::int as total from health_codes`,
    );
    expect(due).toMatchObject({ due: 0, recomputed: 0 });
    expect(due.total).toBeGreaterThanOrEqual(70_000);
    const [rulesJob] = await rows<{ id: string; status: string }>(t.app.ctx.db, sql`select id, status from jobs where type = 'health-code.rules-recompute'`);
    expect(rulesJob).toEqual({ id: published.json().recomputeJobId, status: 'queued' });
    // Until the job reaches them, a code of the old rules is recomputed when read.
    const [someone] = await rows<{ id: string }>(t.app.ctx.db, sql`select citizen_id as id from health_codes order by citizen_id desc limit 1`);
    const read = await currentCodeFor(t.app.ctx, someone.id);
    expect(read.ruleSetVersion).toBe(draft.json().version);
  });
});

describe('health code: a risk-area change recomputes exactly the affected people', { timeout: 300_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(async () => t.close());

  it('recomputes residents, proven visitors in the window and travellers — and nobody else — through the area\'s job', async () => {
    const venue = await approvedVenue(t);
    await population(t, 'R', 400, '510603');
    await population(t, 'O', 300, '510681');
    await population(t, 'V', 150, '510681');
    await population(t, 'S', 50, '510681');
    await population(t, 'D', 50, '510681');
    await population(t, 'T', 60, '510681');
    await scansOf(t, 'V', venue.id, '510603', 2, true);
    await scansOf(t, 'S', venue.id, '510603', 2, false);
    await scansOf(t, 'D', venue.id, '510603', 30, true);
    await tripsOf(t, 'T', '510603');

    const health = await officer(t, ['health'], '510600');
    const t0 = new Date(Date.now() - 1000);
    const area = await t.app.inject({ method: 'POST', url: '/api/epidemic/risk-areas', headers: health.headers, payload: { divisionCode: '510603', level: 'high', startDate: cstDay(-10), reason: '聚集性疫情' } });
    expect(area.statusCode, area.body).toBe(201);
    const runner = new JobRunner(t.app.ctx, { workerId: 'scale-test', leaseMs: 60_000 });
    while (await runner.runOnce()) {
      // the area's recomputation job
    }
    const byGroup = await rows<{ grp: string; recomputed: number; colours: string; events: number }>(
      t.app.ctx.db,
      sql`select split_part(c.phone_index, '-', 2) as grp,
                 count(*) filter (where h.updated_at > ${t0.toISOString()}::timestamptz)::int as recomputed,
                 string_agg(distinct h.colour, ',') as colours,
                 sum((select count(*) from health_code_events e where e.citizen_id = c.id))::int as events
            from health_codes h join citizens c on c.id = h.citizen_id where c.phone_index like 'scale-%'
           group by 1 order by 1`,
    );
    expect(byGroup).toEqual([
      { grp: 'D', recomputed: 0, colours: 'green', events: 0 },
      { grp: 'O', recomputed: 0, colours: 'green', events: 0 },
      { grp: 'R', recomputed: 400, colours: 'yellow', events: 400 }, // residence in a risk area
      { grp: 'S', recomputed: 0, colours: 'green', events: 0 },
      { grp: 'T', recomputed: 60, colours: 'red', events: 60 }, // declared trip into a high-risk area
      { grp: 'V', recomputed: 150, colours: 'red', events: 150 }, // proven visit to a high-risk area
    ]);
    const [due] = await rows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from health_codes where next_check_at <= now()`);
    expect(due.n).toBe(0);
  });
});

/** A small deterministic PRNG (mulberry32), so a failure names its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

describe('health code: batched evaluation equals evaluating each person alone', { timeout: 300_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(async () => t.close());

  it('gives the same facts, colours, reasons and next changes over generated fact sets, and the batched write matches the single one', async () => {
    const ctx = t.app.ctx;
    const venueA = await approvedVenue(t); // 510603
    const venueB = { id: '00000000-0000-4000-8000-000000000681' }; // scans recorded under 广汉市 (no venue row: no name)
    const staffId = venueA.officer.id;
    await ctx.db.execute(sql`insert into risk_areas (division_code, division_name, level, start_date, end_date, reason, created_by, updated_by) values
      ('510603', '旌阳区', 'medium', ${cstDay(-20)}::date, null, '测试', ${staffId}::uuid, ${staffId}::uuid),
      ('510681', '广汉市', 'high', ${cstDay(-6)}::date, ${cstDay(-2)}::date, '测试', ${staffId}::uuid, ${staffId}::uuid),
      ('510100', '成都市', 'high', ${cstDay(-30)}::date, null, '测试', ${staffId}::uuid, ${staffId}::uuid)`);
    const divisions = ['510603', '510681', '510104', '510107', '510604'];
    const statuses = ['confirmed', 'close_contact', 'secondary_contact', 'cured', 'released'];
    for (const seed of [17, 2026, 99]) {
      const rand = prng(seed);
      const pick = <T,>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
      const ids: string[] = [];
      for (let i = 0; i < 40; i++) {
        const household = pick(divisions);
        const idNumber = residentId(household);
        const c = await createCitizen(ctx, { name: '测试', idNumber, householdDivision: household });
        ids.push(c.id);
        const documentIndex = ctx.blindIndex.of('id', idNumber);
        const declarations = Math.floor(rand() * 5);
        for (let d = 0; d < declarations; d++) {
          const day = cstDay(-Math.floor(rand() * 25));
          if (rand() < 0.7) {
            const celsius = rand() < 0.2 ? 37.5 + rand() : 36 + rand();
            const symptoms = rand() < 0.2 ? [pick(['fever', 'cough', 'fatigue'])] : [];
            await ctx.db.execute(sql`insert into hc_declarations (citizen_id, kind, declared_on, residence_division, health_cipher, created_at)
              values (${c.id}::uuid, 'health', ${day}::date, ${rand() < 0.5 ? pick(divisions) : null}, ${sealHealthFields(ctx.cipher, { temperature: Math.round(celsius * 10) / 10, symptoms, contactWithCase: rand() < 0.1, underlyingIllness: null })}, now() - (${d} || ' minutes')::interval)`);
          } else {
            const from = cstDay(-Math.floor(rand() * 20));
            const legs = JSON.stringify([{ divisionCode: pick(divisions), from, to: addDays(from, Math.floor(rand() * 4)) }]);
            await ctx.db.execute(sql`insert into hc_declarations (citizen_id, kind, declared_on, residence_division, trips, created_at)
              values (${c.id}::uuid, 'trip', ${day}::date, null, ${legs}::jsonb, now() - (${d} || ' minutes')::interval)`);
          }
        }
        const scanCount = Math.floor(rand() * 4);
        for (let s = 0; s < scanCount; s++) {
          const venue = rand() < 0.5 ? venueA : venueB;
          await ctx.db.execute(sql`insert into scans (venue_id, id, scanned_at, citizen_id, division_code, method, colour, decision, presence_proven)
            values (${venue.id}::uuid, gen_random_uuid(), now() - (${Math.floor(rand() * 20 * 24)} || ' hours')::interval, ${c.id}::uuid,
                    ${venue === venueA ? '510603' : '510681'}, 'venue_scan_citizen', 'green', 'pass', ${rand() < 0.8})`);
        }
        if (rand() < 0.3) {
          await ctx.db.execute(sql`insert into person_statuses (document_type, document_index, document_number_cipher, status, status_date, source, region_code, recorded_by)
            values ('resident_id', ${documentIndex}, 'x', ${pick(statuses)}, ${cstDay(-Math.floor(rand() * 20))}::date, '流调', '510603', ${staffId}::uuid)`);
        }
        if (rand() < 0.15) {
          const from = cstDay(-Math.floor(rand() * 20));
          await ctx.db.execute(sql`insert into quarantine_periods (document_type, document_index, document_number_cipher, kind, from_date, to_date, region_code, recorded_by)
            values ('resident_id', ${documentIndex}, 'x', ${pick(['home', 'central'])}, ${from}::date, ${addDays(from, 14)}::date, '510603', ${staffId}::uuid)`);
        }
      }
      const now = new Date();
      const batched = await factsOfMany(ctx, ctx.db, ids, DEFAULT_RULES, now);
      expect(batched.size, `seed ${seed}`).toBe(ids.length);
      const colours = new Set<string>();
      for (const id of ids) {
        const alone = await factsOfPerson(ctx, ctx.db, id, DEFAULT_RULES, now);
        const together = batched.get(id)!;
        expect(together, `seed ${seed}`).toEqual(alone);
        const a = evaluate(alone.facts, DEFAULT_RULES, now);
        expect(evaluate(together.facts, DEFAULT_RULES, now), `seed ${seed}`).toEqual(a);
        colours.add(a.colour);
      }
      // The generated sets reach more than one colour (the comparison is not between empty answers).
      expect(colours.size, `seed ${seed}`).toBeGreaterThan(1);

      // The batched write stores what the one-person recomputation stores.
      const half = ids.slice(0, 20);
      const outcome = await recomputeBatch(ctx, half, { type: 'timer' }, now);
      expect(outcome).toMatchObject({ recomputed: 20, failed: [] });
      for (const id of ids.slice(20)) await recomputeCode(ctx, id, { type: 'timer' }, now);
      const stored = await rows<{ citizen_id: string; colour: string; reason_codes: unknown; next_change: unknown; next_check_at: Date | string | null; region_code: string; pending_confirmation: boolean }>(
        ctx.db,
        sql`select citizen_id, colour, reason_codes, next_change, next_check_at, region_code, pending_confirmation from health_codes where citizen_id = any(${`{${ids.join(',')}}`}::uuid[])`,
      );
      const viaBatch = new Map(stored.map((r) => [r.citizen_id, r]));
      for (const id of ids) {
        const expected = evaluate(batched.get(id)!.facts, DEFAULT_RULES, now);
        const row = viaBatch.get(id)!;
        expect(row.colour, `seed ${seed}`).toBe(expected.colour);
        expect(row.next_change, `seed ${seed}`).toEqual(expected.nextChange);
        expect(row.region_code).toBe(batched.get(id)!.regionCode);
      }
      const [events] = await rows<{ n: number }>(ctx.db, sql`select count(*)::int as n from health_code_events where citizen_id = any(${`{${ids.join(',')}}`}::uuid[])`);
      expect(events.n).toBe(ids.length); // first computation of each: one event each, batched or not
    }
  });
});
