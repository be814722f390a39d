import { and, asc, desc, eq, gte, inArray, isNull, like, lte, or, sql, type SQL } from 'drizzle-orm';
import { divisionPrefix } from '@fangxian/contracts/kernel';
import { rows as queryRows, type DbOrTx } from '../../platform/db/database.ts';
import { bulkInsertSql } from '../../platform/db/bulk-insert.ts';
import { newTicketNumber } from './tickets.numbers.ts';
import { files } from '../../platform/files/files.tables.ts';
import { staffAccounts } from '../../platform/identity/identity.tables.ts';
import type { TicketStatus } from './tickets.rules.ts';
import { ticketEvents, tickets } from './tickets.tables.ts';

export type TicketRow = typeof tickets.$inferSelect;
export type TicketEventRow = typeof ticketEvents.$inferSelect;
export type NewTicket = typeof tickets.$inferInsert;
export type NewTicketEvent = typeof ticketEvents.$inferInsert;

/**
 * A ticket number is the China day + 6 random characters (31^6 a day): two filings of a day can draw
 * the same one — rare for a city (≈ n² / 1.8·10⁹ a day: 5 000 filings → once in ≈ 70 days), but the
 * Open311 bench's tens of thousands a minute met it. The insert skips a taken number and draws
 * another (at most 5 times), instead of failing the filing.
 */
const NUMBER_DRAWS = 5;

export async function insertTicket(tx: DbOrTx, values: NewTicket): Promise<TicketRow> {
  for (let draw = 1; ; draw++) {
    const [row] = await tx.insert(tickets).values(values).onConflictDoNothing({ target: tickets.number }).returning();
    if (row) return row;
    if (draw >= NUMBER_DRAWS) throw new Error(`tickets: no free number after ${NUMBER_DRAWS} draws`);
    values = { ...values, number: newTicketNumber(values.createdAt ?? new Date()) };
  }
}

/**
 * Many tickets with their first history rows (Open311's batch): one statement for both on the usual
 * path; a ticket whose number is taken (see insertTicket) is filed again under a new number — its
 * history row already points to its id. Answers the rows as stored (with their final numbers).
 */
export async function insertTicketsWithHistory<R extends NewTicket & { id: string; number: string }>(tx: DbOrTx, ticketRows: R[], events: NewTicketEvent[]): Promise<R[]> {
  const stored = await queryRows<{ id: string }>(
    tx,
    sql`with t as (${bulkInsertSql(tickets, ticketRows, sql`on conflict (number) do nothing returning id`)}), e as (${bulkInsertSql(ticketEvents, events)}) select id from t`,
  );
  if (stored.length === ticketRows.length) return ticketRows;
  const done = new Set(stored.map((r) => r.id));
  return Promise.all(ticketRows.map(async (r) => (done.has(r.id) ? r : { ...r, number: (await insertTicket(tx, { ...r, number: newTicketNumber(r.createdAt ?? new Date()) })).number })));
}

export async function insertEvent(tx: DbOrTx, values: NewTicketEvent): Promise<void> {
  await tx.insert(ticketEvents).values(values);
}

export async function findTicket(db: DbOrTx, id: string): Promise<TicketRow | undefined> {
  const [row] = await db.select().from(tickets).where(eq(tickets.id, id));
  return row;
}

export async function findTicketForUpdate(tx: DbOrTx, id: string): Promise<TicketRow | undefined> {
  const [row] = await tx.select().from(tickets).where(eq(tickets.id, id)).for('update');
  return row;
}

export async function findTicketByNumber(db: DbOrTx, number: string): Promise<TicketRow | undefined> {
  const [row] = await db.select().from(tickets).where(eq(tickets.number, number));
  return row;
}

export async function updateTicket(tx: DbOrTx, id: string, patch: Partial<NewTicket>): Promise<TicketRow> {
  const [row] = await tx.update(tickets).set({ ...patch, updatedAt: new Date() }).where(eq(tickets.id, id)).returning();
  return row;
}

export async function eventsOf(db: DbOrTx, ticketId: string): Promise<TicketEventRow[]> {
  return db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(asc(ticketEvents.at), asc(ticketEvents.id));
}

