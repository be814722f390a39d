import { hash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, like, lt, or } from 'drizzle-orm';
import { divisionPrefix } from '@fangxian/contracts/kernel';
import type { ApiClient } from '@fangxian/contracts/identity';
import type { AppContext } from '../http/context.ts';
import type { DbOrTx } from '../db/database.ts';
import { AppError, CommonErrors } from '../http/errors.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { assertInScope, type Policy } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { isDivisionCode } from '../divisions/index.ts';
import { apiClients } from './identity.tables.ts';
import { apiKeyCacheOf } from './api-key-cache.ts';
import type { RequestMeta } from './request-meta.ts';
import { IdentityErrors } from './identity.errors.ts';

const KEY_PREFIX = 'fxk_';

/** SHA-256 of an API key: keys are random 256-bit secrets, so a fast hash is enough and lookups stay cheap. */
export function hashApiKey(key: string): string {
  return hash('sha256', key, 'base64url');
}

/** The permissions API clients can hold: every permission some `who: 'api'` action of the app's policy declares. */
export function knownApiPermissions(policy: Policy): { permission: string; actions: string[]; descriptions: string[] }[] {
  const byPermission = new Map<string, { actions: string[]; descriptions: string[] }>();
  for (const [action, rule] of policy.actions()) {
    if (rule.who !== 'api') continue;
    const entry = byPermission.get(rule.permission) ?? { actions: [], descriptions: [] };
    entry.actions.push(action);
    entry.descriptions.push(rule.description);
    byPermission.set(rule.permission, entry);
  }
  return [...byPermission.entries()].map(([permission, e]) => ({ permission, ...e })).sort((a, b) => a.permission.localeCompare(b.permission));
}

function present(row: typeof apiClients.$inferSelect): ApiClient {
  return {
    id: row.id,
    name: row.name,
    keyPrefix: row.keyPrefix,
    permissions: row.permissions,
    regionCode: row.regionCode,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

type Admin = Extract<Principal, { kind: 'staff' }>;

/** SQL condition "the key's region lies within the admin's scope" (the same rule as divisionContains). */
function withinScope(scope: string) {
  return scope ? like(apiClients.regionCode, `${divisionPrefix(scope)}%`) : undefined;
}

/** The API clients within the admin's region, newest first (revoked ones included, for the record). */
export async function listApiClients(ctx: AppContext, admin: Admin): Promise<ApiClient[]> {
  const rows = await ctx.db.select().from(apiClients).where(withinScope(admin.regionCode)).orderBy(desc(apiClients.createdAt));
  return rows.map(present);
}

/** Creates a client with named permissions; the key is returned here once and stored only as its hash. */
export async function createApiClient(
  ctx: AppContext,
  actor: Admin,
  input: { name: string; permissions: string[]; regionCode?: string },
  meta: RequestMeta,
): Promise<ApiClient & { key: string }> {
  // A key's scope is never wider than its creator's: the creator's region unless a region within it is named.
  const regionCode = input.regionCode ?? actor.regionCode;
  if (input.regionCode !== undefined && !isDivisionCode(input.regionCode)) throw new AppError(IdentityErrors.IDENTITY_DIVISION_INVALID);
  if (input.regionCode !== undefined) assertInScope(actor, input.regionCode);
  const known = new Set(knownApiPermissions(ctx.policy).map((p) => p.permission));
  const unknown = input.permissions.filter((p) => !known.has(p));
  if (unknown.length > 0) throw new AppError(IdentityErrors.IDENTITY_PERMISSION_UNKNOWN, { unknown, known: [...known] });
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiClients)
      .values({
        name: input.name.trim(),
        keyHash: hashApiKey(key),
        keyPrefix: key.slice(0, KEY_PREFIX.length + 8),
        permissions: [...new Set(input.permissions)].sort(),
        regionCode,
        createdBy: actor.staffId,
      })
      .returning();
    await appendAudit(tx, {
      actor,
      action: 'identity.api-client.create',
      subjectType: 'api_client',
      subjectId: row.id,
      regionCode: row.regionCode || null,
      detail: { name: row.name, permissions: row.permissions, regionCode: row.regionCode },
      ip: meta.ip,
      requestId: meta.requestId,
    });
    return { ...present(row), key };
  });
}

/**
 * Revokes a client within the admin's region (else NOT_FOUND): its key stops working on the next
 * request in this process (the key cache is cleared after the commit), and within the key cache's
 * time to live (5 s) on other server processes of the same database.
 */
export async function revokeApiClient(ctx: AppContext, actor: Admin, id: string, meta: RequestMeta): Promise<void> {
  try {
    await revokeInTransaction(ctx, actor, id, meta);
  } finally {
    apiKeyCacheOf(ctx.db).invalidateClient(id);
  }
}

async function revokeInTransaction(ctx: AppContext, actor: Admin, id: string, meta: RequestMeta): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiClients)
      .set({ revokedAt: new Date(), revokedBy: actor.staffId })
      .where(and(eq(apiClients.id, id), isNull(apiClients.revokedAt), withinScope(actor.regionCode)))
      .returning();
    if (!row) throw new AppError(CommonErrors.NOT_FOUND);
    await appendAudit(tx, { actor, action: 'identity.api-client.revoke', subjectType: 'api_client', subjectId: id, regionCode: row.regionCode || null, ip: meta.ip, requestId: meta.requestId });
  });
}

/**
 * Resolves an x-api-key to its principal; null for unknown or revoked keys. Marks use at most once a
 * minute. Live keys are remembered a few seconds per app (api-key-cache.ts): a revocation through
 * this process applies to the very next request, one made by another process within the cache's
 * time to live (5 s).
 */
export async function principalForApiKey(db: DbOrTx, key: string): Promise<Principal | null> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 100) return null;
  const keyHash = hashApiKey(key);
  const cache = apiKeyCacheOf(db);
  const now = new Date();
  const cached = cache.get(keyHash, now.getTime());
  if (cached) {
    if (now.getTime() - cached.lastUsedAt > 60_000) {
      cached.lastUsedAt = now.getTime();
      await markUsed(db, cached.principal.clientId, now);
    }
    return cached.principal;
  }
  const since = cache.begin();
  const [row] = await db
    .select({ id: apiClients.id, permissions: apiClients.permissions, regionCode: apiClients.regionCode, lastUsedAt: apiClients.lastUsedAt })
    .from(apiClients)
    .where(and(eq(apiClients.keyHash, keyHash), isNull(apiClients.revokedAt)));
  if (!row) return null;
  let lastUsedAt = row.lastUsedAt?.getTime() ?? 0;
  if (now.getTime() - lastUsedAt > 60_000) {
    lastUsedAt = now.getTime();
    await markUsed(db, row.id, now);
  }
  const principal = { kind: 'api' as const, clientId: row.id, permissions: row.permissions, regionCode: row.regionCode };
  cache.set(keyHash, principal, lastUsedAt, since);
  return principal;
}

/** Sets last_used_at unless another request did within the minute. */
async function markUsed(db: DbOrTx, clientId: string, now: Date): Promise<void> {
  const stale = new Date(now.getTime() - 60_000);
  await db.update(apiClients).set({ lastUsedAt: now }).where(and(eq(apiClients.id, clientId), or(isNull(apiClients.lastUsedAt), lt(apiClients.lastUsedAt, stale))));
}
