import type { FastifyRequest } from 'fastify';

/** Where a request came from, for sessions, audit records and rate limits. */
export interface RequestMeta {
  ip: string;
  requestId: string;
  userAgent?: string;
}

/** The request's IP (behind a proxy when FX_TRUST_PROXY is set), id and user agent. */
export function requestMeta(request: FastifyRequest): RequestMeta {
  const ua = request.headers['user-agent'];
  return { ip: request.ip, requestId: request.id, userAgent: typeof ua === 'string' ? ua : undefined };
}
