import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, eventStreamRoutes, injectOrHangUp, type TestApp } from './support.ts';
import { createCitizen, createStaff } from './factories.ts';
import { STAFF_ROLES, type Principal } from '../src/platform/access/principal.ts';
import { createSession } from '../src/platform/identity/sessions.ts';
import { createApiClient } from '../src/platform/identity/api-clients.service.ts';

/**
 * The access policy, enforced: every route that declares config.action (collected by the identity
 * plugin as routes are added, so routes other modules add later are walked too) is called by every
 * kind of principal, and the guard's answer must match the pinned policy table
 * (src/__snapshots__/policy-table.txt, reviewed with every change; policy-table.test.ts keeps it equal
 * to the declared rules). The expected answer is worked out here from that file, not by the policy
 * code the guard runs. The guard answers before validation, so no route needs a valid body; an
 * allowed call gets whatever the handler says (400, 404…), which is fine as long as it is not the
 * guard's 401/403.
 */

type PinnedRule = { who: 'citizen' } | { who: 'signed-in' } | { who: 'staff'; roles: string[] } | { who: 'api'; permission: string };

/** The pinned table: `action  who` per line (see policy-table.test.ts for the format). */
function readPinnedTable(): Map<string, PinnedRule> {
  const text = readFileSync(new URL('../src/__snapshots__/policy-table.txt', import.meta.url), 'utf8');
  const table = new Map<string, PinnedRule>();
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [, action, who] = /^(\S+)\s+(.+)$/.exec(line) ?? [];
    if (!action || !who) throw new Error(`policy table: cannot read line ${JSON.stringify(line)}`);
    if (who === 'citizen' || who === 'signed-in') table.set(action, { who });
    else if (who.startsWith('staff: ')) table.set(action, { who: 'staff', roles: who.slice(7).split(', ') });
    else if (who.startsWith('api: ')) table.set(action, { who: 'api', permission: who.slice(5) });
    else throw new Error(`policy table: unknown "who" in line ${JSON.stringify(line)}`);
  }
  return table;
}

/** What the table says the guard must answer for this caller. */
function expectedAnswer(rule: PinnedRule, principal: Principal | null): 'unauthenticated' | 'forbidden' | 'allowed' {
  if (!principal) return 'unauthenticated';
  const person = principal.kind === 'citizen' || principal.kind === 'staff';
  const allowed =
    rule.who === 'signed-in' ? person
    : rule.who === 'citizen' ? principal.kind === 'citizen'
    : rule.who === 'staff' ? principal.kind === 'staff' && principal.roles.some((r) => rule.roles.includes(r))
    : principal.kind === 'api' && principal.permissions.includes(rule.permission);
  return allowed ? 'allowed' : 'forbidden';
}

interface Caller {
  label: string;
  principal: Principal | null;
  /** Fresh headers for each request (a new session each time, so no handler can sign a caller out for the rest). */
  headers(): Promise<Record<string, string>>;
}

/** One session per caller for the whole matrix (a session per request made the walk slow as routes grew). */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

