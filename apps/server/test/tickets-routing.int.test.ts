// Routing rules as data: replaced within the dispatcher's region, tried on the last 100 tickets
// (dry-run, nothing saved), suggested on the ticket and used by 派单 without a department.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff, type SignedIn } from './factories.ts';
import { auditOf } from './tickets.support.ts';

const HEALTH = '德阳市卫生健康委员会';
const POLICE = '德阳市公安局';

describe('ticket routing rules', { timeout: 60_000 }, () => {
  let t: TestApp;
  let dispatcher: SignedIn;
  let countyDispatcher: SignedIn;
  let citizen: SignedIn;
  let category: string;

  beforeAll(async () => {
    t = await createTestApp();
    dispatcher = await createStaff(t.app.ctx, { roles: ['supervision'], regionCode: '510600', department: '德阳市委督查室' });
    countyDispatcher = await createStaff(t.app.ctx, { roles: ['service_center'], regionCode: '510681', department: '广汉市政务服务中心' });
    await createStaff(t.app.ctx, { roles: ['health'], regionCode: '510600', department: HEALTH });
    await createStaff(t.app.ctx, { roles: ['police'], regionCode: '510600', department: POLICE });
    citizen = await createCitizen(t.app.ctx, { householdDivision: '510603' });
    const c = await t.app.inject({ method: 'POST', url: '/api/tickets/categories', headers: dispatcher.headers, payload: { code: 'TC-GATHER', kind: 'report', name: '违规聚集', fields: [] } });
    category = c.json().id;
  }, 120_000);
  afterAll(async () => t.close());

  const put = (rules: unknown[], who: SignedIn = dispatcher) => t.app.inject({ method: 'PUT', url: '/api/tickets/routing-rules', headers: who.headers, payload: { rules } });
  const file = async (categoryId: string | null) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/tickets', headers: citizen.headers, payload: { kind: 'report', title: '广场聚集跳舞', description: '每晚广场有上百人聚集跳舞，无人劝导。', regionCode: '510603', categoryId } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  it('validates rules by field: division, department, category, region scope', async () => {
    const bad = await put([
      { regionCode: '510104', department: HEALTH },
      { regionCode: '510603', department: '不存在的部门' },
      { regionCode: '510603', department: HEALTH, categoryId: '00000000-0000-4000-8000-000000000000' },
    ]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.issues.map((i: { path: string }) => i.path)).toEqual(['/body/rules/0/regionCode', '/body/rules/1/department', '/body/rules/2/categoryId']);
    expect((await put([{ regionCode: '', department: HEALTH }])).statusCode).toBe(400); // everywhere: deployment-wide officers only
  });

  it('dry-runs on the last 100 tickets without saving, then saves; 派单 without a department follows the rules', async () => {
    const plain = await file(null);
    const gathering = await file(category);
    const rules = [{ regionCode: '510600', department: HEALTH }, { regionCode: '510603', categoryId: category, department: POLICE }];
    const dry = await t.app.inject({ method: 'POST', url: '/api/tickets/routing-rules/dry-run', headers: dispatcher.headers, payload: { rules } });
    expect(dry.statusCode, dry.body).toBe(200);
    const byId = new Map(dry.json().tickets.map((l: { id: string }) => [l.id, l]));
    expect(byId.get(plain)).toMatchObject({ current: null, proposed: HEALTH });
    expect(byId.get(gathering)).toMatchObject({ current: null, proposed: POLICE });
    expect(dry.json()).toMatchObject({ changed: 2, unrouted: 0 });
    expect((await t.app.inject({ url: '/api/tickets/routing-rules', headers: dispatcher.headers })).json()).toEqual([]);

    const saved = await put(rules);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().map((r: { department: string }) => r.department)).toEqual([HEALTH, POLICE]);
    expect(await auditOf(t, 'tickets.routing.replace')).toHaveLength(1);

    expect((await t.app.inject({ method: 'POST', url: `/api/tickets/worklist/${gathering}/dispatch`, headers: dispatcher.headers, payload: { action: 'accept' } })).json()).toMatchObject({ suggestedDepartment: POLICE });
    const assigned = await t.app.inject({ method: 'POST', url: `/api/tickets/worklist/${gathering}/dispatch`, headers: dispatcher.headers, payload: { action: 'assign' } });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({ status: 'assigned', department: POLICE });
  });

  it('a county dispatcher replaces only their county\'s rules; the city\'s stay', async () => {
    const res = await put([{ regionCode: '510681', department: HEALTH }], countyDispatcher);
    expect(res.statusCode, res.body).toBe(200);
    const all = (await t.app.inject({ url: '/api/tickets/routing-rules', headers: dispatcher.headers })).json();
    expect(all.map((r: { regionCode: string }) => r.regionCode).sort()).toEqual(['510600', '510603', '510681']);
    // Saving the city's rules again keeps the county's.
    expect((await put([{ regionCode: '510600', department: POLICE }])).json().map((r: { regionCode: string }) => r.regionCode)).toEqual(['510600']);
  });
});
