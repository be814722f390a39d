import { existsSync, readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { AppError } from '../../platform/http/errors.ts';
import { TracingErrors } from './tracing.errors.ts';

/**
 * The printable daily follow-up sheet (随访日报表) for teams without phones: A4 landscape, one row per
 * contact with blank boxes to fill in by hand (reached, temperature, symptoms, test), the missed days
 * flagged. pdfkit with the CJK font of FX_CJK_FONT embedded as a subset.
 */

const CJK_FACE = 'NotoSansCJKsc-Regular';

export interface SheetRow {
  name: string;
  phone: string;
  household: string;
  level: string;
  followUntil: string;
  lastEntry: string;
  missed: number;
  doneToday: boolean;
}

export async function renderDailySheet(input: { title: string; day: string; division: string; printedAt: string; rows: SheetRow[] }, fontPath: string): Promise<Buffer> {
  if (!existsSync(fontPath)) throw new AppError(TracingErrors.TRACING_FONT_MISSING);
  const font = readFileSync(fontPath);
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 36, info: { Title: input.title, Producer: 'Fangxian', Creator: 'Fangxian' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  if (fontPath.toLowerCase().endsWith('.ttc')) doc.registerFont('cjk', font, CJK_FACE);
  else doc.registerFont('cjk', font);
  const left = 36;
  const width = doc.page.width - 72;
  doc.font('cjk').fontSize(16).fillColor('#181818').text(input.title, left, 30, { width, align: 'center' });
  doc.fontSize(10).fillColor('#606060').text(`随访日期 ${input.day}　　工作组（地区）${input.division}　　打印时间 ${input.printedAt}　　共 ${input.rows.length} 人`, left, 54, { width, align: 'center' });
  const columns = [
    { title: '序号', w: 30 },
    { title: '姓名', w: 60 },
    { title: '电话', w: 85 },
    { title: '户籍地', w: 90 },
    { title: '类型', w: 60 },
    { title: '观察至', w: 65 },
    { title: '上次随访', w: 65 },
    { title: '漏访', w: 35 },
    { title: '联系上□', w: 50 },
    { title: '体温℃', w: 50 },
    { title: '症状', w: 90 },
    { title: '已检测□', w: 50 },
    { title: '随访人签名', w: width - 730 },
  ];
  let y = 76;
  const rowHeight = 22;
  const drawRow = (cells: string[], header = false) => {
    let x = left;
    doc.fontSize(header ? 9 : 9).fillColor(header ? '#181818' : '#303030');
    columns.forEach((c, i) => {
      doc.rect(x, y, c.w, rowHeight).strokeColor('#999999').lineWidth(0.5).stroke();
      doc.text(cells[i] ?? '', x + 3, y + 6, { width: c.w - 6, height: rowHeight - 4, lineBreak: false, ellipsis: true });
      x += c.w;
    });
    y += rowHeight;
  };
  drawRow(columns.map((c) => c.title), true);
  input.rows.forEach((r, i) => {
    if (y + rowHeight > doc.page.height - 40) {
      doc.addPage({ size: 'A4', layout: 'landscape', margin: 36 });
      doc.font('cjk');
      y = 36;
      drawRow(columns.map((c) => c.title), true);
    }
    drawRow([String(i + 1), r.name, r.phone, r.household, r.level, r.followUntil, r.lastEntry, r.missed > 0 ? `漏${r.missed}天` : '', r.doneToday ? '已录入' : '', '', '', '', '']);
  });
  if (input.rows.length === 0) doc.fontSize(11).fillColor('#606060').text('今日无需随访的密接人员', left, y + 10, { width, align: 'center' });
  doc.end();
  return done;
}
