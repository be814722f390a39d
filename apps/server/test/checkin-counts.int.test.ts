/**
 * Issue 14: the organisation's kept day totals (checkin_member_counts / checkin_day_counts, drizzle/0045)
 * against a recount from the members and reports themselves after every kind of change; the day view's
 * pages in its order; the bulk move of members and deleting a node with members in one flow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, sql } from 'drizzle-orm';
import { addDays, todayInChina } from '@fangxian/contracts/kernel';
import { createTestApp, type TestApp } from './support.ts';
import { officer, realNamedCitizen } from './health-code.support.ts';
import { approvedOrg, join, report } from './checkin.support.ts';
import { checkinMembers, checkinReports } from '../src/modules/checkin/checkin.tables.ts';
import { countsOfOrgDay } from '../src/modules/checkin/checkin.repository.ts';
import { rows as rowsOf } from '../src/platform/db/database.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';
import { bulkInsert } from '../src/platform/db/bulk-insert.ts';
import { citizens } from '../src/platform/identity/identity.tables.ts';
import { randomUUID } from 'node:crypto';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type Who = { id: string; headers: Record<string, string> };
const get = (url: string, who: Who) => t.app.inject({ method: 'GET', url, headers: who.headers });
const key = (l: { departmentId: string | null; label: string | null }) => `${l.departmentId ?? '-'}|${l.label ?? ''}`;

/** The totals recounted from scratch: active members ⟕ the day's reports, by node and label. */
async function recount(orgId: string, day: string) {
  const lines = await rowsOf<{ department_id: string | null; department: string | null; members: number; reported: number; abnormal: number }>(
    t.app.ctx.db,
    sql`select m.department_id, m.department, count(*)::int as members, count(r.citizen_id)::int as reported, (count(*) filter (where r.abnormal))::int as abnormal
          from ${checkinMembers} m left join ${checkinReports} r on r.citizen_id = m.citizen_id and r.day = ${day}
         where m.org_id = ${orgId} and m.status = 'active' group by 1, 2`,
  );
  return new Map(lines.map((l) => [key({ departmentId: l.department_id, label: l.department }), { members: Number(l.members), reported: Number(l.reported), abnormal: Number(l.abnormal) }]));
}

async function expectCountsMatch(orgId: string, days: string[]) {
  for (const day of days) {
    const kept = new Map(
      (await countsOfOrgDay(t.app.ctx.db, orgId, day)).filter((l) => l.members !== 0 || l.reported !== 0).map((l) => [key(l), { members: l.members, reported: l.reported, abnormal: l.abnormal }]),
    );
    expect(kept, `kept counts of ${day}`).toEqual(await recount(orgId, day));
  }
}

