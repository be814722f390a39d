// The full ticket lifecycle through the HTTP API: 督办 of an overdue ticket, extension request and
// approval (the deadline moves by working days), merge of a duplicate into a master (it receives the
// master's answer), 回访 as its own step (a dissatisfied answer on the phone reopens), and the refusals.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff, type SignedIn } from './factories.ts';
import { rows } from '../src/platform/db/database.ts';
import { endOfWorkingDaysAfter, loadCalendar } from '../src/platform/calendar/index.ts';
import { auditOf } from './tickets.support.ts';
import { sweepDeadlines, WARN_BEFORE_MS } from '../src/modules/tickets/tickets.deadlines.ts';

const HEALTH = '德阳市卫生健康委员会';

describe('tickets: 督办, extension, merge, 回访', { timeout: 60_000 }, () => {
  let t: TestApp;
  let dataDir: string;
  let citizen: SignedIn;
  let neighbour: SignedIn;
  let dispatcher: SignedIn;
  let countyDispatcher: SignedIn;
  let health: SignedIn;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'fx-tickets-life-'));
    t = await createTestApp({ dataDir });
    const ctx = t.app.ctx;
    citizen = await createCitizen(ctx, { householdDivision: '510603' });
    neighbour = await createCitizen(ctx, { householdDivision: '510603' });
    dispatcher = await createStaff(ctx, { roles: ['supervision'], regionCode: '510600', department: '德阳市委督查室' });
    countyDispatcher = await createStaff(ctx, { roles: ['service_center'], regionCode: '510681', department: '广汉市政务服务中心' });
    health = await createStaff(ctx, { roles: ['health'], regionCode: '510600', department: HEALTH });
  }, 120_000);
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const file = async (who: SignedIn, title = '小区门口核酸点无人值守', regionCode = '510603') => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/tickets', headers: who.headers,
      payload: { kind: 'complaint', title, description: '小区门口核酸检测点上午无人值守，居民排队无人引导。', regionCode },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; number: string; dueAt: string };
  };
  const dispatch = (id: string, payload: Record<string, unknown>, who: SignedIn = dispatcher) => t.app.inject({ method: 'POST', url: `/api/tickets/worklist/${id}/dispatch`, headers: who.headers, payload });
  const handle = (id: string, payload: Record<string, unknown>, who: SignedIn = health) => t.app.inject({ method: 'POST', url: `/api/tickets/worklist/${id}/handle`, headers: who.headers, payload });
  const mine = (who: SignedIn, id: string) => t.app.inject({ url: `/api/tickets/mine/${id}`, headers: who.headers });
  const assigned = async (who: SignedIn = citizen) => {
    const ticket = await file(who);
    expect((await dispatch(ticket.id, { action: 'accept' })).statusCode).toBe(200);
    const res = await dispatch(ticket.id, { action: 'assign', department: HEALTH });
    expect(res.statusCode, res.body).toBe(200);
    return ticket;
  };
  // A ticket due at `due` under a day limit (its warning: 24 h before; warn_at null = that default).
  const setDue = (id: string, due: Date) => t.database.db.execute(sql`update tickets set due_at = ${due.toISOString()}::timestamptz, warn_at = null where id = ${id}`);

  it('督办: only an overdue open ticket, with an instruction; counted, recorded and audited; the department sees it', async () => {
    const ticket = await assigned();
    const early = await dispatch(ticket.id, { action: 'supervise', note: '请加快办理' });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('TICKETS_NOT_OVERDUE');

    await setDue(ticket.id, new Date(Date.now() - 3600_000));
    const view = await t.app.inject({ url: `/api/tickets/worklist/${ticket.id}`, headers: dispatcher.headers });
    expect(view.json().actions).toContain('supervise');
    expect((await dispatch(ticket.id, { action: 'supervise' })).json().code).toBe('TICKETS_NOTE_REQUIRED');
    expect((await dispatch(ticket.id, { action: 'supervise', note: '请加快' }, health)).statusCode).toBe(403);
    const pressed = await dispatch(ticket.id, { action: 'supervise', note: '已超期，请于明日前答复' });
    expect(pressed.statusCode, pressed.body).toBe(200);
    expect(pressed.json()).toMatchObject({ status: 'assigned', superviseCount: 1, overdue: true });
    expect(pressed.json().history.at(-1)).toMatchObject({ action: 'supervise', status: 'assigned', note: '已超期，请于明日前答复' });
    expect((await dispatch(ticket.id, { action: 'supervise', note: '再次督办' })).json().superviseCount).toBe(2);
    // The department sees the instruction in the history; the citizen's timeline does not carry it.
    const dept = await t.app.inject({ url: `/api/tickets/worklist/${ticket.id}`, headers: health.headers });
    expect(dept.json().history.map((h: { note: string | null }) => h.note)).toContain('再次督办');
    const own = await mine(citizen, ticket.id);
    expect(own.json().timeline.filter((e: { action: string }) => e.action === 'supervise').every((e: { note: string | null }) => e.note === null)).toBe(true);
    expect(await auditOf(t, 'tickets.ticket.supervise', ticket.id)).toHaveLength(2);
    // Another county's dispatcher cannot see it at all.
    expect((await dispatch(ticket.id, { action: 'supervise', note: 'x' }, countyDispatcher)).statusCode).toBe(404);
  });

  it('extension: the department asks for working days with a reason; one pending at a time; approval moves the deadline, denial does not', async () => {
    const ticket = await assigned();
    expect((await handle(ticket.id, { action: 'request_extension', note: '需现场核查' })).json().code).toBe('TICKETS_EXTENSION_DAYS_INVALID');
    expect((await handle(ticket.id, { action: 'request_extension', days: 31, note: 'x' })).statusCode).toBe(400);
    expect((await dispatch(ticket.id, { action: 'approve_extension' })).json().code).toBe('TICKETS_NO_EXTENSION');
    const asked = await handle(ticket.id, { action: 'request_extension', days: 5, note: '需协调街道现场核查' });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json()).toMatchObject({ extensionDays: 5, status: 'assigned' });
    expect((await handle(ticket.id, { action: 'request_extension', days: 2, note: '再申请' })).json().code).toBe('TICKETS_EXTENSION_PENDING');
    const view = await t.app.inject({ url: `/api/tickets/worklist/${ticket.id}`, headers: dispatcher.headers });
    expect(view.json().actions).toEqual(expect.arrayContaining(['approve_extension', 'deny_extension']));

    const approved = await dispatch(ticket.id, { action: 'approve_extension' });
    expect(approved.statusCode, approved.body).toBe(200);
    const calendar = await loadCalendar(t.database.db);
    expect(approved.json()).toMatchObject({ extensionDays: null, extensionCount: 1, dueAt: endOfWorkingDaysAfter(new Date(ticket.dueAt), 5, calendar).toISOString() });
    expect((await auditOf(t, 'tickets.ticket.approve_extension', ticket.id))[0].detail).toMatchObject({ days: 5 });

    expect((await handle(ticket.id, { action: 'request_extension', days: 3, note: '仍需时间' })).statusCode).toBe(200);
    expect((await dispatch(ticket.id, { action: 'deny_extension' })).json().code).toBe('TICKETS_NOTE_REQUIRED');
    const denied = await dispatch(ticket.id, { action: 'deny_extension', note: '理由不充分，按期办结' });
    expect(denied.json()).toMatchObject({ extensionDays: null, extensionCount: 1, dueAt: approved.json().dueAt });

    // A reply withdraws a pending request.
    expect((await handle(ticket.id, { action: 'request_extension', days: 3, note: '再议' })).statusCode).toBe(200);
    const replied = await handle(ticket.id, { action: 'reply', note: '已处理' });
    expect(replied.json()).toMatchObject({ status: 'replied', extensionDays: null });
  });

  it('merge: a repeat becomes a duplicate of the master and receives its answer; its own duplicates follow; bad masters are refused', async () => {
    const master = await assigned();
    const repeat = await file(neighbour, '同一检测点无人值守');
    const third = await file(citizen, '又一次反映该检测点');
    expect((await dispatch(repeat.id, { action: 'merge' })).json().code).toBe('TICKETS_MERGE_MASTER_INVALID');
    expect((await dispatch(repeat.id, { action: 'merge', master: repeat.number })).json().code).toBe('TICKETS_MERGE_MASTER_INVALID');
    expect((await dispatch(repeat.id, { action: 'merge', master: 'TK20990101-XXXXXX' })).statusCode).toBe(400);
    // A master outside the dispatcher's region is refused like a missing one.
    const far = await file(citizen, '成都某检测点', '510104');
    expect((await dispatch(repeat.id, { action: 'merge', master: far.number })).json().code).toBe('TICKETS_MERGE_MASTER_INVALID');

    // The third ticket is first merged into the repeat, then the repeat into the master: the third follows.
    expect((await dispatch(third.id, { action: 'merge', master: repeat.id })).statusCode).toBe(200);
    const merged = await dispatch(repeat.id, { action: 'merge', master: master.number.toLowerCase() });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json()).toMatchObject({ status: 'merged', masterId: master.id, actions: [] });
    const [{ master_id }] = await rows<{ master_id: string }>(t.database.db, sql`select master_id from tickets where id = ${third.id}`);
    expect(master_id).toBe(master.id);
    // Nothing leaves 已合并.
    expect((await dispatch(repeat.id, { action: 'accept' })).statusCode).toBe(409);
    // A merged ticket cannot be a master.
    const fourth = await file(citizen, '第四次反映');
    expect((await dispatch(fourth.id, { action: 'merge', master: repeat.number })).json().code).toBe('TICKETS_MERGE_MASTER_INVALID');

    // The master is answered: every duplicate receives the answer, visible to its reporter.
    expect((await handle(master.id, { action: 'reply', note: '已安排专人值守检测点' })).statusCode).toBe(200);
    for (const [who, id] of [[neighbour, repeat.id], [citizen, third.id]] as const) {
      const own = await mine(who, id);
      expect(own.json()).toMatchObject({ status: 'merged', reply: '已安排专人值守检测点', canRate: false });
      expect(own.json().timeline.at(-1)).toMatchObject({ action: 'master_reply', note: '已安排专人值守检测点' });
    }
    // A repeat merged after the answer receives it at once.
    const late = await file(neighbour, '迟到的重复反映');
    const lateMerged = await dispatch(late.id, { action: 'merge', master: master.id });
    expect(lateMerged.json()).toMatchObject({ status: 'merged', reply: '已安排专人值守检测点' });
  });

  it('回访 after 办结 is its own step; a dissatisfied answer on the phone reopens; the reporter may still rate afterwards', async () => {
    const ticket = await assigned();
    expect((await handle(ticket.id, { action: 'reply', note: '已协调解决' })).statusCode).toBe(200);
    expect((await dispatch(ticket.id, { action: 'visit', note: '电话回访' })).statusCode).toBe(409); // 回访 follows 办结
    expect((await dispatch(ticket.id, { action: 'close' })).json().status).toBe('closed');
    expect((await dispatch(ticket.id, { action: 'visit' })).json().code).toBe('TICKETS_NOTE_REQUIRED');
    const reopened = await dispatch(ticket.id, { action: 'visit', note: '电话回访：群众表示问题仍未解决', rating: 4 });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json()).toMatchObject({ status: 'in_progress', department: HEALTH, reopenCount: 1, rating: 4 });
    expect(reopened.json().history.at(-1)).toMatchObject({ action: 'reopen', fromStatus: 'closed', status: 'in_progress' });

    expect((await handle(ticket.id, { action: 'reply', note: '已再次处理并加派人手' })).statusCode).toBe(200);
    expect((await dispatch(ticket.id, { action: 'close' })).statusCode).toBe(200);
    const visited = await dispatch(ticket.id, { action: 'visit', note: '电话回访：群众满意', rating: 2 });
    expect(visited.json()).toMatchObject({ status: 'visited', actions: [] });
    const rated = await t.app.inject({ method: 'POST', url: `/api/tickets/mine/${ticket.id}/rating`, headers: citizen.headers, payload: { rating: 1 } });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json()).toMatchObject({ status: 'visited', rating: 1 });
    expect(await auditOf(t, 'tickets.ticket.visit', ticket.id)).toHaveLength(2);
    // Both ratings heard on the phone are 好差评 evaluations of the department (channel phone), like the reporter's own;
    // the bad one opened the department's rectification task.
    const evaluations = await rows<{ level: number; channel: string; department: string; tags: string[]; rectification: string | null }>(t.database.db, sql`
      select e.level, e.channel, e.department, e.tags, r.status as rectification from evaluations e left join evaluation_rectifications r on r.evaluation_id = e.id
      where e.source_type = 'ticket' and e.source_id = ${ticket.id} order by e.handling`);
    expect(evaluations).toEqual([
      { level: 4, channel: 'phone', department: HEALTH, tags: ['回访'], rectification: 'open' },
      { level: 2, channel: 'phone', department: HEALTH, tags: ['回访'], rectification: null },
      { level: 1, channel: 'app', department: HEALTH, tags: [], rectification: null },
    ]);
  });

  it('deadline jobs: warn the department once before the deadline, escalate to dispatchers once after it; a rerun does nothing more', async () => {
    const soon = await assigned();
    const late = await assigned();
    const now = new Date();
    await setDue(soon.id, new Date(now.getTime() + WARN_BEFORE_MS / 2));
    await setDue(late.id, new Date(now.getTime() - 60_000));
    const first = await sweepDeadlines(t.app.ctx, now);
    expect(first.warned).toBeGreaterThanOrEqual(1);
    expect(first.escalated).toBeGreaterThanOrEqual(1);
    const again = await sweepDeadlines(t.app.ctx, now);
    expect(again).toEqual({ warned: 0, escalated: 0 });
    const events = async (id: string) => rows<{ action: string }>(t.database.db, sql`select action from ticket_events where ticket_id = ${id} order by at, id`);
    expect((await events(soon.id)).filter((e) => e.action === 'warn')).toHaveLength(1);
    expect((await events(late.id)).filter((e) => e.action === 'escalate')).toHaveLength(1);
    const notices = await rows<{ recipient_id: string; kind: string; link: string }>(t.database.db, sql`select recipient_id, kind, link from notifications where kind in ('tickets.deadline-warning', 'tickets.overdue')`);
    expect(notices).toContainEqual({ recipient_id: health.id, kind: 'tickets.deadline-warning', link: `/console/tickets?ticket=${soon.id}` });
    expect(notices).toContainEqual({ recipient_id: dispatcher.id, kind: 'tickets.overdue', link: `/console/tickets?ticket=${late.id}` });
    expect(notices.some((n) => n.recipient_id === health.id && n.kind === 'tickets.overdue')).toBe(false);
    // An approved extension moves the deadline and re-arms the warning.
    expect((await handle(late.id, { action: 'request_extension', days: 3, note: '需协调' })).statusCode).toBe(200);
    expect((await dispatch(late.id, { action: 'approve_extension' })).statusCode).toBe(200);
    const [{ warned_at, escalated_at }] = await rows<{ warned_at: Date | null; escalated_at: Date | null }>(t.database.db, sql`select warned_at, escalated_at from tickets where id = ${late.id}`);
    expect([warned_at, escalated_at]).toEqual([null, null]);
  });

  it('notifies the reporter through the notification centre at each step they can see', async () => {
    const ticket = await assigned();
    await handle(ticket.id, { action: 'reply', note: '已处理' });
    const notices = await rows<{ recipient_id: string; link: string }>(t.database.db, sql`select recipient_id, link from notifications where kind = 'tickets.progress' and link = ${`/m/tickets/${ticket.id}`}`);
    expect(notices).toHaveLength(3); // accepted, assigned, answered
    expect(notices.every((n) => n.recipient_id === citizen.id)).toBe(true);
    const inbox = await t.app.inject({ url: '/api/notifications', headers: citizen.headers });
    expect(inbox.statusCode).toBe(200);
    expect(JSON.stringify(inbox.json())).toContain(ticket.number);
  });

  it('suggests open tickets of the same kind near the same place with similar words, public fields only', async () => {
    const near = await t.app.inject({
      method: 'POST', url: '/api/tickets', headers: citizen.headers,
      payload: { kind: 'complaint', title: '文庙广场核酸采样点排长队', description: '文庙广场核酸采样点排长队，只开了一个窗口，老人站立等候。', regionCode: '510603', lat: 31.1268, long: 104.3979, address: '文庙广场' },
    });
    expect(near.statusCode).toBe(201);
    const similar = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/tickets/similar', payload });
    const draft = { kind: 'complaint', regionCode: '510603', title: '文庙广场采样点排队太长', description: '采样点只开一个窗口，排长队', lat: 31.1270, long: 104.3981 };
    const res = await similar(draft);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()[0]).toMatchObject({ number: near.json().number, title: '文庙广场核酸采样点排长队', status: 'submitted' });
    expect(res.json()[0].distanceM).toBeLessThan(50);
    expect(Object.keys(res.json()[0]).sort()).toEqual(['createdAt', 'distanceM', 'number', 'similarity', 'status', 'title']);
    // Another kind, a far place or unrelated words: nothing.
    expect((await similar({ ...draft, kind: 'suggestion' })).json()).toEqual([]);
    expect((await similar({ ...draft, lat: 31.3, long: 104.6 })).json().map((r: { number: string }) => r.number)).not.toContain(near.json().number);
    expect((await similar({ ...draft, title: '建议增加公交班次', description: '晚高峰公交太挤' })).json().map((r: { number: string }) => r.number)).not.toContain(near.json().number);
    expect((await similar({ ...draft, regionCode: '12' })).statusCode).toBe(400);
  });

  it('KPIs of the month: by department response, on-time and satisfaction rates; counts by channel, category, day; XLSX', async () => {
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const res = await t.app.inject({ url: `/api/tickets/kpi?month=${month}`, headers: dispatcher.headers });
    expect(res.statusCode, res.body).toBe(200);
    const k = res.json();
    const [db] = await rows<{ received: number; answered: number; on_time: number; rated: number; satisfied: number }>(t.database.db, sql`
      select count(*)::int as received, count(*) filter (where reply is not null)::int as answered,
        count(*) filter (where replied_at <= due_at)::int as on_time, count(*) filter (where rating is not null)::int as rated,
        count(*) filter (where rating between 1 and 3)::int as satisfied
      from tickets where department = ${HEALTH} and status <> 'merged'`);
    const line = k.departments.find((d: { department: string }) => d.department === HEALTH);
    expect(line).toMatchObject({ received: db.received, answered: db.answered, answeredOnTime: db.on_time, rated: db.rated, satisfied: db.satisfied });
    expect(line.responseRate).toBeCloseTo(db.answered / db.received, 3);
    expect(k.byChannel.find((c: { channel: string }) => c.channel === 'app').count).toBeGreaterThan(0);
    expect(k.byDay.reduce((n: number, d: { count: number }) => n + d.count, 0)).toBe(k.byChannel.reduce((n: number, c: { count: number }) => n + c.count, 0));
    expect((await t.app.inject({ url: `/api/tickets/kpi?month=2026-13`, headers: dispatcher.headers })).statusCode).toBe(400);
    expect((await t.app.inject({ url: `/api/tickets/kpi?month=${month}`, headers: health.headers })).statusCode).toBe(403);
    const xlsx = await t.app.inject({ url: `/api/tickets/kpi.xlsx?month=${month}`, headers: dispatcher.headers });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['部门', '来源', '分类', '每日']);
    expect(wb.getWorksheet('部门')!.getRow(1).getCell(1).value).toBe('承办部门');
  });
});
