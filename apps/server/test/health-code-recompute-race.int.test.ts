// Issue 17: a scan arriving while codes are being recomputed (racing the risk-area request, then the
// area's recompute job) is neither lost nor answered with a stale colour, and no code gets a second
// colour-change event when the door and the sweep both bring it up to date.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { cstDay, officer, realNamedCitizen } from './health-code.support.ts';
import { VENUE_INPUT } from './venues.support.ts';
import { healthCodeEvents, healthCodes } from '../src/modules/health-code/health-code.tables.ts';
import { activeRules, doorCodeOf, evaluatePerson, readFactsAhead, recomputeBatch, sweepDueCodes } from '../src/modules/health-code/health-code.service.ts';
import { scans } from '../src/modules/venues/venues.tables.ts';
import { JobRunner } from '../src/platform/jobs/index.ts';
import { jobs } from '../src/platform/jobs/jobs.tables.ts';

describe('health code: a scan during a recompute is neither lost nor stale', { timeout: 300_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(async () => t.close());

  it('stores every scan made during the risk-area request and its job, answers each after the change with the new colour, and writes one event per code', async () => {
    const city = await officer(t, ['county_command'], '510600');
    const venue = async (name: string, divisionCode: string) => {
      const created = await t.app.inject({ method: 'POST', url: '/api/venues', headers: city.headers, payload: { ...VENUE_INPUT, name, divisionCode } });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      expect((await t.app.inject({ method: 'POST', url: `/api/venues/${id}/decision`, headers: city.headers, payload: { decision: 'approved' } })).statusCode).toBe(200);
      const code = await t.app.inject({ url: `/api/venues/${id}/place-code`, headers: city.headers });
      expect(code.statusCode, code.body).toBe(200);
      return { id, token: code.json().token as string };
    };
    // Everyone was checked in by staff at a gym in 罗江区 (510604) an hour ago; they now scan in at a market in 广汉市 (510681).
    const gym = await venue('罗江区体育馆', '510604');
    const market = await venue('广汉市农贸市场', '510681');
    const people: Awaited<ReturnType<typeof realNamedCitizen>>[] = [];
    for (let i = 0; i < 240; i++) people.push(await realNamedCitizen(t, '510681', `赵${i}`));
    const ids = people.map((p) => p.id);
    const at = new Date(Date.now() - 3600_000);
    await t.app.ctx.db.insert(scans).values(
      ids.map((citizenId, i) => ({ venueId: gym.id, id: randomUUID(), scannedAt: new Date(at.getTime() + i), citizenId, divisionCode: '510604', method: 'venue_scan_citizen', colour: 'green', decision: 'pass' as const, presenceProven: true, staffId: null })),
    );
    await t.app.ctx.db.insert(healthCodes).values(ids.map((citizenId) => ({ citizenId, colour: 'green', ruleSetVersion: 1, since: at, reasonCodes: [], regionCode: '510681' })));
    for (const id of ids.slice(0, 20)) expect((await doorCodeOf(t.app.ctx, id)).colour).toBe('green'); // held at the door before the change

    type Answer = { citizenId: string; startedAfterChange: boolean; status: number; body: { scanId: string; colour: string; repeat: boolean } };
    const answers: Answer[] = [];
    let changed = false;
    const scan = async (p: (typeof people)[number]) => {
      const startedAfterChange = changed;
      const res = await t.app.inject({ method: 'POST', url: '/api/scans', headers: p.headers, payload: { placeToken: market.token } });
      answers.push({ citizenId: p.id, startedAfterChange, status: res.statusCode, body: res.json() });
    };

    // 1. Scans of the first 40 racing the request.
    const health = await officer(t, ['health'], '510600');
    const during = Promise.all(people.slice(0, 40).map(scan));
    // From yesterday (China day): the scans an hour ago fall on yesterday between 00:00 and 01:00 China time.
    const area = await t.app.inject({ method: 'POST', url: '/api/epidemic/risk-areas', headers: health.headers, payload: { divisionCode: '510604', level: 'high', startDate: cstDay(-1), reason: '聚集性疫情' } });
    expect(area.statusCode, area.body).toBe(201);
    changed = true;
    await during;

    // 2. The request queued the area's job; the job recomputes everyone while the rest scan in a loop.
    const queued = (await t.app.ctx.db.select({ id: healthCodes.citizenId }).from(healthCodes).where(and(inArray(healthCodes.citizenId, ids), sql`${healthCodes.nextCheckAt} <= now()`))).map((r) => r.id);
    expect(queued).toEqual([]); // nothing marked in the request: the job has them all
    let jobbing = true;
    const loop = (async () => {
      for (const p of people.slice(40)) {
        if (!jobbing) break;
        await scan(p);
      }
    })();
    const runner = new JobRunner(t.app.ctx, { workerId: 'race-test', leaseMs: 60_000 });
    let ran = 0;
    while (await runner.runOnce()) ran++;
    jobbing = false;
    await loop;
    expect(ran).toBeGreaterThanOrEqual(1);
    const [job] = await t.app.ctx.db.select().from(jobs).where(eq(jobs.id, area.json().recomputeJobId));
    expect(job.status).toBe('succeeded');
    expect(job.progressTotal).toBeGreaterThanOrEqual(people.length);
    expect(answers.length).toBeGreaterThan(40); // some scanned while the job ran
    // Whoever has not scanned yet scans now (after the recompute).
    const scanned = new Set(answers.map((a) => a.citizenId));
    for (const p of people) if (!scanned.has(p.id)) await scan(p);

    // Not lost: every scan was answered and stored once.
    expect(answers).toHaveLength(people.length);
    for (const a of answers) expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(answers.every((a) => a.body.repeat === false)).toBe(true);
    const stored = await t.app.ctx.db.select({ id: scans.id, citizenId: scans.citizenId }).from(scans).where(eq(scans.venueId, market.id));
    expect(stored.map((s) => s.id).sort()).toEqual(answers.map((a) => a.body.scanId).sort());
    expect(new Set(stored.map((s) => s.citizenId)).size).toBe(people.length);

    // Not stale: every scan that started after the change answered with the new colour (the door brings a
    // due or registry-stale code up to date itself); those racing the request answered green or red.
    for (const a of answers) {
      if (a.startedAfterChange) expect(a.body.colour, a.citizenId).toBe('red');
      else expect(['green', 'red']).toContain(a.body.colour);
    }
    expect(answers.filter((a) => a.startedAfterChange).length).toBeGreaterThanOrEqual(people.length - 40);

    // Stored, at the door and in the history: red, with exactly one green → red event each.
    const rows = await t.app.ctx.db.select({ colour: healthCodes.colour, n: sql<number>`count(*)::int` }).from(healthCodes).where(inArray(healthCodes.citizenId, ids)).groupBy(healthCodes.colour);
    expect(rows).toEqual([{ colour: 'red', n: people.length }]);
    for (const id of ids) expect((await doorCodeOf(t.app.ctx, id)).colour, id).toBe('red');
    const events = await t.app.ctx.db
      .select({ citizenId: healthCodeEvents.citizenId, fromColour: healthCodeEvents.fromColour, toColour: healthCodeEvents.toColour })
      .from(healthCodeEvents)
      .where(inArray(healthCodeEvents.citizenId, ids));
    expect(events).toHaveLength(people.length);
    expect(new Set(events.map((e) => e.citizenId)).size).toBe(people.length);
    expect(events.every((e) => e.fromColour === 'green' && e.toColour === 'red')).toBe(true);
    // Nothing left due now.
    expect(await sweepDueCodes(t.app.ctx, new Date())).toBe(0);
  });

  it('reads again under the lock whoever changed after their facts were read ahead (recomputed, or marked due by a registry change)', async () => {
    const declare = async (p: Awaited<ReturnType<typeof realNamedCitizen>>, temperature: number) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/health/declarations', headers: p.headers, payload: { residenceDivision: '510682', temperature, symptoms: [], contactWithCase: false } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().colour as string;
    };
    const feverish = await realNamedCitizen(t, '510682', '钱一');
    const resident = await realNamedCitizen(t, '510682', '钱二');
    const calm = await realNamedCitizen(t, '510682', '钱三');
    for (const p of [feverish, resident, calm]) expect(await declare(p, 36.5)).toBe('green');
    const now = new Date();
    const ahead = await readFactsAhead(t.app.ctx, [feverish.id, resident.id, calm.id], now);
    expect(ahead.factsOf.size).toBe(3);
    // After the read ahead: one declares a fever (their code is recomputed at once), and 什邡市 becomes high-risk.
    expect(await declare(feverish, 38.6)).not.toBe('green');
    const health = await officer(t, ['health'], '510600');
    const area = await t.app.inject({ method: 'POST', url: '/api/epidemic/risk-areas', headers: health.headers, payload: { divisionCode: '510682', level: 'high', startDate: cstDay(), reason: '聚集性疫情' } });
    expect(area.statusCode, area.body).toBe(201);
    // The batch with the stale read ahead still stores what the facts are now, for each of them.
    await recomputeBatch(t.app.ctx, [feverish.id, resident.id, calm.id], { type: 'timer' }, now, ahead);
    const { rules } = await activeRules(t.app.ctx.db);
    for (const p of [feverish, resident, calm]) {
      const [row] = await t.app.ctx.db.select().from(healthCodes).where(eq(healthCodes.citizenId, p.id));
      expect(row.colour, p.id).toBe((await evaluatePerson(t.app.ctx, t.app.ctx.db, p.id, rules, now)).colour);
      expect(row.colour, p.id).not.toBe('green');
    }
  });
});
