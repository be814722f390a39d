import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from '@fangxian/contracts/kernel';
import { languageOf, type Lang } from './i18n.ts';
import { isDatabaseUnavailable, type WriteHealth } from '../db/write-health.ts';

/** What an error code means: the HTTP status and the user-facing message in each language. */
export interface ErrorSpec {
  status: number;
  zh: string;
  en: string;
}

/** One entry of an error catalogue: a code with its status and messages. `new AppError(entry)` throws it. */
export interface ErrorEntry<C extends string = string> extends ErrorSpec {
  readonly code: C;
}

/** What defineErrors returns: one entry per code, keyed by the code. */
export type ErrorCatalogue<T> = { readonly [K in keyof T & string]: ErrorEntry<K> };

/**
 * The specs a module may declare under a prefix: every key must be `${P}_${string}` (MODULE_REASON),
 * so a code with another prefix does not compile (its spec is then typed as the message below).
 */
export type PrefixedSpecs<P extends string, T> = { [K in keyof T]: K extends `${P}_${string}` ? ErrorSpec : `error code ${K & string} must start with ${P}_` };

function catalogueOf<T extends Record<string, ErrorSpec>>(specs: T): ErrorCatalogue<T> {
  const out: Record<string, ErrorEntry> = {};
  for (const [code, spec] of Object.entries(specs)) {
    if (!/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(code)) throw new Error(`error code ${code} is not UPPER_SNAKE_CASE`);
    out[code] = Object.freeze({ code, status: spec.status, zh: spec.zh, en: spec.en });
  }
  return Object.freeze(out) as ErrorCatalogue<T>;
}

/**
 * A module's error catalogue: codes `MODULE_REASON`, where the prefix is the owning module's name in
 * upper snake case (`defineErrors('VENUES', { VENUES_NOT_APPROVED: { status, zh, en } })`). The
 * module lists the catalogue in its manifest (`errors`), which puts its codes in the API document.
 */
export function defineErrors<const P extends string, const T extends PrefixedSpecs<P, T>>(prefix: P, specs: T): ErrorCatalogue<T> {
  if (!/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(prefix)) throw new Error(`error prefix ${prefix} is not UPPER_SNAKE_CASE`);
  for (const code of Object.keys(specs)) {
    if (!code.startsWith(`${prefix}_`)) throw new Error(`error code ${code} must start with ${prefix}_`);
  }
  return catalogueOf(specs as unknown as Record<keyof T & string, ErrorSpec>) as ErrorCatalogue<T>;
}

