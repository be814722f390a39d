import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError, CommonErrors } from '../http/errors.ts';
import type { App, AppContext } from '../http/context.ts';
import type { Principal } from '../access/principal.ts';
import { CSRF_HEADER, SESSION_COOKIE, csrfFor, hashToken, purgeOldSessions, sessionPrincipalForToken, sessionProfileForToken, type PrincipalWithProfile } from './sessions.ts';
import { PrincipalCache } from './principal-cache.ts';
import { principalForApiKey } from './api-clients.service.ts';
import { purgeExpiredRates } from './rate-limit.ts';
import { purgeOldOtps } from './otp.ts';
import { purgeOldOutbox } from './sms.ts';
import { hasCurrentCommitment } from './commitment.ts';
import { IdentityErrors } from './identity.errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A route that declares a policy action (collected as routes are added; the access-matrix test walks them). */
export interface ActionRoute {
  method: string;
  url: string;
  action: string;
}

const HOUSEKEEPING_MS = 10 * 60_000;

function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice(7).trim() || null;
  return null;
}

/** The account or citizen a session belongs to: changes to it are announced under this id. */
function subjectOf(principal: Principal): string {
  return principal.kind === 'staff' ? principal.staffId : principal.kind === 'citizen' ? principal.citizenId : principal.clientId;
}

