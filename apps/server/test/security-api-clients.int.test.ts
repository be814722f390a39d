import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff } from './factories.ts';
import { idNumber } from './venues.support.ts';

// Issue 10, item 3: a county admin created a healthcode.generate key and generated codes for another
// county's citizens, and revoked the city's key. A key's region is no wider than its creator's, its
// requests are scoped to it, and keys outside one's region are NOT_FOUND to manage.
describe('API clients are region-scoped', { timeout: 120_000 }, () => {
  let t: TestApp;
  let countyAdmin: Awaited<ReturnType<typeof createStaff>>;
  let cityAdmin: Awaited<ReturnType<typeof createStaff>>;
  beforeAll(async () => {
    t = await createTestApp();
    countyAdmin = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510603' });
    cityAdmin = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510600' });
  }, 180_000);
  afterAll(async () => t.close());

  const create = (admin: { headers: Record<string, string> }, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/admin/api-clients', headers: admin.headers, payload: { name: 'hospital', permissions: ['healthcode.generate'], ...payload } });

  it('a key takes its creator\'s region, or a narrower one; never a wider or another one', async () => {
    const own = await create(countyAdmin, {});
    expect(own.statusCode).toBe(201);
    expect(own.json().regionCode).toBe('510603');
    expect((await create(countyAdmin, { regionCode: '510600' })).statusCode).toBe(404);
    expect((await create(countyAdmin, { regionCode: '510681' })).statusCode).toBe(404);
    const narrower = await create(cityAdmin, { regionCode: '510681' });
    expect(narrower.statusCode).toBe(201);
    expect(narrower.json().regionCode).toBe('510681');
    expect((await create(cityAdmin, { regionCode: '999999' })).json().code).toBe('IDENTITY_DIVISION_INVALID');
  });

  it('generating a code for a citizen outside the key\'s region answers as for an unknown person', async () => {
    const key = (await create(countyAdmin, {})).json().key as string;
    const inside = idNumber();
    const outside = idNumber();
    await createCitizen(t.app.ctx, { name: '张三', idNumber: inside, householdDivision: '510603' });
    await createCitizen(t.app.ctx, { name: '李四', idNumber: outside, householdDivision: '510681' });
    const generate = (documentNumber: string) =>
      t.app.inject({ method: 'POST', url: '/api/open/health-code/generate', headers: { 'x-api-key': key }, payload: { documentType: 'resident_id', documentNumber } });
    const ok = await generate(inside);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().code).toBe('0000');
    const refused = await generate(outside);
    expect(refused.json()).toMatchObject({ code: '2001', data: null });
  });

  it('listing and revoking keys outside one\'s region: not listed, NOT_FOUND', async () => {
    const cityKey = (await create(cityAdmin, { name: 'city key' })).json();
    expect(cityKey.regionCode).toBe('510600');
    const countyList = (await t.app.inject({ url: '/api/admin/api-clients', headers: countyAdmin.headers })).json() as { id: string; regionCode: string }[];
    expect(countyList.length).toBeGreaterThan(0);
    expect(countyList.every((c) => c.regionCode.startsWith('510603'))).toBe(true);
    expect(countyList.some((c) => c.id === cityKey.id)).toBe(false);
    const revoke = await t.app.inject({ method: 'DELETE', url: `/api/admin/api-clients/${cityKey.id}`, headers: countyAdmin.headers });
    expect(revoke.statusCode).toBe(404);
    expect(revoke.json().code).toBe('NOT_FOUND');
    // The key still works; the city admin can revoke a county key.
    const countyKey = (await create(countyAdmin, { name: 'county key' })).json();
    expect((await t.app.inject({ method: 'DELETE', url: `/api/admin/api-clients/${countyKey.id}`, headers: cityAdmin.headers })).statusCode).toBe(204);
    const cityList = (await t.app.inject({ url: '/api/admin/api-clients', headers: cityAdmin.headers })).json() as { id: string }[];
    expect(cityList.some((c) => c.id === cityKey.id && c.id)).toBe(true);
  });
});
