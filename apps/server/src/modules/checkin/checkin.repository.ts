import { and, asc, desc, eq, gte, inArray, like, sql } from 'drizzle-orm';
import { arrayLiteral } from '../../platform/db/bulk-insert.ts';
import { rows as rowsOf, type DbOrTx } from '../../platform/db/database.ts';
import type { RowKind } from '../../platform/db/group-commit.ts';
import { citizens } from '../../platform/identity/identity.tables.ts';
import { checkinDayCounts, checkinDepartments, checkinMemberCounts, checkinMemberPeriods, checkinMembers, checkinOrgs, checkinReportHistory, checkinReports, NO_DEPARTMENT_KEY } from './checkin.tables.ts';

export type OrgRow = typeof checkinOrgs.$inferSelect;
export type MemberRow = typeof checkinMembers.$inferSelect;
export type ReportRow = typeof checkinReports.$inferSelect;
export type HistoryRow = typeof checkinReportHistory.$inferSelect;
export type DepartmentRow = typeof checkinDepartments.$inferSelect;

export async function insertOrg(tx: DbOrTx, values: typeof checkinOrgs.$inferInsert): Promise<OrgRow> {
  const [row] = await tx.insert(checkinOrgs).values(values).returning();
  return row;
}

export async function findOrg(db: DbOrTx, id: string): Promise<OrgRow | undefined> {
  const [row] = await db.select().from(checkinOrgs).where(eq(checkinOrgs.id, id)).limit(1);
  return row;
}

export async function findOrgByCreditCode(db: DbOrTx, creditCode: string): Promise<OrgRow | undefined> {
  const [row] = await db.select().from(checkinOrgs).where(eq(checkinOrgs.creditCode, creditCode)).limit(1);
  return row;
}

export async function findOrgByInviteCode(db: DbOrTx, code: string): Promise<OrgRow | undefined> {
  const [row] = await db.select().from(checkinOrgs).where(eq(checkinOrgs.inviteCode, code)).limit(1);
  return row;
}

export async function listOrgs(db: DbOrTx, filter: { scopePrefix: string; status?: string; limit: number }): Promise<OrgRow[]> {
  return db
    .select()
    .from(checkinOrgs)
    .where(and(like(checkinOrgs.divisionCode, `${filter.scopePrefix}%`), filter.status ? eq(checkinOrgs.status, filter.status) : undefined))
    .orderBy(desc(checkinOrgs.createdAt))
    .limit(filter.limit);
}

export async function decideOrg(tx: DbOrTx, id: string, values: { status: string; decidedBy: string; decisionNote: string | null }): Promise<OrgRow | undefined> {
  const [row] = await tx
    .update(checkinOrgs)
    .set({ ...values, decidedAt: new Date() })
    .where(and(eq(checkinOrgs.id, id), eq(checkinOrgs.status, 'pending')))
    .returning();
  return row;
}

export async function findMember(db: DbOrTx, orgId: string, citizenId: string): Promise<MemberRow | undefined> {
  const [row] = await db.select().from(checkinMembers).where(and(eq(checkinMembers.orgId, orgId), eq(checkinMembers.citizenId, citizenId))).limit(1);
  return row;
}

/** Adds or re-activates a membership (a member who left may join again). */
export async function upsertMember(tx: DbOrTx, values: typeof checkinMembers.$inferInsert): Promise<void> {
  await tx
    .insert(checkinMembers)
    .values(values)
    .onConflictDoUpdate({
      target: [checkinMembers.orgId, checkinMembers.citizenId],
      set: { status: values.status, consentAt: values.consentAt ?? null, leftAt: null, joinedVia: values.joinedVia, department: values.department ?? null, departmentId: values.departmentId ?? null },
    });
}

export async function setMemberStatus(tx: DbOrTx, orgId: string, citizenId: string, set: Partial<typeof checkinMembers.$inferInsert>): Promise<void> {
  await tx.update(checkinMembers).set(set).where(and(eq(checkinMembers.orgId, orgId), eq(checkinMembers.citizenId, citizenId)));
}

export async function countAdmins(db: DbOrTx, orgId: string): Promise<number> {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(checkinMembers)
    .where(and(eq(checkinMembers.orgId, orgId), eq(checkinMembers.role, 'admin'), eq(checkinMembers.status, 'active')));
  return Number(n);
}

export async function activeAdminIds(db: DbOrTx, orgIds: string[]): Promise<{ orgId: string; citizenId: string }[]> {
  if (orgIds.length === 0) return [];
  return db
    .select({ orgId: checkinMembers.orgId, citizenId: checkinMembers.citizenId })
    .from(checkinMembers)
    .where(and(inArray(checkinMembers.orgId, orgIds), eq(checkinMembers.role, 'admin'), eq(checkinMembers.status, 'active')));
}

/** A citizen's organisations (every status but left), with the organisation. */
export async function membershipsOf(db: DbOrTx, citizenId: string): Promise<{ member: MemberRow; org: OrgRow }[]> {
  return db
    .select({ member: checkinMembers, org: checkinOrgs })
    .from(checkinMembers)
    .innerJoin(checkinOrgs, eq(checkinOrgs.id, checkinMembers.orgId))
    .where(and(eq(checkinMembers.citizenId, citizenId), sql`${checkinMembers.status} <> 'left'`))
    .orderBy(asc(checkinOrgs.name));
}

