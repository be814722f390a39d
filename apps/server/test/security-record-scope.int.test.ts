import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { addDays, todayInChina } from '@fangxian/contracts/kernel';
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
 * - a second citizen must never get a 2xx for the first citizen's records;
 * - an API client of another county (every permission) must never get a 2xx for a record an API
 *   client of 510603 lists (the open API has no record route by id today; one added is probed).
 *
 * Reads (GET) and deletions (DELETE) are tried as they are; changes (POST, PUT, PATCH on a path with
 * a record id) are sent with a minimal body valid for the route's schema, generated from the API
 * document (TypeBox → JSON Schema), so the request reaches the service's scope check instead of being
 * refused by validation: the outsider must get 403 or 404, and every record the owner reads by id
 * must read the same afterwards (nothing changed).
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

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  minProperties?: number;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
}

/** Strings real enough for the usual patterns (a division of the city, a day, a phone, an ID number). */
const SAMPLE_STRINGS = ['510603', addDays(todayInChina(), 1), '13800000001', '51060319900101123X', 'fx-sample', 'a1b2c3'];

/**
 * The smallest value a JSON schema accepts: required properties only, the first of an enum or a
 * union, the minimum number, minItems elements, a string of the minimum length that matches the
 * pattern (from SAMPLE_STRINGS when one does, else generated with a fixed seed).
 */
