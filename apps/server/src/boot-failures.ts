/**
 * What the server and the command-line tools say when they cannot start: a known cause (bad
 * configuration, the data directory in use, unwritable or full, the database unreachable, the port
 * taken) is one zh/en line and a sysexits(3) exit code, never a stack trace; anything else is a bug
 * and keeps its stack. docs/operations.md lists the codes.
 */
// Known errors are recognised by name, so that main.ts can load this file before the heavy modules
// (the database driver) that define some of them.

import { isConnectTimeout } from './platform/db/connect-timeout.ts';

export interface BootFailure {
  /** sysexits(3): 78 configuration, 75 in use (retry later), 74 I/O, 73 cannot create/secure, 69 unavailable. */
  exitCode: number;
  message: string;
}

export const EXIT = { config: 78, tempFail: 75, io: 74, cantCreate: 73, unavailable: 69 } as const;

const IO_CODES: Record<string, string> = {
  EROFS: '数据目录所在磁盘只读 / the data directory is on a read-only file system',
  ENOSPC: '磁盘已满 / no space left on the device holding the data directory',
  EDQUOT: '磁盘配额已用完 / the disk quota of the data directory is exhausted',
  EACCES: '无权写入数据目录 / no permission to write the data directory',
  EPERM: '无权写入数据目录 / the operating system refused a write to the data directory',
  EIO: '磁盘读写错误 / an input/output error on the data directory',
};
const UNAVAILABLE_CODES: Record<string, string> = {
  ECONNREFUSED: '无法连接数据库服务器 / the database server refused the connection',
  ENOTFOUND: '找不到数据库服务器 / the database server name does not resolve',
  ETIMEDOUT: '连接数据库服务器超时 / the connection to the database server timed out',
  EHOSTUNREACH: '无法到达数据库服务器 / the database server is unreachable',
  '28P01': '数据库用户名或密码错误 / the database refused the user name or password',
  '3D000': '数据库不存在 / the database named in DATABASE_URL does not exist',
};

/** The error and its causes, outermost first. */
function chain(err: unknown): unknown[] {
  const out: unknown[] = [];
  for (let e = err; e && out.length < 8; e = (e as { cause?: unknown }).cause) out.push(e);
  return out;
}

function codeOf(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  // pg's own connect timeout has no code (platform/db/database.ts retries it at start first).
  if (isConnectTimeout(err)) return 'ETIMEDOUT';
  // Errors re-thrown across PGlite's worker thread keep only their message.
  const m = /\b(EROFS|ENOSPC|EDQUOT|EACCES|EPERM|EIO)\b/.exec(String((err as { message?: unknown } | null)?.message ?? ''));
  return m ? m[1] : null;
}

/** The known cause of a failed start, or null for an unexpected error (a bug: keep its stack). */
export function bootFailureOf(err: unknown): BootFailure | null {
  for (const e of chain(err)) {
    const name = (e as { name?: unknown } | null)?.name;
    const message = String((e as { message?: unknown }).message ?? '');
    if (name === 'ConfigError') return { exitCode: EXIT.config, message: `配置错误 / configuration error: ${message}` };
    if (name === 'DataDirInUseError') return { exitCode: EXIT.tempFail, message };
    if (name === 'DataDirPermissionError') return { exitCode: EXIT.cantCreate, message };
    const code = codeOf(e);
    if (code === 'EADDRINUSE') {
      const where = (e as { address?: string; port?: number }).port ? ` (${(e as { address?: string }).address ?? ''}:${(e as { port?: number }).port})` : '';
      return { exitCode: EXIT.tempFail, message: `端口已被占用${where} / the listen address is already in use${where}: stop the other server or set PORT` };
    }
    if (code && IO_CODES[code]) {
      const path = (e as { path?: string }).path;
      return { exitCode: EXIT.io, message: `${IO_CODES[code]}${path ? ` (${path})` : ''}; fix it and start again` };
    }
    if (code && UNAVAILABLE_CODES[code]) return { exitCode: EXIT.unavailable, message: `${UNAVAILABLE_CODES[code]}; check DATABASE_URL and the server` };
  }
  return null;
}

/** Prints a known start-up failure in one line and exits with its code; re-throws anything else. */
export function exitOnBootFailure(err: unknown, print: (line: string) => void = console.error): never {
  const failure = bootFailureOf(err);
  if (!failure) throw err;
  print(failure.message);
  process.exit(failure.exitCode);
}