/** Citizens by phone blind index (an import), one statement. */
export async function citizensByPhoneIndex(db: DbOrTx, indexes: string[]): Promise<{ id: string; phoneIndex: string }[]> {
  if (indexes.length === 0) return [];
  return db.select({ id: citizens.id, phoneIndex: citizens.phoneIndex }).from(citizens).where(inArray(citizens.phoneIndex, indexes));
}

/** Existing memberships of some citizens in one organisation. */
export async function membersAmong(db: DbOrTx, orgId: string, citizenIds: string[]): Promise<MemberRow[]> {
  if (citizenIds.length === 0) return [];
  return db.select().from(checkinMembers).where(and(eq(checkinMembers.orgId, orgId), inArray(checkinMembers.citizenId, citizenIds)));
}

/** Invites many citizens in one statement (existing left memberships become invited again). */
export async function inviteMembers(tx: DbOrTx, rows: (typeof checkinMembers.$inferInsert)[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insert(checkinMembers)
    .values(rows)
    .onConflictDoUpdate({ target: [checkinMembers.orgId, checkinMembers.citizenId], set: { status: 'invited', leftAt: null, consentAt: null, joinedVia: 'import', department: sql`excluded.department`, departmentId: sql`excluded.department_id` } });
}

export async function findReport(db: DbOrTx, citizenId: string, day: string): Promise<ReportRow | undefined> {
  const [row] = await db.select().from(checkinReports).where(and(eq(checkinReports.citizenId, citizenId), eq(checkinReports.day, day))).limit(1);
  return row;
}

/**
 * Writes the day's report: inserts revision 1 or replaces the current one with revision + 1, and
 * appends the history row — one statement (a data-modifying CTE), so two concurrent submissions
 * cannot both be revision 2 and the hot path costs one round trip.
 */
/** A submission to write: the report without its revision (the upsert sets it). */
export type ReportWrite = Omit<ReportRow, 'revision'>;

const REPORT_COLUMNS = 'citizen_id, day, temperature, symptoms, division_code, risk_area_contact, code_colour, abnormal, abnormal_reasons, extra, revision, submitted_at';
const REPORT_TYPES = ['uuid', 'date', 'numeric', 'text', 'text', 'boolean', 'text', 'boolean', 'text', 'jsonb', 'timestamptz'];
// A second submission the same day amends the row (revision + 1); the trigger of drizzle/0037 keeps
// every revision in checkin_report_history. The caller gets its row's new revision back.
const REPORT_TAIL = `on conflict (citizen_id, day) do update set
  temperature = excluded.temperature, symptoms = excluded.symptoms, division_code = excluded.division_code,
  risk_area_contact = excluded.risk_area_contact, code_colour = excluded.code_colour, abnormal = excluded.abnormal,
  abnormal_reasons = excluded.abnormal_reasons, extra = excluded.extra, submitted_at = excluded.submitted_at,
  revision = checkin_reports.revision + 1
returning citizen_id, day, revision`;

/** One array per column of the unnest (symptoms and reasons as comma-joined codes: both come from fixed lists). */
function reportArrays(rows: ReportWrite[]): string[] {
  return [
    arrayLiteral(rows.map((r) => r.citizenId)),
    arrayLiteral(rows.map((r) => r.day)),
    arrayLiteral(rows.map((r) => r.temperature)),
    arrayLiteral(rows.map((r) => r.symptoms.join(','))),
    arrayLiteral(rows.map((r) => r.divisionCode)),
    arrayLiteral(rows.map((r) => r.riskAreaContact)),
    arrayLiteral(rows.map((r) => r.codeColour)),
    arrayLiteral(rows.map((r) => r.abnormal)),
    arrayLiteral(rows.map((r) => r.abnormalReasons.join(','))),
    arrayLiteral(rows.map((r) => JSON.stringify(r.extra))),
    arrayLiteral(rows.map((r) => r.submittedAt)),
  ];
}

const REPORT_HEAD = `insert into checkin_reports (${REPORT_COLUMNS})
select u.c, u.d, u.t, string_to_array(u.s, ','), u.dc, u.r, u.cc, u.a, string_to_array(u.ar, ','), u.x, 1, u.at
from unnest(`;
const REPORT_END = `) as u(c, d, t, s, dc, r, cc, a, ar, x, at)
${REPORT_TAIL}`;

/**
 * Daily reports as group-commit rows (platform/db/group-commit.ts): the reports of every member
 * submitting in a batch are one upsert (`insert … select from unnest(…) on conflict do update …
 * returning`), merged with the batch's other rows (scans…); each caller gets its new revision back.
 * Two submissions of one person in one batch conflict and the batch is run again call by call.
 */
export const REPORT_ROWS: RowKind<ReportWrite> = {
  name: 'checkin_reports',
  statement: (rows) => {
    const arrays = reportArrays(rows).map((a, i) => sql`${a}::${sql.raw(REPORT_TYPES[i])}[]`);
    return sql`${sql.raw(REPORT_HEAD)}${sql.join(arrays, sql`, `)}${sql.raw(REPORT_END)}`;
  },
  text: (rows) => {
    const arrays = reportArrays(rows).map((a, i) => {
      if (a.includes('\0')) throw new Error('checkin report: NUL in a value');
      return `'${a.replace(/'/g, "''")}'::${REPORT_TYPES[i]}[]`;
    });
    return REPORT_HEAD + arrays.join(', ') + REPORT_END;
  },
  returning: {
    keyOfRow: (row) => `${row.citizenId}/${row.day}`,
    keyOfResult: (result) => `${result.citizen_id}/${result.day}`,
  },
};

/** Writes one report inside a transaction (the abnormal path, whose alerts commit with it); answers its revision. */
export async function saveReport(tx: DbOrTx, values: ReportWrite): Promise<ReportRow> {
  const [r] = await rowsOf<{ revision: number }>(tx, REPORT_ROWS.statement([values]));
  return { ...values, revision: Number(r.revision) };
}

export async function historyOf(db: DbOrTx, citizenId: string, day: string): Promise<HistoryRow[]> {
  return db
    .select()
    .from(checkinReportHistory)
    .where(and(eq(checkinReportHistory.citizenId, citizenId), eq(checkinReportHistory.day, day)))
    .orderBy(asc(checkinReportHistory.revision));
}

/** A person's days since `from` with whether each was abnormal (for the streak). */
export async function recentDays(db: DbOrTx, citizenId: string, from: string): Promise<{ day: string; abnormal: boolean }[]> {
  return db
    .select({ day: checkinReports.day, abnormal: checkinReports.abnormal })
    .from(checkinReports)
    .where(and(eq(checkinReports.citizenId, citizenId), gte(checkinReports.day, from)));
}

/** One organisation's active members with their report of the day (null when not yet reported): abnormal first, then missing, then normal; one statement. */
const dayRowColumns = {
  citizenId: checkinMembers.citizenId,
  role: checkinMembers.role,
  department: checkinMembers.department,
  departmentId: checkinMembers.departmentId,
  nameCipher: citizens.nameCipher,
  phoneCipher: citizens.phoneCipher,
  report: {
    temperature: checkinReports.temperature,
    symptoms: checkinReports.symptoms,
    divisionCode: checkinReports.divisionCode,
    riskAreaContact: checkinReports.riskAreaContact,
    codeColour: checkinReports.codeColour,
    abnormal: checkinReports.abnormal,
    abnormalReasons: checkinReports.abnormalReasons,
    revision: checkinReports.revision,
    extra: checkinReports.extra,
    submittedAt: checkinReports.submittedAt,
  },
};

/** Every active member with their report of the day (the export): one statement over all members. */
export async function dayOfOrg(db: DbOrTx, orgId: string, day: string) {
  return db
    .select(dayRowColumns)
    .from(checkinMembers)
    .innerJoin(citizens, eq(citizens.id, checkinMembers.citizenId))
    .leftJoin(checkinReports, and(eq(checkinReports.citizenId, checkinMembers.citizenId), eq(checkinReports.day, day)))
    .where(and(eq(checkinMembers.orgId, orgId), eq(checkinMembers.status, 'active')))
    .orderBy(sql`case when ${checkinReports.abnormal} then 0 when ${checkinReports.abnormal} is null then 1 else 2 end`, asc(checkinMembers.department), asc(checkinMembers.citizenId));
}

export type DayRow = Awaited<ReturnType<typeof dayOfOrg>>[number];

/** One line of an organisation's kept totals: a department node (or none) and label. */
export type CountLine = { departmentId: string | null; label: string | null; members: number; reported: number; abnormal: number };

/**
 * The organisation's totals of a day from the kept counts (checkin_member_counts, checkin_day_counts;
 * drizzle/0045): a few rows per department node and label, however many members — two index range reads.
 */
export async function countsOfOrgDay(db: DbOrTx, orgId: string, day: string): Promise<CountLine[]> {
  // One statement (a round trip fewer on the embedded database's thread): both tables' lines.
  const rows = await rowsOf<{ department_key: string; label: string; members: number; reported: number; abnormal: number }>(
    db,
    sql`select department_key, label, members, 0 as reported, 0 as abnormal from ${checkinMemberCounts} where org_id = ${orgId} and members <> 0
        union all
        select department_key, label, 0, reported, abnormal from ${checkinDayCounts} where org_id = ${orgId} and day = ${day} and reported <> 0`,
  );
  const members = rows.filter((r) => Number(r.members) !== 0).map((r) => ({ departmentKey: r.department_key, label: r.label, members: Number(r.members) }));
  const days = rows.filter((r) => Number(r.members) === 0).map((r) => ({ departmentKey: r.department_key, label: r.label, reported: Number(r.reported), abnormal: Number(r.abnormal) }));
  const lines = new Map<string, CountLine>();
  const line = (departmentKey: string, label: string) => {
    const key = `${departmentKey}|${label}`;
    let l = lines.get(key);
    if (!l) {
      l = { departmentId: departmentKey === NO_DEPARTMENT_KEY ? null : departmentKey, label: label === '' ? null : label, members: 0, reported: 0, abnormal: 0 };
      lines.set(key, l);
    }
    return l;
  };
  for (const m of members) line(m.departmentKey, m.label).members += m.members;
  for (const d of days) {
    const l = line(d.departmentKey, d.label);
    l.reported += d.reported;
    l.abnormal += d.abnormal;
  }
  return [...lines.values()];
}

/**
 * Which active members a day page (and a move of "every member matching") covers: all, those placed
 * directly in a department node, or those in no node (`null`).
 */
export type MemberFilter = { departmentId?: string | null };

/** The filter as a condition on checkin_members (undefined: every member). */
function memberFilterWhere(filter: MemberFilter) {
  if (filter.departmentId === undefined) return undefined;
  return filter.departmentId === null ? sql`${checkinMembers.departmentId} is null` : eq(checkinMembers.departmentId, filter.departmentId);
}

/** Whether a count line (kept totals) belongs to the filter. */
export function countLineMatches(filter: MemberFilter, line: { departmentId: string | null }): boolean {
  return filter.departmentId === undefined || line.departmentId === filter.departmentId;
}

/** A day page's groups in the view's order: abnormal (0), not reported (1), normal (2). */
export type DayGroup = 0 | 1 | 2;

/**
 * A keyset cursor into the day view: the last row of the previous page — its group, department label
 * and citizen id — and how many rows came before the next page (for "第 x–y 条" only; never trusted to
 * find the page).
 */
export type DayCursor = { group: DayGroup; department: string | null; citizenId: string; position: number };

function groupWhere(day: string, group: DayGroup) {
  const reportOf = (extra: ReturnType<typeof sql> | undefined) =>
    sql`select 1 from ${checkinReports} where ${checkinReports.citizenId} = ${checkinMembers.citizenId} and ${checkinReports.day} = ${day}${extra ? sql` and ${extra}` : sql``}`;
  if (group === 0) return sql`exists (${reportOf(sql`${checkinReports.abnormal}`)})`;
  if (group === 1) return sql`not exists (${reportOf(undefined)})`;
  return sql`exists (${reportOf(sql`not ${checkinReports.abnormal}`)})`;
}

/** The members (identity and report of the day) of some citizen ids, in the order of the ids given. */
async function dayRowsOf(db: DbOrTx, orgId: string, day: string, citizenIds: string[]): Promise<DayRow[]> {
  if (citizenIds.length === 0) return [];
  const rows = (await db
    .select(dayRowColumns)
    .from(checkinMembers)
    .innerJoin(citizens, eq(citizens.id, checkinMembers.citizenId))
    .leftJoin(checkinReports, and(eq(checkinReports.citizenId, checkinMembers.citizenId), eq(checkinReports.day, day)))
    .where(and(eq(checkinMembers.orgId, orgId), inArray(checkinMembers.citizenId, citizenIds)))) as DayRow[];
  const byId = new Map(rows.map((r) => [r.citizenId, r]));
  return citizenIds.map((id) => byId.get(id)).filter((r): r is DayRow => r !== undefined);
}

/**
 * One page of the organisation's day in the view's order — abnormal, then not reported, then normal;
 * within each by department label (no label last), then citizen id — without reading every member: the
 * kept counts give each group's size (empty groups are not read), and the page's member ids are read
 * first (members only, each probed for the day's report by its key), then those members' identity and
 * report — never the identity of members passed over.
 *
 * With `after` (a cursor: the previous page's last row) the page is a **keyset** read: each group is
 * walked from the cursor along the partial index (org, department, citizen id) of active members, so a
 * page deep into a group reads about a page of members, not everything before it. With `offset` it
 * skips that many (still supported; it reads up to the offset). Answers the rows and the cursor of the
 * next page (none at the end).
 */
export async function dayPageOfOrg(
  db: DbOrTx,
  orgId: string,
  day: string,
  page: { limit: number; offset?: number; after?: DayCursor },
  sizes: { abnormal: number; missing: number; normal: number },
  filter: MemberFilter = {},
): Promise<{ rows: DayRow[]; next: DayCursor | null }> {
  const groupSizes = [sizes.abnormal, sizes.missing, sizes.normal];
  const base = (g: DayGroup) => and(eq(checkinMembers.orgId, orgId), eq(checkinMembers.status, 'active'), memberFilterWhere(filter), groupWhere(day, g));
  const picked: { citizenId: string; department: string | null; group: DayGroup }[] = [];
  const idColumns = { citizenId: checkinMembers.citizenId, department: checkinMembers.department };
  if (page.after === undefined) {
    // Offset paging: at most three reads (a group's slice each).
    const offset = page.offset ?? 0;
    let start = 0;
    for (const g of [0, 1, 2] as const) {
      const from = Math.max(0, offset - start);
      const to = Math.min(groupSizes[g], offset + page.limit + 1 - start);
      start += groupSizes[g];
      if (to <= from) continue;
      const ids = await db
        .select(idColumns)
        .from(checkinMembers)
        .where(base(g))
        .orderBy(asc(checkinMembers.department), asc(checkinMembers.citizenId))
        .offset(from)
        .limit(to - from);
      picked.push(...ids.map((r) => ({ ...r, group: g })));
    }
  } else {
    // Keyset paging: from the cursor's group on, each group walked in index order after the cursor.
    const cursor = page.after;
    for (const g of [0, 1, 2] as const) {
      const wanted = page.limit + 1 - picked.length;
      if (wanted <= 0) break;
      if (g < cursor.group || groupSizes[g] === 0) continue;
      const inCursorGroup = g === cursor.group;
      // Members with a department label, after the cursor (row comparison: an index range), then those without.
      if (!inCursorGroup || cursor.department !== null) {
        const labelled = await db
          .select(idColumns)
          .from(checkinMembers)
          .where(
            and(
              base(g),
              sql`${checkinMembers.department} is not null`,
              inCursorGroup ? sql`(${checkinMembers.department}, ${checkinMembers.citizenId}) > (${cursor.department}, ${cursor.citizenId}::uuid)` : undefined,
            ),
          )
          .orderBy(asc(checkinMembers.department), asc(checkinMembers.citizenId))
          .limit(wanted);
        picked.push(...labelled.map((r) => ({ ...r, group: g })));
      }
      const rest = page.limit + 1 - picked.length;
      if (rest <= 0) break;
      const unlabelled = await db
        .select(idColumns)
        .from(checkinMembers)
        .where(
          and(
            base(g),
            sql`${checkinMembers.department} is null`,
            inCursorGroup && cursor.department === null ? sql`${checkinMembers.citizenId} > ${cursor.citizenId}::uuid` : undefined,
          ),
        )
        .orderBy(asc(checkinMembers.citizenId))
        .limit(rest);
      picked.push(...unlabelled.map((r) => ({ ...r, group: g })));
    }
  }
  const shown = picked.slice(0, page.limit);
  const last = shown[shown.length - 1];
  const position = (page.after?.position ?? page.offset ?? 0) + shown.length;
  const next = picked.length > page.limit && last ? { group: last.group, department: last.department, citizenId: last.citizenId, position } : null;
  return { rows: await dayRowsOf(db, orgId, day, shown.map((r) => r.citizenId)), next };
}

/**
 * Moves the next chunk (at most `limit`, in citizen-id order after `after`) of the active members
 * matching a filter to a node (null: no node) — one bounded statement; answers the ids moved, sorted.
 */
export async function moveMatchingChunk(tx: DbOrTx, orgId: string, filter: MemberFilter, to: { id: string; name: string } | null, after: string | null, limit: number): Promise<string[]> {
  const chosen = tx
    .select({ citizenId: checkinMembers.citizenId })
    .from(checkinMembers)
    .where(and(eq(checkinMembers.orgId, orgId), eq(checkinMembers.status, 'active'), memberFilterWhere(filter), after ? sql`${checkinMembers.citizenId} > ${after}::uuid` : undefined))
    .orderBy(asc(checkinMembers.citizenId))
    .limit(limit);
  const rows = await tx
    .update(checkinMembers)
    .set({ departmentId: to?.id ?? null, department: to?.name ?? null })
    .where(and(eq(checkinMembers.orgId, orgId), inArray(checkinMembers.citizenId, chosen)))
    .returning({ citizenId: checkinMembers.citizenId });
  return rows.map((r) => r.citizenId).sort();
}

/**
 * The not-yet-reported list, one page in citizen-id order after a cursor: active members without a
 * report on the day, with their (encrypted) identity — a keyset walk of the organisation's members by
 * primary key, each probed for the day's report, stopping at the page's end; and how many there are in
 * all, from the kept counts (members − reported), not by counting the anti-join.
 */
export async function missingMembersOf(db: DbOrTx, orgId: string, day: string, page: { limit: number; after?: string }) {
  const missing = and(
    eq(checkinMembers.orgId, orgId),
    eq(checkinMembers.status, 'active'),
    sql`not exists (select 1 from ${checkinReports} where ${checkinReports.citizenId} = ${checkinMembers.citizenId} and ${checkinReports.day} = ${day})`,
  );
  const [rows, counts] = await Promise.all([
    db
      .select({ citizenId: checkinMembers.citizenId, department: checkinMembers.department, departmentId: checkinMembers.departmentId, nameCipher: citizens.nameCipher, phoneCipher: citizens.phoneCipher })
      .from(checkinMembers)
      .innerJoin(citizens, eq(citizens.id, checkinMembers.citizenId))
      .where(and(missing, page.after ? sql`${checkinMembers.citizenId} > ${page.after}::uuid` : undefined))
      .orderBy(asc(checkinMembers.citizenId))
      .limit(page.limit),
    countsOfOrgDay(db, orgId, day),
  ]);
  return { rows, total: counts.reduce((n, l) => n + l.members - l.reported, 0) };
}

/** Active members of an organisation who have no report on the day (the reminder list). */
export async function missingMemberIds(db: DbOrTx, orgId: string, day: string): Promise<string[]> {
  const rows = await db
    .select({ citizenId: checkinMembers.citizenId })
    .from(checkinMembers)
    .leftJoin(checkinReports, and(eq(checkinReports.citizenId, checkinMembers.citizenId), eq(checkinReports.day, day)))
    .where(and(eq(checkinMembers.orgId, orgId), eq(checkinMembers.status, 'active'), sql`${checkinReports.citizenId} is null`));
  return rows.map((r) => r.citizenId);
}

/** Every active member of an approved organisation without a report on the day, with the organisation (one statement). */
export async function missingAcrossOrgs(db: DbOrTx, day: string, orgIds?: string[]): Promise<{ orgId: string; orgName: string; citizenId: string }[]> {
  if (orgIds && orgIds.length === 0) return [];
  return db
    .select({ orgId: checkinOrgs.id, orgName: checkinOrgs.name, citizenId: checkinMembers.citizenId })
    .from(checkinMembers)
    .innerJoin(checkinOrgs, and(eq(checkinOrgs.id, checkinMembers.orgId), eq(checkinOrgs.status, 'approved')))
    .leftJoin(checkinReports, and(eq(checkinReports.citizenId, checkinMembers.citizenId), eq(checkinReports.day, day)))
    .where(and(eq(checkinMembers.status, 'active'), sql`${checkinReports.citizenId} is null`, orgIds ? inArray(checkinMembers.orgId, orgIds) : undefined))
    .orderBy(asc(checkinMembers.orgId), asc(checkinMembers.citizenId));
}

/** Organisations with an active membership of the citizen (those who see the report). */
export async function sharingOrgIds(db: DbOrTx, citizenId: string): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: checkinOrgs.id, name: checkinOrgs.name })
    .from(checkinMembers)
    .innerJoin(checkinOrgs, eq(checkinOrgs.id, checkinMembers.orgId))
    .where(and(eq(checkinMembers.citizenId, citizenId), eq(checkinMembers.status, 'active'), eq(checkinOrgs.status, 'approved')));
}

