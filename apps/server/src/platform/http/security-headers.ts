import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

type HelmetOptions = NonNullable<Parameters<typeof helmet>[0]>;

/**
 * Computes helmet's response headers once, at start-up. Our options are static (no nonces, no
 * per-request directive functions), so every response gets the same set; @fastify/helmet instead
 * rebuilds the helmet middleware (option validation, CSP parsing) on every request.
 */
export function computeSecurityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader() {}, // x-powered-by: Fastify never sets it
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => (failure = err));
  if (failure) throw failure;
  return headers;
}

/**
 * The headers of API responses (JSON, event streams, generated images): OWASP's REST set instead of
 * the document set — nothing here is a page that loads scripts, styles or fonts, so the page CSP and
 * its companions say nothing useful, while `no-store` keeps personal data out of every cache.
 * Half the bytes of the document set, on every API response.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
});

/** Whether a request is for the API (not its documentation pages, which are documents). */
function isApi(url: string): boolean {
  return url.startsWith('/api/') && !url.startsWith('/api/docs');
}

/**
 * Security headers and the request id on every response, including errors and 404s (one
 * synchronous hook, first in the chain so a refusal by a later hook still carries them): the API
 * set on /api/, helmet's document set everywhere else (the web app, the API docs, /healthz).
 * A route that needs other values (a file download, the API docs) overrides the header itself.
 */
export function installSecurityHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const documentHeaders = computeSecurityHeaders(options);
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(isApi(request.url) ? API_SECURITY_HEADERS : documentHeaders);
    reply.header('x-request-id', request.id);
    done();
  });
}