export async function ticketsOfCitizen(db: DbOrTx, citizenId: string, limit: number): Promise<TicketRow[]> {
  return db.select().from(tickets).where(eq(tickets.reporterCitizenId, citizenId)).orderBy(desc(tickets.createdAt)).limit(limit);
}


export interface WorklistFilter {
  scope: string;
  /** Only this department's tickets (a handler's worklist). */
  department?: string;
  status?: string[];
  kind?: string;
  overdue?: boolean;
  number?: string;
  now: Date;
  limit: number;
  offset: number;
  /** Keyset pagination: the page after this ticket (its place in the order — overdue or not, deadline, id); offset is then ignored. */
  after?: WorklistCursor;
  /** The count stops here (default WORKLIST_COUNT_CAP): `total` is exact up to it, else `cap` with totalCapped. */
  countCap?: number;
}

/**
 * How far the worklist counts: a whole department or city can hold tens of thousands of tickets,
 * and counting them exactly cost 28–120 ms of a request at 1 M tickets (bench/RESULTS.md); counting
 * at most this many index entries keeps the count to about a millisecond. Above it the console shows
 * "1 000+"; the KPI page has the exact figures.
 */
export const WORKLIST_COUNT_CAP = 1_000;

/** A ticket's place in the worklist order: overdue first, then by deadline, then by id. */
export interface WorklistCursor {
  overdue: boolean;
  /** The deadline in microseconds since the epoch (the database's precision; a Date would round it). */
  dueAtUs: bigint;
  id: string;
}

/** The cursor as an opaque string for the API (`o|<due ms>|<id>` or `n|…`, base64url). */
export function encodeCursor(c: WorklistCursor): string {
  return Buffer.from(`${c.overdue ? 'o' : 'n'}|${c.dueAtUs}|${c.id}`).toString('base64url');
}

/** Null when the string is not a cursor this API gave. */
export function decodeCursor(s: string): WorklistCursor | null {
  const m = /^([on])\|(-?\d{1,18})\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(Buffer.from(s, 'base64url').toString('utf8'));
  return m ? { overdue: m[1] === 'o', dueAtUs: BigInt(m[2]), id: m[3] } : null;
}

/** The statuses that can be overdue (still owing an answer): the complement of SETTLED_STATUSES. */
export const OPEN_STATUSES = ['submitted', 'accepted', 'assigned', 'in_progress'] as const satisfies readonly TicketStatus[];
const openList = sql.join(OPEN_STATUSES.map((s) => sql`${s}`), sql`, `);

function worklistWhere(f: WorklistFilter): SQL {
  const where: SQL[] = [];
  if (f.scope) where.push(sql`region_code like ${`${divisionPrefix(f.scope)}%`}`);
  if (f.department !== undefined) where.push(sql`department = ${f.department}`);
  if (f.status?.length) where.push(sql`status in (${sql.join(f.status.map((s) => sql`${s}`), sql`, `)})`);
  if (f.kind) where.push(sql`kind = ${f.kind}`);
  if (f.number) where.push(sql`number = ${f.number}`);
  return where.length ? sql.join(where, sql` and `) : sql`true`;
}

/**
 * The statements of a worklist page: [ids of the page, count]. "Overdue first, then by deadline" is
 * not an index order (overdue depends on now), so the page is the union of two index-ordered runs —
 * the overdue ones (open and past due: tickets_open_due_idx / tickets_open_department_due_idx, partial
 * on the open statuses) and the rest (tickets_department_due_idx / tickets_due_idx) — each cut at
 * offset + limit, then merged. With a keyset cursor (`after`) each run starts after the cursor's
 * (due_at, id) — `(due_at, id) > (…)` is an index condition — and is cut at `limit`: a deep page costs
 * what the first does; a cursor in the second run skips the first. Exported for the bench's EXPLAIN
 * (docs/tickets.md, "Indexes").
 */
