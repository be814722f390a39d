import ExcelJS from 'exceljs';

/** The member import template (成员导入模板) and its reader: column A the mobile number, column B the department (optional). */

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const IMPORT_MAX_ROWS = 5000;
const HEADERS = ['手机号 mobile', '部门 department（选填 optional）'];

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
