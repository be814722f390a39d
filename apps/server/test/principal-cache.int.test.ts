import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, onPostgresServer, type TestApp } from './support.ts';
import { createCitizen, createStaff, type SignedIn } from './factories.ts';
import { sessions } from '../src/platform/identity/identity.tables.ts';
import { hashToken } from '../src/platform/identity/sessions.ts';

/**
 * The in-process session cache (both databases) must never answer for a session, account or profile
 * that has changed: every change made in this process applies on the very next request. Each case
 * first warms the cache (and checks that the warm request really was answered from memory), then
 * changes something, then expects the next request to see it. On a PostgreSQL server a second
 * instance on the same database sees the change once the feed's notification arrives.
 */
describe('principal cache', { timeout: 60_000 }, () => {
  let t: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510603' });
  });
  afterAll(async () => t?.close());

  const caches = () => t.app.principalCaches;
  const listStaff = (who: SignedIn) => t.app.inject({ method: 'GET', url: '/api/admin/staff', headers: who.headers });
  const me = (who: SignedIn) => t.app.inject({ method: 'GET', url: '/api/me', headers: who.headers });

  /** Two identical requests; the second must be a cache hit. */
  async function warm(request: () => Promise<{ statusCode: number }>, cache: 'principals' | 'profiles'): Promise<void> {
    expect((await request()).statusCode).toBe(200);
    const before = caches()[cache].stats.hits;
    expect((await request()).statusCode).toBe(200);
    expect(caches()[cache].stats.hits).toBe(before + 1);
  }

  it('sign-out applies to the next request', async () => {
    const officer = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510603' });
    await warm(() => listStaff(officer), 'principals');
    await warm(() => me(officer), 'profiles');
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: officer.headers })).statusCode).toBe(204);
    expect((await listStaff(officer)).statusCode).toBe(401);
    expect((await me(officer)).statusCode).toBe(401);
  });

  it('disabling an account, revoking its sessions and changing its roles apply to the next request', async () => {
    const officer = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510603' });
    const patch = (payload: object) => t.app.inject({ method: 'PATCH', url: `/api/admin/staff/${officer.id}`, headers: admin.headers, payload });

    await warm(() => listStaff(officer), 'principals');
    expect((await patch({ roles: ['health'] })).statusCode).toBe(200);
    expect((await listStaff(officer)).statusCode).toBe(403);
    expect((await me(officer)).json().roles).toEqual(['health']);

    expect((await patch({ roles: ['sys_admin'] })).statusCode).toBe(200);
    await warm(() => listStaff(officer), 'principals');
    await warm(() => me(officer), 'profiles');
    expect((await patch({ disabled: true })).statusCode).toBe(200);
    expect((await listStaff(officer)).statusCode).toBe(401);
    expect((await me(officer)).statusCode).toBe(401);

    const other = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510603' });
    await warm(() => listStaff(other), 'principals');
    expect((await t.app.inject({ method: 'POST', url: `/api/admin/staff/${other.id}/revoke-sessions`, headers: admin.headers })).statusCode).toBeLessThan(300);
    expect((await listStaff(other)).statusCode).toBe(401);
  });

  it('a profile change shows in the next GET /api/me', async () => {
    const citizen = await createCitizen(t.app.ctx);
    await warm(() => me(citizen), 'profiles');
    const language = (await me(citizen)).json().language === 'en' ? 'zh-CN' : 'en';
    expect((await t.app.inject({ method: 'PATCH', url: '/api/me', headers: citizen.headers, payload: { language } })).statusCode).toBe(200);
    expect((await me(citizen)).json().language).toBe(language);
  });

  it('any write to the tables invalidates, also one made directly in a transaction', async () => {
    const officer = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510603' });
    await warm(() => listStaff(officer), 'principals');
    await t.app.ctx.db.transaction(async (tx) => {
      await tx.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, hashToken(officer.token)));
    });
    expect((await listStaff(officer)).statusCode).toBe(401);

    const second = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510603' });
    await warm(() => listStaff(second), 'principals');
    // An expiry moved into the past takes effect at once, too.
    await t.app.ctx.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, hashToken(second.token)));
    expect((await listStaff(second)).statusCode).toBe(401);
  });
});
