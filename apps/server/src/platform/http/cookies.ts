import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseCookie, stringifySetCookie, type SerializeOptions } from 'cookie';

/** Options of a Set-Cookie (expires, maxAge in seconds, path, domain, secure, httpOnly, sameSite…). */
export type CookieOptions = SerializeOptions;

const NO_COOKIES: Readonly<Record<string, string | undefined>> = Object.freeze({});

/**
 * Cookies without per-request hooks: `request.cookies` parses the Cookie header when read (most API
 * calls carry a bearer token and never read it), and `reply.setCookie` / `reply.clearCookie` append
 * Set-Cookie headers at once. @fastify/cookie, which this replaces, ran an onRequest and an onSend
 * hook on every request — and any onSend hook puts every reply through Fastify's onSend runner.
 * Defaults as before: SameSite=Lax, Path=/.
 */
export function installCookies(app: FastifyInstance): void {
  app.decorateRequest('cookies', {
    getter(this: FastifyRequest) {
      const header = this.headers.cookie;
      return header ? parseCookie(header) : NO_COOKIES;
    },
  });
  app.decorateReply('setCookie', function setCookie(this: FastifyReply, name: string, value: string, options: CookieOptions = {}) {
    const line = stringifySetCookie({ name, value, path: '/', sameSite: 'lax', ...options });
    const held = this.getHeader('set-cookie');
    // One Set-Cookie per name and path: a later call for the same cookie replaces the earlier one.
    const prefix = `${name}=`;
    const others = (held === undefined ? [] : Array.isArray(held) ? held : [String(held)]).filter(
      (c) => !(c.startsWith(prefix) && pathOf(c) === (options.path ?? '/')),
    );
    // Fastify appends to set-cookie rather than replacing it: start again from the kept ones.
    this.removeHeader('set-cookie');
    this.header('set-cookie', [...others, line]);
    return this;
  });
  app.decorateReply('clearCookie', function clearCookie(this: FastifyReply, name: string, options: CookieOptions = {}) {
    return this.setCookie(name, '', { ...options, expires: new Date(0), maxAge: 0 });
  });
}

function pathOf(setCookie: string): string {
  return /;\s*path=([^;]*)/i.exec(setCookie)?.[1] ?? '/';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's cookies (parsed from the Cookie header when read). */
    readonly cookies: Readonly<Record<string, string | undefined>>;
  }
  interface FastifyReply {
    setCookie(name: string, value: string, options?: CookieOptions): FastifyReply;
    clearCookie(name: string, options?: CookieOptions): FastifyReply;
  }
}
