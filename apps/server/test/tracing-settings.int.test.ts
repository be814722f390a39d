import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { addDays, todayInChina } from '@fangxian/contracts/kernel';
import { createTestApp, type TestApp } from './support.ts';
import { createStaff } from './factories.ts';
import { idNumber } from './venues.support.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';
import { healthCodes } from '../src/modules/health-code/health-code.tables.ts';
import { tracingCaseHistory, tracingCases, tracingLabResults } from '../src/modules/tracing/tracing.tables.ts';
import { MINUTE, healthOfficer, minutesAgo, person, scanAt, venue } from './tracing.support.ts';

/**
 * Issue 12, the second round: the tracing window per case status (before onset; before the first
 * positive sample for an asymptomatic case) and the stay assumed per venue type, both edited by
 * city-level health officers; editing a case's facts after registration; lab results imported from
 * a file.
 */

const DAY_MINUTES = 24 * 60;

describe('tracing settings: the window per case status and the stay per venue type', { timeout: 180_000 }, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof healthOfficer>>;
  let city: Awaited<ReturnType<typeof healthOfficer>>;
  // Taken once when the file starts: a date meant to be in the future is today + 2, which stays in the future if the China midnight (16:00 UTC) passes during the run.
  const today = todayInChina();

  beforeAll(async () => {
    t = await createTestApp();
    county = await healthOfficer(t);
    city = await healthOfficer(t, '510600');
  }, 180_000);
  afterAll(async () => t.close());

  const putWindow = (who: { headers: Record<string, string> }, status: string, payload: object) => t.app.inject({ method: 'PUT', url: `/api/tracing/settings/windows/${status}`, headers: who.headers, payload });
  const putStay = (who: { headers: Record<string, string> }, type: string, payload: object) => t.app.inject({ method: 'PUT', url: `/api/tracing/settings/stays/${type}`, headers: who.headers, payload });
  const register = async (payload: object) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/tracing/cases', headers: county.headers, payload: { documentType: 'resident_id', source: 'hospital', regionCode: '510603', reportDate: today, ...payload } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const addStay = async (caseId: string, venueId: string, from: Date, minutes: number) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/itinerary`, headers: county.headers, payload: { kind: 'stay', venueId, from: from.toISOString(), to: new Date(from.getTime() + minutes * MINUTE).toISOString() } });
    expect(res.statusCode, res.body).toBe(201);
  };
  const candidates = async (caseId: string, query = '') => {
    const res = await t.app.inject({ url: `/api/tracing/cases/${caseId}/contact-candidates${query}`, headers: county.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as { citizenId: string; totalOverlapMinutes: number; exposures: { assumedStayMinutes: number; overlapMinutes: number }[] }[];
  };

  it('shows the defaults: 14 days before onset (before the first positive sample when asymptomatic), each venue its own stay', async () => {
    const res = await t.app.inject({ url: '/api/tracing/settings', headers: county.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().windows).toEqual([
      { caseStatus: 'confirmed', daysBefore: 14, anchor: 'onset', isDefault: true, updatedBy: null, updatedAt: null },
      { caseStatus: 'suspected', daysBefore: 14, anchor: 'onset', isDefault: true, updatedBy: null, updatedAt: null },
      { caseStatus: 'asymptomatic', daysBefore: 14, anchor: 'first_positive', isDefault: true, updatedBy: null, updatedAt: null },
    ]);
    expect(res.json().stays.find((s: { venueType: string }) => s.venueType === 'market')).toEqual({ venueType: 'market', zh: '农贸市场', en: 'Fresh market', registrationDefault: 60, tracingMinutes: null, updatedBy: null, updatedAt: null });
  });

  it('lets only a city-level health officer change them, validated, each change audited with before, after and reason', async () => {
    expect((await putWindow(county, 'confirmed', { daysBefore: 7, reason: '本县调整' })).json().code).toBe('TRACING_SETTINGS_CITY_ONLY');
    const commander = await createStaff(t.app.ctx, { roles: ['county_command'], regionCode: '510600' });
    expect((await putWindow(commander, 'confirmed', { daysBefore: 7, reason: '调整' })).statusCode).toBe(403);
    for (const bad of [{ daysBefore: 0, reason: '调整' }, { daysBefore: 29, reason: '调整' }, { daysBefore: 7 }, { daysBefore: 7, reason: '调整', extra: 1 }]) {
      expect((await putWindow(city, 'confirmed', bad)).statusCode).toBe(400);
    }
    expect((await putWindow(city, 'excluded', { daysBefore: 7, reason: '调整' })).statusCode).toBe(400);
    expect((await putStay(city, 'spaceship', { minutes: 30, reason: '调整' })).statusCode).toBe(400);
    expect((await putStay(city, 'market', { minutes: 4, reason: '调整' })).statusCode).toBe(400);
    expect((await putStay(city, 'market', { minutes: 1441, reason: '调整' })).statusCode).toBe(400);
    const ok = await putWindow(city, 'suspected', { daysBefore: 10, reason: '疑似病例追溯10天' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().windows[1]).toMatchObject({ caseStatus: 'suspected', daysBefore: 10, isDefault: false, updatedBy: city.id });
    const audit = await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'tracing.settings.change'));
    expect(audit.map((a) => a.detail)).toEqual([{ setting: 'window', caseStatus: 'suspected', from: 14, to: 10, reason: '疑似病例追溯10天' }]);
    expect(audit[0]).toMatchObject({ subjectType: 'tracing_settings', actorId: city.id });
  });

  it('traces a confirmed case over its configured window before onset; an explicit ?days= still overrides it', async () => {
    const market = await venue(t, '窗口市场', 'market');
    const sick = await person(t, '窗病例');
    const b = await person(t, '窗乙');
    const at = minutesAgo(6 * DAY_MINUTES);
    await scanAt(t, market, b.id, new Date(at.getTime() + 10 * MINUTE));
    const caseId = await register({ status: 'confirmed', documentNumber: sick.idNumber, name: '窗病例', onsetDate: addDays(today, -1) });
    await addStay(caseId, market, at, 60);
    expect((await candidates(caseId)).map((c) => c.citizenId)).toEqual([b.id]);
    expect((await putWindow(city, 'confirmed', { daysBefore: 3, reason: '确诊病例发病前3天' })).statusCode).toBe(200);
    // Onset yesterday, 3 days: the window starts 4 days ago; the stay 6 days ago is outside it.
    expect(await candidates(caseId)).toEqual([]);
    expect((await candidates(caseId, '?days=14')).map((c) => c.citizenId)).toEqual([b.id]);
    const audited = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'tracing.contact.candidates'), eq(auditLog.subjectId, caseId))).orderBy(auditLog.seq);
    expect(audited.map((a) => (a.detail as { days: number }).days)).toEqual([14, 3, 14]);
    expect((await putWindow(city, 'confirmed', { daysBefore: 14, reason: '恢复默认' })).statusCode).toBe(200);
  });

  it('anchors an asymptomatic case\'s window on the first positive sample of the person (else the report)', async () => {
    expect((await putWindow(city, 'asymptomatic', { daysBefore: 2, reason: '无症状感染者采样前2天' })).statusCode).toBe(200);
    const market = await venue(t, '无症状市场', 'market');
    const sick = await person(t, '无病例');
    const c = await person(t, '无丙');
    const at = minutesAgo(5 * DAY_MINUTES);
    await scanAt(t, market, c.id, new Date(at.getTime() + 5 * MINUTE));
    const caseId = await register({ status: 'asymptomatic', documentNumber: sick.idNumber, name: '无病例' });
    await addStay(caseId, market, at, 60);
    // No positive result: 2 days before the report (today) — the stay 5 days ago is outside.
    expect(await candidates(caseId)).toEqual([]);
    const lab = await t.app.inject({
      method: 'POST',
      url: '/api/tracing/lab-results',
      headers: county.headers,
      payload: { documentType: 'resident_id', documentNumber: sick.idNumber, name: '无病例', sampleDate: addDays(today, -3), testType: 'nucleic_acid', lab: '德阳市疾控中心', result: 'positive', reportDate: addDays(today, -2), regionCode: '510603' },
    });
    expect(lab.statusCode, lab.body).toBe(201);
    // Sampled 3 days ago, 2 days before it: the window starts 5 days ago and holds the stay.
    expect((await candidates(caseId)).map((x) => x.citizenId)).toEqual([c.id]);
  });

  it('assumes the configured stay for every venue of a type, and each venue\'s own again once cleared', async () => {
    const market = await venue(t, '停留市场', 'market'); // 60 minutes of its own
    const sick = await person(t, '停病例');
    const d = await person(t, '停丁');
    const at = minutesAgo(2 * DAY_MINUTES);
    await scanAt(t, market, d.id, new Date(at.getTime() - 100 * MINUTE)); // 100 minutes before the case came
    const caseId = await register({ status: 'confirmed', documentNumber: sick.idNumber, name: '停病例' });
    await addStay(caseId, market, at, 60);
    expect(await candidates(caseId)).toEqual([]);
    const set = await putStay(city, 'market', { minutes: 120, reason: '市场人员停留较久' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().stays.find((s: { venueType: string }) => s.venueType === 'market')).toMatchObject({ tracingMinutes: 120, registrationDefault: 60, updatedBy: city.id });
    const found = await candidates(caseId);
    expect(found.map((c) => c.citizenId)).toEqual([d.id]);
    expect(found[0].exposures[0]).toMatchObject({ assumedStayMinutes: 120, overlapMinutes: 20 });
    expect((await putStay(city, 'market', { minutes: null, reason: '恢复各场所自身设置' })).json().stays.find((s: { venueType: string }) => s.venueType === 'market').tracingMinutes).toBeNull();
    expect(await candidates(caseId)).toEqual([]);
    const audit = await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'tracing.settings.change')).orderBy(auditLog.seq);
    expect(audit.filter((a) => (a.detail as { setting: string }).setting === 'stay').map((a) => a.detail)).toEqual([
      { setting: 'stay', venueType: 'market', from: null, to: 120, reason: '市场人员停留较久' },
      { setting: 'stay', venueType: 'market', from: 120, to: null, reason: '恢复各场所自身设置' },
    ]);
  });
});

