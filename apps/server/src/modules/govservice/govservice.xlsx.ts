import ExcelJS from 'exceljs';
import type { ItemContent } from '@fangxian/contracts/govservice';

/** XLSX exports of government services: the figures of a region and the catalogue (implementation lists). */
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const MODE_ZH: Record<string, string> = { normal: '一般办理', tolerance: '容缺受理', commitment: '告知承诺' };

export interface Figures {
  items: { total: number; tolerance: number; commitment: number; priority: number };
  byMode: { mode: string; status: string; n: number }[];
  byDepartment: { department: string; status: string; n: number }[];
  greenChannel: number;
}

/** Three sheets: items per mode, applications per mode and status, department parts per status. */
export async function figuresWorkbook(f: Figures): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const items = workbook.addWorksheet('事项 items');
  items.addRow(['事项总数 items', '容缺受理 tolerance', '告知承诺 commitment', '优先办 priority', '绿色通道办件 green-channel cases']);
  items.addRow([f.items.total, f.items.tolerance, f.items.commitment, f.items.priority, f.greenChannel]);
  const cases = workbook.addWorksheet('办件 cases');
  cases.addRow(['办理方式 mode', '状态 status', '件数 count']);
  for (const r of f.byMode) cases.addRow([MODE_ZH[r.mode] ?? r.mode, r.status, r.n]);
  const departments = workbook.addWorksheet('部门 departments');
  departments.addRow(['部门 department', '审查状态 part status', '件数 count']);
  for (const r of f.byDepartment) departments.addRow([r.department, r.status, r.n]);
  for (const sheet of [items, cases, departments]) sheet.columns.forEach((c) => { c.width = 22; });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** An XLSX cell holds at most 32 767 characters: a longer content is left out (the import then builds on the item's current content). */
function contentCell(c: ItemContent): string {
  const json = JSON.stringify(c);
  return json.length <= 32_000 ? json : '';
}

/** The published catalogue, one row per item (the implementation-list fields) and one per material. */
export async function catalogueWorkbook(rows: { code: string; version: number; content: ItemContent }[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const items = workbook.addWorksheet('事项 items');
  items.addRow(['事项编码 code', '版本 version', '事项名称 name', '事项类型 type', '实施部门 department', '并联审查部门 review departments', '法定时限(工作日)', '承诺时限(工作日)',
    '办理渠道 channels', '跑动次数 visits', '收费 fees', '容缺受理 tolerance', '告知承诺 commitment', '优先办 priority', '完整内容 content (JSON)']);
  const materials = workbook.addWorksheet('材料 materials');
  materials.addRow(['事项编码 code', '材料 key', '材料名称 name', '必要 required', '形式 form', '份数 count', '可容缺 secondary']);
  for (const r of rows) {
    const c = r.content;
    items.addRow([r.code, r.version, c.name, c.type, c.department, c.reviewDepartments.join('、'), c.legalLimitDays, c.promisedLimitDays, c.channels.join('、'), c.visits,
      c.fees.length ? c.fees.map((x) => `${x.name} ${x.amount}`).join('、') : '0', c.modes.tolerance ? c.modes.tolerance.materials.join('、') : '', c.modes.commitment ? '是' : '', c.modes.priority ? '是' : '', contentCell(c)]);
    for (const m of c.materials) materials.addRow([r.code, m.key, m.name, m.required ? '是' : '否', m.form, m.count, m.secondary ? '是' : '否']);
  }
  items.columns.forEach((col) => { col.width = 20; });
  materials.columns.forEach((col) => { col.width = 20; });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