describe('the kept day totals', () => {
  it('equal a recount through reports, amendments, joins, leaves, moves, renames and deletes; the day is paged in its order', async () => {
    const deyang = await officer(t, ['health'], '510600');
    const admin = await realNamedCitizen(t);
    const org = await approvedOrg(t, admin, deyang, { type: 'school' });
    const today = todayInChina();
    const yesterday = addDays(today, -1);
    const days = [today, yesterday];
    const dept = async (name: string, parentId?: string) => (await t.app.inject({ method: 'POST', url: `/api/checkin/orgs/${org.id}/departments`, headers: admin.headers, payload: { name, parentId } })).json() as { id: string };
    const place = (ids: string[], departmentId: string | null) => t.app.inject({ method: 'POST', url: `/api/checkin/orgs/${org.id}/members/move`, headers: admin.headers, payload: { citizenIds: ids, departmentId } });
    const teaching = await dept('教学部');
    const grade1 = await dept('初一年级', teaching.id);
    const office = await dept('办公室');

    const m: Who[] = [];
    for (let i = 0; i < 7; i++) m.push(await realNamedCitizen(t));
    for (const p of m.slice(0, 6)) await join(t, p, org.inviteCode);
    await join(t, m[6], org.inviteCode, '自填部门'); // a free-text label, no node
    await expectCountsMatch(org.id, days);

    expect((await place([m[0].id, m[1].id], grade1.id)).json()).toEqual({ moved: 2 });
    expect((await place([m[2].id], teaching.id)).statusCode).toBe(200);
    expect((await place([m[3].id], office.id)).statusCode).toBe(200);
    // Yesterday's reports (written directly: the endpoint reports today only), for members who are now active.
    await t.app.ctx.db.insert(checkinReports).values(
      [m[0], m[3], m[5]].map((p, i) => ({ citizenId: p.id, day: yesterday, temperature: i === 0 ? 38.1 : 36.6, symptoms: [], divisionCode: '510603', riskAreaContact: false, codeColour: null, abnormal: i === 0, abnormalReasons: i === 0 ? ['fever'] : [], extra: {}, revision: 1, submittedAt: new Date(Date.now() - 86_400_000) })),
    );
    await report(t, m[0], { temperature: 37.9 });
    await report(t, m[1]);
    await report(t, m[3], { symptoms: ['cough'] });
    await report(t, m[6]);
    await expectCountsMatch(org.id, days);

    // Amendments that turn a report normal and another abnormal; one that changes nothing counted.
    await report(t, m[0]);
    await report(t, m[1], { riskAreaContact: true });
    await report(t, m[6], { temperature: 36.7 });
    await expectCountsMatch(org.id, days);

    // Leaving withdraws the member's reports from the totals; joining again brings them back.
    await t.app.inject({ method: 'POST', url: `/api/checkin/my/orgs/${org.id}/leave`, headers: m[3].headers });
    await expectCountsMatch(org.id, days);
    await join(t, m[3], org.inviteCode);
    await report(t, m[5], { temperature: 38.0 });
    await expectCountsMatch(org.id, days);

    // A rename changes the label of the node's members; a move of a node leaves members in place; promotions change nothing.
    await t.app.inject({ method: 'PATCH', url: `/api/checkin/orgs/${org.id}/departments/${grade1.id}`, headers: admin.headers, payload: { name: '七年级' } });
    await t.app.inject({ method: 'PATCH', url: `/api/checkin/orgs/${org.id}/departments/${grade1.id}`, headers: admin.headers, payload: { parentId: office.id } });
    await t.app.inject({ method: 'PATCH', url: `/api/checkin/orgs/${org.id}/members/${m[2].id}`, headers: admin.headers, payload: { role: 'admin' } });
    await expectCountsMatch(org.id, days);
    // Deleting a node with members in one flow: they move to another node.
    expect((await t.app.inject({ method: 'DELETE', url: `/api/checkin/orgs/${org.id}/departments/${grade1.id}?moveMembersTo=${teaching.id}`, headers: admin.headers })).statusCode).toBe(204);
    await expectCountsMatch(org.id, days);

    // The view's totals are the kept counts, the subtree totals follow the tree.
    const all = (await get(`/api/checkin/orgs/${org.id}/day`, admin)).json();
    // m0's 37.9 °C turned their code red, so their normal amendment is still abnormal (the code colour).
    expect(all.total).toEqual({ members: 8, reported: 5, abnormal: 4 });
    expect(all.departmentTree.find((d: { id: string | null }) => d.id === teaching.id)).toMatchObject({ members: 3, reported: 2, abnormal: 2 });
    expect(all.byDepartment.find((d: { department: string | null }) => d.department === '自填部门')).toEqual({ department: '自填部门', members: 1, reported: 1, abnormal: 0 });
    // Pages of 3 in the view's order are the unpaged list cut in pieces (abnormal, then missing, then normal).
    const ids: string[] = [];
    for (let offset = 0; offset < 9; offset += 3) {
      const page = (await get(`/api/checkin/orgs/${org.id}/day?limit=3&offset=${offset}`, admin)).json();
      expect(page.page).toEqual({ offset, limit: 3, count: 8, next: offset + 3 < 8 ? expect.any(String) : null });
      expect(page.total).toEqual(all.total);
      ids.push(...page.members.map((x: { citizenId: string }) => x.citizenId));
    }
    expect(ids).toEqual(all.members.map((x: { citizenId: string }) => x.citizenId));
    expect(all.members.map((x: { reported: boolean; report: { abnormal: boolean } | null }) => (x.report?.abnormal ? 'a' : x.reported ? 'n' : 'm')).join('')).toBe('aaaammmn');
    // Keyset pages (`after` = the previous page's `next`) are the same pieces, for every page size.
    const allIds = all.members.map((x: { citizenId: string }) => x.citizenId);
    const walk = async (limit: number, filter = '') => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 20; i++) {
        const page: { page: { offset: number; count: number; next: string | null }; members: { citizenId: string }[] } = (await get(`/api/checkin/orgs/${org.id}/day?limit=${limit}${filter}${after ? `&after=${encodeURIComponent(after)}` : ''}`, admin)).json();
        expect(page.page.offset).toBe(seen.length);
        seen.push(...page.members.map((x) => x.citizenId));
        after = page.page.next;
        if (!after) return { seen, count: page.page.count };
      }
      throw new Error('the pages did not end');
    };
    for (const limit of [1, 2, 3, 5, 8]) expect((await walk(limit)).seen).toEqual(allIds);
    // The filter: the members placed in one node (or in none), in the same order; the count is theirs.
    const inNode = (departmentId: string | null) =>
      all.members.filter((x: { departmentId: string | null }) => x.departmentId === departmentId).map((x: { citizenId: string }) => x.citizenId);
    for (const [filter, departmentId] of [[teaching.id, teaching.id], ['none', null]] as const) {
      const walked = await walk(2, `&departmentId=${filter}`);
      expect(walked.seen).toEqual(inNode(departmentId));
      expect(walked.count).toBe(inNode(departmentId).length);
    }
    expect(inNode(teaching.id)).toHaveLength(3);
    // A cursor that is not one, or with an offset: field-level 400s; an unknown node: 404.
    for (const bad of ['nope', Buffer.from('[9,null,"x",1]').toString('base64url')]) {
      const res = await get(`/api/checkin/orgs/${org.id}/day?limit=3&after=${bad}`, admin);
      expect(res.statusCode).toBe(400);
      expect(res.json().details.issues[0].path).toBe('/querystring/after');
    }
    expect((await get(`/api/checkin/orgs/${org.id}/day?limit=3&offset=3&after=${encodeURIComponent((await walk(3)).seen[0])}`, admin)).statusCode).toBe(400);
    expect((await get(`/api/checkin/orgs/${org.id}/day?limit=3&departmentId=00000000-0000-4000-8000-000000000000`, admin)).json().code).toBe('CHECKIN_DEPARTMENT_UNKNOWN');
    // The not-yet-reported list's count is the kept one too.
    const missing = (await get(`/api/checkin/orgs/${org.id}/missing?limit=2`, admin)).json();
    expect(missing.count).toBe(3);
    expect(missing.members).toHaveLength(2);
    // Yesterday as well.
    const past = (await get(`/api/checkin/orgs/${org.id}/day?day=${yesterday}&limit=10`, admin)).json();
    expect(past.total).toEqual({ members: 8, reported: 3, abnormal: 1 });
  });
});

