import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support.ts';
import { createStaff, type SignedIn } from './factories.ts';
import { sql } from 'drizzle-orm';
import { apiKey, auditOf } from './tickets.support.ts';
import { rows as rowsOf } from '../src/platform/db/database.ts';
import { verifyAuditChain } from '../src/platform/audit/audit.service.ts';

/**
 * Contract tests of Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): the shapes and
 * field names of the spec, form-encoded POST with api_key, errors as [{code, description}].
 */
const BASE = '/api/open311/v2';
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

const isIso = (s: unknown) => typeof s === 'string' && !Number.isNaN(Date.parse(s)) && /^\d{4}-\d{2}-\d{2}T/.test(s);
/** The spec's service request fields, with their types. */
function expectRequestShape(r: Record<string, unknown>) {
  expect(Object.keys(r).sort()).toEqual([
    'address', 'address_id', 'agency_responsible', 'description', 'expected_datetime', 'lat', 'long', 'media_url', 'requested_datetime',
    'service_code', 'service_name', 'service_notice', 'service_request_id', 'status', 'status_notes', 'updated_datetime', 'zipcode',
  ]);
  expect(typeof r.service_request_id).toBe('string');
  expect(['open', 'closed']).toContain(r.status);
  expect(isIso(r.requested_datetime)).toBe(true);
  expect(isIso(r.updated_datetime)).toBe(true);
  expect(r.expected_datetime === null || isIso(r.expected_datetime)).toBe(true);
  for (const k of ['lat', 'long']) expect(r[k] === null || typeof r[k] === 'number').toBe(true);
}
function expectErrors(body: unknown, code: number) {
  expect(Array.isArray(body)).toBe(true);
  const list = body as { code: unknown; description: unknown }[];
  expect(list.length).toBeGreaterThan(0);
  for (const e of list) {
    expect(Object.keys(e).sort()).toEqual(['code', 'description']);
    expect(e.code).toBe(code);
    expect(typeof e.description).toBe('string');
    expect((e.description as string).length).toBeGreaterThan(0);
  }
}

