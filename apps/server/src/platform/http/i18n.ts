import type { FastifyRequest } from 'fastify';

export type Lang = 'zh-CN' | 'en';

/** The caller's language: the fx_lang cookie, then Accept-Language; Chinese by default. */
export function languageOf(request: FastifyRequest): Lang {
  const cookie = (request as { cookies?: Record<string, string | undefined> }).cookies?.fx_lang;
  if (cookie === 'en' || cookie === 'zh-CN') return cookie;
  const header = request.headers['accept-language'];
  if (typeof header === 'string' && /^en\b/i.test(header.trim())) return 'en';
  return 'zh-CN';
}
