import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CJK_FONT, loadConfig } from './config.ts';

const load = (env: NodeJS.ProcessEnv) => loadConfig({ NODE_ENV: 'test', ...env });

describe('FX_TRUST_PROXY', () => {
  it('is off unless set, and reads the usual spellings of true and false', () => {
    expect(load({}).trustProxy).toBe(false);
    expect(load({ FX_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(load({ FX_TRUST_PROXY: '1' }).trustProxy).toBe(true);
    expect(load({ FX_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it('stops boot on anything else, naming the variable', () => {
    expect(() => load({ FX_TRUST_PROXY: 'ture' })).toThrow(ConfigError);
    expect(() => load({ FX_TRUST_PROXY: '10.0.0.0/8' })).toThrow(/FX_TRUST_PROXY/);
  });
});

describe('FX_CJK_FONT', () => {
  it('defaults to the Debian fonts-noto-cjk path (which may be missing: only the poster routes need it)', () => {
    expect(load({}).cjkFontPath).toBe(DEFAULT_CJK_FONT);
  });

  it('takes an existing font file', () => {
    const font = join(mkdtempSync(join(tmpdir(), 'fx-font-')), 'font.ttc');
    writeFileSync(font, 'not really a font');
    expect(load({ FX_CJK_FONT: font }).cjkFontPath).toBe(font);
  });

  it('stops boot when the named file does not exist or is a directory, naming the variable', () => {
    expect(() => load({ FX_CJK_FONT: '/nonexistent/NotoSansCJK.ttc' })).toThrow(ConfigError);
    expect(() => load({ FX_CJK_FONT: '/nonexistent/NotoSansCJK.ttc' })).toThrow(/FX_CJK_FONT/);
    expect(() => load({ FX_CJK_FONT: tmpdir() })).toThrow(/FX_CJK_FONT/);
  });
});