function sameString(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/**
 * Identity on every request: a session from the Authorization bearer token or the fx_session cookie,
 * or an API key. Cookie sessions must carry the CSRF header on unsafe methods. Then the route's
 * declared action (config.action) is authorised, before the body is parsed and validated.
 */
export function installIdentity(app: App, ctx: AppContext): void {
  // The app's policy (built from its modules' actions): the guard is one Map lookup per request.
  const policy = ctx.policy;
  app.decorateRequest('principal', null);
  app.decorateRequest('principalProfile', null);
  const actionRoutes: ActionRoute[] = [];
  app.decorate('actionRoutes', actionRoutes);
  app.addHook('onRoute', (route) => {
    const action = (route.config as { action?: string } | undefined)?.action;
    if (!action) return;
    const rule = policy.ruleOf(action); // an undeclared action fails at start-up, not at the first request
    for (const method of [route.method].flat()) if (method !== 'HEAD') actionRoutes.push({ method, url: route.url, action });
    // The OpenAPI document shows who may call the route, straight from the policy.
    if (route.schema && !route.schema.hide) {
      const who = rule.who === 'staff' ? `staff roles: ${rule.roles.join(', ')}` : rule.who === 'api' ? `API clients with permission ${rule.permission}` : rule.who;
      const schema = route.schema as Record<string, unknown>;
      schema.security ??= rule.who === 'api' ? [{ apiKey: [] }] : [{ bearer: [] }, { session: [] }];
      schema.description = `${schema.description ? `${schema.description}\n\n` : ''}Action \`${action}\` — ${who}.`;
    }
  });
  // Expired counters, codes, sessions and old outbox messages are deleted by whichever instance gets there first.
  const timer = setInterval(() => {
    void Promise.all([purgeExpiredRates(ctx.db), purgeOldOtps(ctx.db), purgeOldSessions(ctx.db), purgeOldOutbox(ctx.db)]).catch((err: unknown) =>
      app.log.warn({ err }, 'identity housekeeping failed'),
    );
  }, HOUSEKEEPING_MS);
  timer.unref();
  ctx.onClose(() => clearInterval(timer));
  // Resolved sessions are kept in memory until the change feed announces a change to the session, its
  // account or its citizen. This instance's own writes are heard before the writer's promise settles
  // (on PGlite during the COMMIT; on a PostgreSQL server on the pool connection that committed,
  // change-feed.ts POOL_LISTEN_CHANNELS), so sign-out, revocation and permission changes apply on the
  // very next request here; another instance's writes a moment after their commit (its NOTIFY on the
  // LISTEN connection); while that connection is down every request reads its session.
  const principals = new PrincipalCache<Principal>(ctx.database.changes, subjectOf);
  const profiles = new PrincipalCache<PrincipalWithProfile>(ctx.database.changes, (found) => subjectOf(found.principal));
  ctx.onClose(() => {
    principals.close();
    profiles.close();
  });
  app.decorate('principalCaches', { principals, profiles });
  // Routes that answer with the caller's own profile (config.withProfile) get it from the same query as the session.
  const resolve = async (request: FastifyRequest, token: string): Promise<Principal | null> => {
    if (request.routeOptions.config?.withProfile !== true) return principals.resolve(hashToken(token), () => sessionPrincipalForToken(ctx.db, token));
    const found = await profiles.resolve(hashToken(token), () => sessionProfileForToken(ctx.db, token));
    request.principalProfile = found;
    return found?.principal ?? null;
  };
  /** A bearer session answered from the in-process cache, or undefined (a miss, or the feed not live). */
  const cachedBearer = (request: FastifyRequest, bearer: string): Principal | undefined => {
    if (request.routeOptions.config?.withProfile !== true) return principals.peek(hashToken(bearer));
    const found = profiles.peek(hashToken(bearer));
    if (found === undefined) return undefined;
    request.principalProfile = found;
    return found.principal;
  };
  const identify = async (request: FastifyRequest): Promise<void> => {
    const bearer = bearerOf(request);
    if (bearer) {
      request.principal = await resolve(request, bearer);
      return;
    }
    const cookieToken = request.cookies?.[SESSION_COOKIE];
    if (cookieToken) {
      const principal = await resolve(request, cookieToken);
      if (principal && !SAFE_METHODS.has(request.method)) {
        const header = request.headers[CSRF_HEADER];
        if (typeof header !== 'string' || !sameString(header, csrfFor(cookieToken))) throw new AppError(CommonErrors.CSRF_FAILED);
      }
      request.principal = principal;
      return;
    }
    const apiKey = request.headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKey) {
      request.principal = await principalForApiKey(ctx.db, apiKey);
    }
  };
  /** The route's declared action, checked against the caller (throws AppError: 401/403). */
  // Staff work (every action for staff roles, and so every route that reaches personal data) needs
  // the current confidentiality commitment signed; 'signed-in' actions (own profile, the commitment
  // itself) do not.
  const authorizeRoute = (request: FastifyRequest): void => {
    const action = request.routeOptions.config?.action;
    if (!action) return;
    const principal = policy.authorize(request, action);
    if (principal.kind === 'staff' && policy.ruleOf(action).who === 'staff' && !hasCurrentCommitment(principal)) {
      throw new AppError(IdentityErrors.IDENTITY_COMMITMENT_REQUIRED);
    }
  };
  // One callback-style hook: who is calling, then whether the route's action allows them — before
  // the body is read or validated, so a refused request costs no parsing. A bearer token found in
  // the cache (the common case) finishes synchronously, without the
  // promise and microtask turns an async hook costs on every request.
  app.addHook('onRequest', (request, _reply, done) => {
    request.principal = null;
    const bearer = bearerOf(request);
    const cached = bearer ? cachedBearer(request, bearer) : undefined;
    if (cached !== undefined) {
      request.principal = cached;
      authorizeRoute(request); // a refusal thrown here goes to the error handler through Fastify's hook runner
      done();
      return;
    }
    identify(request).then(() => {
      try {
        authorizeRoute(request);
      } catch (err) {
        done(err as Error);
        return;
      }
      done();
    }, done);
  });
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's profile row, read with the session, on routes with config.withProfile. */
    principalProfile: PrincipalWithProfile | null;
  }
  interface FastifyContextConfig {
    /** The identity hook also reads the caller's profile (request.principalProfile) in the session query. */
    withProfile?: boolean;
  }
  interface FastifyInstance {
    /** Every route with a policy action, in registration order. */
    actionRoutes: ActionRoute[];
    /** The in-process session caches (both databases). */
    principalCaches: { principals: PrincipalCache<Principal>; profiles: PrincipalCache<PrincipalWithProfile> };
  }
}