/**
 * The city view of one day, set-based: per approved organisation in the scope, its active members,
 * how many reported and how many were abnormal (one grouped statement).
 */
export async function summaryByOrg(db: DbOrTx, scopePrefix: string, day: string) {
  const rows = await db
    .select({
      orgId: checkinOrgs.id,
      name: checkinOrgs.name,
      type: checkinOrgs.type,
      divisionCode: checkinOrgs.divisionCode,
      members: sql<number>`count(${checkinMembers.citizenId})::int`,
      reported: sql<number>`count(${checkinReports.citizenId})::int`,
      abnormal: sql<number>`count(*) filter (where ${checkinReports.abnormal})::int`,
    })
    .from(checkinOrgs)
    .leftJoin(checkinMembers, and(eq(checkinMembers.orgId, checkinOrgs.id), eq(checkinMembers.status, 'active')))
    .leftJoin(checkinReports, and(eq(checkinReports.citizenId, checkinMembers.citizenId), eq(checkinReports.day, day)))
    .where(and(eq(checkinOrgs.status, 'approved'), like(checkinOrgs.divisionCode, `${scopePrefix}%`)))
    .groupBy(checkinOrgs.id, checkinOrgs.name, checkinOrgs.type, checkinOrgs.divisionCode)
    .orderBy(asc(checkinOrgs.divisionCode), asc(checkinOrgs.name));
  return rows.map((r) => ({ ...r, members: Number(r.members), reported: Number(r.reported), abnormal: Number(r.abnormal) }));
}

