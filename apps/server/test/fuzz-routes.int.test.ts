// Property-based fuzzing of every route in the OpenAPI document (issue 10, "make it permanent"):
// hostile path parameters, query strings and JSON bodies — NUL, lone surrogates, RTL marks, 1e309, -0,
// huge strings and arrays, deep nesting, prototype keys, SQL and script payloads — sent as an
// anonymous caller, a citizen and a staff member holding every role — and, in rotation over the
// operations, a staff member of each single role (county scope) and an API client holding every
// permission, so role-specific paths are reached too. No answer may be a 5xx: bad
// input is a 4xx with a clear code. A route added by any module is covered without editing this file.
// Fixed seed and a bounded count in `npm test`; FX_FUZZ_RUNS=50 runs longer (and FX_FUZZ_SEED another seed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { STAFF_ROLE_NAMES } from '@fangxian/contracts/identity';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff } from './factories.ts';
import type { StaffRole } from '../src/platform/access/principal.ts';

const RUNS = Number(process.env.FX_FUZZ_RUNS ?? 4);
const SEED = Number(process.env.FX_FUZZ_SEED ?? 20_261_206);

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
  maxItems?: number;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
}
interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, unknown>;
}

const hostileString = fc.constantFrom(
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '\u202e\u202dabc',
  '1e309',
  '-0',
  'NaN',
  "'; drop table citizens; --",
  "' or '1'='1",
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '%00%ff',
  '{"$ne":null}',
  '__proto__',
  ' ',
  '',
  '０１２３',
  '😀😀',
  '𠀀𪚥',
  'x'.repeat(70_000),
  '510603',
  '00000000-0000-0000-0000-000000000000',
  '2026-02-30',
  '9'.repeat(40),
);
const hostileNumber = fc.constantFrom<unknown>(1e308, -1e308, -0, -1, 0, 2 ** 53 + 1, 0.5, '1e309', 'NaN', null, true, [], {});
const deep = (depth: number): unknown => (depth === 0 ? 'x' : { a: deep(depth - 1) });

/** A hostile value shaped (loosely) like the schema says — or deliberately not. */
function valueFor(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const wrong = fc.constantFrom<unknown>(null, 1e308, '\u0000', [], {}, deep(200), { __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } });
  if (!schema || depth > 3) return fc.oneof(hostileString, wrong);
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return fc.oneof(...variants.map((v) => valueFor(v, depth + 1)), wrong);
  if (schema.enum) return fc.oneof(fc.constantFrom(...schema.enum), hostileString);
  if (types.includes('object') || schema.properties) return objectFor(schema, depth + 1);
  if (types.includes('array')) {
    return fc.oneof(
      fc.array(valueFor(schema.items, depth + 1), { maxLength: 4 }),
      fc.constant(Array.from({ length: 5_000 }, () => 'x')),
      wrong,
    );
  }
  if (types.includes('integer') || types.includes('number')) return fc.oneof(hostileNumber, hostileString);
  if (types.includes('boolean')) return fc.oneof(fc.boolean(), fc.constantFrom<unknown>('true', 0, null));
  return fc.oneof(hostileString, wrong);
}

/** A value the schema accepts (as far as a generator can tell), so that one hostile field reaches the code behind validation. */
function validFor(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return fc.constant('x');
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const variants = (schema.anyOf ?? schema.oneOf)?.filter((v) => v.type !== 'null');
  if (variants?.length) return fc.oneof(...variants.map((v) => validFor(v, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  if (type === 'object' || schema.properties) {
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [name, prop] of Object.entries(schema.properties ?? {})) record[name] = validFor(prop, depth + 1);
    return fc.record(record, { requiredKeys: (schema.required ?? []).filter((k) => k in record) });
  }
  if (type === 'array') return fc.array(validFor(schema.items, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 2, 2)) });
  if (type === 'integer') return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 1_000 });
  if (type === 'number') return fc.double({ min: schema.minimum ?? 0, max: schema.maximum ?? 1_000, noNaN: true, noDefaultInfinity: true });
  if (type === 'boolean') return fc.boolean();
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'date-time') return fc.date({ min: new Date('2026-01-01'), max: new Date('2027-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
  if (schema.format === 'date') return fc.constantFrom('2026-12-01', '2026-12-06');
  const length = { minLength: schema.minLength ?? 0, maxLength: Math.max(schema.minLength ?? 0, Math.min(schema.maxLength ?? 12, 12)) };
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern, 'u');
    try {
      return fc.stringMatching(pattern).filter((v) => v.length >= length.minLength && v.length <= (schema.maxLength ?? Infinity));
    } catch {
      // fast-check cannot build every pattern (lookahead): the validator will then refuse most values.
      return fc.string(length);
    }
  }
  return fc.string({ ...length, unit: 'grapheme' }).filter((v) => v.trim().length >= length.minLength);
}

