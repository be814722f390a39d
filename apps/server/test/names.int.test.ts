import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff } from './factories.ts';
import { citizens, staffAccounts } from '../src/platform/identity/identity.tables.ts';
import { venues } from '../src/modules/venues/venues.tables.ts';
import { checkCharacterOf } from '../src/platform/identity/documents.ts';
import { VENUE_INPUT, approvedVenue } from './venues.support.ts';

let seq = 300;
function idNumber(division = '510603', birth = '19900214'): string {
  const first17 = `${division}${birth}${String(seq++).padStart(3, '0')}`;
  return first17 + checkCharacterOf(first17);
}

/** Names through the API: the shared rule of packages/contracts/names.ts, a clear 400, nothing stored. */
describe('names: real names, staff names and departments, venue names', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 180_000);
  afterAll(async () => t.close());

  it('real name: accepts rare characters, the middle dot and Latin names; stores the normalised form', async () => {
    for (const [name, stored] of [
      ['𠮷野家', '𠮷野家'],
      ['阿依古丽 • 买买提', '阿依古丽·买买提'],
      ['  Anna   Maria  ', 'Anna Maria'],
    ] as const) {
      const citizen = await createCitizen(t.app.ctx);
      const res = await t.app.inject({
        method: 'PUT', url: '/api/me/real-name', headers: citizen.headers,
        payload: { name, documentType: 'resident_id', documentNumber: idNumber(), householdDivision: '510603' },
      });
      expect(res.statusCode, res.body).toBe(200);
      const [row] = await t.app.ctx.db.select().from(citizens).where(eq(citizens.id, citizen.id));
      expect(t.app.ctx.cipher.decrypt(row.nameCipher)).toBe(stored);
    }
  });

  it('real name: refuses emoji, HTML, controls, digits and mixed scripts with a clear zh/en message; nothing stored', async () => {
    const citizen = await createCitizen(t.app.ctx);
    for (const [name, problem] of [
      ['😀😀测试', 'emoji'],
      ['<b>张三</b>', 'markup'],
      ['张三\u202E', 'control'],
      ['张三3', 'digits'],
      ['张三San', 'mixed'],
      ['张', 'too_short'],
    ] as const) {
      const res = await t.app.inject({
        method: 'PUT', url: '/api/me/real-name', headers: citizen.headers,
        payload: { name, documentType: 'resident_id', documentNumber: idNumber(), householdDivision: '510603' },
      });
      expect(res.statusCode, name).toBe(400);
      expect(res.json(), name).toMatchObject({ code: 'IDENTITY_NAME_INVALID', details: { field: 'name', problem } });
      expect(res.json().message).toContain('表情符号');
    }
    const en = await t.app.inject({
      method: 'PUT', url: '/api/me/real-name', headers: { ...citizen.headers, 'accept-language': 'en' },
      payload: { name: '😀😀测试', documentType: 'resident_id', documentNumber: idNumber(), householdDivision: '510603' },
    });
    expect(en.json().message).toMatch(/no emoji/);
    const [row] = await t.app.ctx.db.select().from(citizens).where(eq(citizens.id, citizen.id));
    expect(row.realNameAt).toBeNull();
    expect(row.documentIndex).toBeNull();
  });

  it('staff: display name and department refuse emoji, markup and over-long text on create and update; nothing stored', async () => {
    const admin = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510600' });
    const base = { password: 'Secure-pass-2026', displayName: '值班员', department: '旌阳区卫健局', roles: ['health'], regionCode: '510603' };
    const before = (await t.app.ctx.db.select().from(staffAccounts)).length;
    for (const [over, field, code] of [
      [{ displayName: '值班员😀' }, 'displayName', 'ADMIN_STAFF_TEXT_INVALID'],
      [{ department: '<script>x</script>' }, 'department', 'ADMIN_STAFF_TEXT_INVALID'],
      [{ department: '卫健局\u200B' }, 'department', 'ADMIN_STAFF_TEXT_INVALID'],
      [{ department: '部'.repeat(65) }, null, 'VALIDATION_FAILED'],
    ] as const) {
      const res = await t.app.inject({ method: 'POST', url: '/api/admin/staff', headers: admin.headers, payload: { ...base, ...over, username: `n${seq++}x` } });
      expect(res.statusCode, JSON.stringify(over)).toBe(400);
      expect(res.json().code).toBe(code);
      if (field) expect(res.json().details.field).toBe(field);
    }
    expect((await t.app.ctx.db.select().from(staffAccounts)).length).toBe(before);
    const created = await t.app.inject({ method: 'POST', url: '/api/admin/staff', headers: admin.headers, payload: { ...base, department: '旌阳区  卫健局（值班）', username: `n${seq++}x` } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().department).toBe('旌阳区 卫健局（值班）');
    const id = created.json().id as string;
    const bad = await t.app.inject({ method: 'PATCH', url: `/api/admin/staff/${id}`, headers: admin.headers, payload: { displayName: '<i>x</i>' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'ADMIN_STAFF_TEXT_INVALID', details: { field: 'displayName', problem: 'markup' } });
    const [row] = await t.app.ctx.db.select().from(staffAccounts).where(eq(staffAccounts.id, id));
    expect(row.displayName).toBe('值班员');
  });

  it('venues: the name and contact person follow the rules; a venue staff name refuses emoji; nothing stored', async () => {
    const owner = await createCitizen(t.app.ctx);
    const before = (await t.app.ctx.db.select().from(venues)).length;
    for (const [over, code, field] of [
      [{ name: '😀超市' }, 'VENUES_NAME_INVALID', 'name'],
      [{ name: '<b>超市</b>' }, 'VENUES_NAME_INVALID', 'name'],
      [{ contactName: '王小明😀' }, 'VENUES_CONTACT_NAME_INVALID', 'contactName'],
      [{ contactName: '王小明1' }, 'VENUES_CONTACT_NAME_INVALID', 'contactName'],
    ] as const) {
      const res = await t.app.inject({ method: 'POST', url: '/api/venues', headers: owner.headers, payload: { ...VENUE_INPUT, ...over } });
      expect(res.statusCode, JSON.stringify(over)).toBe(400);
      expect(res.json()).toMatchObject({ code, details: { field } });
    }
    expect((await t.app.ctx.db.select().from(venues)).length).toBe(before);
    const ok = await t.app.inject({ method: 'POST', url: '/api/venues', headers: owner.headers, payload: { ...VENUE_INPUT, name: 'M&G 文具（旌阳店）', contactName: '买买提·艾力' } });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().name).toBe('M&G 文具（旌阳店）');

    const venue = await approvedVenue(t);
    const staff = await t.app.inject({
      method: 'POST', url: `/api/venues/${venue.id}/staff`, headers: venue.officer.headers,
      payload: { username: `door${seq++}`, password: 'Door-pass-2026x', displayName: '门岗🙂' },
    });
    expect(staff.statusCode).toBe(400);
    expect(staff.json()).toMatchObject({ code: 'VENUES_STAFF_NAME_INVALID', details: { field: 'displayName', problem: 'emoji' } });
  });

  it('staff form: an administrator picks a venue by name from the approved venues of the region', async () => {
    const venue = await approvedVenue(t, { name: '旌阳区选择测试超市' });
    const owner = await createCitizen(t.app.ctx);
    const pending = (await t.app.inject({ method: 'POST', url: '/api/venues', headers: owner.headers, payload: { ...VENUE_INPUT, name: '旌阳区选择测试待审' } })).json().id as string;
    const cityAdmin = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510600' });
    const otherAdmin = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510623' });
    const res = await t.app.inject({ url: '/api/admin/staff/venue-options?q=选择测试', headers: cityAdmin.headers });
    expect(res.statusCode, res.body).toBe(200);
    const options = res.json() as { id: string; name: string; divisionName: string }[];
    expect(options.map((o) => o.id)).toContain(venue.id);
    expect(options.map((o) => o.id)).not.toContain(pending);
    expect(options.find((o) => o.id === venue.id)).toEqual({ id: venue.id, name: '旌阳区选择测试超市', address: VENUE_INPUT.address, divisionCode: '510603', divisionName: '四川省德阳市旌阳区' });
    expect((await t.app.inject({ url: '/api/admin/staff/venue-options?q=选择测试', headers: otherAdmin.headers })).json()).toEqual([]);
    expect((await t.app.inject({ url: '/api/admin/staff/venue-options', headers: venue.officer.headers })).statusCode).toBe(403);
  });
});
