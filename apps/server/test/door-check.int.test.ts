import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { realNamedCitizen } from './health-code.support.ts';
import { approvedVenue } from './venues.support.ts';
import { scans } from '../src/modules/venues/venues.tables.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';

/**
 * Issue 11, the door check: a refusal is recorded as a refusal; a screenshot of a live code is read
 * once per venue (a second read within the window is a repeat, not a visit); one place-code visit per
 * person per venue per window.
 */
describe('door check: refusals, repeats and one visit per window', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(async () => t.close());

  const verify = (headers: Record<string, string>, token: string) => t.app.inject({ method: 'POST', url: '/api/health/verify', headers, payload: { token } });
  async function codeToken(headers: Record<string, string>): Promise<string> {
    const res = await t.app.inject({ url: '/api/health/code', headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().token;
  }
  const visitsAt = (venueId: string, citizenId: string) => t.app.ctx.db.select().from(scans).where(and(eq(scans.venueId, venueId), eq(scans.citizenId, citizenId)));

  it('records a valid red code checked at the door as a refusal, and the day view shows it as one', async () => {
    const venue = await approvedVenue(t);
    const c = await realNamedCitizen(t, '510603', '吴九');
    const declared = await t.app.inject({ method: 'POST', url: '/api/health/declarations', headers: c.headers, payload: { residenceDivision: '510603', temperature: 38.9, symptoms: ['fever'], contactWithCase: false } });
    expect(declared.statusCode, declared.body).toBe(201);
    const res = await verify(venue.manager.headers, await codeToken(c.headers));
    expect(res.json()).toMatchObject({ valid: true, colour: 'red', decision: 'stop', scanRecorded: true, repeat: false });
    const [row] = await visitsAt(venue.id, c.id);
    expect(row).toMatchObject({ method: 'venue_scan_citizen', colour: 'red', decision: 'stop' });
    const day = (await t.app.inject({ url: `/api/venues/${venue.id}/scans`, headers: venue.manager.headers })).json();
    expect(day.counts).toMatchObject({ red: 1, total: 1, pass: 0, stop: 1 });
    expect(day.scans[0]).toMatchObject({ decision: 'stop', colour: 'red' });
    expect(day.stopList).toHaveLength(1);
  });

  it('reads a screenshot of a live code once per venue: the same code again is a repeat, not a second visit', async () => {
    const venue = await approvedVenue(t);
    const other = await approvedVenue(t);
    const c = await realNamedCitizen(t, '510603', '郑十');
    const token = await codeToken(c.headers);
    const first = (await verify(venue.manager.headers, token)).json();
    expect(first).toMatchObject({ valid: true, decision: 'pass', scanRecorded: true, repeat: false, firstCheckedAt: null });
    const [recorded] = await visitsAt(venue.id, c.id);
    // Shown again (a screenshot, or the same code scanned twice), also two at once: repeats.
    const again = await Promise.all([verify(venue.manager.headers, token), verify(venue.manager.headers, token)]);
    for (const res of again) {
      expect(res.json()).toMatchObject({ valid: true, decision: 'pass', colour: 'green', maskedName: '郑*', scanRecorded: false, repeat: true, firstCheckedAt: recorded.scannedAt.toISOString() });
    }
    expect(await visitsAt(venue.id, c.id)).toHaveLength(1);
    // A repeat is not a visit, but the check is still on record (audited as a repeat).
    const audits = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'health-code.code.verify'), eq(auditLog.subjectId, c.id)));
    expect(audits.filter((a) => (a.detail as { repeat?: boolean }).repeat === true)).toHaveLength(2);
    // Another venue reads it once too.
    expect((await verify(other.manager.headers, token)).json()).toMatchObject({ scanRecorded: true, repeat: false });
    expect(await visitsAt(other.id, c.id)).toHaveLength(1);
  });

  it('answers a reloaded place-code entry page with the visit already recorded (one visit per person per venue per window)', async () => {
    const venue = await approvedVenue(t);
    const c = await realNamedCitizen(t, '510603', '冯一');
    const scan = (placeToken: string) => t.app.inject({ method: 'POST', url: '/api/scans', headers: c.headers, payload: { placeToken } });
    const first = await scan(venue.staticToken);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().repeat).toBe(false);
    const reload = await scan(venue.staticToken);
    expect(reload.statusCode, reload.body).toBe(200);
    expect(reload.json()).toMatchObject({ repeat: true, scanId: first.json().scanId, scannedAt: first.json().scannedAt, decision: 'pass' });
    expect(await visitsAt(venue.id, c.id)).toHaveLength(1);
    // Presence newly proven (the screen's rotating code after the poster) is recorded; then it repeats too.
    const screen = (await t.app.inject({ url: `/api/venues/${venue.id}/dynamic-code`, headers: venue.manager.headers })).json().token as string;
    expect((await scan(screen)).statusCode).toBe(201);
    expect((await scan(screen)).json()).toMatchObject({ repeat: true, presenceProven: true });
    expect(await visitsAt(venue.id, c.id)).toHaveLength(2);
  });

  it('records every visit when the window is turned off (FX_DOOR_REPEAT_MINUTES=0)', async () => {
    const off = await createTestApp({ doorRepeatMinutes: 0 }, t.database);
    try {
      const venue = await approvedVenue(off);
      const c = await realNamedCitizen(off, '510603', '陈二');
      for (let i = 0; i < 2; i++) {
        const res = await off.app.inject({ method: 'POST', url: '/api/scans', headers: c.headers, payload: { placeToken: venue.staticToken } });
        expect(res.statusCode).toBe(201);
      }
      expect(await visitsAt(venue.id, c.id)).toHaveLength(2);
    } finally {
      await off.app.close();
    }
  });
});