/** The platform's HTTP-generic codes (unprefixed: they mean the same in every module). */
export const CommonErrors = catalogueOf({
  VALIDATION_FAILED: { status: 400, zh: '请求参数不正确', en: 'The request is not valid' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please sign in first' },
  FORBIDDEN: { status: 403, zh: '无权执行此操作', en: 'You are not allowed to do this' },
  NOT_FOUND: { status: 404, zh: '未找到记录', en: 'Not found' },
  CONFLICT: { status: 409, zh: '记录已存在或已被修改', en: 'The record already exists or was changed' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '提交内容过大', en: 'The request is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的文件类型', en: 'This file type is not supported' },
  RATE_LIMITED: { status: 429, zh: '操作过于频繁，请稍后再试', en: 'Too many attempts, please try again later' },
  CSRF_FAILED: { status: 403, zh: '页面已过期，请刷新后重试', en: 'The page has expired; reload and try again' },
  INTERNAL: { status: 500, zh: '系统繁忙，请稍后再试', en: 'Something went wrong, please try again later' },
  UNAVAILABLE: { status: 503, zh: '服务暂不可用，请稍后重试', en: 'The service is not available; please try again shortly' },
  STORAGE_FULL: { status: 503, zh: '存储空间不足，本次提交未保存，请稍后重试', en: 'Storage is full; nothing was saved. Please try again later' },
});

/** Every code of the given catalogues and the common ones, sorted, for the API document; a code may appear once. */
export function allErrorCodes(catalogues: readonly Readonly<Record<string, ErrorEntry>>[]): ErrorEntry[] {
  const byCode = new Map<string, ErrorEntry>();
  for (const catalogue of [CommonErrors, ...catalogues]) {
    for (const entry of Object.values(catalogue)) {
      const existing = byCode.get(entry.code);
      if (existing && existing !== entry) throw new Error(`error code ${entry.code} defined twice`);
      byCode.set(entry.code, entry);
    }
  }
  return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/** The one error type of the platform: a catalogue entry (code, status, messages), optional details safe to show, optional cause. */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details?: Record<string, unknown>;
  /** The catalogue entry (not enumerable: a logged error shows its code, not its messages). */
  declare readonly entry: ErrorEntry;
  constructor(entry: ErrorEntry, details?: Record<string, unknown>, options?: { cause?: unknown; message?: string }) {
    super(options?.message ?? entry.code, { cause: options?.cause });
    this.code = entry.code;
    this.status = entry.status;
    this.details = details;
    Object.defineProperty(this, 'entry', { value: entry, enumerable: false });
  }
  /** Whether this error is the given catalogue entry. */
  is(entry: ErrorEntry): boolean {
    return this.entry.code === entry.code;
  }
}

/** Renders an error entry as the body the caller sees, in the caller's language. */
export function errorBody(entry: ErrorEntry, lang: Lang, details?: Record<string, unknown>): ErrorBody {
  const body: ErrorBody = { code: entry.code, message: lang === 'en' ? entry.en : entry.zh };
  if (details && entry.status < 500) body.details = details;
  return body;
}

function fromFastifyError(err: FastifyError): { entry: ErrorEntry; details?: Record<string, unknown> } {
  if (err.validation) {
    return {
      entry: CommonErrors.VALIDATION_FAILED,
      details: {
        issues: err.validation.map((v) => ({
          path: `${err.validationContext ?? ''}${v.instancePath || ''}`,
          message: v.message ?? 'invalid',
          ...(v.params && 'missingProperty' in v.params ? { missing: v.params.missingProperty } : {}),
        })),
      },
    };
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return { entry: CommonErrors.PAYLOAD_TOO_LARGE };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { entry: CommonErrors.UNSUPPORTED_MEDIA_TYPE };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { entry: CommonErrors.VALIDATION_FAILED };
  }
  if (err.statusCode === 429) return { entry: CommonErrors.RATE_LIMITED };
  if (err instanceof SyntaxError || err.statusCode === 400) return { entry: CommonErrors.VALIDATION_FAILED, details: { reason: 'malformed body' } };
  if (err.statusCode === 404) return { entry: CommonErrors.NOT_FOUND };
  if (err.statusCode === 413) return { entry: CommonErrors.PAYLOAD_TOO_LARGE };
  if (err.statusCode === 415) return { entry: CommonErrors.UNSUPPORTED_MEDIA_TYPE };
  return { entry: CommonErrors.INTERNAL };
}

/** Seconds a client should wait before retrying after the database refused for lack of space / was unreachable. */
const RETRY_AFTER = { storageFull: 30, unavailable: 5 } as const;

/**
 * Installs the one error handler and the not-found handler. A write refused for lack of space is
 * 503 STORAGE_FULL (and marks `writeHealth` failing, which /readyz reports); an unreachable database
 * is 503 UNAVAILABLE; both retryable (Retry-After).
 */
export function installErrorHandler(app: FastifyInstance, writeHealth: WriteHealth): void {
  app.setErrorHandler((err: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
    const lang = languageOf(request);
    const { entry, details } =
      err instanceof AppError
        ? { entry: err.entry, details: err.details }
        : writeHealth.report(err)
          ? { entry: CommonErrors.STORAGE_FULL }
          : isDatabaseUnavailable(err)
            ? { entry: CommonErrors.UNAVAILABLE }
            : fromFastifyError(err as FastifyError);
    if (entry === CommonErrors.STORAGE_FULL) reply.header('retry-after', String(RETRY_AFTER.storageFull));
    if (entry === CommonErrors.UNAVAILABLE) reply.header('retry-after', String(RETRY_AFTER.unavailable));
    if (entry.status >= 500) request.log.error({ err }, 'request failed');
    // Not `code`: that key is redacted (it also names sign-in codes).
    else request.log.info({ errorCode: entry.code }, 'request refused');
    if (entry === CommonErrors.RATE_LIMITED && details?.retryAfterSeconds) reply.header('retry-after', String(details.retryAfterSeconds));
    return reply.status(entry.status).send(errorBody(entry, lang, details));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(errorBody(CommonErrors.NOT_FOUND, languageOf(request)));
  });
}
