import { asStaff } from '../../platform/access/policy.ts';
import type { Principal } from '../../platform/access/principal.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { commonCells, day, eachImportRow, type RejectedRow } from './tracing.import.ts';
import { recordLabResult, type LabResultInput } from './tracing.labs.ts';

/**
 * Lab results imported from a laboratory's list (CSV or XLSX, first sheet; a header row in Chinese or
 * English; template at GET /tracing/lab-results/import-template.csv). Each row is recorded exactly as
 * one entered in the console (recordLabResult: validation, ciphertexts + blind index, audit, the
 * person's code recomputed, a positive result without an open case proposing one) in its own
 * transaction (eachImportRow, shared with the case import): the good rows are kept, the bad ones come
 * back with line, field and a reason code.
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
  const results: { line: number; id: string; proposesCase: boolean }[] = [];
  const required = ['name', 'documentNumber', 'sampleDate', 'testType', 'lab', 'result', 'reportDate', 'regionCode'] as const;
  const rejected = await eachImportRow(input, { columns: COLUMNS, required, maxRows: MAX_LAB_IMPORT_ROWS }, async (row) => {
    const common = commonCells(row);
    if ('reason' in common) return common;
    const testType = TEST_TYPE[row.text('testType').toLowerCase()] ?? TEST_TYPE[row.text('testType')];
    if (!testType) return { field: 'testType', reason: 'test_type_invalid' };
    const result = RESULT[row.text('result').toLowerCase()] ?? RESULT[row.text('result')];
    if (!result) return { field: 'result', reason: 'result_invalid' };
    const lab = row.text('lab');
    if (lab.length < 2 || lab.length > 100) return { field: 'lab', reason: 'lab_invalid', params: { min: 2, max: 100 } };
    const sampleDate = day(row.raw.sampleDate) ?? '';
    const reportDate = day(row.raw.reportDate) ?? '';
    const saved = await recordLabResult(ctx, staff, { ...common, documentNumber: row.text('documentNumber'), sampleDate, testType, lab, result, reportDate }, meta);
    results.push({ line: row.line, id: saved.id, proposesCase: saved.proposesCase });
  });
  const proposesCase = results.filter((r) => r.proposesCase).length;
  await recordAudit(ctx.db, { actor: staff, ip: meta.ip, requestId: meta.requestId, action: 'tracing.lab.import', subjectType: 'tracing_lab_result', regionCode: staff.regionCode, detail: { accepted: results.length, rejected: rejected.length, proposesCase } });
  return { accepted: results.length, proposesCase, results, rejected };
}
