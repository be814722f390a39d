import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { asStaff } from '../../platform/access/policy.ts';
import type { Principal } from '../../platform/access/principal.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { DocumentType } from '../../platform/identity/documents.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { maskIdNumber, maskName } from '../../platform/crypto/masking.ts';
import type { ImportRejectedRow, ImportRejectReason } from '@fangxian/contracts/tracing';
import { TracingErrors } from './tracing.errors.ts';
import * as repo from './tracing.repository.ts';
import { registerCase, type NewCaseInput } from './tracing.service.ts';

/**
 * Bulk import of case files (CSV or XLSX, first sheet; a header row names the columns in Chinese or
 * English) and the export. Each row is registered exactly as one case entered in the console
 * (registerCase: validation, ciphertexts, history, audit, the code recomputed), in its own
 * transaction: good rows are kept, bad rows come back with their line, field and reason, and no row
 * is half-written.
 */

const COLUMNS: Record<string, keyof NewCaseInput> = {
  姓名: 'name', name: 'name',
  证件类型: 'documentType', documenttype: 'documentType',
  证件号码: 'documentNumber', 身份证号: 'documentNumber', documentnumber: 'documentNumber',
  状态: 'status', 病例类型: 'status', status: 'status',
  发病日期: 'onsetDate', onsetdate: 'onsetDate',
  报告日期: 'reportDate', reportdate: 'reportDate',
  确诊日期: 'confirmedDate', confirmeddate: 'confirmedDate',
  来源: 'source', source: 'source',
  地区: 'regionCode', 所属地区: 'regionCode', 行政区划代码: 'regionCode', regioncode: 'regionCode',
  备注: 'notes', notes: 'notes',
};
const STATUS: Record<string, NewCaseInput['status']> = { 确诊: 'confirmed', 确诊病例: 'confirmed', confirmed: 'confirmed', 无症状: 'asymptomatic', 无症状感染者: 'asymptomatic', asymptomatic: 'asymptomatic', 疑似: 'suspected', 疑似病例: 'suspected', suspected: 'suspected' };
const SOURCE: Record<string, string> = { 医疗机构报告: 'hospital', 医院: 'hospital', hospital: 'hospital', 排查发现: 'screening', screening: 'screening', 主动报告: 'self_report', self_report: 'self_report', 密接转归: 'contact_tracing', contact_tracing: 'contact_tracing', 检测阳性: 'laboratory', laboratory: 'laboratory' };
export const DOCUMENT: Record<string, DocumentType> = { 居民身份证: 'resident_id', 身份证: 'resident_id', resident_id: 'resident_id', 护照: 'passport', passport: 'passport' } as Record<string, DocumentType>;

/** The header row of the template (Chinese; English names are accepted too). */
export const IMPORT_TEMPLATE = '姓名,证件类型,证件号码,状态,发病日期,报告日期,确诊日期,来源,所属地区,备注\r\n';

/** The most rows one import takes (a larger list is split). */
export const MAX_IMPORT_ROWS = 5000;

/** A refused row: its line, the field at fault and the reason as a code with params (worded by the console in zh and en). */
export type RejectedRow<R extends string = ImportRejectReason> = Omit<ImportRejectedRow, 'reason'> & { reason: R };
/** What a row handler answers for a row it refuses. */
export type RowRejection<R extends string = ImportRejectReason> = Omit<RejectedRow<R>, 'line'>;

/** A row as a handler reads it: its line and its cells by field. */
export interface ImportRow<F extends string> {
  line: number;
  raw: Partial<Record<F, unknown>>;
  /** The cell of a field as trimmed text ('' when empty). */
  text(field: F): string;
}

/**
 * The refusal of a row from an error the per-row service threw (validation: 4xx): the field it names
 * (or the one the code implies) and the reason code. Anything else (5xx, not an AppError) is rethrown.
 */
