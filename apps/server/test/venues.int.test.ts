import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff, signCommitment } from './factories.ts';
import { VENUE_INPUT, approvedVenue, realNameCitizen } from './venues.support.ts';
import { venues } from '../src/modules/venues/venues.tables.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';
import { scansOfPerson, venueById } from '../src/modules/venues/index.ts';

describe('venues: registration, review, staff, place codes', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(async () => t.close());

  it('lets a citizen register a venue; the contact is encrypted at rest and masked on screen', async () => {
    const owner = await createCitizen(t.app.ctx);
    const res = await t.app.inject({ method: 'POST', url: '/api/venues', headers: owner.headers, payload: VENUE_INPUT });
    expect(res.statusCode, res.body).toBe(201);
    const venue = res.json();
    expect(venue).toMatchObject({ status: 'pending', type: 'mall', stayMinutes: 120, divisionName: '四川省德阳市旌阳区', contactName: '王**', contactPhone: '139****5678' });
    const [row] = await t.app.ctx.db.select().from(venues).where(eq(venues.id, venue.id));
    expect(row.contactNameCipher).not.toContain('王小明');
    expect(row.contactPhoneCipher).not.toContain('13912345678');
    expect(t.app.ctx.cipher.decrypt(row.contactPhoneCipher)).toBe('13912345678');
    const mine = await t.app.inject({ url: '/api/venues/applications', headers: owner.headers });
    expect(mine.json().map((v: { id: string }) => v.id)).toContain(venue.id);
    expect(t.logs.join('')).not.toContain('13912345678');
  });

  it('validates input with a clear error and keeps nothing', async () => {
    const owner = await createCitizen(t.app.ctx);
    const before = (await t.app.ctx.db.select().from(venues)).length;
    for (const payload of [
      { ...VENUE_INPUT, divisionCode: '510699' }, // not a real division
      { ...VENUE_INPUT, divisionCode: '510600' }, // a city, not a county
      { ...VENUE_INPUT, type: 'casino' },
      { ...VENUE_INPUT, latitude: 91 },
      { ...VENUE_INPUT, contactPhone: '12345' },
      { ...VENUE_INPUT, name: '   ' },
      { ...VENUE_INPUT, extra: 1 },
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/venues', headers: owner.headers, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code).toMatch(/^(VALIDATION_FAILED|VENUES_DIVISION_INVALID)$/);
      expect(typeof res.json().message).toBe('string');
    }
    expect((await t.app.ctx.db.select().from(venues)).length).toBe(before);
  });

  it('refuses a rejection without a reason; the owner then sees the reason with the rejected status', async () => {
    const owner = await createCitizen(t.app.ctx);
    const id = (await t.app.inject({ method: 'POST', url: '/api/venues', headers: owner.headers, payload: VENUE_INPUT })).json().id;
    const health = await createStaff(t.app.ctx, { roles: ['health'], regionCode: '510603' });
    for (const payload of [{ decision: 'rejected' }, { decision: 'rejected', note: '   ' }]) {
      const res = await t.app.inject({ method: 'POST', url: `/api/venues/${id}/decision`, headers: health.headers, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VENUES_REJECTION_REASON_REQUIRED', message: '驳回场所登记须填写驳回原因', details: { field: 'note' } });
    }
    const [still] = await t.app.ctx.db.select().from(venues).where(eq(venues.id, id));
    expect(still.status).toBe('pending');
    expect(await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.subjectId, id))).toHaveLength(1); // the registration only
    const rejected = await t.app.inject({ method: 'POST', url: `/api/venues/${id}/decision`, headers: health.headers, payload: { decision: 'rejected', note: '  营业执照照片不清晰，请重新提交  ' } });
    expect(rejected.statusCode, rejected.body).toBe(200);
    const mine = (await t.app.inject({ url: '/api/venues/applications', headers: owner.headers })).json() as { id: string; status: string; decisionNote: string | null }[];
    expect(mine.find((v) => v.id === id)).toMatchObject({ status: 'rejected', decisionNote: '营业执照照片不清晰，请重新提交' });
  });

  it('needs an officer of the venue\'s region to approve; others get NOT_FOUND or FORBIDDEN; audited', async () => {
    const owner = await createCitizen(t.app.ctx);
    const id = (await t.app.inject({ method: 'POST', url: '/api/venues', headers: owner.headers, payload: VENUE_INPUT })).json().id;
    const otherCounty = await createStaff(t.app.ctx, { roles: ['county_command'], regionCode: '510623' }); // 中江县
    const police = await createStaff(t.app.ctx, { roles: ['police'], regionCode: '510600' });
    const health = await createStaff(t.app.ctx, { roles: ['health'], regionCode: '510600' });
    expect((await t.app.inject({ method: 'POST', url: `/api/venues/${id}/decision`, headers: owner.headers, payload: { decision: 'approved' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/api/venues/${id}/decision`, headers: police.headers, payload: { decision: 'approved' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/api/venues/${id}/decision`, headers: otherCounty.headers, payload: { decision: 'approved' } })).statusCode).toBe(404);
    const ok = await t.app.inject({ method: 'POST', url: `/api/venues/${id}/decision`, headers: health.headers, payload: { decision: 'rejected', note: '地址不详' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'rejected', decisionNote: '地址不详' });
    const again = await t.app.inject({ method: 'POST', url: `/api/venues/${id}/decision`, headers: health.headers, payload: { decision: 'approved' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('VENUES_NOT_PENDING');
    const audit = await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.subjectId, id));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['venues.venue.register', 'venues.venue.reject']));
    expect(audit.find((a) => a.action === 'venues.venue.reject')?.actorId).toBe(health.id);
  });

  it('lists venues region-scoped with filters and cursor paging', async () => {
    const county = await createStaff(t.app.ctx, { roles: ['big_data'], regionCode: '510603' });
    const zhongjiang = await createStaff(t.app.ctx, { roles: ['big_data'], regionCode: '510623' });
    const owner = await createCitizen(t.app.ctx);
    const inZj = (await t.app.inject({ method: 'POST', url: '/api/venues', headers: owner.headers, payload: { ...VENUE_INPUT, name: '中江超市', type: 'supermarket', divisionCode: '510623' } })).json();
    for (let i = 0; i < 3; i++) await t.app.inject({ method: 'POST', url: '/api/venues', headers: owner.headers, payload: { ...VENUE_INPUT, name: `分页餐厅${i}`, type: 'restaurant' } });
    const page1 = (await t.app.inject({ url: '/api/venues?type=restaurant&limit=2', headers: county.headers })).json();
    expect(page1.items).toHaveLength(2);
    expect(page1.nextCursor).toBeTruthy();
    const page2 = (await t.app.inject({ url: `/api/venues?type=restaurant&limit=2&cursor=${page1.nextCursor}`, headers: county.headers })).json();
    const names = [...page1.items, ...page2.items].map((v: { name: string }) => v.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['分页餐厅0', '分页餐厅1', '分页餐厅2']));
    const all = (await t.app.inject({ url: '/api/venues?limit=200', headers: county.headers })).json();
    expect(all.items.every((v: { divisionCode: string }) => v.divisionCode === '510603')).toBe(true);
    expect((await t.app.inject({ url: '/api/venues?divisionCode=510623', headers: county.headers })).json().items).toEqual([]);
    expect((await t.app.inject({ url: '/api/venues?q=中江', headers: zhongjiang.headers })).json().items.map((v: { id: string }) => v.id)).toEqual([inZj.id]);
    expect((await t.app.inject({ url: `/api/venues/${inZj.id}`, headers: county.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/venues?status=nope', headers: county.headers })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/venues?cursor=bad', headers: county.headers })).json().code).toBe('VALIDATION_FAILED');
  });

  it('attaches venue staff: officer first (becomes manager), then the manager; others refused', async () => {
    const { id, officer } = await approvedVenueWithoutStaff(t);
    const first = await t.app.inject({ method: 'POST', url: `/api/venues/${id}/staff`, headers: officer.headers, payload: { username: `mgr_${id.slice(0, 8)}`, password: 'Manager-2026x', displayName: '店长' } });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ manager: true, disabled: false });
    // The manager signs in through the real staff sign-in and adds a colleague.
    const signIn = await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: `mgr_${id.slice(0, 8)}`, password: 'Manager-2026x' } });
    expect(signIn.statusCode, signIn.body).toBe(200);
    const manager = { authorization: `Bearer ${signIn.json().token}` };
    expect(signIn.json().me).toMatchObject({ venueId: id, roles: ['venue_staff'], regionCode: '510603', commitmentRequired: true });
    await signCommitment(t.app, manager); // a new account signs the confidentiality commitment first
    const second = await t.app.inject({ method: 'POST', url: `/api/venues/${id}/staff`, headers: manager, payload: { username: `clerk_${id.slice(0, 8)}`, password: 'Clerk-2026xyz', displayName: '收银员' } });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().manager).toBe(false);
    const clerkSignIn = await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: `clerk_${id.slice(0, 8)}`, password: 'Clerk-2026xyz' } });
    const clerk = { authorization: `Bearer ${clerkSignIn.json().token}` };
    await signCommitment(t.app, clerk);
    const third = await t.app.inject({ method: 'POST', url: `/api/venues/${id}/staff`, headers: clerk, payload: { username: `x_${id.slice(0, 8)}`, password: 'Clerk-2026xyz', displayName: 'x' } });
    expect(third.statusCode).toBe(403);
    const dup = await t.app.inject({ method: 'POST', url: `/api/venues/${id}/staff`, headers: manager, payload: { username: `clerk_${id.slice(0, 8)}`, password: 'Clerk-2026xyz', displayName: 'dup' } });
    expect(dup.json().code).toBe('VENUES_STAFF_USERNAME_TAKEN');
    const weak = await t.app.inject({ method: 'POST', url: `/api/venues/${id}/staff`, headers: manager, payload: { username: `weak_${id.slice(0, 8)}`, password: 'onlylettershere', displayName: 'w' } });
    expect(weak.json().code).toBe('VENUES_STAFF_PASSWORD_WEAK');
    const list = (await t.app.inject({ url: `/api/venues/${id}/staff`, headers: clerk })).json();
    expect(list.map((s: { displayName: string }) => s.displayName)).toEqual(['店长', '收银员']);
    const mine = await t.app.inject({ url: '/api/venues/mine', headers: clerk });
    expect(mine.json()).toMatchObject({ id, status: 'approved' });
    // Venue staff see only their own venue.
    const other = await approvedVenueWithoutStaff(t);
    expect((await t.app.inject({ url: `/api/venues/${other.id}`, headers: clerk })).statusCode).toBe(404);
  });

  it('refuses staff for a venue that is not approved', async () => {
    const officer = await createStaff(t.app.ctx, { roles: ['county_command'], regionCode: '510603' });
    const id = (await t.app.inject({ method: 'POST', url: '/api/venues', headers: officer.headers, payload: VENUE_INPUT })).json().id;
    const res = await t.app.inject({ method: 'POST', url: `/api/venues/${id}/staff`, headers: officer.headers, payload: { username: `p_${id.slice(0, 8)}`, password: 'Pending-2026x', displayName: 'p' } });
    expect(res.json().code).toBe('VENUES_NOT_APPROVED');
    expect((await t.app.inject({ url: `/api/venues/${id}/place-code`, headers: officer.headers })).json().code).toBe('VENUES_NOT_APPROVED');
  });

  it('gives the poster data, a PNG and an A4 PDF of the static place code', async () => {
    const v = await approvedVenue(t);
    const data = (await t.app.inject({ url: `/api/venues/${v.id}/place-code`, headers: v.manager.headers })).json();
    expect(data).toMatchObject({ venueId: v.id, name: VENUE_INPUT.name, version: 1, typeName: '商场' });
    expect(data.url).toBe(`${t.config.publicUrl}/m/scan?c=${data.token}`);
    const png = await t.app.inject({ url: `/api/venues/${v.id}/poster.png`, headers: v.manager.headers });
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    expect(png.rawPayload.readUInt32BE(16)).toBe(900); // IHDR width
    const pdf = await t.app.inject({ url: `/api/venues/${v.id}/poster.pdf`, headers: v.officer.headers });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.toString('latin1')).toContain('NotoSansCJK');
  });

  it('rotates the static code: old posters are refused, the new one works', async () => {
    const v = await approvedVenue(t);
    const citizen = await realNameCitizen(t, '李四');
    const rotated = await t.app.inject({ method: 'POST', url: `/api/venues/${v.id}/place-code/rotate`, headers: v.manager.headers });
    expect(rotated.statusCode, rotated.body).toBe(200);
    expect(rotated.json().version).toBe(2);
    const old = await t.app.inject({ method: 'POST', url: '/api/scans', headers: citizen.headers, payload: { placeToken: v.staticToken } });
    expect(old.json().code).toBe('VENUES_PLACE_CODE_REVOKED');
    const fresh = await t.app.inject({ method: 'POST', url: '/api/scans', headers: citizen.headers, payload: { placeToken: rotated.json().token } });
    expect(fresh.statusCode, fresh.body).toBe(201);
  });

  it('gives venue staff a dynamic code that rotates every 30 seconds', async () => {
    const v = await approvedVenue(t);
    const res = await t.app.inject({ url: `/api/venues/${v.id}/dynamic-code`, headers: v.manager.headers });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.rotatesEverySeconds).toBe(30);
    expect(body.token).toMatch(/^d1\./);
    const left = new Date(body.expiresAt).getTime() - Date.now();
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(30_000);
    expect(res.headers['cache-control']).toBe('no-store');
    // Officers do not run the screen; other venues' staff cannot get it.
    expect((await t.app.inject({ url: `/api/venues/${v.id}/dynamic-code`, headers: v.officer.headers })).statusCode).toBe(403);
    const other = await approvedVenue(t);
    expect((await t.app.inject({ url: `/api/venues/${v.id}/dynamic-code`, headers: other.manager.headers })).statusCode).toBe(404);
  });

  it('exports venueById and scansOfPerson for the health-code rules', async () => {
    const v = await approvedVenue(t);
    expect(await venueById(t.app.ctx.db, v.id)).toMatchObject({ id: v.id, divisionCode: '510603', status: 'approved', stayMinutes: 120 });
    expect(await venueById(t.app.ctx.db, 'not-a-uuid')).toBeNull();
    const citizen = await realNameCitizen(t, '王五');
    const since = new Date(Date.now() - 1000);
    const scan = await t.app.inject({ method: 'POST', url: '/api/scans', headers: citizen.headers, payload: { placeToken: v.staticToken } });
    expect(scan.statusCode, scan.body).toBe(201);
    const list = await scansOfPerson(t.app.ctx.db, citizen.id, since);
    expect(list).toEqual([expect.objectContaining({ venueId: v.id, divisionCode: '510603', method: 'citizen_scan_static', presenceProven: false, venueName: VENUE_INPUT.name })]);
    expect(await scansOfPerson(t.app.ctx.db, citizen.id, new Date(Date.now() + 60_000))).toEqual([]);
  });
});

async function approvedVenueWithoutStaff(t: TestApp) {
  const officer = await createStaff(t.app.ctx, { roles: ['county_command'], regionCode: '510603' });
  const id = (await t.app.inject({ method: 'POST', url: '/api/venues', headers: officer.headers, payload: VENUE_INPUT })).json().id as string;
  await t.app.inject({ method: 'POST', url: `/api/venues/${id}/decision`, headers: officer.headers, payload: { decision: 'approved' } });
  return { id, officer };
}
