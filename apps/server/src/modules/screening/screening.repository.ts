import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { arrayLiteral, bulkInsert, bulkInsertSql } from '../../platform/db/bulk-insert.ts';
import { rows, type DbOrTx } from '../../platform/db/database.ts';
import { citizens } from '../../platform/identity/identity.tables.ts';
import {
  screeningDispatchRules, screeningFollowUps, screeningImports, screeningMerges, screeningPersons, screeningRejectedRows, screeningReports,
  screeningReviews, screeningSources, screeningTasks,
} from './screening.tables.ts';

/** All SQL of the screening module. Statements over many rows take arrays (unnest), never one statement per row. */

export type SourceRow = typeof screeningSources.$inferSelect;
export type ImportRow = typeof screeningImports.$inferSelect;
export type PersonRow = typeof screeningPersons.$inferSelect;
export type PersonInsert = typeof screeningPersons.$inferInsert;
export type ReportRow = typeof screeningReports.$inferSelect;
export type ReviewRow = typeof screeningReviews.$inferSelect;
export type MergeRow = typeof screeningMerges.$inferSelect;
export type TaskRow = typeof screeningTasks.$inferSelect;
export type FollowUpRow = typeof screeningFollowUps.$inferSelect;
export type DispatchRuleRow = typeof screeningDispatchRules.$inferSelect;

/** Serialises the matching of imports (two lists naming the same new person must not both create them). */
export const MATCH_LOCK = 4_212_130;