/** A valid body with one field (or one element) replaced by a hostile value. */
function oneHostileField(schema: Schema): fc.Arbitrary<unknown> {
  const names = Object.keys(schema.properties ?? {});
  if (names.length === 0) return valueFor(schema);
  return fc.tuple(validFor(schema), fc.constantFrom(...names)).chain(([valid, name]) =>
    valueFor(schema.properties![name], 2).map((bad) => ({ ...(valid as Record<string, unknown>), [name]: bad })),
  );
}

function objectFor(schema: Schema, depth: number): fc.Arbitrary<unknown> {
  const props = Object.entries(schema.properties ?? {});
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, prop] of props) record[name] = valueFor(prop, depth);
  return fc.oneof(
    fc.record(record, { requiredKeys: [] }),
    fc.record(record).map((o) => ({ ...o, __proto__: { isAdmin: true }, constructor: { prototype: { x: 1 } }, extra: '\u0000' })),
    fc.constantFrom<unknown>(null, [], 'x', deep(300)),
  );
}

/** Percent-encodes a path segment; a lone surrogate (not encodable) goes as the invalid UTF-8 bytes of one. */
function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...value].map((ch) => (/[\ud800-\udfff]/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch))).join('');
  }
}

/** One request for an operation: its path with parameters filled in, a query string and a body. */
function requestFor(path: string, op: Operation): fc.Arbitrary<{ url: string; payload?: unknown }> {
  const params = op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const bodySchema = op.requestBody?.content?.['application/json']?.schema;
  return fc
    .record({
      path: fc.tuple(...pathParams.map((p) => fc.oneof(hostileString, validFor(p.schema))), fc.constant(0)),
      query: fc.tuple(...queryParams.map((p) => fc.option(fc.oneof(valueFor(p.schema), validFor(p.schema)), { nil: undefined })), fc.constant(0)),
      // Half the bodies are valid but for one hostile field (to reach what lies behind validation), half hostile throughout.
      body: bodySchema ? fc.oneof(oneHostileField(bodySchema), valueFor(bodySchema)) : fc.constant(undefined),
    })
    .map(({ path: pathValues, query, body }) => {
      let url = path;
      pathParams.forEach((p, i) => {
        url = url.replace(`{${p.name}}`, encodeSegment(String(pathValues[i]).slice(0, 2_000)) || '%20');
      });
      const search = new URLSearchParams();
      queryParams.forEach((p, i) => {
        const v = query[i];
        if (v !== undefined) search.set(p.name, typeof v === 'string' ? v : JSON.stringify(v) ?? 'null');
      });
      const qs = search.toString();
      return { url: qs ? `${url}?${qs}` : url, payload: body };
    });
}

