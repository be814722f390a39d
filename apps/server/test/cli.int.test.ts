import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, rows } from '../src/platform/db/database.ts';
import { recordAudit } from '../src/platform/audit/audit.service.ts';
import { FieldCipher } from '../src/platform/crypto/field-cipher.ts';
import { citizens } from '../src/platform/identity/identity.tables.ts';

const CLI = fileURLToPath(new URL('../src/cli/', import.meta.url));

/** Runs a CLI script as its own process (as `npm run …` does) and returns its exit code and output. */
function runCli(script: string, env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(CLI, script)], { env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env }, timeout: 200_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr });
    });
  });
}

// These commands open the embedded database directory themselves, so they run on PGlite only.
describe('command-line tools on the embedded database', () => {
  let dataDir: string;
  const k1 = `k1:${randomBytes(32).toString('base64')}`;
  const k2 = `k2:${randomBytes(32).toString('base64')}`;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'fx-cli-'));
    const database = await openDatabase({ url: null, dataDir });
    for (let i = 0; i < 3; i++) await recordAudit(database.db, { actor: { kind: 'system', id: 'cli-test' }, action: 'test.event', detail: { i } });
    const cipher = new FieldCipher([{ id: 'k1', key: Buffer.from(k1.slice(3), 'base64') }]);
    await database.db.insert(citizens).values({ phoneCipher: cipher.encrypt('13900000000'), phoneIndex: 'idx-1', nameCipher: cipher.encrypt('赵六') });
    await database.close();
  }, 180_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('audit:verify exits 0 on an intact chain and 1 with the seq of a tampered row', { timeout: 240_000 }, async () => {
    const ok = await runCli('verify-audit.ts', { FX_DATA_DIR: dataDir });
    expect(ok.out).toContain('intact: 3 records checked');
    expect(ok.code).toBe(0);
    const database = await openDatabase({ url: null, dataDir });
    await database.db.execute(sql`update audit_log set detail = '{"i": 99}' where seq = 2`);
    await database.close();
    const broken = await runCli('verify-audit.ts', { FX_DATA_DIR: dataDir });
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('BROKEN at seq 2');
  });

  it('keys:rotate rewrites the ciphertext columns under the new key', { timeout: 240_000 }, async () => {
    const res = await runCli('rotate-keys.ts', { FX_DATA_DIR: dataDir, FX_DATA_KEYS: `${k2},${k1}` });
    expect(res.out).toMatch(/citizens: done, 1 rewritten/);
    expect(res.code).toBe(0);
    const database = await openDatabase({ url: null, dataDir });
    const [row] = await rows<{ name_cipher: string; phone_cipher: string }>(database.db, sql`select name_cipher, phone_cipher from citizens`);
    await database.close();
    expect(row.name_cipher.startsWith('a.k2.')).toBe(true);
    expect(new FieldCipher([{ id: 'k2', key: Buffer.from(k2.slice(3), 'base64') }]).decrypt(row.name_cipher)).toBe('赵六');
  });

  it('audit:verify on a data directory the server holds exits 75 with one line, not 1 and not a stack trace', { timeout: 120_000 }, async () => {
    // This test process stands in for the running server: its pid in the lock file is alive.
    writeFileSync(join(dataDir, 'fangxian.pid'), String(process.pid));
    try {
      const res = await runCli('verify-audit.ts', { FX_DATA_DIR: dataDir });
      expect(res.code).toBe(75);
      expect(res.out).toContain(`in use by process ${process.pid}`);
      expect(res.out).not.toMatch(/\n\s+at /);
    } finally {
      unlinkSync(join(dataDir, 'fangxian.pid'));
    }
  });

  it('refuses a bad configuration with exit code 78', { timeout: 120_000 }, async () => {
    const res = await runCli('verify-audit.ts', { FX_DATA_DIR: dataDir, FX_DATA_KEYS: 'nonsense' });
    expect(res.code).toBe(78);
    expect(res.out).toContain('FX_DATA_KEYS');
  });
});
