import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { createStaff, randomPhone } from './factories.ts';
import { codeFromOutbox, cookiesOf, resetRateLimits, signInByPhone } from './identity.support.ts';
import { citizens, otpCodes, sessions } from '../src/platform/identity/identity.tables.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';
import { hashToken } from '../src/platform/identity/sessions.ts';
import { clearDelays, DELAY_RULES, recordDelayedFailure } from '../src/platform/identity/rate-limit.ts';

describe('citizen sign-in by phone and SMS code', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 180_000);
  afterAll(async () => t.close());
  beforeEach(async () => resetRateLimits(t));

  it('sends a code to the outbox, signs in, creates the citizen, sets the cookies', async () => {
    const phone = randomPhone();
    const otp = await t.app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone: `+86 ${phone}` } });
    expect(otp.statusCode).toBe(202);
    expect(otp.json()).toEqual({ expiresInSeconds: 300 });
    const code = await codeFromOutbox(t, phone);
    expect(code).toMatch(/^\d{6}$/);
    // Stored only as a keyed hash.
    const stored = await t.app.ctx.db.select().from(otpCodes).where(eq(otpCodes.phoneIndex, t.app.ctx.blindIndex.of('phone', phone)));
    expect(stored).toHaveLength(1);
    expect(stored[0].codeHash).not.toContain(code);

    const res = await t.app.inject({ method: 'POST', url: '/api/auth/citizen/sign-in', payload: { phone, code } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.me).toMatchObject({ kind: 'citizen', displayName: `${phone.slice(0, 3)}****${phone.slice(-4)}`, roles: [], realName: null, language: 'zh-CN' });
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const session = res.cookies.find((c) => c.name === 'fx_session')!;
    const csrf = res.cookies.find((c) => c.name === 'fx_csrf')!;
    expect(session).toMatchObject({ value: body.token, httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(csrf.value).toBe(body.csrfToken);
    expect(csrf.httpOnly).toBeFalsy();

    const [row] = await t.app.ctx.db.select().from(citizens).where(eq(citizens.id, body.me.id));
    expect(row.phoneCipher).not.toContain(phone);
    expect(t.app.ctx.cipher.decrypt(row.phoneCipher)).toBe(phone);
    const [sessionRow] = await t.app.ctx.db.select().from(sessions).where(eq(sessions.id, hashToken(body.token)));
    expect(sessionRow).toMatchObject({ subjectType: 'citizen', subjectId: body.me.id });

    // The code is single-use.
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/citizen/sign-in', payload: { phone, code } });
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('IDENTITY_OTP_INVALID');

    // A second sign-in reuses the same citizen.
    await resetRateLimits(t);
    const second = await signInByPhone(t, phone);
    expect(second.json().me.id).toBe(body.me.id);
  });

  it('burns a code after five wrong attempts', async () => {
    const phone = randomPhone();
    await t.app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone } });
    const code = await codeFromOutbox(t, phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/citizen/sign-in', payload: { phone, code: wrong } });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('IDENTITY_OTP_INVALID');
    }
    const [row] = await t.app.ctx.db.select().from(otpCodes).where(eq(otpCodes.phoneIndex, t.app.ctx.blindIndex.of('phone', phone)));
    expect(row.attempts).toBe(5);
    const right = await t.app.inject({ method: 'POST', url: '/api/auth/citizen/sign-in', payload: { phone, code } });
    expect(right.json().code).toBe('IDENTITY_OTP_INVALID');
  });

  it('refuses an expired code and a code superseded by a newer one', async () => {
    const phone = randomPhone();
    const phoneIndex = t.app.ctx.blindIndex.of('phone', phone);
    await t.app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone } });
    const first = await codeFromOutbox(t, phone);
    await t.app.ctx.db.update(otpCodes).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(otpCodes.phoneIndex, phoneIndex));
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/citizen/sign-in', payload: { phone, code: first } })).json().code).toBe('IDENTITY_OTP_INVALID');

    await resetRateLimits(t);
    await t.app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone } });
    const older = await codeFromOutbox(t, phone);
    await resetRateLimits(t);
    await t.app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone } });
    const newer = await codeFromOutbox(t, phone);
    if (older !== newer) {
      expect((await t.app.inject({ method: 'POST', url: '/api/auth/citizen/sign-in', payload: { phone, code: older } })).json().code).toBe('IDENTITY_OTP_INVALID');
    }
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/citizen/sign-in', payload: { phone, code: newer } })).statusCode).toBe(200);
  });

  it('validates the phone and the body', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone: '12345678901' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'IDENTITY_PHONE_INVALID', message: '请输入正确的中国大陆手机号码' });
    const missing = await t.app.inject({ method: 'POST', url: '/api/auth/otp', payload: {} });
    expect(missing.json().code).toBe('VALIDATION_FAILED');
    const shortCode = await t.app.inject({ method: 'POST', url: '/api/auth/citizen/sign-in', payload: { phone: randomPhone(), code: '123' } });
    expect(shortCode.json().code).toBe('VALIDATION_FAILED');
    const extra = await t.app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone: randomPhone(), admin: true } });
    expect(extra.json().code).toBe('VALIDATION_FAILED');
  });

  it('limits codes to one a minute per phone, with retry-after', async () => {
    const phone = randomPhone();
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone } })).statusCode).toBe(202);
    const second = await t.app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone } });
    expect(second.statusCode).toBe(429);
    expect(second.json().code).toBe('RATE_LIMITED');
    const retryAfter = Number(second.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('limits codes to 30 an hour per IP', async () => {
    const remoteAddress = '10.20.30.40';
    for (let i = 0; i < 30; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone: randomPhone() }, remoteAddress });
      expect(res.statusCode, `request ${i + 1}`).toBe(202);
    }
    const refused = await t.app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone: randomPhone() }, remoteAddress });
    expect(refused.statusCode).toBe(429);
    // Another IP is unaffected.
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone: randomPhone() }, remoteAddress: '10.20.30.41' })).statusCode).toBe(202);
  });

  it('audits successful and failed citizen sign-ins without the phone', async () => {
    const phone = randomPhone();
    const ok = await signInByPhone(t, phone);
    const citizenId = ok.json().me.id;
    await resetRateLimits(t);
    await t.app.inject({ method: 'POST', url: '/api/auth/citizen/sign-in', payload: { phone, code: '999999' } });
    const rows = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'identity.citizen.sign-in'), eq(auditLog.subjectId, citizenId)));
    expect(rows.map((r) => r.outcome).sort()).toEqual(['failed', 'ok']);
    expect(JSON.stringify(rows)).not.toContain(phone);
  });
});

