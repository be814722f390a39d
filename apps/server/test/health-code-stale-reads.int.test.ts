// Issue 17: after a risk-area change a read recomputes a code only when the change may touch it. Until
// the change's job has collected its people, every code computed before the change counts as stale
// (nobody is shown a stale colour); once it has, only the codes it collected (marked due at the
// change's instant, recomputed with the officer's cause) are — an untouched person's code is not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { cstDay, officer, realNamedCitizen } from './health-code.support.ts';
import { healthCodeEvents, healthCodes } from '../src/modules/health-code/health-code.tables.ts';
import { doorCodeOf } from '../src/modules/health-code/health-code.service.ts';
import { findDueCodes } from '../src/modules/health-code/health-code.repository.ts';
import { collectAreaTargets } from '../src/modules/health-code/health-code.epidemic-listener.ts';
import { JobRunner } from '../src/platform/jobs/index.ts';
import { jobs } from '../src/platform/jobs/jobs.tables.ts';
import { DEFAULT_RULES } from '../src/modules/health-code/health-code.default-rules.ts';

describe('health code: reads after a risk-area change recompute only what the change may touch', { timeout: 300_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(async () => t.close());

  const updatedAt = async (citizenId: string) => (await t.app.ctx.db.select({ at: healthCodes.updatedAt }).from(healthCodes).where(eq(healthCodes.citizenId, citizenId)))[0].at.getTime();
  // Colour-change events other than the first computation's (null → green).
  const eventsOf = async (ids: string[]) => (await t.app.ctx.db.select().from(healthCodeEvents).where(inArray(healthCodeEvents.citizenId, ids))).filter((e) => e.fromColour !== null);

  it('reads every older code as stale until the job has collected; then only the collected ones, with the officer as the cause', async () => {
    // Touched: residents of 罗江区 (510604). Untouched: residents of 广汉市 (510681).
    const touchedBetween = await realNamedCitizen(t, '510604', '钱一');
    const touchedAfter = await realNamedCitizen(t, '510604', '钱二');
    const untouchedBetween = await realNamedCitizen(t, '510681', '孙一');
    const untouchedAfter = await realNamedCitizen(t, '510681', '孙二');
    const everyone = [touchedBetween, touchedAfter, untouchedBetween, untouchedAfter];
    const view = async (c: (typeof everyone)[number]) => {
      const res = await t.app.inject({ url: '/api/health/code', headers: c.headers });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { colour: string };
    };
    for (const c of everyone) expect((await view(c)).colour).toBe('green'); // computed on first use
    const before = new Map<string, number>();
    for (const c of everyone) before.set(c.id, await updatedAt(c.id));
    await new Promise((r) => setTimeout(r, 5));

    const health = await officer(t, ['health'], '510600');
    const area = await t.app.inject({ method: 'POST', url: '/api/epidemic/risk-areas', headers: health.headers, payload: { divisionCode: '510604', level: 'high', startDate: cstDay(), reason: '聚集性疫情' } });
    expect(area.statusCode, area.body).toBe(201);
    const { id: areaId, recomputeJobId } = area.json() as { id: string; recomputeJobId: string };
    expect(recomputeJobId).toBeTruthy();

    // 1. Between the change and the collection: no stale colour for anyone — every older code is recomputed on read.
    expect((await view(touchedBetween)).colour).not.toBe('green');
    expect((await doorCodeOf(t.app.ctx, touchedBetween.id)).colour).not.toBe('green');
    expect((await view(untouchedBetween)).colour).toBe('green');
    expect(await updatedAt(untouchedBetween.id)).toBeGreaterThan(before.get(untouchedBetween.id)!); // recomputed (it could have been touched)
    expect(await eventsOf([untouchedBetween.id])).toEqual([]);

    // 2. The job's first step (as its worker runs it): the change's people collected and marked due.
    const [job] = await t.app.ctx.db.select().from(jobs).where(eq(jobs.id, recomputeJobId));
    const total = await collectAreaTargets(t.app.ctx, recomputeJobId, job.payload as Record<string, unknown>);
    expect(total).toBeGreaterThanOrEqual(2);
    // The sweep leaves the job's people to the job.
    const due = await findDueCodes(t.app.ctx.db, new Date(), 1000);
    expect(due).not.toContain(touchedAfter.id);
    expect(due).not.toContain(touchedBetween.id);

    // 3. After the collection: the untouched code read for the first time since the change is not recomputed…
    const untouchedStamp = await updatedAt(untouchedAfter.id);
    expect(untouchedStamp).toBe(before.get(untouchedAfter.id));
    expect((await view(untouchedAfter)).colour).toBe('green');
    expect((await doorCodeOf(t.app.ctx, untouchedAfter.id)).colour).toBe('green');
    expect(await updatedAt(untouchedAfter.id)).toBe(untouchedStamp);
    // …nor is the one recomputed in between, again.
    const between = await updatedAt(untouchedBetween.id);
    expect((await view(untouchedBetween)).colour).toBe('green');
    expect(await updatedAt(untouchedBetween.id)).toBe(between);
    // …while the touched code the job has not reached yet is (it was marked due), with the officer's change as its cause.
    expect((await view(touchedAfter)).colour).not.toBe('green');
    expect(await updatedAt(touchedAfter.id)).toBeGreaterThan(before.get(touchedAfter.id)!);
    const [event] = await eventsOf([touchedAfter.id]);
    expect(event.causeType).toBe('actor');
    expect(event.cause).toMatchObject({ type: 'actor', action: `risk_area.change:${areaId}` });

    // 4. The job runs to its end: one event per touched person, none for the others; nothing left due by it.
    const runner = new JobRunner(t.app.ctx, { workerId: 'stale-reads', leaseMs: 60_000 });
    while (await runner.runOnce()) {
      // the area's recomputation
    }
    const [finished] = await t.app.ctx.db.select().from(jobs).where(eq(jobs.id, recomputeJobId));
    expect(finished.status).toBe('succeeded');
    const events = await eventsOf(everyone.map((c) => c.id));
    expect(events.map((e) => e.citizenId).sort()).toEqual([touchedBetween.id, touchedAfter.id].sort());
    for (const e of events) expect(e.cause).toMatchObject({ type: 'actor', action: `risk_area.change:${areaId}` });
    const stillDue = await t.app.ctx.db.select({ at: healthCodes.nextCheckAt }).from(healthCodes).where(inArray(healthCodes.citizenId, [touchedBetween.id, touchedAfter.id]));
    for (const r of stillDue) expect(r.at === null || r.at.getTime() > Date.now()).toBe(true);
    expect(await updatedAt(untouchedAfter.id)).toBe(untouchedStamp);
  });
});

