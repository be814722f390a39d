import { and, asc, desc, eq, gt, isNotNull, isNull, like, lte, ne, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { divisionPrefix } from '@fangxian/contracts/kernel';
import { tableRows, type RowKind } from '../../platform/db/group-commit.ts';
import { rows as rawRows, type DbOrTx } from '../../platform/db/database.ts';
import { arrayLiteral, bulkInsert } from '../../platform/db/bulk-insert.ts';
import { citizens } from '../../platform/identity/identity.tables.ts';
import { settings } from '../../platform/db/platform.tables.ts';
import { approvals } from '../../platform/approvals/approvals.tables.ts';
import { allSigningKeys } from '../../platform/crypto/signing-keys.ts';
import {
  hcCodeTokens,
  hcCorrections,
  hcDeclarations,
  hcFactExclusions,
  hcOverrides,
  hcRecomputeTargets,
  hcRecordedFacts,
  hcRuleSets,
  hcSigningKeys,
  hcTokenUses,
  hcTrustedIssuers,
  healthCodeEvents,
  healthCodes,
} from './health-code.tables.ts';
import type { Hold, Reason } from './health-code.types.ts';

export type CodeRow = typeof healthCodes.$inferSelect;
export type RuleSetRow = typeof hcRuleSets.$inferSelect;
export type OverrideRow = typeof hcOverrides.$inferSelect;
export type CorrectionRow = typeof hcCorrections.$inferSelect;
export type DeclarationRow = typeof hcDeclarations.$inferSelect;
export type EventRow = typeof healthCodeEvents.$inferSelect;
export type TrustedIssuerRow = typeof hcTrustedIssuers.$inferSelect;
export type SigningKeyRow = typeof hcSigningKeys.$inferSelect;

/** The fields of a citizen the health code needs (ciphertexts for the masked identity). */
export interface PersonRow {
  id: string;
  nameCipher: string | null;
  documentType: string | null;
  documentNumberCipher: string | null;
  documentIndex: string | null;
  householdDivision: string | null;
  realNameAt: Date | null;
}

const personColumns = {
  id: citizens.id,
  nameCipher: citizens.nameCipher,
  documentType: citizens.documentType,
  documentNumberCipher: citizens.documentNumberCipher,
  documentIndex: citizens.documentIndex,
  householdDivision: citizens.householdDivision,
  realNameAt: citizens.realNameAt,
};

function inRegion(column: typeof healthCodes.regionCode | typeof hcOverrides.regionCode | typeof hcCorrections.regionCode, scope: string) {
  const prefix = divisionPrefix(scope);
  return prefix ? like(column, `${prefix}%`) : undefined;
}

// ---- people ----

/** A citizen by id. */
export async function findPerson(db: DbOrTx, citizenId: string): Promise<PersonRow | null> {
  const [row] = await db.select(personColumns).from(citizens).where(eq(citizens.id, citizenId));
  return row ?? null;
}

/** A registered citizen by document type and blind index. */
export async function findPersonByDocument(db: DbOrTx, documentType: string, documentIndex: string): Promise<PersonRow | null> {
  const [row] = await db.select(personColumns).from(citizens).where(and(eq(citizens.documentType, documentType), eq(citizens.documentIndex, documentIndex)));
  return row ?? null;
}

/** Citizens registered with this document blind index (any document type). */
export async function findCitizenIdsByDocumentIndex(db: DbOrTx, documentIndex: string): Promise<string[]> {
  const rows = await db.select({ id: citizens.id }).from(citizens).where(eq(citizens.documentIndex, documentIndex));
  return rows.map((r) => r.id);
}

// ---- code state and events ----

/** A citizen and their stored code in one query (the hot path of venue doors and verification). */
export async function findPersonWithCode(db: DbOrTx, citizenId: string): Promise<{ person: PersonRow; code: CodeRow | null } | null> {
  const [row] = await db.select({ person: personColumns, code: healthCodes }).from(citizens).leftJoin(healthCodes, eq(healthCodes.citizenId, citizens.id)).where(eq(citizens.id, citizenId));
  return row ? { person: row.person, code: row.code ?? null } : null;
}

/** The stored code of a citizen, optionally locked for recomputation. */
export async function findCode(db: DbOrTx, citizenId: string, lock = false): Promise<CodeRow | null> {
  const q = db.select().from(healthCodes).where(eq(healthCodes.citizenId, citizenId));
  const [row] = lock ? await q.for('update') : await q;
  return row ?? null;
}

/** Inserts or replaces a citizen's code state. */
export async function saveCode(db: DbOrTx, values: typeof healthCodes.$inferInsert): Promise<CodeRow> {
  const [row] = await db
    .insert(healthCodes)
    .values(values)
    .onConflictDoUpdate({ target: healthCodes.citizenId, set: { ...values, updatedAt: sql`now()` } })
    .returning();
  return row;
}

/** Appends an immutable colour-change event. */
export async function insertEvent(db: DbOrTx, values: typeof healthCodeEvents.$inferInsert): Promise<void> {
  await db.insert(healthCodeEvents).values(values);
}

/** A citizen's colour history, newest first. */
export async function findEvents(db: DbOrTx, citizenId: string, limit: number): Promise<EventRow[]> {
  return db.select().from(healthCodeEvents).where(eq(healthCodeEvents.citizenId, citizenId)).orderBy(desc(healthCodeEvents.id)).limit(limit);
}

/** Codes still holding their reasons in clear (written before reasons_cipher), by citizen id. */
export async function findLegacyCodeReasons(db: DbOrTx, after: string | null, limit: number): Promise<{ citizenId: string; reasons: Reason[]; holds: Hold[] | null }[]> {
  const found = await db
    .select({ citizenId: healthCodes.citizenId, reasons: healthCodes.legacyReasons, holds: healthCodes.legacyHolds })
    .from(healthCodes)
    .where(and(isNotNull(healthCodes.legacyReasons), after ? gt(healthCodes.citizenId, after) : undefined))
    .orderBy(asc(healthCodes.citizenId))
    .limit(limit);
  return found.map((r) => ({ citizenId: r.citizenId, reasons: r.reasons ?? [], holds: r.holds }));
}

/** Stores sealed reasons and holds of codes that still have clear ones, and clears those; returns how many. */
export async function sealLegacyCodeReasons(db: DbOrTx, sealed: { citizenId: string; reasonsCipher: string; holdsCipher: string }[]): Promise<number> {
  if (sealed.length === 0) return 0;
  const values = sql.join(
    sealed.map((r) => sql`(${r.citizenId}::uuid, ${r.reasonsCipher}::text, ${r.holdsCipher}::text)`),
    sql`, `,
  );
  const updated = await rawRows<{ citizen_id: string }>(
    db,
    sql`update health_codes as c set reasons_cipher = v.reasons_cipher, holds_cipher = v.holds_cipher, reasons = null, holds = null
        from (values ${values}) as v(citizen_id, reasons_cipher, holds_cipher)
        where c.citizen_id = v.citizen_id and c.reasons is not null
        returning c.citizen_id`,
  );
  return updated.length;
}

/** Events still holding their reasons in clear (written before reasons_cipher), by id. */
export async function findLegacyEventReasons(db: DbOrTx, after: number | null, limit: number): Promise<{ id: number; reasons: Reason[] }[]> {
  const found = await db
    .select({ id: healthCodeEvents.id, reasons: healthCodeEvents.legacyReasons })
    .from(healthCodeEvents)
    .where(and(isNotNull(healthCodeEvents.legacyReasons), after !== null ? gt(healthCodeEvents.id, after) : undefined))
    .orderBy(asc(healthCodeEvents.id))
    .limit(limit);
  return found.map((r) => ({ id: Number(r.id), reasons: r.reasons ?? [] }));
}

/** Stores sealed reasons of events that still have clear ones, and clears those; returns how many. */
export async function sealLegacyEventReasons(db: DbOrTx, sealed: { id: number; reasonsCipher: string }[]): Promise<number> {
  if (sealed.length === 0) return 0;
  const values = sql.join(
    sealed.map((r) => sql`(${r.id}::bigint, ${r.reasonsCipher}::text)`),
    sql`, `,
  );
  const updated = await rawRows<{ id: string }>(
    db,
    sql`update health_code_events as e set reasons_cipher = v.reasons_cipher, reasons = null
        from (values ${values}) as v(id, reasons_cipher)
        where e.id = v.id and e.reasons is not null
        returning e.id`,
  );
  return updated.length;
}

/**
 * Citizens whose codes are due for a timed recomputation — except those a recompute job still holds
 * (hc_recompute_targets, by hc_recompute_targets_citizen_idx): the job recomputes them, in order.
 */
export async function findDueCodes(db: DbOrTx, now: Date, limit: number, except: readonly string[] = []): Promise<string[]> {
  const rows = await db
    .select({ id: healthCodes.citizenId })
    .from(healthCodes)
    .where(
      and(
        lte(healthCodes.nextCheckAt, now),
        except.length > 0 ? sql`${healthCodes.citizenId} <> all(${arrayLiteral(except)}::uuid[])` : undefined,
        sql`not exists (select 1 from ${hcRecomputeTargets} where ${hcRecomputeTargets.citizenId} = ${healthCodes.citizenId})`,
      ),
    )
    .orderBy(asc(healthCodes.nextCheckAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Moves a code's next check later (after a failed recomputation). */
export async function postponeCheck(db: DbOrTx, citizenId: string, at: Date): Promise<void> {
  await db.update(healthCodes).set({ nextCheckAt: at }).where(eq(healthCodes.citizenId, citizenId));
}

/** Moves many codes' next check later (after they failed to recompute): one array parameter. */
export async function postponeChecks(db: DbOrTx, citizenIds: readonly string[], at: Date): Promise<void> {
  if (citizenIds.length === 0) return;
  await db.update(healthCodes).set({ nextCheckAt: at }).where(sql`${healthCodes.citizenId} = any(${arrayLiteral(citizenIds)}::uuid[])`);
}

/** How many codes were computed under another rule-set version than `version` (a rule set's recomputation job). */
export async function countCodesNotUnder(db: DbOrTx, version: number): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(healthCodes).where(ne(healthCodes.ruleSetVersion, version));
  return Number(row.n);
}

/** The next `limit` citizens after `after` (id order, by health_codes' primary key) whose code was computed under another version than `version`. */
export async function nextCodesNotUnder(db: DbOrTx, version: number, after: string | null, limit: number): Promise<string[]> {
  const found = await db
    .select({ id: healthCodes.citizenId })
    .from(healthCodes)
    .where(and(ne(healthCodes.ruleSetVersion, version), after ? gt(healthCodes.citizenId, after) : undefined))
    .orderBy(asc(healthCodes.citizenId))
    .limit(limit);
  return found.map((r) => r.id);
}

/**
 * Marks due now the codes of the citizens a query selects (one uuid column), with one set-based
 * statement whose size does not depend on how many it marks; answers how many were marked and the
 * ids of up to `sample` of them (those the caller recomputes at once; the sweep takes the rest). A due
 * mark does not fire the change feed (migration 0049): this statement announces the codes it marks
 * (a person-registry change marks a document's few holders; nothing else announces them).
 */
export async function markDueWhere(db: DbOrTx, affected: SQL, sample: number): Promise<{ marked: number; first: string[] }> {
  const found = await rawRows<{ id: string; n: number }>(
    db,
    sql`with affected as (${affected}),
        marked as (
          update health_codes as c set next_check_at = now()
            from (select distinct citizen_id from affected as a(citizen_id)) as a
           where c.citizen_id = a.citizen_id
          returning c.citizen_id, pg_notify('fx_citizen', c.citizen_id::text) as announced
        )
        select citizen_id as id, (count(*) over ())::int as n from marked limit ${sample}`,
  );
  return { marked: found.length > 0 ? Number(found[0].n) : 0, first: found.map((r) => r.id) };
}

/**
 * Collects the people of a recomputation job: the citizens with a stored code that a query selects
 * (one uuid column), with one set-based statement whose size does not depend on how many; a retried
 * job collects afresh. Answers how many.
 */
export async function collectRecomputeTargets(db: DbOrTx, jobId: string, affected: SQL): Promise<number> {
  await db.delete(hcRecomputeTargets).where(eq(hcRecomputeTargets.jobId, jobId));
  const [row] = await rawRows<{ n: number }>(
    db,
    // Distinct first (the sources repeat people: 2.8 M rows for 0.45 M at 1 M people), then only those
    // with a stored code, inserted in citizen-id order (the walk's order: the targets' indexes grow at
    // their right edge instead of taking random inserts).
    sql`with affected as (${affected}),
        added as (
          insert into hc_recompute_targets (job_id, citizen_id)
          select ${jobId}::uuid, d.citizen_id
            from (select distinct a.citizen_id from affected as a(citizen_id)) as d
           where exists (select 1 from health_codes as c where c.citizen_id = d.citizen_id)
           order by d.citizen_id
          returning 1
        )
        select count(*)::int as n from added`,
  );
  return Number(row?.n ?? 0);
}

/** The next `limit` people of a recomputation job after `after` (citizen-id order). */
export async function nextRecomputeTargets(db: DbOrTx, jobId: string, after: string | null, limit: number): Promise<string[]> {
  const found = await db
    .select({ id: hcRecomputeTargets.citizenId })
    .from(hcRecomputeTargets)
    .where(and(eq(hcRecomputeTargets.jobId, jobId), after ? gt(hcRecomputeTargets.citizenId, after) : undefined))
    .orderBy(asc(hcRecomputeTargets.citizenId))
    .limit(limit);
  return found.map((r) => r.id);
}

/** Forgets a finished recomputation job's people. */
export async function dropRecomputeTargets(db: DbOrTx, jobId: string): Promise<void> {
  await db.delete(hcRecomputeTargets).where(eq(hcRecomputeTargets.jobId, jobId));
}

/**
 * Marks the codes of some citizens due now (one array parameter): the sweep looks at them again. A due
 * mark does not fire health_codes' change feed (migration 0049), so the statement announces the few
 * codes it marks itself: a door code held in memory must not outlive the mark.
 */
export async function markDue(db: DbOrTx, citizenIds: readonly string[]): Promise<void> {
  if (citizenIds.length === 0) return;
  await rawRows(
    db,
    sql`update health_codes set next_check_at = now() where citizen_id = any(${arrayLiteral(citizenIds)}::uuid[])
        returning pg_notify('fx_citizen', citizen_id::text) as announced`,
  );
}

/**
 * `column` lies under a GB/T 2260 prefix (510603, 5106, 51) as a range, not LIKE: a btree index
 * serves a range in any collation, LIKE 'x%' only under the C collation or text_pattern_ops. Codes
 * are digits, so the prefix's numeric successor of the same length is the exclusive upper bound.
 */
export function underPrefix(column: SQL | AnyColumn, prefix: string): SQL {
  if (prefix === '') return sql`true`;
  if (!/^\d+$/.test(prefix)) throw new Error(`not a division prefix: ${prefix}`);
  const next = (BigInt(prefix) + 1n).toString().padStart(prefix.length, '0');
  return next.length > prefix.length ? sql`${column} >= ${prefix}` : sql`(${column} >= ${prefix} and ${column} < ${next})`;
}

/**
 * A query of the citizens a risk area under `prefixes` may touch through the health code's own data:
 * a stored code in the region, a household (registered) division in it, or a declaration since
 * `sinceDay` whose residence or trip legs are in it. Each part is served by an index (codes and
 * citizens by region, declarations by residence, trip declarations by day — a partial index over
 * the declarations that have legs at all); venue scans and other visits come from the fact sources.
 */
export function citizensTouchingSql(prefixes: string[], sinceDay: string): SQL {
  const any = (column: SQL | AnyColumn) => sql.join(prefixes.map((p) => underPrefix(column, p)), sql` or `);
  const legs = sql.join(prefixes.map((p) => sql`leg->>'divisionCode' like ${`${p}%`}`), sql` or `);
  return sql`select ${healthCodes.citizenId} from ${healthCodes} where ${any(healthCodes.regionCode)}
    union all select ${citizens.id} from ${citizens} where ${any(citizens.householdDivision)}
    union all select ${hcDeclarations.citizenId} from ${hcDeclarations}
      where (${any(hcDeclarations.residenceDivision)}) and ${hcDeclarations.declaredOn} >= ${sinceDay}
    union all select ${hcDeclarations.citizenId} from ${hcDeclarations}
      where ${hcDeclarations.trips} <> '[]'::jsonb and ${hcDeclarations.declaredOn} >= ${sinceDay}
        and exists (select 1 from jsonb_array_elements(${hcDeclarations.trips}) as leg where ${legs})`;
}

/** A query of the citizens registered with a document blind index. */
export function citizensByDocumentIndexSql(documentIndex: string): SQL {
  return sql`select ${citizens.id} from ${citizens} where ${citizens.documentIndex} = ${documentIndex}`;
}

// ---- batches (one array parameter of ids per query, whatever the batch size) ----

/** Citizens by id. */
export async function findPersons(db: DbOrTx, citizenIds: readonly string[]): Promise<PersonRow[]> {
  if (citizenIds.length === 0) return [];
  return db.select(personColumns).from(citizens).where(sql`${citizens.id} = any(${arrayLiteral(citizenIds)}::uuid[])`);
}

/** Stored codes by citizen id, optionally locked (in id order, so concurrent batches do not deadlock). */
export async function findCodes(db: DbOrTx, citizenIds: readonly string[], lock = false): Promise<CodeRow[]> {
  if (citizenIds.length === 0) return [];
  const q = db.select().from(healthCodes).where(sql`${healthCodes.citizenId} = any(${arrayLiteral(citizenIds)}::uuid[])`).orderBy(asc(healthCodes.citizenId));
  return lock ? q.for('update') : q;
}

/** The approved override in force now of each of the citizens (the latest approved wins), by citizen id. */
export async function findOverridesInForce(db: DbOrTx, citizenIds: readonly string[], now: Date): Promise<Map<string, OverrideRow>> {
  const out = new Map<string, OverrideRow>();
  if (citizenIds.length === 0) return out;
  const found = await db
    .select()
    .from(hcOverrides)
    .where(and(sql`${hcOverrides.citizenId} = any(${arrayLiteral(citizenIds)}::uuid[])`, eq(hcOverrides.status, 'approved'), gt(hcOverrides.expiresAt, now)))
    .orderBy(asc(hcOverrides.citizenId), desc(hcOverrides.decidedAt));
  for (const row of found) if (!out.has(row.citizenId)) out.set(row.citizenId, row);
  return out;
}

const CODE_UPSERT = sql.raw(`on conflict (citizen_id) do update set colour = excluded.colour, rule_set_version = excluded.rule_set_version, since = excluded.since,
  reason_codes = excluded.reason_codes, reasons_cipher = excluded.reasons_cipher, holds_cipher = excluded.holds_cipher, reasons = excluded.reasons,
  next_change = excluded.next_change, holds = excluded.holds, override_cipher = excluded.override_cipher, pending_confirmation = excluded.pending_confirmation,
  next_check_at = excluded.next_check_at, region_code = excluded.region_code, updated_at = now()`);

/** Inserts or replaces many codes' state with one statement (one array parameter per column). */
export async function saveCodes(db: DbOrTx, values: readonly (typeof healthCodes.$inferInsert)[]): Promise<void> {
  if (values.length === 0) return;
  await bulkInsert(db, healthCodes, values, CODE_UPSERT);
}

/**
 * Records that codes were recomputed and found unchanged: only their next check, rule-set version and
 * update time are written (two array parameters, whatever their number).
 */
export async function touchCodes(db: DbOrTx, rows: readonly { citizenId: string; nextCheckAt: Date | null }[], version: number): Promise<void> {
  if (rows.length === 0) return;
  await rawRows(
    db,
    sql`update health_codes as c set next_check_at = v.next_check_at, rule_set_version = ${version}, updated_at = now()
          from unnest(${arrayLiteral(rows.map((r) => r.citizenId))}::uuid[], ${arrayLiteral(rows.map((r) => r.nextCheckAt))}::timestamptz[]) as v(citizen_id, next_check_at)
         where c.citizen_id = v.citizen_id`,
  );
}

/** Appends many colour-change events with one statement. */
export async function insertEvents(db: DbOrTx, values: readonly (typeof healthCodeEvents.$inferInsert)[]): Promise<void> {
  await bulkInsert(db, healthCodeEvents, values);
}

/** Codes in a region, for staff lists (pending confirmation, by colour). */
export async function findCodesInRegion(db: DbOrTx, scope: string, filter: { pendingConfirmation?: boolean; limit: number }): Promise<CodeRow[]> {
  return db
    .select()
    .from(healthCodes)
    .where(and(inRegion(healthCodes.regionCode, scope), filter.pendingConfirmation ? eq(healthCodes.pendingConfirmation, true) : undefined))
    .orderBy(desc(healthCodes.updatedAt))
    .limit(filter.limit);
}

/** How many citizens have a stored code (the size of a dry run). */
export async function countCodes(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(healthCodes);
  return Number(row.n);
}

/** Every citizen with a stored code, in pages (dry runs, publishing). */
export async function findCodeCitizenIds(db: DbOrTx, after: string | null, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: healthCodes.citizenId })
    .from(healthCodes)
    .where(after ? gt(healthCodes.citizenId, after) : undefined)
    .orderBy(asc(healthCodes.citizenId))
    .limit(limit);
  return rows.map((r) => r.id);
}

// ---- declarations and recorded facts ----

/** Inserts a declaration. */
export async function insertDeclaration(db: DbOrTx, values: typeof hcDeclarations.$inferInsert): Promise<DeclarationRow> {
  const [row] = await db.insert(hcDeclarations).values(values).returning();
  return row;
}

/** A citizen's declarations since a day, newest first. */
export async function findDeclarations(db: DbOrTx, citizenId: string, sinceDay: string): Promise<DeclarationRow[]> {
  return db
    .select()
    .from(hcDeclarations)
    .where(and(eq(hcDeclarations.citizenId, citizenId), sql`${hcDeclarations.declaredOn} >= ${sinceDay}`))
    .orderBy(desc(hcDeclarations.createdAt))
    .limit(200);
}

/** Stores a fact pushed by another module. */
export async function insertRecordedFact(db: DbOrTx, values: typeof hcRecordedFacts.$inferInsert): Promise<void> {
  await db.insert(hcRecordedFacts).values(values);
}

// ---- rule sets ----

/** The active rule set (exactly one after start-up). */
export async function findActiveRuleSet(db: DbOrTx): Promise<RuleSetRow | null> {
  const [row] = await db.select().from(hcRuleSets).where(eq(hcRuleSets.status, 'active'));
  return row ?? null;
}

/** All rule sets, newest version first. */
export async function findRuleSets(db: DbOrTx): Promise<RuleSetRow[]> {
  return db.select().from(hcRuleSets).orderBy(desc(hcRuleSets.version)).limit(200);
}

/** One rule set by version, optionally locked. */
export async function findRuleSet(db: DbOrTx, version: number, lock = false): Promise<RuleSetRow | null> {
  const q = db.select().from(hcRuleSets).where(eq(hcRuleSets.version, version));
  const [row] = lock ? await q.for('update') : await q;
  return row ?? null;
}

/** The highest version number in use (0 when none). */
export async function maxRuleSetVersion(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ v: sql<number>`coalesce(max(${hcRuleSets.version}), 0)` }).from(hcRuleSets);
  return Number(row.v);
}

