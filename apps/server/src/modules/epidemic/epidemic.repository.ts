import { and, desc, eq, gte, inArray, isNull, like, lt, lte, or, sql } from 'drizzle-orm';
import { divisionAncestors, divisionPrefix } from '@fangxian/contracts/kernel';
import type { DbOrTx } from '../../platform/db/database.ts';
import { arrayLiteral } from '../../platform/db/bulk-insert.ts';
import { personStatuses, quarantinePeriods, riskAreas } from './epidemic.tables.ts';

export type RiskAreaRow = typeof riskAreas.$inferSelect;
export type PersonStatusRow = typeof personStatuses.$inferSelect;
export type QuarantineRow = typeof quarantinePeriods.$inferSelect;

function inRegion(column: typeof riskAreas.divisionCode | typeof personStatuses.regionCode | typeof quarantinePeriods.regionCode, scope: string) {
  const prefix = divisionPrefix(scope);
  return prefix ? like(column, `${prefix}%`) : undefined;
}

/** Risk areas, newest first; optionally only those in force on a day and/or inside a region. */
export async function findRiskAreas(db: DbOrTx, filter: { activeOn?: string; scope?: string; limit: number }): Promise<RiskAreaRow[]> {
  const conditions = [
    filter.activeOn ? lte(riskAreas.startDate, filter.activeOn) : undefined,
    filter.activeOn ? or(isNull(riskAreas.endDate), gte(riskAreas.endDate, filter.activeOn)) : undefined,
    filter.scope ? inRegion(riskAreas.divisionCode, filter.scope) : undefined,
  ];
  return db.select().from(riskAreas).where(and(...conditions)).orderBy(desc(riskAreas.updatedAt)).limit(filter.limit);
}

/** One risk area by id. */
export async function findRiskArea(db: DbOrTx, id: string): Promise<RiskAreaRow | null> {
  const [row] = await db.select().from(riskAreas).where(eq(riskAreas.id, id));
  return row ?? null;
}

/** Risk areas covering any of the given divisions (at their own level or above) that were in force on or after `since`. */
export async function findRiskAreasCovering(db: DbOrTx, divisionCodes: string[], since: string): Promise<RiskAreaRow[]> {
  const codes = [...new Set(divisionCodes.flatMap(divisionAncestors))];
  if (codes.length === 0) return [];
  return db
    .select()
    .from(riskAreas)
    .where(and(inArray(riskAreas.divisionCode, codes), or(isNull(riskAreas.endDate), gte(riskAreas.endDate, since))));
}

/** Inserts a risk area. */
export async function insertRiskArea(db: DbOrTx, values: typeof riskAreas.$inferInsert): Promise<RiskAreaRow> {
  const [row] = await db.insert(riskAreas).values(values).returning();
  return row;
}

/** Updates a risk area. */
export async function updateRiskArea(db: DbOrTx, id: string, values: Partial<typeof riskAreas.$inferInsert>): Promise<RiskAreaRow> {
  const [row] = await db.update(riskAreas).set({ ...values, updatedAt: new Date() }).where(eq(riskAreas.id, id)).returning();
  return row;
}

/** Deletes a risk area entered by mistake. */
export async function deleteRiskArea(db: DbOrTx, id: string): Promise<void> {
  await db.delete(riskAreas).where(eq(riskAreas.id, id));
}

/** Non-voided status entries of one person (by document blind index), oldest first. */
export async function findStatusesOf(db: DbOrTx, documentIndex: string): Promise<PersonStatusRow[]> {
  return db
    .select()
    .from(personStatuses)
    .where(and(eq(personStatuses.documentIndex, documentIndex), isNull(personStatuses.voidedAt)))
    .orderBy(personStatuses.statusDate, personStatuses.createdAt);
}

