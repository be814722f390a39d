// Ticket categories: the editable tree with per-category attribute forms, used by the citizen form and
// served to Open311 as service definitions (metadata: true), in JSON and XML; answers are checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff, type SignedIn } from './factories.ts';
import { apiKey, auditOf } from './tickets.support.ts';

const BASE = '/api/open311/v2';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

const FIELDS = [
  { code: 'place_type', label: '场所类型', datatype: 'singlevaluelist', required: true, order: 2, values: [{ key: 'market', name: '农贸市场' }, { key: 'mall', name: '商场超市' }] },
  { code: 'seen_at', label: '发现时间', datatype: 'datetime', required: true, order: 1 },
  { code: 'people', label: '涉及人数', datatype: 'number', required: false, order: 3 },
  { code: 'issues', label: '问题', datatype: 'multivaluelist', required: false, order: 4, values: [{ key: 'mask', name: '未戴口罩' }, { key: 'scan', name: '未扫场所码' }] },
];

describe('ticket categories and attribute forms', { timeout: 60_000 }, () => {
  let t: TestApp;
  let editor: SignedIn;
  let health: SignedIn;
  let citizen: SignedIn;
  let key: string;
  let root: { id: string };
  let leaf: { id: string; code: string };

  beforeAll(async () => {
    t = await createTestApp();
    editor = await createStaff(t.app.ctx, { roles: ['supervision'], regionCode: '510600', department: '德阳市委督查室' });
    health = await createStaff(t.app.ctx, { roles: ['health'], regionCode: '510600', department: '德阳市卫生健康委员会' });
    citizen = await createCitizen(t.app.ctx, { householdDivision: '510603' });
    key = await apiKey(t, ['open311.requests'], '510603');
  }, 120_000);
  afterAll(async () => t.close());

  const create = (payload: Record<string, unknown>, who: SignedIn = editor) => t.app.inject({ method: 'POST', url: '/api/tickets/categories', headers: who.headers, payload });

  it('builds a tree of categories with forms; refuses bad forms, taken codes, foreign parents and cycles; audits changes', async () => {
    expect((await create({ code: 'TC-PLACES', kind: 'report', name: '场所防控', fields: [] }, health)).statusCode).toBe(403);
    const r = await create({ code: 'TC-PLACES', kind: 'report', name: '场所防控', fields: [] });
    expect(r.statusCode, r.body).toBe(201);
    root = r.json();
    const l = await create({ code: 'TC-PLACES-MASK', parentId: root.id, kind: 'report', name: '场所未落实扫码戴口罩', sortOrder: 1, fields: FIELDS });
    expect(l.statusCode, l.body).toBe(201);
    leaf = l.json();
    expect((await create({ code: 'TC-PLACES-MASK', kind: 'report', name: '重复', fields: [] })).json().code).toBe('TICKETS_CATEGORY_CODE_TAKEN');
    expect((await create({ code: 'TC-X', parentId: root.id, kind: 'complaint', name: '类型不同', fields: [] })).json().code).toBe('TICKETS_CATEGORY_PARENT_INVALID');
    const badForm = await create({ code: 'TC-Y', kind: 'report', name: '坏表单', fields: [{ code: 'a', label: 'A', datatype: 'singlevaluelist', required: true, order: 1 }, { code: 'a', label: 'B', datatype: 'string', required: false, order: 2 }] });
    expect(badForm.statusCode).toBe(400);
    expect(badForm.json().details.issues.map((i: { path: string }) => i.path)).toEqual(['/body/fields/0/values', '/body/fields/1/code']);
    // The root cannot move under its own child.
    const cycle = await t.app.inject({ method: 'PUT', url: `/api/tickets/categories/${root.id}`, headers: editor.headers, payload: { code: 'TC-PLACES', parentId: leaf.id, kind: 'report', name: '场所防控', fields: [] } });
    expect(cycle.json().code).toBe('TICKETS_CATEGORY_PARENT_INVALID');
    expect(await auditOf(t, 'tickets.category.create')).toHaveLength(2);
    const pub = await t.app.inject({ url: '/api/tickets/categories' });
    expect(pub.statusCode).toBe(200);
    expect(pub.json().map((c: { code: string }) => c.code)).toEqual(['TC-PLACES', 'TC-PLACES-MASK']);
  });

  it('a citizen files under a category with the form answered; missing, wrong or unknown answers are refused by field', async () => {
    const base = { kind: 'report', title: '超市未查验场所码', description: '某超市入口无人查验场所码，顾客未戴口罩。', regionCode: '510603', categoryId: leaf.id };
    const missing = await t.app.inject({ method: 'POST', url: '/api/tickets', headers: citizen.headers, payload: { ...base, attributes: { people: 3 } } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'TICKETS_ATTRIBUTES_INVALID', details: { problems: [{ field: 'seen_at', problem: 'required' }, { field: 'place_type', problem: 'required' }] } });
    const wrongKind = await t.app.inject({ method: 'POST', url: '/api/tickets', headers: citizen.headers, payload: { ...base, kind: 'complaint', attributes: {} } });
    expect(wrongKind.json().code).toBe('TICKETS_CATEGORY_UNKNOWN');
    const ok = await t.app.inject({ method: 'POST', url: '/api/tickets', headers: citizen.headers, payload: { ...base, attributes: { seen_at: '2026-12-06T09:30:00+08:00', place_type: 'mall', issues: ['mask', 'scan'] } } });
    expect(ok.statusCode, ok.body).toBe(201);
    const own = await t.app.inject({ url: `/api/tickets/mine/${ok.json().id}`, headers: citizen.headers });
    expect(own.json()).toMatchObject({ categoryId: leaf.id, attributes: { seen_at: '2026-12-06T09:30:00+08:00', place_type: 'mall', issues: ['mask', 'scan'] } });
  });

  it('Open311: the category is a service with metadata; its definition lists the form as attributes (JSON and XML); requests answer it', async () => {
    const services = (await t.app.inject({ url: `${BASE}/services.json` })).json();
    expect(services.find((s: { service_code: string }) => s.service_code === 'TC-PLACES-MASK')).toMatchObject({ metadata: true, group: '监督举报', type: 'realtime' });
    expect(services.find((s: { service_code: string }) => s.service_code === 'TC-PLACES')).toMatchObject({ metadata: false });
    const def = await t.app.inject({ url: `${BASE}/services/TC-PLACES-MASK.json` });
    expect(def.statusCode).toBe(200);
    expect(def.json().attributes.map((a: { code: string; order: number; required: boolean }) => [a.code, a.order, a.required])).toEqual([['seen_at', 1, true], ['place_type', 2, true], ['people', 3, false], ['issues', 4, false]]);
    expect(def.json().attributes[1]).toMatchObject({ variable: true, datatype: 'singlevaluelist', values: [{ key: 'market', name: '农贸市场' }, { key: 'mall', name: '商场超市' }] });
    const xml = await t.app.inject({ url: `${BASE}/services/TC-PLACES-MASK.xml` });
    expect(xml.body).toContain('<service_definition><service_code>TC-PLACES-MASK</service_code><attributes><attribute><variable>true</variable><code>seen_at</code>');
    expect(xml.body).toContain('<values><value><key>market</key><name>农贸市场</name></value>');

    const fields = { api_key: key, service_code: 'TC-PLACES-MASK', address_string: '旌阳区某超市', description: '超市入口无人查验场所码' };
    const bad = await t.app.inject({ method: 'POST', url: `${BASE}/requests.json`, headers: FORM, payload: new URLSearchParams({ ...fields, 'attribute[place_type]': 'school' }).toString() });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()[0].description).toContain('place_type');
    const body = new URLSearchParams({ ...fields, 'attribute[seen_at]': '2026-12-06T10:00:00+08:00', 'attribute[place_type]': 'market', 'attribute[people]': '20' });
    body.append('attribute[issues][]', 'mask');
    body.append('attribute[issues][]', 'scan');
    const created = await t.app.inject({ method: 'POST', url: `${BASE}/requests.json`, headers: FORM, payload: body.toString() });
    expect(created.statusCode, created.body).toBe(200);
    const id = created.json()[0].service_request_id;
    const one = await t.app.inject({ url: `${BASE}/requests/${id}.json?api_key=${key}` });
    expect(one.json()[0]).toMatchObject({ service_code: 'TC-PLACES-MASK', service_name: '场所未落实扫码戴口罩' });
    const list = await t.app.inject({ url: `${BASE}/requests.json?api_key=${key}&service_code=TC-PLACES-MASK` });
    expect(list.json().map((r: { service_request_id: string }) => r.service_request_id)).toContain(id);
    expect(list.json().every((r: { service_code: string }) => r.service_code === 'TC-PLACES-MASK')).toBe(true);
  });

  it('a deactivated category hides its subtree from the form and Open311', async () => {
    const off = await t.app.inject({ method: 'PUT', url: `/api/tickets/categories/${root.id}`, headers: editor.headers, payload: { code: 'TC-PLACES', kind: 'report', name: '场所防控', active: false, fields: [] } });
    expect(off.statusCode, off.body).toBe(200);
    expect((await t.app.inject({ url: '/api/tickets/categories' })).json()).toEqual([]);
    expect((await t.app.inject({ url: `${BASE}/services/TC-PLACES-MASK.json` })).statusCode).toBe(404);
    const all = await t.app.inject({ url: '/api/tickets/categories/all', headers: editor.headers });
    expect(all.json()).toHaveLength(2);
    expect(await auditOf(t, 'tickets.category.update', root.id)).toHaveLength(1);
  });
});