/** Inserts a rule set version. */
export async function insertRuleSet(db: DbOrTx, values: typeof hcRuleSets.$inferInsert): Promise<RuleSetRow> {
  const [row] = await db.insert(hcRuleSets).values(values).returning();
  return row;
}

/** Changes a rule set's status fields. */
export async function updateRuleSet(db: DbOrTx, id: string, values: Partial<typeof hcRuleSets.$inferInsert>): Promise<void> {
  await db.update(hcRuleSets).set(values).where(eq(hcRuleSets.id, id));
}

/** The most recently retired version that was once published, other than `exceptVersion`. */
export async function findPreviousPublished(db: DbOrTx, exceptVersion: number): Promise<RuleSetRow | null> {
  const [row] = await db
    .select()
    .from(hcRuleSets)
    .where(and(eq(hcRuleSets.status, 'retired'), ne(hcRuleSets.version, exceptVersion), sql`${hcRuleSets.publishedAt} is not null`))
    .orderBy(desc(hcRuleSets.retiredAt), desc(hcRuleSets.version))
    .limit(1);
  return row ?? null;
}

// ---- overrides ----

/** The approved override of a citizen that is in force now (the latest approved wins). */
export async function findOverrideInForce(db: DbOrTx, citizenId: string, now: Date): Promise<OverrideRow | null> {
  const [row] = await db
    .select()
    .from(hcOverrides)
    .where(and(eq(hcOverrides.citizenId, citizenId), eq(hcOverrides.status, 'approved'), gt(hcOverrides.expiresAt, now)))
    .orderBy(desc(hcOverrides.decidedAt))
    .limit(1);
  return row ?? null;
}

