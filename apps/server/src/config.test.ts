import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CJK_FONT, loadConfig, publicUrlProblem } from './config.ts';

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

describe('FX_PGLITE_SETTINGS', () => {
  it('defaults to none (PGlite\'s own) and takes name=size pairs of the memory settings', () => {
    expect(load({}).pgliteSettings).toEqual([]);
    expect(load({ FX_PGLITE_SETTINGS: 'shared_buffers=16MB' }).pgliteSettings).toEqual(['shared_buffers=16MB']);
    expect(load({ FX_PGLITE_SETTINGS: 'shared_buffers=32MB, work_mem=2MB' }).pgliteSettings).toEqual(['shared_buffers=32MB', 'work_mem=2MB']);
  });

  it('stops boot on another setting or a value that is not a size, naming the variable', () => {
    expect(() => load({ FX_PGLITE_SETTINGS: 'fsync=on' })).toThrow(/FX_PGLITE_SETTINGS/);
    expect(() => load({ FX_PGLITE_SETTINGS: 'shared_buffers=16MB -c fsync=on' })).toThrow(ConfigError);
    expect(() => load({ FX_PGLITE_SETTINGS: 'work_mem=lots' })).toThrow(ConfigError);
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

describe('FX_PUBLIC_URL', () => {
  it('defaults to localhost on PORT, and is kept without a trailing slash', () => {
    expect(load({ PORT: '3100' }).publicUrl).toBe('http://localhost:3100');
    expect(load({ FX_PUBLIC_URL: 'https://fx.example.gov.cn/' }).publicUrl).toBe('https://fx.example.gov.cn');
    expect(load({ FX_PUBLIC_URL: 'http://192.168.1.20:3000/fangxian/' }).publicUrl).toBe('http://192.168.1.20:3000/fangxian');
  });

  it('stops boot on anything but an absolute http(s) URL, naming the variable', () => {
    for (const bad of ['fx.example.gov.cn', 'ftp://fx.example.gov.cn', 'https://fx.example.gov.cn/?a=1', 'https://user:pw@fx.example.gov.cn']) {
      expect(() => load({ FX_PUBLIC_URL: bad }), bad).toThrow(/FX_PUBLIC_URL/);
    }
  });

  it('is a problem when it names this machine only while the server listens on other addresses', () => {
    expect(publicUrlProblem({ publicUrl: 'http://localhost:3000', host: '0.0.0.0' })).toMatch(/FX_PUBLIC_URL.*0\.0\.0\.0/);
    expect(publicUrlProblem({ publicUrl: 'http://127.0.0.1:3000', host: '::' })).not.toBeNull();
    expect(publicUrlProblem({ publicUrl: 'http://[::1]:3000', host: '192.168.1.20' })).not.toBeNull();
    // Listening on loopback only, or a real address: fine.
    expect(publicUrlProblem({ publicUrl: 'http://localhost:3000', host: '127.0.0.1' })).toBeNull();
    expect(publicUrlProblem({ publicUrl: 'http://localhost:3000', host: 'localhost' })).toBeNull();
    expect(publicUrlProblem({ publicUrl: 'http://192.168.1.20:3000', host: '0.0.0.0' })).toBeNull();
    expect(publicUrlProblem({ publicUrl: 'https://fx.example.gov.cn', host: '0.0.0.0' })).toBeNull();
  });

  it('refuses production with a localhost address on a server others reach (the default), and allows it elsewhere', () => {
    const keys = { NODE_ENV: 'production', FX_DATA_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`, FX_BLIND_INDEX_KEY: Buffer.alloc(32, 2).toString('base64') };
    expect(() => loadConfig(keys)).toThrow(ConfigError);
    expect(() => loadConfig(keys)).toThrow(/FX_PUBLIC_URL/);
    expect(() => loadConfig({ ...keys, FX_PUBLIC_URL: 'http://127.0.0.1:3000', HOST: '0.0.0.0' })).toThrow(/FX_PUBLIC_URL/);
    expect(loadConfig({ ...keys, FX_PUBLIC_URL: 'https://fx.example.gov.cn' }).publicUrl).toBe('https://fx.example.gov.cn');
    expect(loadConfig({ ...keys, HOST: '127.0.0.1' }).publicUrl).toBe('http://localhost:3000');
    // Development and tests only warn (at start-up, see app.ts).
    expect(load({}).publicUrl).toBe('http://localhost:3000');
  });
});

describe('FX_TLS (upgrade-insecure-requests in the page CSP)', () => {
  it('follows FX_PUBLIC_URL: on for https, off for http', () => {
    expect(load({}).servedOverTls).toBe(false);
    expect(load({ FX_PUBLIC_URL: 'http://192.168.1.20:3000' }).servedOverTls).toBe(false);
    expect(load({ FX_PUBLIC_URL: 'https://fx.example.gov.cn' }).servedOverTls).toBe(true);
  });

  it('can be set explicitly either way', () => {
    expect(load({ FX_PUBLIC_URL: 'https://fx.example.gov.cn', FX_TLS: 'false' }).servedOverTls).toBe(false);
    expect(load({ FX_TLS: 'true' }).servedOverTls).toBe(true);
    expect(() => load({ FX_TLS: 'sometimes' })).toThrow(/FX_TLS/);
  });
});
