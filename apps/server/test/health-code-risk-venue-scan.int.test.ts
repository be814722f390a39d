// Issue 17: a presence-proving scan at a venue that already lies in a risk area is a new fact — the
// scanner visited the area — so the scanner's code is recomputed when the scan is recorded, whether
// the citizen scanned the venue's rotating code or venue staff checked the citizen's code at the door.
// A scan that proves nothing (the printed poster) and a scan outside any risk area change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { cstDay, officer, realNamedCitizen } from './health-code.support.ts';
import { approvedVenue, VENUE_INPUT } from './venues.support.ts';
import { createStaff } from './factories.ts';
import { healthCodeEvents, healthCodes } from '../src/modules/health-code/health-code.tables.ts';
import { JobRunner } from '../src/platform/jobs/index.ts';

describe('health code: a scan at a venue in a risk area recomputes the scanner\'s code', { timeout: 180_000 }, () => {
  let t: TestApp;
  let venue: Awaited<ReturnType<typeof approvedVenue>>;
  beforeAll(async () => {
    t = await createTestApp();
    venue = await approvedVenue(t); // 旌阳区 510603
    const health = await officer(t, ['health'], '510600');
    const area = await t.app.inject({ method: 'POST', url: '/api/epidemic/risk-areas', headers: health.headers, payload: { divisionCode: '510603', level: 'high', startDate: cstDay(-1), reason: '聚集性疫情' } });
    expect(area.statusCode, area.body).toBe(201);
    const runner = new JobRunner(t.app.ctx, { workerId: 'risk-venue-scan-test', leaseMs: 60_000 });
    while (await runner.runOnce()) {
      // the area's recomputation
    }
  }, 300_000);
  afterAll(async () => t.close());

  const codeRow = async (citizenId: string) => (await t.app.ctx.db.select().from(healthCodes).where(eq(healthCodes.citizenId, citizenId)))[0];
  const lastEvent = async (citizenId: string) =>
    (await t.app.ctx.db.select().from(healthCodeEvents).where(eq(healthCodeEvents.citizenId, citizenId)).orderBy(desc(healthCodeEvents.id)).limit(1))[0];

  /** A citizen of 广汉市 (510681) with a green code computed after the risk area was declared. */
  async function greenCitizen(name: string) {
    const c = await realNamedCitizen(t, '510681', name);
    const declared = await t.app.inject({ method: 'POST', url: '/api/health/declarations', headers: c.headers, payload: { residenceDivision: '510681', temperature: 36.5, symptoms: [], contactWithCase: false } });
    expect(declared.json().colour).toBe('green');
    const code = await t.app.inject({ url: '/api/health/code', headers: c.headers });
    expect(code.json().colour).toBe('green');
    return { ...c, token: code.json().token as string };
  }

  it('turns a citizen red when they scan the rotating code of a venue in a high-risk district', async () => {
    const c = await greenCitizen('周一');
    const screen = (await t.app.inject({ url: `/api/venues/${venue.id}/dynamic-code`, headers: venue.manager.headers })).json();
    const scanned = await t.app.inject({ method: 'POST', url: '/api/scans', headers: c.headers, payload: { placeToken: screen.token } });
    expect(scanned.statusCode, scanned.body).toBe(201);
    expect(scanned.json()).toMatchObject({ presenceProven: true, colour: 'green', decision: 'pass' }); // the door answered with the colour before the visit

    // Straight from the table: recomputed when the scan was recorded, with an event caused by the scan.
    const row = await codeRow(c.id);
    expect(row.colour).toBe('red');
    expect(row.reasonCodes.some((r) => r.reasonCode === 'HIGH_RISK_TRAVEL')).toBe(true);
    expect(await lastEvent(c.id)).toMatchObject({ fromColour: 'green', toColour: 'red', causeType: 'fact' });
    const page = await t.app.inject({ url: '/api/health/code', headers: c.headers });
    expect(page.json()).toMatchObject({ colour: 'red' });
    expect(page.json().reasons[0]).toMatchObject({ reasonCode: 'HIGH_RISK_TRAVEL' });
  });

  it('turns a citizen red when venue staff check their code at the door of a venue in a high-risk district', async () => {
    const c = await greenCitizen('吴二');
    const checked = await t.app.inject({ method: 'POST', url: '/api/health/verify', headers: venue.manager.headers, payload: { token: c.token } });
    expect(checked.statusCode, checked.body).toBe(200);
    expect(checked.json()).toMatchObject({ colour: 'green', scanRecorded: true });
    expect((await codeRow(c.id)).colour).toBe('red');
    expect((await t.app.inject({ url: '/api/health/code', headers: c.headers })).json().colour).toBe('red');
  });

  it('leaves the code alone for a poster scan (no proof of presence) and for a venue outside any risk area', async () => {
    const poster = await greenCitizen('郑三');
    const scanned = await t.app.inject({ method: 'POST', url: '/api/scans', headers: poster.headers, payload: { placeToken: venue.staticToken } });
    expect(scanned.statusCode, scanned.body).toBe(201);
    expect(scanned.json()).toMatchObject({ presenceProven: false });
    expect((await codeRow(poster.id)).colour).toBe('green');

    // A venue in 广汉市 (510681), registered and approved by a city-level officer.
    const city = await officer(t, ['county_command'], '510600');
    const created = await t.app.inject({ method: 'POST', url: '/api/venues', headers: city.headers, payload: { ...VENUE_INPUT, name: '广汉市图书馆', divisionCode: '510681' } });
    expect(created.statusCode, created.body).toBe(201);
    const elsewhere = created.json().id as string;
    expect((await t.app.inject({ method: 'POST', url: `/api/venues/${elsewhere}/decision`, headers: city.headers, payload: { decision: 'approved' } })).statusCode).toBe(200);
    const manager = await createStaff(t.app.ctx, { roles: ['venue_staff'], regionCode: '510681', venueId: elsewhere });
    const c = await greenCitizen('王四');
    const before = await codeRow(c.id);
    const screen = (await t.app.inject({ url: `/api/venues/${elsewhere}/dynamic-code`, headers: manager.headers })).json();
    const ok = await t.app.inject({ method: 'POST', url: '/api/scans', headers: c.headers, payload: { placeToken: screen.token } });
    expect(ok.statusCode, ok.body).toBe(201);
    const after = await codeRow(c.id);
    expect(after.colour).toBe('green');
    expect(after.updatedAt.getTime()).toBe(before.updatedAt.getTime()); // not recomputed: nothing to change
  });
});