describe('health code: a recomputation that finds a code unchanged writes only its check time and version', { timeout: 300_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(async () => t.close());

  it('republishing the same rules recomputes every code through the job without sealing, upserting or an event', async () => {
    const people = [await realNamedCitizen(t, '510681', '周一'), await realNamedCitizen(t, '510681', '周二')];
    for (const c of people) {
      const declared = await t.app.inject({ method: 'POST', url: '/api/health/declarations', headers: c.headers, payload: { residenceDivision: '510681', temperature: 36.5, symptoms: [], contactWithCase: false } });
      expect(declared.statusCode, declared.body).toBe(201);
    }
    const ids = people.map((c) => c.id);
    const stored = async () => (await t.app.ctx.db.select().from(healthCodes).where(inArray(healthCodes.citizenId, ids))).sort((a, b) => (a.citizenId < b.citizenId ? -1 : 1));
    const before = await stored();
    const eventsBefore = (await t.app.ctx.db.select().from(healthCodeEvents).where(inArray(healthCodeEvents.citizenId, ids))).length;

    const health = await officer(t, ['health'], '510600');
    const checker = await officer(t, ['health'], '510600');
    const draft = await t.app.inject({ method: 'POST', url: '/api/health/rule-sets', headers: health.headers, payload: { rules: DEFAULT_RULES, note: '同规则重新发布' } });
    expect(draft.statusCode, draft.body).toBe(201);
    const proposed = await t.app.inject({ method: 'POST', url: `/api/health/rule-sets/${draft.json().version}/publish`, headers: health.headers });
    const approved = await t.app.inject({ method: 'POST', url: `/api/health/rule-set-proposals/${proposed.json().id}/decision`, headers: checker.headers, payload: { decision: 'approve' } });
    expect(approved.statusCode, approved.body).toBe(200);
    const runner = new JobRunner(t.app.ctx, { workerId: 'unchanged', leaseMs: 60_000 });
    while (await runner.runOnce()) {
      // the rule set's recomputation
    }
    const [job] = await t.app.ctx.db.select().from(jobs).where(eq(jobs.id, approved.json().recomputeJobId));
    expect(job.status).toBe('succeeded');
    expect(job.result).toMatchObject({ changed: 0, failed: 0 });

    const after = await stored();
    for (const [i, row] of after.entries()) {
      expect(row.ruleSetVersion).toBe(draft.json().version);
      expect(row.updatedAt.getTime()).toBeGreaterThan(before[i].updatedAt.getTime());
      // Not sealed again: a recomputation that writes seals with a fresh nonce.
      expect(row.reasonsCipher).toBe(before[i].reasonsCipher);
      expect(row.holdsCipher).toBe(before[i].holdsCipher);
      expect({ colour: row.colour, nextChange: row.nextChange, nextCheckAt: row.nextCheckAt, since: row.since }).toEqual({ colour: before[i].colour, nextChange: before[i].nextChange, nextCheckAt: before[i].nextCheckAt, since: before[i].since });
    }
    expect((await t.app.ctx.db.select().from(healthCodeEvents).where(inArray(healthCodeEvents.citizenId, ids))).length).toBe(eventsBefore);
    // A code that does change is written in full (a fever: red, sealed anew, one event).
    const fever = await t.app.inject({ method: 'POST', url: '/api/health/declarations', headers: people[0].headers, payload: { residenceDivision: '510681', temperature: 38.6, symptoms: [], contactWithCase: false } });
    expect(fever.json().colour).toBe('red');
    const [red] = (await stored()).filter((r) => r.citizenId === people[0].id);
    expect(red.reasonsCipher).not.toBe(before.find((r) => r.citizenId === people[0].id)!.reasonsCipher);
  });
});
