import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp } from './support.ts';
import { createStaff, type SignedIn } from './factories.ts';
import { HEADER, csvBytes, idNumber, runJobs, uploadList, wrongCheck } from './screening.support.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';
import { approvals } from '../src/platform/approvals/approvals.tables.ts';
import { files } from '../src/platform/files/files.tables.ts';
import { enqueueJob, findJob } from '../src/platform/jobs/jobs.service.ts';
import { PURGE_JOB } from '../src/modules/screening/index.ts';
import { screeningImports, screeningPersons } from '../src/modules/screening/screening.tables.ts';

/** Exports of personal data are maker-checker (issue 10): propose → a different officer approves → the proposer downloads. */
describe('screening: personal-data exports need a second officer\'s approval', { timeout: 180_000 }, () => {
  let t: TestApp;
  let maker: SignedIn;
  let checker: SignedIn;
  let police: SignedIn;
  let county: SignedIn;
  let importId: string;
  let province: { id: string };
  let health: { id: string };

  const propose = (who: SignedIn, payload: object) => t.app.inject({ method: 'POST', url: '/api/screening/exports', headers: who.headers, payload });
  const decide = (who: SignedIn, id: string, decision: 'approve' | 'reject', note?: string) =>
    t.app.inject({ method: 'POST', url: `/api/screening/exports/${id}/decision`, headers: who.headers, payload: { decision, ...(note ? { note } : {}) } });
  const download = (who: SignedIn, id: string) => t.app.inject({ url: `/api/screening/exports/${id}/file`, headers: who.headers });
  const audits = (action: string) => t.app.ctx.db.select().from(auditLog).where(eq(auditLog.action, action));

  beforeAll(async () => {
    t = await createTestApp({ dataDir: mkdtempSync(join(tmpdir(), 'fx-screening-exports-')) });
    maker = await createStaff(t.app.ctx, { roles: ['big_data'], regionCode: '510600' });
    checker = await createStaff(t.app.ctx, { roles: ['big_data'], regionCode: '510600' });
    police = await createStaff(t.app.ctx, { roles: ['police'], regionCode: '510600' });
    county = await createStaff(t.app.ctx, { roles: ['county_command'], regionCode: '510603' });
    const source = async (payload: object) => (await t.app.inject({ method: 'POST', url: '/api/screening/sources', headers: maker.headers, payload })).json();
    province = await source({ name: '省级推送', kind: 'province', trust: 4 });
    health = await source({ name: '卫健委', kind: 'health', trust: 3 });
    const rows = [
      HEADER,
      ['张三', idNumber('510603', '19900307', 123), '13900000001', '旌阳区', '', ''],
      ['李四', idNumber('510623', '19851111', 456), '13900000002', '中江县', '', ''],
      ['坏校验', wrongCheck(idNumber('510603', '19900307', 777)), '13900000009', '旌阳区', '', ''],
    ];
    importId = (await uploadList(t, maker.headers, province.id, csvBytes(rows), '省级名单.csv')).id;
    await uploadList(t, maker.headers, health.id, csvBytes([HEADER, rows[1]]), '卫健名单.csv');
    await runJobs(t);
  }, 120_000);
  afterAll(async () => t.close());

  it('refuses a proposal without a reason or without what the export needs (field-level 400s), and one the officer may not see', async () => {
    expect((await propose(maker, { export: 'rejected_rows', importId })).statusCode).toBe(400);
    const noImport = await propose(maker, { export: 'rejected_rows', reason: '核对错误行' });
    expect(noImport.statusCode).toBe(400);
    expect(noImport.json().details).toMatchObject({ field: 'importId' });
    const noB = await propose(maker, { export: 'only_in_a', a: province.id, reason: '核对名单' });
    expect(noB.json().details).toMatchObject({ field: 'b' });
    expect((await propose(maker, { export: 'only_in_a', a: province.id, b: province.id, reason: '核对名单' })).json().code).toBe('SCREENING_SOURCES_SAME');
    expect((await propose(maker, { export: 'rejected_rows', importId: '00000000-0000-4000-8000-000000000000', reason: '核对错误行' })).statusCode).toBe(404);
    // The police may upload lists (and so see rejected rows) but not compare sources.
    expect((await propose(police, { export: 'only_in_a', a: province.id, b: health.id, reason: '核对名单' })).statusCode).toBe(403);
    // A county command post sees no import of the city's.
    expect((await propose(county, { export: 'rejected_rows', importId, reason: '核对错误行' })).statusCode).toBe(403);
  });

  it('rejected rows: proposed, not downloadable before approval, not approvable by the proposer or outside the region, approved by another officer, downloaded by the proposer only; all audited', async () => {
    const res = await propose(maker, { export: 'rejected_rows', importId, reason: '核对省级推送的错误行' });
    expect(res.statusCode, res.body).toBe(201);
    const proposal = res.json();
    expect(proposal).toMatchObject({ status: 'proposed', export: 'rejected_rows', params: { importId }, reason: '核对省级推送的错误行', downloadUntil: null });
    expect(proposal.describe).toContain('省级名单.csv');
    expect((await audits('screening.personal-export.propose')).map((a) => a.subjectId)).toContain(proposal.id);

    const early = await download(maker, proposal.id);
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('SCREENING_EXPORT_NOT_APPROVED');
    expect((await decide(maker, proposal.id, 'approve')).json().code).toBe('APPROVALS_SAME_OFFICER');
    expect((await decide(county, proposal.id, 'approve')).statusCode).toBe(404);
    // The county officer's list does not show the city's proposals; the checker's does.
    expect((await t.app.inject({ url: '/api/screening/exports', headers: county.headers })).json()).toEqual([]);
    expect((await t.app.inject({ url: '/api/screening/exports', headers: checker.headers })).json().map((p: { id: string }) => p.id)).toContain(proposal.id);

    const approved = await decide(checker, proposal.id, 'approve', '同意，仅用于核对');
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', decisionNote: '同意，仅用于核对' });
    expect(Date.parse(approved.json().downloadUntil) - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect((await decide(checker, proposal.id, 'reject')).json().code).toBe('APPROVALS_NOT_PENDING');

    // Only the proposer downloads what was approved.
    expect((await download(checker, proposal.id)).statusCode).toBe(404);
    const xlsx = await download(maker, proposal.id);
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    const sheet = wb.worksheets[0];
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(1).value).toBe(4);
    expect(String(sheet.getRow(2).getCell(3).value)).toBe('id_checksum');
    const downloads = await audits('screening.rejected-rows.export');
    expect(downloads).toHaveLength(1);
    expect(downloads[0].detail).toMatchObject({ filter: { importId, approvalId: proposal.id } });
    expect((await audits('screening.personal-export.approve')).map((a) => a.subjectId)).toContain(proposal.id);
  });

  it('a rejected proposal is never downloadable; the download window closes 24 h after the approval', async () => {
    const rejected = (await propose(maker, { export: 'only_in_a', a: province.id, b: health.id, reason: '核对名单差异' })).json();
    expect((await decide(checker, rejected.id, 'reject', '理由不充分')).json()).toMatchObject({ status: 'rejected' });
    expect((await download(maker, rejected.id)).json()).toMatchObject({ code: 'SCREENING_EXPORT_NOT_APPROVED', details: { status: 'rejected' } });
    expect(await audits('screening.personal-export.reject')).toHaveLength(1);

    const p = (await propose(maker, { export: 'only_in_a', a: province.id, b: health.id, reason: '核对名单差异' })).json();
    expect((await decide(checker, p.id, 'approve')).statusCode).toBe(200);
    const ok = await download(maker, p.id);
    expect(ok.statusCode, ok.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(ok.rawPayload as never);
    // 李四 is only in the province's list (the health commission reported 张三 too), masked.
    expect(wb.worksheets[0].rowCount).toBe(2);
    expect(String(wb.worksheets[0].getRow(2).getCell(2).value)).toMatch(/^李\*$/);
    await t.app.ctx.db
      .update(approvals)
      .set({ decidedAt: sql`now() - interval '25 hours'` })
      .where(and(eq(approvals.id, p.id)));
    expect((await download(maker, p.id)).json().code).toBe('SCREENING_EXPORT_WINDOW_PASSED');
  });

  it('retention: the job deletes the uploaded lists of imports finished longer ago than FX_SCREENING_LIST_RETENTION_DAYS; what was imported stays', async () => {
    expect(t.app.ctx.config.screeningListRetentionDays).toBe(90);
    const imports = await t.app.ctx.db.select().from(screeningImports);
    expect(imports.length).toBe(2);
    const fileIds = imports.map((i) => i.fileId);
    const stored = async () => (await t.app.ctx.db.select({ id: files.id }).from(files)).filter((f) => fileIds.includes(f.id)).length;
    expect(await stored()).toBe(2);
    const persons = (await t.app.ctx.db.select().from(screeningPersons)).length;
    // Nothing is due yet.
    const first = await enqueueJob(t.app.ctx, t.app.ctx.db, { type: PURGE_JOB });
    await runJobs(t);
    expect(await findJob(t.app.ctx.db, first)).toMatchObject({ status: 'succeeded', result: { purged: 0 } });
    // One import finished 91 days ago: its file goes, the other stays.
    await t.app.ctx.db.update(screeningImports).set({ finishedAt: sql`now() - interval '91 days'` }).where(eq(screeningImports.id, importId));
    const second = await enqueueJob(t.app.ctx, t.app.ctx.db, { type: PURGE_JOB });
    await runJobs(t);
    expect(await findJob(t.app.ctx.db, second)).toMatchObject({ status: 'succeeded', result: { purged: 1 } });
    expect(await stored()).toBe(1);
    expect((await t.app.ctx.db.select({ id: files.id }).from(files).where(eq(files.id, imports.find((i) => i.id === importId)!.fileId))).length).toBe(0);
    expect((await t.app.ctx.db.select().from(screeningPersons)).length).toBe(persons);
    expect((await audits('screening.list.purge'))[0].detail).toMatchObject({ files: 1, retentionDays: 90 });
    // The import still answers, with its counters.
    expect((await t.app.inject({ url: `/api/screening/imports/${importId}`, headers: maker.headers })).json()).toMatchObject({ status: 'succeeded', counters: { accepted: 2, rejected: 1 } });
  });

  it('the old direct downloads of personal data are gone; the aggregate figures need no approval', async () => {
    expect((await t.app.inject({ url: `/api/screening/imports/${importId}/rejected.xlsx`, headers: maker.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/screening/comparison/only-in-a.xlsx?a=${province.id}&b=${health.id}`, headers: maker.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/screening/tasks.xlsx', headers: maker.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/screening/figures.xlsx?by=source', headers: maker.headers })).statusCode).toBe(200);
  });
});
