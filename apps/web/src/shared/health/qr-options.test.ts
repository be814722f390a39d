import { describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { QR_QUIET_ZONE_MODULES, qrImageOptions } from './qr-options.ts';

describe('QR images drawn in the browser', () => {
  it('keep a quiet zone of 4 modules (ISO/IEC 18004) around the citizen code and the place codes', async () => {
    expect(QR_QUIET_ZONE_MODULES).toBe(4);
    // A health-code token (level L, as the citizen code page draws it) and a place-code URL (level M).
    for (const [value, level] of [['h1.eyJpc3MiOiJmYW5neGlhbiIsImNvbG91ciI6ImdyZWVuIn0.c2lnbmF0dXJlLWJ5dGVzLWhlcmU', 'L'], ['https://fx.example.gov.cn/m/scan?c=s1.C5xqUj8eTBqdK36PABEiMw.1.AAAA', 'M']] as const) {
      const modules = QRCode.create(value, { errorCorrectionLevel: level }).modules.size;
      // The same options the image uses, drawn as SVG: its units are modules.
      const svg = await QRCode.toString(value, { ...qrImageOptions(224, '#000000', level), type: 'svg' });
      const side = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
      expect(side).toBe(modules + 2 * 4);
      // The first dark module (the top-left finder pattern) starts 4 modules in from both edges.
      const dark = /<path stroke="#000000"[^>]* d="M(\d+(?:\.\d+)?) (\d+(?:\.\d+)?)/.exec(svg);
      expect(dark, svg.slice(0, 300)).not.toBeNull();
      expect(Number(dark![1])).toBe(4);
      expect(Math.floor(Number(dark![2]))).toBe(4);
    }
  });
});