/** The values that broke routes before (NUL, a lone surrogate, 1e309, a huge string), each put into every parameter and every string field of an otherwise valid body at once. */
const SWEEP = ['a\u0000b', '\ud800', '1e309', 'x'.repeat(70_000)];
function sweep(path: string, op: Operation, seed: number): { url: string; payload?: unknown }[] {
  const params = op.parameters ?? [];
  const bodySchema = op.requestBody?.content?.['application/json']?.schema;
  const valid = bodySchema ? (fc.sample(validFor(bodySchema), { seed, numRuns: 1 })[0] as Record<string, unknown>) : undefined;
  return SWEEP.map((bad) => {
    let url = path;
    for (const p of params.filter((x) => x.in === 'path')) url = url.replace(`{${p.name}}`, encodeSegment(bad.slice(0, 2_000)));
    const search = new URLSearchParams();
    for (const p of params.filter((x) => x.in === 'query')) search.set(p.name, bad);
    let payload: unknown = valid;
    if (valid && typeof valid === 'object' && !Array.isArray(valid)) {
      const props = bodySchema?.properties ?? {};
      payload = { ...valid, ...Object.fromEntries(Object.entries(props).filter(([, v]) => v.type === 'string' || (!v.type && !v.anyOf)).map(([k]) => [k, bad])) };
    }
    const qs = search.toString();
    return { url: qs ? `${url}?${qs}` : url, payload };
  });
}

describe('fuzzing every route of the API document', () => {
  let t: TestApp;
  const callers: { name: string; headers: Record<string, string> }[] = [{ name: 'anonymous', headers: {} }];
  /** One of these joins the callers of each operation in turn (every role and the API client get a share of the routes). */
  const rotation: { name: string; headers: Record<string, string> }[] = [];
  beforeAll(async () => {
    t = await createTestApp();
    const citizen = await createCitizen(t.app.ctx, { name: '张三', idNumber: '51060319900101123X', householdDivision: '510603' });
    const staff = await createStaff(t.app.ctx, { roles: [...STAFF_ROLE_NAMES] as StaffRole[], regionCode: '510600' });
    callers.push({ name: 'citizen', headers: citizen.headers }, { name: 'staff (every role, city)', headers: staff.headers });
    for (const role of STAFF_ROLE_NAMES) {
      const one = await createStaff(t.app.ctx, { roles: [role as StaffRole], regionCode: '510603' });
      rotation.push({ name: `staff (${role}, county)`, headers: one.headers });
    }
    const permissions = ((await t.app.inject({ url: '/api/admin/api-permissions', headers: staff.headers })).json() as { permission: string }[]).map((p) => p.permission);
    const client = await t.app.inject({ method: 'POST', url: '/api/admin/api-clients', headers: staff.headers, payload: { name: 'fuzz', permissions } });
    expect(client.statusCode, client.body).toBe(201);
    rotation.push({ name: 'API client (every permission)', headers: { 'x-api-key': client.json().key as string } });
  }, 180_000);
  afterAll(async () => t?.close());

  it('never answers 5xx to hostile input, for any caller', { timeout: 900_000 }, async () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, Operation>> };
    const failures: string[] = [];
    let sent = 0;
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));
    expect(operations.length).toBeGreaterThan(50);
    for (const [index, { path, method, op }] of operations.entries()) {
      // Ending the fuzzing callers' own sessions would only turn the rest into 401s.
      if (/sign-out/.test(path)) continue;
      const streaming = JSON.stringify(op.responses?.['200'] ?? {}).includes('text/event-stream');
      const requests = [...fc.sample(requestFor(path, op), { seed: SEED + sent, numRuns: RUNS }), ...sweep(path, op, SEED + sent)];
      for (const caller of [...callers, rotation[index % rotation.length]]) {
        for (const request of requests) {
          sent++;
          const res = await t.app
            .inject({
              method: method as 'GET',
              url: request.url,
              headers: { ...caller.headers, 'accept-language': 'en' },
              ...(request.payload !== undefined && method !== 'GET' && method !== 'DELETE' ? { payload: JSON.stringify(request.payload), headers: { ...caller.headers, 'content-type': 'application/json' } } : {}),
              // An event stream the caller may open never ends by itself: the client hangs up after a moment.
              ...(streaming ? { signal: AbortSignal.timeout(300) } : {}),
            })
            .catch((error: unknown) => {
              if (streaming) return { statusCode: 200, body: '' };
              throw error;
            });
          if (res.statusCode >= 500) failures.push(`${caller.name} ${method} ${request.url.slice(0, 200)} ${JSON.stringify(request.payload)?.slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
        }
      }
    }
    expect(sent).toBeGreaterThan(operations.length);
    expect(failures, failures.join('\n')).toEqual([]);
  });
});
