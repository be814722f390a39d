import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff, type SignedIn } from './factories.ts';
import { rows } from '../src/platform/db/database.ts';
import { loadCalendar } from '../src/platform/calendar/index.ts';
import { TicketsDemoSeed, DEMO_CATEGORIES, DEMO_ROUTING } from '../src/modules/tickets/tickets.seed.ts';
import { deadline, warningAt } from '../src/modules/tickets/tickets.sla.ts';
import { sweepDeadlines } from '../src/modules/tickets/tickets.deadlines.ts';

/** The demo categories and routing rules, and per-category time limits in working hours (deadline and warning). */
describe('tickets: seeded categories and routing, per-category SLA in working hours', { timeout: 120_000 }, () => {
  let t: TestApp;
  let citizen: SignedIn;
  let dispatcher: SignedIn;
  beforeAll(async () => {
    t = await createTestApp({ seedDemo: true });
    citizen = await createCitizen(t.app.ctx, { name: '钱七', householdDivision: '510603' });
    dispatcher = await createStaff(t.app.ctx, { roles: ['supervision'], regionCode: '510600', department: '德阳市委督查室' });
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  const counts = async () => (await rows<{ c: number; r: number }>(t.database.db, sql`select (select count(*)::int from ticket_categories) as c, (select count(*)::int from ticket_routing_rules) as r`))[0];
  const category = async (code: string) => (await t.app.inject({ url: '/api/tickets/categories' })).json().find((c: { code: string }) => c.code === code);

  it('seeds the demo categories (with forms and limits) and routing rules once; the step is idempotent', async () => {
    expect(await counts()).toEqual({ c: DEMO_CATEGORIES.length, r: DEMO_ROUTING.length });
    expect(await category('TC-HELP-MEDICAL')).toMatchObject({ kind: 'help', slaUnit: 'working_hours', slaAmount: 4 });
    expect((await category('TC-EPI-CODE')).parentId).toBe((await category('TC-EPI-CONTROL')).id);
    expect((await category('TC-TESTING')).fields.map((f: { code: string }) => f.code)).toEqual(['site', 'wait_minutes']);
    // Run again (as a second start that seeded would): nothing doubles.
    await t.app.ctx.db.transaction((tx) => TicketsDemoSeed.run({ ctx: t.app.ctx, tx, staff: new Map(), facts: new Map() }));
    expect(await counts()).toEqual({ c: DEMO_CATEGORIES.length, r: DEMO_ROUTING.length });
  });

  it('routes a testing-site complaint to the health commission by the seeded rules', async () => {
    const testing = await category('TC-TESTING');
    const filed = await t.app.inject({
      method: 'POST', url: '/api/tickets', headers: citizen.headers,
      payload: { kind: 'complaint', title: '检测点排长队', description: '检测点排队两小时无人管理。', regionCode: '510603', categoryId: testing.id, attributes: { site: '长江东路检测点' } },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const seen = await t.app.inject({ url: `/api/tickets/worklist/${filed.json().id}`, headers: dispatcher.headers });
    expect(seen.json().suggestedDepartment).toBe('德阳市卫生健康委员会');
  });

  it('gives a category (and its subtree) its own limit in working hours, and the deadline job warns at its warning time', async () => {
    const medical = await category('TC-HELP-MEDICAL');
    // A child without a limit of its own inherits 4 working hours.
    const child = await t.app.inject({
      method: 'POST', url: '/api/tickets/categories', headers: dispatcher.headers,
      payload: { code: 'TC-HELP-MEDICAL-DRUG', parentId: medical.id, kind: 'help', name: '取药求助', fields: [] },
    });
    expect(child.statusCode, child.body).toBe(201);
    expect(child.json()).toMatchObject({ slaUnit: null, slaAmount: null });
    const bad = await t.app.inject({
      method: 'POST', url: '/api/tickets/categories', headers: dispatcher.headers,
      payload: { code: 'TC-BAD-SLA', kind: 'help', name: '坏时限', fields: [], slaUnit: 'working_days' },
    });
    expect(bad.statusCode).toBe(400);

    const calendar = await loadCalendar(t.database.db);
    const before = new Date();
    const filed = await t.app.inject({
      method: 'POST', url: '/api/tickets', headers: citizen.headers,
      payload: { kind: 'help', title: '需要取药', description: '居家隔离，需要代取降压药。', regionCode: '510603', categoryId: child.json().id },
    });
    const after = new Date();
    expect(filed.statusCode, filed.body).toBe(201);
    const sla = { unit: 'working_hours' as const, amount: 4 };
    const due = new Date(filed.json().dueAt).getTime();
    expect(due).toBeGreaterThanOrEqual(deadline(sla, before, calendar).getTime());
    expect(due).toBeLessThanOrEqual(deadline(sla, after, calendar).getTime());
    const [stored] = await rows<{ warn_at: string; id: string }>(t.database.db, sql`select id, warn_at from tickets where id = ${filed.json().id}`);
    const warnAt = new Date(stored.warn_at);
    expect(warnAt.getTime()).toBeGreaterThanOrEqual(warningAt(sla, before, deadline(sla, before, calendar), calendar).getTime());
    expect(warnAt.getTime()).toBeLessThan(due);

    const warned = async () => (await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from ticket_events where ticket_id = ${stored.id} and action = 'warn'`))[0].n;
    await sweepDeadlines(t.app.ctx, new Date(warnAt.getTime() - 60_000));
    expect(await warned()).toBe(0);
    await sweepDeadlines(t.app.ctx, new Date(warnAt.getTime() + 1000));
    expect(await warned()).toBe(1);
    await sweepDeadlines(t.app.ctx, new Date(warnAt.getTime() + 2000));
    expect(await warned()).toBe(1);
  });
});
