// Issue 3: a risk-area change recomputes the people whose only link to the area is a presence-proving
// venue scan there — without waiting for them to open their code or for the sweep. Issue 17: the
// change answers at once and hands them to a background job (health-code.area-recompute) the officer
// can follow; whoever reads their code before the job reaches them gets it recomputed on the spot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen } from './factories.ts';
import { cstDay, officer, realNamedCitizen } from './health-code.support.ts';
import { approvedVenue, VENUE_INPUT } from './venues.support.ts';
import { healthCodeEvents, healthCodes } from '../src/modules/health-code/health-code.tables.ts';
import { openCode } from '../src/modules/health-code/health-code.reasons.ts';
import { visitWindowDays } from '../src/modules/health-code/health-code.epidemic-listener.ts';
import { DEFAULT_RULES } from '../src/modules/health-code/health-code.default-rules.ts';
import { citizensScannedIn, forEachCitizenScannedIn } from '../src/modules/venues/venues.facts.ts';
import { scans } from '../src/modules/venues/venues.tables.ts';
import { JobRunner } from '../src/platform/jobs/index.ts';
import { jobs } from '../src/platform/jobs/jobs.tables.ts';
import { rows as rawRows } from '../src/platform/db/database.ts';

describe('health code: risk-area changes reach people who only scanned a venue there', { timeout: 180_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(async () => t.close());

  const codeRow = async (citizenId: string) => (await t.app.ctx.db.select().from(healthCodes).where(eq(healthCodes.citizenId, citizenId)))[0];
  const lastEvent = async (citizenId: string) =>
    (await t.app.ctx.db.select().from(healthCodeEvents).where(eq(healthCodeEvents.citizenId, citizenId)).orderBy(desc(healthCodeEvents.id)).limit(1))[0];

  it('reads the visit window from the rules: the default rules look 14 days back, rules without visits not at all', () => {
    expect(visitWindowDays(DEFAULT_RULES)).toBe(14);
    expect(visitWindowDays(DEFAULT_RULES.filter((r) => r.id !== 'high-risk-travel' && r.id !== 'medium-risk-travel'))).toBe(0);
    expect(visitWindowDays([{ ...DEFAULT_RULES[0], condition: { not: { any: [{ fact: 'visitedRiskArea', level: 'high', withinDays: 21 }] } } }])).toBe(21);
  });

  it('turns a citizen who only scanned a venue in 旌阳区 yellow through the change\'s job once the district is made medium-risk, without them reading their code', async () => {
    const venue = await approvedVenue(t); // 旌阳区 510603
    // Lives, declares and is registered in 广汉市 (510681): nothing but the scan ties them to 旌阳区.
    const c = await realNamedCitizen(t, '510681', '郑一');
    const declared = await t.app.inject({ method: 'POST', url: '/api/health/declarations', headers: c.headers, payload: { residenceDivision: '510681', temperature: 36.5, symptoms: [], contactWithCase: false } });
    expect(declared.json().colour).toBe('green');
    const token = (await t.app.inject({ url: '/api/health/code', headers: c.headers })).json().token;
    // The China day of the scans below (taken before them: the China midnight, 16:00 UTC, may pass in between, never backwards).
    const scanDay = cstDay();
    const checked = await t.app.inject({ method: 'POST', url: '/api/health/verify', headers: venue.manager.headers, payload: { token } });
    expect(checked.json()).toMatchObject({ colour: 'green', scanRecorded: true }); // venue staff scanned them: presence proven
    // Someone who only scanned the printed poster (may be a forwarded picture) does not count.
    const poster = await realNamedCitizen(t, '510681', '冯二');
    await t.app.inject({ method: 'POST', url: '/api/health/declarations', headers: poster.headers, payload: { residenceDivision: '510681', temperature: 36.5, symptoms: [], contactWithCase: false } });
    const posterScan = await t.app.inject({ method: 'POST', url: '/api/scans', headers: poster.headers, payload: { placeToken: venue.staticToken } });
    expect(posterScan.statusCode, posterScan.body).toBeLessThan(300);

    // The venues module's export: distinct citizens with presence-proving scans under a division since an instant.
    const since = new Date(Date.now() - 3600_000);
    expect(await citizensScannedIn(t.app.ctx.db, ['510603'], since)).toEqual([c.id]);
    expect(await citizensScannedIn(t.app.ctx.db, ['510600'], since)).toEqual([c.id]); // the city covers its districts
    expect(await citizensScannedIn(t.app.ctx.db, ['510000', '510603'], since)).toEqual([c.id]);
    expect(await citizensScannedIn(t.app.ctx.db, ['510681'], since)).toEqual([]);
    expect(await citizensScannedIn(t.app.ctx.db, ['510603'], new Date(Date.now() + 60_000))).toEqual([]);
    await expect(citizensScannedIn(t.app.ctx.db, ["5106'--"], since)).rejects.toThrow('not a GB/T 2260 division code');

    // A third who scanned there too (staff-checked) and opens their code before the recomputation has reached them.
    const early = await realNamedCitizen(t, '510681', '陈三');
    await t.app.inject({ method: 'POST', url: '/api/health/declarations', headers: early.headers, payload: { residenceDivision: '510681', temperature: 36.5, symptoms: [], contactWithCase: false } });
    const earlyToken = (await t.app.inject({ url: '/api/health/code', headers: early.headers })).json().token;
    expect((await t.app.inject({ method: 'POST', url: '/api/health/verify', headers: venue.manager.headers, payload: { token: earlyToken } })).json()).toMatchObject({ scanRecorded: true });

    const health = await officer(t, ['health'], '510600');
    const area = await t.app.inject({ method: 'POST', url: '/api/epidemic/risk-areas', headers: health.headers, payload: { divisionCode: '510603', level: 'medium', startDate: scanDay, reason: '场所关联病例' } });
    expect(area.statusCode, area.body).toBe(201);
    // The answer names the recomputation job, which the officer can follow.
    const jobId = area.json().recomputeJobId as string;
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    const queued = await t.app.inject({ url: `/api/jobs/${jobId}`, headers: health.headers });
    expect(queued.statusCode, queued.body).toBe(200);
    expect(queued.json()).toMatchObject({ type: 'health-code.area-recompute', status: 'queued' });
    // Before the job has run, reading a code computed before the change recomputes it: never a stale green.
    expect((await t.app.inject({ url: '/api/health/code', headers: early.headers })).json()).toMatchObject({ colour: 'yellow' });

    const runner = new JobRunner(t.app.ctx, { workerId: 'risk-scan-area', leaseMs: 60_000 });
    while (await runner.runOnce()) {
      // the area's recomputation
    }
    const finished = (await t.app.inject({ url: `/api/jobs/${jobId}`, headers: health.headers })).json();
    expect(finished).toMatchObject({ status: 'succeeded', progress: { done: finished.progress.total } });
    expect(finished.progress.total).toBeGreaterThanOrEqual(2);

    // Straight from the table, before the citizen reads the code: yellow, recomputed by the change's job.
    const row = openCode(t.app.ctx.cipher, await codeRow(c.id));
    expect(row.colour).toBe('yellow');
    expect(row.reasons[0]).toMatchObject({ reasonCode: 'MEDIUM_RISK_TRAVEL' });
    expect(row.reasons[0].evidence[0]).toMatchObject({ source: 'scan', divisionCode: '510603' });
    const event = await lastEvent(c.id);
    expect(event).toMatchObject({ fromColour: 'green', toColour: 'yellow', causeType: 'actor' });
    expect(event.cause).toMatchObject({ actorId: health.id, action: `risk_area.change:${area.json().id}` });
    expect((await codeRow(poster.id)).colour).toBe('green');

    // The officer of the citizen's region sees the same through the API.
    const county = await officer(t, ['county_command'], '510681');
    const lookup = await t.app.inject({ method: 'POST', url: '/api/health/lookup', headers: county.headers, payload: { documentType: 'resident_id', documentNumber: c.idNumber } });
    expect(lookup.statusCode, lookup.body).toBe(200);
    expect(lookup.json().code).toMatchObject({ colour: 'yellow', regionCode: '510681' });
    expect(lookup.json().history[0]).toMatchObject({ from: 'green', to: 'yellow', causeType: 'actor' });
  });

  it('answers at once and recomputes every scanner in a background job the officer created', async () => {
    // A venue in 罗江区 (510604), registered and approved by a city-level officer.
    const city = await officer(t, ['county_command'], '510600');
    const created = await t.app.inject({ method: 'POST', url: '/api/venues', headers: city.headers, payload: { ...VENUE_INPUT, name: '罗江区体育馆', divisionCode: '510604' } });
    expect(created.statusCode, created.body).toBe(201);
    const venueId = created.json().id as string;
    expect((await t.app.inject({ method: 'POST', url: `/api/venues/${venueId}/decision`, headers: city.headers, payload: { decision: 'approved' } })).statusCode).toBe(200);

    // 205 people with a green code whose one fact is a staff-checked visit to the venue today.
    const people: string[] = [];
    for (let i = 0; i < 205; i++) people.push((await createCitizen(t.app.ctx, { householdDivision: '510681' })).id);
    const at = new Date(Date.now() - 3600_000);
    await t.app.ctx.db.insert(scans).values(
      people.map((citizenId, i) => ({ venueId, id: randomUUID(), scannedAt: new Date(at.getTime() + i), citizenId, divisionCode: '510604', method: 'venue_scan_citizen', colour: 'green', decision: 'pass' as const, presenceProven: true, staffId: null })),
    );
    // A few scanned twice: still one person each.
    await t.app.ctx.db.insert(scans).values(people.slice(0, 5).map((citizenId) => ({ venueId, id: randomUUID(), scannedAt: new Date(), citizenId, divisionCode: '510604', method: 'citizen_scan_dynamic', colour: 'green', decision: 'pass' as const, presenceProven: true, staffId: null })));
    await t.app.ctx.db.insert(healthCodes).values(people.map((citizenId) => ({ citizenId, colour: 'green', ruleSetVersion: 1, since: at, reasonCodes: [], regionCode: '510681' })));
    const found = await citizensScannedIn(t.app.ctx.db, ['510604'], new Date(Date.now() - 86_400_000));
    expect(found.sort()).toEqual([...people].sort());
    expect(await citizensScannedIn(t.app.ctx.db, ['510604'], new Date(Date.now() - 86_400_000), 10)).toHaveLength(10);
    let batches = 0;
    await forEachCitizenScannedIn(t.app.ctx.db, ['510604'], new Date(Date.now() - 86_400_000), async () => {
      batches++;
      return false; // stops when told
    });
    expect(batches).toBe(1);

    const health = await officer(t, ['health'], '510600');
    // From yesterday (China day): the scans an hour ago fall on yesterday between 00:00 and 01:00 China time.
    const area = await t.app.inject({ method: 'POST', url: '/api/epidemic/risk-areas', headers: health.headers, payload: { divisionCode: '510604', level: 'high', startDate: cstDay(-1), reason: '聚集性疫情' } });
    expect(area.statusCode, area.body).toBe(201);

    // The request recomputed nobody and marked nobody: it queued one job for the area.
    const untouched = await t.app.ctx.db.select().from(healthCodes).where(inArray(healthCodes.citizenId, people));
    expect(untouched.every((r) => r.colour === 'green' && r.nextCheckAt === null)).toBe(true);
    const queued = await t.app.ctx.db.select().from(jobs).where(and(eq(jobs.type, 'health-code.area-recompute'), eq(jobs.status, 'queued')));
    expect(queued.map((j) => j.id)).toEqual([area.json().recomputeJobId]);
    expect(queued[0]).toMatchObject({ createdByType: 'staff', createdById: health.id });

    const runner = new JobRunner(t.app.ctx, { workerId: 'risk-scan-test', leaseMs: 60_000 });
    while (await runner.runOnce()) {
      // the area's recomputation
    }
    const after = await t.app.ctx.db.select({ colour: healthCodes.colour, n: sql<number>`count(*)::int` }).from(healthCodes).where(inArray(healthCodes.citizenId, people)).groupBy(healthCodes.colour);
    expect(after).toEqual([{ colour: 'red', n: 205 }]);
    const rows = await t.app.ctx.db.select().from(healthCodes).where(inArray(healthCodes.citizenId, people));
    expect(rows.every((r) => r.reasonCodes.some((reason) => reason.reasonCode === 'HIGH_RISK_TRAVEL'))).toBe(true);
    const [job] = await t.app.ctx.db.select().from(jobs).where(eq(jobs.id, area.json().recomputeJobId));
    // Everyone of the 205 (and whoever else of the suite touches 罗江区) in one job, a batch at a time; its people forgotten at the end.
    expect(job).toMatchObject({ status: 'succeeded', progressDone: job.progressTotal });
    expect(job.result).toMatchObject({ changed: 205, failed: 0 });
    const [left] = await rawRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from hc_recompute_targets`);
    expect(left.n).toBe(0);
  });
});