/** Inserts an override proposal. */
export async function insertOverride(db: DbOrTx, values: typeof hcOverrides.$inferInsert): Promise<OverrideRow> {
  const [row] = await db.insert(hcOverrides).values(values).returning();
  return row;
}

/** One override, locked for a decision. */
export async function findOverrideForUpdate(db: DbOrTx, id: string): Promise<OverrideRow | null> {
  const [row] = await db.select().from(hcOverrides).where(eq(hcOverrides.id, id)).for('update');
  return row ?? null;
}

/** Records an override decision. */
export async function decideOverrideRow(db: DbOrTx, id: string, values: { status: string; decidedBy: string; decisionNote: string | null }): Promise<OverrideRow> {
  const [row] = await db.update(hcOverrides).set({ ...values, decidedAt: sql`now()` }).where(eq(hcOverrides.id, id)).returning();
  return row;
}

/** Revokes an override (its decision fields keep who approved it). */
export async function revokeOverrideRow(db: DbOrTx, id: string, note: string): Promise<OverrideRow> {
  const [row] = await db.update(hcOverrides).set({ status: 'revoked', decisionNote: note }).where(eq(hcOverrides.id, id)).returning();
  return row;
}

/** Overrides in a region, newest first. */
/**
 * What an override is now, as lists show it: a proposal whose approval lapsed undecided is
 * `expired`, an approved override past its own expiry has `ended`.
 */
