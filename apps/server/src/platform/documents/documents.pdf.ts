import { existsSync, readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { AppError } from '../http/errors.ts';
import { DocumentErrors } from './documents.errors.ts';

/**
 * Renders a certificate or approval letter as an A4 PDF: pdfkit with the CJK font embedded as a
 * subset (only the glyphs used: a one-page letter is ≈ 60 KB), the QR code as vectors. The output is
 * deterministic for the same input (fixed creation date and document id), so it can be re-rendered.
 */

/** The face of Noto Sans CJK used from the TrueType collection (Simplified Chinese). */
const CJK_FACE = 'NotoSansCJKsc-Regular';
const fontBytes = new Map<string, Buffer>();

function fontOf(path: string): Buffer {
  const held = fontBytes.get(path);
  if (held) return held;
  if (!existsSync(path)) throw new AppError(DocumentErrors.DOCUMENTS_FONT_MISSING);
  const bytes = readFileSync(path);
  fontBytes.set(path, bytes);
  return bytes;
}

export interface DocumentPrint {
  code: string;
  kind: 'certificate' | 'approval_letter' | 'refusal_letter';
  title: string;
  facts: { label: string; value: string }[];
  holderMasked: string;
  issuerDepartment: string;
  issuedAt: Date;
  validUntil: Date | null;
  /** The public verification address printed under the QR code (with the code). */
  verifyUrl: string;
}

const KIND_HEADING: Record<DocumentPrint['kind'], string> = { certificate: '电子证明', approval_letter: '准予行政许可决定书', refusal_letter: '不予行政许可决定书' };

/** China date, e.g. 2026年12月07日. */
function chinaDate(d: Date): string {
  const c = new Date(d.getTime() + 8 * 3600_000);
  return `${c.getUTCFullYear()}年${String(c.getUTCMonth() + 1).padStart(2, '0')}月${String(c.getUTCDate()).padStart(2, '0')}日`;
}

/** Renders the document (DOCUMENTS_FONT_MISSING when the server has no CJK font). */
export async function renderDocumentPdf(print: DocumentPrint, fontPath: string): Promise<Buffer> {
  const font = fontOf(fontPath);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: `${print.title} ${print.code}`, Producer: 'Fangxian', Creator: 'Fangxian', CreationDate: print.issuedAt, ModDate: print.issuedAt },
  });
  // pdfkit writes a random trailer ID; make it depend on the code so the same input gives the same bytes.
  (doc as unknown as { _id?: Buffer })._id = Buffer.from(print.code.padEnd(16, '0').slice(0, 16));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  if (fontPath.toLowerCase().endsWith('.ttc')) doc.registerFont('cjk', font, CJK_FACE);
  else doc.registerFont('cjk', font);
  const W = doc.page.width;
  const left = 56;
  const width = W - 112;
  doc.rect(0, 0, W, 8).fill('#b71c1c');
  doc.font('cjk').fillColor('#b71c1c').fontSize(13).text(print.issuerDepartment, left, 40, { width, align: 'center' });
  doc.fillColor('#181818').fontSize(24).text(print.title, left, 70, { width, align: 'center' });
  doc.fontSize(12).fillColor('#606060').text(KIND_HEADING[print.kind], left, 108, { width, align: 'center' });
  doc.fontSize(11).text(`文书编号 ${print.code}`, left, 130, { width, align: 'center' });
  let y = 175;
  const row = (label: string, value: string) => {
    doc.fontSize(12).fillColor('#606060').text(label, left, y, { width: 120 });
    doc.fillColor('#181818').text(value, left + 130, y, { width: width - 130 });
    y = Math.max(doc.y, y + 18) + 10;
  };
  row('持有人', print.holderMasked);
  for (const f of print.facts) row(f.label, f.value);
  row('签发日期', chinaDate(print.issuedAt));
  if (print.validUntil) row('有效期至', chinaDate(print.validUntil));
  // Verification block: QR code (vectors) and the address.
  const qr = QRCode.create(print.verifyUrl, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const box = 110;
  const cell = box / (size + 2);
  const qx = left;
  const qy = Math.max(y + 20, 560);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      if (qr.modules.data[r * size + c]) doc.rect(qx + (c + 1) * cell, qy + (r + 1) * cell, cell + 0.05, cell + 0.05);
    }
  }
  doc.fill('#181818');
  doc.fontSize(11).fillColor('#181818').text('扫码或在下列地址输入文书编号核验真伪', qx + box + 16, qy + 10, { width: width - box - 16 });
  doc.fontSize(9).fillColor('#606060').text(print.verifyUrl, qx + box + 16, qy + 32, { width: width - box - 16 });
  doc.fontSize(9).text('本文书由防线政务服务平台签发并经电子签名（Ed25519 / SM2），与纸质文书具有同等效力；撤销后核验页面将显示撤销状态。', qx + box + 16, qy + 62, { width: width - box - 16 });
  doc.fontSize(13).fillColor('#b71c1c').text(print.issuerDepartment, left, qy + box + 40, { width, align: 'right' });
  doc.fontSize(11).fillColor('#181818').text(chinaDate(print.issuedAt), left, qy + box + 62, { width, align: 'right' });
  doc.end();
  return done;
}
