import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { createStaff } from './factories.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';

// Issue 10, item 12: `password12` and `Aa12345678` were accepted as staff passwords. Now: 12+ characters
// (letters and digits, or a 4-word passphrase), not a common/breached password from the shipped list.
describe('staff password rules', { timeout: 120_000 }, () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof createStaff>>;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510600' });
  }, 180_000);
  afterAll(async () => t.close());

  const create = (password: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/admin/staff',
      headers: admin.headers,
      payload: { username: `u${Math.random().toString(36).slice(2, 10)}`, password, displayName: '测试', department: '卫健委', roles: ['health'], regionCode: '510603' },
    });

  it('refuses short and common passwords with the reason', async () => {
    // Shorter than 12: the request schema (CreateStaffRequest, minLength 12 as the rules) refuses it, naming the field.
    for (const password of ['password12', 'Aa12345678']) {
      const res = await create(password);
      expect(res.statusCode, password).toBe(400);
      expect(res.json().code, password).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.json().details), password).toContain('password');
    }
    for (const [password, problem] of [
      ['qwertyuiop123', 'common'],
      ['Password@2026', 'common'],
    ] as const) {
      const res = await create(password);
      expect(res.statusCode, password).toBe(400);
      expect(res.json(), password).toMatchObject({ code: 'ADMIN_STAFF_PASSWORD_WEAK', details: { problem } });
    }
    const staff = await createStaff(t.app.ctx, { roles: ['health'], regionCode: '510603' });
    const reset = await t.app.inject({ method: 'POST', url: `/api/admin/staff/${staff.id}/password`, headers: admin.headers, payload: { password: 'Aa12345678' } });
    expect(reset.json().code).toBe('ADMIN_STAFF_PASSWORD_WEAK');
  });

  it('accepts 12+ characters with letters and digits, and a passphrase', async () => {
    expect((await create('Deyang-gate-2026')).statusCode).toBe(201);
    expect((await create('river lantern copper meadow')).statusCode).toBe(201);
  });
});

// Issue 10, item 12: administrators can force a new password at the next sign-in.
describe('forced password reset', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 180_000);
  afterAll(async () => t.close());

  it('an admin requires a new password: sessions end, sign-in refuses until the account sets one', async () => {
    const admin = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510600' });
    const officer = await createStaff(t.app.ctx, { roles: ['health'], regionCode: '510603' });
    const signIn = (password: string) => t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: officer.username, password } });
    const force = await t.app.inject({ method: 'PATCH', url: `/api/admin/staff/${officer.id}`, headers: admin.headers, payload: { passwordResetRequired: true } });
    expect(force.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/me', headers: officer.headers })).statusCode).toBe(401);
    const refused = await signIn(officer.password);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('IDENTITY_PASSWORD_RESET_REQUIRED');
    // A wrong password still answers the generic failure (the requirement leaks only to who knows the password).
    expect((await signIn('Wrong-password-2026')).json().code).toBe('IDENTITY_SIGN_IN_FAILED');
    const change = (password: string, newPassword: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/staff/password', payload: { username: officer.username, password, newPassword } });
    expect((await change('Wrong-password-2026', 'Fresh-start-2026')).json().code).toBe('IDENTITY_SIGN_IN_FAILED');
    expect((await change(officer.password, 'Password@2026')).json()).toMatchObject({ code: 'IDENTITY_PASSWORD_WEAK', details: { problem: 'common' } });
    expect((await change(officer.password, officer.password)).json()).toMatchObject({ code: 'IDENTITY_PASSWORD_WEAK' });
    expect((await change(officer.password, 'Fresh-start-2026')).statusCode).toBe(204);
    expect((await signIn(officer.password)).statusCode).toBe(401);
    expect((await signIn('Fresh-start-2026')).statusCode).toBe(200);
    const [audit] = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'admin-staff.staff.change-permissions'), eq(auditLog.subjectId, officer.id)));
    expect(audit.detail).toMatchObject({ changes: { passwordResetRequired: { from: false, to: true } } });
    const changed = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'identity.staff.change-password'), eq(auditLog.subjectId, officer.id), eq(auditLog.outcome, 'ok')));
    expect(changed).toHaveLength(1);
    expect(JSON.stringify(changed[0].detail)).not.toContain('Fresh-start-2026');
  });
});
