import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';

/** Thrown when the data directory (or something in it) stays readable by other users after tightening. */
export class DataDirPermissionError extends Error {
  override name = 'DataDirPermissionError';
}

/** Bits other users may not have: the directory is 0700 and files 0600 (group and others get nothing). */
const OTHERS = 0o077;

/** Takes group and other permissions away from `path` and everything under it; returns what stayed looser. */
function tighten(path: string, looser: string[]): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return; // a link's own mode means nothing; its target is not ours to change
  if ((stat.mode & OTHERS) !== 0) {
    try {
      chmodSync(path, stat.isDirectory() ? 0o700 : (stat.mode & 0o700) | 0o600);
    } catch {
      /* not the owner (EPERM) or read-only: reported below */
    }
    if ((lstatSync(path).mode & OTHERS) !== 0) looser.push(`${path} (${(lstatSync(path).mode & 0o777).toString(8)})`);
  }
  if (stat.isDirectory()) for (const name of readdirSync(path)) tighten(join(path, name), looser);
}

/**
 * The data directory (embedded database, uploads) is readable by its owner only. At start the process
 * umask becomes 0077, so what the server creates is 0700/0600; the directory is created 0700 and
 * everything already in it is tightened to 0700 (directories) and 0600 (files) — PGlite's file system
 * creates its files 0666 whatever the umask, so this also runs when the database closes. Anything that
 * stays looser (another owner, a read-only disk) stops the start with a message saying what to run.
 */
export function secureDataDir(dir: string): void {
  if (isMainThread) process.umask(0o077);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const looser: string[] = [];
  tighten(dir, looser);
  if (looser.length > 0) {
    const shown = looser.slice(0, 5).join(', ') + (looser.length > 5 ? ` … (${looser.length} in all)` : '');
    throw new DataDirPermissionError(
      `数据目录权限过宽，且无法收紧 / the data directory is readable by other users and could not be tightened: ${shown}. ` +
        `以数据目录所有者身份运行 / as its owner run: chmod -R go-rwx '${dir}'`,
    );
  }
}