describe('access matrix: every action route × every principal kind', { timeout: 120_000 }, () => {
  let t: TestApp;
  const callers: Caller[] = [];
  const pinned = readPinnedTable();

  beforeAll(async () => {
    t = await createTestApp();
    const ctx = t.app.ctx;
    callers.push({ label: 'anonymous', principal: null, headers: async () => ({}) });
    const citizen = await createCitizen(ctx);
    callers.push({
      label: 'citizen',
      principal: { kind: 'citizen', citizenId: citizen.id, sessionId: '' },
      headers: once(async () => ({ authorization: `Bearer ${(await createSession(ctx.db, { type: 'citizen', id: citizen.id }, 1)).token}` })),
    });
    for (const role of STAFF_ROLES) {
      const staff = await createStaff(ctx, { roles: [role], regionCode: '510600' });
      callers.push({
        label: `staff:${role}`,
        principal: { kind: 'staff', staffId: staff.id, sessionId: '', username: staff.username, roles: [role], department: role, regionCode: '510600', venueId: null },
        headers: once(async () => ({ authorization: `Bearer ${(await createSession(ctx.db, { type: 'staff', id: staff.id }, 1)).token}` })),
      });
    }
    // A deployment-wide administrator creates the keys (a key is never wider than its creator).
    const system = { kind: 'staff', staffId: randomUUID(), sessionId: 'test', username: 'test', roles: ['sys_admin'], department: 'test', regionCode: '', venueId: null } as const satisfies Principal;
    const all = [...new Set([...pinned.values()].flatMap((r) => (r.who === 'api' ? [r.permission] : [])))];
    const withAll = await createApiClient(ctx, system, { name: 'all permissions', permissions: all }, { ip: '127.0.0.1', requestId: 'test' });
    const withNone = await createApiClient(ctx, system, { name: 'no permissions', permissions: [] }, { ip: '127.0.0.1', requestId: 'test' });
    callers.push({ label: 'api:all', principal: { kind: 'api', clientId: withAll.id, permissions: all, regionCode: '' }, headers: async () => ({ 'x-api-key': withAll.key }) });
    callers.push({ label: 'api:none', principal: { kind: 'api', clientId: withNone.id, permissions: [], regionCode: '' }, headers: async () => ({ 'x-api-key': withNone.key }) });
  }, 180_000);
  afterAll(async () => t.close());

  it('collects the routes of every module, with declared actions', () => {
    const routes = t.app.actionRoutes;
    const keys = routes.map((r) => `${r.method} ${r.url}`);
    for (const known of ['GET /api/me', 'PUT /api/me/real-name', 'POST /api/admin/staff', 'DELETE /api/admin/api-clients/:id', 'GET /api/admin/sms-outbox']) {
      expect(keys).toContain(known);
    }
    const unpinned = routes.filter((r) => !pinned.has(r.action)).map((r) => `${r.method} ${r.url} [${r.action}]`);
    expect(unpinned, 'actions missing from src/__snapshots__/policy-table.txt').toEqual([]);
  });

  it('the guard answers exactly as the pinned policy table says, for each route and caller', async () => {
    const mismatches: string[] = [];
    let checked = 0;
    const streams = eventStreamRoutes(t.app);
    expect(streams.size, 'the event-stream routes are found in the API document').toBeGreaterThan(0);
    for (const route of t.app.actionRoutes) {
      const url = route.url.replace(/:[A-Za-z0-9_]+/g, () => randomUUID()).replace(/\*$/, 'x');
      for (const caller of callers) {
        // An event stream the caller may open never ends by itself: the client hangs up after a moment.
        const streaming = streams.has(`${route.method} ${route.url}`);
        const res = await injectOrHangUp(t.app, { method: route.method as 'GET', url, headers: await caller.headers() }, streaming);
        let body: { code?: string; details?: { action?: string } } = {};
        try {
          body = res.json() as typeof body;
        } catch {
          /* non-JSON success bodies (files, streams) are fine */
        }
        const deniedByGuard =
          (res.statusCode === 401 && body.code === 'UNAUTHENTICATED') || (res.statusCode === 403 && body.code === 'FORBIDDEN' && body.details?.action === route.action);
        const rule = pinned.get(route.action);
        if (!rule) throw new Error(`${route.action} is not in the pinned policy table`);
        const expected = expectedAnswer(rule, caller.principal);
        const actual = res.statusCode === 401 && deniedByGuard ? 'unauthenticated' : deniedByGuard ? 'forbidden' : 'allowed';
        if (expected !== actual) mismatches.push(`${route.method} ${route.url} [${route.action}] as ${caller.label}: expected ${expected}, got ${res.statusCode} ${res.body.slice(0, 120)}`);
        checked++;
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(t.app.actionRoutes.length * callers.length);
  }, 120_000);
});