describe('Open311 GeoReport v2', { timeout: 60_000 }, () => {
  let t: TestApp;
  let key: string; // Jingyang district
  let wideKey: string; // whole deployment
  let otherCountyKey: string; // Guanghan
  let noPermissionKey: string;
  let dispatcher: SignedIn;

  beforeAll(async () => {
    t = await createTestApp();
    key = await apiKey(t, ['open311.requests'], '510603');
    wideKey = await apiKey(t, ['open311.requests']);
    otherCountyKey = await apiKey(t, ['open311.requests'], '510681');
    noPermissionKey = await apiKey(t, ['healthcode.verify']);
    dispatcher = await createStaff(t.app.ctx, { roles: ['supervision'], regionCode: '510600' });
    await createStaff(t.app.ctx, { roles: ['health'], regionCode: '510600', department: '德阳市卫生健康委员会' });
  }, 120_000);
  afterAll(async () => t.close());

  const post = (fields: Record<string, string>) => t.app.inject({ method: 'POST', url: `${BASE}/requests.json`, headers: FORM, payload: form(fields) });

  it('serves discovery and the service list with the spec\'s fields, one service per ticket kind', async () => {
    const discovery = await t.app.inject({ url: `${BASE}/discovery.json` });
    expect(discovery.statusCode).toBe(200);
    expect(discovery.json().endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', formats: ['text/xml', 'application/json'] });
    const res = await t.app.inject({ url: `${BASE}/services.json` });
    expect(res.statusCode).toBe(200);
    const services = res.json();
    expect(services.map((s: { service_code: string }) => s.service_code).sort()).toEqual(['TK-COMPLAINT', 'TK-CONSULTATION', 'TK-HELP', 'TK-REPORT', 'TK-SUGGESTION']);
    for (const s of services) {
      expect(Object.keys(s).sort()).toEqual(['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type']);
      expect(s).toMatchObject({ metadata: false, type: 'realtime' });
    }
    expect(services.find((s: { service_code: string }) => s.service_code === 'TK-REPORT').service_name).toBe('监督举报');
    const definition = await t.app.inject({ url: `${BASE}/services/TK-COMPLAINT.json` });
    expect(definition.json()).toEqual({ service_code: 'TK-COMPLAINT', attributes: [] });
    const unknown = await t.app.inject({ url: `${BASE}/services/POTHOLE.json` });
    expect(unknown.statusCode).toBe(404);
    expectErrors(unknown.json(), 404);
    const bare = await t.app.inject({ url: `${BASE}/services/TK-COMPLAINT` });
    expect(bare.statusCode).toBe(404);
    expectErrors(bare.json(), 404);
  });

  it('creates a request from a form-encoded POST with api_key, and reads it back by id and in the list', async () => {
    const created = await post({
      api_key: key, service_code: 'TK-COMPLAINT', lat: '31.1270', long: '104.3979', address_string: '旌阳区文庙广场',
      description: '广场入口无人查验健康码', first_name: '三', last_name: '张', phone: '13900001111', email: 'zhang@example.com',
      'attribute[none][]': 'x', media_url: 'https://example.com/photo.jpg',
    });
    expect(created.statusCode, created.body).toBe(200);
    const [answer] = created.json();
    expect(typeof answer.service_request_id).toBe('string');
    expect(answer.service_request_id).toMatch(/^TK\d{8}-/);
    const id = answer.service_request_id;

    const one = await t.app.inject({ url: `${BASE}/requests/${id}.json?api_key=${key}` });
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json()).toHaveLength(1);
    const r = one.json()[0];
    expectRequestShape(r);
    expect(r).toMatchObject({
      service_request_id: id, status: 'open', status_notes: '待受理', service_code: 'TK-COMPLAINT', service_name: '投诉', description: '广场入口无人查验健康码',
      agency_responsible: null, address: '旌阳区文庙广场', lat: 31.127, long: 104.3979, media_url: 'https://example.com/photo.jpg',
    });
    // The reporter's personal data is never in the Open311 answer.
    expect(one.body).not.toContain('13900001111');
    expect(one.body).not.toContain('zhang@example.com');

    // The header form of the key works as well; JSON bodies too.
    const viaHeader = await t.app.inject({ method: 'POST', url: `${BASE}/requests.json`, headers: { 'x-api-key': key }, payload: { service_code: 'TK-CONSULTATION', address_string: '旌阳区', description: '返乡人员需要做什么？' } });
    expect(viaHeader.statusCode, viaHeader.body).toBe(200);

    const list = await t.app.inject({ url: `${BASE}/requests.json?api_key=${key}` });
    expect(list.statusCode).toBe(200);
    expect(list.json().map((x: { service_request_id: string }) => x.service_request_id)).toEqual(expect.arrayContaining([id, viaHeader.json()[0].service_request_id]));
    for (const x of list.json()) expectRequestShape(x);
    const complaints = await t.app.inject({ url: `${BASE}/requests.json?api_key=${key}&service_code=TK-COMPLAINT` });
    expect(complaints.json().every((x: { service_code: string }) => x.service_code === 'TK-COMPLAINT')).toBe(true);
    expect((await auditOf(t, 'tickets.open311.read')).length).toBeGreaterThan(0);

    // The officer sees it in the worklist, with the contact masked.
    const worklist = (await t.app.inject({ url: `/api/tickets/worklist?number=${id}`, headers: dispatcher.headers })).json();
    expect(worklist.items).toHaveLength(1);
    const view = (await t.app.inject({ url: `/api/tickets/worklist/${worklist.items[0].id}`, headers: dispatcher.headers })).json();
    expect(view).toMatchObject({ channel: 'open311', reporter: { name: '张*', phone: '139****1111', email: 'z***@example.com' } });
  });

  it('maps our lifecycle to open / closed with status_notes, and filters by status', async () => {
    const id = (await post({ api_key: key, service_code: 'TK-REPORT', address_string: '旌阳区某小区', description: '门岗无人值守' })).json()[0].service_request_id;
    const ticketId = (await t.app.inject({ url: `/api/tickets/worklist?number=${id}`, headers: dispatcher.headers })).json().items[0].id;
    const rejected = await t.app.inject({ method: 'POST', url: `/api/tickets/worklist/${ticketId}/dispatch`, headers: dispatcher.headers, payload: { action: 'reject', note: '信息不足，无法核实' } });
    expect(rejected.statusCode, rejected.body).toBe(200);
    const r = (await t.app.inject({ url: `${BASE}/requests/${id}.json?api_key=${key}` })).json()[0];
    expect(r).toMatchObject({ status: 'closed', status_notes: '不予受理：信息不足，无法核实', expected_datetime: null });
    const closed = (await t.app.inject({ url: `${BASE}/requests.json?api_key=${key}&status=closed` })).json();
    expect(closed.map((x: { service_request_id: string }) => x.service_request_id)).toContain(id);
    expect(closed.every((x: { status: string }) => x.status === 'closed')).toBe(true);
    const open = (await t.app.inject({ url: `${BASE}/requests.json?api_key=${key}&status=open` })).json();
    expect(open.map((x: { service_request_id: string }) => x.service_request_id)).not.toContain(id);
    expect(open.length).toBeGreaterThan(0);
  });

  it('answers errors as [{code, description}]: key, service, location, description, coordinates, dates', async () => {
    const cases: [Record<string, string>, number][] = [
      [{ service_code: 'TK-COMPLAINT', address_string: '旌阳区', description: '没有密钥的请求' }, 403],
      [{ api_key: 'not-a-key', service_code: 'TK-COMPLAINT', address_string: '旌阳区', description: '错误的密钥' }, 403],
      [{ api_key: noPermissionKey, service_code: 'TK-COMPLAINT', address_string: '旌阳区', description: '没有权限的密钥' }, 403],
      [{ api_key: key, service_code: 'POTHOLE', address_string: '旌阳区', description: '不存在的服务' }, 404],
      [{ api_key: key, service_code: 'TK-COMPLAINT', description: '没有位置的请求' }, 400],
      [{ api_key: key, service_code: 'TK-COMPLAINT', lat: '31.1', description: '只有纬度的请求' }, 400],
      [{ api_key: key, service_code: 'TK-COMPLAINT', lat: '91', long: '104', description: '纬度超出范围' }, 400],
      [{ api_key: key, service_code: 'TK-COMPLAINT', address_string: '旌阳区' }, 400],
      [{ api_key: key, service_code: 'TK-COMPLAINT', address_string: '旌阳区', description: '辖区外的投诉请求', jurisdiction_id: '510681' }, 403],
      [{ api_key: wideKey, service_code: 'TK-COMPLAINT', address_string: '旌阳区', description: '全域密钥须指明辖区' }, 400],
    ];
    for (const [fields, status] of cases) {
      const res = await post(fields);
      expect(res.statusCode, `${JSON.stringify(fields)} → ${res.body}`).toBe(status);
      expectErrors(res.json(), status);
    }
    // A deployment-wide key names the division with jurisdiction_id.
    expect((await post({ api_key: wideKey, service_code: 'TK-SUGGESTION', address_string: '旌阳区', description: '建议增加采样点', jurisdiction_id: '510603' })).statusCode).toBe(200);

    const tooLong = await t.app.inject({ url: `${BASE}/requests.json?api_key=${key}&start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z` });
    expect(tooLong.statusCode).toBe(400);
    expectErrors(tooLong.json(), 400);
    expectErrors((await t.app.inject({ url: `${BASE}/requests.json?api_key=${key}&start_date=yesterday` })).json(), 400);
    expectErrors((await t.app.inject({ url: `${BASE}/requests.json?api_key=${key}&status=pending` })).json(), 400);
    expectErrors((await t.app.inject({ url: `${BASE}/requests.json` })).json(), 403);
    const missing = await t.app.inject({ url: `${BASE}/requests/TK20260101-AAAAAA.json?api_key=${key}` });
    expect(missing.statusCode).toBe(404);
    expectErrors(missing.json(), 404);
  });

  it('answers every endpoint in XML too (the spec\'s required format), errors included', async () => {
    const services = await t.app.inject({ url: `${BASE}/services.xml` });
    expect(services.statusCode).toBe(200);
    expect(services.headers['content-type']).toMatch(/^application\/xml/);
    expect(services.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><services><service><service_code>TK-REPORT<\/service_code><service_name>监督举报<\/service_name>/);
    expect(services.body.match(/<service>/g)).toHaveLength(5);
    expect((await t.app.inject({ url: `${BASE}/services/TK-REPORT.xml` })).body).toContain('<service_definition><service_code>TK-REPORT</service_code><attributes></attributes></service_definition>');
    expect((await t.app.inject({ url: `${BASE}/discovery.xml` })).body).toContain('<formats><format>text/xml</format><format>application/json</format></formats>');

    const created = await t.app.inject({ method: 'POST', url: `${BASE}/requests.xml`, headers: FORM, payload: form({ api_key: key, service_code: 'TK-COMPLAINT', address_string: '旌阳区 <东门> & 西门', description: '入口处 <无人> 查验 & 登记' }) });
    expect(created.statusCode, created.body).toBe(200);
    const id = /<service_request_id>([^<]+)<\/service_request_id>/.exec(created.body)?.[1];
    expect(id).toMatch(/^TK\d{8}-/);
    expect(created.body).toMatch(/^<\?xml[^>]*\?><service_requests><request><service_request_id>/);
    const one = await t.app.inject({ url: `${BASE}/requests/${id}.xml?api_key=${key}` });
    expect(one.statusCode).toBe(200);
    expect(one.body).toContain(`<service_requests><request><service_request_id>${id}</service_request_id><status>open</status>`);
    expect(one.body).toContain('<description>入口处 &lt;无人&gt; 查验 &amp; 登记</description>');
    expect(one.body).toContain('<address>旌阳区 &lt;东门&gt; &amp; 西门</address>');
    expect(one.body).toContain('<agency_responsible/>');
    expect((await t.app.inject({ url: `${BASE}/requests.xml?api_key=${key}` })).body).toContain(`<service_request_id>${id}</service_request_id>`);

    const refused = await t.app.inject({ url: `${BASE}/requests.xml` });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/xml/);
    expect(refused.body).toMatch(/<errors><error><code>403<\/code><description>[^<]+<\/description><\/error><\/errors>$/);
    expect((await t.app.inject({ url: `${BASE}/requests/TK20260101-AAAAAA.xml?api_key=${key}` })).body).toContain('<errors><error><code>404</code>');
  });

  it('serves the updates feed (servicerequestupdates): each change of status in the window, oldest first, official answers only, in JSON and XML, within the key\'s region', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const id = (await post({ api_key: key, service_code: 'TK-COMPLAINT', address_string: '旌阳区更新路', description: '更新订阅测试：路灯不亮' })).json()[0].service_request_id;
    const rejectedId = (await post({ api_key: key, service_code: 'TK-COMPLAINT', address_string: '旌阳区更新路', description: '更新订阅测试：重复反映' })).json()[0].service_request_id;
    const ticketOf = async (number: string) => (await t.app.inject({ url: `/api/tickets/worklist?number=${number}`, headers: dispatcher.headers })).json().items[0].id;
    const step = async (payload: Record<string, unknown>, number = id) => {
      const res = await t.app.inject({ method: 'POST', url: `/api/tickets/worklist/${await ticketOf(number)}/dispatch`, headers: dispatcher.headers, payload });
      expect(res.statusCode, res.body).toBe(200);
    };
    await step({ action: 'accept' });
    // A return's reason is an internal note: the feed carries the new status without it.
    await step({ action: 'assign', department: '德阳市卫生健康委员会' });
    await step({ action: 'return', note: '内部退回意见' });
    await step({ action: 'reject', note: '不属于受理范围' }, rejectedId);
    const feed = await t.app.inject({ url: `${BASE}/servicerequestupdates.json?api_key=${key}&start_date=${since}` });
    expect(feed.statusCode, feed.body).toBe(200);
    type Update = { service_request_id: string; external_status_code: string; status: string; description: string };
    const mine = feed.json().filter((u: Update) => u.service_request_id === id);
    expect(mine.map((u: Update) => [u.external_status_code, u.status, u.description])).toEqual([
      ['submitted', 'open', '待受理'], ['accepted', 'open', '已受理'], ['assigned', 'open', '已派单'], ['accepted', 'open', '已受理'],
    ]);
    const rejected = feed.json().filter((u: Update) => u.service_request_id === rejectedId);
    expect(rejected.map((u: Update) => [u.external_status_code, u.status, u.description])).toEqual([['submitted', 'open', '待受理'], ['rejected', 'closed', '不予受理：不属于受理范围']]);
    for (const u of mine) {
      expect(Object.keys(u).sort()).toEqual(['description', 'external_status_code', 'media_url', 'service_request_id', 'status', 'update_id', 'updated_datetime']);
      expect(typeof u.update_id).toBe('string');
      expect(isIso(u.updated_datetime)).toBe(true);
    }
    const times = mine.map((u: { updated_datetime: string }) => Date.parse(u.updated_datetime));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(JSON.stringify(feed.json())).not.toContain('内部退回意见');

    const xml = await t.app.inject({ url: `${BASE}/servicerequestupdates.xml?api_key=${key}&start_date=${since}` });
    expect(xml.headers['content-type']).toMatch(/^application\/xml/);
    expect(xml.body).toMatch(/^<\?xml[^>]*\?><service_request_updates><request_update><update_id>/);
    expect(xml.body).toContain(`<service_request_id>${rejectedId}</service_request_id><status>closed</status><external_status_code>rejected</external_status_code>`);

    // Another county's key sees none of it; a window after it is empty; the window's limits hold.
    expect((await t.app.inject({ url: `${BASE}/servicerequestupdates.json?api_key=${otherCountyKey}&start_date=${since}` })).json()).toEqual([]);
    expect((await t.app.inject({ url: `${BASE}/servicerequestupdates.json?api_key=${key}&start_date=${new Date(Date.now() + 60_000).toISOString()}&end_date=${new Date(Date.now() + 120_000).toISOString()}` })).json()).toEqual([]);
    const tooLong = await t.app.inject({ url: `${BASE}/servicerequestupdates.json?api_key=${key}&start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z` });
    expect(tooLong.statusCode).toBe(400);
    expectErrors(tooLong.json(), 400);
    expect((await t.app.inject({ url: `${BASE}/servicerequestupdates.json` })).statusCode).toBe(403);
  });

  it('draws a new number when a ticket\'s number is taken (one filing alone, and in a batch), instead of failing the filing', async () => {
    const repo = await import('../src/modules/tickets/tickets.repository.ts');
    const taken = (await post({ api_key: key, service_code: 'TK-COMPLAINT', address_string: '旌阳区', description: '编号占用测试' })).json()[0].service_request_id as string;
    const base = { kind: 'complaint', status: 'submitted', channel: 'open311', title: '编号', description: '编号重复', regionCode: '510603', dueAt: new Date(Date.now() + 86_400_000), createdAt: new Date(), updatedAt: new Date() };
    const db = t.app.ctx.db;
    const alone = await db.transaction((tx) => repo.insertTicket(tx, { ...base, number: taken }));
    expect(alone.number).not.toBe(taken);
    expect(alone.number).toMatch(/^TK\d{8}-[A-Z2-9]{6}$/);
    const { randomUUID } = await import('node:crypto');
    const ids = [randomUUID(), randomUUID()];
    const stored = await db.transaction((tx) =>
      repo.insertTicketsWithHistory(
        tx,
        [{ ...base, id: ids[0], number: taken }, { ...base, id: ids[1], number: `TK20261207-${ids[1].slice(0, 6).toUpperCase()}` }],
        ids.map((id) => ({ ticketId: id, regionCode: '510603', action: 'submit', toStatus: 'submitted', actorType: 'api', at: new Date() })),
      ),
    );
    expect(stored[0].number).not.toBe(taken);
    expect(stored[1].number).toBe(`TK20261207-${ids[1].slice(0, 6).toUpperCase()}`);
    const inDb = await rowsOf<{ id: string; number: string; events: number }>(db, sql`select t.id, t.number, (select count(*)::int from ticket_events e where e.ticket_id = t.id) as events from tickets t where t.id in (${ids[0]}, ${ids[1]}) order by t.number`);
    expect(new Map(inDb.map((r) => [r.id, r.number]))).toEqual(new Map(stored.map((r) => [r.id, r.number])));
    expect(inDb.map((r) => r.events)).toEqual([1, 1]);
    expect((await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from tickets where number = ${taken}`))[0].n).toBe(1);
  });

  it('keeps a key to its region: another county\'s key neither sees nor reads Jingyang requests', async () => {
    const id = (await post({ api_key: key, service_code: 'TK-COMPLAINT', address_string: '旌阳区', description: '区域范围测试' })).json()[0].service_request_id;
    expect((await t.app.inject({ url: `${BASE}/requests/${id}.json?api_key=${otherCountyKey}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `${BASE}/requests.json?api_key=${otherCountyKey}` })).json()).toEqual([]);
    expect((await t.app.inject({ url: `${BASE}/requests/${id}.json?api_key=${wideKey}` })).statusCode).toBe(200);
  });

  it('files concurrent requests as one batch: one run, one audit append for all, every ticket with its history and audit record, the chain intact', async () => {
    const stats = t.app.ctx.database.writes.stats;
    const before = { inputs: stats.batchedInputs, runs: stats.batchRuns };
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => post({ api_key: key, service_code: i % 2 ? 'TK-HELP' : 'TK-COMPLAINT', lat: '31.12', long: '104.39', description: `批量受理测试 ${i + 1} 号` })),
    );
    for (const a of answers) expect(a.statusCode, a.body).toBe(200);
    const numbers = answers.map((a) => a.json()[0].service_request_id as string);
    expect(new Set(numbers).size).toBe(12);
    expect(stats.batchedInputs - before.inputs).toBe(12);
    // Gathered into fewer runs than filings (a run per group-commit batch).
    expect(stats.batchRuns - before.runs).toBeLessThan(12);
    const rows = await rowsOf<{ id: string; number: string; due_at: Date | string; events: number }>(
      t.app.ctx.db,
      sql`select t.id, t.number, t.due_at, (select count(*)::int from ticket_events e where e.ticket_id = t.id and e.action = 'submit') as events from tickets t where t.number in (${sql.join(numbers.map((n) => sql`${n}`), sql`, `)})`,
    );
    expect(rows).toHaveLength(12);
    for (const r of rows) {
      expect(r.events).toBe(1);
      expect(r.due_at).not.toBeNull();
      expect(await auditOf(t, 'tickets.ticket.submit', r.id)).toEqual([expect.objectContaining({ actor_type: 'api', detail: { kind: expect.any(String), channel: 'open311' } })]);
    }
    expect(await verifyAuditChain(t.app.ctx.db)).toMatchObject({ ok: true });
  });
});
