import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { AppError } from '../../platform/http/errors.ts';
import type { PosterData } from './venues.codes.ts';
import { VenueErrors } from './venues.errors.ts';

/**
 * Printable place-code posters: a PNG drawn here pixel by pixel (QR modules plus text rasterised from
 * the CJK font's glyph outlines — no native canvas needed) and an A4 PDF (pdfkit, font embedded).
 */

const CJK_FONT_NAME = 'NotoSansCJKsc-Regular';

const require = createRequire(import.meta.url);

interface PathCommand {
  command: 'moveTo' | 'lineTo' | 'quadraticCurveTo' | 'bezierCurveTo' | 'closePath';
  args: number[];
}
interface Glyph {
  path: { commands: PathCommand[] };
}
interface Font {
  unitsPerEm: number;
  layout(text: string): { glyphs: Glyph[]; positions: { xAdvance: number; xOffset: number; yOffset: number }[] };
}

const fontCache = new Map<string, Font>();

/** The CJK font for posters, loaded once per path; VENUES_POSTER_FONT_MISSING when the server has none. */
function posterFont(path: string): Font {
  const cached = fontCache.get(path);
  if (cached) return cached;
  if (!existsSync(path)) throw new AppError(VenueErrors.VENUES_POSTER_FONT_MISSING);
  const fontkit = require('fontkit') as { openSync(path: string, name?: string): Font & { fonts?: (Font & { postscriptName: string })[] } };
  const opened = fontkit.openSync(path);
  const font = opened.fonts ? (opened.fonts.find((f) => f.postscriptName === CJK_FONT_NAME) ?? opened.fonts[0]) : opened;
  fontCache.set(path, font);
  return font;
}

/** A greyscale-alpha canvas of RGBA pixels. */
class Raster {
  readonly width: number;
  readonly height: number;
  readonly data: Buffer;
  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
    this.data = Buffer.alloc(width * height * 4, 255);
  }

  fillRect(x: number, y: number, w: number, h: number, rgb: [number, number, number]): void {
    for (let yy = Math.max(0, y); yy < Math.min(this.height, y + h); yy++) {
      for (let xx = Math.max(0, x); xx < Math.min(this.width, x + w); xx++) this.blend(xx, yy, rgb, 1);
    }
  }

  blend(x: number, y: number, rgb: [number, number, number], alpha: number): void {
    const i = (y * this.width + x) * 4;
    for (let c = 0; c < 3; c++) this.data[i + c] = Math.round(this.data[i + c] * (1 - alpha) + rgb[c] * alpha);
  }
}

const SUPERSAMPLE = 4;

/** Width in pixels of a line of text at a font size. */
function measure(font: Font, text: string, size: number): number {
  const run = font.layout(text);
  return run.positions.reduce((w, p) => w + p.xAdvance, 0) * (size / font.unitsPerEm);
}

/**
 * Rasterises one line of text with its baseline at (x, baseline): glyph outlines are flattened to
 * edges and filled by non-zero winding on a 4×4 supersampled grid, which gives smooth edges.
 */