describe('moving members in bulk', () => {
  it('moves chosen members in one go, all or none; a node with members is emptied and deleted in one flow; audited', async () => {
    const deyang = await officer(t, ['health'], '510600');
    const admin = await realNamedCitizen(t);
    const org = await approvedOrg(t, admin, deyang);
    const dept = async (name: string, parentId?: string) => (await t.app.inject({ method: 'POST', url: `/api/checkin/orgs/${org.id}/departments`, headers: admin.headers, payload: { name, parentId } })).json() as { id: string };
    const sales = await dept('销售部');
    const east = await dept('华东区', sales.id);
    const hr = await dept('人事部');
    const people: Who[] = [];
    for (let i = 0; i < 4; i++) {
      people.push(await realNamedCitizen(t));
      await join(t, people[i], org.inviteCode);
    }
    const stranger = await realNamedCitizen(t);
    const move = (citizenIds: string[], departmentId: string | null, who: Who = admin) =>
      t.app.inject({ method: 'POST', url: `/api/checkin/orgs/${org.id}/members/move`, headers: who.headers, payload: { citizenIds, departmentId } });
    const placedIn = async (citizenId: string) =>
      (await t.app.ctx.db.select().from(checkinMembers).where(and(eq(checkinMembers.orgId, org.id), eq(checkinMembers.citizenId, citizenId))))[0];

    expect((await move(people.map((p) => p.id), sales.id)).json()).toEqual({ moved: 4 });
    expect(await placedIn(people[3].id)).toMatchObject({ departmentId: sales.id, department: '销售部' });
    // All or none: one id that is not a member refuses the move and names it.
    const refused = await move([people[0].id, stranger.id], hr.id);
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toMatchObject({ code: 'CHECKIN_MEMBERS_UNKNOWN', details: { citizenIds: [stranger.id] } });
    expect((await placedIn(people[0].id)).departmentId).toBe(sales.id);
    expect((await move([people[0].id], '00000000-0000-4000-8000-000000000000')).json().code).toBe('CHECKIN_DEPARTMENT_UNKNOWN');
    expect((await move([], hr.id)).statusCode).toBe(400);
    expect((await move([people[0].id], hr.id, people[1])).json().code).toBe('CHECKIN_NOT_ADMIN');

    const del = (id: string, to?: string) => t.app.inject({ method: 'DELETE', url: `/api/checkin/orgs/${org.id}/departments/${id}${to ? `?moveMembersTo=${to}` : ''}`, headers: admin.headers });
    // Still has a sub-department: refused, and its members stay (the move is rolled back with it).
    expect((await del(sales.id, hr.id)).json()).toMatchObject({ code: 'CHECKIN_DEPARTMENT_NOT_EMPTY', details: { subDepartments: 1 } });
    expect((await placedIn(people[1].id)).departmentId).toBe(sales.id);
    expect((await del(east.id)).statusCode).toBe(204);
    expect((await del(sales.id)).json()).toMatchObject({ code: 'CHECKIN_DEPARTMENT_NOT_EMPTY', details: { members: 4, subDepartments: 0 } });
    expect((await del(sales.id, sales.id)).json().code).toBe('CHECKIN_DEPARTMENT_MOVE_TARGET_INVALID');
    expect((await del(sales.id, 'nowhere')).statusCode).toBe(400);
    // One flow: the members go to 人事部, the node is deleted.
    expect((await del(sales.id, hr.id)).statusCode).toBe(204);
    expect(await placedIn(people[2].id)).toMatchObject({ departmentId: hr.id, department: '人事部' });
    const tree = (await get(`/api/checkin/orgs/${org.id}/departments`, admin)).json() as { id: string; members: number }[];
    expect(tree).toEqual([expect.objectContaining({ id: hr.id, members: 4 })]);
    // …or to no node.
    expect((await del(hr.id, 'none')).statusCode).toBe(204);
    expect(await placedIn(people[2].id)).toMatchObject({ departmentId: null, department: null });

    const audits = await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.subjectId, org.id)).orderBy(asc(auditLog.seq));
    const moves = audits.filter((a) => a.action === 'checkin.members.move').map((a) => a.detail);
    expect(moves).toEqual([
      { toDepartmentId: sales.id, members: 4 },
      { fromDepartmentId: sales.id, toDepartmentId: hr.id, members: 4 },
      { fromDepartmentId: hr.id, toDepartmentId: null, members: 4 },
    ]);
    expect(audits.filter((a) => a.action === 'checkin.department.delete').map((a) => a.detail)).toContainEqual({ departmentId: sales.id, name: '销售部', movedMembers: 4, toDepartmentId: hr.id });
  });
});

