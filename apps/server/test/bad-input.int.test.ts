import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support.ts';
import { createStaff } from './factories.ts';
import { VENUE_INPUT, approvedVenue, realNameCitizen } from './venues.support.ts';

/** Hostile input answers 400 with the offending field named, never 500 (issue 10, item 8). */
describe('bad input: 400 with a field-level message', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(async () => t.close());

  function expectFieldError(res: { statusCode: number; body: string; json(): { code: string; details?: { issues?: { path: string; message: string }[] } } }, path: string) {
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(res.json().details?.issues).toEqual([expect.objectContaining({ path, message: expect.any(String) })]);
  }

  it('refuses limit=1e309 and days=1e309 (ajv coerces them to Infinity and skips maximum)', async () => {
    const v = await approvedVenue(t);
    const officer = await createStaff(t.app.ctx, { roles: ['sys_admin', 'big_data', 'health', 'county_command', 'supervision'], regionCode: '510600' });
    const citizen = await realNameCitizen(t);
    const cases: [string, Record<string, string>, string][] = [
      ['/api/scans/mine?days=1e309', citizen.headers, 'querystring/days'],
      ['/api/admin/audit?limit=1e309', officer.headers, 'querystring/limit'],
      ['/api/epidemic/person-statuses?limit=1e309', officer.headers, 'querystring/limit'],
      ['/api/screening/imports?limit=1e309', officer.headers, 'querystring/limit'],
      ['/api/screening/persons?limit=1e309', officer.headers, 'querystring/limit'],
      ['/api/screening/tasks?limit=-1e309', officer.headers, 'querystring/limit'],
      ['/api/screening/reviews?limit=Infinity', officer.headers, 'querystring/limit'],
      ['/api/venues?limit=1e309', officer.headers, 'querystring/limit'],
      ['/api/venues/flags?days=1e309', officer.headers, 'querystring/days'],
      [`/api/venues/${v.id}/scans?limit=1e309`, v.manager.headers, 'querystring/limit'],
    ];
    for (const [url, headers, path] of cases) expectFieldError(await t.app.inject({ url, headers }), path);
    // Finite values still work.
    expect((await t.app.inject({ url: '/api/scans/mine?days=7', headers: citizen.headers })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/admin/audit?limit=1e1', headers: officer.headers })).statusCode).toBe(200);
  });

  it('refuses a NUL byte (and other control characters) in a venue name, a staff display name and a venue search', async () => {
    const v = await approvedVenue(t);
    const admin = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510600' });
    expectFieldError(await t.app.inject({ method: 'POST', url: '/api/venues', headers: v.officer.headers, payload: { ...VENUE_INPUT, name: '万达\u0000广场' } }), 'body/name');
    expectFieldError(await t.app.inject({ method: 'POST', url: '/api/venues', headers: v.officer.headers, payload: { ...VENUE_INPUT, address: '长江东路\n100号' } }), 'body/address');
    expectFieldError(await t.app.inject({ url: '/api/venues?q=%E4%B8%87%00', headers: v.officer.headers }), 'querystring/q');
    expectFieldError(
      await t.app.inject({ method: 'POST', url: `/api/venues/${v.id}/staff`, headers: v.officer.headers, payload: { username: 'gate_nul', password: 'Gate-pass-2026x', displayName: '门岗\u0000' } }),
      'body/displayName',
    );
    expectFieldError(
      await t.app.inject({ method: 'POST', url: '/api/admin/staff', headers: admin.headers, payload: { username: 'nul.user', password: 'Admin-pass-2026x', displayName: 'a\u0000b', department: '卫健委', roles: ['health'], regionCode: '510603' } }),
      'body/displayName',
    );
    // Ordinary names still pass.
    expect((await t.app.inject({ url: `/api/venues?q=${encodeURIComponent('万达')}`, headers: v.officer.headers })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/venues', headers: v.officer.headers, payload: { ...VENUE_INPUT, name: '万达 广场 B座' } })).statusCode).toBe(201);
  });
});
