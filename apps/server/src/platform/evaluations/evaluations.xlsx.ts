import ExcelJS from 'exceljs';
import type { FigureLine } from './evaluations.rules.ts';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The monthly figures as a workbook: one row per item or department, rates as percentages. */
export async function figuresWorkbook(month: string, by: 'item' | 'department', lines: FigureLine[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(`好差评 ${month}`);
  sheet.addRow([by === 'item' ? '事项编码 item code' : '部门 department', '名称 name', '非常满意', '满意', '基本满意', '不满意', '非常不满意', '评价总数 total', '满意率 satisfaction', '差评 bad', '已整改 rectified', '按时整改 on time', '按时整改率 on-time rate', '申诉剔除 excluded']);
  sheet.getRow(1).font = { bold: true };
  for (const l of lines) {
    sheet.addRow([l.key, l.name, ...l.counts, l.total, l.satisfactionRate, l.bad, l.rectified, l.rectifiedOnTime, l.onTimeRate, l.excluded]);
  }
  sheet.getColumn(9).numFmt = '0.00%';
  sheet.getColumn(13).numFmt = '0.00%';
  sheet.getColumn(1).width = 24;
  sheet.getColumn(2).width = 28;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
