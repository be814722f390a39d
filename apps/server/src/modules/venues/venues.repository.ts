import { and, asc, desc, eq, gte, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { rows, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { arrayLiteral } from '../../platform/db/bulk-insert.ts';
import { citizens, staffAccounts } from '../../platform/identity/identity.tables.ts';
import { scanFlags, scans, venues } from './venues.tables.ts';
import type { Decision, ScanMethod, VenueStatus } from './venues.types.ts';

/** All SQL of the venues module. */

export type VenueRow = typeof venues.$inferSelect;
export type NewVenueRow = typeof venues.$inferInsert;

/** Inserts a venue registration. */
export async function insertVenue(db: DbOrTx, row: NewVenueRow): Promise<VenueRow> {
  const [created] = await db.insert(venues).values(row).returning();
  return created;
}

/** One venue by id (optionally locking it for update inside a transaction). */
export async function findVenue(db: DbOrTx, id: string, options: { lock?: boolean } = {}): Promise<VenueRow | undefined> {
  const query = db.select().from(venues).where(eq(venues.id, id)).limit(1);
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

/** Venues in a region (division prefix), newest first, keyset-paged by (created_at, id). */
export async function listVenuesIn(
  db: DbOrTx,
  filter: { divisionPrefix: string; status?: VenueStatus; type?: string; q?: string; before?: { createdAt: Date; id: string }; limit: number },
): Promise<VenueRow[]> {
  const where: SQL[] = [];
  if (filter.divisionPrefix) where.push(sql`${venues.divisionCode} like ${`${filter.divisionPrefix}%`}`);
  if (filter.status) where.push(eq(venues.status, filter.status));
  if (filter.type) where.push(eq(venues.type, filter.type));
  if (filter.q) where.push(sql`${venues.name} ilike ${`%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (filter.before) where.push(sql`(${venues.createdAt}, ${venues.id}) < (${filter.before.createdAt.toISOString()}::timestamptz, ${filter.before.id}::uuid)`);
  return db
    .select()
    .from(venues)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(venues.createdAt), desc(venues.id))
    .limit(filter.limit);
}

/** Venues a citizen registered. */
export async function listVenuesRegisteredBy(db: DbOrTx, citizenId: string): Promise<VenueRow[]> {
  return db.select().from(venues).where(and(eq(venues.registeredByType, 'citizen'), eq(venues.registeredById, citizenId))).orderBy(desc(venues.createdAt)).limit(100);
}

/** Applies a change to a venue and returns the new row. */
export async function updateVenue(db: DbOrTx, id: string, change: Partial<NewVenueRow>): Promise<VenueRow> {
  const [row] = await db.update(venues).set({ ...change, updatedAt: new Date() }).where(eq(venues.id, id)).returning();
  return row;
}

/** Staff accounts bound to a venue. */
export async function listStaffOfVenue(db: DbOrTx, venueId: string) {
  return db
    .select({ id: staffAccounts.id, username: staffAccounts.username, displayName: staffAccounts.displayName, disabledAt: staffAccounts.disabledAt, createdAt: staffAccounts.createdAt })
    .from(staffAccounts)
    .where(eq(staffAccounts.venueId, venueId))
    .orderBy(asc(staffAccounts.createdAt));
}

/** True when a staff username exists. */
export async function usernameTaken(db: DbOrTx, username: string): Promise<boolean> {
  const [row] = await db.select({ id: staffAccounts.id }).from(staffAccounts).where(eq(staffAccounts.username, username)).limit(1);
  return Boolean(row);
}

/** Creates a venue_staff account bound to the venue. */
export async function insertVenueStaff(
  db: DbOrTx,
  row: { username: string; passwordHash: string; displayName: string; regionCode: string; venueId: string; createdBy: string },
): Promise<{ id: string; username: string; displayName: string; createdAt: Date }> {
  const [created] = await db
    .insert(staffAccounts)
    .values({ ...row, department: 'venue', roles: ['venue_staff'] })
    .returning({ id: staffAccounts.id, username: staffAccounts.username, displayName: staffAccounts.displayName, createdAt: staffAccounts.createdAt });
  return created;
}

/** The row written for one scan (the hot path builds it; nothing is defaulted by the database). */
export interface NewScan {
  id: string;
  venueId: string;
  scannedAt: Date;
  citizenId: string;
  divisionCode: string;
  method: ScanMethod;
  colour: string;
  decision: Decision;
  presenceProven: boolean;
  staffId: string | null;
  distanceMeters: number | null;
}

export interface NewFlag {
  id: string;
  venueId: string;
  flaggedAt: Date;
  divisionCode: string;
  scanId: string | null;
  citizenId: string | null;
  reason: string;
  detail: Record<string, unknown>;
}

/** Writes a scan and its flags in the caller's (group-commit) transaction. */
export async function insertScan(tx: Tx, scan: NewScan, flags: NewFlag[]): Promise<void> {
  await tx.insert(scans).values(scan);
  if (flags.length > 0) await tx.insert(scanFlags).values(flags);
}

/**
 * A venue's scans between two instants with the people's encrypted name and document number, for its
 * day view — without manual entries (they must not tell staff who is registered).
 */
export async function scansAtVenue(db: DbOrTx, venueId: string, from: Date, to: Date, limit: number, decision?: Decision) {
  const where = [eq(scans.venueId, venueId), gte(scans.scannedAt, from), lt(scans.scannedAt, to), ne(scans.method, 'manual')];
  if (decision) where.push(eq(scans.decision, decision));
  return db
    .select({
      id: scans.id,
      scannedAt: scans.scannedAt,
      method: scans.method,
      colour: scans.colour,
      decision: scans.decision,
      presenceProven: scans.presenceProven,
      citizenId: scans.citizenId,
      nameCipher: citizens.nameCipher,
      documentNumberCipher: citizens.documentNumberCipher,
    })
    .from(scans)
    .leftJoin(citizens, eq(citizens.id, scans.citizenId))
    .where(and(...where))
    .orderBy(desc(scans.scannedAt))
    .limit(limit);
}

/**
 * A person's latest scan at a venue by one of `methods` since an instant (the repeat window), or null.
 * Served by scans_citizen_time_idx: one person's rows of the last minutes.
 */
export async function latestVisit(db: DbOrTx, venueId: string, citizenId: string, methods: readonly ScanMethod[], since: Date) {
  const [row] = await db
    .select({ id: scans.id, scannedAt: scans.scannedAt, method: scans.method, decision: scans.decision, presenceProven: scans.presenceProven })
    .from(scans)
    .where(and(eq(scans.citizenId, citizenId), gte(scans.scannedAt, since), eq(scans.venueId, venueId), inArray(scans.method, [...methods])))
    .orderBy(desc(scans.scannedAt))
    .limit(1);
  return row ?? null;
}

/** Counts of a venue's scans between two instants by colour and by decision (keys green/yellow/red and pass/stop). */
export async function countScansByColour(db: DbOrTx, venueId: string, from: Date, to: Date): Promise<Record<string, number>> {
  const result = await db
    .select({ colour: scans.colour, decision: scans.decision, n: sql<number>`count(*)::int` })
    .from(scans)
    .where(and(eq(scans.venueId, venueId), gte(scans.scannedAt, from), lt(scans.scannedAt, to), ne(scans.method, 'manual')))
    .groupBy(scans.colour, scans.decision);
  const counts: Record<string, number> = {};
  for (const r of result) for (const key of [r.colour, r.decision]) counts[key] = (counts[key] ?? 0) + Number(r.n);
  return counts;
}

const citizenScanColumns = { id: scans.id, venueId: scans.venueId, divisionCode: scans.divisionCode, scannedAt: scans.scannedAt, method: scans.method, colour: scans.colour, presenceProven: scans.presenceProven, venueName: venues.name, venueType: venues.type, stayMinutes: venues.stayMinutes };

/**
 * A citizen's scans as a named statement, built once per database handle and prepared once per
 * connection: PostgreSQL then keeps its plan (after five executions, a generic plan when it costs no
 * more than the custom ones) and prunes the day partitions at execution ("Subplans Removed") instead of
 * planning ~14 partitions on every call — planning was 3.5 of its 3.9 ms (bench/RESULTS.md).
 */
function buildScansOfCitizen(db: DbOrTx, bounded: boolean) {
  return db
    .select(citizenScanColumns)
    .from(scans)
    .leftJoin(venues, eq(venues.id, scans.venueId))
    .where(
      and(
        eq(scans.citizenId, sql.placeholder('citizenId')),
        gte(scans.scannedAt, sql.placeholder('since')),
        // An upper bound prunes the later day partitions (and the default one).
        bounded ? lt(scans.scannedAt, sql.placeholder('until')) : undefined,
      ),
    )
    .orderBy(asc(scans.scannedAt))
    .limit(sql.placeholder('limit'))
    .prepare(bounded ? 'fx_scans_of_citizen_until' : 'fx_scans_of_citizen');
}
const scansOfCitizenQueries = new WeakMap<DbOrTx, { open: ReturnType<typeof buildScansOfCitizen>; bounded: ReturnType<typeof buildScansOfCitizen> }>();

/** A person's scans since an instant, oldest first, with the venue's division (for health-code rules). */
export async function scansOfCitizen(db: DbOrTx, citizenId: string, since: Date, limit = 1000, narrow: { until?: Date } = {}) {
  let queries = scansOfCitizenQueries.get(db);
  if (!queries) scansOfCitizenQueries.set(db, (queries = { open: buildScansOfCitizen(db, false), bounded: buildScansOfCitizen(db, true) }));
  return narrow.until
    ? queries.bounded.execute({ citizenId, since, until: narrow.until, limit })
    : queries.open.execute({ citizenId, since, limit });
}

/**
 * The presence-proving scans of many citizens since an instant (one array parameter of ids, whatever
 * the batch size): per citizen oldest first, among each citizen's first `limit` scans — exactly the
 * proven ones of what scansOfCitizen gives them one at a time — with the venues' names looked up once
 * per venue rather than carried on every row.
 * Each citizen's scans are one scans_citizen_time_idx range per day partition (a LATERAL per id): with
 * `citizen_id = any(…)` over the whole window PostgreSQL chose parallel full scans of every partition,
 * a cost that grew with the population (≈ 1.3 s per 500-person batch at 100 000 people, s14-scale).
 */
export async function provenScansOfCitizens(db: DbOrTx, citizenIds: readonly string[], since: Date, limit = 1000) {
  if (citizenIds.length === 0) return [];
  const found = await rows<{ venueId: string; citizenId: string; divisionCode: string; scannedAt: string | Date }>(
    db,
    sql`select s.venue_id as "venueId", p.id as "citizenId", s.division_code as "divisionCode", s.scanned_at as "scannedAt"
          from (select distinct id from unnest(${arrayLiteral(citizenIds)}::uuid[]) as ids(id)) as p
          cross join lateral (
            select venue_id, division_code, scanned_at, presence_proven from scans
             where citizen_id = p.id and scanned_at >= ${since.toISOString()}::timestamptz
             order by scanned_at limit ${limit} offset 0) as s
         where s.presence_proven
         order by p.id, s.scanned_at`,
  );
  const venueIds = [...new Set(found.map((r) => r.venueId))];
  const names = new Map<string, string>();
  if (venueIds.length > 0) {
    for (const v of await db.select({ id: venues.id, name: venues.name }).from(venues).where(sql`${venues.id} = any(${arrayLiteral(venueIds)}::uuid[])`)) names.set(v.id, v.name);
  }
  return found.map((r) => ({ ...r, scannedAt: new Date(r.scannedAt), venueName: names.get(r.venueId) ?? null }));
}

/**
 * A query of the citizens with a presence-proving scan at a venue under any of the prefixes since an
 * instant, for embedding in a set-based statement (its size does not depend on how many match): the
 * venues come from venues_division_idx ranges, their scans from one scans_pk (venue_id, scanned_at)
 * range per venue in each day partition of the window. The per-venue subquery is a LATERAL with
 * `offset 0`, which keeps the planner from flattening it into a hash join over whole partitions (it
 * did at 100 000 people: EXPLAIN in health-code-city.int.test.ts).
 */
export function provenScanCitizensSql(prefixes: string[], since: Date): SQL {
  const ranges = prefixes.map((p) => underPrefix(venues.divisionCode, p));
  const all = ranges.some((r) => r === undefined);
  const scanRanges = prefixes.map((p) => underPrefix(scans.divisionCode, p));
  return sql`select s.citizen_id from ${venues} cross join lateral (
      select ${scans.citizenId} as citizen_id from ${scans}
       where ${scans.venueId} = ${venues.id} and ${scans.scannedAt} >= ${since.toISOString()}::timestamptz and ${scans.presenceProven}
         ${all ? sql`` : sql`and (${or(...(scanRanges as SQL[]))})`}
      offset 0) as s
    ${all ? sql`` : sql`where ${or(...(ranges as SQL[]))}`}`;
}

/**
 * `column` lies under a GB/T 2260 prefix (510603, 5106, 51) as a range, not LIKE: a btree index
 * serves a range in any collation, LIKE 'x%' only under the C collation or text_pattern_ops. Codes
 * are digits, so the prefix's numeric successor of the same length is the exclusive upper bound.
 */
function underPrefix(column: typeof venues.divisionCode | typeof scans.divisionCode, prefix: string): SQL | undefined {
  if (prefix === '') return undefined;
  const next = (BigInt(prefix) + 1n).toString().padStart(prefix.length, '0');
  return next.length > prefix.length ? gte(column, prefix) : and(gte(column, prefix), lt(column, next));
}

/** Ids of every venue (any status) whose division lies under one of the prefixes (venues_division_idx range scans). */
export async function venueIdsUnder(db: DbOrTx, prefixes: string[]): Promise<string[]> {
  if (prefixes.length === 0) return [];
  const ranges = prefixes.map((p) => underPrefix(venues.divisionCode, p));
  const rows = await db
    .select({ id: venues.id })
    .from(venues)
    .where(ranges.some((r) => r === undefined) ? undefined : or(...(ranges as SQL[])));
  return rows.map((r) => r.id);
}

/**
 * Distinct citizens with a presence-proving scan at these venues since an instant, whose scan was
 * recorded under one of the prefixes. One range scan of scans_pk (venue_id, scanned_at, …) per venue:
 * the distribution key first, so on Citus each venue's part is a single-shard query.
 */
export async function citizensWithProvenScansAt(db: DbOrTx, venueIds: string[], prefixes: string[], since: Date): Promise<string[]> {
  if (venueIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ id: scans.citizenId })
    .from(scans)
    .where(
      and(
        inArray(scans.venueId, venueIds),
        gte(scans.scannedAt, since),
        eq(scans.presenceProven, true),
        prefixes.includes('') ? undefined : or(...prefixes.map((p) => sql`${scans.divisionCode} like ${`${p}%`}`)),
      ),
    );
  return rows.map((r) => r.id);
}

/** Flags in a region, newest first. */
export async function listFlagsIn(db: DbOrTx, filter: { divisionPrefix: string; since: Date; venueId?: string; limit: number }) {
  const where: SQL[] = [gte(scanFlags.flaggedAt, filter.since)];
  if (filter.divisionPrefix) where.push(sql`${scanFlags.divisionCode} like ${`${filter.divisionPrefix}%`}`);
  if (filter.venueId) where.push(eq(scanFlags.venueId, filter.venueId));
  return db
    .select({ flag: scanFlags, venueName: venues.name })
    .from(scanFlags)
    .leftJoin(venues, eq(venues.id, scanFlags.venueId))
    .where(and(...where))
    .orderBy(desc(scanFlags.flaggedAt))
    .limit(filter.limit);
}

/** Deletes scans and flags older than the cutoff in bounded chunks; returns the scans deleted. */
export async function deleteScansBefore(db: DbOrTx, cutoff: Date, chunk = 5000): Promise<{ scans: number; flags: number }> {
  let deletedScans = 0;
  for (;;) {
    // Chunked so a large purge never holds one long transaction or a huge lock set.
    const result = await db.execute(sql`
      delete from ${scans} where (${scans.venueId}, ${scans.scannedAt}, ${scans.id}) in (
        select ${scans.venueId}, ${scans.scannedAt}, ${scans.id} from ${scans} where ${scans.scannedAt} < ${cutoff.toISOString()}::timestamptz limit ${chunk}
      )`);
    const n = affected(result);
    deletedScans += n;
    if (n < chunk) break;
  }
  const flagResult = await db.delete(scanFlags).where(lt(scanFlags.flaggedAt, cutoff)).returning({ id: scanFlags.id });
  return { scans: deletedScans, flags: flagResult.length };
}

function affected(result: unknown): number {
  const r = result as { rowCount?: number | null; affectedRows?: number };
  return Number(r.rowCount ?? r.affectedRows ?? 0);
}

/** A citizen by blind index of phone or document number (manual entry). */
export async function findCitizenByIndex(db: DbOrTx, kind: 'phone' | 'id', index: string): Promise<{ id: string } | undefined> {
  const [row] = await db
    .select({ id: citizens.id })
    .from(citizens)
    .where(kind === 'phone' ? eq(citizens.phoneIndex, index) : eq(citizens.documentIndex, index))
    .limit(1);
  return row;
}