export type OverrideState = 'proposed' | 'expired' | 'approved' | 'ended' | 'rejected' | 'revoked';

export function overrideState(row: Pick<OverrideRow, 'status' | 'expiresAt'>, approvalExpiresAt: Date | null, now: Date): OverrideState {
  if (row.status === 'proposed') return approvalExpiresAt && approvalExpiresAt.getTime() <= now.getTime() ? 'expired' : 'proposed';
  if (row.status === 'approved') return row.expiresAt.getTime() <= now.getTime() ? 'ended' : 'approved';
  return row.status as OverrideState;
}

/** When a platform approval lapses undecided (null: no such approval). */
export async function approvalExpiry(db: DbOrTx, approvalId: string): Promise<Date | null> {
  const [row] = await db.select({ expiresAt: approvals.expiresAt }).from(approvals).where(eq(approvals.id, approvalId));
  return row?.expiresAt ?? null;
}

/** Overrides in a region, newest first, each with its state now; `state` filters by it (in SQL). */
export async function findOverridesInRegion(
  db: DbOrTx,
  scope: string,
  state: OverrideState | undefined,
  limit: number,
  now: Date,
): Promise<(OverrideRow & { state: OverrideState })[]> {
  const lapsed = lte(approvals.expiresAt, now);
  const past = lte(hcOverrides.expiresAt, now);
  const byState: Record<OverrideState, SQL | undefined> = {
    proposed: and(eq(hcOverrides.status, 'proposed'), sql`not coalesce(${lapsed}, false)`),
    expired: and(eq(hcOverrides.status, 'proposed'), lapsed),
    approved: and(eq(hcOverrides.status, 'approved'), gt(hcOverrides.expiresAt, now)),
    ended: and(eq(hcOverrides.status, 'approved'), past),
    rejected: eq(hcOverrides.status, 'rejected'),
    revoked: eq(hcOverrides.status, 'revoked'),
  };
  const rows = await db
    .select({ row: hcOverrides, approvalExpiresAt: approvals.expiresAt })
    .from(hcOverrides)
    .leftJoin(approvals, eq(approvals.id, hcOverrides.approvalId))
    .where(and(inRegion(hcOverrides.regionCode, scope), state ? byState[state] : undefined))
    .orderBy(desc(hcOverrides.createdAt))
    .limit(limit);
  return rows.map((r) => ({ ...r.row, state: overrideState(r.row, r.approvalExpiresAt, now) }));
}

