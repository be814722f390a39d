import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { addDays, dayOf, todayInChina } from '@fangxian/contracts/kernel';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen } from './factories.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';
import { MINUTE, healthOfficer, minutesAgo, person } from './tracing.support.ts';

/** Organisation batch check (单位批量核查): an uploaded staff list against published trips. */
describe('tracing: organisation batch check', { timeout: 180_000 }, () => {
  let t: TestApp;
  let officer: Awaited<ReturnType<typeof healthOfficer>>;
  const trainFrom = minutesAgo(26 * 60);
  const flightFrom = minutesAgo(30 * 60);
  const trainDay = dayOf(trainFrom);
  const flightDay = dayOf(flightFrom);
  const today = todayInChina();

  beforeAll(async () => {
    t = await createTestApp();
    officer = await healthOfficer(t);
    const patient = await person(t, '甲病例');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/tracing/cases',
      headers: officer.headers,
      payload: { status: 'confirmed', documentType: 'resident_id', documentNumber: patient.idNumber, name: '甲病例', onsetDate: today, reportDate: today, confirmedDate: today, source: 'hospital', regionCode: '510603' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const caseId = created.json().id as string;
    const add = (payload: object) => t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/itinerary`, headers: officer.headers, payload });
    const at = (from: Date, minutes: number) => ({ from: from.toISOString(), to: new Date(from.getTime() + minutes * MINUTE).toISOString() });
    expect((await add({ kind: 'trip', mode: 'train', number: 'G1234', carriage: '5', seat: '12F', divisionCode: '510600', ...at(trainFrom, 90) })).statusCode).toBe(201);
    expect((await add({ kind: 'trip', mode: 'flight', number: 'CA4321', seat: '20C', divisionCode: '510600', ...at(flightFrom, 120) })).statusCode).toBe(201);
    const proposed = await t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/itinerary/publish`, headers: officer.headers });
    expect(proposed.statusCode, proposed.body).toBe(202);
    const city = await healthOfficer(t, '510600');
    const approved = await t.app.inject({ method: 'POST', url: `/api/tracing/publication-proposals/${proposed.json().id}/decision`, headers: city.headers, payload: { decision: 'approve', note: '已核对' } });
    expect(approved.statusCode, approved.body).toBe(200);
    // An unpublished trip of the case is never compared.
    expect((await add({ kind: 'trip', mode: 'train', number: 'D5555', carriage: '3', divisionCode: '510600', ...at(minutesAgo(20 * 60), 60) })).statusCode).toBe(201);
  }, 180_000);
  afterAll(async () => t.close());

  async function workbook(rows: unknown[][], header = ['姓名', '手机号或证件号后四位', '交通方式', '车次/航班号', '日期', '车厢/舱室', '排', '座位']): Promise<string> {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('员工行程');
    sheet.addRow(header);
    for (const r of rows) sheet.addRow(r);
    return Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
  }

  it('gives each good row its verdict by the self-check rules, reports bad rows by line, and answers as XLSX too', async () => {
    const citizen = await createCitizen(t.app.ctx);
    const contentBase64 = await workbook([
      ['李一', '1111', '火车', 'g1234', trainDay, '05', '', '3A'], // line 2: same carriage → close
      ['李二', '', '高铁', 'G1234', trainDay, '6', '', ''], // line 3: another carriage → general
      ['李三', '', '火车', 'G1234', trainDay, '', '', ''], // line 4: no carriage → possible
      ['李四', '', '飞机', 'CA4321', flightDay, '', '23', 'A'], // line 5: row 23 vs 20 → close
      ['李五', '', '飞机', 'CA4321', flightDay, '', '24', 'B'], // line 6: 4 rows away → general
      ['李六', '', '火车', 'D5555', dayOf(minutesAgo(20 * 60)), '3', '', ''], // line 7: unpublished → none
      ['李七', '', '火箭', 'G1', today, '', '', ''], // line 8: unknown mode
      ['李八', '', '火车', 'ABC', today, '', '', ''], // line 9: malformed number
      // Two days after the day the file started on: a future date even if the China midnight (16:00 UTC) has passed since.
      ['李九', '', '火车', 'G1', addDays(today, 2), '', '', ''], // line 10: future date
      ['李十', '', '飞机', 'CA1', today, '', '99', 'Z'], // line 11: impossible seat
      ['李十一', '', '火车', 'G1', today, '31', '', ''], // line 12: impossible carriage
      ['李十二', '', '飞机', 'CA4321', flightDay, '', '20', 'C'], // line 13: the case's own seat row → close
    ]);
    const res = await t.app.inject({ method: 'POST', url: '/api/tracing/batch-check', headers: citizen.headers, payload: { contentBase64 } });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.rows.map((r: { line: number; name: string; verdict: string }) => [r.line, r.name, r.verdict])).toEqual([
      [2, '李一', 'close'],
      [3, '李二', 'general'],
      [4, '李三', 'possible'],
      [5, '李四', 'close'],
      [6, '李五', 'general'],
      [7, '李六', 'none'],
      [13, '李十二', 'close'],
    ]);
    expect(body.checked).toBe(7);
    // Refusals are codes (worded in zh and en by the apps and by the result workbook), never server prose.
    expect(body.rejected.map((r: { line: number; field: string; reason: string }) => [r.line, r.field, r.reason])).toEqual([
      [8, 'mode', 'mode_invalid'],
      [9, 'number', 'number_invalid'],
      [10, 'date', 'date_invalid'],
      [11, 'seat', 'seat_invalid'],
      [12, 'carriage', 'carriage_invalid'],
    ]);
    expect(body.rows[0]).toMatchObject({ number: 'G1234', carriage: '05', contact: '1111', matches: [{ publicLabel: '确诊病例1', carriage: '5', level: 'close' }] });
    expect(body.rows[3].seat).toBe('23A');
    expect(body.rows[0].explanation.zh).toContain('密切接触者');
    // Only the published, de-identified trip is compared: no case's name, ID number or seat comes back.
    expect(res.body).not.toContain('甲病例');
    expect(res.body).not.toContain('12F');
    for (const row of body.rows) for (const m of row.matches) expect(Object.keys(m).sort()).toEqual(['carriage', 'level', 'publicLabel', 'regionCode']);
    // Audited with counts only (no names).
    const audit = await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'tracing.batch-check'));
    expect(audit.at(-1)?.actorId).toBe(citizen.id);
    expect(JSON.stringify(audit.at(-1)?.detail)).not.toContain('李');

    const xlsx = await t.app.inject({ method: 'POST', url: '/api/tracing/batch-check/result.xlsx', headers: officer.headers, payload: { contentBase64 } });
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const verdicts: string[] = [];
    book.getWorksheet('核查结果')!.eachRow((row, n) => {
      if (n > 1) verdicts.push(`${row.getCell(1).value}:${row.getCell(9).value}`);
    });
    expect(verdicts).toEqual(['2:密切接触者', '3:一般接触者', '4:待确认', '5:密切接触者', '6:一般接触者', '7:未匹配', '13:密切接触者']);
    expect(book.getWorksheet('错误行')!.rowCount).toBe(6);
    expect(book.getWorksheet('错误行')!.getRow(2).values).toEqual([undefined, 8, '交通方式', '交通方式应为 火车 / 飞机 / 长途客车 / 公交 / 轮船（或 场所）']);

    // The same result for an English-speaking requester (Accept-Language, or the fx_lang cookie): every
    // sheet name, header, verdict, mode, explanation, case label and refusal in English.
    const english = await t.app.inject({ method: 'POST', url: '/api/tracing/batch-check/result.xlsx', headers: { ...officer.headers, 'accept-language': 'en-GB,en;q=0.9' }, payload: { contentBase64 } });
    expect(english.statusCode, english.body).toBe(200);
    const en = new ExcelJS.Workbook();
    await en.xlsx.load(english.rawPayload as unknown as ArrayBuffer);
    expect(en.worksheets.map((w) => w.name)).toEqual(['Results', 'Rejected rows']);
    const results = en.getWorksheet('Results')!;
    expect(results.getRow(1).getCell(9).value).toBe('Verdict');
    expect([2, 3, 4, 8].map((n) => results.getRow(n).getCell(9).value)).toEqual(['Close contact', 'General contact', 'To be confirmed', 'Close contact']);
    expect(results.getRow(2).getCell(4).value).toBe('Train');
    expect(results.getRow(2).getCell(10).value).toBe('Confirmed case 1');
    expect(String(results.getRow(2).getCell(11).value)).toMatch(/^G1234 on .* same trip as a case's\. Close contact/);
    const refused = en.getWorksheet('Rejected rows')!;
    expect(refused.getRow(1).values).toEqual([undefined, 'Line', 'Field', 'Reason']);
    expect([2, 3, 4, 5, 6].map((n) => refused.getRow(n).getCell(3).value)).toEqual([
      'Mode must be train / flight / coach / bus / ferry (or place)',
      'The train or flight number is malformed',
      'Date must be YYYY-MM-DD and not after today',
      'Seat not valid (plane: rows 1–99, A–K without I; train e.g. 05A)',
      'Carriage or cabin not valid (train: 1–30)',
    ]);
    expect(refused.getRow(2).getCell(2).value).toBe('Mode');
    const englishText = JSON.stringify([...results.getSheetValues(), ...refused.getSheetValues()]);
    expect(englishText).not.toMatch(/密切|一般接触|待确认|未匹配|交通方式|原因|核查结果|确诊病例|车次/);
  });

  it('offers the template, refuses unreadable files and missing columns, and is for signed-in callers only', async () => {
    const citizen = await createCitizen(t.app.ctx);
    const template = await t.app.inject({ url: '/api/tracing/batch-check/template.xlsx', headers: citizen.headers });
    expect(template.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets[0].getRow(1).getCell(4).value).toBe('车次/航班号');
    // The template itself is a valid list (its example row is checked).
    const roundTrip = await t.app.inject({ method: 'POST', url: '/api/tracing/batch-check', headers: citizen.headers, payload: { contentBase64: template.rawPayload.toString('base64') } });
    expect(roundTrip.statusCode, roundTrip.body).toBe(200);
    expect(roundTrip.json().rows.map((r: { kind: string; verdict: string }) => [r.kind, r.verdict])).toEqual([
      ['trip', 'none'],
      ['place', 'none'],
    ]);
    const post = (contentBase64: string, headers: Record<string, string> | undefined = citizen.headers) => t.app.inject({ method: 'POST', url: '/api/tracing/batch-check', headers, payload: { contentBase64 } });
    expect((await post(Buffer.from('not a workbook').toString('base64'))).json().code).toBe('TRACING_IMPORT_UNREADABLE');
    expect((await post(await workbook([['李一', '火车']], ['姓名', '交通方式']))).json().code).toBe('TRACING_IMPORT_COLUMNS');
    expect((await t.app.inject({ method: 'POST', url: '/api/tracing/batch-check', headers: citizen.headers, payload: { contentBase64: '!!' } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: '/api/tracing/batch-check', payload: { contentBase64: 'AAAA' } })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/tracing/batch-check/template.xlsx' })).statusCode).toBe(401);
  });
});

