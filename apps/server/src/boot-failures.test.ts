import { describe, expect, it } from 'vitest';
import { bootFailureOf, EXIT } from './boot-failures.ts';
import { ConfigError } from './config.ts';
import { DataDirPermissionError } from './platform/boot/data-dir.ts';
import { DataDirInUseError } from './platform/db/database.ts';

const errno = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(`${code}: something`), { code, ...extra });

describe('bootFailureOf', () => {
  it('gives each known cause its sysexits code and a zh/en line', () => {
    expect(bootFailureOf(new ConfigError('FX_DATA_KEYS is malformed'))).toEqual({ exitCode: EXIT.config, message: '配置错误 / configuration error: FX_DATA_KEYS is malformed' });
    expect(bootFailureOf(new DataDirInUseError('in use by process 7'))?.exitCode).toBe(75);
    expect(bootFailureOf(new DataDirPermissionError('too open'))?.exitCode).toBe(73);
    expect(bootFailureOf(errno('EROFS', { path: '/data' }))).toEqual({ exitCode: 74, message: expect.stringContaining('read-only file system (/data)') });
    expect(bootFailureOf(errno('ENOSPC'))?.message).toContain('磁盘已满');
    expect(bootFailureOf(errno('ECONNREFUSED'))?.exitCode).toBe(69);
    // pg's own connect timeout carries no code.
    expect(bootFailureOf(new Error('Connection terminated due to connection timeout', { cause: new Error('Connection terminated unexpectedly') }))).toEqual({ exitCode: 69, message: expect.stringContaining('timed out') });
    expect(bootFailureOf(errno('28P01'))?.message).toContain('password');
    expect(bootFailureOf(errno('EADDRINUSE', { address: '0.0.0.0', port: 3000 }))?.message).toContain('0.0.0.0:3000');
  });

  it('finds the cause inside a wrapping error, and in a message that crossed a thread', () => {
    expect(bootFailureOf(new Error('migration failed', { cause: errno('ENOSPC') }))?.exitCode).toBe(74);
    expect(bootFailureOf(new Error('Error: EACCES: permission denied, open /data/base/1'))?.exitCode).toBe(74);
  });

  it('leaves an unexpected error alone (a bug keeps its stack)', () => {
    expect(bootFailureOf(new TypeError('x is undefined'))).toBeNull();
    expect(bootFailureOf(errno('ERR_SOMETHING'))).toBeNull();
    expect(bootFailureOf(undefined)).toBeNull();
  });
});