describe('tracing: editing a case\'s facts after registration', { timeout: 180_000 }, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof healthOfficer>>;
  let sick: Awaited<ReturnType<typeof person>>;
  let caseId: string;
  const today = todayInChina();

  beforeAll(async () => {
    t = await createTestApp();
    county = await healthOfficer(t);
    sick = await person(t, '改病例');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/tracing/cases',
      headers: county.headers,
      payload: { status: 'suspected', documentType: 'resident_id', documentNumber: sick.idNumber, name: '改病例', onsetDate: addDays(today, -3), reportDate: addDays(today, -1), source: 'hospital', regionCode: '510603', notes: '初报' },
    });
    expect(res.statusCode, res.body).toBe(201);
    caseId = res.json().id;
  }, 180_000);
  afterAll(async () => t.close());

  const edit = (payload: object, who: { headers: Record<string, string> } = county) => t.app.inject({ method: 'PATCH', url: `/api/tracing/cases/${caseId}`, headers: who.headers, payload });
  const caseRow = async () => (await t.app.ctx.db.select().from(tracingCases).where(eq(tracingCases.id, caseId)))[0];

  it('refuses bad edits with field errors and writes nothing', async () => {
    const before = await caseRow();
    expect((await edit({ reportDate: addDays(today, 2), reason: '订正' })).json()).toMatchObject({ code: 'TRACING_DATES_INVALID', details: { field: 'date' } });
    expect((await edit({ onsetDate: today, reason: '订正' })).json()).toMatchObject({ code: 'TRACING_DATES_INVALID', details: { field: 'onsetDate' } });
    expect((await edit({ confirmedDate: today, reason: '订正' })).json()).toMatchObject({ code: 'TRACING_DATES_INVALID', details: { field: 'confirmedDate' } });
    expect((await edit({ notes: '初报', reason: '订正' })).json().code).toBe('TRACING_CASE_EDIT_EMPTY');
    expect((await edit({ regionCode: '510699', reason: '订正' })).json().code).toBe('TRACING_DIVISION_UNKNOWN');
    expect((await edit({ regionCode: '510681', reason: '订正' })).statusCode).toBe(404); // outside the county officer's region
    expect((await edit({ source: 'rumour', reason: '订正' })).statusCode).toBe(400);
    expect((await edit({ notes: '改' })).statusCode).toBe(400); // the reason is required
    expect((await edit({ reportDate: '2026-13-01', reason: '订正' })).statusCode).toBe(400);
    const other = await healthOfficer(t, '510681');
    expect((await edit({ notes: '改', reason: '订正' }, other)).statusCode).toBe(404);
    expect(await caseRow()).toEqual(before);
    expect(await t.app.ctx.db.select().from(tracingCaseHistory).where(eq(tracingCaseHistory.caseId, caseId))).toHaveLength(1);
  });

  it('keeps each edit in the history with who, why and each field before and after (notes: only that they changed), audited by field names', async () => {
    const res = await edit({ reportDate: addDays(today, -2), source: 'screening', notes: '流调补充：曾到农贸市场', reason: '医院订正报告日期' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ reportDate: addDays(today, -2), source: 'screening', notes: '流调补充：曾到农贸市场', status: 'suspected' });
    const file = (await t.app.inject({ url: `/api/tracing/cases/${caseId}`, headers: county.headers })).json();
    expect(file.history).toHaveLength(2);
    expect(file.history[1]).toMatchObject({
      from: 'suspected',
      to: 'suspected',
      reason: '医院订正报告日期',
      changedBy: county.id,
      changes: { reportDate: { from: addDays(today, -1), to: addDays(today, -2) }, source: { from: 'hospital', to: 'screening' }, notes: { from: null, to: null } },
    });
    expect(file.history[0].changes).toBeNull();
    const [audit] = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'tracing.case.change'), eq(auditLog.subjectId, caseId)));
    expect(audit.detail).toEqual({ fields: ['reportDate', 'source', 'notes'] });
    expect(JSON.stringify(audit.detail)).not.toContain('农贸市场');
  });

  it('recomputes the person\'s health code when a fact it reads changed, not for notes alone', async () => {
    const codeAt = async () => (await t.app.ctx.db.select({ updatedAt: healthCodes.updatedAt }).from(healthCodes).where(eq(healthCodes.citizenId, sick.id)))[0]?.updatedAt.getTime() ?? 0;
    expect((await t.app.inject({ url: '/api/health/code', headers: sick.headers })).json().colour).not.toBe('green');
    const first = await codeAt();
    expect((await edit({ notes: '只改备注', reason: '补充备注' })).statusCode).toBe(200);
    expect(await codeAt()).toBe(first);
    await new Promise((r) => setTimeout(r, 20));
    expect((await edit({ reportDate: addDays(today, -1), reason: '再次订正' })).statusCode).toBe(200);
    expect(await codeAt()).toBeGreaterThan(first);
  });

  it('moves a case to another county for a city officer (the county loses it), and a confirmed case keeps a confirmation date', async () => {
    const cityOfficer = await healthOfficer(t, '510600');
    const moved = await edit({ regionCode: '510681', reason: '现住址在广汉市' }, cityOfficer);
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().regionCode).toBe('510681');
    expect((await t.app.inject({ url: `/api/tracing/cases/${caseId}`, headers: county.headers })).statusCode).toBe(404);
    const confirmed = await t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/status`, headers: cityOfficer.headers, payload: { status: 'confirmed', reason: '核酸阳性' } });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect((await edit({ confirmedDate: null, reason: '订正' }, cityOfficer)).json()).toMatchObject({ code: 'TRACING_DATES_INVALID', details: { field: 'confirmedDate' } });
    expect((await edit({ confirmedDate: addDays(today, -3), reason: '订正' }, cityOfficer)).json()).toMatchObject({ code: 'TRACING_DATES_INVALID', details: { field: 'confirmedDate' } });
    const ok = await edit({ confirmedDate: addDays(today, -1), reason: '订正确诊日期' }, cityOfficer);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().confirmedDate).toBe(addDays(today, -1));
  });
});

describe('tracing: lab results imported from a file', { timeout: 180_000 }, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof healthOfficer>>;
  const today = todayInChina();
  beforeAll(async () => {
    t = await createTestApp();
    county = await healthOfficer(t);
  }, 180_000);
  afterAll(async () => t.close());

  const importList = (format: 'csv' | 'xlsx', content: Buffer) =>
    t.app.inject({ method: 'POST', url: '/api/tracing/lab-results/import', headers: county.headers, payload: { format, contentBase64: content.toString('base64') } });

  it('keeps the good rows (a positive one proposes a case, opened as one entered) and reports each bad row by line, field and reason', async () => {
    const positive = await person(t, '阳甲');
    const negativeId = idNumber();
    const csv = [
      '姓名,证件号码,采样日期,检测类型,检测机构,检测结果,报告日期,所属地区',
      `阳甲,${positive.idNumber},${addDays(today, -1)},核酸,德阳市疾控中心,阳性,${today},510603`,
      `阴乙,${negativeId},${today},抗原,旌阳区人民医院,阴性,${today},510603`,
      `错丙,510603199001011234,${today},核酸,德阳市疾控中心,阴性,${today},510603`,
      `错丁,${idNumber()},${addDays(today, 2)},核酸,德阳市疾控中心,阴性,${addDays(today, 2)},510603`,
      `错戊,${idNumber()},${today},核酸,德阳市疾控中心,阴性,${addDays(today, -1)},510603`,
      `错己,${idNumber()},${today},血常规,德阳市疾控中心,阴性,${today},510603`,
      `错庚,${idNumber()},${today},核酸,德阳市疾控中心,可疑,${today},510603`,
      `错辛,${idNumber()},${today},核酸,德阳市疾控中心,阴性,${today},510681`,
      `错壬,${idNumber()},${today},核酸,,阴性,${today},510603`,
    ].join('\n');
    const res = await importList('csv', Buffer.from('\uFEFF' + csv));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ accepted: 2, proposesCase: 1 });
    expect(body.results.map((r: { line: number; proposesCase: boolean }) => [r.line, r.proposesCase])).toEqual([
      [2, true],
      [3, false],
    ]);
    expect(body.rejected.map((r: { line: number; field: string }) => [r.line, r.field])).toEqual([
      [4, 'documentNumber'],
      [5, 'sampleDate'],
      [6, 'reportDate'],
      [7, 'testType'],
      [8, 'result'],
      [9, 'regionCode'],
      [10, 'lab'],
    ]);
    // Each reason is a code with its params, worded by the console in zh and en (never the server's Chinese).
    expect(body.rejected.map((r: { reason: string; params?: object }) => [r.reason, r.params ?? null])).toEqual([
      ['document_invalid', null],
      ['dates_invalid', { field: 'sampleDate' }],
      ['dates_invalid', { field: 'reportDate' }],
      ['test_type_invalid', null],
      ['result_invalid', null],
      ['out_of_scope', null],
      ['lab_invalid', { min: 2, max: 100 }],
    ]);
    expect(res.body).not.toContain(positive.idNumber);
    const stored = await t.app.ctx.db.select().from(tracingLabResults);
    expect(stored).toHaveLength(2);
    expect(stored.find((r) => r.documentIndex === t.app.ctx.blindIndex.of('id', negativeId))).toMatchObject({ testType: 'antigen', result: 'negative', citizenId: null });
    expect(stored.every((r) => !r.documentNumberCipher.includes(negativeId))).toBe(true);
    // The positive row proposes a case exactly as one entered by hand; it opens in one step, and the code turns.
    const proposed = (await t.app.inject({ url: '/api/tracing/lab-results?proposesCase=true', headers: county.headers })).json();
    expect(proposed.map((r: { id: string }) => r.id)).toEqual([body.results[0].id]);
    const opened = await t.app.inject({ method: 'POST', url: `/api/tracing/lab-results/${body.results[0].id}/open-case`, headers: county.headers, payload: { status: 'asymptomatic', reason: '导入核酸阳性' } });
    expect(opened.statusCode, opened.body).toBe(201);
    expect((await t.app.inject({ url: '/api/health/code', headers: positive.headers })).json().colour).not.toBe('green');
    const [audit] = await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'tracing.lab.import'));
    expect(audit.detail).toEqual({ accepted: 2, rejected: 7, proposesCase: 1 });
  });

  it('reads an XLSX list with English headers, refuses unreadable files and missing columns, serves the template', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('results');
    const id = idNumber();
    sheet.addRow(['name', 'documentNumber', 'sampleDate', 'testType', 'lab', 'result', 'reportDate', 'regionCode']);
    sheet.addRow(['赵一', id, today, 'antibody', 'Deyang CDC', 'negative', today, '510603']);
    sheet.addRow(['赵二', 'bad', today, 'antibody', 'Deyang CDC', 'negative', today, '510603']);
    const res = await importList('xlsx', Buffer.from(await book.xlsx.writeBuffer()));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ accepted: 1, proposesCase: 0, rejected: [{ line: 3, field: 'documentNumber' }] });
    expect((await importList('xlsx', Buffer.from('not a workbook'))).json().code).toBe('TRACING_IMPORT_UNREADABLE');
    expect((await importList('csv', Buffer.from('姓名,证件号码\n张三,1'))).json().code).toBe('TRACING_IMPORT_COLUMNS');
    const template = await t.app.inject({ url: '/api/tracing/lab-results/import-template.csv', headers: county.headers });
    expect(template.statusCode).toBe(200);
    expect(template.body).toContain('采样日期');
    const citizen = await person(t, '市民');
    expect((await t.app.inject({ method: 'POST', url: '/api/tracing/lab-results/import', headers: citizen.headers, payload: { format: 'csv', contentBase64: 'YWJj' } })).statusCode).toBe(403);
  });
});
