import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { startOfDay, todayInChina } from '@fangxian/contracts/kernel';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen } from './factories.ts';
import { officer, realNamedCitizen } from './health-code.support.ts';
import { approvedOrg, creditCode, join, report } from './checkin.support.ts';
import { latestOutbox } from '../src/platform/identity/sms.ts';
import { checkinOrgs, checkinReportHistory } from '../src/modules/checkin/checkin.tables.ts';
import { remindAllMissing } from '../src/modules/checkin/index.ts';
import { multipart } from './screening.support.ts';
import ExcelJS from 'exceljs';
import { auditLog } from '../src/platform/audit/audit.tables.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const inbox = async (who: { headers: Record<string, string> }) => (await t.app.inject({ method: 'GET', url: '/api/notifications', headers: who.headers })).json();

describe('organisations', () => {
  it('refuses a credit code with a wrong check character, and a duplicate code', async () => {
    const admin = await realNamedCitizen(t);
    const code = creditCode();
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    const bad = await t.app.inject({ method: 'POST', url: '/api/checkin/orgs', headers: admin.headers, payload: { name: '某公司', type: 'enterprise', creditCode: wrong, divisionCode: '510603', address: '某路1号' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('CHECKIN_CREDIT_CODE_INVALID');
    const ok = await t.app.inject({ method: 'POST', url: '/api/checkin/orgs', headers: admin.headers, payload: { name: '某公司', type: 'enterprise', creditCode: code, divisionCode: '510603', address: '某路1号' } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ status: 'pending', inviteCode: null });
    const again = await t.app.inject({ method: 'POST', url: '/api/checkin/orgs', headers: admin.headers, payload: { name: '另一公司', type: 'school', creditCode: code, divisionCode: '510603', address: '某路2号' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CHECKIN_CREDIT_CODE_TAKEN');
  });

  it('is reviewed by an officer of its region only; the registrant is notified; a pending code does not let anyone join', async () => {
    const admin = await realNamedCitizen(t);
    const created = await t.app.inject({ method: 'POST', url: '/api/checkin/orgs', headers: admin.headers, payload: { name: '旌阳中学', type: 'school', creditCode: creditCode(), divisionCode: '510603', address: '某路3号' } });
    const id = created.json().id;
    const pendingOrg = await t.app.inject({ method: 'GET', url: `/api/checkin/orgs/${id}`, headers: admin.headers });
    expect(pendingOrg.json().inviteCode).toBeNull();
    const [stored] = await t.app.ctx.db.select().from(checkinOrgs).where(eq(checkinOrgs.id, id));
    const early = await realNamedCitizen(t);
    const tooEarly = await t.app.inject({ method: 'POST', url: '/api/checkin/my/join', headers: early.headers, payload: { inviteCode: stored.inviteCode, consent: true } });
    expect(tooEarly.statusCode).toBe(404);
    expect(tooEarly.json().code).toBe('CHECKIN_INVITE_CODE_UNKNOWN');

    const chengdu = await officer(t, ['health'], '510100');
    const listed = await t.app.inject({ method: 'GET', url: '/api/checkin/orgs?status=pending', headers: chengdu.headers });
    expect(listed.json().map((o: { id: string }) => o.id)).not.toContain(id);
    const outside = await t.app.inject({ method: 'POST', url: `/api/checkin/orgs/${id}/decision`, headers: chengdu.headers, payload: { approve: true } });
    expect(outside.statusCode).toBe(404);

    const deyang = await officer(t, ['health'], '510600');
    expect((await t.app.inject({ method: 'GET', url: '/api/checkin/orgs?status=pending', headers: deyang.headers })).json().map((o: { id: string }) => o.id)).toContain(id);
    const noReason = await t.app.inject({ method: 'POST', url: `/api/checkin/orgs/${id}/decision`, headers: deyang.headers, payload: { approve: false, note: '  ' } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().code).toBe('CHECKIN_REJECTION_REASON_REQUIRED');
    const citizenTry = await t.app.inject({ method: 'POST', url: `/api/checkin/orgs/${id}/decision`, headers: admin.headers, payload: { approve: true } });
    expect(citizenTry.statusCode).toBe(403);
    const ok = await t.app.inject({ method: 'POST', url: `/api/checkin/orgs/${id}/decision`, headers: deyang.headers, payload: { approve: true } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().status).toBe('approved');
    const twice = await t.app.inject({ method: 'POST', url: `/api/checkin/orgs/${id}/decision`, headers: deyang.headers, payload: { approve: false } });
    expect(twice.json().code).toBe('CHECKIN_ORG_NOT_PENDING');

    const box = await inbox(admin);
    expect(box.items.map((i: { kind: string }) => i.kind)).toContain('checkin.org-decision');
    expect((await t.app.inject({ method: 'GET', url: `/api/checkin/orgs/${id}`, headers: admin.headers })).json().inviteCode).toMatch(/^[A-Z2-9]{8}$/);
  });
});

describe('joining', () => {
  it('stops a citizen guessing invitation codes after 10 misses in an hour', async () => {
    const deyang = await officer(t, ['health'], '510600');
    const admin = await realNamedCitizen(t);
    const org = await approvedOrg(t, admin, deyang);
    const guesser = await realNamedCitizen(t);
    for (let i = 0; i < 10; i++) {
      const miss = await t.app.inject({ method: 'POST', url: '/api/checkin/my/join', headers: guesser.headers, payload: { inviteCode: `WRONG${String(i).padStart(3, 'A')}`, consent: true } });
      expect(miss.json().code).toBe('CHECKIN_INVITE_CODE_UNKNOWN');
    }
    const limited = await t.app.inject({ method: 'POST', url: '/api/checkin/my/join', headers: guesser.headers, payload: { inviteCode: org.inviteCode, consent: true } });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('RATE_LIMITED');
    // Someone else with the right code is not affected.
    const other = await realNamedCitizen(t);
    await join(t, other, org.inviteCode);
  });
});

describe('the daily report', () => {
  it('validates with clear errors', async () => {
    const member = await realNamedCitizen(t);
    const precise = await report(t, member, { temperature: 36.55 });
    expect(precise.statusCode).toBe(400);
    expect(precise.json().code).toBe('CHECKIN_TEMPERATURE_INVALID');
    const cold = await report(t, member, { temperature: 32 });
    expect(cold.statusCode).toBe(400);
    const symptom = await report(t, member, { symptoms: ['headache'] });
    expect(symptom.statusCode).toBe(400);
    const repeated = await report(t, member, { symptoms: ['cough', 'cough'] });
    expect(repeated.json().code).toBe('CHECKIN_SYMPTOM_INVALID');
    const division = await report(t, member, { divisionCode: '519999' });
    expect(division.json().code).toBe('CHECKIN_DIVISION_INVALID');
    const staff = await officer(t, ['health']);
    expect((await report(t, staff)).statusCode).toBe(403);
  });

  it('is one report per China day for all organisations; a second submission amends it and keeps history', async () => {
    const deyang = await officer(t, ['health'], '510600');
    const adminA = await realNamedCitizen(t);
    const adminB = await realNamedCitizen(t);
    const orgA = await approvedOrg(t, adminA, deyang, { name: '甲公司' });
    const orgB = await approvedOrg(t, adminB, deyang, { name: '乙学校', type: 'school' });
    const member = await realNamedCitizen(t, '510603', '李四');
    await join(t, member, orgA.inviteCode, '生产部');
    await join(t, member, orgB.inviteCode.toLowerCase());
    const dup = await t.app.inject({ method: 'POST', url: '/api/checkin/my/join', headers: member.headers, payload: { inviteCode: orgA.inviteCode, consent: true } });
    expect(dup.json().code).toBe('CHECKIN_ALREADY_MEMBER');

    const first = await report(t, member);
    expect(first.statusCode).toBe(200);
    expect(first.json().report).toMatchObject({ day: todayInChina(), revision: 1, abnormal: false, codeColour: 'green' });
    expect(first.json().sharedWith.map((o: { name: string }) => o.name).sort()).toEqual(['乙学校', '甲公司'].sort());

    const second = await report(t, member, { temperature: 37.8, symptoms: ['cough'] });
    expect(second.json().report).toMatchObject({ revision: 2, abnormal: true, abnormalReasons: ['fever', 'symptoms'] });

    const today = (await t.app.inject({ method: 'GET', url: '/api/checkin/my/today', headers: member.headers })).json();
    expect(today.report.revision).toBe(2);
    expect(today.history.map((h: { revision: number; temperature: number }) => [h.revision, h.temperature])).toEqual([[1, 36.5], [2, 37.8]]);
    const history = await t.app.ctx.db.select().from(checkinReportHistory).where(eq(checkinReportHistory.citizenId, member.id));
    expect(history).toHaveLength(2);

    // Both organisations see the one report, abnormal; both admins got one alert each.
    for (const [org, admin] of [[orgA, adminA], [orgB, adminB]] as const) {
      const day = (await t.app.inject({ method: 'GET', url: `/api/checkin/orgs/${org.id}/day`, headers: admin.headers })).json();
      const row = day.members.find((m: { citizenId: string }) => m.citizenId === member.id);
      expect(row).toMatchObject({ reported: true, name: '李*', report: { temperature: 37.8, abnormal: true, revision: 2 } });
      expect(row.phone).toMatch(/\*{4}/);
      expect(day.members[0].citizenId).toBe(member.id); // abnormal first
      const alerts = (await inbox(admin)).items.filter((i: { kind: string }) => i.kind === 'checkin.abnormal');
      expect(alerts).toHaveLength(1);
      expect(alerts[0].link).toBe(`/m/checkin/orgs/${org.id}`);
    }
    // A third abnormal amendment does not alert again the same day.
    await report(t, member, { temperature: 38.1, symptoms: ['cough'] });
    expect((await inbox(adminA)).items.filter((i: { kind: string }) => i.kind === 'checkin.abnormal')).toHaveLength(1);

    // The report is a health-code fact (check-in's fact source): the default rule set's fever rule
    // reads its temperature, so the code turns red; the abnormal report is listed as disputable; the
    // colour change reaches the member through the notification centre.
    const code = (await t.app.inject({ method: 'GET', url: '/api/health/code', headers: member.headers })).json();
    expect(code.colour).toBe('red');
    const facts = (await t.app.inject({ method: 'GET', url: '/api/health/facts', headers: member.headers })).json();
    expect(facts.some((f: { type: string; day: string }) => f.type === 'checkin_report' && f.day === todayInChina())).toBe(true);
    const changed = (await inbox(member)).items.filter((i: { kind: string }) => i.kind === 'health-code.colour-changed');
    expect(changed).toHaveLength(1);
    expect(changed[0].title.zh).toContain('红码');
  });
});

describe('the morning\'s reports through group commit', () => {
  it('merges concurrent members\' reports into shared statements, answers each its own revision and keeps every submission in the history', async () => {
    const deyang = await officer(t, ['health'], '510600');
    const admin = await realNamedCitizen(t);
    const org = await approvedOrg(t, admin, deyang, { name: '并发单位' });
    const members = [];
    for (let i = 0; i < 6; i++) {
      const m = await realNamedCitizen(t);
      await join(t, m, org.inviteCode);
      members.push(m);
    }
    const statsBefore = { ...t.app.ctx.database.writes.stats };
    const firsts = await Promise.all(members.map((m) => report(t, m)));
    expect(firsts.map((r) => [r.statusCode, r.json().report.revision])).toEqual(members.map(() => [200, 1]));
    // One member twice at once (a double tap): both recorded, revisions 1 and 2 in some order, two history rows.
    const [a, b] = await Promise.all([report(t, members[0], { temperature: 36.6 }), report(t, members[0], { temperature: 36.7 })]);
    expect([a.json().report.revision, b.json().report.revision].sort()).toEqual([2, 3]);
    const seconds = await Promise.all(members.slice(1).map((m) => report(t, m, { temperature: 36.8 })));
    expect(seconds.map((r) => r.json().report.revision)).toEqual(members.slice(1).map(() => 2));
    const stats = t.app.ctx.database.writes.stats;
    expect(stats.rows - statsBefore.rows).toBeGreaterThanOrEqual(11); // rows written through merged statements…
    expect(stats.mergedInserts - statsBefore.mergedInserts).toBeLessThan(stats.rows - statsBefore.rows); // …fewer statements than rows
    const history = await t.app.ctx.db.select().from(checkinReportHistory).where(eq(checkinReportHistory.citizenId, members[0].id));
    expect(history.map((h) => h.revision).sort()).toEqual([1, 2, 3]);
    const today = (await t.app.inject({ method: 'GET', url: '/api/checkin/my/today', headers: members[1].headers })).json();
    expect(today.history.map((h: { revision: number; temperature: number }) => [h.revision, h.temperature])).toEqual([[1, 36.5], [2, 36.8]]);
    // The forms are held in memory: a new required question applies to the next report at once.
    const settings = await t.app.inject({
      method: 'PUT',
      url: `/api/checkin/orgs/${org.id}/settings`,
      headers: admin.headers,
      payload: { windowStart: '06:00', deadline: '12:00', remindBeforeMinutes: 120, extraFields: [{ key: 'bus', label: { zh: '班车', en: 'Bus' }, type: 'choice', required: true, options: ['是', '否'] }] },
    });
    expect(settings.statusCode).toBe(200);
    const refused = await report(t, members[2]);
    expect(refused.json().code).toBe('CHECKIN_EXTRA_FIELD_INVALID');
    expect((await report(t, members[2], { extra: { [org.id]: { bus: '是' } } })).json().report.extra).toEqual({ [org.id]: { bus: '是' } });
    // Leaving drops the organisation from the member's forms at once.
    await t.app.inject({ method: 'POST', url: `/api/checkin/my/orgs/${org.id}/leave`, headers: members[3].headers });
    const alone = await report(t, members[3]);
    expect(alone.statusCode).toBe(200);
    expect(alone.json().sharedWith).toEqual([]);
  });
});

describe('the organisation\'s day and reminders', () => {
  it('lists who reported and who did not, to its administrators only, audited; reminds the missing once a day', async () => {
    const deyang = await officer(t, ['county_command'], '510600');
    const admin = await realNamedCitizen(t);
    const org = await approvedOrg(t, admin, deyang);
    const done = await realNamedCitizen(t);
    const missing = await createCitizen(t.app.ctx); // no real name: no code colour, still a member
    await join(t, done, org.inviteCode);
    await join(t, missing, org.inviteCode);
    await report(t, done);
    await report(t, admin);

    const notAdmin = await t.app.inject({ method: 'GET', url: `/api/checkin/orgs/${org.id}/day`, headers: done.headers });
    expect(notAdmin.statusCode).toBe(403);
    expect(notAdmin.json().code).toBe('CHECKIN_NOT_ADMIN');
    const stranger = await realNamedCitizen(t);
    expect((await t.app.inject({ method: 'GET', url: `/api/checkin/orgs/${org.id}/day`, headers: stranger.headers })).statusCode).toBe(404);

    const day = (await t.app.inject({ method: 'GET', url: `/api/checkin/orgs/${org.id}/day`, headers: admin.headers })).json();
    expect(day.total).toEqual({ members: 3, reported: 2, abnormal: 0 });
    expect(day.byDepartment).toEqual([{ department: null, members: 3, reported: 2, abnormal: 0 }]);
    const trend = (await t.app.inject({ method: 'GET', url: `/api/checkin/orgs/${org.id}/trend`, headers: admin.headers })).json();
    expect(trend.members).toBe(3);
    expect(trend.days).toHaveLength(30);
    expect(trend.days[29]).toEqual({ day: todayInChina(), members: 3, reported: 2, abnormal: 0 });
    expect(trend.days[0]).toMatchObject({ members: 0, reported: 0, abnormal: 0 }); // nobody was a member 29 days ago
    expect((await t.app.inject({ method: 'GET', url: `/api/checkin/orgs/${org.id}/trend`, headers: done.headers })).statusCode).toBe(403);
    expect(day.members[0]).toMatchObject({ citizenId: missing.id, reported: false, report: null });
    const audits = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'checkin.org-day.read'), eq(auditLog.subjectId, org.id)));
    expect(audits).toHaveLength(1);
    // Paged: the same order a page at a time, the totals still over every member; the audit counts the members shown.
    const paged = (await t.app.inject({ method: 'GET', url: `/api/checkin/orgs/${org.id}/day?limit=2&offset=1`, headers: admin.headers })).json();
    expect(paged.page).toEqual({ offset: 1, limit: 2, count: 3, next: null });
    expect(paged.total).toEqual(day.total);
    expect(paged.members.map((m: { citizenId: string }) => m.citizenId)).toEqual(day.members.slice(1, 3).map((m: { citizenId: string }) => m.citizenId));
    expect((await t.app.inject({ method: 'GET', url: `/api/checkin/orgs/${org.id}/day?limit=0`, headers: admin.headers })).statusCode).toBe(400);
    const pagedAudit = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'checkin.org-day.read'), eq(auditLog.subjectId, org.id)));
    expect(pagedAudit.map((a) => (a.detail as { members: number }).members).sort()).toEqual([2, 3]);

    const first = await t.app.inject({ method: 'POST', url: `/api/checkin/orgs/${org.id}/reminders`, headers: admin.headers });
    expect(first.json()).toMatchObject({ missing: 1, delivered: 2, duplicate: 0 }); // inbox + SMS
    const sms = await latestOutbox(t.app.ctx, { limit: 5, phone: missing.phone });
    expect(sms).toHaveLength(1);
    expect(sms[0].template).toBe('checkin.reminder');
    expect(sms[0].body).toContain('今日尚未健康打卡');
    const again = await t.app.inject({ method: 'POST', url: `/api/checkin/orgs/${org.id}/reminders`, headers: admin.headers });
    expect(again.json()).toMatchObject({ missing: 1, delivered: 0, duplicate: 2 });
    expect(await latestOutbox(t.app.ctx, { limit: 5, phone: missing.phone })).toHaveLength(1);
    const box = await inbox(missing);
    expect(box.unread).toBe(1);
    expect(box.items[0]).toMatchObject({ kind: 'checkin.reminder', link: '/m/checkin', readAt: null });
    expect(box.items[0].title.zh).toBe('请完成今日健康打卡');
    expect(t.logs.join('')).not.toContain(missing.phone);

    // After reporting, nobody is missing.
    await report(t, missing);
    expect((await t.app.inject({ method: 'POST', url: `/api/checkin/orgs/${org.id}/reminders`, headers: admin.headers })).json().missing).toBe(0);
  });

  it('stops sharing when a member leaves (consent withdrawn); the last administrator cannot leave', async () => {
    const deyang = await officer(t, ['health'], '510600');
    const admin = await realNamedCitizen(t);
    const org = await approvedOrg(t, admin, deyang);
    const member = await realNamedCitizen(t);
    await join(t, member, org.inviteCode);
    await report(t, member, { temperature: 37.5 });
    const before = (await t.app.inject({ method: 'GET', url: `/api/checkin/orgs/${org.id}/day`, headers: admin.headers })).json();
    expect(before.members.map((m: { citizenId: string }) => m.citizenId)).toContain(member.id);

    const left = await t.app.inject({ method: 'POST', url: `/api/checkin/my/orgs/${org.id}/leave`, headers: member.headers });
    expect(left.statusCode).toBe(204);
    const after = (await t.app.inject({ method: 'GET', url: `/api/checkin/orgs/${org.id}/day`, headers: admin.headers })).json();
    expect(after.members.map((m: { citizenId: string }) => m.citizenId)).not.toContain(member.id);
    expect(after.total.abnormal).toBe(0);
    const amended = await report(t, member, { temperature: 38.0 });
    expect(amended.json().sharedWith).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: '/api/checkin/my/orgs', headers: member.headers })).json()).toEqual([]);

    const lastAdmin = await t.app.inject({ method: 'POST', url: `/api/checkin/my/orgs/${org.id}/leave`, headers: admin.headers });
    expect(lastAdmin.json().code).toBe('CHECKIN_LAST_ADMIN');
  });

  it('imports members by phone with per-row outcomes; an invited member shares only after accepting', async () => {
    const deyang = await officer(t, ['health'], '510600');
    const admin = await realNamedCitizen(t);
    const org = await approvedOrg(t, admin, deyang);
    const a = await realNamedCitizen(t);
    const existing = await realNamedCitizen(t);
    const b = await realNamedCitizen(t);
    await join(t, existing, org.inviteCode);
    // The department column names a node: 一班 (one node of that name) or a path; 综合组 exists twice.
    const dept = async (name: string, parentId?: string) => (await t.app.inject({ method: 'POST', url: `/api/checkin/orgs/${org.id}/departments`, headers: admin.headers, payload: { name, parentId } })).json() as { id: string };
    const grade = await dept('初一年级');
    const class1 = await dept('一班', grade.id);
    await dept('综合组', grade.id);
    await dept('综合组');
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/checkin/orgs/${org.id}/members/import`,
      headers: admin.headers,
      payload: {
        rows: [
          { phone: b.phone, department: '综合组' },
          { phone: a.phone, department: '一班' },
          { phone: '12345' },
          { phone: '13900000001' },
          { phone: existing.phone },
          { phone: `+86 ${a.phone}` },
          { phone: b.phone, department: '后勤处' },
          { phone: b.phone, department: '初一年级／综合组' },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      { row: 1, outcome: 'ambiguous_department' },
      { row: 2, outcome: 'invited' },
      { row: 3, outcome: 'invalid_phone' },
      { row: 4, outcome: 'no_account' },
      { row: 5, outcome: 'already_member' },
      { row: 6, outcome: 'duplicate_row' },
      { row: 7, outcome: 'unknown_department' },
      { row: 8, outcome: 'invited' },
    ]);
    const bs = (await t.app.inject({ method: 'GET', url: '/api/checkin/my/orgs', headers: b.headers })).json();
    expect(bs).toMatchObject([{ status: 'invited', department: '综合组' }]);
    const mine = (await t.app.inject({ method: 'GET', url: '/api/checkin/my/orgs', headers: a.headers })).json();
    expect(mine).toMatchObject([{ status: 'invited', role: 'member', department: '一班', org: { id: org.id, inviteCode: null } }]);
    expect((await inbox(a)).items[0].kind).toBe('checkin.invitation');
    await report(t, a);
    let day = (await t.app.inject({ method: 'GET', url: `/api/checkin/orgs/${org.id}/day`, headers: admin.headers })).json();
    expect(day.members.map((m: { citizenId: string }) => m.citizenId)).not.toContain(a.id);
    const accepted = await t.app.inject({ method: 'POST', url: `/api/checkin/my/orgs/${org.id}/accept`, headers: a.headers, payload: { consent: true } });
    expect(accepted.statusCode).toBe(204);
    day = (await t.app.inject({ method: 'GET', url: `/api/checkin/orgs/${org.id}/day`, headers: admin.headers })).json();
    expect(day.members.find((m: { citizenId: string }) => m.citizenId === a.id)).toMatchObject({ reported: true, department: '一班', departmentId: class1.id });
    expect(day.byDepartment).toEqual([
      { department: null, members: 2, reported: 0, abnormal: 0 },
      { department: '一班', members: 1, reported: 1, abnormal: 0 },
    ]);
    const noConsent = await t.app.inject({ method: 'POST', url: `/api/checkin/my/orgs/${org.id}/accept`, headers: existing.headers, payload: {} });
    expect(noConsent.statusCode).toBe(400);
  });
});

describe('the XLSX import', () => {
  it('serves the template, and invites from a filled template with outcomes by sheet line', async () => {
    const deyang = await officer(t, ['health'], '510600');
    const admin = await realNamedCitizen(t);
    const org = await approvedOrg(t, admin, deyang);
    const template = await t.app.inject({ method: 'GET', url: '/api/checkin/members-template.xlsx', headers: admin.headers });
    expect(template.statusCode).toBe(200);
    expect(template.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).getCell(1).text).toContain('手机号');

    const a = await realNamedCitizen(t);
    const b = await realNamedCitizen(t);
    const grade2 = (await t.app.inject({ method: 'POST', url: `/api/checkin/orgs/${org.id}/departments`, headers: admin.headers, payload: { name: '初二年级' } })).json();
    await t.app.inject({ method: 'POST', url: `/api/checkin/orgs/${org.id}/departments`, headers: admin.headers, payload: { name: '二班', parentId: grade2.id } });
    sheet.addRow([a.phone, '初二年级/二班']);
    sheet.addRow([]);
    sheet.addRow(['not a phone', '']);
    sheet.addRow([b.phone, '初三年级/二班']);
    const filled = Buffer.from(await workbook.xlsx.writeBuffer());
    const body = multipart(filled, 'members.xlsx');
    const res = await t.app.inject({ method: 'POST', url: `/api/checkin/orgs/${org.id}/members/import.xlsx`, headers: { ...admin.headers, ...body.headers }, payload: body.payload });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual([
      { row: 2, outcome: 'invited' },
      { row: 4, outcome: 'invalid_phone' },
      { row: 5, outcome: 'unknown_department' },
    ]);
    const mine = (await t.app.inject({ method: 'GET', url: '/api/checkin/my/orgs', headers: a.headers })).json();
    expect(mine).toMatchObject([{ status: 'invited', department: '二班' }]);

    const junk = multipart(Buffer.from('phone,department\n13900000000,x\n'), 'members.csv');
    const refused = await t.app.inject({ method: 'POST', url: `/api/checkin/orgs/${org.id}/members/import.xlsx`, headers: { ...admin.headers, ...junk.headers }, payload: junk.payload });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('CHECKIN_IMPORT_FILE_INVALID');
    const member = await t.app.inject({ method: 'POST', url: `/api/checkin/orgs/${org.id}/members/import.xlsx`, headers: { ...a.headers, ...body.headers }, payload: body.payload });
    expect(member.statusCode).toBe(404);
  });
});

describe('the city summary', () => {
  it('aggregates by organisation, type and county within the officer\'s region only', async () => {
    const chengduOfficer = await officer(t, ['health'], '510100');
    const deyangOfficer = await officer(t, ['big_data'], '510600');
    const chengduAdmin = await realNamedCitizen(t, '510104');
    const org = await approvedOrg(t, chengduAdmin, chengduOfficer, { name: '锦江医院', type: 'hospital', divisionCode: '510104' });
    const m1 = await realNamedCitizen(t, '510104');
    const m2 = await realNamedCitizen(t, '510104');
    await join(t, m1, org.inviteCode);
    await join(t, m2, org.inviteCode);
    await report(t, m1, { riskAreaContact: true, divisionCode: '510104' });

    const summary = (await t.app.inject({ method: 'GET', url: '/api/checkin/summary', headers: chengduOfficer.headers })).json();
    expect(summary.regionCode).toBe('510100');
    expect(summary.byOrganisation).toEqual([{ orgId: org.id, name: '锦江医院', type: 'hospital', divisionCode: '510104', members: 3, reported: 1, abnormal: 1 }]);
    expect(summary.byTypeAndDivision).toEqual([{ type: 'hospital', divisionCode: '510104', divisionName: '锦江区', organisations: 1, members: 3, reported: 1, abnormal: 1 }]);
    expect(JSON.stringify(summary)).not.toMatch(/citizenId|phone/);

    const deyang = (await t.app.inject({ method: 'GET', url: '/api/checkin/summary', headers: deyangOfficer.headers })).json();
    expect(deyang.byOrganisation.map((o: { orgId: string }) => o.orgId)).not.toContain(org.id);
    const outside = await t.app.inject({ method: 'GET', url: '/api/checkin/summary?regionCode=510104', headers: deyangOfficer.headers });
    expect(outside.statusCode).toBe(404);
    const citizen = await t.app.inject({ method: 'GET', url: '/api/checkin/summary', headers: m1.headers });
    expect(citizen.statusCode).toBe(403);
    const yesterday = (await t.app.inject({ method: 'GET', url: '/api/checkin/summary?day=2020-01-01', headers: chengduOfficer.headers })).json();
    expect(yesterday.total).toMatchObject({ reported: 0, abnormal: 0 });
  });
});

describe('the scheduled reminder', () => {
  it('waits until an organisation\'s reminder time (by default 2 h before its 12:00 deadline, i.e. 10:00 China time), then reminds its missing members once, together with manual reminders', async () => {
    const deyang = await officer(t, ['health'], '510600');
    const admin = await realNamedCitizen(t);
    const org = await approvedOrg(t, admin, deyang);
    const missing = await realNamedCitizen(t);
    const done = await realNamedCitizen(t);
    await join(t, missing, org.inviteCode);
    await join(t, done, org.inviteCode);
    await report(t, done);
    await report(t, admin);
    const dayStart = startOfDay(todayInChina()).getTime();

    const early = await remindAllMissing(t.app.ctx, new Date(dayStart + 9 * 3600_000 + 59 * 60_000));
    expect(early).toMatchObject({ tooEarly: true, missing: 0, delivered: 0 });
    expect((await inbox(missing)).items).toHaveLength(0);

    const run = await remindAllMissing(t.app.ctx, new Date(dayStart + 10 * 3600_000));
    expect(run.tooEarly).toBe(false);
    expect(run.missing).toBeGreaterThanOrEqual(1);
    const box = (await inbox(missing)).items.filter((i: { kind: string }) => i.kind === 'checkin.reminder');
    expect(box).toHaveLength(1);
    expect((await inbox(done)).items.filter((i: { kind: string }) => i.kind === 'checkin.reminder')).toHaveLength(0);
    expect(await latestOutbox(t.app.ctx, { limit: 5, phone: missing.phone })).toHaveLength(1);

    // Running again, or the administrator pressing the button, sends nothing more today.
    const again = await remindAllMissing(t.app.ctx, new Date(dayStart + 10 * 3600_000 + 30 * 60_000));
    expect(again.delivered).toBe(0);
    const manual = (await t.app.inject({ method: 'POST', url: `/api/checkin/orgs/${org.id}/reminders`, headers: admin.headers })).json();
    expect(manual).toMatchObject({ missing: 1, delivered: 0, duplicate: 2 });
    expect(await latestOutbox(t.app.ctx, { limit: 5, phone: missing.phone })).toHaveLength(1);
  });
});
