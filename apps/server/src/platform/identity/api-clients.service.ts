import { hash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import type { ApiClient } from '@fangxian/contracts/identity';
import type { AppContext } from '../http/context.ts';
import type { DbOrTx } from '../db/database.ts';
import { AppError, CommonErrors } from '../http/errors.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { Policy } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { apiClients } from './identity.tables.ts';
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
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

/** All API clients, newest first (revoked ones included, for the record). */
export async function listApiClients(ctx: AppContext): Promise<ApiClient[]> {
  const rows = await ctx.db.select().from(apiClients).orderBy(desc(apiClients.createdAt));
  return rows.map(present);
}

/** Creates a client with named permissions; the key is returned here once and stored only as its hash. */
export async function createApiClient(
  ctx: AppContext,
  actor: Principal,
  input: { name: string; permissions: string[] },
  meta: RequestMeta,
): Promise<ApiClient & { key: string }> {
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
        createdBy: actor.kind === 'staff' ? actor.staffId : null,
      })
      .returning();
    await appendAudit(tx, {
      actor,
      action: 'identity.api-client.create',
      subjectType: 'api_client',
      subjectId: row.id,
      detail: { name: row.name, permissions: row.permissions },
      ip: meta.ip,
      requestId: meta.requestId,
    });
    return { ...present(row), key };
  });
}

/** Revokes a client: its key stops working on the next request, on every instance. */
export async function revokeApiClient(ctx: AppContext, actor: Principal, id: string, meta: RequestMeta): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiClients)
      .set({ revokedAt: new Date(), revokedBy: actor.kind === 'staff' ? actor.staffId : null })
      .where(and(eq(apiClients.id, id), isNull(apiClients.revokedAt)))
      .returning();
    if (!row) throw new AppError(CommonErrors.NOT_FOUND);
    await appendAudit(tx, { actor, action: 'identity.api-client.revoke', subjectType: 'api_client', subjectId: id, ip: meta.ip, requestId: meta.requestId });
  });
}

/** Resolves an x-api-key to its principal; null for unknown or revoked keys. Marks use at most once a minute. */
export async function principalForApiKey(db: DbOrTx, key: string): Promise<Principal | null> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 100) return null;
  const [row] = await db
    .select({ id: apiClients.id, permissions: apiClients.permissions, lastUsedAt: apiClients.lastUsedAt })
    .from(apiClients)
    .where(and(eq(apiClients.keyHash, hashApiKey(key)), isNull(apiClients.revokedAt)));
  if (!row) return null;
  const now = new Date();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    const stale = new Date(now.getTime() - 60_000);
    await db.update(apiClients).set({ lastUsedAt: now }).where(and(eq(apiClients.id, row.id), or(isNull(apiClients.lastUsedAt), lt(apiClients.lastUsedAt, stale))));
  }
  return { kind: 'api', clientId: row.id, permissions: row.permissions };
}
