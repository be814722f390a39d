import { pino, stdSerializers, type Bindings, type ChildLoggerOptions, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { randomUUID } from 'node:crypto';
import { LogController, type FastifyBaseLogger } from 'fastify';

/** Field names that hold personal data or secrets; never written to logs. */
export const SENSITIVE_KEYS = [
  'idNumber', 'documentNumber', 'phone', 'mobile', 'name', 'fullName', 'realName', 'address',
  'token', 'accessToken', 'refreshToken', 'password', 'newPassword', 'code', 'otp', 'apiKey', 'secret',
  // Request/response plumbing that carries credentials, should anything log it.
  'authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-csrf-token',
  // drizzle's DrizzleQueryError carries the bound values of the failed statement.
  'params',
];
const SENSITIVE = new Set(SENSITIVE_KEYS.map((k) => k.toLowerCase()));
const CENSOR = '[redacted]';
const MAX_DEPTH = 10;

type Plain = Record<string, unknown>;

/** drizzle's DrizzleQueryError spells the bound values into its message (and so its stack): "…\nparams: 138…". */
const PARAMS_LINE = /\nparams: [^\n]*/g;

/** A serialized error without the query parameters its message or stack may quote. */
function withoutBoundValues(err: Plain): Plain {
  const out = { ...err };
  for (const key of ['message', 'stack'] as const) {
    if (typeof out[key] === 'string') out[key] = (out[key] as string).replace(PARAMS_LINE, '\nparams: [redacted]');
  }
  return out;
}

/**
 * Returns `value` with every sensitive key replaced by the censor, at any depth (copy on write: an
 * object without sensitive keys comes back as the same reference, so the usual small log object
 * costs a few Set lookups). Errors are first turned into plain objects by pino's error serializer
 * (message, stack, own fields, cause chain), so their fields are redacted too.
 */
export function redactDeep(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return '[too deep]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  try {
    if (value instanceof Error) return redactDeep(withoutBoundValues(stdSerializers.err(value) as unknown as Plain), depth, seen);
    if (Array.isArray(value)) {
      let copy: unknown[] | null = null;
      for (let i = 0; i < value.length; i++) {
        const v = redactDeep(value[i], depth + 1, seen);
        if (v !== value[i]) (copy ??= value.slice())[i] = v;
      }
      return copy ?? value;
    }
    // Values JSON writes without own fields of interest; everything else (plain objects, serialized
    // errors, class instances) is walked through its own enumerable fields, which is what JSON writes.
    if (ArrayBuffer.isView(value) || value instanceof Date || value instanceof RegExp || value instanceof Map || value instanceof Set) return value;
    let copy: Plain | null = null;
    for (const key of Object.keys(value)) {
      const v = (value as Plain)[key];
      const next = SENSITIVE.has(key.toLowerCase()) ? (v === undefined || v === null ? v : CENSOR) : redactDeep(v, depth + 1, seen);
      if (next !== v) (copy ??= { ...(value as Plain) })[key] = next;
    }
    return copy ?? value;
  } finally {
    seen.delete(value);
  }
}

/**
 * stdout through a 4 KiB buffer: one write(2) per few dozen request lines
 * instead of one each (a synchronous write per line cost ≈ 7 % of the scan hot path's CPU). The
 * buffer is flushed every 250 ms, when the app closes (flushLogs) and synchronously at exit, so a
 * normal shutdown loses nothing; a SIGKILL may lose the last quarter second of lines.
 */
function bufferedStdout(): DestinationStream {
  const dest = pino.destination({ dest: 1, sync: true, minLength: 4096 });
  const timer = setInterval(() => {
    try {
      dest.flush();
    } catch {
      /* not ready yet or already closed */
    }
  }, 250);
  timer.unref();
  process.once('exit', () => {
    try {
      dest.flushSync();
    } catch {
      /* nothing to flush */
    }
  });
  return dest;
}

/**
 * The application logger: pino with loggerOptions, whose child loggers (one per request, made by
 * Fastify) also have their bindings redacted — pino applies formatters.bindings to the root's
 * bindings only.
 */
export function createLogger(level: string, pretty = false, stream?: NodeJS.WritableStream): Logger {
  const root = stream
    ? pino(loggerOptions(level, pretty), stream as DestinationStream)
    : pretty
      ? pino(loggerOptions(level, pretty))
      : pino(loggerOptions(level, pretty), bufferedStdout());
  const child = root.child;
  // Children are created with Object.create(parent), so they inherit this override too.
  root.child = function redactedChild(this: Logger, bindings: Bindings, options?: ChildLoggerOptions) {
    return (child as unknown as (this: Logger, b: Bindings, o?: ChildLoggerOptions) => Logger).call(this, redactDeep(bindings) as Bindings, options);
  } as unknown as Logger['child'];
  return root;
}

/**
 * pino options: request ids, personal fields redacted, URLs logged without query strings.
 * Redaction runs on the merge object of each log call and on child bindings (formatters), and the
 * serializers emit only safe fields — instead of pino's path-based redaction, whose wildcard paths
 * (`*.*.*.phone` for 17 keys) cost ≈ 18 % of a request's CPU and only reached three levels deep.
 */
