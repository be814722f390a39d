import { describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import { DEFAULT_CJK_FONT } from '../../config.ts';
import { renderPosterPdf, renderPosterPng } from './venues.poster.ts';
import type { PosterData } from './venues.codes.ts';

const data: PosterData = {
  venueId: '0b9c6a52-3f1e-4c1a-9d2b-7e8f00112233',
  name: '旌阳区万达广场',
  typeName: '商场',
  address: '长江东路100号',
  divisionName: '四川省德阳市旌阳区',
  fullAddress: '四川省德阳市旌阳区长江东路100号',
  token: 's1.C5xqUj8eTBqdK36PABEiMw.1.AAAAAAAAAAAAAAAAAAAAAA',
  url: 'http://localhost:3000/m/scan?c=s1.C5xqUj8eTBqdK36PABEiMw.1.AAAAAAAAAAAAAAAAAAAAAA',
  version: 1,
  generatedAt: '2026-11-23T00:00:00.000Z',
};

/** Decodes the RGBA pixels of an 8-bit RGBA, non-interlaced PNG (what pngjs writes). */
function pixels(png: Buffer): { width: number; height: number; rgba: Buffer } {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let i = 8; i < png.length; ) {
    const len = png.readUInt32BE(i);
    if (png.toString('latin1', i + 4, i + 8) === 'IDAT') idat.push(png.subarray(i + 8, i + 8 + len));
    i += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const cur = raw[y * (stride + 1) + 1 + x];
      const a = x >= 4 ? rgba[y * stride + x - 4] : 0;
      const b = y > 0 ? rgba[(y - 1) * stride + x] : 0;
      const c = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4] : 0;
      const paeth = () => {
        const p = a + b - c;
        const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      };
      const add = [0, a, b, (a + b) >> 1, paeth()][filter];
      rgba[y * stride + x] = (cur + add) & 0xff;
    }
  }
  return { width, height, rgba };
}

describe('place-code posters', { timeout: 60_000 }, () => {
  it('draws the title band, the venue name and the QR code into the PNG', async () => {
    const { width, height, rgba } = pixels(await renderPosterPng(data, DEFAULT_CJK_FONT));
    expect([width, height]).toEqual([900, 1300]);
    const at = (x: number, y: number) => [...rgba.subarray((y * width + x) * 4, (y * width + x) * 4 + 3)];
    expect(at(5, 5)).toEqual([22, 119, 62]); // green title band
    const darkIn = (y0: number, y1: number) => {
      let n = 0;
      for (let y = y0; y < y1; y++) for (let x = 0; x < width; x++) if (rgba[(y * width + x) * 4] < 100) n++;
      return n;
    };
    expect(darkIn(170, 260)).toBeGreaterThan(1000); // the venue name was rasterised
    expect(darkIn(400, 900)).toBeGreaterThan(50_000); // QR modules
  });

  it('writes an A4 PDF with the CJK font embedded', async () => {
    const pdf = await renderPosterPdf(data, DEFAULT_CJK_FONT);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/MediaBox \[0 0 595\.28 841\.89\]/);
    expect(pdf.toString('latin1')).toContain('NotoSansCJK');
    expect(DEFAULT_CJK_FONT).toMatch(/NotoSansCJK/);
  });

  it('refuses clearly when the server has no CJK font', async () => {
    await expect(renderPosterPdf(data, '/nonexistent/font.ttc')).rejects.toMatchObject({ code: 'VENUES_POSTER_FONT_MISSING' });
    await expect(renderPosterPng(data, '/nonexistent/font.ttc')).rejects.toMatchObject({ code: 'VENUES_POSTER_FONT_MISSING' });
  });
});
