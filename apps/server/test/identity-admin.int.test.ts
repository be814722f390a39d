import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff, randomPhone } from './factories.ts';
import { staffAccounts } from '../src/platform/identity/identity.tables.ts';
import { isUniqueViolation } from '../src/platform/identity/db-errors.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';
import { apiKeyCacheOf } from '../src/platform/identity/api-key-cache.ts';
import { defineActions } from '../src/platform/access/policy.ts';
import { defineModule } from '../src/platform/modules/module.ts';
import { resetRateLimits } from './identity.support.ts';

// An API action of a test module, which only the API-client tests' app includes (each app has its own policy).
const ProbeModule = defineModule({
  name: 'test-probe',
  actions: [defineActions('test-probe', { 'test-probe.probe.call': { who: 'api', permission: 'test.probe', description: 'test-only API action' } })],
});

describe('staff administration (sys_admin, region-scoped)', { timeout: 120_000 }, () => {
  let t: TestApp;
  let cityAdmin: Awaited<ReturnType<typeof createStaff>>;
  let countyAdmin: Awaited<ReturnType<typeof createStaff>>;
  beforeAll(async () => {
    t = await createTestApp();
    cityAdmin = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510600' });
    countyAdmin = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510603' });
  }, 180_000);
  afterAll(async () => t.close());

  const newStaff = (over: Record<string, unknown> = {}) => ({
    username: `u${Math.random().toString(36).slice(2, 10)}`,
    password: 'Secure-pass-2026',
    displayName: '测试干部',
    department: '卫健委',
    roles: ['health'],
    regionCode: '510603',
    ...over,
  });

  it('creates an account that can sign in; audits it; hides the password hash', async () => {
    const body = newStaff();
    const res = await t.app.inject({ method: 'POST', url: '/api/admin/staff', headers: countyAdmin.headers, payload: body });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ username: body.username, roles: ['health'], regionCode: '510603', regionName: '四川省德阳市旌阳区', disabled: false, venueId: null });
    expect(JSON.stringify(created)).not.toContain('argon2');
    const signIn = await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: body.username, password: body.password } });
    expect(signIn.statusCode).toBe(200);
    const [audit] = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'admin-staff.staff.create'), eq(auditLog.subjectId, created.id)));
    expect(audit).toMatchObject({ actorId: countyAdmin.id, regionCode: '510603' });
    expect(JSON.stringify(audit.detail)).not.toContain(body.password);
  });

  it('keeps a county admin inside the county: others are NOT_FOUND', async () => {
    const outside = await t.app.inject({ method: 'POST', url: '/api/admin/staff', headers: countyAdmin.headers, payload: newStaff({ regionCode: '510681' }) });
    expect(outside.statusCode).toBe(404);
    const cityWide = await t.app.inject({ method: 'POST', url: '/api/admin/staff', headers: countyAdmin.headers, payload: newStaff({ regionCode: '510600' }) });
    expect(cityWide.statusCode).toBe(404);
    const guanghan = await t.app.inject({ method: 'POST', url: '/api/admin/staff', headers: cityAdmin.headers, payload: newStaff({ regionCode: '510681' }) });
    expect(guanghan.statusCode).toBe(201);
    const id = guanghan.json().id;
    const list = (await t.app.inject({ url: '/api/admin/staff', headers: countyAdmin.headers })).json() as { id: string; regionCode: string }[];
    expect(list.every((s) => s.regionCode.startsWith('510603'))).toBe(true);
    expect(list.some((s) => s.id === id)).toBe(false);
    for (const req of [
      { method: 'PATCH' as const, url: `/api/admin/staff/${id}`, payload: { displayName: 'x' } },
      { method: 'POST' as const, url: `/api/admin/staff/${id}/revoke-sessions` },
      { method: 'POST' as const, url: `/api/admin/staff/${id}/password`, payload: { password: 'Another-pass-2026' } },
    ]) {
      const res = await t.app.inject({ ...req, headers: countyAdmin.headers });
      expect(res.statusCode, req.url).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
    // A city admin cannot move an account out of the city either.
    const moved = await t.app.inject({ method: 'PATCH', url: `/api/admin/staff/${id}`, headers: cityAdmin.headers, payload: { regionCode: '510100' } });
    expect(moved.statusCode).toBe(404);
    const cityList = (await t.app.inject({ url: '/api/admin/staff', headers: cityAdmin.headers })).json() as { id: string }[];
    expect(cityList.some((s) => s.id === id)).toBe(true);
  });

  it('validates input: password rules, roles, division, username, venue', async () => {
    const post = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/admin/staff', headers: cityAdmin.headers, payload });
    const weak = await post(newStaff({ password: 'onlylettershere' }));
    expect(weak.json()).toMatchObject({ code: 'ADMIN_STAFF_PASSWORD_WEAK', details: { problem: 'needs_letters_and_digits' } });
    expect((await post(newStaff({ password: 'short1' }))).json().code).toBe('VALIDATION_FAILED');
    expect((await post(newStaff({ roles: ['emperor'] }))).json().code).toBe('VALIDATION_FAILED');
    expect((await post(newStaff({ roles: [] }))).json().code).toBe('VALIDATION_FAILED');
    expect((await post(newStaff({ regionCode: '510699' }))).json().code).toBe('ADMIN_STAFF_DIVISION_INVALID');
    expect((await post(newStaff({ username: 'Bad Name' }))).json().code).toBe('VALIDATION_FAILED');
    expect((await post(newStaff({ roles: ['venue_staff'] }))).json().code).toBe('ADMIN_STAFF_VENUE_REQUIRED');
    const body = newStaff();
    expect((await post(body)).statusCode).toBe(201);
    const dup = await post({ ...body, displayName: 'other' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('ADMIN_STAFF_USERNAME_TAKEN');
  });

  it('treats usernames case-insensitively: stored lower-case, unique whatever the case, signs in however typed', async () => {
    const post = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/admin/staff', headers: cityAdmin.headers, payload });
    const suffix = Math.random().toString(36).slice(2, 8);
    const body = newStaff({ username: `Gate.${suffix}` });
    const res = await post(body);
    expect(res.statusCode).toBe(201);
    expect(res.json().username).toBe(`gate.${suffix}`);
    const [row] = await t.app.ctx.db.select({ username: staffAccounts.username }).from(staffAccounts).where(eq(staffAccounts.id, res.json().id));
    expect(row.username).toBe(`gate.${suffix}`);
    for (const typed of [`gate.${suffix}`, `GATE.${suffix.toUpperCase()}`, ` Gate.${suffix} `]) {
      const signIn = await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: typed, password: body.password } });
      expect(signIn.statusCode, typed).toBe(200);
    }
    const dup = await post(newStaff({ username: `gATE.${suffix.toUpperCase()}` }));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('ADMIN_STAFF_USERNAME_TAKEN');
    // The database refuses a case-only duplicate from any other path too (unique index on lower(username)).
    await expect(
      createStaff(t.app.ctx, { roles: ['venue_staff'], username: `GATE.${suffix.toUpperCase()}` }),
    ).rejects.toSatisfy(isUniqueViolation);
  });

  it('changes roles with an audited before/after; the change applies to live sessions at once', async () => {
    const officer = await createStaff(t.app.ctx, { roles: ['health'], regionCode: '510603' });
    const res = await t.app.inject({ method: 'PATCH', url: `/api/admin/staff/${officer.id}`, headers: countyAdmin.headers, payload: { roles: ['health', 'county_command'], department: '指挥部' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ roles: ['health', 'county_command'], department: '指挥部' });
    const me = await t.app.inject({ url: '/api/me', headers: officer.headers });
    expect(me.json().roles).toEqual(['health', 'county_command']);
    const [audit] = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'admin-staff.staff.change-permissions'), eq(auditLog.subjectId, officer.id)));
    expect(audit.detail).toEqual({ changes: { roles: { from: ['health'], to: ['health', 'county_command'] }, department: { from: 'health', to: '指挥部' } } });
    // Re-enabling works and is audited too.
    await t.app.inject({ method: 'PATCH', url: `/api/admin/staff/${officer.id}`, headers: countyAdmin.headers, payload: { disabled: true } });
    const enabled = await t.app.inject({ method: 'PATCH', url: `/api/admin/staff/${officer.id}`, headers: countyAdmin.headers, payload: { disabled: false } });
    expect(enabled.json().disabled).toBe(false);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/admin/staff/${officer.id}`, headers: countyAdmin.headers, payload: {} })).json().code).toBe('VALIDATION_FAILED');
  });

  it('does not let an admin lock themselves out', async () => {
    for (const payload of [{ disabled: true }, { roles: ['health'] }, { regionCode: '510681' }]) {
      const res = await t.app.inject({ method: 'PATCH', url: `/api/admin/staff/${cityAdmin.id}`, headers: cityAdmin.headers, payload });
      expect(res.json().code, JSON.stringify(payload)).toBe('ADMIN_STAFF_CANNOT_MODIFY_SELF');
    }
  });

  it('revokes sessions and sets passwords (which also signs the account out)', async () => {
    const officer = await createStaff(t.app.ctx, { roles: ['police'], regionCode: '510603' });
    const revoke = await t.app.inject({ method: 'POST', url: `/api/admin/staff/${officer.id}/revoke-sessions`, headers: countyAdmin.headers });
    expect(revoke.json()).toEqual({ revoked: 1 });
    expect((await t.app.inject({ url: '/api/me', headers: officer.headers })).statusCode).toBe(401);

    const weak = await t.app.inject({ method: 'POST', url: `/api/admin/staff/${officer.id}/password`, headers: countyAdmin.headers, payload: { password: `${officer.username}1234` } });
    expect(weak.json().code).toBe('ADMIN_STAFF_PASSWORD_WEAK');
    const set = await t.app.inject({ method: 'POST', url: `/api/admin/staff/${officer.id}/password`, headers: countyAdmin.headers, payload: { password: 'Brand-new-2026' } });
    expect(set.statusCode).toBe(204);
    await resetRateLimits(t);
    const old = await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: officer.username, password: officer.password } });
    expect(old.statusCode).toBe(401);
    const fresh = await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: officer.username, password: 'Brand-new-2026' } });
    expect(fresh.statusCode).toBe(200);
    const [row] = await t.app.ctx.db.select().from(staffAccounts).where(eq(staffAccounts.id, officer.id));
    expect(row.passwordHash.startsWith('$argon2id$')).toBe(true);
  });

  it('is for sys_admin only', async () => {
    const health = await createStaff(t.app.ctx, { roles: ['health'] });
    expect((await t.app.inject({ url: '/api/admin/staff', headers: health.headers })).statusCode).toBe(403);
    const citizen = await createCitizen(t.app.ctx);
    expect((await t.app.inject({ url: '/api/admin/staff', headers: citizen.headers })).statusCode).toBe(403);
  });
});

describe('API clients', { timeout: 120_000 }, () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof createStaff>>;
  beforeAll(async () => {
    t = await createTestApp({}, undefined, [ProbeModule]);
    admin = await createStaff(t.app.ctx, { roles: ['sys_admin'] });
  }, 180_000);
  afterAll(async () => t.close());

  it('creates a client whose key is shown once and stored as SHA-256; the key signs in as an API principal; revocation stops it', async () => {
    const permissions = (await t.app.inject({ url: '/api/admin/api-permissions', headers: admin.headers })).json() as { permission: string }[];
    expect(permissions.map((p) => p.permission)).toContain('test.probe');
    const res = await t.app.inject({ method: 'POST', url: '/api/admin/api-clients', headers: admin.headers, payload: { name: '市人民医院 HIS', permissions: ['test.probe'] } });
    expect(res.statusCode).toBe(201);
    const client = res.json();
    expect(client.key).toMatch(/^fxk_[A-Za-z0-9_-]{43}$/);
    expect(client.keyPrefix).toBe(client.key.slice(0, 12));
    const list = await t.app.inject({ url: '/api/admin/api-clients', headers: admin.headers });
    expect(JSON.stringify(list.json())).not.toContain(client.key);
    expect(list.json()[0]).toMatchObject({ id: client.id, permissions: ['test.probe'], revokedAt: null });

    // An API principal is not a person: /api/me refuses it with 403 (signed-in means citizen or staff).
    const asApi = await t.app.inject({ url: '/api/me', headers: { 'x-api-key': client.key } });
    expect(asApi.statusCode).toBe(403);
    const lastUsed = (await t.app.inject({ url: '/api/admin/api-clients', headers: admin.headers })).json()[0].lastUsedAt;
    expect(lastUsed).not.toBeNull();

    // The live key is remembered (api-key-cache.ts): the next request does not read it again…
    const cache = apiKeyCacheOf(t.app.ctx.db);
    const hits = cache.stats.hits;
    expect((await t.app.inject({ url: '/api/me', headers: { 'x-api-key': client.key } })).statusCode).toBe(403);
    expect(cache.stats.hits).toBe(hits + 1);
    // …and revoking it in this process stops it on the very next request.
    expect((await t.app.inject({ method: 'DELETE', url: `/api/admin/api-clients/${client.id}`, headers: admin.headers })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/me', headers: { 'x-api-key': client.key } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/admin/api-clients/${client.id}`, headers: admin.headers })).statusCode).toBe(404);
    const audits = await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.subjectId, client.id));
    expect(audits.map((a) => a.action).sort()).toEqual(['identity.api-client.create', 'identity.api-client.revoke']);
  });

  it('refuses unknown permissions and bad bodies', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/admin/api-clients', headers: admin.headers, payload: { name: 'x', permissions: ['everything.all'] } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'IDENTITY_PERMISSION_UNKNOWN', details: { unknown: ['everything.all'] } });
    expect((await t.app.inject({ method: 'POST', url: '/api/admin/api-clients', headers: admin.headers, payload: { name: 'x', permissions: [] } })).json().code).toBe('VALIDATION_FAILED');
    expect((await t.app.inject({ url: '/api/me', headers: { 'x-api-key': 'fxk_not-a-real-key' } })).statusCode).toBe(401);
  });
});