export function loggerOptions(level: string, pretty = false): LoggerOptions {
  return {
    level,
    formatters: {
      log: (obj) => redactDeep(obj) as Plain,
      bindings: (bindings) => redactDeep(bindings) as Plain,
    },
    serializers: {
      // Applied after formatters.log, so each one's output is redacted again.
      // (formatters.log has usually turned the error into a redacted plain object already.)
      err: (err: unknown) => (err instanceof Error ? redactDeep(stdSerializers.err(err)) : err),
      req(req: { id: string; method: string; url: string; routeOptions?: { url?: string } }) {
        // Query strings can carry phone numbers or tokens; log only the path. No headers (credentials).
        return { id: req.id, method: req.method, url: req.url.split('?')[0], route: req.routeOptions?.url };
      },
      res(res: { statusCode: number }) {
        return { statusCode: res.statusCode }; // no headers: set-cookie carries the session
      },
    },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  };
}

/**
 * A request's logger (Fastify's `request.log`), made only when a handler or hook logs through it:
 * a pino child per request (bindings serialised and redacted) costs more than the request's own
 * log line, and most requests write only that line, which `OneLinePerRequest` writes through the
 * root logger with the request id. Behaves as `root.child({ reqId })` for every other use.
 */
export class RequestLogger {
  private real: Logger | null = null;
  readonly root: Logger;
  readonly reqId: string;
  private readonly options: ChildLoggerOptions;

  constructor(root: Logger, reqId: string, options: ChildLoggerOptions) {
    this.root = root;
    this.reqId = reqId;
    this.options = options;
  }

  /** The pino child, created on first use. */
  get logger(): Logger {
    return (this.real ??= this.root.child({ reqId: this.reqId }, this.options));
  }

  get level(): string {
    return this.real?.level ?? this.options.level ?? this.root.level;
  }

  set level(level: string) {
    this.logger.level = level;
  }

  /** Whether a line at `level` would be written (without creating the child when the root decides). */
  isLevelEnabled(level: string): boolean {
    return this.real || this.options.level ? this.logger.isLevelEnabled(level) : this.root.isLevelEnabled(level);
  }

  /** The request's summary line: through the child if one exists, otherwise the root with the request id. */
  line(level: 'info' | 'error', obj: Record<string, unknown>, msg: string): void {
    if (this.real || this.options.level || this.options.serializers) this.logger[level](obj, msg);
    else if (this.root.isLevelEnabled(level)) this.root[level]({ reqId: this.reqId, ...obj }, msg);
  }

  fatal(...args: Parameters<Logger['fatal']>): void {
    this.logger.fatal(...args);
  }
  error(...args: Parameters<Logger['error']>): void {
    this.logger.error(...args);
  }
  warn(...args: Parameters<Logger['warn']>): void {
    this.logger.warn(...args);
  }
  info(...args: Parameters<Logger['info']>): void {
    this.logger.info(...args);
  }
  debug(...args: Parameters<Logger['debug']>): void {
    if (this.isLevelEnabled('debug')) this.logger.debug(...args);
  }
  trace(...args: Parameters<Logger['trace']>): void {
    if (this.isLevelEnabled('trace')) this.logger.trace(...args);
  }
  silent(): void {}
  child(bindings: Bindings, options?: ChildLoggerOptions): Logger {
    return this.logger.child(bindings, options);
  }
  bindings(): Bindings {
    return this.logger.bindings();
  }
}

/** Fastify's childLoggerFactory: a RequestLogger instead of an eager pino child per request. */
export function requestLoggerFactory(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  return new RequestLogger(logger as Logger, String(bindings.reqId), options) as unknown as FastifyBaseLogger;
}

export type LoggedRequest = { id: string; method: string; url: string; routeOptions: { url?: string }; log: FastifyBaseLogger };
export type LoggedReply = { statusCode: number; elapsedTime: number };

/**
 * Fastify's request log lines, replaced by one line per request written when the response has gone
 * out: method, route (the template, never the concrete path, which can carry identifiers), status
 * and duration; the request id comes from the request logger's bindings. Fastify's default writes
 * two lines ("incoming request", "request completed") plus one per unknown route.
 */
export class OneLinePerRequest extends LogController {
  private readonly observers: ((request: LoggedRequest, reply: LoggedReply) => void)[] = [];

  /**
   * Also calls `observer` for every completed request (metrics): one call from the place Fastify
   * already reaches for each response, instead of an onResponse hook and its runner per request.
   */
  observe(observer: (request: LoggedRequest, reply: LoggedReply) => void): void {
    this.observers.push(observer);
  }

  override incomingRequest(): void {}
  override routeNotFound(): void {}
  override requestCompleted(error: Error | null | undefined, request: LoggedRequest, reply: LoggedReply): void {
    for (const observer of this.observers) observer(request, reply);
    const route = request.routeOptions.url;
    const line: Record<string, unknown> =
      route === undefined
        ? // An unmatched request has no route; its path (without the query string) is what an operator needs.
          { method: request.method, path: request.url.split('?')[0].slice(0, 200), statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }
        : { method: request.method, route, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 };
    const log = request.log as unknown as RequestLogger | FastifyBaseLogger;
    if (log instanceof RequestLogger) log.line(error ? 'error' : 'info', error ? { ...line, err: error } : line, error ? 'request errored' : 'request');
    else if (error) log.error({ ...line, err: error }, 'request errored');
    else log.info(line, 'request');
  }
}

/** Request ids: honour a sane incoming x-request-id, otherwise a fresh UUID. */
export function genReqId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const incoming = req.headers['x-request-id'];
  if (typeof incoming === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(incoming)) return incoming;
  return randomUUID();
}
