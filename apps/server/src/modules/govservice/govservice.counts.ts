/**
 * Read-only views of the catalogue and of online handling for other modules (the service hall):
 * the published items (code, name, department, region) and applications submitted online per day.
 * Exported through the module's index; no personal data leaves here.
 */
import { and, eq, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import { addDays, startOfDay } from '@fangxian/contracts/kernel';
import type { DbOrTx } from '../../platform/db/database.ts';
import { gsApplications, gsItems } from './govservice.tables.ts';

/** One published item of the catalogue, as another module may list it. */
export interface CatalogueEntry {
  code: string;
  name: string;
  department: string;
  regionCode: string;
}

/** The published items (their published name and department), optionally only the given codes, by code. */
export async function publishedCatalogue(db: DbOrTx, codes?: readonly string[]): Promise<CatalogueEntry[]> {
  if (codes && codes.length === 0) return [];
  const conds = [isNotNull(gsItems.publishedVersionId), ...(codes ? [inArray(gsItems.code, [...codes])] : [])];
  return db.select({ code: gsItems.code, name: gsItems.name, department: gsItems.department, regionCode: gsItems.regionCode })
    .from(gsItems).where(and(...conds)).orderBy(gsItems.code);
}

/** Applications submitted online, counted per China day, item code and region (from/to inclusive). */
export async function onlineSubmissions(db: DbOrTx, from: string, to: string): Promise<{ day: string; itemCode: string; regionCode: string; n: number }[]> {
  // China time is UTC+8 all year: the day of a submission is its UTC instant plus eight hours.
  const day = sql<string>`to_char((${gsApplications.submittedAt} at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD')`;
  const rows = await db.select({ day, itemCode: gsItems.code, regionCode: gsApplications.regionCode, n: sql<number>`count(*)::int` })
    .from(gsApplications).innerJoin(gsItems, eq(gsItems.id, gsApplications.itemId))
    .where(and(gte(gsApplications.submittedAt, startOfDay(from)), lt(gsApplications.submittedAt, startOfDay(addDays(to, 1)))))
    .groupBy(day, gsItems.code, gsApplications.regionCode);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
