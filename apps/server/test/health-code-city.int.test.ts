// Issue 17 at city scale (HC_CITY_PEOPLE people: 20 000 by default to keep CI short; run with 100 000): officer actions (a risk area, a
// person status, a rule-set publish) never build a statement whose size grows with the population
// (nor does the risk area's recomputation job, a batch at a time) —
// each action runs once on a district of a tenth of the city and once on a district six times larger
// (and the publish on a city that grew tenfold), and the largest statement (text and parameters) sent
// to the database is the same — and the queries that select the affected people use indexes (EXPLAIN).
// The population is built with set-based SQL (generate_series), not through the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { addDays, dayOf, startOfDay } from '@fangxian/contracts/kernel';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen } from './factories.ts';
import { cstDay, officer } from './health-code.support.ts';
import { approvedVenue, idNumber } from './venues.support.ts';
import { rows } from '../src/platform/db/database.ts';
import { DEFAULT_RULES } from '../src/modules/health-code/health-code.default-rules.ts';
import { citizensTouchingSql } from '../src/modules/health-code/health-code.repository.ts';
import { provenScanCitizensSql } from '../src/modules/venues/venues.repository.ts';
import { ensureScanPartitions, scanPartitionName } from '../src/modules/venues/venues.partitions.ts';
import { JobRunner } from '../src/platform/jobs/index.ts';

const PEOPLE = Number(process.env.HC_CITY_PEOPLE ?? 20_000);

/** Every statement drizzle sends (all of the app's SQL goes through the dialect): the largest text and parameter count. */
class StatementSizes {
  maxChars = 0;
  maxParams = 0;
  count = 0;
  private original = PgDialect.prototype.sqlToQuery;
  start(): void {
    const original = this.original;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    PgDialect.prototype.sqlToQuery = function (this: PgDialect, ...args: Parameters<PgDialect['sqlToQuery']>) {
      const q = original.apply(this, args);
      self.count++;
      self.maxChars = Math.max(self.maxChars, q.sql.length + q.params.reduce<number>((n, p) => n + (typeof p === 'string' ? p.length : 8), 0));
      self.maxParams = Math.max(self.maxParams, q.params.length);
      return q;
    };
  }
  stop(): { maxChars: number; maxParams: number; count: number } {
    PgDialect.prototype.sqlToQuery = this.original;
    return { maxChars: this.maxChars, maxParams: this.maxParams, count: this.count };
  }
}

async function measured<T>(action: () => Promise<T>): Promise<{ result: T; sizes: { maxChars: number; maxParams: number; count: number } }> {
  const s = new StatementSizes();
  s.start();
  try {
    const result = await action();
    return { result, sizes: s.stop() };
  } catch (err) {
    s.stop();
    throw err;
  }
}

/** Adds `n` citizens of group `tag` in `division` with a stored green code, set-based. */
async function population(t: TestApp, tag: string, n: number, division: string): Promise<void> {
  await t.app.ctx.db.execute(sql`insert into citizens (id, phone_cipher, phone_index, household_division)
    select md5(${tag} || g)::uuid, 'x', ${`city-${tag}-`} || g, ${division} from generate_series(1, ${n}) as g`);
  await t.app.ctx.db.execute(sql`insert into health_codes (citizen_id, colour, rule_set_version, since, reason_codes, region_code, updated_at)
    select md5(${tag} || g)::uuid, 'green', 1, now() - interval '1 day', '[]'::jsonb, ${division}, now() - interval '1 day' from generate_series(1, ${n}) as g`);
  // A normal check-in declaration each, over the last 20 days (declarations by day are an affected-people source).
  await t.app.ctx.db.execute(sql`insert into hc_declarations (citizen_id, kind, declared_on, residence_division, trips)
    select md5(${tag} || g)::uuid, 'health', ${cstDay(0)}::date - (g % 20), ${division}, '[]'::jsonb from generate_series(1, ${n}) as g`);
}

/** `n` approved venues of group `tag` in `division` (one per ~100 people, as in the synthetic city). */
async function venuesOf(t: TestApp, tag: string, n: number, division: string, registeredBy: string): Promise<void> {
  await t.app.ctx.db.execute(sql`insert into venues (id, name, type, address, division_code, latitude, longitude, stay_minutes, contact_name_cipher, contact_phone_cipher, status, code_secret_cipher, registered_by_type, registered_by_id)
    select md5('venue' || ${tag} || g)::uuid, 'v' || g, 'mall', 'a', ${division}, 31.1, 104.4, 60, 'x', 'x', 'approved', 'x', 'staff', ${registeredBy}::uuid from generate_series(1, ${n}) as g`);
}

