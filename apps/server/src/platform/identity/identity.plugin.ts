import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../http/errors.ts';
import type { App, AppContext } from '../http/context.ts';
import { authorize } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { CSRF_HEADER, SESSION_COOKIE, csrfFor, principalForToken } from './sessions.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Resolves API keys (x-api-key) to principals; set by the API-client module. */
export type ApiKeyResolver = (key: string) => Promise<Principal | null>;
let apiKeyResolver: ApiKeyResolver | null = null;

/** Lets the API-client module plug in how x-api-key is checked. */
export function setApiKeyResolver(resolver: ApiKeyResolver): void {
  apiKeyResolver = resolver;
}

function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice(7).trim() || null;
  return null;
}

function sameString(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/**
 * Identity on every request: a session from the Authorization bearer token or the fx_session cookie,
 * or an API key. Cookie sessions must carry the CSRF header on unsafe methods. Then the route's
 * declared action (config.action) is authorised before validation and the handler run.
 */
export function installIdentity(app: App, ctx: AppContext): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    request.principal = null;
    const bearer = bearerOf(request);
    if (bearer) {
      request.principal = await principalForToken(ctx.db, bearer);
      return;
    }
    const cookieToken = request.cookies?.[SESSION_COOKIE];
    if (cookieToken) {
      const principal = await principalForToken(ctx.db, cookieToken);
      if (principal && !SAFE_METHODS.has(request.method)) {
        const header = request.headers[CSRF_HEADER];
        if (typeof header !== 'string' || !sameString(header, csrfFor(cookieToken))) throw new AppError('CSRF_FAILED');
      }
      request.principal = principal;
      return;
    }
    const apiKey = request.headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKeyResolver) request.principal = await apiKeyResolver(apiKey);
  });
  app.addHook('preValidation', async (request) => {
    const action = request.routeOptions.config?.action;
    if (action) authorize(request, action);
  });
}
