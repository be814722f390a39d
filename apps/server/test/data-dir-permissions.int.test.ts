import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/platform/db/database.ts';
import { LocalDiskStorage } from '../src/platform/files/files.storage.ts';
import { secureDataDir } from '../src/platform/boot/data-dir.ts';

// Issue 10, item 5: under umask 0022 PGlite left ~1000 files 0666. The data directory is 0700 and
// everything in it 0600 (directories 0700), set at start and again when the database closes.
// Embedded-database specific, so it runs against temporary directories whatever the database under test.

/** Every path under dir (dir included) whose group/other bits are set, with its mode. */
function looser(dir: string): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const s = lstatSync(p);
    if ((s.mode & 0o077) !== 0) out.push(`${p} ${(s.mode & 0o777).toString(8)}`);
    if (s.isDirectory()) for (const n of readdirSync(p)) walk(join(p, n));
  };
  walk(dir);
  return out;
}

describe('data directory permissions', { timeout: 120_000 }, () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'fx-perm-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('the embedded database directory is 0700 with no file readable by others, after open and after close', async () => {
    process.umask(0o022);
    const dir = tempDir();
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'old'), { mode: 0o755 });
    writeFileSync(join(dir, 'old', 'left-over'), 'x', { mode: 0o666 });
    chmodSync(join(dir, 'old', 'left-over'), 0o666);
    const database = await openDatabase({ url: null, dataDir: dir });
    try {
      expect(lstatSync(dir).mode & 0o777).toBe(0o700);
      expect(lstatSync(join(dir, 'old', 'left-over')).mode & 0o777).toBe(0o600);
      expect(looser(dir)).toEqual([]);
      await database.db.execute(sql`create table perm_probe (x int)`); // a relation file created after start
    } finally {
      await database.close();
    }
    expect(looser(dir)).toEqual([]);
    expect(readdirSync(dir).length).toBeGreaterThan(5); // PGlite really wrote its files there
  });

  it('uploads are 0600 in 0700 directories even under umask 0022', async () => {
    process.umask(0o022);
    const root = join(tempDir(), 'files');
    const storage = new LocalDiskStorage(root);
    const key = randomUUID();
    await storage.put(key, Readable.from([Buffer.from('content')]));
    expect(lstatSync(join(root, key.slice(0, 2), key)).mode & 0o777).toBe(0o600);
    expect(lstatSync(join(root, key.slice(0, 2))).mode & 0o777).toBe(0o700);
    expect(lstatSync(join(root, 'tmp')).mode & 0o777).toBe(0o700);
  });

  it('secureDataDir sets the umask so that what the server creates later is owner-only', () => {
    process.umask(0o022);
    const dir = join(tempDir(), 'new');
    secureDataDir(dir);
    expect(lstatSync(dir).mode & 0o777).toBe(0o700);
    writeFileSync(join(dir, 'later'), 'x');
    expect(lstatSync(join(dir, 'later')).mode & 0o777).toBe(0o600);
    process.umask(0o022);
  });
});