describe('moving every member matching a filter (全选 N 人)', () => {
  it('moves all the matching members of every page in bounded statements, only when the count is the one confirmed; scoped to the organisation; audited', async () => {
    const deyang = await officer(t, ['health'], '510600');
    const admin = await realNamedCitizen(t);
    const org = await approvedOrg(t, admin, deyang);
    const other = await approvedOrg(t, await realNamedCitizen(t), deyang);
    const dept = async (name: string) => (await t.app.inject({ method: 'POST', url: `/api/checkin/orgs/${org.id}/departments`, headers: admin.headers, payload: { name } })).json() as { id: string };
    const labs = await dept('实验室');
    const office = await dept('办公室');
    // 2 300 members in 实验室 (more than two of the move's bounded statements), 5 in no node, one left;
    // written straight into the tables as the bench does (through the app's encryption).
    const ctx = t.app.ctx;
    const ids = Array.from({ length: 2306 }, () => randomUUID());
    await bulkInsert(
      ctx.db,
      citizens,
      ids.map((id, i) => ({ id, phoneCipher: ctx.cipher.encrypt(`136${String(i).padStart(8, '0')}`), phoneIndex: ctx.blindIndex.of('phone', `136${String(i).padStart(8, '0')}`), nameCipher: ctx.cipher.encrypt(`成员${i}`) })),
    );
    await bulkInsert(
      ctx.db,
      checkinMembers,
      ids.map((id, i) => ({
        orgId: org.id,
        citizenId: id,
        role: 'member',
        status: i === 2305 ? 'left' : 'active',
        joinedVia: 'import',
        department: i < 2300 ? '实验室' : null,
        departmentId: i < 2300 ? labs.id : null,
        consentAt: new Date(),
      })),
    );
    // A member of the other organisation placed nowhere: never moved by this organisation's filter.
    const outsider = await realNamedCitizen(t);
    await join(t, outsider, other.inviteCode);

    const moveMatching = (payload: object, who: Who = admin, orgId = org.id) => t.app.inject({ method: 'POST', url: `/api/checkin/orgs/${orgId}/members/move-matching`, headers: who.headers, payload });
    const placed = async (departmentId: string | null) =>
      Number((await rowsOf<{ n: number }>(ctx.db, sql`select count(*)::int as n from ${checkinMembers} where org_id = ${org.id} and status = 'active' and department_id is not distinct from ${departmentId}::uuid`))[0].n);

    // The page shows how many match the filter (every page), which the confirmation repeats.
    const page = (await get(`/api/checkin/orgs/${org.id}/day?limit=50&departmentId=${labs.id}`, admin)).json();
    expect(page.page.count).toBe(2300);
    expect(page.members).toHaveLength(50);
    // A count that is not the one matching now: refused, nothing moved.
    const stale = await moveMatching({ filter: { departmentId: labs.id }, departmentId: office.id, expectedCount: 2299 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'CHECKIN_MOVE_COUNT_CHANGED', details: { count: 2300, expectedCount: 2299 } });
    expect(await placed(labs.id)).toBe(2300);
    // Only the organisation's administrators, only its own nodes.
    const plain = await realNamedCitizen(t);
    await join(t, plain, org.inviteCode);
    expect((await moveMatching({ filter: { departmentId: labs.id }, departmentId: office.id, expectedCount: 2300 }, plain)).json().code).toBe('CHECKIN_NOT_ADMIN');
    expect((await moveMatching({ filter: {}, departmentId: office.id, expectedCount: 1 }, admin, other.id)).statusCode).toBe(404);
    expect((await moveMatching({ filter: { departmentId: labs.id }, departmentId: '00000000-0000-4000-8000-000000000000', expectedCount: 2300 })).json().code).toBe('CHECKIN_DEPARTMENT_UNKNOWN');
    expect((await moveMatching({ filter: { departmentId: 'everyone' }, departmentId: office.id, expectedCount: 2300 })).statusCode).toBe(400);
    expect((await moveMatching({ filter: {}, departmentId: office.id, expectedCount: 0 })).statusCode).toBe(400);

    // 实验室 → 办公室: all 2 300, in three statements.
    expect((await moveMatching({ filter: { departmentId: labs.id }, departmentId: office.id, expectedCount: 2300 })).json()).toEqual({ moved: 2300 });
    expect(await placed(office.id)).toBe(2300);
    expect(await placed(labs.id)).toBe(0);
    // The members in no node (5 imported + the admin + the plain member) → 实验室; the one who left and the other organisation's member stay.
    expect((await get(`/api/checkin/orgs/${org.id}/day?limit=50&departmentId=none`, admin)).json().page.count).toBe(7);
    expect((await moveMatching({ filter: { departmentId: 'none' }, departmentId: labs.id, expectedCount: 7 })).json()).toEqual({ moved: 7 });
    expect(await placed(null)).toBe(0);
    const [left] = await ctx.db.select().from(checkinMembers).where(and(eq(checkinMembers.orgId, org.id), eq(checkinMembers.citizenId, ids[2305])));
    expect(left.departmentId).toBeNull();
    const [theirs] = await ctx.db.select().from(checkinMembers).where(eq(checkinMembers.citizenId, outsider.id));
    expect(theirs.departmentId).toBeNull();
    // Everyone → no node.
    expect((await moveMatching({ filter: {}, departmentId: null, expectedCount: 2307 })).json()).toEqual({ moved: 2307 });
    await expectCountsMatch(org.id, [todayInChina()]);

    const moves = (await ctx.db.select().from(auditLog).where(eq(auditLog.subjectId, org.id)).orderBy(asc(auditLog.seq))).filter((a) => a.action === 'checkin.members.move').map((a) => a.detail);
    expect(moves).toEqual([
      { matching: { departmentId: labs.id }, toDepartmentId: office.id, members: 2300 },
      { matching: { departmentId: null }, toDepartmentId: labs.id, members: 7 },
      { matching: { departmentId: 'all' }, toDepartmentId: null, members: 2307 },
    ]);
  });
});
