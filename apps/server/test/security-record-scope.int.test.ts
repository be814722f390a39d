import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { createTestApp, eventStreamRoutes, injectOrHangUp, type TestApp } from './support.ts';
import { createStaff, type SignedIn } from './factories.ts';
import { approvedVenue, realNameCitizen, type ApprovedVenue } from './venues.support.ts';
import { STAFF_ROLES } from '../src/platform/access/principal.ts';

/**
 * Record scope, probed from the outside (issue 10, "an authorization test that is not circular").
 * The access matrix proves who may call a route; this proves whose records they reach. Nothing here
 * reads the policy or a scope rule: the records are found by calling the app's own list routes as
 * their owners (every GET route without path parameters, taken from the registered route list, so a
 * new module's routes are walked too), and every identifier those answers contain is then tried on
 * every route with a path parameter:
 *
 * - an officer of another county holding every role must never get a 2xx for a record of 510603;
 * - a second citizen must never get a 2xx for the first citizen's records.
 *
 * Records that are deliberately deployment-wide (the same for every officer: rule sets, trusted
 * issuers, dry-run jobs…) are named in SHARED with the reason; anything else that answers the
 * outsider fails the test.
 */
const SHARED: Record<string, string> = {
  'GET /api/health/rule-sets/:version': 'rule sets are one per deployment',
  'GET /api/jobs/:id/events': 'refused to anyone but the job\'s starter (checked in jobs tests); listed for the 2xx stream answer',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every UUID anywhere in a JSON value. */
function uuidsIn(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    if (UUID.test(value)) into.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) uuidsIn(v, into);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) uuidsIn(v, into);
  }
}

describe('record scope: outsiders reach no record of another county or another citizen', { timeout: 600_000 }, () => {
  let t: TestApp;
  let venue: ApprovedVenue;
  let insider: SignedIn;
  let outsider: SignedIn;
  let citizenA: SignedIn;
  let citizenB: SignedIn;
  const call = (opts: InjectOptions) => t.app.inject(opts);

  beforeAll(async () => {
    t = await createTestApp();
    const ctx = t.app.ctx;
    const officerRoles = STAFF_ROLES.filter((r) => r !== 'venue_staff');
    insider = await createStaff(ctx, { roles: [...officerRoles], regionCode: '510603' });
    outsider = await createStaff(ctx, { roles: [...officerRoles], regionCode: '510681' });
    venue = await approvedVenue(t);
    citizenA = await realNameCitizen(t, '李四');
    citizenB = await realNameCitizen(t, '王五');
    // Facts of 510603: a scan at the venue and a health declaration by citizen A.
    expect((await call({ method: 'POST', url: '/api/scans', headers: citizenA.headers, payload: { placeToken: venue.staticToken } })).statusCode).toBeLessThan(300);
    await call({ method: 'POST', url: '/api/health/declarations', headers: citizenA.headers, payload: { residenceDivision: '510603', temperature: 36.5, symptoms: [], contactWithCase: false } });
  }, 180_000);
  afterAll(async () => t.close());

  /** The identifiers the owner's list routes answer with (GET routes without path parameters). */
  async function discover(headers: Record<string, string>): Promise<Set<string>> {
    const ids = new Set<string>();
    for (const route of t.app.actionRoutes) {
      if (route.method !== 'GET' || route.url.includes(':') || route.url.includes('*')) continue;
      const res = await injectOrHangUp(t.app, { url: route.url, headers }, eventStreamRoutes(t.app).has(`GET ${route.url}`));
      if (res.statusCode !== 200 || !String(res.headers['content-type'] ?? '').includes('json')) continue;
      uuidsIn(res.json(), ids);
    }
    return ids;
  }

  /** Routes that name one record in their path, as `METHOD url`. */
  const recordRoutes = () => t.app.actionRoutes.filter((r) => (r.method === 'GET' || r.method === 'DELETE') && /:[A-Za-z]+/.test(r.url) && !SHARED[`${r.method} ${r.url}`]);

  async function probe(owner: Record<string, string>, intruder: Record<string, string>, ownerIds: Set<string>, exclude: Set<string>) {
    const leaks: string[] = [];
    let ownerHits = 0;
    const ids = [...ownerIds].filter((id) => !exclude.has(id));
    // Reads first: which routes answer the owner for which ids, and whether the intruder gets any of them.
    for (const route of recordRoutes().filter((r) => r.method === 'GET')) {
      for (const id of ids) {
        const url = route.url.replace(/:[A-Za-z]+/g, id);
        const streaming = eventStreamRoutes(t.app).has(`GET ${route.url}`);
        const mine = await injectOrHangUp(t.app, { url, headers: owner }, streaming);
        if (mine.statusCode >= 300) continue;
        ownerHits++;
        const theirs = await injectOrHangUp(t.app, { url, headers: intruder }, streaming);
        if (theirs.statusCode < 300) leaks.push(`GET ${route.url} (${id}) → ${theirs.statusCode}`);
      }
    }
    // Deletions: the intruder must not remove the owner's records (nothing is deleted when this holds).
    for (const route of recordRoutes().filter((r) => r.method === 'DELETE')) {
      for (const id of ids) {
        const theirs = await call({ method: 'DELETE', url: route.url.replace(/:[A-Za-z]+/g, id), headers: intruder });
        if (theirs.statusCode < 300) leaks.push(`DELETE ${route.url} (${id}) → ${theirs.statusCode}`);
      }
    }
    return { leaks, ownerHits };
  }

  it('an officer of another county (every role) reaches no record of 510603', async () => {
    const ownerIds = await discover(insider.headers);
    // What the outsider lists itself is theirs to read (deployment-wide lists, their own account).
    const own = await discover(outsider.headers);
    expect(ownerIds.size).toBeGreaterThan(3);
    const { leaks, ownerHits } = await probe(insider.headers, outsider.headers, ownerIds, own);
    expect(ownerHits, 'the owner reads some records by id (the probe is not empty)').toBeGreaterThan(0);
    expect(leaks).toEqual([]);
  });

  it('a citizen reaches none of another citizen\'s records', async () => {
    const ownerIds = await discover(citizenA.headers);
    const own = await discover(citizenB.headers);
    expect(ownerIds.size).toBeGreaterThan(0);
    const { leaks } = await probe(citizenA.headers, citizenB.headers, ownerIds, own);
    expect(leaks).toEqual([]);
  });
});