// ---- corrections ----

/** Inserts a correction request. */
export async function insertCorrection(db: DbOrTx, values: typeof hcCorrections.$inferInsert): Promise<CorrectionRow> {
  const [row] = await db.insert(hcCorrections).values(values).returning();
  return row;
}

/** A pending correction of the same fact, if any. */
export async function findPendingCorrection(db: DbOrTx, citizenId: string, factType: string, factId: string): Promise<CorrectionRow | null> {
  const [row] = await db
    .select()
    .from(hcCorrections)
    .where(and(eq(hcCorrections.citizenId, citizenId), eq(hcCorrections.factType, factType), eq(hcCorrections.factId, factId), eq(hcCorrections.status, 'pending')));
  return row ?? null;
}

/** A citizen's correction requests, newest first. */
export async function findCorrectionsOf(db: DbOrTx, citizenId: string): Promise<CorrectionRow[]> {
  return db.select().from(hcCorrections).where(eq(hcCorrections.citizenId, citizenId)).orderBy(desc(hcCorrections.createdAt)).limit(100);
}

/** Correction requests in a region, oldest pending first. */
export async function findCorrectionsInRegion(db: DbOrTx, scope: string, status: string | undefined, limit: number): Promise<CorrectionRow[]> {
  return db
    .select()
    .from(hcCorrections)
    .where(and(inRegion(hcCorrections.regionCode, scope), status ? eq(hcCorrections.status, status) : undefined))
    .orderBy(asc(hcCorrections.createdAt))
    .limit(limit);
}