describe('SMS outbox (the built-in SMS sender)', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 180_000);
  afterAll(async () => t.close());

  it('shows administrators the latest messages with masked phones, filtered by phone; audits the read', async () => {
    const admin = await createStaff(t.app.ctx, { roles: ['sys_admin'] });
    // Only messages to citizens of the reader's region are shown (test/security-sms-outbox.int.test.ts).
    const { phone } = await createCitizen(t.app.ctx, { householdDivision: '510603' });
    const { phone: other } = await createCitizen(t.app.ctx, { householdDivision: '510681' });
    await t.app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone } });
    await t.app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone: other } });
    const all = await t.app.inject({ url: '/api/admin/sms-outbox', headers: admin.headers });
    expect(all.statusCode).toBe(200);
    expect(all.json()).toHaveLength(2);
    const mine = (await t.app.inject({ url: `/api/admin/sms-outbox?phone=${phone}`, headers: admin.headers })).json();
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ phone: `${phone.slice(0, 3)}****${phone.slice(-4)}`, template: 'otp' });
    expect(mine[0].body).toMatch(/验证码 \d{6}/);
    expect(JSON.stringify(all.json())).not.toContain(phone);
    const reads = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'identity.sms-outbox.read'), eq(auditLog.actorId, admin.id)));
    expect(reads).toHaveLength(3); // one per phone shown: two in the full list, one in the filtered read
    const health = await createStaff(t.app.ctx, { roles: ['health'] });
    expect((await t.app.inject({ url: '/api/admin/sms-outbox', headers: health.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/admin/sms-outbox?phone=123', headers: admin.headers })).json().code).toBe('VALIDATION_FAILED');
  });
});