function drawText(raster: Raster, font: Font, text: string, x: number, baseline: number, size: number, rgb: [number, number, number]): void {
  const scale = (size / font.unitsPerEm) * SUPERSAMPLE;
  const run = font.layout(text);
  const edges: [number, number, number, number][] = [];
  let penX = x * SUPERSAMPLE;
  const baseY = baseline * SUPERSAMPLE;
  run.glyphs.forEach((glyph, gi) => {
    const pos = run.positions[gi];
    const ox = penX + pos.xOffset * scale;
    const oy = baseY - pos.yOffset * scale;
    const tx = (px: number) => ox + px * scale;
    const ty = (py: number) => oy - py * scale; // font units are y-up
    let sx = 0, sy = 0, cx = 0, cy = 0;
    const line = (x1: number, y1: number) => {
      edges.push([cx, cy, x1, y1]);
      cx = x1;
      cy = y1;
    };
    for (const { command, args } of glyph.path.commands) {
      if (command === 'moveTo') {
        if (cx !== sx || cy !== sy) line(sx, sy);
        sx = cx = tx(args[0]);
        sy = cy = ty(args[1]);
      } else if (command === 'lineTo') line(tx(args[0]), ty(args[1]));
      else if (command === 'quadraticCurveTo') {
        const [qx, qy, ex, ey] = [tx(args[0]), ty(args[1]), tx(args[2]), ty(args[3])];
        const [bx, by] = [cx, cy];
        for (let s = 1; s <= 8; s++) {
          const t = s / 8;
          line((1 - t) ** 2 * bx + 2 * (1 - t) * t * qx + t * t * ex, (1 - t) ** 2 * by + 2 * (1 - t) * t * qy + t * t * ey);
        }
      } else if (command === 'bezierCurveTo') {
        const [c1x, c1y, c2x, c2y, ex, ey] = [tx(args[0]), ty(args[1]), tx(args[2]), ty(args[3]), tx(args[4]), ty(args[5])];
        const [bx, by] = [cx, cy];
        for (let s = 1; s <= 10; s++) {
          const t = s / 10;
          const u = 1 - t;
          line(u ** 3 * bx + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t ** 3 * ex, u ** 3 * by + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t ** 3 * ey);
        }
      } else if (command === 'closePath') line(sx, sy);
    }
    if (cx !== sx || cy !== sy) line(sx, sy);
    penX += pos.xAdvance * scale;
  });
  if (edges.length === 0) return;
  let minY = Infinity, maxY = -Infinity, minX = Infinity, maxX = -Infinity;
  for (const [x0, y0, x1, y1] of edges) {
    minY = Math.min(minY, y0, y1);
    maxY = Math.max(maxY, y0, y1);
    minX = Math.min(minX, x0, x1);
    maxX = Math.max(maxX, x0, x1);
  }
  const px0 = Math.max(0, Math.floor(minX / SUPERSAMPLE));
  const px1 = Math.min(raster.width - 1, Math.ceil(maxX / SUPERSAMPLE));
  const py0 = Math.max(0, Math.floor(minY / SUPERSAMPLE));
  const py1 = Math.min(raster.height - 1, Math.ceil(maxY / SUPERSAMPLE));
  const w = px1 - px0 + 1;
  const coverage = new Float32Array(w * (py1 - py0 + 1));
  const crossings: { x: number; dir: number }[] = [];
  for (let sy = py0 * SUPERSAMPLE; sy < (py1 + 1) * SUPERSAMPLE; sy++) {
    const yc = sy + 0.5;
    crossings.length = 0;
    for (const [x0, y0, x1, y1] of edges) {
      if ((y0 <= yc && y1 > yc) || (y1 <= yc && y0 > yc)) crossings.push({ x: x0 + ((yc - y0) / (y1 - y0)) * (x1 - x0), dir: y1 > y0 ? 1 : -1 });
    }
    if (crossings.length === 0) continue;
    crossings.sort((a, b) => a.x - b.x);
    let winding = 0;
    const row = (Math.floor(sy / SUPERSAMPLE) - py0) * w;
    for (let i = 0; i < crossings.length - 1; i++) {
      winding += crossings[i].dir;
      if (winding === 0) continue;
      // Samples at sub-pixel centres between this crossing and the next are inside.
      const from = Math.ceil(crossings[i].x - 0.5);
      const to = Math.floor(crossings[i + 1].x - 0.5);
      for (let sx = from; sx <= to; sx++) {
        const px = Math.floor(sx / SUPERSAMPLE) - px0;
        if (px >= 0 && px < w) coverage[row + px] += 1 / (SUPERSAMPLE * SUPERSAMPLE);
      }
    }
  }
  for (let py = py0; py <= py1; py++) {
    for (let px = px0; px <= px1; px++) {
      const a = Math.min(1, coverage[(py - py0) * w + (px - px0)]);
      if (a > 0) raster.blend(px, py, rgb, a);
    }
  }
}