/** One correction, locked for a decision. */
export async function findCorrectionForUpdate(db: DbOrTx, id: string): Promise<CorrectionRow | null> {
  const [row] = await db.select().from(hcCorrections).where(eq(hcCorrections.id, id)).for('update');
  return row ?? null;
}

/** Records a correction decision. */
export async function decideCorrectionRow(db: DbOrTx, id: string, values: { status: string; reviewerId: string; reviewNote: string; colourAfter?: string | null }): Promise<CorrectionRow> {
  const [row] = await db.update(hcCorrections).set({ ...values, reviewedAt: sql`now()` }).where(eq(hcCorrections.id, id)).returning();
  return row;
}

/** Sets a fact aside for the rules (accepted correction). */
export async function insertExclusion(db: DbOrTx, values: typeof hcFactExclusions.$inferInsert): Promise<void> {
  await db.insert(hcFactExclusions).values(values).onConflictDoNothing();
}

// ---- keys and tokens ----

/** The current (unretired) signing key of an algorithm. */
/** Every signing key (retired ones still verify tokens issued before). */
export function findSigningKeys(db: DbOrTx): Promise<SigningKeyRow[]> {
  return allSigningKeys(db, hcSigningKeys);
}

/** Records an issued token's code id. */
export async function insertCodeToken(db: DbOrTx, values: typeof hcCodeTokens.$inferInsert): Promise<void> {
  await db.insert(hcCodeTokens).values(values);
}