export function rejectionOf(err: unknown): RowRejection {
  if (!(err instanceof AppError) || err.status >= 500) throw err;
  const named = err.details?.field as string | undefined;
  switch (err.code) {
    case 'TRACING_DOCUMENT_INVALID':
      return { field: named ?? 'documentNumber', reason: 'document_invalid' };
    case 'TRACING_DIVISION_UNKNOWN':
      return { field: named ?? 'regionCode', reason: 'division_unknown' };
    case 'NOT_FOUND':
    case 'FORBIDDEN':
      return { field: 'regionCode', reason: 'out_of_scope' };
    case 'TRACING_DATES_INVALID':
      return { field: named ?? null, reason: 'dates_invalid', params: { field: named ?? 'date' } };
    default:
      return { field: named ?? null, reason: 'invalid', params: { code: err.code } };
  }
}

/**
 * The one reading of an import file (case files, lab results): the sheet's rows, the header mapped to
 * fields (`columns`, Chinese or English names), every `required` field present, at most `maxRows`; then
 * each data row handed to `handle` in turn, which saves it (in its own transaction) or answers why
 * not. A handler's 4xx error refuses its row (rejectionOf); good rows are kept whatever the others do.
 */
export async function eachImportRow<F extends string, R extends string = ImportRejectReason>(
  input: { format: 'csv' | 'xlsx'; content: Buffer },
  spec: {
    columns: Record<string, F>;
    /** The fields whose columns must be there (or, from the columns present, which must). */
    required: readonly F[] | ((present: ReadonlySet<F>) => readonly F[]);
    maxRows: number;
    /** A handler's 4xx error as a refusal (default: rejectionOf, the case and lab imports' codes). */
    rejectionOf?: (err: unknown) => RowRejection<R>;
  },
  handle: (row: ImportRow<F>) => Promise<RowRejection<R> | void>,
): Promise<RejectedRow<R>[]> {
  let rows: { line: number; cells: unknown[] }[];
  try {
    rows = await sheetRows(input.format, input.content);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(TracingErrors.TRACING_IMPORT_UNREADABLE);
  }
  const [header, ...data] = rows;
  if (!header) throw new AppError(TracingErrors.TRACING_IMPORT_UNREADABLE);
  const fields = header.cells.map((c) => spec.columns[String(c ?? '').trim().toLowerCase()] ?? spec.columns[String(c ?? '').trim()] ?? null);
  const present = new Set(fields.filter((f): f is F => f !== null));
  for (const required of typeof spec.required === 'function' ? spec.required(present) : spec.required) {
    if (!present.has(required)) throw new AppError(TracingErrors.TRACING_IMPORT_COLUMNS, { missing: required });
  }
  if (data.length > spec.maxRows) throw new AppError(TracingErrors.TRACING_IMPORT_COLUMNS, { tooManyRows: data.length, max: spec.maxRows });
  const refuse = spec.rejectionOf ?? (rejectionOf as unknown as (err: unknown) => RowRejection<R>);
  const rejected: RejectedRow<R>[] = [];
  for (const row of data) {
    const raw: Partial<Record<F, unknown>> = {};
    fields.forEach((f, i) => {
      if (f) raw[f] = row.cells[i];
    });
    const text = (k: F) => (raw[k] === null || raw[k] === undefined ? '' : String(raw[k]).trim());
    let refused: RowRejection<R> | void;
    try {
      refused = await handle({ line: row.line, raw, text });
    } catch (err) {
      refused = refuse(err);
    }
    if (refused) rejected.push({ line: row.line, ...refused });
  }
  return rejected;
}

/** Checks shared by the imports: the document type (blank = resident ID), the name, the region's form. */
export function commonCells<F extends 'documentType' | 'name' | 'regionCode'>(row: ImportRow<F>): { documentType: DocumentType; name: string; regionCode: string } | RowRejection {
  const documentType = row.text('documentType' as F) ? DOCUMENT[row.text('documentType' as F)] : 'resident_id';
  if (!documentType) return { field: 'documentType', reason: 'document_type_invalid' };
  const name = row.text('name' as F);
  if (!name || name.length > 50) return { field: 'name', reason: 'name_invalid', params: { max: 50 } };
  const regionCode = row.text('regionCode' as F);
  if (!/^\d{6}$/.test(regionCode)) return { field: 'regionCode', reason: 'region_invalid' };
  return { documentType, name, regionCode };
}

/** A day cell (a date, 2020/1/24, 2020年1月24日, 2020-01-24) as YYYY-MM-DD, else the text as written (then refused by the validation). */
export function day(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) return new Date(v.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const s = String(v).trim().replace(/[/.年月]/g, '-').replace(/日$/, '');
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : s;
}

