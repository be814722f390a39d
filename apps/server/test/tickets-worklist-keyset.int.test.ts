// Keyset pagination of the worklist: walking the pages with `after` gives exactly the offset pages —
// overdue first, then by deadline and id, across the boundary between the two runs — with filters,
// for a handler's department and a dispatcher's region; a foreign cursor is a 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff, type SignedIn } from './factories.ts';
import { rows } from '../src/platform/db/database.ts';
import * as repo from '../src/modules/tickets/tickets.repository.ts';

const HEALTH = '德阳市卫生健康委员会';

describe('tickets: worklist keyset pagination', { timeout: 120_000 }, () => {
  let t: TestApp;
  let dispatcher: SignedIn;
  let health: SignedIn;

  beforeAll(async () => {
    t = await createTestApp();
    const citizens = [await createCitizen(t.app.ctx, { householdDivision: '510603' }), await createCitizen(t.app.ctx, { householdDivision: '510603' })];
    dispatcher = await createStaff(t.app.ctx, { roles: ['supervision'], regionCode: '510600', department: '德阳市委督查室' });
    health = await createStaff(t.app.ctx, { roles: ['health'], regionCode: '510600', department: HEALTH });
    for (let i = 0; i < 23; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/tickets', headers: citizens[i % 2].headers, payload: { kind: i % 3 ? 'complaint' : 'help', title: `诉求 ${i}`, description: `第 ${i} 条诉求的内容。`, regionCode: '510603' } });
      expect(res.statusCode, res.body).toBe(201);
    }
    // Deadlines spread over the past and the future (some equal: the id breaks the tie), half at the department, some settled.
    const ids = (await rows<{ id: string }>(t.database.db, sql`select id from tickets order by number`)).map((r) => r.id);
    for (const [i, id] of ids.entries()) {
      await t.database.db.execute(sql`update tickets set due_at = now() + ${(i % 9) - 4} * interval '1 day',
        department = ${i % 2 ? HEALTH : null}, status = ${i % 2 ? (i % 5 === 0 ? 'replied' : 'in_progress') : 'submitted'} where id = ${id}`);
    }
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  const list = (who: SignedIn, query: string) => t.app.inject({ url: `/api/tickets/worklist?${query}`, headers: who.headers });
  async function walk(who: SignedIn, filter: string, limit: number) {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page++) {
      const res = await list(who, `${filter}&limit=${limit}${after ? `&after=${after}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { items: { id: string }[]; next: string | null; total: number };
      seen.push(...body.items.map((x) => x.id));
      if (!body.next) break;
      after = body.next;
    }
    return seen;
  }
  async function byOffset(who: SignedIn, filter: string) {
    const res = await list(who, `${filter}&limit=200`);
    return { ids: (res.json().items as { id: string; overdue: boolean }[]).map((x) => x.id), items: res.json().items as { overdue: boolean; dueAt: string }[], total: res.json().total as number };
  }

  it('walks the same order as offset pages, for a department and a region, with filters', async () => {
    for (const [who, filter] of [[health, ''], [dispatcher, ''], [dispatcher, 'kind=complaint'], [health, 'status=in_progress&status=replied'], [dispatcher, 'overdue=true'], [dispatcher, 'overdue=false']] as const) {
      const all = await byOffset(who, filter);
      expect(all.ids.length, filter).toBe(all.total);
      expect(all.total).toBeGreaterThan(0);
      // Overdue first, then by deadline.
      const firstNotOverdue = all.items.findIndex((x) => !x.overdue);
      if (firstNotOverdue >= 0) expect(all.items.slice(firstNotOverdue).every((x) => !x.overdue)).toBe(true);
      for (const limit of [1, 4, 7]) expect(await walk(who, filter, limit), `${filter} by ${limit}`).toEqual(all.ids);
      // Offset pages agree too.
      const page2 = await list(who, `${filter}&limit=4&offset=4`);
      expect(page2.json().items.map((x: { id: string }) => x.id)).toEqual(all.ids.slice(4, 8));
    }
  });

  it('refuses a cursor it did not give', async () => {
    const res = await list(health, 'after=bm90LWEtY3Vyc29y');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'TICKETS_CURSOR_INVALID' });
  });

  it('counts up to a cap: exact below it, the cap and totalCapped above it, with filters', async () => {
    const base = { scope: '510600', now: new Date(), limit: 5, offset: 0 };
    const exact = await repo.worklist(t.database.db, base);
    expect(exact).toMatchObject({ total: 23, totalCapped: false });
    expect(await repo.worklist(t.database.db, { ...base, countCap: 23 })).toMatchObject({ total: 23, totalCapped: false });
    const capped = await repo.worklist(t.database.db, { ...base, countCap: 10 });
    expect(capped).toMatchObject({ total: 10, totalCapped: true });
    // The page itself does not change with the cap.
    expect(capped.rows.map((r) => r.id)).toEqual(exact.rows.map((r) => r.id));
    const department = await repo.worklist(t.database.db, { ...base, department: HEALTH, countCap: 3 });
    expect(department).toMatchObject({ total: 3, totalCapped: true });
    // An empty page still counts (the second statement), capped alike.
    expect(await repo.worklist(t.database.db, { ...base, offset: 100, countCap: 10 })).toMatchObject({ rows: [], total: 10, totalCapped: true });
    // Through the API: below the default cap the count is exact and says so.
    const res = await list(dispatcher, 'limit=5');
    expect(res.json()).toMatchObject({ total: 23, totalCapped: false });
    expect(repo.WORKLIST_COUNT_CAP).toBe(1_000);
  });
});
