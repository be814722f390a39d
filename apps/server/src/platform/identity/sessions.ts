import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.ts';
import { sessions, staffAccounts } from './identity.tables.ts';
import type { Principal, StaffRole } from '../access/principal.ts';

export const SESSION_COOKIE = 'fx_session';
export const CSRF_COOKIE = 'fx_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** SHA-256 of a bearer token: what the sessions table stores, so a database leak yields no usable tokens. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** The CSRF value bound to a session token (double-submit: cookie + header must both carry it). */
export function csrfFor(token: string): string {
  return createHash('sha256').update(`csrf:${token}`).digest('base64url');
}

/** Starts a session and returns its bearer token (shown to the client once, stored only hashed). */
export async function createSession(
  db: DbOrTx,
  subject: { type: 'citizen' | 'staff'; id: string },
  ttlHours: number,
  meta: { ip?: string; userAgent?: string } = {},
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
  await db.insert(sessions).values({
    id: hashToken(token),
    subjectType: subject.type,
    subjectId: subject.id,
    expiresAt,
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { token, expiresAt };
}

/** Revokes one session by its token. */
export async function revokeSessionToken(db: DbOrTx, token: string): Promise<void> {
  await db.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.id, hashToken(token)), isNull(sessions.revokedAt)));
}

/** Revokes one session by its id (the hash of its token), e.g. on sign-out. */
export async function revokeSessionById(db: DbOrTx, sessionId: string): Promise<void> {
  await db.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/** Deletes sessions that expired or were revoked more than `graceDays` ago (housekeeping). */
export async function purgeOldSessions(db: DbOrTx, graceDays = 7): Promise<number> {
  const cutoff = new Date(Date.now() - graceDays * 86_400_000);
  const deleted = await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, cutoff), lt(sessions.revokedAt, cutoff)))
    .returning({ id: sessions.id });
  return deleted.length;
}

/** Revokes every live session of a subject (used when an account is disabled or its password changes). */
export async function revokeSubjectSessions(db: DbOrTx, subjectType: 'citizen' | 'staff', subjectId: string): Promise<number> {
  const result = await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.subjectType, subjectType), eq(sessions.subjectId, subjectId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return result.length;
}

/** Resolves a bearer token to its principal in one query; null when unknown, expired, revoked or disabled. */
export async function principalForToken(db: DbOrTx, token: string): Promise<Principal | null> {
  const id = hashToken(token);
  const [row] = await db
    .select({
      subjectType: sessions.subjectType,
      subjectId: sessions.subjectId,
      username: staffAccounts.username,
      roles: staffAccounts.roles,
      department: staffAccounts.department,
      regionCode: staffAccounts.regionCode,
      venueId: staffAccounts.venueId,
      disabledAt: staffAccounts.disabledAt,
    })
    .from(sessions)
    .leftJoin(staffAccounts, and(eq(sessions.subjectType, 'staff'), eq(staffAccounts.id, sessions.subjectId)))
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`)))
    .limit(1);
  if (!row) return null;
  if (row.subjectType === 'citizen') return { kind: 'citizen', citizenId: row.subjectId, sessionId: id };
  if (!row.username || row.disabledAt) return null;
  return {
    kind: 'staff',
    staffId: row.subjectId,
    sessionId: id,
    username: row.username,
    roles: row.roles as StaffRole[],
    department: row.department!,
    regionCode: row.regionCode!,
    venueId: row.venueId ?? null,
  };
}