/**
 * Per day from `from` to `to`: how many people were members that day (their membership periods cover
 * it), how many of them reported and how many were abnormal — one statement over a day series.
 */
export async function trendOfOrg(db: DbOrTx, orgId: string, from: string, to: string): Promise<{ day: string; members: number; reported: number; abnormal: number }[]> {
  const rows = await rowsOf<{ day: string; members: number; reported: number; abnormal: number }>(db, sql`
    select d.day::date::text as day,
           count(p.citizen_id)::int as members,
           count(r.citizen_id)::int as reported,
           (count(*) filter (where r.abnormal))::int as abnormal
      from generate_series(${from}::date, ${to}::date, interval '1 day') as d(day)
      left join ${checkinMemberPeriods} p
        on p.org_id = ${orgId} and p.from_day <= d.day::date and (p.to_day is null or p.to_day >= d.day::date)
      left join ${checkinReports} r on r.citizen_id = p.citizen_id and r.day = d.day::date
     group by d.day order by d.day`);
  return rows.map((r) => ({ day: r.day, members: Number(r.members), reported: Number(r.reported), abnormal: Number(r.abnormal) }));
}

/** Opens a membership period from `day` (joining, accepting); reopens one that started the same day. */
export async function openPeriods(tx: DbOrTx, orgId: string, citizenIds: string[], day: string): Promise<void> {
  if (citizenIds.length === 0) return;
  await tx
    .insert(checkinMemberPeriods)
    .values(citizenIds.map((citizenId) => ({ orgId, citizenId, fromDay: day, toDay: null })))
    .onConflictDoUpdate({ target: [checkinMemberPeriods.orgId, checkinMemberPeriods.citizenId, checkinMemberPeriods.fromDay], set: { toDay: null } });
}

