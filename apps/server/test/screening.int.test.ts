import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp } from './support.ts';
import { createStaff, type SignedIn } from './factories.ts';
import { HEADER, approvedDownload, csvBytes, idNumber, multipart, runJobs, uploadList, wrongCheck, xlsxBytes } from './screening.support.ts';
import { rows } from '../src/platform/db/database.ts';
import { runImport } from '../src/modules/screening/index.ts';
import { screeningImports, screeningPersons, screeningRejectedRows, screeningReports } from '../src/modules/screening/screening.tables.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';
import { findJob } from '../src/platform/jobs/jobs.service.ts';
import { LeaseLostError } from '../src/platform/jobs/jobs.runner.ts';
import type { JobRun } from '../src/platform/jobs/index.ts';

describe('screening: sources, streamed imports, matching, comparison', { timeout: 180_000 }, () => {
  let t: TestApp;
  let bigData: SignedIn;
  let telecom: { id: string };
  let province: { id: string };

  beforeAll(async () => {
    t = await createTestApp({ dataDir: mkdtempSync(join(tmpdir(), 'fx-screening-')) });
    bigData = await createStaff(t.app.ctx, { roles: ['big_data'], regionCode: '510600' });
    const create = async (payload: object) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/screening/sources', headers: bigData.headers, payload });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    telecom = await create({ name: '电信运营商', kind: 'telecom', trust: 2, contactHours: 12, feedbackHours: 24, defaultDivision: '510600', columnMapping: { phone: '号码', residenceDivision: '驻留区县', reportedAt: '信令时间' } });
    province = await create({ name: '省级推送', kind: 'province', trust: 4 });
  }, 120_000);
  afterAll(async () => t.close());

  const importRow = async (id: string) => (await t.app.ctx.db.select().from(screeningImports).where(eq(screeningImports.id, id)))[0];

  it('refuses a duplicate source name and a mapping to an unknown field; only big_data manages sources', async () => {
    const dup = await t.app.inject({ method: 'POST', url: '/api/screening/sources', headers: bigData.headers, payload: { name: '省级推送', kind: 'province' } });
    expect(dup.statusCode).toBe(409);
    const bad = await t.app.inject({ method: 'POST', url: '/api/screening/sources', headers: bigData.headers, payload: { name: '公安', kind: 'police', columnMapping: { shoeSize: '鞋码' } } });
    expect(bad.json().code).toBe('SCREENING_MAPPING_INVALID');
    const county = await createStaff(t.app.ctx, { roles: ['county_command'], regionCode: '510603' });
    expect((await t.app.inject({ method: 'POST', url: '/api/screening/sources', headers: county.headers, payload: { name: '县', kind: 'other' } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/screening/sources', headers: county.headers })).json().length).toBeGreaterThanOrEqual(2);
  });

  it('imports a GBK CSV with bad rows: each refusal kept with its row number and reason, downloadable as XLSX; personal fields encrypted', async () => {
    const good = [
      ['张三', idNumber('510603', '19900307', 123), '+86 139-0000-0001', '德阳市旌阳区', '2020/1/25', '2020-01-25 08:00'],
      ['李四', idNumber('510623', '19851111', 456), '13900000002', '中江县', '2020-01-26', '2020-01-26 09:00'],
      ['王五', '', '139 0000 0003', '罗江县', '', ''], // retired county name → 罗江区
      ['赵六', `${idNumber('510681', '19700101', 11).slice(0, 6)}${idNumber('510681', '19700101', 11).slice(8, 17)}`, '', '广汉市', '', ''], // 15-digit ID
    ];
    const bad = [
      ['坏校验', wrongCheck(idNumber('510603', '19900307', 777)), '13900000009', '旌阳区', '', ''],
      ['无证件', '', '', '旌阳区', '', ''],
      ['坏日期', '', '13900000010', '旌阳区', '2020-02-30', ''],
      ['坏区划', '', '13900000011', '火星区', '', ''],
    ];
    const file = csvBytes([HEADER, ...good, ...bad], 'gbk');
    const imp = await uploadList(t, bigData.headers, province.id, file, '省级名单.csv');
    expect(imp).toMatchObject({ status: 'queued', duplicate: false, format: 'csv' });
    await runJobs(t);
    const done = (await t.app.inject({ url: `/api/screening/imports/${imp.id}`, headers: bigData.headers })).json();
    expect(done).toMatchObject({ status: 'succeeded', encoding: 'gb18030', counters: { rowsRead: 8, accepted: 4, rejected: 4, created: 4, matched: 0 } });
    // The job's progress (what GET /api/jobs/:id/events streams): KiB of the file, and the counters as JSON.
    const job = (await t.app.inject({ url: `/api/jobs/${imp.jobId}`, headers: bigData.headers })).json();
    expect(job).toMatchObject({ status: 'succeeded', progress: { done: Math.ceil(file.length / 1024), total: Math.ceil(file.length / 1024) } });
    expect(JSON.parse(job.progress.message)).toEqual(done.counters);
    const rejected = await t.app.ctx.db.select().from(screeningRejectedRows).where(eq(screeningRejectedRows.importId, imp.id)).orderBy(screeningRejectedRows.line);
    expect(rejected.map((r) => [r.line, r.reason])).toEqual([[6, 'id_checksum'], [7, 'identity_missing'], [8, 'date_invalid'], [9, 'division_unknown']]);

    const checker = await createStaff(t.app.ctx, { roles: ['big_data'], regionCode: '510600' });
    const xlsx = await approvedDownload(t, bigData.headers, checker.headers, { export: 'rejected_rows', importId: imp.id });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    const sheet = wb.worksheets[0];
    expect(sheet.rowCount).toBe(5);
    expect(sheet.getRow(2).getCell(1).value).toBe(6);
    expect(String(sheet.getRow(2).getCell(2).value)).toContain('校验码');
    expect(sheet.getRow(3).getCell(4).value).toBe('无证件');

    const persons = await t.app.ctx.db.select().from(screeningPersons);
    const zhang = persons.find((p) => p.documentIndex === t.app.ctx.blindIndex.of('id', idNumber('510603', '19900307', 123)))!;
    expect(zhang).toMatchObject({ residenceDivision: '510603', birthDate: '1990-03-07', sex: 'male', status: 'pending' });
    expect(zhang.nameCipher).not.toContain('张三');
    expect(t.app.ctx.cipher.decrypt(zhang.phoneCipher)).toBe('13900000001');
    expect(zhang.provenance.name).toMatchObject({ sourceId: province.id });
    expect(persons.find((p) => t.app.ctx.cipher.decrypt(p.nameCipher) === '王五')?.residenceDivision).toBe('510604');
    const zhao = persons.find((p) => t.app.ctx.cipher.decrypt(p.nameCipher) === '赵六')!;
    expect(t.app.ctx.cipher.decrypt(zhao.documentNumberCipher)).toBe(idNumber('510681', '19700101', 11));
    expect(t.logs.join('')).not.toContain('13900000001');
  });

  const wide = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
  const ZHANG = idNumber('510603', '19900307', 123);
  const SUN = idNumber('510682', '19920202', 88);
  let police: { id: string };
  const policeRows = (sunDivision: string) => [
    HEADER,
    // The same person spelled differently: spaces in the name, the 15-digit form in full-width digits.
    ['张 三', wide(`${ZHANG.slice(0, 6)}${ZHANG.slice(8, 17)}`), '', '旌阳区', '', '2020-01-23 10:00'],
    ['李四', '', '139-0000-0002', '中江县', '', '2020-01-27 10:00'], // phone + the same name
    ['王伍', '', '13900000003', '罗江区', '', ''], // 王五's phone, a similar name: an officer decides
    ['孙七', SUN, '13900000003', sunDivision, '', ''], // the same phone, another name and an ID: another person
  ];
  const personByName = async (name: string) => (await t.app.ctx.db.select().from(screeningPersons)).filter((p) => !p.mergedInto && t.app.ctx.cipher.decrypt(p.nameCipher) === name);

  it('matches a second source into the same persons (ID in another spelling, phone + name), sends a similar name to review, keeps a shared phone apart', async () => {
    police = (await t.app.inject({ method: 'POST', url: '/api/screening/sources', headers: bigData.headers, payload: { name: '公安', kind: 'police', trust: 3 } })).json();
    const imp = await uploadList(t, bigData.headers, police.id, csvBytes(policeRows('什邡市'), 'utf-8', true), 'police.csv');
    await runJobs(t);
    expect((await importRow(imp.id))).toMatchObject({ status: 'succeeded', encoding: 'utf-8', rowsRead: 4, accepted: 4, matched: 2, created: 2, reviews: 1 });
    const [zhang] = await personByName('张三');
    const reports = await t.app.ctx.db.select().from(screeningReports).where(eq(screeningReports.personId, zhang.id));
    expect(reports.map((r) => r.matchedBy).sort()).toEqual(['document', 'new']);
    expect(zhang.firstSourceId).toBe(police.id); // police reported on the 23rd, the province on the 25th
    expect(await personByName('李四')).toHaveLength(1);
    expect(await personByName('王伍')).toHaveLength(1);
    const [sun] = await personByName('孙七');
    // Found by the ID number it came with (new records of one batch carry different fields).
    expect(sun.documentIndex).toBe(t.app.ctx.blindIndex.of('id', SUN));
    expect(sun.provenance.document).toMatchObject({ sourceId: police.id });
    const [wang5b] = await personByName('王伍');
    expect(wang5b.documentIndex).toBeNull();
    const reviews = (await t.app.inject({ url: '/api/screening/reviews', headers: bigData.headers })).json();
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ status: 'open', person: { name: '王*' }, candidate: { name: '王*' }, reasons: ['same_phone', 'similar_name'] });
  });

  it('takes a telecom list by its saved column mapping: a phone alone matches the one person known with it', async () => {
    const file = csvBytes([['号码', '驻留区县', '信令时间'], ['13900000001', '旌阳区', '2020-01-22 06:00'], ['13800000099', '', '2020-01-22 07:00']]);
    const imp = await uploadList(t, bigData.headers, telecom.id, file, 'telecom.csv');
    await runJobs(t);
    expect(await importRow(imp.id)).toMatchObject({ status: 'succeeded', accepted: 2, matched: 1, created: 1 });
    const [zhang] = await personByName('张三');
    expect(zhang.firstSourceId).toBe(telecom.id);
    const detail = (await t.app.inject({ url: `/api/screening/persons/${zhang.id}`, headers: bigData.headers })).json();
    expect(detail.firstReporter).toMatchObject({ sourceName: '电信运营商', reportedAt: '2020-01-21T22:00:00.000Z' });
    expect(detail.leadHours.map((l: { sourceName: string; hoursBehindFirst: number }) => [l.sourceName, l.hoursBehindFirst])).toEqual([
      ['电信运营商', 0],
      ['公安', 28],
      ['省级推送', 74],
    ]);
    expect(detail).toMatchObject({ name: '张*', documentNumber: '5106**********' + ZHANG.slice(-4), phone: '139****0001', residenceDivisionName: '四川省德阳市旌阳区' });
    expect(detail.provenance.name.sourceName).toBe('省级推送'); // the most trusted source's spelling stays
    const read = await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.subjectId, zhang.id));
    expect(read.map((a) => a.action)).toContain('screening.person.read');
    // The phone-only person without a division went to the source's default division (the city).
    const cityPersons = (await t.app.ctx.db.select().from(screeningPersons)).filter((p) => p.residenceDivision === '510600');
    expect(cityPersons).toHaveLength(1);
  });

  it('re-importing the same file is idempotent; a corrected file updates the persons instead of duplicating them', async () => {
    const before = (await t.app.ctx.db.select().from(screeningReports)).length;
    const again = await uploadList(t, bigData.headers, police.id, csvBytes(policeRows('什邡市'), 'utf-8', true), 'police-again.csv');
    expect(again).toMatchObject({ duplicate: true, status: 'succeeded' });
    // The second copy of the content is not kept.
    const copies = await rows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from files where sha256 = ${again.contentHash}`);
    expect(copies[0].n).toBe(1);
    await runJobs(t);
    expect((await t.app.ctx.db.select().from(screeningReports)).length).toBe(before);

    const corrected = await uploadList(t, bigData.headers, police.id, csvBytes(policeRows('绵竹市'), 'utf-8', true), 'police-corrected.csv');
    expect(corrected.duplicate).toBe(false);
    await runJobs(t);
    expect(await importRow(corrected.id)).toMatchObject({ status: 'succeeded', accepted: 4, matched: 4, created: 0, reviews: 0 });
    const [sun] = await personByName('孙七');
    expect(sun.residenceDivision).toBe('510683');
    expect(await personByName('王伍')).toHaveLength(1);
  });

  it('compares sources: only-in lists, overlap, lead-time distribution, per day and county; downloadable', async () => {
    const res = await t.app.inject({ url: `/api/screening/comparison?a=${province.id}&b=${police.id}`, headers: bigData.headers });
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json();
    expect(c).toMatchObject({ onlyA: 2, onlyB: 2, both: 2 });
    // 张三: police 1.9 days before the province (−2 whole days); 李四: the province a day before police.
    expect(c.leadDays).toEqual([{ days: -2, persons: 1 }, { days: 1, persons: 1 }]);
    expect(c.byCounty.find((r: { regionCode: string }) => r.regionCode === '510603')).toMatchObject({ regionName: '四川省德阳市旌阳区', both: 1, bFirst: 1 });
    expect(c.byDay.reduce((n: number, d: { onlyA: number; onlyB: number; both: number }) => n + d.onlyA + d.onlyB + d.both, 0)).toBe(6);
    const all = c.byDay.filter((d: { both: number }) => d.both > 0);
    expect(all.every((d: { avgLeadHours: number }) => typeof d.avgLeadHours === 'number')).toBe(true);
    const onlyInA = (await t.app.inject({ url: `/api/screening/comparison/only-in-a?a=${province.id}&b=${police.id}&limit=1`, headers: bigData.headers })).json();
    expect(onlyInA.items).toHaveLength(1);
    const next = (await t.app.inject({ url: `/api/screening/comparison/only-in-a?a=${province.id}&b=${police.id}&limit=1&cursor=${onlyInA.nextCursor}`, headers: bigData.headers })).json();
    expect([...onlyInA.items, ...next.items].map((i: { person: { name: string } }) => i.person.name).sort()).toEqual(['王*', '赵*']);
    const same = await t.app.inject({ url: `/api/screening/comparison?a=${police.id}&b=${police.id}`, headers: bigData.headers });
    expect(same.json().code).toBe('SCREENING_SOURCES_SAME');

    const checker = await createStaff(t.app.ctx, { roles: ['health'], regionCode: '510600' });
    const xlsx = await approvedDownload(t, bigData.headers, checker.headers, { export: 'only_in_a', a: province.id, b: police.id });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    expect(wb.worksheets[0].rowCount).toBe(3);
    expect(JSON.stringify(wb.worksheets[0].getSheetValues())).not.toContain('赵六'); // masked
    // A county officer sees only its county's part.
    const health = await createStaff(t.app.ctx, { roles: ['health'], regionCode: '510623' });
    expect((await t.app.inject({ url: `/api/screening/comparison?a=${province.id}&b=${police.id}`, headers: health.headers })).json()).toMatchObject({ onlyA: 0, onlyB: 0, both: 1 });
  });

  it('merges a review pair and undoes the merge', async () => {
    const [review] = (await t.app.inject({ url: '/api/screening/reviews', headers: bigData.headers })).json();
    const [wang5] = await personByName('王五');
    const [wang5b] = await personByName('王伍');
    const reportsOf = async (id: string) => (await t.app.ctx.db.select().from(screeningReports).where(eq(screeningReports.personId, id))).length;
    const ownReports = await reportsOf(wang5b.id);
    expect(ownReports).toBe(2);
    const merged = await t.app.inject({ method: 'POST', url: `/api/screening/reviews/${review.id}/decision`, headers: bigData.headers, payload: { decision: 'merge', reason: '同一人，姓名错字' } });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json()).toMatchObject({ status: 'merged', mergeId: expect.any(String) });
    expect(await personByName('王伍')).toHaveLength(0);
    expect(await reportsOf(wang5.id)).toBe(1 + ownReports);
    const again = await t.app.inject({ method: 'POST', url: `/api/screening/reviews/${review.id}/decision`, headers: bigData.headers, payload: { decision: 'keep_apart' } });
    expect(again.json().code).toBe('SCREENING_REVIEW_DECIDED');
    const openTasks = await rows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from screening_tasks where person_id = ${wang5b.id} and status = 'open'`);
    expect(openTasks[0].n).toBe(0);

    const undo = await t.app.inject({ method: 'POST', url: `/api/screening/merges/${merged.json().mergeId}/undo`, headers: bigData.headers, payload: { reason: '核实为两人' } });
    expect(undo.statusCode, undo.body).toBe(200);
    expect(undo.json().undoneAt).toBeTruthy();
    expect(await personByName('王伍')).toHaveLength(1);
    expect(await reportsOf(wang5b.id)).toBe(ownReports);
    expect(await reportsOf(wang5.id)).toBe(1);
    const reopened = await rows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from screening_tasks where person_id = ${wang5b.id} and status = 'open'`);
    expect(reopened[0].n).toBe(1);
    expect((await t.app.inject({ url: '/api/screening/reviews', headers: bigData.headers })).json()[0]).toMatchObject({ id: review.id, status: 'open' });
    const twice = await t.app.inject({ method: 'POST', url: `/api/screening/merges/${merged.json().mergeId}/undo`, headers: bigData.headers, payload: { reason: '再撤销' } });
    expect(twice.json().code).toBe('SCREENING_MERGE_UNDONE');
    const audit = (await t.app.ctx.db.select().from(auditLog)).map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['screening.person.merge', 'screening.person.unmerge', 'screening.import.create', 'screening.source.create']));
  });

  it('resumes an XLSX import after a crash from its last committed batch, with no row written twice', async () => {
    const health = (await t.app.inject({ method: 'POST', url: '/api/screening/sources', headers: bigData.headers, payload: { name: '卫健委', kind: 'health', trust: 4 } })).json();
    const list: (string | number | Date)[][] = [HEADER];
    for (let i = 0; i < 50; i++) list.push([`病例${i}`, idNumber('510681', '19800101', 100 + i), `1370000${String(1000 + i)}`, '广汉市', new Date(Date.UTC(2020, 0, 20)), '']);
    for (let i = 0; i < 5; i++) list.push([`坏行${i}`, '', '12345', '广汉市', '', '']);
    const imp = await uploadList(t, bigData.headers, health.id, await xlsxBytes(list), 'health.xlsx', 10);
    expect(imp.format).toBe('xlsx');
    // A worker that dies after its third committed batch (its progress write finds the lease gone).
    let calls = 0;
    const job = (await findJob(t.app.ctx.db, imp.jobId))!;
    const dying: JobRun = {
      id: job.id, type: job.type, payload: job.payload, attempt: 1, checkpoint: null, signal: new AbortController().signal, ctx: t.app.ctx,
      progress: async () => {
        if (++calls === 3) throw new LeaseLostError(job.id);
      },
      saveCheckpoint: async () => {},
    };
    await expect(runImport(dying)).rejects.toThrow(LeaseLostError);
    const crashed = await importRow(imp.id);
    expect(crashed).toMatchObject({ rowsRead: 30, accepted: 30, line: 31 });
    const written = async () => (await t.app.ctx.db.select().from(screeningReports).where(eq(screeningReports.importId, imp.id))).length;
    expect(await written()).toBe(30);

    await runJobs(t);
    expect(await importRow(imp.id)).toMatchObject({ status: 'succeeded', rowsRead: 55, accepted: 50, rejected: 5, created: 50, line: 56 });
    expect(await written()).toBe(50);
    const rejected = await t.app.ctx.db.select().from(screeningRejectedRows).where(eq(screeningRejectedRows.importId, imp.id));
    expect(rejected.map((r) => r.reason)).toEqual(Array(5).fill('phone_invalid'));
    const persons = await rows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from screening_persons where residence_division = '510681' and merged_into is null`);
    expect(persons[0].n).toBe(51); // 50 + 赵六 of the first list
    const [first] = await personByName('病例0');
    expect(first.arrivalDate).toBe('2020-01-20');
  });

  it('a batch planned outside its transaction is planned again under the lock when a candidate appeared meanwhile (no duplicate person)', async () => {
    const source = (await t.app.inject({ method: 'POST', url: '/api/screening/sources', headers: bigData.headers, payload: { name: '并发来源', kind: 'other', trust: 2 } })).json();
    const id = idNumber('510682', '19910203', 321);
    const documentIndex = t.app.ctx.blindIndex.of('id', id);
    const list = [HEADER, ['周并发', id, '13600000321', '什邡市', '', ''], ['吴其他', idNumber('510682', '19920304', 322), '', '什邡市', '', '']];
    const imp = await uploadList(t, bigData.headers, source.id, csvBytes(list), 'concurrent.csv', 10);
    // Another writer creates the person between the batch's plan (made with no transaction open) and its transaction.
    const base = t.app.ctx;
    let raced = false;
    const db = Object.create(base.db, {
      transaction: {
        value: async (...args: Parameters<typeof base.db.transaction>) => {
          if (!raced) {
            raced = true;
            await base.db.insert(screeningPersons).values({
              documentType: 'resident_id', documentIndex, documentNumberCipher: base.cipher.encrypt(id), nameCipher: base.cipher.encrypt('周并发'),
              residenceDivision: '510682', firstReportedAt: new Date(), firstSourceId: province.id, status: 'pending', provenance: {},
            });
          }
          return base.db.transaction(...args);
        },
      },
    });
    const ctx = Object.create(base, { db: { value: db } });
    const job = (await findJob(base.db, imp.jobId))!;
    const run: JobRun = {
      id: job.id, type: job.type, payload: job.payload, attempt: 1, checkpoint: null, signal: new AbortController().signal, ctx,
      progress: async () => {}, saveCheckpoint: async () => {},
    };
    expect(await runImport(run)).toMatchObject({ status: 'succeeded', rowsRead: 2, accepted: 2, matched: 1, created: 1 });
    expect(raced).toBe(true);
    const same = await base.db.select().from(screeningPersons).where(eq(screeningPersons.documentIndex, documentIndex));
    expect(same).toHaveLength(1);
    const reports = await base.db.select().from(screeningReports).where(eq(screeningReports.importId, imp.id));
    expect(reports.find((r) => r.line === 2)?.personId).toBe(same[0].id);
  });

  it('lists imports, persons and dispatch rules in scope; documents every screening route and error code in the OpenAPI document', async () => {
    const imports = (await t.app.inject({ url: '/api/screening/imports?limit=3', headers: bigData.headers })).json();
    expect(imports).toHaveLength(3);
    expect(imports[0]).toMatchObject({ counters: { rowsRead: expect.any(Number) } });
    // Pages by a keyset cursor: persons of one batch share their creation time, and none is skipped or repeated.
    const persons: { id: string; name: string | null }[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string; name: string | null }[]; nextCursor: string | null } = (await t.app.inject({ url: `/api/screening/persons?status=pending&limit=7${cursor ? `&cursor=${cursor}` : ''}`, headers: bigData.headers })).json();
      persons.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const [{ n: total }] = await rows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from screening_persons where merged_into is null and status = 'pending'`);
    expect(persons.length).toBe(total);
    expect(new Set(persons.map((p) => p.id)).size).toBe(total);
    expect(total).toBeGreaterThan(50);
    expect(persons.every((p: { name: string | null }) => !p.name || p.name.endsWith('*'))).toBe(true);
    const county = await createStaff(t.app.ctx, { roles: ['county_command'], regionCode: '510623' });
    const mine = (await t.app.inject({ url: '/api/screening/persons', headers: county.headers })).json().items;
    expect(mine.map((p: { residenceDivision: string }) => p.residenceDivision)).toEqual(['510623']);
    expect((await t.app.inject({ url: '/api/screening/imports', headers: county.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/screening/dispatch-rules', headers: county.headers })).json()).toEqual([]);
    // Looked up by ID number (as people type it) or by phone, through the blind indexes; audited without the number.
    const byId = (await t.app.inject({ url: `/api/screening/persons?documentNumber=${encodeURIComponent(` ${ZHANG.slice(0, 6)} ${ZHANG.slice(6)}`)}`, headers: bigData.headers })).json();
    expect(byId.items.map((p: { name: string }) => p.name)).toEqual(['张*']);
    const byPhone = (await t.app.inject({ url: `/api/screening/persons?phone=${encodeURIComponent('+86 139 0000 0003')}`, headers: bigData.headers })).json();
    expect(byPhone.items.map((p: { name: string }) => p.name).sort()).toEqual(['孙*', '王*', '王*']);
    expect((await t.app.inject({ url: '/api/screening/persons?documentNumber=123456789012345678', headers: bigData.headers })).statusCode).toBe(400);
    const searches = await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'screening.person.search'));
    expect(searches).toHaveLength(2);
    expect(JSON.stringify(searches)).not.toContain(ZHANG);
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/screening/sources/${province.id}`, headers: bigData.headers, payload: { columnMapping: { name: '人员姓名' } } });
    expect(patched.json()).toMatchObject({ columnMapping: { name: '人员姓名' } });

    const doc = (await t.app.inject({ url: '/api/docs/json' })).json();
    const paths = Object.keys(doc.paths).filter((p) => p.startsWith('/api/screening'));
    expect(paths.length).toBeGreaterThanOrEqual(20);
    for (const path of paths) for (const op of Object.values(doc.paths[path]) as { tags: string[]; responses: object }[]) {
      expect(op.tags, path).toEqual(['screening']);
      expect(Object.keys(op.responses).length, path).toBeGreaterThan(1);
    }
    expect(doc.info.description).toContain('SCREENING_CLOSE_INCOMPLETE');
  });

  it('refuses a binary upload; a list it cannot read fails the import on the job\'s last attempt, saying why', async () => {
    const source = (await t.app.inject({ url: '/api/screening/sources', headers: bigData.headers })).json()[0];
    const { multipart } = await import('./screening.support.ts');
    const body = multipart(Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]), 'tool.exe');
    const refused = await t.app.inject({ method: 'POST', url: `/api/screening/imports?sourceId=${source.id}`, headers: { ...bigData.headers, ...body.headers }, payload: body.payload });
    expect(refused.statusCode).toBe(415);
    const broken = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200, 1)]);
    const imp = await uploadList(t, bigData.headers, source.id, broken, 'broken.xlsx');
    const job = (await findJob(t.app.ctx.db, imp.jobId))!;
    const lastAttempt: JobRun = {
      id: job.id, type: job.type, payload: job.payload, attempt: 5, checkpoint: null, signal: new AbortController().signal, ctx: t.app.ctx,
      progress: async () => {}, saveCheckpoint: async () => {},
    };
    await expect(runImport(lastAttempt)).rejects.toThrow();
    const failed = (await t.app.inject({ url: `/api/screening/imports/${imp.id}`, headers: bigData.headers })).json();
    expect(failed).toMatchObject({ status: 'failed', error: expect.any(String), counters: { rowsRead: 0 } });
  });

  it('finds the header below title rows, and fails a list without an ID or phone column, saying what to do', async () => {
    const source = (await t.app.inject({ method: 'POST', url: '/api/screening/sources', headers: bigData.headers, payload: { name: '交通卡口', kind: 'other' } })).json();
    const titled = await xlsxBytes([['德阳市返乡人员排查名单（1月25日）'], [], HEADER, ['钱一', '', '13500000001', '旌阳区', '', '']]);
    const imp = await uploadList(t, bigData.headers, source.id, titled, 'titled.xlsx');
    await runJobs(t);
    expect(await importRow(imp.id)).toMatchObject({ status: 'succeeded', rowsRead: 1, accepted: 1 });
    const headless = await uploadList(t, bigData.headers, source.id, csvBytes([['名字', '地址'], ['钱二', '旌阳区']]), 'headless.csv');
    await runJobs(t);
    expect(await importRow(headless.id)).toMatchObject({ status: 'failed', rowsRead: 0, error: expect.stringContaining('column mapping') });
  });

  it('proposes a column mapping from a sample file\'s first rows (CSV in GBK, XLSX below a title), keeping nothing and sending back no cell', async () => {
    const propose = async (content: Buffer, name: string, headers = bigData.headers) => {
      const body = multipart(content, name);
      return t.app.inject({ method: 'POST', url: '/api/screening/mapping-proposal', headers: { ...headers, ...body.headers }, payload: body.payload });
    };
    const id = idNumber('510603', '19900307', 12);
    const rowsOf: (string | number)[][] = [['序号', '人员姓名', '公民身份号码', '联系手机', '户籍所在区县', '现居住地', '到达时间']];
    for (let i = 0; i < 200; i++) rowsOf.push([i + 1, '张三', id, '13800000000', '旌阳区', '旌阳区', '2020-01-25']);
    const filesBefore = await rows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from files`);
    const csv = await propose(csvBytes(rowsOf, 'gbk'), 'sample.csv');
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.json()).toMatchObject({
      format: 'csv',
      encoding: 'gb18030',
      headerLine: 1,
      mapping: { name: '人员姓名', idNumber: '公民身份号码', phone: '联系手机', householdDivision: '户籍所在区县', residenceDivision: '现居住地', arrivalDate: '到达时间' },
    });
    expect(csv.body).not.toContain(id);
    expect(csv.body).not.toContain('13800000000');
    const xlsx = await propose(await xlsxBytes([['排查名单'], [], ['甲', '乙'], ['李四', '+86 139-0000-0000'], ['王五', '13900000001']]), 'sample.xlsx');
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    expect(xlsx.json()).toMatchObject({ format: 'xlsx', headerLine: 3, mapping: { phone: '乙' }, basis: { phone: 'content' } });
    expect(await rows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from files`)).toEqual(filesBefore);
    expect((await propose(Buffer.from([0, 1, 2, 3, 0, 0]), 'x.bin')).statusCode).toBe(400);
    expect((await propose(Buffer.alloc(0), 'empty.csv')).statusCode).toBe(400);
    const officer = await createStaff(t.app.ctx, { roles: ['health'], regionCode: '510600' });
    expect((await propose(csvBytes(rowsOf), 'sample.csv', officer.headers)).statusCode).toBe(403);
  });

  it('cancels an import: a queued one at once, a running one after its current batch', async () => {
    const other = (await t.app.inject({ method: 'POST', url: '/api/screening/sources', headers: bigData.headers, payload: { name: '自主申报', kind: 'self_declared' } })).json();
    const list: (string | number)[][] = [HEADER];
    for (let i = 0; i < 30; i++) list.push([`申报${i}`, '', `1360000${String(1000 + i)}`, '旌阳区', '', '']);
    const queued = await uploadList(t, bigData.headers, other.id, csvBytes(list), 'a.csv', 10);
    const cancelled = await t.app.inject({ method: 'POST', url: `/api/screening/imports/${queued.id}/cancel`, headers: bigData.headers });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelRequested: true });
    await runJobs(t);
    expect(await importRow(queued.id)).toMatchObject({ status: 'cancelled', rowsRead: 0 });

    // Uploading the same file again resumes it; cancelling while it runs stops after the batch in hand.
    const resumed = await uploadList(t, bigData.headers, other.id, csvBytes(list), 'a.csv', 10);
    expect(resumed).toMatchObject({ id: queued.id, duplicate: true, status: 'queued' });
    const job = (await findJob(t.app.ctx.db, resumed.jobId))!;
    const run: JobRun = {
      id: job.id, type: job.type, payload: job.payload, attempt: 1, checkpoint: null, signal: new AbortController().signal, ctx: t.app.ctx,
      progress: async () => {
        await t.app.inject({ method: 'POST', url: `/api/screening/imports/${queued.id}/cancel`, headers: bigData.headers });
      },
      saveCheckpoint: async () => {},
    };
    expect(await runImport(run)).toMatchObject({ status: 'cancelled', rowsRead: 10 });
    expect(await importRow(queued.id)).toMatchObject({ status: 'cancelled', rowsRead: 10, line: 11 });
  });

  it('imports at the pace the officer chose: paced by default (batches sized by the import), fast in fixed 1 000-row batches; kept on the import, shown and audited; a bad pace is a field-level 400', async () => {
    const src = (await t.app.inject({ method: 'POST', url: '/api/screening/sources', headers: bigData.headers, payload: { name: '街道摸排', kind: 'other' } })).json();
    const list = (tag: string): (string | number)[][] => {
      const out: (string | number)[][] = [HEADER];
      for (let i = 0; i < 1200; i++) out.push([`${tag}${i}`, '', `137${tag === '快' ? '1' : '2'}${String(i).padStart(7, '0')}`, '旌阳区', '', '']);
      return out;
    };
    const post = (query: string, content = csvBytes(list('坏'))) => {
      const body = multipart(content, 'pace.csv');
      return t.app.inject({ method: 'POST', url: `/api/screening/imports?sourceId=${src.id}${query}`, headers: { ...bigData.headers, ...body.headers }, payload: body.payload });
    };
    // Validated before anything is stored: an unknown pace, and a paced import with a fixed batch size.
    const unknown = await post('&pace=slow');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(unknown.json().details)).toContain('pace');
    const contradiction = await post('&pace=paced&batchRows=500');
    expect(contradiction.statusCode).toBe(400);
    expect(contradiction.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'batchRows' } });
    expect((await rows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from screening_imports where source_id = ${src.id}`))[0].n).toBe(0);

    // Cancelled at its first progress report, an import stops after its first batch: the batch's size shows.
    const firstBatch = async (imp: { id: string; jobId: string }) => {
      const job = (await findJob(t.app.ctx.db, imp.jobId))!;
      const run: JobRun = {
        id: job.id, type: job.type, payload: job.payload, attempt: 1, checkpoint: null, signal: new AbortController().signal, ctx: t.app.ctx,
        progress: async () => {
          await t.app.inject({ method: 'POST', url: `/api/screening/imports/${imp.id}/cancel`, headers: bigData.headers });
        },
        saveCheckpoint: async () => {},
      };
      return (await runImport(run)).rowsRead;
    };
    const paced = await uploadList(t, bigData.headers, src.id, csvBytes(list('慢')), 'paced.csv');
    expect(paced).toMatchObject({ pace: 'paced', batchRows: null });
    expect(await firstBatch(paced)).toBe(200); // the pacer's first batch (PACE.startRows)
    const fast = (await post('&pace=fast', csvBytes(list('快')))).json();
    expect(fast).toMatchObject({ pace: 'fast', batchRows: 1000 });
    expect(await firstBatch(fast)).toBe(1000);
    expect((await t.app.inject({ url: `/api/screening/imports/${fast.id}`, headers: bigData.headers })).json()).toMatchObject({ pace: 'fast', batchRows: 1000, status: 'cancelled' });
    const audit = await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.subjectId, fast.id));
    expect(audit.find((a) => a.action === 'screening.import.create')?.detail).toMatchObject({ pace: 'fast', batchRows: 1000 });

    // Uploaded again (resumed), the import runs at the pace of the new upload, to the end.
    const resumed = await uploadList(t, bigData.headers, src.id, csvBytes(list('快')), 'pace.csv');
    expect(resumed).toMatchObject({ id: fast.id, duplicate: true, pace: 'paced', batchRows: null });
    await runJobs(t);
    expect(await importRow(fast.id)).toMatchObject({ status: 'succeeded', rowsRead: 1200, accepted: 1200, pace: 'paced' });
  });
});
