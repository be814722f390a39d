import { mkdtempSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirInUseError, openDatabase } from '../src/platform/db/database.ts';

// The embedded database's directory lock; PGlite-specific by nature, so it runs in both projects
// against a temporary directory regardless of the database under test.
describe('embedded database directory lock', () => {
  it('refuses a directory held by another live process, with a clear message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fx-lock-'));
    writeFileSync(join(dir, 'fangxian.pid'), '1'); // pid 1 is always alive
    await expect(openDatabase({ url: null, dataDir: dir })).rejects.toBeInstanceOf(DataDirInUseError);
    await expect(openDatabase({ url: null, dataDir: dir })).rejects.toThrow(/in use by process 1/);
  });

  it('takes over the lock of a process that died, and releases it on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fx-lock-'));
    writeFileSync(join(dir, 'fangxian.pid'), '2147483646'); // no such process
    const database = await openDatabase({ url: null, dataDir: dir });
    expect(existsSync(join(dir, 'fangxian.pid'))).toBe(true);
    await database.close();
    expect(existsSync(join(dir, 'fangxian.pid'))).toBe(false);
  }, 120_000);
});