/** The citizen behind a code id. */
export async function findCodeToken(db: DbOrTx, codeId: string): Promise<{ citizenId: string; expiresAt: Date; tokenDigest: string | null } | null> {
  const [row] = await db
    .select({ citizenId: hcCodeTokens.citizenId, expiresAt: hcCodeTokens.expiresAt, tokenDigest: hcCodeTokens.tokenDigest })
    .from(hcCodeTokens)
    .where(eq(hcCodeTokens.codeId, codeId));
  return row ?? null;
}

/** True when a token was verified before. */
export async function wasTokenUsed(db: DbOrTx, issuer: string, codeId: string): Promise<boolean> {
  const [row] = await db.select({ codeId: hcTokenUses.codeId }).from(hcTokenUses).where(and(eq(hcTokenUses.issuer, issuer), eq(hcTokenUses.codeId, codeId)));
  return Boolean(row);
}

/**
 * Tokens' first uses, as group commit merges them: what replay detection needs (a token shown again
 * after expiry was used while valid); every check is itself recorded as a scan or in the audit log.
 * One insert per batch, each token once, an existing row left as it is.
 */
export const TOKEN_USE_ROWS: RowKind<{ issuer: string; codeId: string; expiresAt: Date }> = tableRows(hcTokenUses, {
  prepare(rows) {
    const distinct = new Map<string, (typeof rows)[number]>();
    for (const r of rows) distinct.set(`${r.issuer}\u0000${r.codeId}`, r);
    // In key order: concurrent batches on a PostgreSQL server then lock shared keys in the same
    // order and wait for each other instead of deadlocking.
    return [...distinct.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, v]) => v);
  },
  suffix: 'on conflict (issuer, code_id) do nothing',
});

/** Deletes token bookkeeping older than `before` (long after expiry; replay answers stay distinct for a day). */
export async function purgeTokens(db: DbOrTx, before: Date): Promise<void> {
  await db.delete(hcCodeTokens).where(lte(hcCodeTokens.expiresAt, before));
  await db.delete(hcTokenUses).where(lte(hcTokenUses.expiresAt, before));
}

// ---- trusted issuers ----

/** Trusted issuers that are not revoked. */
export async function findTrustedIssuers(db: DbOrTx): Promise<TrustedIssuerRow[]> {
  return db.select().from(hcTrustedIssuers).where(isNull(hcTrustedIssuers.revokedAt)).orderBy(asc(hcTrustedIssuers.issuer));
}

/** Adds a trusted issuer key. */
export async function insertTrustedIssuer(db: DbOrTx, values: typeof hcTrustedIssuers.$inferInsert): Promise<TrustedIssuerRow> {
  const [row] = await db
    .insert(hcTrustedIssuers)
    .values(values)
    .onConflictDoUpdate({ target: [hcTrustedIssuers.issuer, hcTrustedIssuers.kid], set: { ...values, revokedAt: null } })
    .returning();
  return row;
}

/** Revokes a trusted issuer key. */
export async function revokeTrustedIssuer(db: DbOrTx, id: string): Promise<TrustedIssuerRow | null> {
  const [row] = await db.update(hcTrustedIssuers).set({ revokedAt: sql`now()` }).where(and(eq(hcTrustedIssuers.id, id), isNull(hcTrustedIssuers.revokedAt))).returning();
  return row ?? null;
}

// ---- registry change stamp ----

const RISK_AREAS_CHANGED_KEY = 'health_code.risk_areas_changed_at';
/** Recent changes kept with the stamp (their instant and cause: a code marked due by one is recomputed with its cause). */
const RECENT_CHANGES = 32;

/** What the settings row of the risk-area registry's stamp holds (value). */
interface StampValue {
  /** The cause of the latest change. */
  cause?: Record<string, unknown>;
  /** The changes whose people are not collected yet: key (the recompute job's id) → instant (ISO). */
  pending?: Record<string, string>;
  /** The latest changes, newest first: instant (ISO) and cause. */
  recent?: { at: string; cause: Record<string, unknown> | null }[];
}

