import { randomBytes } from 'node:crypto';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { checkCharacterOf } from '@fangxian/contracts/id-documents';
import type { TestApp } from './support.ts';
import { JobRunner } from '../src/platform/jobs/jobs.runner.ts';

/** Shared fixtures of the screening integration tests: lists as files, upload, running the import job. */

/** A valid resident ID number in a division, born on a given day, with a sequence number. */
export function idNumber(division: string, birth: string, seq: number): string {
  const first17 = `${division}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacterOf(first17);
}

/** The same number with another (wrong) check character. */
export function wrongCheck(id: string): string {
  return id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
}

/** CSV text of rows (fields quoted when needed). */
export function csvText(rows: (string | number)[][]): string {
  return rows.map((r) => r.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',')).join('\r\n') + '\r\n';
}

/** The CSV bytes in an encoding, optionally with a UTF-8 BOM. */
export function csvBytes(rows: (string | number)[][], encoding: 'utf-8' | 'gbk' = 'utf-8', bom = false): Buffer {
  const text = csvText(rows);
  const body = encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8');
  return bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

/** An XLSX workbook of rows. */
export async function xlsxBytes(rows: (string | number | Date)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名单');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A multipart/form-data body with one file field, for app.inject. */
export function multipart(content: Buffer, filename: string): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----fx${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Uploads a list into a source; answers the import (202). */
export async function uploadList(t: TestApp, headers: Record<string, string>, sourceId: string, content: Buffer, filename: string, batchRows?: number) {
  const body = multipart(content, filename);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/screening/imports?sourceId=${sourceId}${batchRows ? `&batchRows=${batchRows}` : ''}`,
    headers: { ...headers, ...body.headers },
    payload: body.payload,
  });
  if (res.statusCode !== 202) throw new Error(`upload failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Runs queued jobs until none is due (the tests run without the background runner). */
export async function runJobs(t: TestApp, runner = new JobRunner(t.app.ctx, { workerId: 'test-runner', retryBaseMs: 1000 })): Promise<void> {
  while (await runner.runOnce()) {
    /* next */
  }
}

/** A list header as the sources of 2020 wrote it. */
export const HEADER = ['姓名', '身份证号', '手机号', '现住地', '抵达日期', '报告时间'];

/**
 * An export of personal data through maker-checker: `maker` proposes it, `checker` (another officer)
 * approves it, and `maker` downloads it. Answers the download (inject response).
 */
export async function approvedDownload(t: TestApp, maker: Record<string, string>, checker: Record<string, string>, request: Record<string, unknown>) {
  const proposed = await t.app.inject({ method: 'POST', url: '/api/screening/exports', headers: maker, payload: { reason: '核对名单，跟进核查', ...request } });
  if (proposed.statusCode !== 201) throw new Error(`export proposal failed: ${proposed.statusCode} ${proposed.body}`);
  const id = proposed.json().id as string;
  const approved = await t.app.inject({ method: 'POST', url: `/api/screening/exports/${id}/decision`, headers: checker, payload: { decision: 'approve' } });
  if (approved.statusCode !== 200) throw new Error(`export approval failed: ${approved.statusCode} ${approved.body}`);
  return t.app.inject({ url: `/api/screening/exports/${id}/file`, headers: maker });
}
