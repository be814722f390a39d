import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen } from './factories.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';
import { tracingContacts } from '../src/modules/tracing/tracing.tables.ts';
import { healthOfficer, person, scanAt, secondDegreeScenario, venue } from './tracing.support.ts';

/**
 * Deciding second-degree candidates (次密接研判): the case 甲 is at the market [base, base + 60); 乙
 * scans there at base + 10 and is confirmed a close contact; 乙 then scans the shop (45-minute
 * stays) at b = base + 120. 丁 (b + 10, 35 minutes), 戊 (b + 5) and 丙 (b − 44, one minute) are
 * second degree; 己 (stay ends as 乙's starts) is not. 丁 later shops at the bakery with 庚: once 丁 is
 * confirmed a second-degree contact, 庚 is third degree and not on the second-degree list.
 */
describe('tracing: confirming or dismissing second-degree candidates', { timeout: 180_000 }, () => {
  let t: TestApp;
  let officer: Awaited<ReturnType<typeof healthOfficer>>;
  let people: Record<string, Awaited<ReturnType<typeof person>>> = {};
  let caseId: string;
  let firstContactId: string;
  let b: Date;
  let at: (from: Date, m: number) => Date;

  beforeAll(async () => {
    t = await createTestApp();
    const s = await secondDegreeScenario(t, ['庚']);
    ({ officer, people, caseId, b, at } = s);
    const bakery = await venue(t, '旌阳区面包房', 'supermarket');
    await scanAt(t, bakery, people['丁'].id, at(b, 200));
    await scanAt(t, bakery, people['庚'].id, at(b, 205));
    const first = await t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/contacts`, headers: officer.headers, payload: { citizenId: people['乙'].id, decision: 'confirmed', level: 'close', reason: '同时段在超市' } });
    expect(first.statusCode, first.body).toBe(200);
    firstContactId = first.json().id;
  }, 180_000);
  afterAll(async () => t.close());

  const decide = (payload: Record<string, unknown>, headers = officer.headers) => t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/contacts/second-degree`, headers, payload });
  const secondDegree = async () => (await t.app.inject({ url: `/api/tracing/cases/${caseId}/contact-candidates/second-degree`, headers: officer.headers })).json().items as { citizenId: string }[];

  it('confirms a second-degree candidate as 次密接: the decision with who and why, the status fact, the colour recomputed, the audit naming the contact it came through', async () => {
    expect((await t.app.inject({ url: '/api/health/code', headers: people['丁'].headers })).json().colour).toBe('green');
    const res = await decide({ citizenId: people['丁'].id, decision: 'confirmed', reason: '与密接者同时段在便利店' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ decision: 'confirmed', level: 'secondary', overlapMinutes: 35, reason: '次密接：与密接者同时段在便利店' });
    const [row] = await t.app.ctx.db.select().from(tracingContacts).where(and(eq(tracingContacts.caseId, caseId), eq(tracingContacts.citizenId, people['丁'].id)));
    expect(row).toMatchObject({ decision: 'confirmed', level: 'secondary', degree: 2, decidedBy: officer.id, assignedRegion: '510603', followStatus: 'active' });
    expect(row.lastExposureAt?.getTime()).toBe(at(b, 10).getTime());
    const code = await t.app.inject({ url: '/api/health/code', headers: people['丁'].headers });
    expect(code.json().colour).toBe('yellow');
    expect(code.body).toContain('流调时空交集');
    const audit = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'tracing.contact.decide.second-degree'), eq(auditLog.subjectId, row.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0].detail).toMatchObject({ caseId, degree: 2, decision: 'confirmed', level: 'secondary', viaContactIds: [firstContactId] });
    expect(JSON.stringify(audit[0].detail)).not.toContain(people['丁'].idNumber);
    // Confirmed: off the second-degree list, and the case file lists the decision.
    const after = (await secondDegree()).map((c) => c.citizenId);
    expect(after).not.toContain(people['丁'].id);
    // 丁 is no source of the second-degree list: 庚, who met 丁 at the bakery, is third degree.
    expect(after).not.toContain(people['庚'].id);
    expect(after).toContain(people['戊'].id);
    const file = (await t.app.inject({ url: `/api/tracing/cases/${caseId}`, headers: officer.headers })).json() as { contacts: { citizenId: string; level: string }[] };
    expect(file.contacts.find((c) => c.citizenId === people['丁'].id)).toMatchObject({ level: 'secondary', degree: 2 });
    const listed = (await t.app.inject({ url: `/api/tracing/cases/${caseId}/contacts`, headers: officer.headers })).json() as { name: string; degree: number; level: string }[];
    expect(listed.map((c) => [c.name, c.degree, c.level])).toEqual([
      ['乙*', 1, 'close'],
      ['丁*', 2, 'secondary'],
    ]);
    // The worklist has the new contact (7 days of follow-up for a secondary contact).
    expect(row.followUntil).not.toBeNull();
  });

  it('dismisses one with the grounds: no fact, the code stays green; a general contact follows no period', async () => {
    const res = await decide({ citizenId: people['丙'].id, decision: 'dismissed', reason: '仅在门口重叠 1 分钟' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ decision: 'dismissed', level: null });
    expect((await t.app.inject({ url: '/api/health/code', headers: people['丙'].headers })).json().colour).toBe('green');
    const general = await decide({ citizenId: people['戊'].id, decision: 'confirmed', level: 'general', reason: '同一便利店，短暂停留' });
    expect(general.statusCode, general.body).toBe(200);
    expect(general.json()).toMatchObject({ level: 'general' });
    const [row] = await t.app.ctx.db.select().from(tracingContacts).where(and(eq(tracingContacts.caseId, caseId), eq(tracingContacts.citizenId, people['戊'].id)));
    expect(row).toMatchObject({ followUntil: null, followStatus: 'ended' });
  });

  it('refuses a person who is not (or no longer) a second-degree candidate, bad input, other counties and citizens — writing nothing', async () => {
    const count = async () => (await t.app.ctx.db.select().from(tracingContacts).where(eq(tracingContacts.caseId, caseId))).length;
    const before = await count();
    expect((await decide({ citizenId: people['己'].id, decision: 'confirmed', reason: '试一下' })).json().code).toBe('TRACING_NOT_A_CANDIDATE');
    const again = await decide({ citizenId: people['丁'].id, decision: 'confirmed', reason: '再确认一次' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('TRACING_NOT_A_CANDIDATE');
    const close = await decide({ citizenId: people['丙'].id, decision: 'confirmed', level: 'close', reason: '次密接不能定为密接' });
    expect(close.statusCode).toBe(400);
    const noReason = await decide({ citizenId: people['丙'].id, decision: 'confirmed', reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('reason');
    expect((await decide({ citizenId: 'not-a-uuid', decision: 'confirmed', reason: '依据' })).statusCode).toBe(400);
    expect((await decide({ citizenId: people['丙'].id, decision: 'confirmed', reason: '依据' }, (await healthOfficer(t, '510681')).headers)).statusCode).toBe(404);
    expect((await decide({ citizenId: people['丙'].id, decision: 'confirmed', reason: '依据' }, (await createCitizen(t.app.ctx)).headers)).statusCode).toBe(403);
    expect(await count()).toBe(before);
  });
});
