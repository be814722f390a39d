import ExcelJS from 'exceljs';

/** The member import template (成员导入模板) and its reader: column A the mobile number, column B the department (optional). */

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const IMPORT_MAX_ROWS = 5000;
const HEADERS = ['手机号 mobile', '部门 department（选填 optional；已有部门的名称或路径 an existing department\'s name or path，如 e.g. 办公室/综合科）'];

/** The empty template: the header row only (an example row would be imported by mistake). */
export async function importTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('members');
  sheet.addRow(HEADERS);
  sheet.getColumn(1).width = 18;
  sheet.getColumn(2).width = 30;
  // Phones as text, so a spreadsheet does not turn 13900000001 into 1.39E+10.
  sheet.getColumn(1).numFmt = '@';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export type SheetProblem = 'not_xlsx' | 'too_many_rows' | 'empty';

/** The rows of the first sheet after the header, with their sheet line numbers; empty lines are skipped. */
export async function readImportSheet(buffer: Buffer): Promise<{ rows: { line: number; phone: string; department?: string }[] } | { problem: SheetProblem }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    return { problem: 'not_xlsx' };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { problem: 'empty' };
  const rows: { line: number; phone: string; department?: string }[] = [];
  let tooMany = false;
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    if (line === 1) return;
    const phone = row.getCell(1).text.trim();
    const department = row.getCell(2).text.trim();
    if (!phone && !department) return;
    if (rows.length >= IMPORT_MAX_ROWS) {
      tooMany = true;
      return;
    }
    rows.push(department ? { line, phone: phone.slice(0, 32), department: department.slice(0, 100) } : { line, phone: phone.slice(0, 32) });
  });
  if (tooMany) return { problem: 'too_many_rows' };
  if (rows.length === 0) return { problem: 'empty' };
  return { rows };
}

/** One member's line of the exported day (already masked by the presenter). */
export interface ExportRow {
  name: string;
  phone: string;
  department: string | null;
  reported: boolean;
  late: boolean;
  report: { temperature: number; symptoms: string[]; abnormal: boolean; abnormalReasons: string[]; codeColour: string | null; submittedAt: string; extra: Record<string, string | number> } | null;
}

/**
 * The organisation's day as XLSX (打卡日报导出): a sheet of members (names and phones masked, as on
 * screen; one column per extra field) and a sheet of totals per department node (subtree included).
 */
export async function dayWorkbook(
  org: { name: string; extraFields: { key: string; label: { zh: string } }[] },
  day: string,
  rows: readonly ExportRow[],
  tree: readonly { name: string; depth: number; members: number; reported: number; abnormal: number }[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('members');
  sheet.addRow([`${org.name} ${day}`]);
  sheet.addRow(['姓名 name', '手机 phone', '部门 department', '已打卡 reported', '迟报 late', '体温 °C', '症状 symptoms', '异常 abnormal', '异常原因 reasons', '健康码 code', '提交时间 submitted', ...org.extraFields.map((f) => f.label.zh)]);
  for (const r of rows) {
    sheet.addRow([
      r.name,
      r.phone,
      r.department ?? '',
      r.reported ? '是' : '否',
      r.late ? '是' : '',
      r.report?.temperature ?? '',
      r.report?.symptoms.join(', ') ?? '',
      r.report ? (r.report.abnormal ? '是' : '否') : '',
      r.report?.abnormalReasons.join(', ') ?? '',
      r.report?.codeColour ?? '',
      r.report?.submittedAt ?? '',
      ...org.extraFields.map((f) => r.report?.extra[f.key] ?? ''),
    ]);
  }
  const totals = workbook.addWorksheet('departments');
  totals.addRow(['部门 department', '成员 members', '已打卡 reported', '异常 abnormal']);
  for (const t of tree) totals.addRow([`${'  '.repeat(t.depth)}${t.name || '（未分配 none）'}`, t.members, t.reported, t.abnormal]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
