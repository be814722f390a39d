import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { languageOf, type Lang } from './i18n.ts';

/** One entry of the error catalogue: the HTTP status and the user-facing message in each language. */
export interface ErrorSpec {
  status: number;
  zh: string;
  en: string;
}

const catalogue = new Map<string, ErrorSpec>();

/** Adds a module's error codes to the one catalogue; a code may be defined only once. */
export function defineErrors<const T extends Record<string, ErrorSpec>>(specs: T): { [K in keyof T]: K } {
  const out = {} as { [K in keyof T]: K };
  for (const [code, spec] of Object.entries(specs)) {
    const existing = catalogue.get(code);
    if (existing && (existing.status !== spec.status || existing.zh !== spec.zh)) {
      throw new Error(`error code ${code} defined twice`);
    }
    catalogue.set(code, spec);
    (out as Record<string, string>)[code] = code;
  }
  return out;
}

/** Looks up a code's spec (for tests and the OpenAPI document). */
export function errorSpec(code: string): ErrorSpec | undefined {
  return catalogue.get(code);
}

/** All registered codes, for documentation. */
export function allErrorCodes(): [string, ErrorSpec][] {
  return [...catalogue.entries()].sort(([a], [b]) => a.localeCompare(b));
}

export const CommonErrors = defineErrors({
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
  UNAVAILABLE: { status: 503, zh: '服务暂不可用', en: 'The service is not available' },
});

/** The one error type of the platform: a stable code, optional details safe to show, optional cause. */
export class AppError extends Error {
  readonly code: string;
  readonly details?: Record<string, unknown>;
  constructor(code: string, details?: Record<string, unknown>, options?: { cause?: unknown; message?: string }) {
    super(options?.message ?? code, { cause: options?.cause });
    if (!catalogue.has(code)) throw new Error(`unknown error code ${code}`);
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return catalogue.get(this.code)!.status;
  }
}

/** The body every error response carries. */
export interface ErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** Renders an error code as the body the caller sees, in the caller's language. */
export function errorBody(code: string, lang: Lang, details?: Record<string, unknown>): ErrorBody {
  const spec = catalogue.get(code) ?? catalogue.get('INTERNAL')!;
  const body: ErrorBody = { code, message: lang === 'en' ? spec.en : spec.zh };
  if (details && spec.status < 500) body.details = details;
  return body;
}

function fromFastifyError(err: FastifyError): { code: string; details?: Record<string, unknown> } {
  if (err.validation) {
    return {
      code: 'VALIDATION_FAILED',
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
      return { code: 'PAYLOAD_TOO_LARGE' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { code: 'UNSUPPORTED_MEDIA_TYPE' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { code: 'VALIDATION_FAILED' };
  }
  if (err.statusCode === 429) return { code: 'RATE_LIMITED' };
  if (err instanceof SyntaxError || err.statusCode === 400) return { code: 'VALIDATION_FAILED', details: { reason: 'malformed body' } };
  if (err.statusCode === 404) return { code: 'NOT_FOUND' };
  if (err.statusCode === 413) return { code: 'PAYLOAD_TOO_LARGE' };
  if (err.statusCode === 415) return { code: 'UNSUPPORTED_MEDIA_TYPE' };
  return { code: 'INTERNAL' };
}

/** Installs the one error handler and the not-found handler. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
    const lang = languageOf(request);
    const { code, details } = err instanceof AppError ? { code: err.code, details: err.details } : fromFastifyError(err as FastifyError);
    const status = catalogue.get(code)!.status;
    if (status >= 500) request.log.error({ err }, 'request failed');
    // Not `code`: that key is redacted (it also names sign-in codes).
    else request.log.info({ errorCode: code }, 'request refused');
    if (code === 'RATE_LIMITED' && details?.retryAfterSeconds) reply.header('retry-after', String(details.retryAfterSeconds));
    return reply.status(status).send(errorBody(code, lang, details));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(errorBody('NOT_FOUND', languageOf(request)));
  });
}
