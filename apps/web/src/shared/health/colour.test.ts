import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { localText, placeTokenOf } from './colour.ts';

// A well-formed place token as modules/venues signs them: kind, version 1, packed venue id, counter, MAC.
const TOKEN = 'd1.AbCdEfGhIjKlMnOpQrStUv.59312345.A1b2C3d4E5f6G7h8I9j0Kk';

describe('placeTokenOf', () => {
  it('takes the token from the poster or screen URL', () => {
    expect(placeTokenOf(`https://fx.example.cn/m/scan?c=${TOKEN}`)).toBe(TOKEN);
    expect(placeTokenOf(`http://127.0.0.1:3900/m/scan/?c=${TOKEN}`)).toBe(TOKEN);
  });

  it('takes a bare token, trimmed', () => {
    expect(placeTokenOf(`  ${TOKEN}\n`)).toBe(TOKEN);
    expect(placeTokenOf(TOKEN.replace(/^d/, 's'))).toBe(TOKEN.replace(/^d/, 's'));
  });

  it('refuses other QR contents', () => {
    expect(placeTokenOf('https://example.com/')).toBeNull();
    expect(placeTokenOf(`https://fx.example.cn/m/other?c=${TOKEN}`)).toBeNull();
    expect(placeTokenOf('https://fx.example.cn/m/scan?c=not-a-token')).toBeNull();
    expect(placeTokenOf(TOKEN.replace(/^d1/, 'x1'))).toBeNull();
    expect(placeTokenOf('')).toBeNull();
  });

  it('never throws and only returns tokens of the place-code shape', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const token = placeTokenOf(text);
        return token === null || /^[sd]1\.[A-Za-z0-9_-]{22}\.\d{1,12}\.[A-Za-z0-9_-]{22}$/.test(token);
      }),
    );
  });
});

describe('localText', () => {
  it('picks the UI language and falls back to the other', () => {
    expect(localText({ zh: '绿码', en: 'Green' }, 'en')).toBe('Green');
    expect(localText({ zh: '绿码', en: 'Green' }, 'zh-CN')).toBe('绿码');
    expect(localText({ zh: '绿码', en: '' }, 'en')).toBe('绿码');
    expect(localText(null, 'en')).toBe('');
  });
});