/** Splits text into lines no wider than maxWidth (CJK breaks anywhere; Latin words stay whole). */
function wrap(font: Font, text: string, size: number, maxWidth: number, maxLines: number): string[] {
  const tokens = text.match(/[A-Za-z0-9\-_.,'&]+\s*|\s+|./gu) ?? [];
  const lines: string[] = [];
  let current = '';
  for (const token of tokens) {
    if (current && measure(font, current + token, size) > maxWidth) {
      lines.push(current.trimEnd());
      current = token.trimStart();
    } else current += token;
  }
  if (current.trim()) lines.push(current.trimEnd());
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = kept[maxLines - 1].replace(/.$/u, '…');
    return kept;
  }
  return lines;
}

function centred(raster: Raster, font: Font, text: string, baseline: number, size: number, rgb: [number, number, number]): void {
  drawText(raster, font, text, Math.round((raster.width - measure(font, text, size)) / 2), baseline, size, rgb);
}

const GREEN: [number, number, number] = [22, 119, 62];
const INK: [number, number, number] = [24, 24, 24];
const GREY: [number, number, number] = [96, 96, 96];

/** Renders the poster as a PNG (900 × 1300 px): title, venue name, QR code, instructions, address. */
export async function renderPosterPng(data: PosterData, fontPath: string): Promise<Buffer> {
  const font = posterFont(fontPath);
  const { PNG } = require('pngjs') as { PNG: { new (o: { width: number; height: number }): { data: Buffer }; sync: { write(png: unknown): Buffer } } };
  const raster = new Raster(900, 1300);
  raster.fillRect(0, 0, 900, 150, GREEN);
  centred(raster, font, '场所码 · 扫码登记', 95, 56, [255, 255, 255]);
  let y = 230;
  for (const line of wrap(font, data.name, 52, 800, 2)) {
    centred(raster, font, line, y, 52, INK);
    y += 66;
  }
  const qr = QRCode.create(data.url, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const quiet = 4;
  const cell = Math.floor(640 / (size + quiet * 2));
  const qrPixels = cell * (size + quiet * 2);
  const qx = Math.round((900 - qrPixels) / 2);
  const qy = y + 10;
  raster.fillRect(qx - 8, qy - 8, qrPixels + 16, qrPixels + 16, GREEN);
  raster.fillRect(qx, qy, qrPixels, qrPixels, [255, 255, 255]);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      if (qr.modules.data[r * size + c]) raster.fillRect(qx + (c + quiet) * cell, qy + (r + quiet) * cell, cell, cell, INK);
    }
  }
  y = qy + qrPixels + 70;
  centred(raster, font, '请使用手机扫码，出示登记结果后进入', y, 36, INK);
  centred(raster, font, 'Scan with your phone and show the result at the door', y + 48, 26, GREY);
  y += 110;
  for (const line of wrap(font, data.fullAddress, 28, 800, 2)) {
    centred(raster, font, line, y, 28, GREY);
    y += 40;
  }
  centred(raster, font, `${data.typeName} · 第 ${data.version} 版 · 防线 Fangxian`, 1270, 22, GREY);
  const png = new PNG({ width: raster.width, height: raster.height });
  raster.data.copy(png.data);
  return PNG.sync.write(png);
}

/** Renders the poster as an A4 PDF with the CJK font embedded (subset) and the QR as vectors. */
export async function renderPosterPdf(data: PosterData, fontPath: string): Promise<Buffer> {
  if (!existsSync(fontPath)) throw new AppError(VenueErrors.VENUES_POSTER_FONT_MISSING);
  const doc = new PDFDocument({ size: 'A4', margin: 0, info: { Title: `场所码 ${data.name}`, Producer: 'Fangxian' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // Only TrueType collections need (and accept) a face name.
  if (fontPath.toLowerCase().endsWith('.ttc')) doc.registerFont('cjk', fontPath, CJK_FONT_NAME);
  else doc.registerFont('cjk', fontPath);
  const W = doc.page.width;
  doc.rect(0, 0, W, 90).fill('#16773e');
  doc.font('cjk').fontSize(30).fillColor('#ffffff').text('场所码 · 扫码登记', 0, 28, { width: W, align: 'center' });
  doc.fillColor('#181818').fontSize(28).text(data.name, 40, 120, { width: W - 80, align: 'center', height: 80, ellipsis: true });
  const qr = QRCode.create(data.url, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const box = 360;
  const cell = box / (size + 8);
  const x0 = (W - box) / 2;
  const y0 = 210;
  doc.rect(x0 - 6, y0 - 6, box + 12, box + 12).fill('#16773e');
  doc.rect(x0, y0, box, box).fill('#ffffff');
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      if (qr.modules.data[r * size + c]) doc.rect(x0 + (c + 4) * cell, y0 + (r + 4) * cell, cell + 0.05, cell + 0.05);
    }
  }
  doc.fill('#181818');
  doc.fontSize(18).fillColor('#181818').text('请使用手机扫码，出示登记结果后进入', 40, y0 + box + 30, { width: W - 80, align: 'center' });
  doc.fontSize(12).fillColor('#606060').text('Scan with your phone and show the result at the door', 40, y0 + box + 58, { width: W - 80, align: 'center' });
  doc.fontSize(14).text(data.fullAddress, 40, y0 + box + 100, { width: W - 80, align: 'center' });
  doc.fontSize(10).text(`${data.typeName} · 第 ${data.version} 版 · 防线 Fangxian`, 40, doc.page.height - 50, { width: W - 80, align: 'center' });
  doc.end();
  return done;
}