/** Closes the open membership period on `day` (leaving: the day still counts). */
export async function closePeriod(tx: DbOrTx, orgId: string, citizenId: string, day: string): Promise<void> {
  await tx
    .update(checkinMemberPeriods)
    .set({ toDay: day })
    .where(and(eq(checkinMemberPeriods.orgId, orgId), eq(checkinMemberPeriods.citizenId, citizenId), sql`${checkinMemberPeriods.toDay} is null`));
}

// ——— departments ———

export async function departmentsOf(db: DbOrTx, orgId: string): Promise<DepartmentRow[]> {
  return db.select().from(checkinDepartments).where(eq(checkinDepartments.orgId, orgId)).orderBy(asc(checkinDepartments.path));
}

export async function findDepartment(db: DbOrTx, orgId: string, id: string): Promise<DepartmentRow | undefined> {
  const [row] = await db.select().from(checkinDepartments).where(and(eq(checkinDepartments.orgId, orgId), eq(checkinDepartments.id, id))).limit(1);
  return row;
}

export async function insertDepartment(tx: DbOrTx, values: typeof checkinDepartments.$inferInsert): Promise<DepartmentRow | undefined> {
  const [row] = await tx.insert(checkinDepartments).values(values).onConflictDoNothing().returning();
  return row;
}

