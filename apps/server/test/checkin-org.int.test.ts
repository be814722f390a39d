import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import jsqrModule from 'jsqr';
import { addDays, startOfDay, todayInChina } from '@fangxian/contracts/kernel';
import { createTestApp, type TestApp } from './support.ts';
import { officer, realNamedCitizen } from './health-code.support.ts';
import { approvedOrg, join, report } from './checkin.support.ts';
import { checkinMemberPeriods, checkinReports } from '../src/modules/checkin/checkin.tables.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';
import { remindAllMissing } from '../src/modules/checkin/index.ts';
import { factsOfPerson, activeRules } from '../src/modules/health-code/health-code.service.ts';
import { evaluate } from '../src/modules/health-code/health-code.evaluate.ts';
import { validateRules } from '../src/modules/health-code/health-code.rules.ts';
import type { Rule } from '../src/modules/health-code/index.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const get = (url: string, who: { headers: Record<string, string> }) => t.app.inject({ method: 'GET', url, headers: who.headers });
const inbox = async (who: { headers: Record<string, string> }) => (await get('/api/notifications', who)).json().items as { kind: string; body: { zh: string } }[];

describe('departments as a tree', () => {
  it('places members in nodes and totals each node with its subtree; names are unique among siblings; only administrators manage them', async () => {
    const deyang = await officer(t, ['health'], '510600');
    const admin = await realNamedCitizen(t);
    const org = await approvedOrg(t, admin, deyang, { type: 'school' });
    const post = (payload: object) => t.app.inject({ method: 'POST', url: `/api/checkin/orgs/${org.id}/departments`, headers: admin.headers, payload });
    const teaching = (await post({ name: '教学部' })).json();
    const grade1 = (await post({ name: '初一年级', parentId: teaching.id })).json();
    const office = (await post({ name: '办公室' })).json();
    expect(grade1).toMatchObject({ parentId: teaching.id, depth: 1 });
    expect((await post({ name: '初一年级', parentId: teaching.id })).json().code).toBe('CHECKIN_DEPARTMENT_TAKEN');
    expect((await post({ name: 'x', parentId: '00000000-0000-4000-8000-000000000000' })).json().code).toBe('CHECKIN_DEPARTMENT_UNKNOWN');
    expect((await post({ name: '' })).statusCode).toBe(400);

    const a = await realNamedCitizen(t);
    const b = await realNamedCitizen(t);
    const c = await realNamedCitizen(t);
    for (const m of [a, b, c]) await join(t, m, org.inviteCode);
    const place = (citizenId: string, departmentId: string | null) =>
      t.app.inject({ method: 'PATCH', url: `/api/checkin/orgs/${org.id}/members/${citizenId}`, headers: admin.headers, payload: { departmentId } });
    expect((await place(a.id, grade1.id)).statusCode).toBe(204);
    expect((await place(b.id, teaching.id)).statusCode).toBe(204);
    expect((await place(c.id, office.id)).statusCode).toBe(204);
    // A plain member may not.
    expect((await t.app.inject({ method: 'PATCH', url: `/api/checkin/orgs/${org.id}/members/${c.id}`, headers: a.headers, payload: { departmentId: null } })).json().code).toBe('CHECKIN_NOT_ADMIN');
    expect((await get(`/api/checkin/orgs/${org.id}/departments`, a)).statusCode).toBe(403);

    await report(t, a, { temperature: 37.9 });
    await report(t, c);
    const day = (await get(`/api/checkin/orgs/${org.id}/day`, admin)).json();
    const node = (id: string | null) => day.departmentTree.find((d: { id: string | null }) => d.id === id);
    expect(node(teaching.id)).toMatchObject({ name: '教学部', depth: 0, members: 2, reported: 1, abnormal: 1 });
    expect(node(grade1.id)).toMatchObject({ depth: 1, members: 1, reported: 1, abnormal: 1 });
    expect(node(office.id)).toMatchObject({ members: 1, reported: 1, abnormal: 0 });
    expect(node(null)).toMatchObject({ members: 1, reported: 0 }); // the administrator, in no node
    expect(day.members.find((m: { citizenId: string }) => m.citizenId === a.id)).toMatchObject({ departmentId: grade1.id, department: '初一年级' });
  });

  it('renames and moves a node with its subtree (no cycles, no deeper than six levels, names unique among the new siblings), deletes only an empty one; audited', async () => {
    const deyang = await officer(t, ['health'], '510600');
    const admin = await realNamedCitizen(t);
    const org = await approvedOrg(t, admin, deyang, { type: 'enterprise' });
    const url = `/api/checkin/orgs/${org.id}/departments`;
    const post = async (name: string, parentId?: string) => (await t.app.inject({ method: 'POST', url, headers: admin.headers, payload: { name, parentId } })).json() as { id: string };
    const patch = (id: string, payload: object, who = admin) => t.app.inject({ method: 'PATCH', url: `${url}/${id}`, headers: who.headers, payload });
    const del = (id: string, who = admin) => t.app.inject({ method: 'DELETE', url: `${url}/${id}`, headers: who.headers });
    const tree = async () => (await get(url, admin)).json() as { id: string; name: string; parentId: string | null; depth: number; members: number }[];

    const sales = await post('销售部');
    const east = await post('华东区', sales.id);
    const shanghai = await post('上海组', east.id);
    const rnd = await post('研发部');
    // A root name twice is refused as well (the unique index cannot see two null parents).
    expect((await t.app.inject({ method: 'POST', url, headers: admin.headers, payload: { name: '研发部' } })).json().code).toBe('CHECKIN_DEPARTMENT_TAKEN');

    const m = await realNamedCitizen(t);
    await join(t, m, org.inviteCode);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/checkin/orgs/${org.id}/members/${m.id}`, headers: admin.headers, payload: { departmentId: shanghai.id } })).statusCode).toBe(204);

    // Rename: the member's department label follows.
    expect((await patch(shanghai.id, { name: ' 上海一组 ' })).json()).toMatchObject({ id: shanghai.id, name: '上海一组', depth: 2 });
    let day = (await get(`/api/checkin/orgs/${org.id}/day`, admin)).json();
    expect(day.members.find((x: { citizenId: string }) => x.citizenId === m.id)).toMatchObject({ departmentId: shanghai.id, department: '上海一组' });
    expect((await patch(shanghai.id, { name: '   ' })).statusCode).toBe(400);
    expect((await patch(shanghai.id, {})).statusCode).toBe(400);

    // Move 华东区 (with 上海一组 under it) under 研发部: the whole subtree follows.
    expect((await patch(east.id, { parentId: rnd.id })).json()).toMatchObject({ id: east.id, parentId: rnd.id, depth: 1 });
    let nodes = await tree();
    expect(new Map(nodes.map((d) => [d.name, d.depth]))).toEqual(new Map([['销售部', 0], ['研发部', 0], ['华东区', 1], ['上海一组', 2]]));
    expect(nodes.find((d) => d.id === shanghai.id)).toMatchObject({ parentId: east.id, depth: 2, members: 1 });
    // Parents come before children in the listing (path order) after the move too.
    expect(nodes.findIndex((d) => d.id === rnd.id)).toBeLessThan(nodes.findIndex((d) => d.id === east.id));
    expect(nodes.findIndex((d) => d.id === east.id)).toBeLessThan(nodes.findIndex((d) => d.id === shanghai.id));
    day = (await get(`/api/checkin/orgs/${org.id}/day`, admin)).json();
    const node = (id: string) => day.departmentTree.find((d: { id: string | null }) => d.id === id);
    expect(node(rnd.id)).toMatchObject({ members: 1 }); // the subtree's member now counts under 研发部
    expect(node(sales.id)).toMatchObject({ members: 0 });

    // No cycles: not under itself, not under its own descendant.
    expect((await patch(rnd.id, { parentId: rnd.id })).json().code).toBe('CHECKIN_DEPARTMENT_CYCLE');
    expect((await patch(rnd.id, { parentId: shanghai.id })).json().code).toBe('CHECKIN_DEPARTMENT_CYCLE');
    expect((await patch(rnd.id, { parentId: '00000000-0000-4000-8000-000000000000' })).json().code).toBe('CHECKIN_DEPARTMENT_UNKNOWN');
    expect((await patch('00000000-0000-4000-8000-000000000000', { name: 'x' })).json().code).toBe('CHECKIN_DEPARTMENT_UNKNOWN');
    // Names unique among the new siblings: a second 华东区 at the root cannot take the first's place there.
    const east2 = await post('华东区');
    expect((await patch(east2.id, { parentId: rnd.id })).json().code).toBe('CHECKIN_DEPARTMENT_TAKEN');
    expect((await patch(east2.id, { name: '销售部' })).json().code).toBe('CHECKIN_DEPARTMENT_TAKEN');
    // Depth: a chain of six levels cannot take 研发部's three-level subtree under its fourth level.
    let parent = sales.id;
    const chain: string[] = [];
    for (const n of ['二级', '三级', '四级']) {
      parent = (await post(n, parent)).id;
      chain.push(parent);
    }
    expect((await patch(rnd.id, { parentId: chain[2] })).json().code).toBe('CHECKIN_DEPARTMENT_TOO_DEEP'); // 4 + 3 levels
    expect((await patch(rnd.id, { parentId: chain[1] })).statusCode).toBe(200); // 3 + 3 = 6
    expect((await tree()).find((d) => d.id === shanghai.id)).toMatchObject({ depth: 5 });
    // Back to the root.
    expect((await patch(rnd.id, { parentId: null })).json()).toMatchObject({ parentId: null, depth: 0 });

    // Delete: refused while members or sub-departments remain, with the reason's counts.
    const refused = await del(east.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'CHECKIN_DEPARTMENT_NOT_EMPTY', details: { members: 0, subDepartments: 1 } });
    expect((await del(shanghai.id)).json()).toMatchObject({ code: 'CHECKIN_DEPARTMENT_NOT_EMPTY', details: { members: 1, subDepartments: 0 } });
    // Only administrators.
    expect((await del(east2.id, m)).json().code).toBe('CHECKIN_NOT_ADMIN');
    expect((await patch(east2.id, { name: 'y' }, m)).json().code).toBe('CHECKIN_NOT_ADMIN');
    // An invited member counts too; a former member does not hold the node.
    const invitee = await realNamedCitizen(t);
    await t.app.inject({ method: 'POST', url: `/api/checkin/orgs/${org.id}/members/import`, headers: admin.headers, payload: { rows: [{ phone: invitee.phone }] } });
    const left = await realNamedCitizen(t);
    await join(t, left, org.inviteCode);
    await t.app.inject({ method: 'PATCH', url: `/api/checkin/orgs/${org.id}/members/${left.id}`, headers: admin.headers, payload: { departmentId: east2.id } });
    expect((await t.app.inject({ method: 'POST', url: `/api/checkin/my/orgs/${org.id}/leave`, headers: left.headers })).statusCode).toBeLessThan(300);
    expect((await tree()).find((d) => d.id === east2.id)).toMatchObject({ members: 0 });
    expect((await del(east2.id)).statusCode).toBe(204);
    // The member moved out, then the emptied nodes go, leaf first.
    await t.app.inject({ method: 'PATCH', url: `/api/checkin/orgs/${org.id}/members/${m.id}`, headers: admin.headers, payload: { departmentId: null } });
    expect((await del(shanghai.id)).statusCode).toBe(204);
    expect((await del(east.id)).statusCode).toBe(204);
    expect((await del(east.id)).json().code).toBe('CHECKIN_DEPARTMENT_UNKNOWN');
    expect((await tree()).map((d) => d.name)).not.toContain('华东区');

    const actions = (await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.subjectId, org.id))).map((r) => r.action);
    expect(actions.filter((a) => a === 'checkin.department.rename')).toHaveLength(1);
    expect(actions.filter((a) => a === 'checkin.department.move').length).toBe(3);
    expect(actions.filter((a) => a === 'checkin.department.delete')).toHaveLength(3);
  });
});

describe('administrators', () => {
  it('promotes a member to administrator (told in the inbox), who may then manage; the last administrator cannot be demoted', async () => {
    const deyang = await officer(t, ['health'], '510600');
    const admin = await realNamedCitizen(t);
    const org = await approvedOrg(t, admin, deyang);
    const m = await realNamedCitizen(t);
    await join(t, m, org.inviteCode);
    expect((await get(`/api/checkin/orgs/${org.id}/day`, m)).statusCode).toBe(403);
    const role = (who: { headers: Record<string, string> }, citizenId: string, r: string) =>
      t.app.inject({ method: 'PATCH', url: `/api/checkin/orgs/${org.id}/members/${citizenId}`, headers: who.headers, payload: { role: r } });
    expect((await role(admin, m.id, 'admin')).statusCode).toBe(204);
    expect((await get(`/api/checkin/orgs/${org.id}/day`, m)).statusCode).toBe(200);
    expect((await inbox(m)).some((i) => i.kind === 'checkin.promoted' && i.body.zh.includes(org.name))).toBe(true);
    // Two administrators: one may step down; then the other is the last.
    expect((await role(m, admin.id, 'member')).statusCode).toBe(204);
    expect((await role(m, m.id, 'member')).json().code).toBe('CHECKIN_LAST_ADMIN');
    expect((await role(m, m.id, 'owner')).statusCode).toBe(400);
  });
});

describe('settings: extra fields, window and deadline, reminders per organisation', () => {
  it('validates field definitions and answers, keeps each organisation\'s answers to itself, marks late reports', async () => {
    const deyang = await officer(t, ['health'], '510600');
    const admin = await realNamedCitizen(t);
    const other = await realNamedCitizen(t);
    const org = await approvedOrg(t, admin, deyang);
    const org2 = await approvedOrg(t, other, deyang);
    const put = (payload: object) => t.app.inject({ method: 'PUT', url: `/api/checkin/orgs/${org.id}/settings`, headers: admin.headers, payload });
    const bad = await put({
      windowStart: '09:00',
      deadline: '08:00',
      remindBeforeMinutes: 60,
      extraFields: [
        { key: 'shift', label: { zh: '班次', en: 'Shift' }, type: 'choice', required: true, options: ['早'] },
        { key: 'shift', label: { zh: '里程', en: 'Km' }, type: 'number', required: false, min: 5, max: 1 },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['/body/deadline', '/body/extraFields/0/options', '/body/extraFields/1/key', '/body/extraFields/1/min'].sort());
    expect((await put({ windowStart: '25:00', deadline: '08:00', remindBeforeMinutes: 60, extraFields: [] })).statusCode).toBe(400);

    const fields = [
      { key: 'shift', label: { zh: '班次', en: 'Shift' }, type: 'choice', required: true, options: ['早班', '晚班'] },
      { key: 'km', label: { zh: '通勤里程', en: 'Commute km' }, type: 'number', required: false, min: 0, max: 200 },
      { key: 'back_on', label: { zh: '返岗日期', en: 'Back on' }, type: 'date', required: false },
      { key: 'note', label: { zh: '备注', en: 'Note' }, type: 'text', required: false },
    ];
    const ok = await put({ windowStart: '00:00', deadline: '00:01', remindBeforeMinutes: 10, extraFields: fields });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ windowStart: '00:00', deadline: '00:01', extraFields: fields });

    const m = await realNamedCitizen(t);
    await join(t, m, org.inviteCode);
    await join(t, m, org2.inviteCode);
    const today = (await get('/api/checkin/my/today', m)).json();
    expect(today.forms.find((f: { orgId: string }) => f.orgId === org.id).fields).toHaveLength(4);

    const missing = await report(t, m);
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'CHECKIN_EXTRA_FIELD_INVALID' });
    expect(missing.json().details.issues).toEqual([{ path: `/body/extra/${org.id}/shift`, message: 'required' }]);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/checkin/my/report',
      headers: m.headers,
      payload: { temperature: 36.6, symptoms: [], divisionCode: '510603', riskAreaContact: false, extra: { [org.id]: { shift: '夜班', km: 500, back_on: '2026-02-30' } } },
    });
    expect(wrong.json().details.issues.map((i: { path: string }) => i.path.split('/').pop()).sort()).toEqual(['back_on', 'km', 'shift']);
    const right = await t.app.inject({
      method: 'POST',
      url: '/api/checkin/my/report',
      headers: m.headers,
      payload: { temperature: 36.6, symptoms: [], divisionCode: '510603', riskAreaContact: false, extra: { [org.id]: { shift: '晚班', km: '12.5', back_on: '2026-12-01', unknown: 'x' } } },
    });
    expect(right.statusCode).toBe(200);
    expect(right.json().report.extra).toEqual({ [org.id]: { shift: '晚班', km: 12.5, back_on: '2026-12-01' } });

    // The report's own China day, asked for by name: the China midnight (16:00 UTC) may pass between the report and the read.
    const reportDay = right.json().report.day as string;
    const rowOf = async () => (await get(`/api/checkin/orgs/${org.id}/day?day=${reportDay}`, admin)).json().members.find((x: { citizenId: string }) => x.citizenId === m.id);
    const row = await rowOf();
    expect(row.report.extra).toEqual({ shift: '晚班', km: 12.5, back_on: '2026-12-01' });
    // The deadline is 00:01 China time. Whatever the hour the test runs, the report is put (straight in
    // the table) at chosen minutes of its own day: on time up to 00:01, late from 00:02.
    const submitAt = async (ms: number) =>
      t.app.ctx.db.update(checkinReports).set({ submittedAt: new Date(startOfDay(reportDay).getTime() + ms) }).where(and(eq(checkinReports.citizenId, m.id), eq(checkinReports.day, reportDay)));
    await submitAt(30_000); // 00:00:30
    expect((await rowOf()).late).toBe(false);
    await submitAt(60_000 + 59_000); // 00:01:59, the deadline's minute
    expect((await rowOf()).late).toBe(false);
    await submitAt(120_000); // 00:02
    expect((await rowOf()).late).toBe(true);
    await submitAt(9 * 3600_000); // 09:00
    expect((await rowOf()).late).toBe(true);
    // The other organisation sees none of the first one's answers.
    const day2 = (await get(`/api/checkin/orgs/${org2.id}/day?day=${reportDay}`, other)).json();
    expect(day2.members.find((x: { citizenId: string }) => x.citizenId === m.id).report.extra).toEqual({});
  });

  it('reminds each organisation\'s missing members before its own deadline, once a day however often the job runs', async () => {
    const deyang = await officer(t, ['health'], '510600');
    const early = await realNamedCitizen(t);
    const late = await realNamedCitizen(t);
    const orgEarly = await approvedOrg(t, early, deyang);
    const orgLate = await approvedOrg(t, late, deyang);
    const settings = (org: { id: string }, who: { headers: Record<string, string> }, deadline: string) =>
      t.app.inject({ method: 'PUT', url: `/api/checkin/orgs/${org.id}/settings`, headers: who.headers, payload: { windowStart: '06:00', deadline, remindBeforeMinutes: 60, extraFields: [] } });
    expect((await settings(orgEarly, early, '08:00')).statusCode).toBe(200);
    expect((await settings(orgLate, late, '17:00')).statusCode).toBe(200);
    const a = await realNamedCitizen(t);
    const b = await realNamedCitizen(t);
    await join(t, a, orgEarly.inviteCode);
    await join(t, b, orgLate.inviteCode);
    const dayStart = startOfDay(todayInChina()).getTime();
    const at = (h: number, m = 0) => new Date(dayStart + h * 3600_000 + m * 60_000);
    const reminders = async (who: { headers: Record<string, string> }) => (await inbox(who)).filter((i) => i.kind === 'checkin.reminder').length;

    await remindAllMissing(t.app.ctx, at(6, 59));
    expect(await reminders(a)).toBe(0);
    await remindAllMissing(t.app.ctx, at(7, 0));
    await remindAllMissing(t.app.ctx, at(7, 30));
    expect(await reminders(a)).toBe(1);
    expect(await reminders(b)).toBe(0);
    await remindAllMissing(t.app.ctx, at(8, 0)); // deadline passed for the early one; not yet time for the late one
    expect(await reminders(b)).toBe(0);
    await remindAllMissing(t.app.ctx, at(16, 10));
    await remindAllMissing(t.app.ctx, at(16, 40));
    expect(await reminders(a)).toBe(1);
    expect(await reminders(b)).toBe(1);
  });
});

describe('streaks, trend by membership, export, join QR', () => {
  it('lists streaks longest first and counts, on each past day, who was a member that day', async () => {
    const deyang = await officer(t, ['health'], '510600');
    const admin = await realNamedCitizen(t);
    const org = await approvedOrg(t, admin, deyang);
    const steady = await realNamedCitizen(t);
    const newcomer = await realNamedCitizen(t);
    await join(t, steady, org.inviteCode);
    await join(t, newcomer, org.inviteCode);
    const today = todayInChina();
    // steady: a member for 10 days, normal on days -9..-1 except an abnormal day -6; newcomer joined today.
    await t.app.ctx.db.update(checkinMemberPeriods).set({ fromDay: addDays(today, -9) }).where(sqlEq(org.id, steady.id));
    const past = Array.from({ length: 9 }, (_, i) => addDays(today, -9 + i));
    await t.app.ctx.db.insert(checkinReports).values(
      past.map((day) => ({
        citizenId: steady.id,
        day,
        temperature: day === addDays(today, -6) ? 38.0 : 36.5,
        symptoms: [],
        divisionCode: '510603',
        riskAreaContact: false,
        codeColour: 'green',
        abnormal: day === addDays(today, -6),
        abnormalReasons: day === addDays(today, -6) ? ['fever'] : [],
        revision: 1,
        submittedAt: startOfDay(day),
      })),
    );
    const streaks = (await get(`/api/checkin/orgs/${org.id}/streaks`, admin)).json();
    expect(streaks[0]).toMatchObject({ citizenId: steady.id, streak: 5 });
    expect(streaks.find((s: { citizenId: string }) => s.citizenId === newcomer.id).streak).toBe(0);
    expect(streaks[0].name).toMatch(/\*/);
    expect((await get(`/api/checkin/orgs/${org.id}/streaks`, steady)).statusCode).toBe(403);

    const trend = (await get(`/api/checkin/orgs/${org.id}/trend`, admin)).json();
    const on = (d: string) => trend.days.find((x: { day: string }) => x.day === d);
    expect(on(addDays(today, -10))).toMatchObject({ members: 0, reported: 0 });
    expect(on(addDays(today, -6))).toMatchObject({ members: 1, reported: 1, abnormal: 1 });
    expect(on(today)).toMatchObject({ members: 3, reported: 0 });
    expect(streaks[0].streak).toBe(5);
    await report(t, steady);
    const missing = (await get(`/api/checkin/orgs/${org.id}/missing`, admin)).json();
    expect(missing.count).toBe(2);
    expect(missing.members.map((m: { citizenId: string }) => m.citizenId).sort()).toEqual([admin.id, newcomer.id].sort());
    expect(missing.members[0].phone).toMatch(/\*{4}/);
    expect(missing.next).toBeNull();
    const page1 = (await get(`/api/checkin/orgs/${org.id}/missing?limit=1`, admin)).json();
    expect(page1).toMatchObject({ count: 2, next: page1.members[0].citizenId });
    const page2 = (await get(`/api/checkin/orgs/${org.id}/missing?limit=1&after=${page1.next}`, admin)).json();
    expect([page1.members[0].citizenId, page2.members[0].citizenId].sort()).toEqual([admin.id, newcomer.id].sort());
    expect((await get(`/api/checkin/orgs/${org.id}/missing`, steady)).statusCode).toBe(403);
    // Leaving closes the period: today still counts the leaver, tomorrow would not.
    await t.app.inject({ method: 'POST', url: `/api/checkin/my/orgs/${org.id}/leave`, headers: newcomer.headers });
    const after = (await get(`/api/checkin/orgs/${org.id}/trend`, admin)).json();
    expect(after.members).toBe(2);
    expect(after.days[29]).toMatchObject({ members: 3 });
  });

  it('exports the day as XLSX (masked, extra answers, department totals), audited; serves the join QR whose link joins after consent', async () => {
    const deyang = await officer(t, ['health'], '510600');
    const admin = await realNamedCitizen(t, '510603', '王五');
    const org = await approvedOrg(t, admin, deyang);
    await t.app.inject({
      method: 'PUT',
      url: `/api/checkin/orgs/${org.id}/settings`,
      headers: admin.headers,
      payload: { windowStart: '06:00', deadline: '12:00', remindBeforeMinutes: 60, extraFields: [{ key: 'shift', label: { zh: '班次', en: 'Shift' }, type: 'text', required: false }] },
    });
    const dept = (await t.app.inject({ method: 'POST', url: `/api/checkin/orgs/${org.id}/departments`, headers: admin.headers, payload: { name: '财务部' } })).json();
    await t.app.inject({ method: 'PATCH', url: `/api/checkin/orgs/${org.id}/members/${admin.id}`, headers: admin.headers, payload: { departmentId: dept.id } });
    await t.app.inject({ method: 'POST', url: '/api/checkin/my/report', headers: admin.headers, payload: { temperature: 36.4, symptoms: [], divisionCode: '510603', riskAreaContact: false, extra: { [org.id]: { shift: '早班' } } } });

    const file = await get(`/api/checkin/orgs/${org.id}/day.xlsx`, admin);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const members = wb.getWorksheet('members')!;
    expect(members.getRow(2).getCell(12).value).toBe('班次');
    const line = members.getRow(3);
    expect(line.getCell(1).value).toBe('王*');
    expect(String(line.getCell(2).value)).toMatch(/\*{4}/);
    expect(line.getCell(3).value).toBe('财务部');
    expect(line.getCell(12).value).toBe('早班');
    expect(wb.getWorksheet('departments')!.getRow(2).values).toEqual([undefined, '财务部', 1, 1, 0]);
    expect(JSON.stringify(members.getSheetValues())).not.toContain(admin.phone);

    const qr = await get(`/api/checkin/orgs/${org.id}/join-qr.svg`, admin);
    expect(qr.statusCode).toBe(200);
    expect(qr.headers['content-type']).toContain('image/svg+xml');
    expect(qr.body).toContain('<svg');
    const link = await decodeSvgQr(qr.body);
    expect(link).toMatch(new RegExp(`/m/checkin/join\\?code=${org.inviteCode}$`));

    // The page the link opens: the organisation's name, then joining with consent.
    const visitor = await realNamedCitizen(t);
    const preview = await get(`/api/checkin/join/${org.inviteCode}`, visitor);
    expect(preview.json()).toEqual({ name: org.name, type: 'enterprise', divisionCode: '510603' });
    expect((await get('/api/checkin/join/ZZZZZZZZ', visitor)).json().code).toBe('CHECKIN_INVITE_CODE_UNKNOWN');
    expect((await t.app.inject({ method: 'POST', url: '/api/checkin/my/join', headers: visitor.headers, payload: { inviteCode: org.inviteCode } })).statusCode).toBe(400); // no consent
    await join(t, visitor, org.inviteCode);
    expect((await get(`/api/checkin/orgs/${org.id}/join-qr.svg`, visitor)).statusCode).toBe(403);
  });
});

describe('the health code reads check-in through its fact source', () => {
  it('gives rules the reports as temperatures, checkin.abnormal and checkin.normalDays; a rule on ext:checkin.abnormal colours the code', async () => {
    const member = await realNamedCitizen(t);
    const { rules } = await activeRules(t.app.ctx.db);
    await report(t, member, { riskAreaContact: true }); // abnormal, no fever
    const now = new Date();
    const { facts } = await factsOfPerson(t.app.ctx, t.app.ctx.db, member.id, rules, now);
    expect(facts.temperatures.some((r) => r.day === todayInChina() && r.celsius === 36.5)).toBe(true);
    expect(facts.extra['checkin.abnormal']).toMatchObject({ value: ['risk_area_contact'], day: todayInChina() });
    expect(facts.extra['checkin.normalDays']).toMatchObject({ value: 0 });

    const rule: Rule = {
      id: 'checkin-abnormal',
      condition: { fact: 'ext:checkin.abnormal', withinDays: 1, in: ['symptoms', 'risk_area_contact'] } as Rule['condition'],
      colour: 'yellow',
      reasonCode: 'CHECKIN_ABNORMAL',
      text: { zh: '{day} 每日健康打卡异常', en: 'Abnormal daily health report on {day}' },
      durationDays: 0,
      needsConfirmation: false,
    };
    expect(validateRules([...rules, rule])).toEqual([]);
    expect(evaluate(facts, rules, now).colour).toBe('green'); // the default rule set does not read it
    const withRule = evaluate(facts, [...rules, rule], now);
    expect(withRule.colour).toBe('yellow');
    expect(withRule.reasons.map((r) => r.reasonCode)).toContain('CHECKIN_ABNORMAL');
  });
});

function sqlEq(orgId: string, citizenId: string) {
  return and(eq(checkinMemberPeriods.orgId, orgId), eq(checkinMemberPeriods.citizenId, citizenId));
}

type Decode = (typeof jsqrModule)['default'];
const jsQR: Decode = typeof jsqrModule === 'function' ? (jsqrModule as unknown as Decode) : jsqrModule.default;

/** Rasterises the QR SVG's module rectangles and decodes it (jsQR). */
async function decodeSvgQr(svg: string): Promise<string | null> {
  const size = Number(/viewBox="0 0 (\d+) (\d+)"/.exec(svg)![1]);
  const scale = 8;
  const w = size * scale;
  const data = new Uint8ClampedArray(w * w * 4).fill(255);
  const path = /<path[^>]*stroke="#000000"[^>]*d="([^"]+)"/.exec(svg)![1];
  // qrcode's SVG draws dark modules as horizontal strokes: M x y h n (relative moves follow).
  let x = 0;
  let y = 0;
  for (const [, cmd, a, b] of path.matchAll(/([MmHhVv])([\d.]+)(?:\s([\d.]+))?/g)) {
    if (cmd === 'M') [x, y] = [Number(a), Number(b)];
    else if (cmd === 'm') [x, y] = [x + Number(a), y + Number(b)];
    else if (cmd === 'h') {
      for (let i = 0; i < Number(a); i++) paint(x + i, Math.floor(y));
      x += Number(a);
    }
  }
  function paint(mx: number, my: number) {
    for (let dy = 0; dy < scale; dy++)
      for (let dx = 0; dx < scale; dx++) {
        const o = ((my * scale + dy) * w + mx * scale + dx) * 4;
        data[o] = data[o + 1] = data[o + 2] = 0;
      }
  }
  return jsQR(data, w, w)?.data ?? null;
}