describe('staff sign-in, sessions, CSRF', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 180_000);
  afterAll(async () => t.close());
  beforeEach(async () => resetRateLimits(t));

  it('signs in with username and password and answers /api/me', async () => {
    const staff = await createStaff(t.app.ctx, { roles: ['health'], regionCode: '510603', department: '卫健局' });
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: staff.username.toUpperCase(), password: staff.password } });
    expect(res.statusCode).toBe(200);
    const { token, me } = res.json();
    expect(me).toEqual({
      kind: 'staff', id: staff.id, displayName: staff.username, language: 'zh-CN', roles: ['health'], department: '卫健局', regionCode: '510603', venueId: null, realName: null, commitmentRequired: false,
      actions: expect.arrayContaining(['epidemic.risk-area.manage', 'health-code.rule-set.manage', 'identity.me.read']),
    });
    // What the surfaces build their menus from: exactly what the policy lets a health officer do.
    expect(me.actions).toEqual([...me.actions].sort());
    expect(me.actions).not.toContain('admin-staff.staff.list');
    expect(me.actions).not.toContain('health-code.declaration.submit');
    const meRes = await t.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } });
    expect(meRes.json()).toEqual(me);
    const audit = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'identity.staff.sign-in'), eq(auditLog.subjectId, staff.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ outcome: 'ok', actorType: 'staff', actorId: staff.id });
  });

  it('refuses a caller without the route\'s permission before reading the body', async () => {
    const venueStaff = await createStaff(t.app.ctx, { roles: ['venue_staff'] });
    const malformed = { 'content-type': 'application/json' };
    // Anonymous, and signed in with the wrong role: refused as such even though the body is not JSON.
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/epidemic/risk-areas', headers: malformed, payload: '{"not json' });
    expect(anonymous.statusCode).toBe(401);
    const wrongRole = await t.app.inject({ method: 'POST', url: '/api/epidemic/risk-areas', headers: { ...malformed, ...venueStaff.headers }, payload: '{"not json' });
    expect(wrongRole.statusCode).toBe(403);
    // With the permission, the body is read and refused for what it is.
    const health = await createStaff(t.app.ctx, { roles: ['health'], regionCode: '510603' });
    const allowed = await t.app.inject({ method: 'POST', url: '/api/epidemic/risk-areas', headers: { ...malformed, ...health.headers }, payload: '{"not json' });
    expect(allowed.statusCode).toBe(400);
  });

  it('finds usernames case-insensitively, and accounts stored with capitals as typed', async () => {
    const lower = await createStaff(t.app.ctx, { roles: ['health'], username: `lower_${Date.now()}` });
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: ` ${lower.username.toUpperCase()} `, password: lower.password } })).statusCode).toBe(200);
    const capital = await createStaff(t.app.ctx, { roles: ['venue_staff'], username: `Gate_${Date.now()}` });
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: capital.username, password: capital.password } })).statusCode).toBe(200);
    // An account stored with capitals (written before usernames were normalised) matches however it is typed.
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: capital.username.toLowerCase(), password: capital.password } })).statusCode).toBe(200);
  });

  it('refuses wrong passwords and unknown users alike, auditing by account id only', async () => {
    const staff = await createStaff(t.app.ctx, { roles: ['police'] });
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: staff.username, password: 'nope-nope-1' } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: 'ghost_officer_zz', password: 'nope-nope-1' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().code).toBe('IDENTITY_SIGN_IN_FAILED');
    const failures = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'identity.staff.sign-in'), eq(auditLog.outcome, 'failed')));
    expect(failures.find((r) => r.subjectId === staff.id)?.detail).toEqual({ reason: 'wrong_password' });
    expect(failures.find((r) => r.subjectId === null)?.detail).toEqual({ reason: 'unknown_account' });
    expect(JSON.stringify(failures)).not.toContain('ghost_officer_zz');
  });

  it('slows down password guessing progressively, per address and per account, but never locks the owner out', async () => {
    const staff = await createStaff(t.app.ctx, { roles: ['police'] });
    const signIn = (password: string, remoteAddress: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: staff.username, password }, remoteAddress });
    // The first failures from an address are free.
    for (let i = 0; i < 3; i++) expect((await signIn(`wrong-pass-${i}`, '10.1.0.1')).statusCode).toBe(401);
    // Counters as twelve failures from 10.1.0.1 just now would leave them (no waiting in a test): that
    // address waits 2^7 s; the account's own delay (≤ 60 s) is long over for failures a minute old.
    const account = `staff:${t.app.ctx.blindIndex.of('username', staff.username)}`;
    const guesser = `${account}:${t.app.ctx.blindIndex.of('rate-ip', '10.1.0.1')}`;
    await clearDelays(t.app.ctx.db, [[DELAY_RULES.staffFailuresPerAccountAndIp, guesser]]);
    for (let i = 0; i < 12; i++) await recordDelayedFailure(t.app.ctx.db, [[DELAY_RULES.staffFailuresPerAccountAndIp, guesser]]);
    for (let i = 0; i < 20; i++) await recordDelayedFailure(t.app.ctx.db, [[DELAY_RULES.staffFailuresPerAccount, account]], new Date(Date.now() - 61_000));
    const slowed = await signIn(staff.password, '10.1.0.1');
    expect(slowed.statusCode).toBe(429);
    expect(Number(slowed.headers['retry-after'])).toBeGreaterThan(60);
    expect(Number(slowed.headers['retry-after'])).toBeLessThanOrEqual(128);
    // The owner, from their own address, signs in: no lock-out.
    expect((await signIn(staff.password, '10.1.0.2')).statusCode).toBe(200);
    // Guessed from many addresses, the account itself waits — at most a minute, whoever asks.
    for (let i = 0; i < 20; i++) await recordDelayedFailure(t.app.ctx.db, [[DELAY_RULES.staffFailuresPerAccount, account]]);
    const busy = await signIn(staff.password, '10.1.0.3');
    expect(busy.statusCode).toBe(429);
    expect(Number(busy.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Other accounts are unaffected.
    const other = await createStaff(t.app.ctx, { roles: ['police'] });
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: other.username, password: other.password }, remoteAddress: '10.1.0.3' });
    expect(ok.statusCode).toBe(200);
  });

  it('refuses a disabled account (only once the password is right)', async () => {
    const admin = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510600' });
    const staff = await createStaff(t.app.ctx, { roles: ['health'], regionCode: '510603' });
    const disable = await t.app.inject({ method: 'PATCH', url: `/api/admin/staff/${staff.id}`, headers: admin.headers, payload: { disabled: true } });
    expect(disable.statusCode).toBe(200);
    // Disabling revoked the existing session.
    expect((await t.app.inject({ url: '/api/me', headers: staff.headers })).statusCode).toBe(401);
    const right = await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: staff.username, password: staff.password } });
    expect(right.statusCode).toBe(403);
    expect(right.json().code).toBe('IDENTITY_ACCOUNT_DISABLED');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: staff.username, password: 'wrong-password-1' } });
    expect(wrong.json().code).toBe('IDENTITY_SIGN_IN_FAILED');
  });

  it('signs out: the session is revoked and the cookies cleared', async () => {
    const staff = await createStaff(t.app.ctx, { roles: ['editor'] });
    const signIn = await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: staff.username, password: staff.password } });
    const { csrfToken } = signIn.json();
    const cookie = cookiesOf(signIn);
    expect((await t.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
    // Without the CSRF header a cookie session cannot sign out (or do anything unsafe).
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { cookie } })).json().code).toBe('CSRF_FAILED');
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'fx_session')?.value).toBe('');
    expect((await t.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    // Signing out again (or anonymously) is harmless.
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/sign-out' })).statusCode).toBe(204);
  });

  it('signing in again from the same browser retires the older session', async () => {
    const first = await createStaff(t.app.ctx, { roles: ['editor'] });
    const second = await createStaff(t.app.ctx, { roles: ['health'] });
    const res = await t.app.inject({
      method: 'POST', url: '/api/auth/staff/sign-in', headers: first.cookieHeaders, payload: { username: second.username, password: second.password },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().me.id).toBe(second.id);
    expect((await t.app.inject({ url: '/api/me', headers: first.headers })).statusCode).toBe(401);
  });

  it('changes the language, requiring the CSRF header for cookie sessions', async () => {
    const staff = await createStaff(t.app.ctx, { roles: ['editor'] });
    const noCsrf = await t.app.inject({ method: 'PATCH', url: '/api/me', headers: { cookie: staff.cookieHeaders.cookie }, payload: { language: 'en' } });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('CSRF_FAILED');
    const wrongCsrf = await t.app.inject({ method: 'PATCH', url: '/api/me', headers: { ...staff.cookieHeaders, 'x-csrf-token': 'x'.repeat(43) }, payload: { language: 'en' } });
    expect(wrongCsrf.json().code).toBe('CSRF_FAILED');
    const ok = await t.app.inject({ method: 'PATCH', url: '/api/me', headers: staff.cookieHeaders, payload: { language: 'en' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().language).toBe('en');
    expect(ok.cookies.find((c) => c.name === 'fx_lang')?.value).toBe('en');
    const bad = await t.app.inject({ method: 'PATCH', url: '/api/me', headers: staff.headers, payload: { language: 'fr' } });
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    expect((await t.app.inject({ url: '/api/me' })).statusCode).toBe(401);
  });
});