/**
 * Serialises changes to one organisation's department tree: locks the organisation's row until the
 * transaction ends, so a move, a delete and an insert under a node never see each other's half.
 */
export async function lockDepartmentTree(tx: DbOrTx, orgId: string): Promise<void> {
  await tx.select({ id: checkinOrgs.id }).from(checkinOrgs).where(eq(checkinOrgs.id, orgId)).for('update');
}

/** Memberships (active or invited) placed directly in each of an organisation's nodes. */
export async function membersPerDepartment(db: DbOrTx, orgId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ departmentId: checkinMembers.departmentId, n: sql<number>`count(*)::int` })
    .from(checkinMembers)
    .where(and(eq(checkinMembers.orgId, orgId), inArray(checkinMembers.status, ['active', 'invited']), sql`${checkinMembers.departmentId} is not null`))
    .groupBy(checkinMembers.departmentId);
  return new Map(rows.map((r) => [r.departmentId!, Number(r.n)]));
}

/** Renames a node; the members placed in it carry the new name as their department label. */
export async function renameDepartment(tx: DbOrTx, orgId: string, id: string, name: string): Promise<void> {
  await tx.update(checkinDepartments).set({ name }).where(and(eq(checkinDepartments.orgId, orgId), eq(checkinDepartments.id, id)));
  await tx.update(checkinMembers).set({ department: name }).where(and(eq(checkinMembers.orgId, orgId), eq(checkinMembers.departmentId, id)));
}