function minimalValid(schema: Schema | undefined, depth = 0): unknown {
  if (!schema || depth > 8) return 'x';
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const variants = (schema.anyOf ?? schema.oneOf)?.filter((v) => v.type !== 'null');
  if (variants?.length) return minimalValid(variants[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  if (type === 'object' || schema.properties) {
    const out: Record<string, unknown> = {};
    for (const name of schema.required ?? []) out[name] = minimalValid(schema.properties?.[name], depth + 1);
    // An object that must have some properties (a PATCH body) gets its first optional ones.
    for (const name of Object.keys(schema.properties ?? {})) {
      if (Object.keys(out).length >= (schema.minProperties ?? 0)) break;
      if (!(name in out)) out[name] = minimalValid(schema.properties![name], depth + 1);
    }
    return out;
  }
  if (type === 'array') return Array.from({ length: schema.minItems ?? 0 }, () => minimalValid(schema.items, depth + 1));
  if (type === 'integer') return Math.max(schema.minimum ?? 1, Math.min(1, schema.maximum ?? 1));
  if (type === 'number') return Math.max(schema.minimum ?? 1, Math.min(1, schema.maximum ?? 1));
  if (type === 'boolean') return false;
  if (schema.format === 'uuid') return randomUUID();
  if (schema.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
  if (schema.format === 'date') return addDays(todayInChina(), 1);
  const min = schema.minLength ?? 1;
  const max = schema.maxLength ?? Infinity;
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern, 'u');
    const known = SAMPLE_STRINGS.find((v) => pattern.test(v) && v.length >= min && v.length <= max);
    if (known) return known;
    try {
      return fc.sample(fc.stringMatching(pattern).filter((v) => v.length >= min && v.length <= max), { seed: 20_261_207, numRuns: 1 })[0];
    } catch {
      return 'x'.repeat(min);
    }
  }
  return '核查'.repeat(Math.ceil(Math.max(min, 2) / 2)).slice(0, Math.max(min, 2));
}

interface Operation {
  parameters?: { in: string; name: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

describe('record scope: outsiders reach no record of another county or another citizen', { timeout: 600_000 }, () => {
  let t: TestApp;
  let venue: ApprovedVenue;
  let insider: SignedIn;
  let outsider: SignedIn;
  let citizenA: Awaited<ReturnType<typeof realNameCitizen>>;
  let citizenB: Awaited<ReturnType<typeof realNameCitizen>>;
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
    // Officers' records of 510603 with a life after creation: a registry entry, a quarantine, a risk
    // area, an override proposal and a bulk status change waiting for their second officer.
    const day = addDays(todayInChina(), -1);
    const person = { documentType: 'resident_id', documentNumber: citizenA.idNumber };
    const made = [
      await call({ method: 'POST', url: '/api/epidemic/person-statuses', headers: insider.headers, payload: { ...person, status: 'close_contact', date: day, source: '流调', regionCode: '510603' } }),
      await call({ method: 'POST', url: '/api/epidemic/quarantines', headers: insider.headers, payload: { ...person, kind: 'home', from: day, to: addDays(day, 7), regionCode: '510603' } }),
      await call({ method: 'POST', url: '/api/epidemic/risk-areas', headers: insider.headers, payload: { divisionCode: '510603', level: 'medium', startDate: day, reason: '聚集性疫情' } }),
      await call({ method: 'POST', url: '/api/health/overrides', headers: insider.headers, payload: { ...person, colour: 'yellow', reason: '同住人为密接', expiresAt: new Date(Date.now() + 86_400_000).toISOString() } }),
      await call({ method: 'POST', url: '/api/epidemic/person-status-batches', headers: insider.headers, payload: { note: '批量登记', entries: [{ ...person, status: 'close_contact', date: day, source: '流调', regionCode: '510603' }] } }),
    ];
    for (const res of made) expect(res.statusCode, res.body).toBeLessThan(300);
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
  const recordRoutes = () => t.app.actionRoutes.filter((r) => /:[A-Za-z]+/.test(r.url) && !SHARED[`${r.method} ${r.url}`]);
  const WRITES = new Set(['POST', 'PUT', 'PATCH']);

  const operationOf = (method: string, url: string): Operation | undefined =>
    (t.app.swagger() as { paths: Record<string, Record<string, Operation>> }).paths[url.replace(/:([A-Za-z]+)/g, '{$1}')]?.[method.toLowerCase()];

  /** A minimal body valid for the route's schema, from the API document (undefined: the route takes none). */
  function bodyFor(method: string, url: string): unknown {
    const schema = operationOf(method, url)?.requestBody?.content?.['application/json']?.schema;
    return schema ? minimalValid(schema) : undefined;
  }

  /** Whether a record id (a UUID) can stand in every path parameter (not a day, a version number…). */
  function takesIds(method: string, url: string): boolean {
    const params = (operationOf(method, url)?.parameters ?? []).filter((p) => p.in === 'path');
    return params.every((p) => !p.schema || p.schema.format === 'uuid' || (p.schema.type === 'string' && !p.schema.pattern));
  }

  async function probe(owner: Record<string, string>, intruder: Record<string, string>, ownerIds: Set<string>, exclude: Set<string>) {
    const leaks: string[] = [];
    const refusals = new Map<number, number>();
    let ownerHits = 0;
    let writes = 0;
    const ids = [...ownerIds].filter((id) => !exclude.has(id));
    // Reads first: which routes answer the owner for which ids, and whether the intruder gets any of them.
    const ownerReads: { url: string; streaming: boolean; body: string }[] = [];
    for (const route of recordRoutes().filter((r) => r.method === 'GET')) {
      for (const id of ids) {
        const url = route.url.replace(/:[A-Za-z]+/g, id);
        const streaming = eventStreamRoutes(t.app).has(`GET ${route.url}`);
        const mine = await injectOrHangUp(t.app, { url, headers: owner }, streaming);
        if (mine.statusCode >= 300) continue;
        ownerHits++;
        if (!streaming) ownerReads.push({ url, streaming, body: mine.body });
        const theirs = await injectOrHangUp(t.app, { url, headers: intruder }, streaming);
        if (theirs.statusCode < 300) leaks.push(`GET ${route.url} (${id}) → ${theirs.statusCode}`);
      }
    }
    // A record whose answer differs between two reads with nothing done in between (a rotating code,
    // a generated PDF) cannot show a change: left out of the comparison below.
    const steady = [];
    for (const read of ownerReads) if ((await call({ url: read.url, headers: owner })).body === read.body) steady.push(read);
    // Changes: a body the schema accepts, so the request reaches the scope check. The intruder must get
    // 403/404 — or, when the service refuses the body itself before looking the record up (a business
    // rule on the body), exactly the answer a record that does not exist gets: no oracle, no change.
    for (const route of recordRoutes().filter((r) => WRITES.has(r.method) && takesIds(r.method, r.url))) {
      const payload = bodyFor(route.method, route.url);
      const send = (id: string) => call({ method: route.method as 'POST', url: route.url.replace(/:[A-Za-z]+/g, id), headers: intruder, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });
      const unknown = await send(randomUUID());
      for (const id of ids) {
        writes++;
        const theirs = await send(id);
        refusals.set(theirs.statusCode, (refusals.get(theirs.statusCode) ?? 0) + 1);
        if (theirs.statusCode === 403 || theirs.statusCode === 404) continue;
        const asUnknown = theirs.statusCode === unknown.statusCode && theirs.statusCode >= 400 && theirs.statusCode < 500 && theirs.json().code === unknown.json().code;
        if (!asUnknown) leaks.push(`${route.method} ${route.url} (${id}) ${JSON.stringify(payload)} → ${theirs.statusCode} ${theirs.body.slice(0, 160)}`);
      }
    }
    // Deletions: the intruder must not remove the owner's records (nothing is deleted when this holds).
    for (const route of recordRoutes().filter((r) => r.method === 'DELETE')) {
      for (const id of ids) {
        const theirs = await call({ method: 'DELETE', url: route.url.replace(/:[A-Za-z]+/g, id), headers: intruder });
        if (theirs.statusCode < 300) leaks.push(`DELETE ${route.url} (${id}) → ${theirs.statusCode}`);
      }
    }
    // Nothing changed: every record the owner read by id reads the same.
    for (const read of steady) {
      const again = await call({ url: read.url, headers: owner });
      if (again.body !== read.body) leaks.push(`changed: GET ${read.url}`);
    }
    return { leaks, ownerHits, writes, refusals };
  }

  it('an officer of another county (every role) reaches no record of 510603', async () => {
    const ownerIds = await discover(insider.headers);
    // What the outsider lists itself is theirs to read (deployment-wide lists, their own account).
    const own = await discover(outsider.headers);
    expect(ownerIds.size).toBeGreaterThan(3);
    const { leaks, ownerHits, writes, refusals } = await probe(insider.headers, outsider.headers, ownerIds, own);
    expect(ownerHits, 'the owner reads some records by id (the probe is not empty)').toBeGreaterThan(0);
    expect(writes, 'change routes with a record id were tried').toBeGreaterThan(10);
    expect(refusals.get(404) ?? 0, 'most changes reached the scope check').toBeGreaterThan(writes / 2);
    expect(leaks, leaks.join('\n')).toEqual([]);
  });

  it('a citizen reaches none of another citizen\'s records', async () => {
    const ownerIds = await discover(citizenA.headers);
    const own = await discover(citizenB.headers);
    expect(ownerIds.size).toBeGreaterThan(0);
    const { leaks } = await probe(citizenA.headers, citizenB.headers, ownerIds, own);
    expect(leaks, leaks.join('\n')).toEqual([]);
  });

  it('an API client of another county (every permission) reaches no record an API client of 510603 lists', async () => {
    const permissions = ((await call({ url: '/api/admin/api-permissions', headers: insider.headers })).json() as { permission: string }[]).map((p) => p.permission);
    expect(permissions.length).toBeGreaterThan(0);
    const keyOf = async (admin: SignedIn) => {
      const res = await call({ method: 'POST', url: '/api/admin/api-clients', headers: admin.headers, payload: { name: '对接系统', permissions } });
      expect(res.statusCode, res.body).toBe(201);
      return { 'x-api-key': res.json().key as string };
    };
    const here = await keyOf(insider);
    const there = await keyOf(outsider);
    const ownerIds = await discover(here);
    const own = await discover(there);
    const { leaks } = await probe(here, there, ownerIds, own);
    expect(leaks, leaks.join('\n')).toEqual([]);
  });
});