/** The risk-area registry's stamp as the read path needs it (see upToDateCode). */
export interface RegistryStamp {
  /** When the registry last changed. */
  at: Date;
  /** The latest change's cause (stored as the cause of codes recomputed because of it). */
  cause: Record<string, unknown> | null;
  /**
   * The latest change whose people have not been collected (and marked due) yet, or null: until then
   * every code computed before it is stale. (A stamp written before collections were recorded has no
   * `pending`: its jobs' people were marked due by the migration that introduced it, or are marked
   * due when such a job collects them.)
   */
  pendingAt: Date | null;
  /** The latest changes (instant in epoch ms → cause): a code marked due at a change's instant is recomputed with its cause. */
  recent: Map<number, Record<string, unknown> | null>;
}

/**
 * Records, inside a change's transaction, that the risk-area registry changed: codes computed before
 * `at` are stale until the change's people are collected (finishRiskAreaCollection under the same
 * `key`, the recompute job's id; a stamp without a key stays pending until a later change's collection
 * is recorded… never: use it only in tests). `at` is the database clock (the instant the job marks the
 * collected codes due at, and the read compares health_codes.updated_at with), taken once by the caller
 * (riskAreaStampInstant) so the job's payload carries the same.
 */
export async function stampRiskAreaChange(db: DbOrTx, cause?: Record<string, unknown>, key = 'unowned', at?: string): Promise<void> {
  const instant = at ?? (await riskAreaStampInstant(db));
  await db.insert(settings).values({ key: RISK_AREAS_CHANGED_KEY, value: {}, updatedAt: sql`${instant}::timestamptz` }).onConflictDoNothing();
  // The row is locked until the change commits: concurrent changes queue here, none is lost.
  const [row] = await rawRows<{ value: StampValue }>(db, sql`select value from settings where key = ${RISK_AREAS_CHANGED_KEY} for update`);
  const old = row?.value ?? {};
  const value: StampValue = {
    ...(cause ? { cause } : {}),
    pending: { ...(old.pending ?? {}), [key]: instant },
    recent: [{ at: instant, cause: cause ?? null }, ...(old.recent ?? [])].slice(0, RECENT_CHANGES),
  };
  await db.update(settings).set({ value, updatedAt: sql`${instant}::timestamptz` }).where(eq(settings.key, RISK_AREAS_CHANGED_KEY));
}

/**
 * The instant a registry change is stamped with: the database's clock when the listener runs, near
 * the end of the change's transaction (later than now(), the transaction's start: a code written by
 * a transaction that began before then may have read the registry before the change).
 */
export async function riskAreaStampInstant(db: DbOrTx): Promise<string> {
  const [row] = await rawRows<{ at: string }>(db, sql`select to_jsonb(clock_timestamp()) #>> '{}' as at`);
  return row.at;
}

/**
 * Records that a change's people were collected (and marked due): from then on a read no longer
 * treats every code older than that change as stale. Announced on the change feed under the stamp's
 * own key (only the cached stamp is dropped, not the door codes).
 */
export async function finishRiskAreaCollection(db: DbOrTx, key: string): Promise<void> {
  await rawRows(
    db,
    sql`update settings set value = value #- array['pending', ${key}]::text[] where key = ${RISK_AREAS_CHANGED_KEY}`,
  );
  await rawRows(db, sql`select pg_notify('fx_citizen', ${REGISTRY_STAMP_FEED_KEY})`);
}

/** The change-feed key (on fx_citizen) under which the registry's stamp is announced when a collection finishes. */
export const REGISTRY_STAMP_FEED_KEY = 'risk-area-registry';

/** When the risk-area registry last changed, its cause, the latest change not yet collected and the recent changes, or null. */
export async function lastRiskAreaChange(db: DbOrTx): Promise<RegistryStamp | null> {
  const [row] = await db.select({ at: settings.updatedAt, value: settings.value }).from(settings).where(eq(settings.key, RISK_AREAS_CHANGED_KEY));
  if (!row) return null;
  const value = (row.value ?? {}) as StampValue;
  const cause = value.cause && typeof value.cause === 'object' ? value.cause : null;
  const pending = Object.values(value.pending ?? {}).map((at) => Date.parse(at));
  return {
    at: row.at,
    cause,
    pendingAt: pending.length > 0 ? new Date(Math.max(...pending)) : null,
    recent: new Map((value.recent ?? []).map((c) => [Date.parse(c.at), c.cause])),
  };
}

/**
 * Marks due, at the change's instant `at`, the codes of the people a recompute job collected (one
 * set-based statement, whatever their number): a read recomputes them first (with the change's cause)
 * until the job has. A code due earlier keeps its earlier check. Silent on the change feed (migration
 * 0049: a due mark is not a code change): the risk-area change announced '*' when it committed, so no
 * door code held from before the change survives it, and one read since is current.
 */
export async function markTargetsDue(db: DbOrTx, jobId: string, at: string): Promise<number> {
  const [row] = await rawRows<{ n: number }>(
    db,
    sql`with m as (
          update health_codes as c set next_check_at = ${at}::timestamptz
            from hc_recompute_targets as t
           where t.job_id = ${jobId}::uuid and c.citizen_id = t.citizen_id
             and (c.next_check_at is null or c.next_check_at > ${at}::timestamptz)
          returning 1
        )
        select count(*)::int as n from m`,
  );
  return Number(row?.n ?? 0);
}