export function worklistStatements(f: WorklistFilter): [SQL, SQL] {
  const base = worklistWhere(f);
  const nowIso = f.now.toISOString();
  const overdue = sql`status in (${openList}) and due_at < ${nowIso}::timestamptz`;
  const notOverdue = sql`not (status in (${openList}) and due_at < ${nowIso}::timestamptz)`;
  const after = f.after;
  const cut = after ? f.limit : f.limit + f.offset;
  const from = after ? sql` and (due_at, id) > ('epoch'::timestamptz + ${String(after.dueAtUs)}::bigint * interval '1 microsecond', ${after.id}::uuid)` : sql``;
  const part = (cond: SQL, flag: number, keyset: boolean) => sql`(select id, due_at, ${flag} as overdue from tickets where ${base} and ${cond}${keyset ? from : sql``} order by due_at, id limit ${cut})`;
  const parts: SQL[] = [];
  if (f.overdue !== false && (!after || after.overdue)) parts.push(part(overdue, 1, Boolean(after)));
  if (f.overdue !== true) parts.push(part(notOverdue, 0, Boolean(after) && !after!.overdue));
  const page = parts.length === 0
    ? sql`select null::uuid as id where false`
    : sql`select id from (${sql.join(parts, sql` union all `)}) w order by overdue desc, due_at, id limit ${f.limit} offset ${after ? 0 : f.offset}`;
  const countCond = f.overdue === true ? sql` and ${overdue}` : f.overdue === false ? sql` and ${notOverdue}` : sql``;
  // Capped: at most cap + 1 index entries are visited (see WORKLIST_COUNT_CAP).
  const count = sql`select count(*)::int as n from (select 1 from tickets where ${base}${countCond} limit ${(f.countCap ?? WORKLIST_COUNT_CAP) + 1}) c`;
  return [page, count];
}

const isOverdueAt = (r: TicketRow, now: Date) => (OPEN_STATUSES as readonly string[]).includes(r.status) && r.dueAt.getTime() < now.getTime();

/**
 * A worklist page: region (and department) scoped, overdue first, then by deadline. One round trip:
 * the page's rows (their ids from worklistStatements' page) each carrying the (capped) count; a second
 * only when the page is empty. `next` is the cursor of the page's last row when the page is full.
 */
