import { hash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.ts';
import { citizens, sessions, staffAccounts } from './identity.tables.ts';
import type { Principal, StaffRole } from '../access/principal.ts';
import { preparedJsonRow, type JsonRowReader } from '../db/prepared-json.ts';
import { CURRENT_COMMITMENT_VERSION_SQL } from './commitment.ts';

export const SESSION_COOKIE = 'fx_session';
export const CSRF_COOKIE = 'fx_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** SHA-256 of a bearer token: what the sessions table stores, so a database leak yields no usable tokens. */
export function hashToken(token: string): string {
  return hash('sha256', token, 'base64url'); // one-shot: a third of createHash().update().digest()'s cost
}

/** The CSRF value bound to a session token (double-submit: cookie + header must both carry it). */
export function csrfFor(token: string): string {
  return hash('sha256', `csrf:${token}`, 'base64url');
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

const principalColumns = {
  subjectType: sessions.subjectType,
  subjectId: sessions.subjectId,
  username: staffAccounts.username,
  roles: staffAccounts.roles,
  department: staffAccounts.department,
  regionCode: staffAccounts.regionCode,
  venueId: staffAccounts.venueId,
  disabledAt: staffAccounts.disabledAt,
  commitmentVersion: staffAccounts.commitmentVersion,
  commitmentSignedAt: staffAccounts.commitmentSignedAt,
  commitmentCurrent: sql<number>`${sql.raw(CURRENT_COMMITMENT_VERSION_SQL)}`,
  expiresAt: sessions.expiresAt,
};
/** The citizen columns the `me` object is built from (presentCitizenMe). */
const citizenProfileColumns = {
  id: citizens.id,
  phoneCipher: citizens.phoneCipher,
  nameCipher: citizens.nameCipher,
  documentType: citizens.documentType,
  documentNumberCipher: citizens.documentNumberCipher,
  birthDate: citizens.birthDate,
  sex: citizens.sex,
  householdDivision: citizens.householdDivision,
  language: citizens.language,
  realNameAt: citizens.realNameAt,
};
/** The staff columns of the `me` object beyond the principal's (presentStaffMe). */
const staffProfileColumns = { displayName: staffAccounts.displayName, language: staffAccounts.language };

const liveSession = () => and(eq(sessions.id, sql.placeholder('id')), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`));
const staffOfSession = () => and(eq(sessions.subjectType, 'staff'), eq(staffAccounts.id, sessions.subjectId));

// Every authenticated request runs one of these, so they are built once per database handle
// (drizzle's query building and SQL generation cost about as much as a bare request) and, on a
// PostgreSQL server, prepared once per connection. The session is still read from the database on
// every request, so a revocation takes effect at once on every instance.
function buildPrincipalQuery(db: DbOrTx) {
  return db.select(principalColumns).from(sessions).leftJoin(staffAccounts, staffOfSession()).where(liveSession()).limit(1).prepare('fx_principal_for_token');
}
function buildProfileQuery(db: DbOrTx) {
  return db
    .select({ ...principalColumns, citizen: citizenProfileColumns, staff: staffProfileColumns })
    .from(sessions)
    .leftJoin(staffAccounts, staffOfSession())
    .leftJoin(citizens, and(eq(sessions.subjectType, 'citizen'), eq(citizens.id, sessions.subjectId)))
    .where(liveSession())
    .limit(1)
    .prepare('fx_principal_with_profile');
}
const principalQueries = new WeakMap<DbOrTx, ReturnType<typeof buildPrincipalQuery>>();
const profileQueries = new WeakMap<DbOrTx, ReturnType<typeof buildProfileQuery>>();

// The same two reads as statements parsed once per connection (prepared-json.ts), used on the
// database handle itself; the drizzle queries above serve transactions. Same joins and conditions.
const PRINCIPAL_JSON = `'subjectType', s.subject_type, 'subjectId', s.subject_id, 'username', a.username, 'roles', a.roles,
  'department', a.department, 'regionCode', a.region_code, 'venueId', a.venue_id, 'disabledAt', a.disabled_at,
  'commitmentVersion', a.commitment_version, 'commitmentSignedAt', a.commitment_signed_at,
  'commitmentCurrent', ${CURRENT_COMMITMENT_VERSION_SQL}, 'expiresAt', s.expires_at`;
const SESSION_FROM = `from sessions s left join staff_accounts a on s.subject_type = 'staff' and a.id = s.subject_id`;
const LIVE_SESSION = `where s.id = $1 and s.revoked_at is null and s.expires_at > now() limit 1`;
const PRINCIPAL_SQL = `select json_build_object(${PRINCIPAL_JSON})::text ${SESSION_FROM} ${LIVE_SESSION}`;
const PROFILE_SQL = `select json_build_object(${PRINCIPAL_JSON},
  'citizen', case when c.id is null then null else json_build_object('id', c.id, 'phoneCipher', c.phone_cipher, 'nameCipher', c.name_cipher,
    'documentType', c.document_type, 'documentNumberCipher', c.document_number_cipher, 'birthDate', c.birth_date, 'sex', c.sex,
    'householdDivision', c.household_division, 'language', c.language, 'realNameAt', c.real_name_at) end,
  'staff', case when a.id is null then null else json_build_object('displayName', a.display_name, 'language', a.language) end
)::text ${SESSION_FROM} left join citizens c on s.subject_type = 'citizen' and c.id = s.subject_id ${LIVE_SESSION}`;
type JsonProfileRow = PrincipalRow & { citizen: (Omit<CitizenProfile, 'realNameAt'> & { realNameAt: string | null }) | null; staff: { displayName: string; language: string } | null };
const principalReaders = new WeakMap<DbOrTx, JsonRowReader<PrincipalRow> | null>();
const profileReaders = new WeakMap<DbOrTx, JsonRowReader<JsonProfileRow> | null>();
function reader<T>(map: WeakMap<DbOrTx, JsonRowReader<T> | null>, db: DbOrTx, name: string, text: string): JsonRowReader<T> | null {
  // sessions.id is text; on a PostgreSQL server the lookups of one event-loop turn share one statement.
  if (!map.has(db)) map.set(db, preparedJsonRow<T>(db, name, text, { batchParamType: 'text' }));
  return map.get(db)!;
}

function cached<Q>(map: WeakMap<DbOrTx, Q>, db: DbOrTx, build: (db: DbOrTx) => Q): Q {
  let query = map.get(db);
  if (!query) map.set(db, (query = build(db)));
  return query;
}

type PrincipalRow = {
  subjectType: string;
  subjectId: string;
  username: string | null;
  roles: string[] | null;
  department: string | null;
  regionCode: string | null;
  venueId: string | null;
  disabledAt: unknown;
  commitmentVersion: number | null;
  commitmentSignedAt: Date | string | null;
  commitmentCurrent: number | string | null;
  expiresAt: Date | string;
};

/** When a session row read by either query expires, in epoch milliseconds (the JSON path gives a string). */
function expiryOf(row: PrincipalRow): number {
  return row.expiresAt instanceof Date ? row.expiresAt.getTime() : Date.parse(row.expiresAt);
}

function principalOf(row: PrincipalRow | undefined, id: string): Principal | null {
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
    commitmentVersion: row.commitmentVersion ?? null,
    commitmentSignedAt: row.commitmentSignedAt ?? null,
    commitmentCurrent: row.commitmentCurrent == null ? undefined : Number(row.commitmentCurrent),
  };
}

/** Resolves a bearer token to its principal in one query; null when unknown, expired, revoked or disabled. */
export async function principalForToken(db: DbOrTx, token: string): Promise<Principal | null> {
  return (await sessionPrincipalForToken(db, token))?.value ?? null;
}

/** principalForToken with the session's expiry (epoch ms), for the in-process principal cache. */
export async function sessionPrincipalForToken(db: DbOrTx, token: string): Promise<{ value: Principal; expiresAt: number } | null> {
  const id = hashToken(token);
  const fast = reader(principalReaders, db, 'fx_principal_for_token_json', PRINCIPAL_SQL);
  const row = fast ? ((await fast([id])) ?? undefined) : (await cached(principalQueries, db, buildPrincipalQuery).execute({ id }))[0];
  const principal = principalOf(row, id);
  return principal && row ? { value: principal, expiresAt: expiryOf(row) } : null;
}

/** The citizen columns `me` is built from. */
export type CitizenProfile = { [K in keyof typeof citizenProfileColumns]: (typeof citizens.$inferSelect)[K] };
/** A principal with the profile row `me` is built from, read together with the session. */
export type PrincipalWithProfile =
  | { principal: Extract<Principal, { kind: 'citizen' }>; citizen: CitizenProfile }
  | { principal: Extract<Principal, { kind: 'staff' }>; staff: { displayName: string; language: string } };

/**
 * Like sessionPrincipalForToken, and in the same single query also the citizen's or staff member's
 * profile row (for routes such as GET /api/me that answer with it); null in the same cases.
 */
export async function sessionProfileForToken(db: DbOrTx, token: string): Promise<{ value: PrincipalWithProfile; expiresAt: number } | null> {
  const id = hashToken(token);
  const fast = reader(profileReaders, db, 'fx_principal_with_profile_json', PROFILE_SQL);
  let row: { citizen: CitizenProfile | null; staff: { displayName: string; language: string } | null } & PrincipalRow;
  if (fast) {
    const found = await fast([id]);
    if (!found) return null;
    row = { ...found, citizen: found.citizen && { ...found.citizen, realNameAt: found.citizen.realNameAt === null ? null : new Date(found.citizen.realNameAt) } };
  } else {
    const [found] = await cached(profileQueries, db, buildProfileQuery).execute({ id });
    if (!found) return null;
    row = found;
  }
  const principal = principalOf(row, id);
  if (!principal) return null;
  const expiresAt = expiryOf(row);
  if (principal.kind === 'citizen') return row.citizen ? { value: { principal, citizen: row.citizen }, expiresAt } : null;
  if (principal.kind === 'staff' && row.staff) return { value: { principal, staff: row.staff }, expiresAt };
  return null;
}
