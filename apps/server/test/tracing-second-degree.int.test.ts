import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen } from './factories.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';
import { healthOfficer, person, scanAt, secondDegreeScenario, venue } from './tracing.support.ts';

/**
 * Second degree on request (次密接): a hand-built scenario (tracing.support.ts secondDegreeScenario).
 * The case 甲 is at the market [base, base + 60); 乙 scans there at base + 10 (first degree) and is
 * confirmed. 乙 then scans the shop (supermarket type: 45-minute stays) at b = base + 120, so 乙's stay
 * is [b, b + 45); this file adds a gym visit before the exposure, a second scan, edges and a forwarded poster.
 */
describe('tracing: second-degree co-presence', { timeout: 180_000 }, () => {
  let t: TestApp;
  let officer: Awaited<ReturnType<typeof healthOfficer>>;
  let people: Record<string, Awaited<ReturnType<typeof person>>> = {};
  let caseId: string;
  let contactId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const s = await secondDegreeScenario(t, ['庚', '辛', '壬']);
    ({ officer, people, caseId } = s);
    const { b, at, base } = s;
    const shop = s.shop;
    const gym = await venue(t, '旌阳区健身房', 'supermarket');
    await scanAt(t, gym, people['乙'].id, at(base, -120)); // before 乙's exposure: not traced further
    await scanAt(t, gym, people['壬'].id, at(base, -115));
    await scanAt(t, shop, people['戊'].id, at(b, 40)); // 戊 scanned twice: 40 + 5 = 45
    await scanAt(t, shop, people['庚'].id, at(b, 45)); // at the end of 乙's stay: outside
    await scanAt(t, shop, people['辛'].id, at(b, 10), false); // a forwarded poster proves no presence
    await scanAt(t, shop, people['甲病例'].id, at(b, 20)); // the case itself is never its own second degree
  }, 180_000);
  afterAll(async () => t.close());

  const second = (headers = officer.headers) => t.app.inject({ url: `/api/tracing/cases/${caseId}/contact-candidates/second-degree`, headers });

  it('finds nobody until a contact is confirmed', async () => {
    const res = await second();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ items: [], total: 0, nextCursor: null });
  });

  it('from a confirmed contact, lists the people co-present after their exposure, degree 2, ranked and explained', async () => {
    const first = (await t.app.inject({ url: `/api/tracing/cases/${caseId}/contact-candidates`, headers: officer.headers })).json().items;
    expect(first.map((c: { name: string }) => c.name)).toEqual(['乙*']);
    const decided = await t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/contacts`, headers: officer.headers, payload: { citizenId: people['乙'].id, decision: 'confirmed', level: 'close', reason: '同时段在超市' } });
    expect(decided.statusCode, decided.body).toBe(200);
    contactId = decided.json().id;
    const res = await second();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ total: 3, nextCursor: null });
    const body = res.json().items as { degree: number; citizenId: string; name: string; totalOverlapMinutes: number; exposures: { viaContactId: string; viaName: string; venueName: string; overlapMinutes: number; assumedStayMinutes: number; explanation: { zh: string } }[] }[];
    expect(body.map((c) => [c.citizenId, c.totalOverlapMinutes])).toEqual([
      [people['戊'].id, 45],
      [people['丁'].id, 35],
      [people['丙'].id, 1],
    ]);
    expect(body.every((c) => c.degree === 2)).toBe(true);
    expect(body[0].exposures.map((e) => e.overlapMinutes)).toEqual([40, 5]);
    expect(body[1]).toMatchObject({ name: '丁*', exposures: [{ viaContactId: contactId, viaName: '乙*', venueName: '旌阳区便利店', assumedStayMinutes: 45, overlapMinutes: 35 }] });
    expect(body[1].exposures[0].explanation.zh).toContain('重叠约 35 分钟');
    expect(res.body).not.toContain(people['丁'].idNumber);
    expect(res.body).not.toContain(people['丁'].phone);
    const audit = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'tracing.contact.candidates.second-degree'), eq(auditLog.subjectId, caseId)));
    expect(audit.length).toBe(2);
  });

  it('answers a page of the ranking with the count of all; the audit names the page shown', async () => {
    const url = `/api/tracing/cases/${caseId}/contact-candidates/second-degree`;
    const first = await t.app.inject({ url: `${url}?limit=2`, headers: officer.headers });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ total: 3, nextCursor: '2' });
    expect(first.json().items.map((c: { citizenId: string }) => c.citizenId)).toEqual([people['戊'].id, people['丁'].id]);
    const next = (await t.app.inject({ url: `${url}?limit=2&cursor=2`, headers: officer.headers })).json();
    expect(next).toMatchObject({ total: 3, nextCursor: null });
    expect(next.items.map((c: { citizenId: string }) => c.citizenId)).toEqual([people['丙'].id]);
    const [last] = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'tracing.contact.candidates.second-degree'), eq(auditLog.subjectId, caseId))).orderBy(desc(auditLog.seq)).limit(1);
    expect(last.detail).toMatchObject({ count: 1, total: 3, offset: 2, shown: [people['丙'].id] });
    for (const bad of ['limit=0', 'limit=201', 'limit=x', 'cursor=-1', 'cursor=01', 'cursor=abc']) {
      const res = await t.app.inject({ url: `${url}?${bad}`, headers: officer.headers });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().details.issues[0].path, bad).toBe(`querystring/${bad.split('=')[0]}`);
    }
  });

  it('keeps the case in its region and the list for tracing officers', async () => {
    expect((await second((await healthOfficer(t, '510681')).headers)).statusCode).toBe(404);
    expect((await second((await createCitizen(t.app.ctx)).headers)).statusCode).toBe(403);
    expect((await t.app.inject({ url: `/api/tracing/cases/${caseId}/contact-candidates/second-degree?days=29`, headers: officer.headers })).statusCode).toBe(400);
  });
});
