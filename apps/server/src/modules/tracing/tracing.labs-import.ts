import { asStaff } from '../../platform/access/policy.ts';
import type { Principal } from '../../platform/access/principal.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { TracingErrors } from './tracing.errors.ts';
import { DOCUMENT, day, sheetRows, type RejectedRow } from './tracing.import.ts';
import { recordLabResult, type LabResultInput } from './tracing.labs.ts';

/**
 * Lab results imported from a laboratory's list (CSV or XLSX, first sheet; a header row in Chinese or
 * English; template at GET /tracing/lab-results/import-template.csv). Each row is recorded exactly as
 * one entered in the console (recordLabResult: validation, ciphertexts + blind index, audit, the
 * person's code recomputed, a positive result without an open case proposing one) in its own
 * transaction: the good rows are kept, the bad ones come back with line, field and reason.
 */

const COLUMNS: Record<string, keyof LabResultInput> = {
  姓名: 'name', name: 'name',
  证件类型: 'documentType', documenttype: 'documentType',
  证件号码: 'documentNumber', 身份证号: 'documentNumber', documentnumber: 'documentNumber',
  采样日期: 'sampleDate', sampledate: 'sampleDate',
  检测类型: 'testType', 检测项目: 'testType', testtype: 'testType',
  检测机构: 'lab', lab: 'lab',
  检测结果: 'result', 结果: 'result', result: 'result',
  报告日期: 'reportDate', reportdate: 'reportDate',
  所属地区: 'regionCode', 地区: 'regionCode', 行政区划代码: 'regionCode', regioncode: 'regionCode',
};
const TEST_TYPE: Record<string, LabResultInput['testType']> = { 核酸: 'nucleic_acid', 核酸检测: 'nucleic_acid', nucleic_acid: 'nucleic_acid', 抗原: 'antigen', 抗原检测: 'antigen', antigen: 'antigen', 抗体: 'antibody', 抗体检测: 'antibody', antibody: 'antibody' };
const RESULT: Record<string, LabResultInput['result']> = { 阳性: 'positive', '+': 'positive', positive: 'positive', 阴性: 'negative', '-': 'negative', negative: 'negative' };

/** The header row of the template (Chinese; English names are accepted too). */
export const LAB_IMPORT_TEMPLATE = '姓名,证件类型,证件号码,采样日期,检测类型,检测机构,检测结果,报告日期,所属地区\r\n';
export const MAX_LAB_IMPORT_ROWS = 5000;

export async function importLabResults(
  ctx: AppContext,
  principal: Principal,
  input: { format: 'csv' | 'xlsx'; content: Buffer },
  meta: RequestMeta,
): Promise<{ accepted: number; proposesCase: number; results: { line: number; id: string; proposesCase: boolean }[]; rejected: RejectedRow[] }> {
  const staff = asStaff(principal);
  let rows: { line: number; cells: unknown[] }[];
  try {
    rows = await sheetRows(input.format, input.content);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(TracingErrors.TRACING_IMPORT_UNREADABLE);
  }
  const [header, ...data] = rows;
  if (!header) throw new AppError(TracingErrors.TRACING_IMPORT_UNREADABLE);
  const fields = header.cells.map((c) => COLUMNS[String(c ?? '').trim().toLowerCase()] ?? COLUMNS[String(c ?? '').trim()] ?? null);
  for (const required of ['name', 'documentNumber', 'sampleDate', 'testType', 'lab', 'result', 'reportDate', 'regionCode'] as const) {
    if (!fields.includes(required)) throw new AppError(TracingErrors.TRACING_IMPORT_COLUMNS, { missing: required });
  }
  if (data.length > MAX_LAB_IMPORT_ROWS) throw new AppError(TracingErrors.TRACING_IMPORT_COLUMNS, { tooManyRows: data.length, max: MAX_LAB_IMPORT_ROWS });
  const rejected: RejectedRow[] = [];
  const results: { line: number; id: string; proposesCase: boolean }[] = [];
  for (const row of data) {
    const raw: Record<string, unknown> = {};
    fields.forEach((f, i) => {
      if (f) raw[f] = row.cells[i];
    });
    const text = (k: string) => (raw[k] === null || raw[k] === undefined ? '' : String(raw[k]).trim());
    const reject = (field: string | null, reason: string) => rejected.push({ line: row.line, field, reason });
    const documentType = text('documentType') ? DOCUMENT[text('documentType')] : 'resident_id';
    if (!documentType) {
      reject('documentType', '证件类型不正确');
      continue;
    }
    const name = text('name');
    if (!name || name.length > 50) {
      reject('name', '姓名必填（最多 50 字）');
      continue;
    }
    const testType = TEST_TYPE[text('testType').toLowerCase()] ?? TEST_TYPE[text('testType')];
    if (!testType) {
      reject('testType', '检测类型应为 核酸 / 抗原 / 抗体');
      continue;
    }
    const result = RESULT[text('result').toLowerCase()] ?? RESULT[text('result')];
    if (!result) {
      reject('result', '检测结果应为 阳性 / 阴性');
      continue;
    }
    const lab = text('lab');
    if (lab.length < 2 || lab.length > 100) {
      reject('lab', '检测机构必填（2–100 字）');
      continue;
    }
    const regionCode = text('regionCode');
    if (!/^\d{6}$/.test(regionCode)) {
      reject('regionCode', '地区应为 6 位行政区划代码');
      continue;
    }
    const sampleDate = day(raw.sampleDate) ?? '';
    const reportDate = day(raw.reportDate) ?? '';
    try {
      const saved = await recordLabResult(ctx, staff, { documentType, documentNumber: text('documentNumber'), name, sampleDate, testType, lab, result, reportDate, regionCode }, meta);
      results.push({ line: row.line, id: saved.id, proposesCase: saved.proposesCase });
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      const field = (err.details?.field as string | undefined) ?? (err.code === 'TRACING_DOCUMENT_INVALID' ? 'documentNumber' : err.code === 'TRACING_DIVISION_UNKNOWN' || err.code === 'NOT_FOUND' ? 'regionCode' : null);
      const entry = (err as AppError & { entry?: { zh?: string } }).entry;
      reject(field, err.code === 'NOT_FOUND' ? '地区不在本人管辖范围内' : (entry?.zh ?? err.code));
    }
  }
  const proposesCase = results.filter((r) => r.proposesCase).length;
  await recordAudit(ctx.db, { actor: staff, ip: meta.ip, requestId: meta.requestId, action: 'tracing.lab.import', subjectType: 'tracing_lab_result', regionCode: staff.regionCode, detail: { accepted: results.length, rejected: rejected.length, proposesCase } });
  return { accepted: results.length, proposesCase, results, rejected };
}
