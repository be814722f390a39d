import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff, signCommitment } from './factories.ts';
import { VENUE_INPUT, approvedVenue, idNumber, realNameCitizen } from './venues.support.ts';
import { healthCodes } from '../src/modules/health-code/health-code.tables.ts';
import { scanFlags, scans, venues } from '../src/modules/venues/venues.tables.ts';
import { recordVerificationScan } from '../src/modules/venues/venues.scans.ts';
import { signDynamicCode, signStaticCode } from '../src/modules/venues/venues.tokens.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';

describe('scans: citizens scan place codes', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 180_000);
  afterAll(async () => t.close());

  async function secretOf(venueId: string): Promise<Buffer> {
    const [row] = await t.app.ctx.db.select().from(venues).where(eq(venues.id, venueId));
    return Buffer.from(t.app.ctx.cipher.decrypt(row.codeSecretCipher), 'base64');
  }

  it('records a static-code scan and answers the entry page with colour, masked identity and decision', async () => {
    const v = await approvedVenue(t);
    const citizen = await realNameCitizen(t, '张三');
    const res = await t.app.inject({ method: 'POST', url: '/api/scans', headers: citizen.headers, payload: { placeToken: v.staticToken } });
    expect(res.statusCode, res.body).toBe(201);
    const page = res.json();
    expect(page).toMatchObject({
      method: 'citizen_scan_static',
      presenceProven: false,
      venue: { id: v.id, name: VENUE_INPUT.name, address: VENUE_INPUT.address },
      colour: 'green',
      decision: 'pass',
      maskedName: '张*',
      maskedId: `${citizen.idNumber.slice(0, 4)}**********${citizen.idNumber.slice(-4)}`,
    });
    const [row] = await t.app.ctx.db.select().from(scans).where(eq(scans.id, page.scanId));
    expect(row).toMatchObject({ venueId: v.id, citizenId: citizen.id, divisionCode: '510603', method: 'citizen_scan_static', colour: 'green', presenceProven: false, staffId: null });
    expect(row.scannedAt.toISOString()).toBe(page.scannedAt);
  });

  it('records a dynamic-code scan as presence proven, also when given the poster URL form', async () => {
    const v = await approvedVenue(t);
    const citizen = await realNameCitizen(t);
    const screen = (await t.app.inject({ url: `/api/venues/${v.id}/dynamic-code`, headers: v.manager.headers })).json();
    const res = await t.app.inject({ method: 'POST', url: '/api/scans', headers: citizen.cookieHeaders, payload: { placeToken: screen.url } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ method: 'citizen_scan_dynamic', presenceProven: true });
  });

  it('refuses invalid, forged, expired and closed-venue codes with distinct codes, writing nothing', async () => {
    const v = await approvedVenue(t);
    const citizen = await realNameCitizen(t);
    const secret = await secretOf(v.id);
    const scan = (placeToken: string) => t.app.inject({ method: 'POST', url: '/api/scans', headers: citizen.headers, payload: { placeToken } });
    expect((await scan('hello')).json().code).toBe('VENUES_PLACE_CODE_INVALID');
    expect((await scan(signStaticCode('sha256', Buffer.alloc(32, 7), v.id, 1))).json().code).toBe('VENUES_PLACE_CODE_FORGED');
    expect((await scan(signStaticCode('sha256', secret, '00000000-0000-4000-8000-000000000000', 1))).json().code).toBe('VENUES_PLACE_CODE_INVALID');
    expect((await scan(signDynamicCode('sha256', secret, v.id, Date.now() - 61_000).token)).json().code).toBe('VENUES_PLACE_CODE_EXPIRED');
    expect((await scan(signDynamicCode('sha256', secret, v.id, Date.now() - 25_000).token)).statusCode).toBe(201); // previous window still accepted
    // A pending venue has a secret but no usable code.
    const pendingId = (await t.app.inject({ method: 'POST', url: '/api/venues', headers: v.officer.headers, payload: VENUE_INPUT })).json().id;
    const pending = await scan(signStaticCode('sha256', await secretOf(pendingId), pendingId, 1));
    expect(pending.statusCode).toBe(409);
    expect(pending.json().code).toBe('VENUES_PLACE_CODE_VENUE_CLOSED');
    expect((await t.app.inject({ method: 'POST', url: '/api/scans', headers: citizen.headers, payload: {} })).json().code).toBe('VALIDATION_FAILED');
    expect((await t.app.inject({ method: 'POST', url: '/api/scans', headers: citizen.headers, payload: { placeToken: 'x'.repeat(600) } })).json().code).toBe('VALIDATION_FAILED');
    const rows = await t.app.ctx.db.select().from(scans).where(eq(scans.citizenId, citizen.id));
    expect(rows).toHaveLength(1);
  });

  it('computes the code on first use through the health-code module, and needs a real-name profile', async () => {
    const v = await approvedVenue(t);
    const fresh = await createCitizen(t.app.ctx, { name: '周九', idNumber: idNumber(), householdDivision: '510603' });
    const res = await t.app.inject({ method: 'POST', url: '/api/scans', headers: fresh.headers, payload: { placeToken: v.staticToken } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ colour: 'green', decision: 'pass', maskedName: '周*' });
    const [code] = await t.app.ctx.db.select().from(healthCodes).where(eq(healthCodes.citizenId, fresh.id));
    expect(code.colour).toBe('green');
    const anonymous = await createCitizen(t.app.ctx);
    const refused = await t.app.inject({ method: 'POST', url: '/api/scans', headers: anonymous.headers, payload: { placeToken: v.staticToken } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('VENUES_REAL_NAME_REQUIRED');
  });

  it('shows the colour the health code has: a red code is stopped at the door', async () => {
    const v = await approvedVenue(t);
    const red = await realNameCitizen(t, '吴十', 'red');
    const res = await t.app.inject({ method: 'POST', url: '/api/scans', headers: red.headers, payload: { placeToken: v.staticToken } });
    expect(res.json()).toMatchObject({ colour: 'red', decision: 'stop' });
  });

  it('only lets signed-in citizens scan; cookie sessions need the CSRF header', async () => {
    const v = await approvedVenue(t);
    const citizen = await realNameCitizen(t);
    expect((await t.app.inject({ method: 'POST', url: '/api/scans', payload: { placeToken: v.staticToken } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/scans', headers: v.officer.headers, payload: { placeToken: v.staticToken } })).statusCode).toBe(403);
    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/scans', headers: { cookie: citizen.cookieHeaders.cookie }, payload: { placeToken: v.staticToken } });
    expect(noCsrf.json().code).toBe('CSRF_FAILED');
  });

  it('flags a static code used far from the venue and shows the flag to officers of the region only', async () => {
    const v = await approvedVenue(t);
    const citizen = await realNameCitizen(t);
    // From Chengdu, ~60 km away.
    const far = await t.app.inject({ method: 'POST', url: '/api/scans', headers: citizen.headers, payload: { placeToken: v.staticToken, latitude: 30.657, longitude: 104.066 } });
    expect(far.statusCode, far.body).toBe(201);
    // Someone else at the door (the same person again would be a repeat of the first visit).
    const neighbour = await realNameCitizen(t);
    const near = await t.app.inject({ method: 'POST', url: '/api/scans', headers: neighbour.headers, payload: { placeToken: v.staticToken, latitude: VENUE_INPUT.latitude + 0.001, longitude: VENUE_INPUT.longitude } });
    expect(near.statusCode).toBe(201);
    const [farRow] = await t.app.ctx.db.select().from(scans).where(eq(scans.id, far.json().scanId));
    expect(farRow.distanceMeters).toBeGreaterThan(50_000);
    const flags = await t.app.ctx.db.select().from(scanFlags).where(eq(scanFlags.venueId, v.id));
    expect(flags).toEqual([expect.objectContaining({ reason: 'far_away', scanId: far.json().scanId, citizenId: citizen.id })]);

    const officer = await createStaff(t.app.ctx, { roles: ['big_data'], regionCode: '510600' });
    const seen = (await t.app.inject({ url: `/api/venues/flags?venueId=${v.id}`, headers: officer.headers })).json();
    expect(seen).toEqual([expect.objectContaining({ venueId: v.id, venueName: VENUE_INPUT.name, reason: 'far_away', scanId: far.json().scanId })]);
    expect(seen[0].detail.distanceMeters).toBeGreaterThan(50_000);
    const elsewhere = await createStaff(t.app.ctx, { roles: ['big_data'], regionCode: '510623' });
    expect((await t.app.inject({ url: `/api/venues/flags?venueId=${v.id}`, headers: elsewhere.headers })).json()).toEqual([]);
    expect((await t.app.inject({ url: '/api/venues/flags', headers: citizen.headers })).statusCode).toBe(403);
  });

  it('a rotating screen code scanned from farther than the presence radius (1 km) does not prove presence', async () => {
    const v = await approvedVenue(t);
    const citizen = await realNameCitizen(t);
    const screen = async () => (await t.app.inject({ url: `/api/venues/${v.id}/dynamic-code`, headers: v.manager.headers })).json().token;
    // From Chengdu, ~60 km away: recorded and flagged, but not as presence.
    const far = await t.app.inject({ method: 'POST', url: '/api/scans', headers: citizen.headers, payload: { placeToken: await screen(), latitude: 30.657, longitude: 104.066 } });
    expect(far.statusCode, far.body).toBe(201);
    expect(far.json()).toMatchObject({ method: 'citizen_scan_dynamic', presenceProven: false });
    const [farRow] = await t.app.ctx.db.select().from(scans).where(eq(scans.id, far.json().scanId));
    expect(farRow.presenceProven).toBe(false);
    const flags = await t.app.ctx.db.select().from(scanFlags).where(eq(scanFlags.venueId, v.id));
    expect(flags).toEqual([expect.objectContaining({ reason: 'far_away', scanId: far.json().scanId })]);
    expect(flags[0].detail).toMatchObject({ limitMeters: t.config.presenceRadiusMeters });
    // ~111 m away: within the radius, proven.
    const near = await t.app.inject({ method: 'POST', url: '/api/scans', headers: citizen.headers, payload: { placeToken: await screen(), latitude: VENUE_INPUT.latitude + 0.001, longitude: VENUE_INPUT.longitude } });
    expect(near.json()).toMatchObject({ method: 'citizen_scan_dynamic', presenceProven: true });
  });

  it('flags one person replaying the same static code again and again, once', async () => {
    const v = await approvedVenue(t);
    const citizen = await realNameCitizen(t);
    for (let i = 0; i < 8; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/scans', headers: citizen.headers, payload: { placeToken: v.staticToken } });
      // A flag never blocks the scan; after the first, each answers the visit already recorded (one per window).
      expect(res.statusCode).toBe(i === 0 ? 201 : 200);
    }
    const flags = await t.app.ctx.db.select().from(scanFlags).where(and(eq(scanFlags.venueId, v.id), eq(scanFlags.reason, 'repeat_person')));
    expect(flags).toHaveLength(1);
    expect(flags[0].detail).toMatchObject({ scansInWindow: 6, limit: 5 });
  });

  it('records the venue checking a citizen\'s code (recordVerificationScan) as presence proven', async () => {
    const v = await approvedVenue(t);
    const citizen = await realNameCitizen(t);
    const { scanId } = await recordVerificationScan(t.app.ctx, { venueId: v.id, citizenId: citizen.id, colour: 'yellow', staffId: v.manager.id });
    const [row] = await t.app.ctx.db.select().from(scans).where(eq(scans.id, scanId));
    expect(row).toMatchObject({ method: 'venue_scan_citizen', presenceProven: true, colour: 'yellow', staffId: v.manager.id, venueId: v.id });
    await expect(recordVerificationScan(t.app.ctx, { venueId: '00000000-0000-4000-8000-000000000000', citizenId: citizen.id, colour: 'green', staffId: null })).rejects.toThrow();
  });

  it('gives the venue portal today\'s scans masked, counts by colour and the stop list; audited', async () => {
    const v = await approvedVenue(t);
    const green = await realNameCitizen(t, '赵六');
    const red = await realNameCitizen(t, '钱七');
    await t.app.inject({ method: 'POST', url: '/api/scans', headers: green.headers, payload: { placeToken: v.staticToken } });
    await recordVerificationScan(t.app.ctx, { venueId: v.id, citizenId: red.id, colour: 'red', staffId: v.manager.id });
    await recordVerificationScan(t.app.ctx, { venueId: v.id, citizenId: green.id, colour: 'yellow', staffId: v.manager.id });
    const res = await t.app.inject({ url: `/api/venues/${v.id}/scans`, headers: v.manager.headers });
    expect(res.statusCode, res.body).toBe(200);
    const day = res.json();
    expect(day.counts).toEqual({ green: 1, yellow: 1, red: 1, total: 3, pass: 1, stop: 2 });
    expect(day.scans).toHaveLength(3);
    expect(day.scans.map((s: { maskedName: string }) => s.maskedName).sort()).toEqual(['赵*', '赵*', '钱*']);
    expect(day.stopList.map((s: { colour: string; decision: string }) => `${s.colour}:${s.decision}`).sort()).toEqual(['red:stop', 'yellow:stop']);
    expect(JSON.stringify(day)).not.toContain(red.idNumber);
    const audit = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'venues.scan.read'), eq(auditLog.subjectId, v.id)));
    expect(audit).toHaveLength(1);
    // Another day is empty; other venues' staff cannot look.
    expect((await t.app.inject({ url: `/api/venues/${v.id}/scans?date=2020-03-01`, headers: v.manager.headers })).json().counts.total).toBe(0);
    const other = await approvedVenue(t);
    expect((await t.app.inject({ url: `/api/venues/${v.id}/scans`, headers: other.manager.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/venues/${v.id}/scans?date=yesterday`, headers: v.manager.headers })).statusCode).toBe(400);
  });

  it('lets venue staff record a visit by hand (audited): never presence, the same 202 for unknown numbers, rate-limited per staff account', async () => {
    const v = await approvedVenue(t);
    const citizen = await realNameCitizen(t, '孙八');
    const manual = (payload: Record<string, string>, headers = v.manager.headers) => t.app.inject({ method: 'POST', url: `/api/venues/${v.id}/scans/manual`, headers, payload });
    const byId = await manual({ documentNumber: citizen.idNumber });
    expect(byId.statusCode, byId.body).toBe(202);
    const byPhone = await manual({ phone: citizen.phone });
    const unknown = await manual({ phone: '13700000000' });
    // Registered or not: the same status and body, nothing that names or colours the person.
    for (const res of [byPhone, unknown]) {
      expect(res.statusCode).toBe(202);
      expect(res.body).toBe(byId.body);
    }
    expect(byId.json()).toEqual({ accepted: true, presenceProven: false });
    const rows = await t.app.ctx.db.select().from(scans).where(eq(scans.venueId, v.id));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatchObject({ citizenId: citizen.id, method: 'manual', presenceProven: false });
    // The venue's day view does not list manual entries either (it would tell who is registered).
    const day = (await t.app.inject({ url: `/api/venues/${v.id}/scans`, headers: v.manager.headers })).json();
    expect(day.counts.total).toBe(0);
    expect((await manual({})).statusCode).toBe(400);
    const audit = await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'venues.manual-scan.record'));
    expect(audit.filter((a) => a.subjectId === citizen.id)).toHaveLength(2);
    expect(t.logs.join('')).not.toContain(citizen.idNumber);
    // Per staff account: 60 an hour (counted for unknown numbers too), then 429 with retry-after.
    for (let i = 3; i < 60; i++) expect((await manual({ phone: `1370000${String(i).padStart(4, '0')}` })).statusCode).toBe(202);
    const limited = await manual({ phone: citizen.phone });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another staff account of the venue has its own allowance.
    const gate = await t.app.inject({ method: 'POST', url: `/api/venues/${v.id}/staff`, headers: v.officer.headers, payload: { username: 'gate_manual', password: 'Gate-pass-2026x', displayName: '门岗' } });
    expect(gate.statusCode, gate.body).toBe(201);
    const signIn = await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: 'gate_manual', password: 'Gate-pass-2026x' } });
    await signCommitment(t.app, { authorization: `Bearer ${signIn.json().token}` }); // a new account's first step
    expect((await manual({ phone: citizen.phone }, { authorization: `Bearer ${signIn.json().token}` })).statusCode).toBe(202);
  });

  it('shows a citizen their own recent scans', async () => {
    const v = await approvedVenue(t);
    const citizen = await realNameCitizen(t);
    await t.app.inject({ method: 'POST', url: '/api/scans', headers: citizen.headers, payload: { placeToken: v.staticToken } });
    const mine = (await t.app.inject({ url: '/api/scans/mine', headers: citizen.headers })).json();
    expect(mine).toEqual([expect.objectContaining({ venueId: v.id, venueName: VENUE_INPUT.name, method: 'citizen_scan_static' })]);
  });
});