/** The batch check compares places too: a stay at a published place, overlapping in time. */
describe('tracing: organisation batch check of places (stays)', { timeout: 180_000 }, () => {
  let t: TestApp;
  // Yesterday 10:00–11:00 China time: every row's clock times fall on that one day, whatever the time now.
  const from = new Date(`${addDays(todayInChina(), -1)}T10:00:00+08:00`);
  const hhmm = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(11, 16);
  const today = todayInChina();

  beforeAll(async () => {
    t = await createTestApp();
    const officer = await healthOfficer(t);
    const patient = await person(t, '乙病例');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/tracing/cases',
      headers: officer.headers,
      payload: { status: 'confirmed', documentType: 'resident_id', documentNumber: patient.idNumber, name: '乙病例', onsetDate: today, reportDate: today, confirmedDate: today, source: 'hospital', regionCode: '510603' },
    });
    const caseId = created.json().id as string;
    const add = (payload: object) => t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/itinerary`, headers: officer.headers, payload });
    // A free-text place (written with a space), 60 minutes.
    expect((await add({ kind: 'stay', placeName: '旌阳区 人民医院门诊', divisionCode: '510603', from: from.toISOString(), to: new Date(from.getTime() + 60 * MINUTE).toISOString() })).statusCode).toBe(201);
    const proposed = await t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/itinerary/publish`, headers: officer.headers });
    const city = await healthOfficer(t, '510600');
    expect((await t.app.inject({ method: 'POST', url: `/api/tracing/publication-proposals/${proposed.json().id}/decision`, headers: city.headers, payload: { decision: 'approve' } })).statusCode).toBe(200);
    // An unpublished stay at the same place is never compared.
    expect((await add({ kind: 'stay', placeName: '旌阳区人民医院门诊', divisionCode: '510603', from: new Date(from.getTime() + 120 * MINUTE).toISOString(), to: new Date(from.getTime() + 150 * MINUTE).toISOString() })).statusCode).toBe(201);
  }, 180_000);
  afterAll(async () => t.close());

  it('gives a place row overlapping a published stay 待确认 with the minutes, and none otherwise; bad place rows by line and field', async () => {
    const day = dayOf(from);
    const at = (minutes: number) => hhmm(new Date(from.getTime() + minutes * MINUTE));
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('员工行程');
    sheet.addRow(['姓名', '交通方式', '日期', '地点', '开始时间', '结束时间']);
    sheet.addRow(['周一', '场所', day, '旌阳区人民医院门诊', at(-30), at(20)]); // line 2: 20 minutes overlap
    sheet.addRow(['周二', '', day, ' 旌阳区人民医院 门诊 ', at(50), at(90)]); // line 3: spaces ignored, 10 minutes
    sheet.addRow(['周三', '场所', day, '旌阳区人民医院门诊', at(60), at(70)]); // line 4: starts as the stay ends → none
    sheet.addRow(['周四', '场所', day, '旌阳区人民医院门诊', at(125), at(140)]); // line 5: only the unpublished stay → none
    sheet.addRow(['周五', '场所', day, '德阳市第二医院', at(0), at(30)]); // line 6: another place → none
    sheet.addRow(['周六', '场所', day, '', at(0), at(30)]); // line 7: no place
    sheet.addRow(['周七', '场所', day, '旌阳区人民医院门诊', '25:00', at(30)]); // line 8: bad start
    sheet.addRow(['周八', '场所', day, '旌阳区人民医院门诊', at(30), at(0)]); // line 9: end before start
    // Two days after the day the file started on: a future date even if the China midnight has passed since.
    sheet.addRow(['周九', '场所', addDays(today, 2), '旌阳区人民医院门诊', '09:00', '10:00']); // line 10: future date
    const contentBase64 = Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
    const citizen = await createCitizen(t.app.ctx);
    const res = await t.app.inject({ method: 'POST', url: '/api/tracing/batch-check', headers: citizen.headers, payload: { contentBase64 } });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.rows.map((r: { line: number; kind: string; verdict: string; overlapMinutes: number }) => [r.line, r.kind, r.verdict, r.overlapMinutes])).toEqual([
      [2, 'place', 'possible', 20],
      [3, 'place', 'possible', 10],
      [4, 'place', 'none', 0],
      [5, 'place', 'none', 0],
      [6, 'place', 'none', 0],
    ]);
    expect(body.rejected.map((r: { line: number; field: string; reason: string; params?: object }) => [r.line, r.field, r.reason, r.params])).toEqual([
      [7, 'place', 'place_invalid', { max: 100 }],
      [8, 'from', 'from_invalid', undefined],
      [9, 'to', 'to_invalid', undefined],
      [10, 'date', 'date_invalid', undefined],
    ]);
    expect(body.rows[0]).toMatchObject({ mode: null, number: null, place: '旌阳区人民医院门诊', matches: [{ publicLabel: '确诊病例1', level: 'possible', carriage: null }] });
    expect(body.rows[0].explanation.zh).toContain('20 分钟');
    expect(res.body).not.toContain('乙病例');
  });
});
