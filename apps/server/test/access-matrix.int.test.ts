import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff } from './factories.ts';
import { can, ruleOf } from '../src/platform/access/policy.ts';
import { STAFF_ROLES, type Principal } from '../src/platform/access/principal.ts';
import { createSession } from '../src/platform/identity/sessions.ts';
import { createApiClient, knownApiPermissions } from '../src/platform/identity/api-clients.service.ts';

/**
 * The access policy, enforced: every route that declares config.action (collected by the identity
 * plugin as routes are added, so routes other modules add later are walked too) is called by every
 * kind of principal, and the guard's answer must match can(). The guard answers before validation,
 * so no route needs a valid body here; an allowed call gets whatever the handler says (400, 404…),
 * which is fine as long as it is not the guard's 401/403.
 */

interface Caller {
  label: string;
  principal: Principal | null;
  /** Fresh headers for each request (a new session each time, so no handler can sign a caller out for the rest). */
  headers(): Promise<Record<string, string>>;
}

describe('access matrix: every action route × every principal kind', { timeout: 120_000 }, () => {
  let t: TestApp;
  const callers: Caller[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    const ctx = t.app.ctx;
    callers.push({ label: 'anonymous', principal: null, headers: async () => ({}) });
    const citizen = await createCitizen(ctx);
    callers.push({
      label: 'citizen',
      principal: { kind: 'citizen', citizenId: citizen.id, sessionId: '' },
      headers: async () => ({ authorization: `Bearer ${(await createSession(ctx.db, { type: 'citizen', id: citizen.id }, 1)).token}` }),
    });
    for (const role of STAFF_ROLES) {
      const staff = await createStaff(ctx, { roles: [role], regionCode: '510600' });
      callers.push({
        label: `staff:${role}`,
        principal: { kind: 'staff', staffId: staff.id, sessionId: '', username: staff.username, roles: [role], department: role, regionCode: '510600', venueId: null },
        headers: async () => ({ authorization: `Bearer ${(await createSession(ctx.db, { type: 'staff', id: staff.id }, 1)).token}` }),
      });
    }
    const system = { kind: 'system', id: 'test' } as unknown as Principal;
    const all = knownApiPermissions().map((p) => p.permission);
    const withAll = await createApiClient(ctx, system, { name: 'all permissions', permissions: all }, { ip: '127.0.0.1', requestId: 'test' });
    const withNone = await createApiClient(ctx, system, { name: 'no permissions', permissions: [] }, { ip: '127.0.0.1', requestId: 'test' });
    callers.push({ label: 'api:all', principal: { kind: 'api', clientId: withAll.id, permissions: all }, headers: async () => ({ 'x-api-key': withAll.key }) });
    callers.push({ label: 'api:none', principal: { kind: 'api', clientId: withNone.id, permissions: [] }, headers: async () => ({ 'x-api-key': withNone.key }) });
  }, 180_000);
  afterAll(async () => t.close());

  it('collects the routes of every module, with declared actions', () => {
    const routes = t.app.actionRoutes;
    const keys = routes.map((r) => `${r.method} ${r.url}`);
    for (const known of ['GET /api/me', 'PUT /api/me/real-name', 'POST /api/admin/staff', 'DELETE /api/admin/api-clients/:id', 'GET /api/admin/sms-outbox']) {
      expect(keys).toContain(known);
    }
    for (const route of routes) expect(() => ruleOf(route.action)).not.toThrow();
  });

  it('the guard answers exactly as can() for each route and caller', async () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const route of t.app.actionRoutes) {
      const url = route.url.replace(/:[A-Za-z0-9_]+/g, () => randomUUID()).replace(/\*$/, 'x');
      for (const caller of callers) {
        const res = await t.app.inject({ method: route.method as 'GET', url, headers: await caller.headers() });
        let body: { code?: string; details?: { action?: string } } = {};
        try {
          body = res.json();
        } catch {
          /* non-JSON success bodies (files, streams) are fine */
        }
        const deniedByGuard =
          (res.statusCode === 401 && body.code === 'UNAUTHENTICATED') || (res.statusCode === 403 && body.code === 'FORBIDDEN' && body.details?.action === route.action);
        const expected = caller.principal === null ? 'unauthenticated' : can(caller.principal, route.action) ? 'allowed' : 'forbidden';
        const actual = res.statusCode === 401 && deniedByGuard ? 'unauthenticated' : deniedByGuard ? 'forbidden' : 'allowed';
        if (expected !== actual) mismatches.push(`${route.method} ${route.url} [${route.action}] as ${caller.label}: expected ${expected}, got ${res.statusCode} ${res.body.slice(0, 120)}`);
        checked++;
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(t.app.actionRoutes.length * callers.length);
  }, 120_000);
});
