// The KPI roll-up (ticket_kpi_daily, kept by triggers on tickets, folded by tickets.kpi-compact) answers
// exactly what the tickets themselves give (kpiRawStatement), after filings through every channel,
// transitions, transfers, merges, extensions, ratings and re-openings, after folding, and after random
// direct changes of the columns the figures read (status, department, answer, rating, deadline, filing
// day, deletion) — one row or many per statement.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff, type SignedIn } from './factories.ts';
import { rows } from '../src/platform/db/database.ts';
import { apiKey } from './tickets.support.ts';
import { compactKpi, kpiRows } from '../src/modules/tickets/tickets.kpi.ts';

const HEALTH = '德阳市卫生健康委员会';
const POLICE = '德阳市公安局';
const chinaMonth = (offset: number) => {
  const d = new Date(Date.now() + 8 * 3600_000);
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1));
  return `${m.getUTCFullYear()}-${String(m.getUTCMonth() + 1).padStart(2, '0')}`;
};

describe('tickets: the daily KPI roll-up equals the computation over the tickets', { timeout: 180_000 }, () => {
  let t: TestApp;
  let citizen: SignedIn;
  let dispatcher: SignedIn;
  let health: SignedIn;
  let key: string;

  beforeAll(async () => {
    t = await createTestApp();
    const ctx = t.app.ctx;
    citizen = await createCitizen(ctx, { householdDivision: '510603' });
    dispatcher = await createStaff(ctx, { roles: ['supervision', 'service_center'], regionCode: '510600', department: '德阳市委督查室' });
    health = await createStaff(ctx, { roles: ['health'], regionCode: '510600', department: HEALTH });
    await createStaff(ctx, { roles: ['police'], regionCode: '510600', department: POLICE });
    key = await apiKey(t, ['open311.requests'], '510600');
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  /** Every KPI row of the month in the region, from the roll-up and from the tickets, in one order. */
  const both = async (month: string, region = '510600') => {
    const norm = (r: Awaited<ReturnType<typeof kpiRows>>) =>
      r.map((x) => JSON.stringify([Number(x.g_dep), Number(x.g_ch), Number(x.g_cat), x.department ?? null, x.channel ?? null, x.category_id ?? null, x.day ?? null, x.count, x.received, x.answered, x.on_time, x.rated, x.satisfied])).sort();
    return { rollup: norm(await kpiRows(t.database.db, month, region)), raw: norm(await kpiRows(t.database.db, month, region, true)) };
  };
  const expectEqual = async (months = [chinaMonth(0), chinaMonth(-1), chinaMonth(-2)]) => {
    for (const month of months) {
      for (const region of ['510600', '510603', '']) {
        const { rollup, raw } = await both(month, region);
        expect(rollup, `${month} ${region}`).toEqual(raw);
      }
    }
  };
  const file = async (title: string, regionCode = '510603') => {
    const res = await t.app.inject({ method: 'POST', url: '/api/tickets', headers: citizen.headers, payload: { kind: 'complaint', title, description: `${title}，请尽快处理。`, regionCode } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; number: string };
  };
  const dispatch = async (id: string, payload: Record<string, unknown>) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/tickets/worklist/${id}/dispatch`, headers: dispatcher.headers, payload });
    expect(res.statusCode, res.body).toBe(200);
  };
  const handle = async (id: string, payload: Record<string, unknown>) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/tickets/worklist/${id}/handle`, headers: health.headers, payload });
    expect(res.statusCode, res.body).toBe(200);
  };
  const rate = async (id: string, rating: number) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/tickets/mine/${id}/rating`, headers: citizen.headers, payload: { rating } });
    expect(res.statusCode, res.body).toBe(200);
  };

  it('after filings, transitions, merges, extensions, ratings and re-openings — before and after folding', async () => {
    const a = await file('小区垃圾清运不及时');
    const b = await file('路灯一周不亮', '510681');
    const c = await file('核酸点无人值守');
    const d = await file('核酸点无人值守（重复）');
    const e = await file('乱收费');
    // Open311 and the hotline.
    const o = await t.app.inject({ method: 'POST', url: '/api/open311/v2/requests.json', payload: { api_key: key, service_code: 'TK-HELP', jurisdiction_id: '510603', address_string: '旌阳区泰山路', description: '独居老人需要买药帮助' } });
    expect(o.statusCode, o.body).toBe(200);
    const h = await t.app.inject({ method: 'POST', url: '/api/tickets/hotline', headers: dispatcher.headers, payload: { kind: 'consultation', title: '出行政策', description: '从外地返回需要做几次核酸？', regionCode: '510603' } });
    expect(h.statusCode, h.body).toBe(201);
    await expectEqual();

    // a: answered, a bad rating reopens it, answered again, a good rating closes it.
    await dispatch(a.id, { action: 'accept' });
    await dispatch(a.id, { action: 'assign', department: HEALTH });
    await expectEqual();
    await handle(a.id, { action: 'start' });
    await handle(a.id, { action: 'reply', note: '已安排清运。' });
    await expectEqual();
    await rate(a.id, 5);
    await expectEqual();
    await handle(a.id, { action: 'reply', note: '已每日清运。' });
    await rate(a.id, 2);
    await expectEqual();
    // b: transferred to another department, then an extension moves its deadline.
    await dispatch(b.id, { action: 'accept' });
    await dispatch(b.id, { action: 'assign', department: HEALTH });
    await dispatch(b.id, { action: 'transfer', department: POLICE, note: '属公安职责' });
    await expectEqual();
    // c answered; d merged into c (it receives the answer and leaves the department figures).
    await dispatch(c.id, { action: 'accept' });
    await dispatch(c.id, { action: 'assign', department: HEALTH });
    await handle(c.id, { action: 'request_extension', days: 5, note: '需协调检测机构' });
    await dispatch(c.id, { action: 'approve_extension' });
    await dispatch(d.id, { action: 'merge', master: c.number });
    await handle(c.id, { action: 'start' });
    await handle(c.id, { action: 'reply', note: '已增派人员。' });
    await expectEqual();
    // e rejected; the hotline ticket closed by a 回访 with a dissatisfied rating (reopens).
    await dispatch(e.id, { action: 'reject', note: '不属于受理范围' });
    await expectEqual();

    const pending = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from ticket_kpi_daily where not compact`);
    expect(pending[0].n).toBeGreaterThan(0);
    expect(await compactKpi(t.database.db)).toBeGreaterThan(0);
    await expectEqual();
    // Folded: one row per key; a second run finds nothing.
    const [dupes] = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from (select 1 from ticket_kpi_daily group by day, region_code, dim, key having count(*) > 1) x`);
    expect(dupes.n).toBe(0);
    expect(await compactKpi(t.database.db)).toBe(0);
    await expectEqual();

    // The page itself reads the roll-up.
    const page = await t.app.inject({ url: `/api/tickets/kpi?month=${chinaMonth(0)}`, headers: dispatcher.headers });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().departments.find((x: { department: string }) => x.department === HEALTH)).toMatchObject({ received: 2, answered: 2, rated: 1, satisfied: 1 });
    expect(page.json().byChannel.map((x: { channel: string }) => x.channel).sort()).toEqual(['app', 'hotline', 'open311']);
  });

  it('after random direct changes of the columns the figures read (one row or many per statement), and deletions', async () => {
    const ids = (await rows<{ id: string }>(t.database.db, sql`select id from tickets order by created_at`)).map((r) => r.id);
    expect(ids.length).toBeGreaterThan(5);
    const change = fc.record({
      which: fc.subarray(ids, { minLength: 1, maxLength: 4 }),
      status: fc.constantFrom('submitted', 'assigned', 'replied', 'closed', 'merged', 'rejected'),
      department: fc.constantFrom(null, HEALTH, POLICE),
      reply: fc.constantFrom(null, '已处理'),
      rating: fc.constantFrom(null, 1, 3, 4, 5),
      repliedHours: fc.constantFrom(null, -48, 1, 400),
      dueHours: fc.constantFrom(24, 72, 500),
      daysBack: fc.constantFrom(0, 1, 35),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 4 }), async (changes) => {
        for (const ch of changes) {
          const list = sql.join(ch.which.map((id) => sql`${id}::uuid`), sql`, `);
          await t.database.db.execute(sql`
            update tickets set status = ${ch.status}, department = ${ch.department}, reply = ${ch.reply}, rating = ${ch.rating},
              created_at = date_trunc('hour', now()) - ${ch.daysBack} * interval '1 day',
              due_at = date_trunc('hour', now()) - ${ch.daysBack} * interval '1 day' + ${ch.dueHours} * interval '1 hour',
              replied_at = case when ${ch.repliedHours}::int is null then null else date_trunc('hour', now()) - ${ch.daysBack} * interval '1 day' + ${ch.repliedHours}::int * interval '1 hour' end
            where id in (${list})`);
        }
        await expectEqual();
      }),
      { numRuns: 12 },
    );
    await compactKpi(t.database.db);
    await expectEqual();
    // Deleting tickets takes their figures away.
    await t.database.db.execute(sql`delete from tickets where id in (${sql.join(ids.slice(0, 2).map((id) => sql`${id}::uuid`), sql`, `)})`);
    await expectEqual();
    await compactKpi(t.database.db);
    await expectEqual();
    // The comparison is not vacuous: a change the triggers do not see shows.
    await t.database.db.execute(sql`alter table tickets disable trigger tickets_kpi_updated`);
    await t.database.db.execute(sql`update tickets set status = 'closed', rating = case when rating is null then 2 end where id = ${ids[3]}::uuid`);
    await t.database.db.execute(sql`alter table tickets enable trigger tickets_kpi_updated`);
    const month = await rows<{ m: string }>(t.database.db, sql`select to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM') as m from tickets where id = ${ids[3]}::uuid`);
    const { rollup, raw } = await both(month[0].m, '');
    expect(rollup).not.toEqual(raw);
  });
});
