import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff, type SignedIn } from './factories.ts';
import { rows } from '../src/platform/db/database.ts';
import { auditOf } from './tickets.support.ts';

const HEALTH = '德阳市卫生健康委员会';

/** 我也遇到了: a citizen adds themselves to an existing ticket from the duplicate suggestions instead of filing a new one. */
describe('tickets: supporting an existing ticket instead of filing a duplicate', { timeout: 120_000 }, () => {
  let t: TestApp;
  let reporter: SignedIn;
  let neighbour: SignedIn;
  let dispatcher: SignedIn;
  beforeAll(async () => {
    t = await createTestApp();
    reporter = await createCitizen(t.app.ctx, { name: '孙八', householdDivision: '510603' });
    neighbour = await createCitizen(t.app.ctx, { name: '周九', householdDivision: '510603' });
    dispatcher = await createStaff(t.app.ctx, { roles: ['supervision'], regionCode: '510600', department: '德阳市委督查室' });
    await createStaff(t.app.ctx, { roles: ['health'], regionCode: '510600', department: HEALTH });
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  const support = (who: Record<string, string>, number: string) => t.app.inject({ method: 'POST', url: '/api/tickets/support', headers: who, payload: { number } });
  const inbox = async (citizenId: string) =>
    (await rows<{ title_cipher: string; link: string }>(t.database.db, sql`select title_cipher, link from notifications where recipient_type = 'citizen' and recipient_id = ${citizenId} and kind = 'tickets.progress' order by created_at`))
      .map((n) => ({ title: (JSON.parse(t.app.ctx.cipher.decrypt(n.title_cipher)) as { zh: string }).zh, link: n.link }));

  it('counts a supporter once on the ticket, lists it for them and tells them of its progress', async () => {
    const filed = await t.app.inject({
      method: 'POST', url: '/api/tickets', headers: reporter.headers,
      payload: { kind: 'complaint', title: '小区门口垃圾堆积', description: '小区门口垃圾三天无人清运，气味很大。', regionCode: '510603', address: '旌阳区泰山路 8 号' },
    });
    const { id, number } = filed.json();
    // The neighbour sees it among the suggestions while writing, and adds themselves instead of filing.
    const similar = await t.app.inject({ method: 'POST', url: '/api/tickets/similar', headers: neighbour.headers, payload: { kind: 'complaint', regionCode: '510603', title: '小区门口垃圾没人清运' } });
    expect(similar.json().map((s: { number: string }) => s.number)).toContain(number);
    const first = await support(neighbour.headers, number.toLowerCase());
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ number, status: 'submitted', supportCount: 1 });
    const again = await support(neighbour.headers, number);
    expect(again.statusCode).toBe(200);
    expect(again.json().supportCount).toBe(1);
    expect(await auditOf(t, 'tickets.ticket.support', id)).toHaveLength(1);

    expect((await support(reporter.headers, number)).json()).toMatchObject({ code: 'TICKETS_SUPPORT_OWN' });
    expect((await support(neighbour.headers, 'TK20260101-ZZZZZZ')).statusCode).toBe(404);
    expect((await support({}, number)).statusCode).toBe(401);
    expect((await support(dispatcher.headers, number)).statusCode).toBe(403);

    const listed = await t.app.inject({ url: '/api/tickets/supported', headers: neighbour.headers });
    expect(listed.json()).toEqual([expect.objectContaining({ number, title: '小区门口垃圾堆积', supportCount: 1 })]);
    // Officers see the count; the supporter is told of each step the reporter is told of.
    const seen = await t.app.inject({ url: `/api/tickets/worklist/${id}`, headers: dispatcher.headers });
    expect(seen.json().supportCount).toBe(1);
    await t.app.inject({ method: 'POST', url: `/api/tickets/worklist/${id}/dispatch`, headers: dispatcher.headers, payload: { action: 'accept' } });
    await t.app.inject({ method: 'POST', url: `/api/tickets/worklist/${id}/dispatch`, headers: dispatcher.headers, payload: { action: 'assign', department: HEALTH } });
    const notices = await inbox(neighbour.id);
    expect(notices.map((n) => n.title)).toEqual([`您关注的诉求 ${number} 已受理`, `您关注的诉求 ${number} 已派至承办部门`]);
    expect(notices[0].link).toBe('/m/tickets');
    expect((await inbox(reporter.id)).length).toBe(2);

    // A settled ticket takes no more supporters.
    await t.app.inject({ method: 'POST', url: `/api/tickets/worklist/${id}/dispatch`, headers: dispatcher.headers, payload: { action: 'close' } }).catch(() => null);
    await t.database.db.execute(sql`update tickets set status = 'closed' where id = ${id}`);
    const other = await createCitizen(t.app.ctx);
    expect((await support(other.headers, number)).json()).toMatchObject({ code: 'TICKETS_SUPPORT_CLOSED' });
  });

  it('lets a supporter withdraw: no longer counted, listed nor told of progress; the reporter still is', async () => {
    const filed = await t.app.inject({
      method: 'POST', url: '/api/tickets', headers: reporter.headers,
      payload: { kind: 'complaint', title: '路灯不亮', description: '泰山路北段路灯一周不亮，夜里行人不便。', regionCode: '510603' },
    });
    const { id, number } = filed.json();
    const withdraw = (who: Record<string, string>, n: string) => t.app.inject({ method: 'DELETE', url: `/api/tickets/support/${n}`, headers: who });
    const other = await createCitizen(t.app.ctx, { name: '吴十', householdDivision: '510603' });
    expect((await support(neighbour.headers, number)).statusCode).toBe(201);
    expect((await support(other.headers, number)).json().supportCount).toBe(2);

    // Not supporting it, or no such ticket: 404; signed out 401; an officer 403.
    expect((await withdraw(reporter.headers, number)).json()).toMatchObject({ code: 'TICKETS_NOT_SUPPORTING' });
    expect((await withdraw(neighbour.headers, 'TK20260101-ZZZZZZ')).statusCode).toBe(404);
    expect((await withdraw({}, number)).statusCode).toBe(401);
    expect((await withdraw(dispatcher.headers, number)).statusCode).toBe(403);

    const gone = await withdraw(neighbour.headers, number.toLowerCase());
    expect(gone.statusCode, gone.body).toBe(200);
    expect(gone.json()).toMatchObject({ number, supportCount: 1 });
    expect(await auditOf(t, 'tickets.ticket.unsupport', id)).toHaveLength(1);
    expect((await withdraw(neighbour.headers, number)).statusCode).toBe(404);
    const listed = (await t.app.inject({ url: '/api/tickets/supported', headers: neighbour.headers })).json() as { number: string }[];
    expect(listed.map((x) => x.number)).not.toContain(number);
    expect((await t.app.inject({ url: `/api/tickets/worklist/${id}`, headers: dispatcher.headers })).json().supportCount).toBe(1);

    // The next step reaches the reporter and the remaining supporter, not the one who withdrew.
    const before = (await inbox(neighbour.id)).length;
    const reporterBefore = (await inbox(reporter.id)).length;
    await t.app.inject({ method: 'POST', url: `/api/tickets/worklist/${id}/dispatch`, headers: dispatcher.headers, payload: { action: 'accept' } });
    expect((await inbox(neighbour.id)).length).toBe(before);
    expect((await inbox(other.id)).map((n) => n.title)).toEqual([`您关注的诉求 ${number} 已受理`]);
    expect((await inbox(reporter.id)).length).toBe(reporterBefore + 1);

    // Supporting again counts again.
    expect((await support(neighbour.headers, number)).json().supportCount).toBe(2);
  });

  it('forwards support of a merged duplicate to its master, and tells a duplicate\'s supporters of the master\'s answer', async () => {
    const health = await createStaff(t.app.ctx, { roles: ['health'], regionCode: '510600', department: HEALTH });
    const file = async (who: SignedIn, title: string) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/tickets', headers: who.headers, payload: { kind: 'complaint', title, description: `${title}，请尽快处理。`, regionCode: '510603' } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; number: string };
    };
    const dispatch = (id: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/tickets/worklist/${id}/dispatch`, headers: dispatcher.headers, payload });
    const master = await file(reporter, '菜市场门口扫码点无人值守');
    const duplicate = await file(neighbour, '菜市场扫码点没人管');
    // Someone supported the duplicate before it was merged.
    const early = await createCitizen(t.app.ctx, { name: '郑一', householdDivision: '510603' });
    expect((await support(early.headers, duplicate.number)).statusCode).toBe(201);
    expect((await dispatch(duplicate.id, { action: 'merge', master: master.number })).statusCode).toBe(200);

    // Supporting the merged duplicate now counts on its master, and says so.
    const late = await createCitizen(t.app.ctx, { name: '王二', householdDivision: '510603' });
    const forwarded = await support(late.headers, duplicate.number);
    expect(forwarded.statusCode, forwarded.body).toBe(201);
    expect(forwarded.json()).toMatchObject({ number: master.number, forwardedFrom: duplicate.number, supportCount: 1 });
    expect((await support(late.headers, duplicate.number)).json()).toMatchObject({ number: master.number, forwardedFrom: duplicate.number, supportCount: 1 });
    expect(await auditOf(t, 'tickets.ticket.support', master.id)).toEqual([expect.objectContaining({ detail: { supportCount: 1, forwardedFrom: duplicate.id } })]);
    const listed = (await t.app.inject({ url: '/api/tickets/supported', headers: late.headers })).json() as { number: string }[];
    expect(listed.map((x) => x.number)).toEqual([master.number]);
    // A plain support answers forwardedFrom null; the duplicate's own reporter supporting it, or the master's, is refused.
    expect((await support(early.headers, master.number)).json()).toMatchObject({ number: master.number, forwardedFrom: null, supportCount: 2 });
    expect((await support(neighbour.headers, duplicate.number)).json()).toMatchObject({ code: 'TICKETS_SUPPORT_OWN' });
    expect((await support(reporter.headers, duplicate.number)).json()).toMatchObject({ code: 'TICKETS_SUPPORT_OWN' });

    // The master is answered: the duplicate's supporter (and reporter) hear of it, like the master's supporters.
    const earlyBefore = (await inbox(early.id)).length;
    await dispatch(master.id, { action: 'accept' });
    await dispatch(master.id, { action: 'assign', department: HEALTH });
    const handle = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/tickets/worklist/${master.id}/handle`, headers: health.headers, payload });
    expect((await handle({ action: 'reply', note: '已安排专人值守扫码点' })).statusCode).toBe(200);
    const earlyNotices = (await inbox(early.id)).slice(earlyBefore).map((n) => n.title);
    expect(earlyNotices).toContain(`您关注的诉求 ${duplicate.number} 已答复（合并办理），请查看`);
    expect((await inbox(late.id)).map((n) => n.title)).toContain(`您关注的诉求 ${master.number} 已答复，请查看并评价`);
    expect((await inbox(neighbour.id)).map((n) => n.title)).toContain(`您的诉求 ${duplicate.number} 已答复（合并办理），请查看`);

    // A settled master takes no more supporters, also through its duplicate.
    await t.database.db.execute(sql`update tickets set status = 'closed' where id = ${master.id}`);
    const another = await createCitizen(t.app.ctx);
    expect((await support(another.headers, duplicate.number)).json()).toMatchObject({ code: 'TICKETS_SUPPORT_CLOSED' });
  });
});