/** Non-voided status entries of many people (one array parameter of blind indexes), by index then oldest first. */
export async function findStatusesOfMany(db: DbOrTx, documentIndexes: readonly string[]): Promise<PersonStatusRow[]> {
  if (documentIndexes.length === 0) return [];
  return db
    .select()
    .from(personStatuses)
    .where(and(sql`${personStatuses.documentIndex} = any(${arrayLiteral(documentIndexes)}::text[])`, isNull(personStatuses.voidedAt)))
    .orderBy(personStatuses.documentIndex, personStatuses.statusDate, personStatuses.createdAt);
}

/** Non-voided quarantine periods of many people (one array parameter of blind indexes), by index then oldest first. */
export async function findQuarantinesOfMany(db: DbOrTx, documentIndexes: readonly string[]): Promise<QuarantineRow[]> {
  if (documentIndexes.length === 0) return [];
  return db
    .select()
    .from(quarantinePeriods)
    .where(and(sql`${quarantinePeriods.documentIndex} = any(${arrayLiteral(documentIndexes)}::text[])`, isNull(quarantinePeriods.voidedAt)))
    .orderBy(quarantinePeriods.documentIndex, quarantinePeriods.fromDate);
}

/** Non-voided quarantine periods of one person, oldest first. */
export async function findQuarantinesOf(db: DbOrTx, documentIndex: string): Promise<QuarantineRow[]> {
  return db
    .select()
    .from(quarantinePeriods)
    .where(and(eq(quarantinePeriods.documentIndex, documentIndex), isNull(quarantinePeriods.voidedAt)))
    .orderBy(quarantinePeriods.fromDate);
}

/** Status entries recorded in a region, newest first, paged by created_at. */
export async function findStatusesInRegion(db: DbOrTx, scope: string, before: Date | null, limit: number): Promise<PersonStatusRow[]> {
  return db
    .select()
    .from(personStatuses)
    .where(and(inRegion(personStatuses.regionCode, scope), before ? lt(personStatuses.createdAt, before) : undefined))
    .orderBy(desc(personStatuses.createdAt))
    .limit(limit);
}

/** Quarantine periods recorded in a region, newest first, paged by created_at. */
export async function findQuarantinesInRegion(db: DbOrTx, scope: string, before: Date | null, limit: number): Promise<QuarantineRow[]> {
  return db
    .select()
    .from(quarantinePeriods)
    .where(and(inRegion(quarantinePeriods.regionCode, scope), before ? lt(quarantinePeriods.createdAt, before) : undefined))
    .orderBy(desc(quarantinePeriods.createdAt))
    .limit(limit);
}

/** Inserts a status entry. */
export async function insertStatus(db: DbOrTx, values: typeof personStatuses.$inferInsert): Promise<PersonStatusRow> {
  const [row] = await db.insert(personStatuses).values(values).returning();
  return row;
}

/** Inserts a quarantine period. */
export async function insertQuarantine(db: DbOrTx, values: typeof quarantinePeriods.$inferInsert): Promise<QuarantineRow> {
  const [row] = await db.insert(quarantinePeriods).values(values).returning();
  return row;
}

/** One status entry, locked for a change. */
export async function findStatusForUpdate(db: DbOrTx, id: string): Promise<PersonStatusRow | null> {
  const [row] = await db.select().from(personStatuses).where(eq(personStatuses.id, id)).for('update');
  return row ?? null;
}

/** One quarantine period, locked for a change. */
export async function findQuarantineForUpdate(db: DbOrTx, id: string): Promise<QuarantineRow | null> {
  const [row] = await db.select().from(quarantinePeriods).where(eq(quarantinePeriods.id, id)).for('update');
  return row ?? null;
}

/** Voids a status entry (kept for the record). */
export async function voidStatus(db: DbOrTx, id: string, reason: string): Promise<void> {
  await db.update(personStatuses).set({ voidedAt: sql`now()`, voidReason: reason }).where(eq(personStatuses.id, id));
}

/** Voids a quarantine period (kept for the record). */
export async function voidQuarantine(db: DbOrTx, id: string, reason: string): Promise<void> {
  await db.update(quarantinePeriods).set({ voidedAt: sql`now()`, voidReason: reason }).where(eq(quarantinePeriods.id, id));
}
