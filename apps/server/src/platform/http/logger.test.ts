import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AppError, CommonErrors } from './errors.ts';
import { OneLinePerRequest, RequestLogger, SENSITIVE_KEYS, createLogger, redactDeep, requestLoggerFactory } from './logger.ts';

function capture(): { log: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { log: createLogger('info', false, stream), lines };
}

describe('log redaction', () => {
  it('redacts every sensitive key at any depth, in arrays, whatever the case', () => {
    for (const key of SENSITIVE_KEYS) {
      const out = JSON.stringify(redactDeep({ a: { b: [{ c: { d: { [key]: 'V4LUE-1', [key.toUpperCase()]: 'V4LUE-2' } } }] } }));
      expect(out, key).not.toContain('V4LUE');
      expect(out).toContain('[redacted]');
    }
  });

  it('returns an object without sensitive keys unchanged (same reference) and leaves inputs untouched', () => {
    const clean = { method: 'GET', route: '/api/me', statusCode: 200, nested: { ok: [1, 2] } };
    expect(redactDeep(clean)).toBe(clean);
    const dirty = { detail: { phone: '13800000001' } };
    expect(redactDeep(dirty)).toEqual({ detail: { phone: '[redacted]' } });
    expect(dirty.detail.phone).toBe('13800000001');
  });

  it('survives cycles', () => {
    const a: Record<string, unknown> = { name: 'x' };
    a.self = a;
    expect(redactDeep(a)).toEqual({ name: '[redacted]', self: '[circular]' });
  });

  it('redacts the fields of logged errors and of their causes, keeping message and stack', () => {
    const { log, lines } = capture();
    const cause = Object.assign(new Error('db said no'), { params: ['13800000001'], detail: { idNumber: '11010519491231002X' } });
    const err = new AppError(CommonErrors.INTERNAL, { phone: '13800000002' }, { cause });
    log.error({ err, extra: { token: 'tok-SECRET' } }, 'request failed');
    const out = lines.join('');
    for (const secret of ['13800000001', '13800000002', '11010519491231002X', 'tok-SECRET']) expect(out).not.toContain(secret);
    const line = JSON.parse(out);
    // `code` is a sensitive key (sign-in codes), so an error's code is redacted too.
    expect(line.err).toMatchObject({ type: 'AppError', code: '[redacted]', details: { phone: '[redacted]' } });
    expect(line.err.message).toContain('db said no'); // pino appends the cause's message
    expect(line.err.stack).toContain('logger.test.ts');
  });

  it('keeps the bound values of a failed query (in its message and stack) out of the log', () => {
    const { log, lines } = capture();
    const err = new Error('Failed query: select * from citizens where phone_index = $1\nparams: 13800000001,110101199003070000');
    log.error({ err }, 'query failed');
    const line = lines.join('');
    expect(line).toContain('Failed query: select * from citizens');
    expect(line).not.toContain('13800000001');
    expect(line).not.toContain('110101199003070000');
    expect(line).toContain('params: [redacted]');
  });

  it('redacts child logger bindings and keeps ordinary fields', () => {
    const { log, lines } = capture();
    log.child({ reqId: 'r-1', phone: '13800000003' }).child({ deeper: { name: '欧阳娜娜' } }).info({ route: '/api/me', statusCode: 200 }, 'request');
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ reqId: 'r-1', phone: '[redacted]', deeper: { name: '[redacted]' }, route: '/api/me', statusCode: 200 });
  });
});

describe('request logger (lazy child) and the one line per request', () => {
  const request = (log: unknown) => ({ id: 'req-1', method: 'POST', url: '/api/scans?phone=13800000001', routeOptions: { url: '/api/scans' }, log }) as never;
  const reply = { statusCode: 201, elapsedTime: 3.21 } as never;

  it('writes the summary line with the request id without making a child, and redacts it', () => {
    const { log, lines } = capture();
    const child = log.child;
    let children = 0;
    log.child = ((...args: Parameters<typeof child>) => {
      children++;
      return child.apply(log, args);
    }) as typeof child;
    const reqLog = requestLoggerFactory(log, { reqId: 'req-1' }, {}) as unknown as RequestLogger;
    const controller = new OneLinePerRequest();
    const seen: number[] = [];
    controller.observe((_req, rep) => seen.push((rep as { statusCode: number }).statusCode));
    controller.requestCompleted(null, request(reqLog), reply);
    (log as unknown as { flush?: () => void }).flush?.();
    expect(children).toBe(0);
    expect(seen).toEqual([201]);
    const line = JSON.parse(lines.at(-1)!);
    expect(line).toMatchObject({ reqId: 'req-1', method: 'POST', route: '/api/scans', statusCode: 201, ms: 3.2, msg: 'request' });
    expect(lines.join('')).not.toContain('13800000001');
  });

  it('behaves as a child with the request id when a handler logs through it', () => {
    const { log, lines } = capture();
    const reqLog = requestLoggerFactory(log, { reqId: 'req-2' }, {}) as unknown as RequestLogger;
    reqLog.warn({ phone: '13800000001', step: 'x' }, 'something odd');
    const first = JSON.parse(lines.at(-1)!);
    expect(first).toMatchObject({ reqId: 'req-2', step: 'x', phone: '[redacted]', msg: 'something odd', level: 40 });
    reqLog.debug('not written at info');
    expect(lines).toHaveLength(1);
    // Once the child exists, the summary line goes through it (request id once, not twice).
    new OneLinePerRequest().requestCompleted(new Error('boom'), request(reqLog), reply);
    const last = lines.at(-1)!;
    expect(JSON.parse(last)).toMatchObject({ reqId: 'req-2', statusCode: 201, msg: 'request errored', level: 50 });
    expect(last.match(/"reqId"/g)).toHaveLength(1);
  });

  it('honours a route-level log level', () => {
    const { log, lines } = capture();
    const reqLog = requestLoggerFactory(log, { reqId: 'req-3' }, { level: 'warn' }) as unknown as RequestLogger;
    expect(reqLog.level).toBe('warn');
    new OneLinePerRequest().requestCompleted(null, request(reqLog), reply);
    expect(lines).toHaveLength(0);
    reqLog.error('kept');
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ reqId: 'req-3', msg: 'kept' });
  });
});