/** Moves a node under a new parent (null: the root): its parent and the paths of its whole subtree in one statement. */
export async function moveDepartment(tx: DbOrTx, orgId: string, node: DepartmentRow, parentId: string | null, newPath: string): Promise<void> {
  await tx
    .update(checkinDepartments)
    .set({
      path: sql`${newPath} || substr(${checkinDepartments.path}, ${node.path.length + 1})`,
      parentId: sql`case when ${checkinDepartments.id} = ${node.id} then ${parentId}::uuid else ${checkinDepartments.parentId} end`,
    })
    .where(and(eq(checkinDepartments.orgId, orgId), sql`(${checkinDepartments.id} = ${node.id} or ${checkinDepartments.path} like ${`${node.path}/%`})`));
}

/**
 * Deletes an empty node: refused (false) while it has sub-departments or active / invited members.
 * Former members' rows that still point at it are cleared (their label stays).
 */
export async function deleteEmptyDepartment(tx: DbOrTx, orgId: string, id: string): Promise<{ deleted: boolean; members: number; children: number }> {
  const [counts] = await rowsOf<{ members: number; children: number }>(
    tx,
    sql`select (select count(*)::int from ${checkinMembers} where org_id = ${orgId} and department_id = ${id} and status in ('active', 'invited')) as members,
               (select count(*)::int from ${checkinDepartments} where org_id = ${orgId} and parent_id = ${id}) as children`,
  );
  const members = Number(counts.members);
  const children = Number(counts.children);
  if (members > 0 || children > 0) return { deleted: false, members, children };
  await tx.update(checkinMembers).set({ departmentId: null }).where(and(eq(checkinMembers.orgId, orgId), eq(checkinMembers.departmentId, id)));
  await tx.delete(checkinDepartments).where(and(eq(checkinDepartments.orgId, orgId), eq(checkinDepartments.id, id)));
  return { deleted: true, members: 0, children: 0 };
}

/**
 * Places memberships (active or invited) in a node (null: no node) — the chosen members, or every one
 * placed in `fromDepartmentId` — in one statement; answers the citizen ids moved.
 */