/** Presence-proving scans, `perPerson` each over the last 28 days, by every citizen of a group at the group's venues. */
async function scansOf(t: TestApp, tag: string, n: number, perPerson: number, venues: number, division: string): Promise<void> {
  await t.app.ctx.db.execute(sql`insert into scans (venue_id, id, scanned_at, citizen_id, division_code, method, colour, decision, presence_proven)
    select md5('venue' || ${tag} || (1 + (g * 7 + k * 13) % ${venues}))::uuid, md5('scan' || ${tag} || g || '-' || k)::uuid,
           now() - ((g + k * 5) % 28) * interval '1 day' - (g % 600) * interval '1 minute', md5(${tag} || g)::uuid, ${division},
           'venue_scan_citizen', 'green', 'pass', true from generate_series(1, ${n}) as g, generate_series(1, ${perPerson}) as k`);
}

async function markedDue(t: TestApp): Promise<number> {
  const [row] = await rows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from health_codes where next_check_at <= now()`);
  return row.n;
}

/** Plan of a query (JSON), flattened to its nodes' types and relations. */
async function planOf(t: TestApp, query: SQL): Promise<{ node: string; relation?: string; index?: string }[]> {
  const [row] = await rows<Record<string, unknown>>(t.app.ctx.db, sql`explain (format json) ${query}`);
  const raw = Object.values(row)[0];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: unknown }[];
  const out: { node: string; relation?: string; index?: string }[] = [];
  const walk = (p: Record<string, unknown>) => {
    out.push({ node: String(p['Node Type']), relation: p['Relation Name'] as string | undefined, index: p['Index Name'] as string | undefined });
    for (const child of (p.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk(plan[0].Plan as Record<string, unknown>);
  return out;
}

describe(`health code at city scale: ${PEOPLE.toLocaleString('en')} people`, { timeout: 1_200_000 }, () => {
  let t: TestApp;
  const small = Math.round(PEOPLE / 10); // 广汉市 510681
  const large = Math.round(PEOPLE * 0.6); // 旌阳区 510603
  const tiny = Math.round(PEOPLE / 100); // 什邡市 510682: a risk area's usual size, for the plans
  const rest = PEOPLE - small - large - tiny; // 中江县 510623
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(async () => t.close());

  it('runs each officer action with statements of the same size on a district six times larger and a city ten times larger', async () => {
    const health = await officer(t, ['health'], '510600');
    const police = await officer(t, ['police'], '510600');
    const registrar = (await approvedVenue(t)).officer.id;
    const person = async (division: string) => {
      const id = idNumber();
      await createCitizen(t.app.ctx, { name: '王五', idNumber: id, householdDivision: division });
      return id;
    };
    const statusOf = (documentNumber: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/epidemic/person-statuses',
        headers: police.headers,
        payload: { documentType: 'resident_id', documentNumber, status: 'close_contact', date: cstDay(), source: '流调', regionCode: '510603' },
      });
    const riskArea = (divisionCode: string) =>
      t.app.inject({ method: 'POST', url: '/api/epidemic/risk-areas', headers: health.headers, payload: { divisionCode, level: 'high', startDate: cstDay(-10), reason: '聚集性疫情' } });
    let version = 1;
    const publish = async () => {
      const draft = await t.app.inject({ method: 'POST', url: '/api/health/rule-sets', headers: health.headers, payload: { rules: DEFAULT_RULES, note: '重新发布' } });
      expect(draft.statusCode, draft.body).toBe(201);
      version = draft.json().version;
      const proposed = await t.app.inject({ method: 'POST', url: `/api/health/rule-sets/${version}/publish`, headers: health.headers });
      expect(proposed.statusCode, proposed.body).toBe(202);
      const checker = await officer(t, ['health'], '510600');
      return t.app.inject({ method: 'POST', url: `/api/health/rule-set-proposals/${proposed.json().id}/decision`, headers: checker.headers, payload: { decision: 'approve' } });
    };
    const runner = new JobRunner(t.app.ctx, { workerId: 'city-test', leaseMs: 600_000 });
    const drainJobs = async () => {
      while (await runner.runOnce()) {
        // the queued jobs (a risk area's recomputation)
      }
    };
    /** Codes of a district recomputed since an instant, and how many of them are no longer green (residents of a risk area). */
    const recomputedIn = async (division: string, since: Date) =>
      (
        await rows<{ n: number; coloured: number }>(
          t.app.ctx.db,
          sql`select count(*)::int as n, count(*) filter (where colour <> 'green')::int as coloured from health_codes where region_code = ${division} and updated_at >= ${since.toISOString()}::timestamptz`,
        )
      )[0];
    const clearDue = () => t.app.ctx.db.execute(sql`update health_codes set next_check_at = now() + interval '30 days'`);

    // Day partitions for the 28 days of back-filled scans (live scans land in the days the job creates ahead).
    await ensureScanPartitions(t.app.ctx.db, Array.from({ length: 30 }, (_, i) => addDays(dayOf(new Date()), -i)));
    // A city of a tenth: the small district only.
    await population(t, 'A', small, '510681');
    await venuesOf(t, 'A', Math.ceil(small / 100), '510681', registrar);
    await scansOf(t, 'A', small, 2, Math.ceil(small / 100), '510681');
    const statusSmall = await measured(async () => statusOf(await person('510603')));
    expect(statusSmall.result.statusCode, statusSmall.result.body).toBe(201);
    await clearDue();
    let since = new Date();
    const areaSmall = await measured(() => riskArea('510681'));
    expect(areaSmall.result.statusCode, areaSmall.result.body).toBe(201);
    // The request marks and recomputes nobody: its job does, a batch at a time.
    expect(await markedDue(t)).toBe(0);
    const jobSmall = await measured(drainJobs);
    expect(await recomputedIn('510681', since)).toEqual({ n: small, coloured: small });
    await clearDue();
    const publishSmall = await measured(publish);
    expect(publishSmall.result.statusCode, publishSmall.result.body).toBe(200);
    expect(publishSmall.result.json().recomputeJobId).toEqual(expect.any(String));
    await drainJobs(); // the small city under the new rules, by the publish's job

    // The whole city: ten times the people, the large district six times the small one.
    await population(t, 'B', large, '510603');
    await population(t, 'C', rest, '510623');
    await venuesOf(t, 'B', Math.ceil(large / 100), '510603', registrar);
    await venuesOf(t, 'C', Math.ceil(rest / 100), '510623', registrar);
    await scansOf(t, 'B', large, 2, Math.ceil(large / 100), '510603');
    await scansOf(t, 'C', rest, 2, Math.ceil(rest / 100), '510623');
    await population(t, 'D', tiny, '510682');
    await venuesOf(t, 'D', Math.ceil(tiny / 100), '510682', registrar);
    await scansOf(t, 'D', tiny, 2, Math.ceil(tiny / 100), '510682');
    await t.app.ctx.db.execute(sql`analyze`);
    await clearDue();
    const statusLarge = await measured(async () => statusOf(await person('510603')));
    expect(statusLarge.result.statusCode, statusLarge.result.body).toBe(201);
    await clearDue();
    since = new Date();
    const areaLarge = await measured(() => riskArea('510603'));
    expect(areaLarge.result.statusCode, areaLarge.result.body).toBe(201);
    expect(await markedDue(t)).toBe(0);
    // Residents of 510603: all recomputed by the change's job, none green any more (they live in a high-risk area).
    const jobLarge = await measured(drainJobs);
    expect((await recomputedIn('510603', since)).coloured).toBeGreaterThanOrEqual(large);
    await clearDue();
    const publishLarge = await measured(publish);
    expect(publishLarge.result.statusCode, publishLarge.result.body).toBe(200);
    // The approval marks and recomputes nobody: it queues the rule set's recomputation job.
    const [pub] = await rows<{ due: number; recomputed: number }>(
      t.app.ctx.db,
      sql`select count(*) filter (where next_check_at <= now())::int as due, count(*) filter (where rule_set_version = ${version})::int as recomputed from health_codes`,
    );
    expect(pub).toEqual({ due: 0, recomputed: 0 });
    const [rulesJob] = await rows<{ status: string }>(t.app.ctx.db, sql`select status from jobs where id = ${publishLarge.result.json().recomputeJobId}::uuid`);
    expect(rulesJob.status).toBe('queued');

    const report = { statusSmall: statusSmall.sizes, statusLarge: statusLarge.sizes, areaSmall: areaSmall.sizes, areaLarge: areaLarge.sizes, jobSmall: jobSmall.sizes, jobLarge: jobLarge.sizes, publishSmall: publishSmall.sizes, publishLarge: publishLarge.sizes };
    console.log(`statement sizes at ${PEOPLE} people`, JSON.stringify(report));
    // No statement carries a parameter per person, and none grows with the people affected: the same
    // action on six (risk area) or ten (publish) times the people has the same largest statement,
    // give or take what the content of the rows (ciphertext lengths) varies.
    for (const [smallSizes, largeSizes] of [
      [statusSmall.sizes, statusLarge.sizes],
      [areaSmall.sizes, areaLarge.sizes],
      [publishSmall.sizes, publishLarge.sizes],
    ]) {
      expect(largeSizes.maxParams).toBeLessThanOrEqual(smallSizes.maxParams);
      expect(largeSizes.count).toBeLessThanOrEqual(smallSizes.count + 5);
      // Within half again (batch rows differ in content: a red code's reasons are longer than a green one's); a per-person statement would grow 6-10×.
      expect(largeSizes.maxChars).toBeLessThanOrEqual(smallSizes.maxChars * 1.5 + 2_000);
      expect(largeSizes.maxParams).toBeLessThan(2_000);
    }
    // The risk area's job: as many batches as people, each statement bounded by the batch, not the population.
    expect(jobLarge.sizes.maxParams).toBeLessThanOrEqual(jobSmall.sizes.maxParams);
    expect(jobLarge.sizes.maxChars).toBeLessThanOrEqual(jobSmall.sizes.maxChars * 1.5 + 2_000);

  });

  it('selects the affected people through indexes (EXPLAIN)', async () => {
    const since = startOfDay(addDays(dayOf(new Date()), -14));
    // A county of a hundredth of the people: residents, stored code region, declarations by residence
    // and trips by day, venues by division and their scans by venue and time (the day partitions of the window).
    const touching = await planOf(t, citizensTouchingSql(['510682'], cstDay(-45)));
    const scans = await planOf(t, provenScanCitizensSql(['510682'], since));
    const all = [...touching, ...scans];
    console.log('plans', JSON.stringify({ touching, scans }));
    // Partitions with rows (the empty days ahead are read whole: nothing to read). Today's partition
    // holds only the scans since midnight China time — a handful just after 16:00 UTC, which the
    // planner rightly reads whole — so a day counts as filled from half the median day's rows.
    const perDay = await rows<{ name: string; n: number }>(t.app.ctx.db, sql`select tableoid::regclass::text as name, count(*)::int as n from scans group by 1 order by 2`);
    const medianDay = perDay[Math.floor(perDay.length / 2)].n;
    const filled = new Set(perDay.filter((d) => d.n >= medianDay / 2).map((d) => d.name));
    expect(filled.size).toBeGreaterThanOrEqual(14);
    const seq = all.filter((n) => n.node === 'Seq Scan').map((n) => n.relation);
    expect(seq.filter((r) => r === 'citizens' || r === 'health_codes' || r === 'hc_declarations' || (r !== undefined && filled.has(r)))).toEqual([]);
    const indexes = new Set(all.map((n) => n.index).filter(Boolean));
    expect([...indexes].some((i) => i!.includes('household_division'))).toBe(true);
    expect([...indexes].some((i) => i!.startsWith('hc_declarations'))).toBe(true);
    expect([...indexes].some((i) => i!.startsWith('health_codes'))).toBe(true);
    // Each day partition of the window holding rows is read by its primary key (venue_id, scanned_at, id) per venue.
    const read = new Set(scans.filter((n) => n.index?.startsWith('scans_p') && n.index.endsWith('_pkey')).map((n) => n.index!.replace(/_pkey$/, '')));
    for (const name of filled) if (name >= scanPartitionName(dayOf(since))) expect(read.has(name)).toBe(true);
    // The venues of a county by division (at 100 000 people, 1 000 venues; a few hundred are read whole).
    if (PEOPLE >= 100_000) expect([...indexes].some((i) => i!.startsWith('venues_division'))).toBe(true);
  });
});
