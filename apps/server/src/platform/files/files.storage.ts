import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Where uploaded file contents live; metadata stays in the files table. */
export interface FileStorage {
  /** Stores the content under `key`; the key appears only once the content is completely written. */
  put(key: string, content: Readable): Promise<void>;
  /** Reads the content of `key`. */
  open(key: string): Readable;
  /** Removes the content of `key` (no error if it is not there). */
  remove(key: string): Promise<void>;
  /** True when `key` has content. */
  exists(key: string): Promise<boolean>;
}

const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Local-disk storage under `${dataDir}/files` — outside the web root, so nothing is ever served
 * statically. Content is written to tmp/ first and renamed into place, so a crash leaves no
 * half-written file under a real key.
 */
export class LocalDiskStorage implements FileStorage {
  readonly root: string;
  constructor(root: string) {
    this.root = root;
  }

  private pathOf(key: string): string {
    // Keys are uuids we generate: checked anyway so no key can ever name a path outside the root.
    if (!KEY.test(key)) throw new Error('invalid storage key');
    return join(this.root, key.slice(0, 2), key);
  }

  async put(key: string, content: Readable): Promise<void> {
    const final = this.pathOf(key);
    const tmpDir = join(this.root, 'tmp');
    // Owner only, whatever the umask (docs/security.md): directories 0700, files 0600.
    await mkdir(tmpDir, { recursive: true, mode: 0o700 });
    await mkdir(join(this.root, key.slice(0, 2)), { recursive: true, mode: 0o700 });
    const tmp = join(tmpDir, `${randomUUID()}.part`);
    try {
      await pipeline(content, createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
      await rename(tmp, final);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  open(key: string): Readable {
    return createReadStream(this.pathOf(key));
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch {
      return false;
    }
  }
}