export async function moveMembers(tx: DbOrTx, orgId: string, which: { citizenIds: string[] } | { fromDepartmentId: string }, to: { id: string; name: string } | null): Promise<string[]> {
  const rows = await tx
    .update(checkinMembers)
    .set({ departmentId: to?.id ?? null, department: to?.name ?? null })
    .where(
      and(
        eq(checkinMembers.orgId, orgId),
        inArray(checkinMembers.status, ['active', 'invited']),
        'citizenIds' in which ? inArray(checkinMembers.citizenId, which.citizenIds) : eq(checkinMembers.departmentId, which.fromDepartmentId),
      ),
    )
    .returning({ citizenId: checkinMembers.citizenId });
  return rows.map((r) => r.citizenId);
}

/** Sets a member's department node and/or role. */
export async function updateMember(tx: DbOrTx, orgId: string, citizenId: string, set: { departmentId?: string | null; department?: string | null; role?: string }): Promise<void> {
  await tx.update(checkinMembers).set(set).where(and(eq(checkinMembers.orgId, orgId), eq(checkinMembers.citizenId, citizenId)));
}

/** Reports of an organisation's active members since `from` (streak lists): one statement. */
export async function reportsOfMembersSince(db: DbOrTx, orgId: string, from: string): Promise<{ citizenId: string; day: string; abnormal: boolean }[]> {
  return db
    .select({ citizenId: checkinReports.citizenId, day: checkinReports.day, abnormal: checkinReports.abnormal })
    .from(checkinMembers)
    .innerJoin(checkinReports, and(eq(checkinReports.citizenId, checkinMembers.citizenId), gte(checkinReports.day, from)))
    .where(and(eq(checkinMembers.orgId, orgId), eq(checkinMembers.status, 'active')));
}

/** Active members with their masked-to-be identity (streak lists). */
export async function activeMembersOf(db: DbOrTx, orgId: string) {
  return db
    .select({ citizenId: checkinMembers.citizenId, role: checkinMembers.role, departmentId: checkinMembers.departmentId, department: checkinMembers.department, nameCipher: citizens.nameCipher, phoneCipher: citizens.phoneCipher })
    .from(checkinMembers)
    .innerJoin(citizens, eq(citizens.id, checkinMembers.citizenId))
    .where(and(eq(checkinMembers.orgId, orgId), eq(checkinMembers.status, 'active')));
}

/** Reports of some people since a day (the health-code fact source, a batch): one statement. */
export async function reportsOfPeopleSince(db: DbOrTx, citizenIds: readonly string[], from: string): Promise<{ citizenId: string; day: string; temperature: number; symptoms: string[]; abnormal: boolean; abnormalReasons: string[] }[]> {
  if (citizenIds.length === 0) return [];
  return db
    .select({
      citizenId: checkinReports.citizenId,
      day: checkinReports.day,
      temperature: checkinReports.temperature,
      symptoms: checkinReports.symptoms,
      abnormal: checkinReports.abnormal,
      abnormalReasons: checkinReports.abnormalReasons,
    })
    .from(checkinReports)
    .where(and(inArray(checkinReports.citizenId, [...citizenIds]), gte(checkinReports.day, from)))
    .orderBy(asc(checkinReports.citizenId), asc(checkinReports.day));
}

/** Approved organisations with their window settings (the scheduled reminder picks the due ones). */
export async function approvedOrgWindows(db: DbOrTx) {
  return db
    .select({ id: checkinOrgs.id, name: checkinOrgs.name, windowStart: checkinOrgs.windowStart, deadline: checkinOrgs.deadline, remindBeforeMinutes: checkinOrgs.remindBeforeMinutes })
    .from(checkinOrgs)
    .where(eq(checkinOrgs.status, 'approved'));
}

/** Sets an organisation's window, deadline, reminder lead and extra fields. */
export async function updateOrgSettings(tx: DbOrTx, orgId: string, set: { windowStart: string; deadline: string; remindBeforeMinutes: number; extraFields: unknown[] }): Promise<OrgRow> {
  const [row] = await tx.update(checkinOrgs).set(set).where(eq(checkinOrgs.id, orgId)).returning();
  return row;
}

/** The extra fields of the organisations a citizen shares with (the daily form). */
export async function formsOf(db: DbOrTx, citizenId: string): Promise<{ id: string; name: string; deadline: string; extraFields: unknown[] }[]> {
  return db
    .select({ id: checkinOrgs.id, name: checkinOrgs.name, deadline: checkinOrgs.deadline, extraFields: checkinOrgs.extraFields })
    .from(checkinMembers)
    .innerJoin(checkinOrgs, eq(checkinOrgs.id, checkinMembers.orgId))
    .where(and(eq(checkinMembers.citizenId, citizenId), eq(checkinMembers.status, 'active'), eq(checkinOrgs.status, 'approved')));
}

export async function countActiveMembers(db: DbOrTx, orgId: string): Promise<number> {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(checkinMembers)
    .where(and(eq(checkinMembers.orgId, orgId), eq(checkinMembers.status, 'active')));
  return Number(n);
}
