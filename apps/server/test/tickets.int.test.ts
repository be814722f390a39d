import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff, type SignedIn } from './factories.ts';
import { rows } from '../src/platform/db/database.ts';
import { endOfWorkingDaysAfter, loadCalendar } from '../src/platform/calendar/index.ts';
import { auditOf, PNG, uploadFile } from './tickets.support.ts';

const HEALTH = '德阳市卫生健康委员会';
const POLICE = '德阳市公安局';

describe('tickets: one lifecycle from the citizen app to the department and back', { timeout: 60_000 }, () => {
  let t: TestApp;
  let dataDir: string;
  let citizen: SignedIn;
  let other: SignedIn;
  let dispatcher: SignedIn; // 督查室, Deyang city
  let countyDispatcher: SignedIn; // another county: must not see Jingyang's tickets
  let health: SignedIn; // 卫健委 officer
  let police: SignedIn;
  let outsideHealth: SignedIn; // same department name, another county's scope

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'fx-tickets-'));
    t = await createTestApp({ dataDir });
    const ctx = t.app.ctx;
    citizen = await createCitizen(ctx, { name: '王五', householdDivision: '510603' });
    other = await createCitizen(ctx);
    dispatcher = await createStaff(ctx, { roles: ['supervision'], regionCode: '510600', department: '德阳市委督查室' });
    countyDispatcher = await createStaff(ctx, { roles: ['service_center'], regionCode: '510681', department: '广汉市政务服务中心' });
    health = await createStaff(ctx, { roles: ['health'], regionCode: '510600', department: HEALTH });
    police = await createStaff(ctx, { roles: ['police'], regionCode: '510600', department: POLICE });
    outsideHealth = await createStaff(ctx, { roles: ['health'], regionCode: '510681', department: HEALTH });
  }, 120_000);
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const submit = (headers: Record<string, string>, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/tickets', headers, payload });
  const dispatch = (id: string, payload: Record<string, unknown>, who: SignedIn = dispatcher) => t.app.inject({ method: 'POST', url: `/api/tickets/worklist/${id}/dispatch`, headers: who.headers, payload });
  const handle = (id: string, payload: Record<string, unknown>, who: SignedIn = health) => t.app.inject({ method: 'POST', url: `/api/tickets/worklist/${id}/handle`, headers: who.headers, payload });
  const worklist = (who: SignedIn, query = '') => t.app.inject({ url: `/api/tickets/worklist${query}`, headers: who.headers });
  const complaint = {
    kind: 'complaint', title: '核酸检测点排队无人管理', description: '旌阳区某检测点排队两小时无人维持秩序，老人站立等候。', regionCode: '510603',
    address: '旌阳区长江东路 1 号', contactName: '王五', contactPhone: '13812345678',
  };

  it('files a complaint with a photo, runs it through accept → assign → start → reply, and the citizen sees the answer and rates it', async () => {
    const photo = await uploadFile(t, citizen.headers);
    const calendar = await loadCalendar(t.database.db);
    const dueIfFiledAt = (at: Date) => endOfWorkingDaysAfter(at, 10, calendar).toISOString();
    const before = dueIfFiledAt(new Date());
    const created = await submit(citizen.headers, { ...complaint, attachments: [photo] });
    const after = dueIfFiledAt(new Date());
    expect(created.statusCode, created.body).toBe(201);
    const { id, number, status, followUpCode, dueAt } = created.json();
    expect(number).toMatch(/^TK\d{8}-[A-Z2-9]{6}$/);
    expect(status).toBe('submitted');
    expect(followUpCode).toBeNull();
    // Complaints: 10 working days of the platform calendar, to the end of the China day (the day may turn during the request).
    expect([before, after]).toContain(dueAt);

    // The department sees nothing before it is assigned; the dispatcher sees it in the region's worklist.
    expect((await worklist(health)).json().items.map((i: { id: string }) => i.id)).not.toContain(id);
    const list = await worklist(dispatcher);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toMatchObject({ dispatcher: true });
    expect(list.json().items.find((i: { id: string }) => i.id === id)).toMatchObject({ number, status: 'submitted', overdue: false, kind: 'complaint' });

    // The department cannot accept (dispatchers do), nor act on a ticket that is not its own.
    expect((await dispatch(id, { action: 'accept' }, health)).statusCode).toBe(403);
    expect((await handle(id, { action: 'start' })).statusCode).toBe(404);

    const accepted = await dispatch(id, { action: 'accept' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', as: 'dispatcher', actions: ['assign', 'merge'] });
    expect(accepted.json().departments).toEqual(expect.arrayContaining([HEALTH, POLICE, '德阳市委督查室']));
    // A department of another county cannot be assigned a Jingyang ticket… but HEALTH exists in both: it is offered once.
    expect(accepted.json().departments.filter((d: string) => d === HEALTH)).toHaveLength(1);
    expect(accepted.json().departments).not.toContain('广汉市政务服务中心');

    const again = await dispatch(id, { action: 'accept' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'TICKETS_TRANSITION_ILLEGAL', details: { refusal: 'illegal', from: 'accepted', action: 'accept' } });
    expect((await dispatch(id, { action: 'assign', department: '不存在的部门' })).json()).toMatchObject({ code: 'TICKETS_DEPARTMENT_UNKNOWN' });
    expect((await dispatch(id, { action: 'assign' })).json()).toMatchObject({ code: 'TICKETS_DEPARTMENT_REQUIRED' });
    expect((await dispatch(id, { action: 'assign', department: '广汉市政务服务中心' })).json()).toMatchObject({ code: 'TICKETS_DEPARTMENT_UNKNOWN' });

    const assigned = await dispatch(id, { action: 'assign', department: HEALTH });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({ status: 'assigned', department: HEALTH });

    // Now the department has it; the same department name in another county's scope does not.
    const mine = await worklist(health);
    expect(mine.json()).toMatchObject({ dispatcher: false });
    expect(mine.json().items.map((i: { id: string }) => i.id)).toContain(id);
    expect((await worklist(outsideHealth)).json().items.map((i: { id: string }) => i.id)).not.toContain(id);
    expect((await t.app.inject({ url: `/api/tickets/worklist/${id}`, headers: outsideHealth.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/tickets/worklist/${id}`, headers: police.headers })).statusCode).toBe(404);

    // The department's view: reporter masked, the read audited.
    const view = await t.app.inject({ url: `/api/tickets/worklist/${id}`, headers: health.headers });
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({ as: 'department', actions: ['return', 'start', 'reply', 'request_extension'], reporter: { name: '王*', phone: '138****5678', email: null }, attachments: [photo], anonymous: false });
    expect(view.body).not.toContain('13812345678');
    expect(view.body).not.toContain('王五');
    expect((await auditOf(t, 'tickets.ticket.read', id)).some((a) => a.actor_id === health.id)).toBe(true);

    // The attachment, through the ticket (audited); not for an officer who cannot see the ticket.
    const file = await t.app.inject({ url: `/api/tickets/worklist/${id}/attachments/${photo}`, headers: health.headers });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.rawPayload.equals(PNG)).toBe(true);
    expect((await auditOf(t, 'tickets.attachment.read', photo))).toHaveLength(1);
    expect((await t.app.inject({ url: `/api/tickets/worklist/${id}/attachments/${photo}`, headers: police.headers })).statusCode).toBe(404);

    expect((await handle(id, { action: 'reply' })).json()).toMatchObject({ code: 'TICKETS_NOTE_REQUIRED' });
    expect((await handle(id, { action: 'start' })).json()).toMatchObject({ status: 'in_progress' });
    const replied = await handle(id, { action: 'reply', note: '已协调增派人员维持秩序，并开设老人专用通道。' });
    expect(replied.statusCode, replied.body).toBe(200);
    expect(replied.json()).toMatchObject({ status: 'replied', reply: '已协调增派人员维持秩序，并开设老人专用通道。' });

    // The citizen: the list, the answer and a timeline without officers' identities or internal notes.
    const ownList = await t.app.inject({ url: '/api/tickets/mine', headers: citizen.headers });
    expect(ownList.json().map((i: { id: string }) => i.id)).toContain(id);
    const own = await t.app.inject({ url: `/api/tickets/mine/${id}`, headers: citizen.headers });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ status: 'replied', reply: '已协调增派人员维持秩序，并开设老人专用通道。', canRate: true });
    expect(own.json().timeline.map((e: { action: string }) => e.action)).toEqual(['submit', 'accept', 'assign', 'start', 'reply']);
    expect(own.body).not.toContain(health.id);
    expect((await t.app.inject({ url: `/api/tickets/mine/${id}`, headers: other.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/tickets/mine/${id}/rating`, headers: other.headers, payload: { rating: 1 } })).statusCode).toBe(404);

    // 不满意 reopens it at the same department; a second answer and 满意 close it.
    const bad = await t.app.inject({ method: 'POST', url: `/api/tickets/mine/${id}/rating`, headers: citizen.headers, payload: { rating: 4, comment: '仍然排长队' } });
    expect(bad.statusCode, bad.body).toBe(200);
    expect(bad.json()).toMatchObject({ status: 'in_progress', department: HEALTH, rating: 4, reopenCount: 1, canRate: false });
    expect(bad.json().timeline.at(-1)).toMatchObject({ action: 'reopen', status: 'in_progress', note: '仍然排长队' });
    expect((await handle(id, { action: 'reply', note: '已增设第二个采样点。' })).json()).toMatchObject({ status: 'replied' });
    const good = await t.app.inject({ method: 'POST', url: `/api/tickets/mine/${id}/rating`, headers: citizen.headers, payload: { rating: 2 } });
    expect(good.json()).toMatchObject({ status: 'closed', rating: 2, reopenCount: 1 });
    expect((await t.app.inject({ method: 'POST', url: `/api/tickets/mine/${id}/rating`, headers: citizen.headers, payload: { rating: 9 } })).statusCode).toBe(400);

    // Every transition is in the history and the audit log.
    const history = await rows<{ action: string; from_status: string | null; to_status: string; actor_type: string }>(
      t.database.db, sql`select action, from_status, to_status, actor_type from ticket_events where ticket_id = ${id} order by at, id`,
    );
    expect(history.map((h) => `${h.action}:${h.from_status}>${h.to_status}`)).toEqual([
      'submit:null>submitted', 'accept:submitted>accepted', 'assign:accepted>assigned', 'start:assigned>in_progress',
      'reply:in_progress>replied', 'reopen:replied>in_progress', 'reply:in_progress>replied', 'rate:replied>closed',
    ]);
    for (const action of ['submit', 'accept', 'assign', 'start', 'reply', 'rate']) expect((await auditOf(t, `tickets.ticket.${action}`, id)).length).toBeGreaterThan(0);
    // Personal fields are stored encrypted.
    const [raw] = await rows<{ reporter_name_cipher: string; reporter_phone_cipher: string }>(t.database.db, sql`select reporter_name_cipher, reporter_phone_cipher from tickets where id = ${id}`);
    expect(raw.reporter_name_cipher).not.toContain('王五');
    expect(raw.reporter_phone_cipher).not.toContain('13812345678');
  });

  it('rejects only with a reason, transfers only to another department, and lets a department return a ticket', async () => {
    const id = (await submit(citizen.headers, { ...complaint, kind: 'suggestion', title: '建议延长疫苗接种点开放时间' })).json().id;
    expect((await dispatch(id, { action: 'reject' })).json()).toMatchObject({ code: 'TICKETS_NOTE_REQUIRED' });
    await dispatch(id, { action: 'accept' });
    await dispatch(id, { action: 'assign', department: HEALTH });
    expect((await dispatch(id, { action: 'transfer', department: HEALTH, note: '转办' })).json()).toMatchObject({ code: 'TICKETS_SAME_DEPARTMENT' });
    expect((await dispatch(id, { action: 'transfer', department: POLICE })).json()).toMatchObject({ code: 'TICKETS_NOTE_REQUIRED' });
    const transferred = await dispatch(id, { action: 'transfer', department: POLICE, note: '涉及治安秩序，转公安' });
    expect(transferred.json()).toMatchObject({ status: 'assigned', department: POLICE });
    expect((await handle(id, { action: 'start' }, health)).statusCode).toBe(404); // no longer the health commission's
    const returned = await handle(id, { action: 'return', note: '非本部门职责' }, police);
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json()).toMatchObject({ status: 'accepted', department: null });
    // The citizen's timeline does not show the internal reasons.
    const own = (await t.app.inject({ url: `/api/tickets/mine/${id}`, headers: citizen.headers })).json();
    expect(own.timeline.map((e: { action: string; note: string | null }) => [e.action, e.note])).toEqual([['submit', null], ['accept', null], ['assign', null], ['transfer', null], ['return', null]]);

    const other = (await submit(citizen.headers, { ...complaint, title: '重复投诉' })).json().id;
    const rejected = await dispatch(other, { action: 'reject', note: '与已受理工单重复' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', rejectReason: '与已受理工单重复', actions: [] });
    expect((await dispatch(other, { action: 'accept' })).statusCode).toBe(409);
    expect((await t.app.inject({ url: `/api/tickets/mine/${other}`, headers: citizen.headers })).json().timeline.at(-1)).toMatchObject({ action: 'reject', note: '与已受理工单重复' });
  });

  it('takes anonymous supervision reports only, with a follow-up code shown once and stored as a hash', async () => {
    const anonComplaint = await submit({}, complaint);
    expect(anonComplaint.statusCode).toBe(401);
    expect(anonComplaint.json()).toMatchObject({ code: 'TICKETS_SIGN_IN_REQUIRED' });
    const withPhoto = await submit({}, { ...complaint, kind: 'report', attachments: [await uploadFile(t, citizen.headers)] });
    expect(withPhoto.json()).toMatchObject({ code: 'TICKETS_ATTACHMENT_INVALID' });

    const report = await submit({}, { kind: 'report', title: '小区门岗不查验健康码', description: '某小区门岗连续三天无人值守，外来人员随意进出。', regionCode: '510603' });
    expect(report.statusCode, report.body).toBe(201);
    const { id, number, followUpCode } = report.json();
    expect(followUpCode).toMatch(/^[A-Z2-9]{8}$/);
    const [stored] = await rows<{ follow_up_hash: string; reporter_citizen_id: string | null }>(t.database.db, sql`select follow_up_hash, reporter_citizen_id from tickets where id = ${id}`);
    expect(stored.reporter_citizen_id).toBeNull();
    expect(stored.follow_up_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.follow_up_hash).not.toContain(followUpCode);

    const wrong = await t.app.inject({ method: 'POST', url: '/api/tickets/follow-up', payload: { number, code: 'AAAAAAAA' } });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json()).toMatchObject({ code: 'TICKETS_FOLLOW_UP_FAILED' });
    expect((await t.app.inject({ method: 'POST', url: '/api/tickets/follow-up', payload: { number: 'TK20260101-AAAAAA', code: followUpCode } })).statusCode).toBe(404);
    await dispatch(id, { action: 'accept' });
    await dispatch(id, { action: 'assign', department: POLICE });
    await handle(id, { action: 'reply', note: '已约谈物业，恢复门岗值守。' }, police);
    const progress = await t.app.inject({ method: 'POST', url: '/api/tickets/follow-up', payload: { number: number.toLowerCase(), code: followUpCode.toLowerCase() } });
    expect(progress.statusCode, progress.body).toBe(200);
    expect(progress.json()).toMatchObject({ number, status: 'replied', reply: '已约谈物业，恢复门岗值守。' });
    expect(progress.json().timeline.map((e: { action: string }) => e.action)).toEqual(['submit', 'accept', 'assign', 'reply']);
    expect(progress.body).not.toContain(police.id);
    // The officer's view says it is anonymous; no reporter data at all.
    expect((await t.app.inject({ url: `/api/tickets/worklist/${id}`, headers: dispatcher.headers })).json()).toMatchObject({ anonymous: true, reporter: { name: null, phone: null } });
  });

  it('refuses another citizen\'s file as an attachment, unknown divisions, and staff filing through the citizen form', async () => {
    const foreign = await uploadFile(t, other.headers);
    expect((await submit(citizen.headers, { ...complaint, attachments: [foreign] })).json()).toMatchObject({ code: 'TICKETS_ATTACHMENT_INVALID' });
    expect((await submit(citizen.headers, { ...complaint, regionCode: '519999' })).json()).toMatchObject({ code: 'TICKETS_DIVISION_UNKNOWN' });
    expect((await submit(citizen.headers, { ...complaint, kind: 'praise' })).statusCode).toBe(400);
    expect((await submit(dispatcher.headers, complaint)).statusCode).toBe(403);
  });

  it('keeps officers to their region: another county\'s dispatcher neither lists nor opens Jingyang tickets', async () => {
    const id = (await submit(citizen.headers, complaint)).json().id;
    expect((await worklist(countyDispatcher)).json().items.map((i: { id: string }) => i.id)).not.toContain(id);
    expect((await t.app.inject({ url: `/api/tickets/worklist/${id}`, headers: countyDispatcher.headers })).statusCode).toBe(404);
    expect((await dispatch(id, { action: 'accept' }, countyDispatcher)).statusCode).toBe(404);
    // Citizens and editors are not officers of tickets.
    expect((await worklist(citizen)).statusCode).toBe(403);
    const editor = await createStaff(t.app.ctx, { roles: ['editor'] });
    expect((await worklist(editor)).statusCode).toBe(403);
  });

  it('puts overdue tickets first and filters by overdue, status and kind; every list read is audited', async () => {
    const late = (await submit(citizen.headers, { ...complaint, kind: 'consultation', title: '咨询：返乡是否需要隔离' })).json().id;
    await t.database.db.execute(sql`update tickets set due_at = now() - interval '1 hour' where id = ${late}`);
    const before = (await auditOf(t, 'tickets.worklist.read')).length;
    const list = (await worklist(dispatcher, '?limit=200')).json();
    expect(list.items[0]).toMatchObject({ id: late, overdue: true });
    expect(list.items.filter((i: { overdue: boolean }) => i.overdue)).toHaveLength(1);
    const overdue = (await worklist(dispatcher, '?overdue=true')).json();
    expect(overdue).toMatchObject({ total: 1, items: [{ id: late }] });
    expect((await worklist(dispatcher, '?overdue=false')).json().items.map((i: { id: string }) => i.id)).not.toContain(late);
    const consultations = (await worklist(dispatcher, '?kind=consultation')).json();
    expect(consultations.items.every((i: { kind: string }) => i.kind === 'consultation')).toBe(true);
    const closed = (await worklist(dispatcher, '?status=closed&status=rejected')).json();
    expect(closed.items.length).toBeGreaterThan(0);
    expect(closed.items.every((i: { status: string }) => ['closed', 'rejected'].includes(i.status))).toBe(true);
    // An answered ticket is not overdue, even past its deadline.
    await dispatch(late, { action: 'accept' });
    await dispatch(late, { action: 'assign', department: HEALTH });
    await handle(late, { action: 'reply', note: '按现行政策无需隔离，需持 48 小时核酸阴性证明。' });
    expect((await worklist(dispatcher, '?overdue=true')).json().total).toBe(0);
    const page = (await worklist(dispatcher, '?limit=2&offset=1')).json();
    expect(page.items).toHaveLength(2);
    expect((await auditOf(t, 'tickets.worklist.read')).length - before).toBe(7);
  });
});
