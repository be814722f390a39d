import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff } from './factories.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';
import { staffAccounts, staffCommitments } from '../src/platform/identity/identity.tables.ts';
import { COMMITMENT } from '../src/platform/identity/commitment.ts';
import { STAFF_ROLES } from '../src/platform/access/principal.ts';

// Issue 10: the confidentiality commitment (保密承诺书). A staff account does no staff work — and so
// reaches no personal data — until it has signed the current text; again when the version changes
// and a year after signing. Signatures are recorded (time, version, identity), audited and listed.
describe('confidentiality commitment', { timeout: 180_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 180_000);
  afterAll(async () => t.close());

  const call = (opts: InjectOptions) => t.app.inject(opts);

  it('refuses every staff route until the account signs, then lets it work', async () => {
    const officer = await createStaff(t.app.ctx, { roles: ['sys_admin', 'health'], regionCode: '510603', commitment: false });
    const refused = await call({ url: '/api/admin/staff', headers: officer.headers });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('IDENTITY_COMMITMENT_REQUIRED');
    // Its own profile and the commitment stay reachable; the profile says what is missing.
    const me = await call({ url: '/api/me', headers: officer.headers });
    expect(me.statusCode).toBe(200);
    expect(me.json().commitmentRequired).toBe(true);
    const status = await call({ url: '/api/me/commitment', headers: officer.headers });
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({ version: COMMITMENT.version, required: true, signedVersion: null, signedAt: null });
    expect(status.json().text.zh).toContain('保密');
    // Signing an outdated version is refused (the page reloads the new text).
    const outdated = await call({ method: 'POST', url: '/api/me/commitment', headers: officer.headers, payload: { version: COMMITMENT.version + 1 } });
    expect(outdated.statusCode).toBe(409);
    expect(outdated.json().code).toBe('IDENTITY_COMMITMENT_OUTDATED');
    expect((await call({ url: '/api/admin/staff', headers: officer.headers })).statusCode).toBe(403);
    const signed = await call({ method: 'POST', url: '/api/me/commitment', headers: officer.headers, payload: { version: COMMITMENT.version } });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({ required: false, signedVersion: COMMITMENT.version });
    // The very next request works (the session cache drops the account's entry on the change).
    expect((await call({ url: '/api/admin/staff', headers: officer.headers })).statusCode).toBe(200);
    expect((await call({ url: '/api/me', headers: officer.headers })).json().commitmentRequired).toBe(false);
    // Recorded with time, version and identity, and audited.
    const rows = await t.app.ctx.db.select().from(staffCommitments).where(eq(staffCommitments.staffId, officer.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ version: COMMITMENT.version });
    expect(rows[0].textHash).toMatch(/^[0-9a-f]{64}$/);
    const audit = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'identity.commitment.sign'), eq(auditLog.actorId, officer.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ subjectType: 'staff', subjectId: officer.id, regionCode: '510603', detail: { version: COMMITMENT.version, textHash: rows[0].textHash } });
  });

  it('asks again when the text version changes and a year after signing', async () => {
    const officer = await createStaff(t.app.ctx, { roles: ['health'], regionCode: '510603' });
    expect((await call({ url: '/api/health/overrides', headers: officer.headers })).statusCode).toBe(200);
    // Signed an older version: refused until the current one is signed.
    await t.app.ctx.db.update(staffAccounts).set({ commitmentVersion: COMMITMENT.version - 1 }).where(eq(staffAccounts.id, officer.id));
    const old = await call({ url: '/api/health/overrides', headers: officer.headers });
    expect(old.json().code).toBe('IDENTITY_COMMITMENT_REQUIRED');
    expect((await call({ url: '/api/me/commitment', headers: officer.headers })).json()).toMatchObject({ required: true, signedVersion: COMMITMENT.version - 1 });
    await call({ method: 'POST', url: '/api/me/commitment', headers: officer.headers, payload: { version: COMMITMENT.version } });
    expect((await call({ url: '/api/health/overrides', headers: officer.headers })).statusCode).toBe(200);
    // Signed more than a year ago: refused again.
    await t.app.ctx.db.update(staffAccounts).set({ commitmentSignedAt: new Date(Date.now() - (COMMITMENT.validDays + 1) * 86_400_000) }).where(eq(staffAccounts.id, officer.id));
    expect((await call({ url: '/api/health/overrides', headers: officer.headers })).json().code).toBe('IDENTITY_COMMITMENT_REQUIRED');
  });

  it('covers every staff route the app registers (derived from the route list and the policy)', async () => {
    const everyRole = await createStaff(t.app.ctx, { roles: [...STAFF_ROLES], regionCode: '510600', commitment: false });
    const staffRoutes = t.app.actionRoutes.filter((r) => t.app.ctx.policy.ruleOf(r.action).who === 'staff');
    expect(staffRoutes.length).toBeGreaterThan(50);
    const leaks: string[] = [];
    for (const route of staffRoutes) {
      const url = `/api${route.url.replace(/^\/api/, '')}`.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      const res = await call({ method: route.method as InjectOptions['method'], url, headers: everyRole.headers, payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {} });
      if (res.statusCode !== 403 || res.json().code !== 'IDENTITY_COMMITMENT_REQUIRED') leaks.push(`${route.method} ${route.url} → ${res.statusCode}`);
    }
    expect(leaks).toEqual([]);
  });

  it('lists signatures to administrators of the region (audited) and is for staff only', async () => {
    const admin = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510603' });
    const here = await createStaff(t.app.ctx, { roles: ['police'], regionCode: '510603', commitment: false });
    const there = await createStaff(t.app.ctx, { roles: ['police'], regionCode: '510681', commitment: false });
    for (const s of [here, there]) {
      expect((await call({ method: 'POST', url: '/api/me/commitment', headers: s.headers, payload: { version: COMMITMENT.version } })).statusCode).toBe(200);
    }
    const res = await call({ url: '/api/admin/commitments', headers: admin.headers });
    expect(res.statusCode).toBe(200);
    const ids = (res.json() as { staffId: string; current: boolean }[]).map((r) => r.staffId);
    expect(ids).toContain(here.id);
    expect(ids).not.toContain(there.id);
    const audit = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'identity.commitment.list'), eq(auditLog.actorId, admin.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0].detail).toMatchObject({ count: ids.length });
    const citizen = await createCitizen(t.app.ctx);
    const byCitizen = await call({ method: 'POST', url: '/api/me/commitment', headers: citizen.headers, payload: { version: COMMITMENT.version } });
    expect(byCitizen.json().code).toBe('IDENTITY_COMMITMENT_STAFF_ONLY');
    expect((await call({ url: '/api/admin/commitments', headers: here.headers })).statusCode).toBe(403);
  });

  it('a new account signs at its first sign-in: the sign-in answer says so', async () => {
    const admin = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510603' });
    const created = await call({
      method: 'POST',
      url: '/api/admin/staff',
      headers: admin.headers,
      payload: { username: 'newcomer_commit', password: 'Lantern-Orchard-2741', displayName: '新同事', department: '旌阳区卫健局', roles: ['health'], regionCode: '510603' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const signIn = await call({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: 'newcomer_commit', password: 'Lantern-Orchard-2741' } });
    expect(signIn.statusCode, signIn.body).toBe(200);
    expect(signIn.json().me.commitmentRequired).toBe(true);
    const headers = { authorization: `Bearer ${signIn.json().token}` };
    expect((await call({ url: '/api/health/overrides', headers })).json().code).toBe('IDENTITY_COMMITMENT_REQUIRED');
  });
});