export async function lockMatching(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${MATCH_LOCK})`);
}

// ---- sources ----

export async function listSources(db: DbOrTx): Promise<SourceRow[]> {
  return db.select().from(screeningSources).orderBy(asc(screeningSources.name));
}

export async function findSource(db: DbOrTx, id: string): Promise<SourceRow | null> {
  const [row] = await db.select().from(screeningSources).where(eq(screeningSources.id, id));
  return row ?? null;
}

export async function insertSource(db: DbOrTx, values: typeof screeningSources.$inferInsert): Promise<SourceRow> {
  const [row] = await db.insert(screeningSources).values(values).returning();
  return row;
}

export async function updateSource(db: DbOrTx, id: string, set: Partial<typeof screeningSources.$inferInsert>): Promise<SourceRow | null> {
  const [row] = await db.update(screeningSources).set({ ...set, updatedAt: sql`now()` as never }).where(eq(screeningSources.id, id)).returning();
  return row ?? null;
}

// ---- imports ----

export async function findImport(db: DbOrTx, id: string): Promise<ImportRow | null> {
  const [row] = await db.select().from(screeningImports).where(eq(screeningImports.id, id));
  return row ?? null;
}

/** The import row, locked until the end of the transaction (a batch holds it while it writes). */
export async function lockImport(tx: DbOrTx, id: string): Promise<ImportRow | null> {
  const [row] = await tx.select().from(screeningImports).where(eq(screeningImports.id, id)).for('update');
  return row ?? null;
}

export async function findImportByHash(db: DbOrTx, sourceId: string, contentHash: string): Promise<ImportRow | null> {
  const [row] = await db.select().from(screeningImports).where(and(eq(screeningImports.sourceId, sourceId), eq(screeningImports.contentHash, contentHash)));
  return row ?? null;
}

export async function insertImport(db: DbOrTx, values: typeof screeningImports.$inferInsert): Promise<ImportRow | null> {
  const [row] = await db.insert(screeningImports).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

export async function updateImport(db: DbOrTx, id: string, set: Partial<typeof screeningImports.$inferInsert>): Promise<ImportRow | null> {
  const [row] = await db.update(screeningImports).set(set).where(eq(screeningImports.id, id)).returning();
  return row ?? null;
}

export async function listImports(db: DbOrTx, options: { limit: number; regionPrefix: string }): Promise<ImportRow[]> {
  return db
    .select()
    .from(screeningImports)
    .where(sql`${screeningImports.regionCode} like ${`${options.regionPrefix}%`}`)
    .orderBy(desc(screeningImports.createdAt))
    .limit(options.limit);
}

/** Rejected rows of an import in row order, a page at a time (for the streamed download). */
export async function rejectedRowsPage(db: DbOrTx, importId: string, afterLine: number, limit: number) {
  return db
    .select()
    .from(screeningRejectedRows)
    .where(and(eq(screeningRejectedRows.importId, importId), sql`${screeningRejectedRows.line} > ${afterLine}`))
    .orderBy(asc(screeningRejectedRows.line))
    .limit(limit);
}

// ---- persons and the import batch ----

/** The UPDATE updateImport runs, as a statement (not run): a batch writes it together with its rows (batchStatement). */
export function updateImportSql(db: DbOrTx, id: string, set: Partial<typeof screeningImports.$inferInsert>): SQL {
  return db.update(screeningImports).set(set).where(eq(screeningImports.id, id)).getSQL();
}

/**
 * Several writing statements as one: each a data-modifying WITH query of a single statement, so a
 * batch's writes cost one round trip to the database (PGlite: one message to its thread, and one turn
 * of the thread that answers requests, while the transaction holds the only connection) instead of
 * one per table. PostgreSQL runs each WITH statement exactly once and checks the foreign keys at the
 * end of the whole statement, so a report may name a person inserted by another part of it; the parts
 * never touch the same row (new persons are inserted, known ones updated).
 */
export function batchStatement(statements: SQL[]): SQL {
  if (statements.length === 1) return statements[0];
  const parts = statements.map((statement, i) => sql`${sql.raw(`w${i}`)} as (${statement})`);
  return sql`with ${sql.join(parts, sql`, `)} select 1`;
}

/** Live persons having one of these ID indexes or phone indexes (the candidates of a batch). */
export async function findCandidates(db: DbOrTx, documentIndexes: string[], phoneIndexes: string[]): Promise<PersonRow[]> {
  if (documentIndexes.length === 0 && phoneIndexes.length === 0) return [];
  return db
    .select()
    .from(screeningPersons)
    .where(
      and(
        isNull(screeningPersons.mergedInto),
        sql`(${screeningPersons.documentIndex} = any(${arrayLiteral(documentIndexes)}::text[]) or ${screeningPersons.phoneIndex} = any(${arrayLiteral(phoneIndexes)}::text[]))`,
      ),
    );
}

export async function insertPersons(db: DbOrTx, persons: PersonInsert[]): Promise<void> {
  await bulkInsert(db, screeningPersons, persons);
}

/** The person columns a batch may change. */
const PERSON_UPDATE_COLUMNS = [
  ['id', 'uuid'],
  ['name_cipher', 'text'],
  ['document_type', 'text'],
  ['document_number_cipher', 'text'],
  ['document_index', 'text'],
  ['phone_cipher', 'text'],
  ['phone_index', 'text'],
  ['birth_date', 'date'],
  ['sex', 'text'],
  ['residence_division', 'text'],
  ['household_division', 'text'],
  ['address_cipher', 'text'],
  ['origin_cipher', 'text'],
  ['arrival_date', 'date'],
  ['provenance', 'jsonb'],
  ['first_reported_at', 'timestamptz'],
  ['first_source_id', 'uuid'],
] as const;
const PERSON_KEYS: Record<(typeof PERSON_UPDATE_COLUMNS)[number][0], keyof PersonInsert> = {
  id: 'id',
  name_cipher: 'nameCipher',
  document_type: 'documentType',
  document_number_cipher: 'documentNumberCipher',
  document_index: 'documentIndex',
  phone_cipher: 'phoneCipher',
  phone_index: 'phoneIndex',
  birth_date: 'birthDate',
  sex: 'sex',
  residence_division: 'residenceDivision',
  household_division: 'householdDivision',
  address_cipher: 'addressCipher',
  origin_cipher: 'originCipher',
  arrival_date: 'arrivalDate',
  provenance: 'provenance',
  first_reported_at: 'firstReportedAt',
  first_source_id: 'firstSourceId',
};

/** Writes the new state of many persons with one statement (UPDATE … FROM unnest of one array per column). */
export async function updatePersons(db: DbOrTx, persons: PersonInsert[]): Promise<void> {
  if (persons.length === 0) return;
  await db.execute(updatePersonsSql(persons));
}

/** The statement updatePersons runs (built ahead of the transaction by the import); persons must not be empty. */
export function updatePersonsSql(persons: PersonInsert[]): SQL {
  const arrays = PERSON_UPDATE_COLUMNS.map(([column, type]) => {
    const values = persons.map((p) => {
      const v = p[PERSON_KEYS[column]];
      if (v === null || v === undefined) return null;
      if (v instanceof Date) return v.toISOString();
      if (type === 'jsonb') return JSON.stringify(v);
      return v;
    });
    return sql`${arrayLiteral(values)}::${sql.raw(type)}[]`;
  });
  const names = PERSON_UPDATE_COLUMNS.map(([c]) => c);
  const set = sql.raw(names.slice(1).map((c) => `"${c}" = u."${c}"`).join(', '));
  return sql`update screening_persons p set ${set}, updated_at = now()
    from unnest(${sql.join(arrays, sql`, `)}) as u(${sql.raw(names.map((c) => `"${c}"`).join(', '))})
    where p.id = u.id`;
}

/**
 * The statements that write one import batch, built before its transaction opens (statement text is
 * CPU work on the thread that answers requests: done while no transaction holds the database).
 * Empty lists give no statement.
 */
export function importBatchSql(batch: {
  persons: PersonInsert[];
  changed: PersonInsert[];
  reports: (typeof screeningReports.$inferInsert)[];
  reviews: (typeof screeningReviews.$inferInsert)[];
  rejected: (typeof screeningRejectedRows.$inferInsert)[];
  tasks: (typeof screeningTasks.$inferInsert)[];
}): SQL[] {
  const out: SQL[] = [];
  if (batch.persons.length) out.push(bulkInsertSql(screeningPersons, batch.persons));
  if (batch.changed.length) out.push(updatePersonsSql(batch.changed));
  if (batch.reports.length) out.push(bulkInsertSql(screeningReports, batch.reports, sql`on conflict do nothing`));
  if (batch.reviews.length) out.push(bulkInsertSql(screeningReviews, batch.reviews, sql`on conflict do nothing`));
  if (batch.rejected.length) out.push(bulkInsertSql(screeningRejectedRows, batch.rejected, sql`on conflict do nothing`));
  if (batch.tasks.length) out.push(bulkInsertSql(screeningTasks, batch.tasks, sql`on conflict do nothing`));
  return out;
}

export async function insertReports(db: DbOrTx, reports: (typeof screeningReports.$inferInsert)[]): Promise<void> {
  await bulkInsert(db, screeningReports, reports, sql`on conflict do nothing`);
}

export async function insertRejected(db: DbOrTx, rejected: (typeof screeningRejectedRows.$inferInsert)[]): Promise<void> {
  await bulkInsert(db, screeningRejectedRows, rejected, sql`on conflict do nothing`);
}

export async function insertReviews(db: DbOrTx, reviews: (typeof screeningReviews.$inferInsert)[]): Promise<void> {
  await bulkInsert(db, screeningReviews, reviews, sql`on conflict do nothing`);
}

export async function insertTasks(db: DbOrTx, tasks: (typeof screeningTasks.$inferInsert)[]): Promise<void> {
  await bulkInsert(db, screeningTasks, tasks, sql`on conflict do nothing`);
}

export async function findPerson(db: DbOrTx, id: string): Promise<PersonRow | null> {
  const [row] = await db.select().from(screeningPersons).where(eq(screeningPersons.id, id));
  return row ?? null;
}

export async function lockPersons(tx: DbOrTx, ids: string[]): Promise<PersonRow[]> {
  return tx.select().from(screeningPersons).where(inArray(screeningPersons.id, ids)).orderBy(asc(screeningPersons.id)).for('update');
}

export async function setPerson(db: DbOrTx, id: string, set: Partial<PersonInsert>): Promise<void> {
  await db.update(screeningPersons).set({ ...set, updatedAt: sql`now()` as never }).where(eq(screeningPersons.id, id));
}

export async function reportsOf(db: DbOrTx, personIds: string[]): Promise<(ReportRow & { sourceName: string; sourceKind: string })[]> {
  if (personIds.length === 0) return [];
  return db
    .select({ ...allColumns(screeningReports), sourceName: screeningSources.name, sourceKind: screeningSources.kind })
    .from(screeningReports)
    .innerJoin(screeningSources, eq(screeningSources.id, screeningReports.sourceId))
    .where(inArray(screeningReports.personId, personIds))
    .orderBy(asc(screeningReports.reportedAt));
}

function allColumns<T extends typeof screeningReports>(table: T) {
  return {
    id: table.id, personId: table.personId, sourceId: table.sourceId, importId: table.importId, line: table.line, reportedAt: table.reportedAt,
    division: table.division, valuesCipher: table.valuesCipher, matchedBy: table.matchedBy, createdAt: table.createdAt,
  };
}

/** Moves every report of `from` to `to` (a merge), returning the moved ids; `ids` limits it (an undo). */
export async function moveReports(db: DbOrTx, from: string, to: string, ids?: string[]): Promise<string[]> {
  const where = ids ? and(eq(screeningReports.personId, from), inArray(screeningReports.id, ids.length ? ids : ['00000000-0000-0000-0000-000000000000'])) : eq(screeningReports.personId, from);
  const moved = await db.update(screeningReports).set({ personId: to }).where(where).returning({ id: screeningReports.id });
  return moved.map((m) => m.id);
}

/** Persons of a region (by their open or latest task), newest first. */
/** A keyset cursor: the sort time and id of the last row of a page (rows of one batch share the time). */
export interface Cursor {
  at: Date;
  id: string;
}

/** Reads a cursor written by writeCursor; null when malformed. */
export function readCursor(raw: string | undefined): Cursor | null {
  if (!raw) return null;
  const [at, id] = raw.split('_');
  // Exactly what writeCursor writes: anything else (a year the database cannot hold, a malformed id) is not a cursor.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(at ?? '') || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id ?? '')) return null;
  const time = new Date(at);
  return Number.isNaN(time.getTime()) ? null : { at: time, id };
}

export function writeCursor(at: Date, id: string): string {
  return `${at.toISOString()}_${id}`;
}

export async function listPersons(
  db: DbOrTx,
  options: { regionPrefix: string; status?: string; documentIndex?: string; phoneIndex?: string; limit: number; before?: Cursor | null },
): Promise<PersonRow[]> {
  const conditions: SQL[] = [
    sql`${screeningPersons.mergedInto} is null`,
    sql`coalesce(${screeningPersons.residenceDivision}, ${screeningPersons.householdDivision}, '') like ${`${options.regionPrefix}%`}`,
  ];
  if (options.status) conditions.push(sql`${screeningPersons.status} = ${options.status}`);
  if (options.documentIndex) conditions.push(eq(screeningPersons.documentIndex, options.documentIndex));
  if (options.phoneIndex) conditions.push(eq(screeningPersons.phoneIndex, options.phoneIndex));
  if (options.before) conditions.push(sql`(${screeningPersons.createdAt}, ${screeningPersons.id}) < (${options.before.at.toISOString()}::timestamptz, ${options.before.id}::uuid)`);
  return db.select().from(screeningPersons).where(and(...conditions)).orderBy(desc(screeningPersons.createdAt), desc(screeningPersons.id)).limit(options.limit);
}

// ---- reviews and merges ----

export async function findReview(db: DbOrTx, id: string): Promise<ReviewRow | null> {
  const [row] = await db.select().from(screeningReviews).where(eq(screeningReviews.id, id));
  return row ?? null;
}

export async function listReviews(db: DbOrTx, options: { status: string; regionPrefix: string; limit: number }): Promise<ReviewRow[]> {
  return db
    .select()
    .from(screeningReviews)
    .where(and(eq(screeningReviews.status, options.status), sql`${screeningReviews.regionCode} like ${`${options.regionPrefix}%`}`))
    .orderBy(asc(screeningReviews.createdAt))
    .limit(options.limit);
}

export async function setReview(db: DbOrTx, id: string, set: Partial<typeof screeningReviews.$inferInsert>): Promise<void> {
  await db.update(screeningReviews).set(set).where(eq(screeningReviews.id, id));
}

export async function insertMerge(db: DbOrTx, values: typeof screeningMerges.$inferInsert): Promise<MergeRow> {
  const [row] = await db.insert(screeningMerges).values(values).returning();
  return row;
}

export async function findMerge(db: DbOrTx, id: string): Promise<MergeRow | null> {
  const [row] = await db.select().from(screeningMerges).where(eq(screeningMerges.id, id));
  return row ?? null;
}

export async function setMerge(db: DbOrTx, id: string, set: Partial<typeof screeningMerges.$inferInsert>): Promise<void> {
  await db.update(screeningMerges).set(set).where(eq(screeningMerges.id, id));
}

export async function mergesOf(db: DbOrTx, personId: string): Promise<MergeRow[]> {
  return db
    .select()
    .from(screeningMerges)
    .where(sql`${screeningMerges.survivorId} = ${personId} or ${screeningMerges.mergedId} = ${personId}`)
    .orderBy(desc(screeningMerges.mergedAt));
}

// ---- dispatch rules and tasks ----

export async function listDispatchRules(db: DbOrTx): Promise<DispatchRuleRow[]> {
  return db.select().from(screeningDispatchRules).orderBy(asc(screeningDispatchRules.priority), asc(screeningDispatchRules.id));
}

export async function replaceDispatchRules(tx: DbOrTx, rules: (typeof screeningDispatchRules.$inferInsert)[]): Promise<void> {
  await tx.delete(screeningDispatchRules);
  if (rules.length) await tx.insert(screeningDispatchRules).values(rules);
}

export async function findTask(db: DbOrTx, id: string): Promise<TaskRow | null> {
  const [row] = await db.select().from(screeningTasks).where(eq(screeningTasks.id, id));
  return row ?? null;
}

export async function lockTask(tx: DbOrTx, id: string): Promise<TaskRow | null> {
  const [row] = await tx.select().from(screeningTasks).where(eq(screeningTasks.id, id)).for('update');
  return row ?? null;
}

export async function openTaskOf(db: DbOrTx, personId: string): Promise<TaskRow | null> {
  const [row] = await db.select().from(screeningTasks).where(and(eq(screeningTasks.personId, personId), eq(screeningTasks.status, 'open')));
  return row ?? null;
}

export async function latestTaskOf(db: DbOrTx, personId: string): Promise<TaskRow | null> {
  const [row] = await db.select().from(screeningTasks).where(eq(screeningTasks.personId, personId)).orderBy(desc(screeningTasks.dispatchedAt)).limit(1);
  return row ?? null;
}

export async function setTask(db: DbOrTx, id: string, set: Partial<typeof screeningTasks.$inferInsert>): Promise<TaskRow> {
  const [row] = await db.update(screeningTasks).set({ ...set, updatedAt: sql`now()` as never }).where(eq(screeningTasks.id, id)).returning();
  return row;
}

export async function insertTask(db: DbOrTx, values: typeof screeningTasks.$inferInsert): Promise<TaskRow> {
  const [row] = await db.insert(screeningTasks).values(values).returning();
  return row;
}

/** Where a task is visible: its region, or the region it was escalated to. */
function taskInScope(regionPrefix: string): SQL {
  return sql`(${screeningTasks.regionCode} like ${`${regionPrefix}%`} or ${screeningTasks.escalatedTo} like ${`${regionPrefix}%`})`;
}

export interface TaskFilter {
  regionPrefix: string;
  status?: 'open' | 'closed';
  overdueAt?: Date;
  escalated?: boolean;
  limit: number;
  before?: Cursor | null;
}

/** Tasks in scope with their person, newest first (the task list). */
export async function listTasks(db: DbOrTx, f: TaskFilter): Promise<{ task: TaskRow; person: PersonRow }[]> {
  const conditions: SQL[] = [taskInScope(f.regionPrefix)];
  if (f.status) conditions.push(eq(screeningTasks.status, f.status));
  else conditions.push(sql`${screeningTasks.status} <> 'merged'`);
  if (f.overdueAt) conditions.push(overdue(f.overdueAt));
  if (f.escalated !== undefined) conditions.push(f.escalated ? sql`${screeningTasks.escalatedAt} is not null` : sql`${screeningTasks.escalatedAt} is null`);
  if (f.before) conditions.push(sql`(${screeningTasks.dispatchedAt}, ${screeningTasks.id}) < (${f.before.at.toISOString()}::timestamptz, ${f.before.id}::uuid)`);
  return db
    .select({ task: screeningTasks, person: screeningPersons })
    .from(screeningTasks)
    .innerJoin(screeningPersons, eq(screeningPersons.id, screeningTasks.personId))
    .where(and(...conditions))
    .orderBy(desc(screeningTasks.dispatchedAt), desc(screeningTasks.id))
    .limit(f.limit);
}

/** An open task past a deadline it has not met. */
function overdue(at: Date): SQL {
  const now = at.toISOString();
  return sql`(${screeningTasks.status} = 'open' and ((${screeningTasks.contactedAt} is null and ${screeningTasks.contactDueAt} < ${now}) or (${screeningTasks.feedbackAt} is null and ${screeningTasks.feedbackDueAt} < ${now})))`;
}

/**
 * Escalates every overdue, not yet escalated open task to the division one level up, in one statement;
 * returns what it escalated.
 */
export async function escalateOverdue(db: DbOrTx, at: Date): Promise<{ id: string; regionCode: string; escalatedTo: string }[]> {
  return rows(
    db,
    sql`update screening_tasks set escalated_at = ${at.toISOString()}, updated_at = now(),
          escalated_to = case when length(region_code) = 6 and region_code not like '%00' then substr(region_code, 1, 4) || '00'
                              when length(region_code) = 6 and region_code not like '%0000' then substr(region_code, 1, 2) || '0000'
                              else region_code end
        where escalated_at is null and ${overdue(at)}
        returning id, region_code as "regionCode", escalated_to as "escalatedTo"`,
  );
}

export async function insertFollowUp(db: DbOrTx, values: typeof screeningFollowUps.$inferInsert): Promise<FollowUpRow> {
  const [row] = await db.insert(screeningFollowUps).values(values).returning();
  return row;
}

export async function followUpsOf(db: DbOrTx, taskId: string): Promise<FollowUpRow[]> {
  return db.select().from(screeningFollowUps).where(eq(screeningFollowUps.taskId, taskId)).orderBy(asc(screeningFollowUps.recordedAt), asc(screeningFollowUps.id));
}

/** The follow-ups that recorded a quarantine period of people by their blind indexes (one array parameter), per person oldest first. */
export async function quarantinesByDocumentIndexes(db: DbOrTx, documentIndexes: readonly string[]): Promise<{ documentIndex: string; id: string; kind: string; from: string; to: string; recordedAt: Date }[]> {
  if (documentIndexes.length === 0) return [];
  const found = await rows<{ documentIndex: string; id: string; kind: string; from: string; to: string; recordedAt: string | Date }>(
    db,
    sql`select p.document_index as "documentIndex", f.id, f.quarantine_kind as kind, f.quarantine_from::text as "from", f.quarantine_to::text as "to", f.recorded_at as "recordedAt"
        from screening_follow_ups f join screening_persons p on p.id = f.person_id
        where p.document_index = any(${arrayLiteral(documentIndexes)}::text[]) and p.merged_into is null and f.quarantine_kind is not null
          and f.quarantine_from is not null and f.quarantine_to is not null
        order by p.document_index, f.recorded_at`,
  );
  return found.map((r) => ({ ...r, recordedAt: new Date(r.recordedAt) }));
}

/** The follow-ups that recorded a release of people by their blind indexes (one array parameter), per person oldest first. */
export async function releasesByDocumentIndexes(db: DbOrTx, documentIndexes: readonly string[]): Promise<{ documentIndex: string; releasedOn: string; recordedAt: Date }[]> {
  if (documentIndexes.length === 0) return [];
  const found = await rows<{ documentIndex: string; releasedOn: string; recordedAt: string | Date }>(
    db,
    sql`select p.document_index as "documentIndex", f.released_on::text as "releasedOn", f.recorded_at as "recordedAt"
        from screening_follow_ups f join screening_persons p on p.id = f.person_id
        where p.document_index = any(${arrayLiteral(documentIndexes)}::text[]) and p.merged_into is null and f.released_on is not null
        order by p.document_index, f.recorded_at`,
  );
  return found.map((r) => ({ ...r, recordedAt: new Date(r.recordedAt) }));
}

/**
 * The regions where screening holds the person: the command posts following them up (tasks) and the
 * residence and household divisions the lists reported (officers there reach the person's health code).
 */
export async function regionsByDocumentIndex(db: DbOrTx, documentIndex: string): Promise<string[]> {
  const found = await rows<{ region: string | null }>(
    db,
    sql`select t.region_code as region from screening_tasks t join screening_persons p on p.id = t.person_id
          where p.document_index = ${documentIndex} and p.merged_into is null
        union select residence_division from screening_persons where document_index = ${documentIndex} and merged_into is null
        union select household_division from screening_persons where document_index = ${documentIndex} and merged_into is null`,
  );
  return found.map((r) => r.region).filter((r): r is string => !!r);
}

// ---- counts ----

/** Dashboard counts per county (the task's region) in scope. */
export async function taskCounts(db: DbOrTx, regionPrefix: string, at: Date) {
  return rows<{ regionCode: string; total: number; open: number; reached: number; quarantined: number; overdue: number; closed: number; escalated: number }>(
    db,
    sql`select screening_tasks.region_code as "regionCode", count(*)::int as total,
          count(*) filter (where screening_tasks.status = 'open')::int as open,
          count(*) filter (where p.status <> 'pending')::int as reached,
          count(*) filter (where p.status in ('home_quarantine', 'central_quarantine'))::int as quarantined,
          count(*) filter (where ${overdue(at)})::int as overdue,
          count(*) filter (where screening_tasks.status = 'closed')::int as closed,
          count(*) filter (where screening_tasks.escalated_at is not null and screening_tasks.status = 'open')::int as escalated
        from screening_tasks join screening_persons p on p.id = screening_tasks.person_id
        where screening_tasks.status <> 'merged' and ${taskInScope(regionPrefix)}
        group by screening_tasks.region_code order by screening_tasks.region_code`,
  );
}

export type FigureRow = { key: string; label: string | null; received: number; dispatched: number; reached: number; quarantined: number; overdue: number; closed: number };

/**
 * The dashboard figures of the persons in scope, grouped by county (the task's command post, else the
 * person's division), by source (every source that reported the person) or by the China day of the
 * first report; optionally only persons first reported between two China days. One statement.
 */
export async function figures(db: DbOrTx, by: 'county' | 'source' | 'day' | 'all', options: { regionPrefix: string; at: Date; from?: string; to?: string }): Promise<FigureRow[]> {
  const prefix = `${options.regionPrefix}%`;
  const conditions: SQL[] = [sql`p.merged_into is null`];
  if (options.from) conditions.push(sql`p.first_reported_at >= (${options.from}::date::timestamp at time zone 'Asia/Shanghai')`);
  if (options.to) conditions.push(sql`p.first_reported_at < ((${options.to}::date + 1)::timestamp at time zone 'Asia/Shanghai')`);
  const now = options.at.toISOString();
  const base = sql`base as (
      select p.id, p.status, p.first_reported_at,
             coalesce(t.region_code, p.residence_division, p.household_division, '') as region,
             t.id as task_id, t.status as task_status,
             (t.status = 'open' and ((t.contacted_at is null and t.contact_due_at < ${now}) or (t.feedback_at is null and t.feedback_due_at < ${now}))) as overdue
      from screening_persons p
      left join lateral (select * from screening_tasks t where t.person_id = p.id and t.status <> 'merged' order by t.dispatched_at desc limit 1) t on true
      where ${and(...conditions)}
        and (coalesce(t.region_code, p.residence_division, p.household_division, '') like ${prefix} or coalesce(t.escalated_to, '') like ${prefix}))`;
  const counts = sql`count(*)::int as received, count(base.task_id)::int as dispatched,
      count(*) filter (where base.status <> 'pending')::int as reached,
      count(*) filter (where base.status in ('home_quarantine', 'central_quarantine'))::int as quarantined,
      count(*) filter (where base.overdue)::int as overdue,
      count(*) filter (where base.task_status = 'closed')::int as closed`;
  if (by === 'source') {
    return rows<FigureRow>(
      db,
      sql`with ${base}, reported as (select distinct r.person_id, r.source_id from screening_reports r join base on base.id = r.person_id)
          select s.id::text as key, s.name as label, ${counts}
          from base join reported on reported.person_id = base.id join screening_sources s on s.id = reported.source_id
          group by s.id, s.name order by s.name`,
    );
  }
  const key = by === 'all' ? sql`'all'` : by === 'county' ? sql`left(base.region, 6)` : sql`to_char(base.first_reported_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`;
  return rows<FigureRow>(db, sql`with ${base} select ${key} as key, null::text as label, ${counts} from base group by 1 order by 1`);
}

// ---- the health code's side ----

/** Citizen accounts whose real-name ID number has this blind index. */
export async function citizensWithDocumentIndex(db: DbOrTx, documentIndex: string): Promise<string[]> {
  const found = await db.select({ id: citizens.id }).from(citizens).where(eq(citizens.documentIndex, documentIndex));
  return found.map((c) => c.id);
}

// ---- comparison ----

/**
 * Each live person reported by source a or b in the region, with each source's first report time:
 * the basis of every comparison (a CTE, so the statement does not grow with the data).
 */
function firstsOf(a: string, b: string, regionPrefix: string): SQL {
  return sql`firsts as (
      select r.person_id,
             min(r.reported_at) filter (where r.source_id = ${a}) as a_at,
             min(r.reported_at) filter (where r.source_id = ${b}) as b_at
      from screening_reports r
      join screening_persons p on p.id = r.person_id and p.merged_into is null
      where r.source_id in (${a}, ${b})
        and coalesce(p.residence_division, p.household_division, '') like ${`${regionPrefix}%`}
      group by r.person_id)`;
}

export interface ComparisonCounts {
  onlyA: number;
  onlyB: number;
  both: number;
  leadDays: { days: number; persons: number }[];
  byDay: { day: string; onlyA: number; onlyB: number; both: number; aFirst: number; bFirst: number; avgLeadHours: number | null }[];
  byCounty: { regionCode: string; onlyA: number; onlyB: number; both: number; aFirst: number; bFirst: number; avgLeadHours: number | null }[];
}

const COUNTS = sql`count(*) filter (where a_at is not null and b_at is null)::int as "onlyA",
  count(*) filter (where a_at is null and b_at is not null)::int as "onlyB",
  count(*) filter (where a_at is not null and b_at is not null)::int as both,
  count(*) filter (where a_at < b_at)::int as "aFirst",
  count(*) filter (where b_at < a_at)::int as "bFirst",
  round(avg(extract(epoch from (b_at - a_at)) / 3600)::numeric, 1)::float8 as "avgLeadHours"`;

/** Overlap counts, the lead-time distribution (whole days A before B) and the per-day / per-county split. */
export async function compareSources(db: DbOrTx, a: string, b: string, regionPrefix: string): Promise<ComparisonCounts> {
  const firsts = firstsOf(a, b, regionPrefix);
  const [totals] = await rows<{ onlyA: number; onlyB: number; both: number }>(db, sql`with ${firsts} select ${COUNTS} from firsts`);
  const leadDays = await rows<{ days: number; persons: number }>(
    db,
    sql`with ${firsts} select floor(extract(epoch from (b_at - a_at)) / 86400)::int as days, count(*)::int as persons
        from firsts where a_at is not null and b_at is not null group by 1 order by 1`,
  );
  const byDay = await rows<ComparisonCounts['byDay'][number]>(
    db,
    sql`with ${firsts} select to_char(least(a_at, b_at) at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, ${COUNTS}
        from firsts group by 1 order by 1`,
  );
  const byCounty = await rows<ComparisonCounts['byCounty'][number]>(
    db,
    sql`with ${firsts} select left(coalesce(p.residence_division, p.household_division, ''), 6) as "regionCode", ${COUNTS}
        from firsts join screening_persons p on p.id = firsts.person_id group by 1 order by 1`,
  );
  return { onlyA: totals?.onlyA ?? 0, onlyB: totals?.onlyB ?? 0, both: totals?.both ?? 0, leadDays, byDay, byCounty };
}

/** Persons reported by A but not (yet) by B, a page at a time in id order (for the list and its download). */
export async function onlyInFirstPage(db: DbOrTx, a: string, b: string, regionPrefix: string, afterId: string, limit: number): Promise<(PersonRow & { aAt: Date })[]> {
  const found = await rows<{ person_id: string; a_at: string }>(
    db,
    sql`with ${firstsOf(a, b, regionPrefix)} select person_id, a_at from firsts
        where a_at is not null and b_at is null and person_id > ${afterId} order by person_id limit ${limit}`,
  );
  if (found.length === 0) return [];
  const persons = await db.select().from(screeningPersons).where(inArray(screeningPersons.id, found.map((f) => f.person_id))).orderBy(asc(screeningPersons.id));
  const at = new Map(found.map((f) => [f.person_id, new Date(f.a_at)]));
  return persons.map((p) => ({ ...p, aAt: at.get(p.id)! }));
}

