import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerDatabase, createTestApp, feedCaughtUp, onPostgresServer, openTestDatabase, type TestApp } from './support.ts';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { codeFromOutbox, cookiesOf, signInByPhone } from './identity.support.ts';
import { latestOutbox } from '../src/platform/identity/sms.ts';
import { createStaff, randomPhone } from './factories.ts';

/**
 * Two app instances behind one load balancer share nothing but the database: sessions, CSRF,
 * rate limits and revocations must all work across them.
 *
 * On the postgres project each instance opens its own connection pool to one database URL (two
 * openDatabase calls), as two processes would. On PGlite (an in-process database that cannot be
 * opened twice) the two apps share the one Database object; every piece of state still goes
 * through SQL, never through process memory, which is what this test is about — except the
 * in-process session cache, which hears the other instance's changes a moment after their commit
 * (the change feed): the tests wait for the feed (feedCaughtUp) before asking the other instance.
 */
describe('two instances on one database', { timeout: 120_000 }, () => {
  let a: TestApp;
  let b: TestApp;
  let dbA: Database;
  let dbB: Database;

  beforeAll(async () => {
    if (onPostgresServer) {
      const url = await createServerDatabase();
      dbA = await openDatabase({ url, dataDir: '', poolSize: 4 });
      dbB = await openDatabase({ url, dataDir: '', poolSize: 4 });
    } else {
      dbA = await openTestDatabase();
      dbB = dbA;
    }
    a = await createTestApp({}, dbA);
    b = await createTestApp({}, dbB);
  }, 180_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await dbA?.close();
    if (dbB !== dbA) await dbB?.close();
  });

  it('a citizen session started on A works on B; signing out on B ends it on A', async () => {
    const phone = randomPhone();
    const signIn = await signInByPhone(a, phone);
    expect(signIn.statusCode).toBe(200);
    const { token, csrfToken, me } = signIn.json();
    const cookie = cookiesOf(signIn);

    const onB = await b.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } });
    expect(onB.statusCode).toBe(200);
    expect(onB.json().id).toBe(me.id);
    // The CSRF value is derived from the session, not kept in memory: B accepts A's.
    const patch = await b.app.inject({ method: 'PATCH', url: '/api/me', headers: { cookie, 'x-csrf-token': csrfToken }, payload: { language: 'en' } });
    expect(patch.statusCode).toBe(200);
    await feedCaughtUp(a, b);
    expect((await a.app.inject({ url: '/api/me', headers: { cookie } })).json().language).toBe('en');

    const out = await b.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(out.statusCode).toBe(204);
    await feedCaughtUp(a, b);
    expect((await a.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    expect((await a.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('a code requested on A can be used on B, and the per-phone limit holds across both', async () => {
    const phone = randomPhone();
    expect((await a.app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone } })).statusCode).toBe(202);
    const second = await b.app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone } });
    expect(second.statusCode).toBe(429);
  });

  it('one code used at once on both instances signs in exactly once', async () => {
    const phone = randomPhone();
    await a.app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone } });
    const code = await codeFromOutbox(a, phone);
    const results = await Promise.all([a, b, a, b].map((x) => x.app.inject({ method: 'POST', url: '/api/auth/citizen/sign-in', payload: { phone, code } })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 400, 400, 400]);
  });

  it('simultaneous code requests for one phone on both instances send exactly one code', async () => {
    const phone = randomPhone();
    const results = await Promise.all([a, b, a, b].map((x) => x.app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone } })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([202, 429, 429, 429]);
    expect(await latestOutbox(a.app.ctx, { limit: 10, phone })).toHaveLength(1);
  });

  it('an admin on A disabling an officer ends the officer\'s session on B', async () => {
    const admin = await createStaff(a.app.ctx, { roles: ['sys_admin'] });
    const officer = await createStaff(a.app.ctx, { roles: ['health'] });
    expect((await b.app.inject({ url: '/api/me', headers: officer.headers })).statusCode).toBe(200);
    await a.app.inject({ method: 'PATCH', url: `/api/admin/staff/${officer.id}`, headers: admin.headers, payload: { disabled: true } });
    await feedCaughtUp(b, a);
    expect((await b.app.inject({ url: '/api/me', headers: officer.headers })).statusCode).toBe(401);
  });
});