export async function worklist(db: DbOrTx, f: WorklistFilter): Promise<{ rows: TicketRow[]; total: number; totalCapped: boolean; next: WorklistCursor | null }> {
  const [pageSql, countSql] = worklistStatements(f);
  const found = await db
    .select({ t: tickets, total: sql<number>`(${countSql})`.mapWith(Number), dueAtUs: sql<string>`(extract(epoch from ${tickets.dueAt}) * 1000000)::bigint::text` })
    .from(tickets)
    .where(sql`${tickets.id} in (${pageSql})`);
  const us = new Map(found.map((r) => [r.t.id, BigInt(r.dueAtUs)]));
  const rows = found.map((r) => r.t).sort((a, b) => {
    const d = us.get(a.id)! - us.get(b.id)!;
    return Number(isOverdueAt(b, f.now)) - Number(isOverdueAt(a, f.now)) || (d < 0n ? -1 : d > 0n ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
  const counted = found.length > 0 ? found[0].total : Number((await queryRows<{ n: number }>(db, countSql))[0].n);
  const cap = f.countCap ?? WORKLIST_COUNT_CAP;
  const last = rows.at(-1);
  return { rows, total: Math.min(counted, cap), totalCapped: counted > cap, next: last && rows.length === f.limit ? { overdue: isOverdueAt(last, f.now), dueAtUs: us.get(last.id)!, id: last.id } : null };
}

/** Open311 query: within a scope, by ids, service kinds, status and a created-at window (at most `limit`). */
export async function open311Query(
  db: DbOrTx,
  q: { scope: string; ids?: string[]; kinds?: string[]; categoryIds?: string[]; statuses?: string[]; from: Date; to: Date; limit: number },
): Promise<TicketRow[]> {
  const where: (SQL | undefined)[] = [gte(tickets.createdAt, q.from), lte(tickets.createdAt, q.to)];
  if (q.scope) where.push(like(tickets.regionCode, `${divisionPrefix(q.scope)}%`));
  if (q.ids) where.push(inArray(tickets.number, q.ids));
  // Service codes: a kind's code matches every ticket of the kind, a category's its tickets.
  if (q.kinds || q.categoryIds) {
    const any: SQL[] = [];
    if (q.kinds?.length) any.push(inArray(tickets.kind, q.kinds));
    if (q.categoryIds?.length) any.push(inArray(tickets.categoryId, q.categoryIds));
    where.push(any.length ? or(...any) : sql`false`);
  }
  if (q.statuses) where.push(inArray(tickets.status, q.statuses));
  return db.select().from(tickets).where(and(...where)).orderBy(desc(tickets.createdAt)).limit(q.limit);
}

/** A step of the Open311 updates feed: a change of status (or a master's answer) of a ticket, with its public number. */
export interface Open311UpdateRow {
  id: string;
  action: string;
  toStatus: string;
  note: string | null;
  at: Date;
  number: string;
  mediaUrl: string | null;
}

/**
 * Open311 updates feed (servicerequestupdates): the history steps that changed a ticket's status (and
 * masters' answers to their duplicates) within a scope and a time window, oldest first, at most `limit`.
 */
export async function open311Updates(db: DbOrTx, q: { scope: string; from: Date; to: Date; limit: number }): Promise<Open311UpdateRow[]> {
  const where: (SQL | undefined)[] = [
    gte(ticketEvents.at, q.from),
    lte(ticketEvents.at, q.to),
    sql`(${ticketEvents.fromStatus} is distinct from ${ticketEvents.toStatus} or ${ticketEvents.action} = 'master_reply')`,
  ];
  if (q.scope) where.push(like(ticketEvents.regionCode, `${divisionPrefix(q.scope)}%`));
  return db
    .select({ id: ticketEvents.id, action: ticketEvents.action, toStatus: ticketEvents.toStatus, note: ticketEvents.note, at: ticketEvents.at, number: tickets.number, mediaUrl: tickets.mediaUrl })
    .from(ticketEvents)
    .innerJoin(tickets, eq(tickets.id, ticketEvents.ticketId))
    .where(and(...where))
    .orderBy(asc(ticketEvents.at), asc(ticketEvents.id))
    .limit(q.limit);
}

/** Departments with an active officer of a handling role, and the region each serves. */
export async function activeDepartments(db: DbOrTx, roles: readonly string[]): Promise<{ department: string; regionCode: string }[]> {
  const rows = await db
    .selectDistinct({ department: staffAccounts.department, regionCode: staffAccounts.regionCode })
    .from(staffAccounts)
    .where(and(isNull(staffAccounts.disabledAt), sql`${staffAccounts.roles} && ${sql.raw(`ARRAY[${roles.map((r) => `'${r.replace(/'/g, '')}'`).join(',')}]::text[]`)}`));
  return rows;
}

/** The uploaded files among `ids` owned by this citizen. */
export async function citizenFiles(db: DbOrTx, citizenId: string, ids: string[]): Promise<{ id: string; mimeType: string }[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: files.id, mimeType: files.mimeType })
    .from(files)
    .where(and(inArray(files.id, ids), eq(files.ownerType, 'citizen'), eq(files.ownerId, citizenId)));
}

export async function fileById(db: DbOrTx, id: string): Promise<typeof files.$inferSelect | undefined> {
  const [row] = await db.select().from(files).where(eq(files.id, id));
  return row;
}

/** Tickets merged into `masterId` (its duplicates). */
export async function duplicatesOf(db: DbOrTx, masterId: string): Promise<TicketRow[]> {
  return db.select().from(tickets).where(eq(tickets.masterId, masterId)).orderBy(asc(tickets.createdAt));
}

/** When a master is itself merged, its duplicates follow the new master. */
export async function repointDuplicates(tx: DbOrTx, fromId: string, toId: string): Promise<void> {
  await tx.update(tickets).set({ masterId: toId, updatedAt: new Date() }).where(eq(tickets.masterId, fromId));
}

/** Open tickets that a new one could repeat: same kind (and category when given), same county, the last 90 days, newest first. */
export async function similarCandidates(db: DbOrTx, q: { kind: string; categoryId: string | null; county: string; since: Date; limit: number }): Promise<TicketRow[]> {
  const where: (SQL | undefined)[] = [
    eq(tickets.kind, q.kind),
    like(tickets.regionCode, `${divisionPrefix(q.county)}%`),
    gte(tickets.createdAt, q.since),
    sql`${tickets.status} not in ('rejected', 'closed', 'visited', 'merged')`,
  ];
  if (q.categoryId) where.push(eq(tickets.categoryId, q.categoryId));
  return db.select().from(tickets).where(and(...where)).orderBy(desc(tickets.createdAt)).limit(q.limit);
}
