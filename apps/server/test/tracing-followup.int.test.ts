import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { addDays, dayOf, startOfDay, todayInChina } from '@fangxian/contracts/kernel';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff } from './factories.ts';
import { idNumber } from './venues.support.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';
import { tracingCases, tracingContacts } from '../src/modules/tracing/tracing.tables.ts';
import { screeningPersons, screeningReports, screeningTasks } from '../src/modules/screening/screening.tables.ts';
import { MINUTE, healthOfficer, person, scanAt, venue } from './tracing.support.ts';

/**
 * Contact worklists by the contact's household county, hand-over across counties, daily follow-up
 * (missed days flagged, the printable sheet) and escalation of a contact who falls ill to a case.
 */
describe('tracing: contact worklists, follow-up and escalation', { timeout: 180_000 }, () => {
  let t: TestApp;
  let officer: Awaited<ReturnType<typeof healthOfficer>>; // 旌阳区 510603
  let guanghan: Awaited<ReturnType<typeof createStaff>>; // 广汉市 510681
  let caseId: string;
  let local: Awaited<ReturnType<typeof person>>; // household 510603
  let away: Awaited<ReturnType<typeof createCitizen>> & { idNumber: string }; // household 广汉 510681
  const contactIds: Record<string, string> = {};
  // Taken once when the file starts: a date meant to be in the future is today + 2, which stays in the future if the China midnight (16:00 UTC) passes during the run.
  const today = todayInChina();
  // 10:00 China time two days ago: the exposure (the scans at +5 and +10 minutes) falls on that day whatever
  // the hour now (48 h ago, from 15:50 UTC on, put the scans after the China midnight: followFrom a day later).
  const base = new Date(startOfDay(addDays(today, -2)).getTime() + 10 * 60 * MINUTE);

  beforeAll(async () => {
    t = await createTestApp();
    officer = await healthOfficer(t);
    guanghan = await createStaff(t.app.ctx, { roles: ['county_command'], regionCode: '510681' });
    const market = await venue(t, '旌阳区农贸市场', 'market');
    const sick = await person(t, '甲病例');
    local = await person(t, '乙');
    const awayId = idNumber();
    away = { ...(await createCitizen(t.app.ctx, { name: '丙', idNumber: awayId, householdDivision: '510681' })), idNumber: awayId };
    await scanAt(t, market, local.id, new Date(base.getTime() + 5 * MINUTE));
    await scanAt(t, market, away.id, new Date(base.getTime() + 10 * MINUTE));
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/tracing/cases',
      headers: officer.headers,
      payload: { status: 'confirmed', documentType: 'resident_id', documentNumber: sick.idNumber, name: '甲病例', reportDate: today, source: 'hospital', regionCode: '510603' },
    });
    caseId = created.json().id;
    const stay = await t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/itinerary`, headers: officer.headers, payload: { kind: 'stay', venueId: market, from: base.toISOString(), to: new Date(base.getTime() + 60 * MINUTE).toISOString() } });
    expect(stay.statusCode, stay.body).toBe(201);
    for (const [key, who] of [['local', local], ['away', away]] as const) {
      const res = await t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/contacts`, headers: officer.headers, payload: { citizenId: who.id, decision: 'confirmed', level: 'close', reason: '同时段在市场' } });
      expect(res.statusCode, res.body).toBe(200);
      contactIds[key] = res.json().id;
    }
  }, 180_000);
  afterAll(async () => t.close());

  const list = (who: { headers: Record<string, string> }, query = '') => t.app.inject({ url: `/api/tracing/follow-ups${query}`, headers: who.headers });

  it('puts each confirmed contact on the worklist of their household county, with a 14-day period after the last exposure', async () => {
    // The worklist of the file's day, asked for by name: if the China midnight (16:00 UTC) has passed since
    // the contacts were confirmed, today's list would rightly show the day of the decision as missed.
    const mine = await list(officer, `?day=${today}`);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().contacts.map((c: { id: string }) => c.id)).toEqual([contactIds.local]);
    const c = mine.json().contacts[0];
    expect(c).toMatchObject({ name: '乙*', assignedRegion: '510603', level: 'close', followFrom: addDays(dayOf(base), 1), followUntil: addDays(dayOf(base), 14), today: null, missedDays: [] });
    expect(c.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(mine.body).not.toContain(local.phone);
    const theirs = await list(guanghan);
    expect(theirs.json().contacts.map((x: { id: string }) => x.id)).toEqual([contactIds.away]);
    // The city sees every county's list, or one county's (teams by division hierarchy); outside one's region is refused.
    const city = await healthOfficer(t, '510600');
    expect((await list(city)).json().contacts).toHaveLength(2);
    expect((await list(city, '?divisionCode=510681')).json().contacts.map((x: { id: string }) => x.id)).toEqual([contactIds.away]);
    expect((await list(officer, '?divisionCode=510681')).statusCode).toBe(403);
    expect((await list(officer, `?day=${addDays(today, 2)}`)).json().code).toBe('TRACING_DATES_INVALID');
    const audited = await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'tracing.follow-up.list'));
    expect(audited.length).toBeGreaterThanOrEqual(3);
  });

  it('hands each confirmed close contact to screening: a person matched by document, reported by 流调密接, with an open task at their county', async () => {
    for (const [who, region] of [[local, '510603'], [away, '510681']] as const) {
      const persons = await t.app.ctx.db.select().from(screeningPersons).where(eq(screeningPersons.documentIndex, t.app.ctx.blindIndex.of('id', who.idNumber)));
      expect(persons).toHaveLength(1);
      expect(persons[0].nameCipher).not.toContain(who === local ? '乙' : '丙');
      const tasks = await t.app.ctx.db.select().from(screeningTasks).where(eq(screeningTasks.personId, persons[0].id));
      expect(tasks.map((x) => [x.status, x.regionCode])).toEqual([['open', region]]);
      expect(await t.app.ctx.db.select().from(screeningReports).where(eq(screeningReports.personId, persons[0].id))).toHaveLength(1);
    }
    // Deciding again (a correction) reports again but opens no second task.
    const again = await t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/contacts`, headers: officer.headers, payload: { citizenId: local.id, decision: 'confirmed', level: 'close', reason: '复核：同时段在市场' } });
    expect(again.statusCode, again.body).toBe(200);
    const [person] = await t.app.ctx.db.select().from(screeningPersons).where(eq(screeningPersons.documentIndex, t.app.ctx.blindIndex.of('id', local.idNumber)));
    expect(await t.app.ctx.db.select().from(screeningTasks).where(eq(screeningTasks.personId, person.id))).toHaveLength(1);
    expect(await t.app.ctx.db.select().from(screeningReports).where(eq(screeningReports.personId, person.id))).toHaveLength(2);
  });

  it('records one entry per day (a second save corrects it) and refuses bad entries with field errors', async () => {
    const post = (payload: object, who = officer, id = contactIds.local) => t.app.inject({ method: 'POST', url: `/api/tracing/contacts/${id}/follow-ups`, headers: who.headers, payload });
    expect((await post({ day: addDays(today, 2), reached: true })).json().code).toBe('TRACING_DATES_INVALID');
    expect((await post({ day: dayOf(base), reached: true })).json()).toMatchObject({ code: 'TRACING_DATES_INVALID', details: { field: 'day' } });
    expect((await post({ day: today, reached: false, temperature: 37 })).json().code).toBe('TRACING_FOLLOW_UP_UNREACHED');
    expect((await post({ day: today, reached: true, temperature: 45 })).statusCode).toBe(400);
    expect((await post({ day: today, reached: true, symptoms: ['headache-ish'] })).statusCode).toBe(400);
    expect((await post({ day: today, reached: true }, guanghan as never)).statusCode).toBe(404);
    const first = await post({ day: today, reached: true, temperature: 36.6, testTaken: true });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ day: today, reached: true, temperature: 36.6, testTaken: true, symptomatic: false });
    const corrected = await post({ day: today, reached: true, temperature: 37.5, symptoms: ['cough'] });
    expect(corrected.json()).toMatchObject({ temperature: 37.5, symptoms: ['cough'], symptomatic: true });
    const c = (await list(officer, `?day=${today}`)).json().contacts[0];
    expect(c.today).toMatchObject({ temperature: 37.5, symptomatic: true });
  });

  it('lists the case\'s contacts in its file: masked name, degree, decision, who decided and when, follow-up state (audited, region-scoped)', async () => {
    const res = await t.app.inject({ url: `/api/tracing/cases/${caseId}/contacts`, headers: officer.headers });
    expect(res.statusCode, res.body).toBe(200);
    const byId = new Map(res.json().map((c: { id: string }) => [c.id, c]));
    expect(byId.size).toBe(2);
    expect(byId.get(contactIds.local)).toMatchObject({
      name: '乙*',
      degree: 1,
      decision: 'confirmed',
      level: 'close',
      reason: '复核：同时段在市场',
      decidedBy: officer.username,
      followStatus: 'active',
      followFrom: addDays(dayOf(base), 1),
      followUntil: addDays(dayOf(base), 14),
      followUpDays: 1,
      lastFollowUpDay: today,
      escalatedCaseId: null,
    });
    expect(byId.get(contactIds.away)).toMatchObject({ name: '丙*', degree: 1, followUpDays: 0, lastFollowUpDay: null });
    expect(res.body).not.toContain(local.phone);
    expect(res.body).not.toContain(local.idNumber);
    const audited = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'tracing.contact.list'), eq(auditLog.subjectId, caseId)));
    expect(audited).toHaveLength(1);
    expect(audited[0].detail).toMatchObject({ count: 2 });
    // Another county's officer does not see the case (even with one of its contacts on their worklist).
    expect((await t.app.inject({ url: `/api/tracing/cases/${caseId}/contacts`, headers: guanghan.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/tracing/cases/not-a-uuid/contacts', headers: officer.headers })).statusCode).toBe(400);
  });

  it('flags missed days between confirmation and yesterday', async () => {
    // The contact was confirmed (in the data) two days after the exposure; nobody followed them up until today.
    await t.app.ctx.db.update(tracingContacts).set({ decidedAt: new Date(base.getTime() + 24 * 60 * MINUTE) }).where(eq(tracingContacts.id, contactIds.away));
    const c = (await list(guanghan, `?day=${today}`)).json().contacts[0]; // the file's day, whatever the hour now
    expect(c.missedDays).toEqual([addDays(dayOf(base), 1)].filter((d) => d < today));
  });

  it('prints the daily sheet as a PDF (audited)', async () => {
    const res = await t.app.inject({ url: '/api/tracing/follow-ups/sheet.pdf', headers: officer.headers });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const audited = await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'tracing.follow-up.sheet'));
    expect(audited).toHaveLength(1);
  });

  it('hands a contact over to another county: it leaves one worklist and joins the other, with the history', async () => {
    const hand = (payload: object, who = officer) => t.app.inject({ method: 'POST', url: `/api/tracing/contacts/${contactIds.local}/hand-over`, headers: who.headers, payload });
    expect((await hand({ regionCode: '510603', reason: '同一地区' })).json().code).toBe('TRACING_HANDOVER_SAME_REGION');
    expect((await hand({ regionCode: '999999', reason: '不存在' })).json().code).toBe('TRACING_DIVISION_UNKNOWN');
    expect((await hand({ regionCode: '5106', reason: '格式' })).statusCode).toBe(400);
    const res = await hand({ regionCode: '510681', reason: '现居广汉，由广汉市随访' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().assignedRegion).toBe('510681');
    expect((await list(officer)).json().contacts).toEqual([]);
    const theirs = (await list(guanghan)).json().contacts;
    expect(theirs.map((x: { id: string }) => x.id).sort()).toEqual([contactIds.local, contactIds.away].sort());
    expect(theirs.find((x: { id: string }) => x.id === contactIds.local).handovers).toMatchObject([{ from: '510603', to: '510681', reason: '现居广汉，由广汉市随访' }]);
    // The former county can no longer act on it.
    expect((await hand({ regionCode: '510603', reason: '拿回来' })).statusCode).toBe(404);
    const audited = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'tracing.contact.hand-over'), eq(auditLog.subjectId, contactIds.local)));
    expect(audited).toHaveLength(1);
  });

  it('escalates a contact who fell ill to a suspected case in one step; the follow-up ends', async () => {
    const escalate = (id: string, who = guanghan) => t.app.inject({ method: 'POST', url: `/api/tracing/contacts/${id}/escalate`, headers: who.headers, payload: { reason: '随访发现发热、咳嗽' } });
    expect((await escalate(contactIds.local, officer as never)).statusCode).toBe(404);
    const res = await escalate(contactIds.local);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'suspected', source: 'contact_tracing', regionCode: '510681', name: '乙*', hasAccount: true });
    const [row] = await t.app.ctx.db.select().from(tracingCases).where(eq(tracingCases.id, res.json().id));
    expect(row.sourceContactId).toBe(contactIds.local);
    expect(row.documentIndex).toBe(t.app.ctx.blindIndex.of('id', local.idNumber));
    expect((await escalate(contactIds.local)).json().code).toBe('TRACING_FOLLOW_UP_CLOSED');
    expect((await list(guanghan)).json().contacts.map((x: { id: string }) => x.id)).toEqual([contactIds.away]);
    const code = (await t.app.inject({ url: '/api/health/code', headers: local.headers })).json();
    expect(code.colour).not.toBe('green');
    const audited = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'tracing.contact.escalate'), eq(auditLog.subjectId, contactIds.local)));
    expect(audited).toHaveLength(1);
  });

  it('records lab results as colour facts; a positive one without an open case proposes a case, opened in one step', async () => {
    const post = (payload: object, who = officer) => t.app.inject({ method: 'POST', url: '/api/tracing/lab-results', headers: who.headers, payload });
    const base = { documentType: 'resident_id', documentNumber: away.idNumber, name: '丙', testType: 'nucleic_acid', lab: '德阳市疾控中心', regionCode: '510603' };
    expect((await post({ ...base, result: 'positive', sampleDate: addDays(today, 2), reportDate: today })).json()).toMatchObject({ code: 'TRACING_DATES_INVALID', details: { field: 'sampleDate' } });
    expect((await post({ ...base, result: 'positive', sampleDate: today, reportDate: addDays(today, -1) })).json()).toMatchObject({ code: 'TRACING_DATES_INVALID', details: { field: 'reportDate' } });
    expect((await post({ ...base, result: 'maybe', sampleDate: today, reportDate: today })).statusCode).toBe(400);
    expect((await post({ ...base, documentNumber: '510603199001011234', result: 'positive', sampleDate: today, reportDate: today })).json().code).toBe('TRACING_DOCUMENT_INVALID');
    expect((await post({ ...base, regionCode: '510681', result: 'positive', sampleDate: today, reportDate: today })).statusCode).toBe(404);
    const negative = await post({ ...base, result: 'negative', sampleDate: addDays(today, -1), reportDate: addDays(today, -1) });
    expect(negative.statusCode, negative.body).toBe(201);
    expect(negative.json()).toMatchObject({ result: 'negative', proposesCase: false, name: '丙*', hasAccount: true });
    const positive = await post({ ...base, result: 'positive', sampleDate: today, reportDate: today });
    expect(positive.json()).toMatchObject({ result: 'positive', proposesCase: true });
    expect(positive.body).not.toContain(away.idNumber);
    // The lab result is a fact of the person's code (ext:lab.nucleic_acid), listed for them to dispute.
    const code = await t.app.inject({ url: '/api/health/code', headers: away.headers });
    expect(code.statusCode).toBe(200);
    const facts = await t.app.inject({ url: '/api/health/facts', headers: away.headers });
    expect(facts.statusCode, facts.body).toBe(200);
    expect(facts.body).toContain('核酸检测阳性');
    const proposed = (await t.app.inject({ url: '/api/tracing/lab-results?proposesCase=true', headers: officer.headers })).json();
    expect(proposed.map((r: { id: string }) => r.id)).toEqual([positive.json().id]);
    const open = (id: string) => t.app.inject({ method: 'POST', url: `/api/tracing/lab-results/${id}/open-case`, headers: officer.headers, payload: { status: 'asymptomatic', reason: '核酸阳性，无症状' } });
    expect((await open(negative.json().id)).json().code).toBe('TRACING_LAB_NO_CASE_PROPOSED');
    const opened = await open(positive.json().id);
    expect(opened.statusCode, opened.body).toBe(201);
    expect(opened.json()).toMatchObject({ status: 'asymptomatic', source: 'laboratory', regionCode: '510603', name: '丙*' });
    expect((await open(positive.json().id)).json().code).toBe('TRACING_LAB_NO_CASE_PROPOSED');
    expect((await t.app.inject({ url: '/api/tracing/lab-results?proposesCase=true', headers: officer.headers })).json()).toEqual([]);
    expect((await t.app.inject({ url: '/api/health/code', headers: away.headers })).json().colour).not.toBe('green');
  });

  it('groups cases into a cluster and draws the chains: case → contact, and case → case where a contact became a case', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/tracing/clusters', headers: officer.headers, payload: { name: '农贸市场聚集性疫情', event: '旌阳区农贸市场 12 月采购', regionCode: '510603' } });
    expect(created.statusCode, created.body).toBe(201);
    const clusterId = created.json().id;
    expect((await t.app.inject({ method: 'POST', url: '/api/tracing/clusters', headers: officer.headers, payload: { name: '外县', event: '不在辖区', regionCode: '510681' } })).statusCode).toBe(404);
    const assign = await t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/cluster`, headers: officer.headers, payload: { clusterId } });
    expect(assign.statusCode, assign.body).toBe(200);
    expect(assign.json().clusterId).toBe(clusterId);
    expect((await t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/cluster`, headers: officer.headers, payload: { clusterId: '00000000-0000-4000-8000-000000000000' } })).json().code).toBe('TRACING_CLUSTER_UNKNOWN');
    const clusters = (await t.app.inject({ url: '/api/tracing/clusters', headers: officer.headers })).json();
    expect(clusters).toMatchObject([{ id: clusterId, counts: { confirmed: 1 } }]);
    // The city sees the whole chain: the source case, the escalated contact as a case (in 广汉), the remaining contact.
    const city = await healthOfficer(t, '510600');
    const graph = await t.app.inject({ url: '/api/tracing/chains', headers: city.headers });
    expect(graph.statusCode, graph.body).toBe(200);
    const { nodes, edges } = graph.json() as { nodes: { id: string; kind: string; label: string }[]; edges: { from: string; to: string; kind: string; evidence: { venueName: string; overlapMinutes: number } }[] };
    const escalatedCase = (await t.app.ctx.db.select().from(tracingCases).where(eq(tracingCases.sourceContactId, contactIds.local)))[0].id;
    expect(edges.find((e) => e.kind === 'infected')).toMatchObject({ from: `case:${caseId}`, to: `case:${escalatedCase}`, evidence: { venueName: '旌阳区农贸市场' } });
    expect(edges.find((e) => e.kind === 'contact')).toMatchObject({ from: `case:${caseId}`, to: `contact:${contactIds.away}` });
    expect(nodes.find((n) => n.id === `contact:${contactIds.away}`)?.label).toBe('丙*');
    expect(graph.body).not.toContain(away.idNumber);
    // Filtered by cluster: only the source case and its contacts.
    const one = (await t.app.inject({ url: `/api/tracing/chains?clusterId=${clusterId}`, headers: city.headers })).json();
    expect(one.nodes.filter((n: { kind: string }) => n.kind === 'case')).toHaveLength(1);
    const csv = await t.app.inject({ url: '/api/tracing/chains.csv', headers: city.headers });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('传播');
    expect((await t.app.inject({ url: '/api/tracing/chains?from=2026-13-01', headers: city.headers })).statusCode).toBe(400);
  });
});

describe('tracing: case import (CSV / XLSX, per-row errors) and export', { timeout: 120_000 }, () => {
  let t: TestApp;
  let officer: Awaited<ReturnType<typeof healthOfficer>>;
  beforeAll(async () => {
    t = await createTestApp();
    officer = await healthOfficer(t);
  }, 120_000);
  afterAll(async () => t.close());

  const importList = (format: 'csv' | 'xlsx', content: Buffer) =>
    t.app.inject({ method: 'POST', url: '/api/tracing/cases/import', headers: officer.headers, payload: { format, contentBase64: content.toString('base64') } });

  it('keeps the good rows of a CSV and reports each bad row with its line, field and reason', async () => {
    const today = todayInChina();
    const good = idNumber();
    const csv = [
      '姓名,证件号码,状态,发病日期,报告日期,所属地区,来源',
      `王一,${good},确诊,,${today},510603,医疗机构报告`,
      `王二,510603199001011234,确诊,,${today},510603,`,
      `王三,${idNumber()},重症,,${today},510603,`,
      `王四,${idNumber()},疑似,${addDays(today, 2)},${today},510603,`,
      `王五,${idNumber()},疑似,,${today},510681,`,
      `王六,${idNumber()},无症状,,${today},5106,`,
    ].join('\n');
    const res = await importList('csv', Buffer.from('\uFEFF' + csv));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r: { line: number; field: string }) => [r.line, r.field])).toEqual([
      [3, 'documentNumber'],
      [4, 'status'],
      [5, 'date'],
      [6, 'regionCode'],
      [7, 'regionCode'],
    ]);
    expect(body.rejected.map((r: { reason: string }) => r.reason)).toEqual(['document_invalid', 'status_invalid', 'dates_invalid', 'out_of_scope', 'region_invalid']);
    const [row] = await t.app.ctx.db.select().from(tracingCases).where(eq(tracingCases.documentIndex, t.app.ctx.blindIndex.of('id', good)));
    expect(row).toMatchObject({ status: 'confirmed', source: 'hospital', regionCode: '510603' });
    expect((await importList('csv', Buffer.from('名字,号码\n张三,1'))).json().code).toBe('TRACING_IMPORT_COLUMNS');
  });

  it('reads an XLSX list the same way, and exports the region\'s cases masked', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('病例');
    const id = idNumber();
    sheet.addRow(['name', 'documentNumber', 'status', 'reportDate', 'regionCode']);
    sheet.addRow(['赵一', id, 'asymptomatic', todayInChina(), '510603']);
    sheet.addRow(['赵二', 'bad', 'asymptomatic', todayInChina(), '510603']);
    const res = await importList('xlsx', Buffer.from(await book.xlsx.writeBuffer()));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ accepted: 1, rejected: [{ line: 3, field: 'documentNumber' }] });
    expect((await importList('xlsx', Buffer.from('not a workbook'))).json().code).toBe('TRACING_IMPORT_UNREADABLE');
    const exported = await t.app.inject({ url: '/api/tracing/cases/export.csv', headers: officer.headers });
    expect(exported.statusCode).toBe(200);
    expect(exported.body).toContain('赵*');
    expect(exported.body).not.toContain(id);
    const template = await t.app.inject({ url: '/api/tracing/cases/import-template.csv', headers: officer.headers });
    expect(template.body).toContain('证件号码');
  });
});