/** The rows of a CSV or of an XLSX's first sheet, each with its line number in the file. */
export async function sheetRows(format: 'csv' | 'xlsx', content: Buffer): Promise<{ line: number; cells: unknown[] }[]> {
  if (format === 'csv') {
    const records = parse(content, { bom: true, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
    return records.map((r) => ({ line: r.info.lines, cells: r.record }));
  }
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw new AppError(TracingErrors.TRACING_IMPORT_UNREADABLE);
  }
  const sheet = book.worksheets[0];
  const rows: { line: number; cells: unknown[] }[] = [];
  sheet?.eachRow((row, n) => {
    const values = (row.values as unknown[]).slice(1).map((v) => {
      if (!v || typeof v !== 'object' || v instanceof Date) return v;
      const o = v as { text?: string; result?: unknown; richText?: { text: string }[] };
      // A rich-text cell (parts in different fonts) is its parts' text; a link its text; a formula its result.
      if (o.richText) return o.richText.map((r) => r.text).join('');
      return o.text ?? o.result ?? String(v);
    });
    rows.push({ line: n, cells: values });
  });
  return rows;
}

/** Imports case files from a CSV or XLSX list: the good rows registered, the bad ones reported by line. */
export async function importCases(ctx: AppContext, principal: Principal, input: { format: 'csv' | 'xlsx'; content: Buffer }, meta: RequestMeta): Promise<{ accepted: number; rejected: RejectedRow[]; caseIds: string[] }> {
  const staff = asStaff(principal);
  const caseIds: string[] = [];
  const rejected = await eachImportRow(input, { columns: COLUMNS, required: ['name', 'documentNumber', 'status', 'reportDate', 'regionCode'], maxRows: MAX_IMPORT_ROWS }, async (row) => {
    const status = STATUS[row.text('status')];
    if (!status) return { field: 'status', reason: 'status_invalid' };
    const source = row.text('source') ? SOURCE[row.text('source')] : 'hospital';
    if (!source) return { field: 'source', reason: 'source_invalid' };
    const common = commonCells(row);
    if ('reason' in common) return common;
    const days = { onsetDate: day(row.raw.onsetDate), reportDate: day(row.raw.reportDate), confirmedDate: day(row.raw.confirmedDate) };
    const created = await registerCase(
      ctx,
      staff,
      { status, ...common, documentNumber: row.text('documentNumber'), source, notes: row.text('notes').slice(0, 2000), onsetDate: days.onsetDate, reportDate: days.reportDate ?? '', confirmedDate: days.confirmedDate },
      meta,
    );
    caseIds.push(created.id);
  });
  await recordAudit(ctx.db, { actor: staff, ip: meta.ip, requestId: meta.requestId, action: 'tracing.case.import', subjectType: 'tracing_case', regionCode: staff.regionCode, detail: { accepted: caseIds.length, rejected: rejected.length } });
  return { accepted: caseIds.length, rejected, caseIds };
}

/** The region's cases as CSV (masked names and ID numbers; UTF-8 with BOM for Excel); audited. */
export async function exportCases(ctx: AppContext, principal: Principal, meta: RequestMeta): Promise<string> {
  const staff = asStaff(principal);
  const found = await repo.listCases(ctx.db, { scope: staff.regionCode, before: null, limit: 10_000 });
  const q = (v: unknown) => `"${String(v ?? '').replace(/"/g, '""')}"`;
  const lines = [['编号', '姓名', '证件号码', '状态', '发病日期', '报告日期', '确诊日期', '来源', '所属地区', '公布编号', '登记时间'].map(q).join(',')];
  for (const c of found) {
    lines.push([c.id, maskName(ctx.cipher.decrypt(c.nameCipher)), maskIdNumber(ctx.cipher.decrypt(c.documentNumberCipher)), c.status, c.onsetDate, c.reportDate, c.confirmedDate, c.source, c.regionCode, c.publicNumber ?? '', c.createdAt.toISOString()].map(q).join(','));
  }
  await recordAudit(ctx.db, { actor: staff, ip: meta.ip, requestId: meta.requestId, action: 'tracing.case.export', subjectType: 'tracing_case', regionCode: staff.regionCode, detail: { count: found.length } });
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
