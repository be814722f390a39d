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
});
