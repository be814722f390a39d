import { and, desc, eq, gte, isNull, like, lt, lte, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.ts';
import { auditLog } from './audit.tables.ts';

export interface AuditQuery {
  actorId?: string;
  subjectType?: string;
  subjectId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  /** Only rows with seq below this (the cursor of the previous page). */
  beforeSeq?: number;
  /** Region prefix the reader is limited to ('' = everything); rows without a region only when includeUnregioned. */
  regionPrefix: string;
  includeUnregioned: boolean;
  limit: number;
}

/** Audit rows matching a search, newest first. */
export async function searchAuditRows(db: DbOrTx, q: AuditQuery): Promise<(typeof auditLog.$inferSelect)[]> {
  const where: SQL[] = [];
  if (q.actorId) where.push(eq(auditLog.actorId, q.actorId));
  if (q.subjectType) where.push(eq(auditLog.subjectType, q.subjectType));
  if (q.subjectId) where.push(eq(auditLog.subjectId, q.subjectId));
  if (q.action) where.push(q.action.endsWith('.*') ? like(auditLog.action, `${q.action.slice(0, -1).replace(/[%_\\]/g, '\\$&')}%`) : eq(auditLog.action, q.action));
  if (q.from) where.push(gte(auditLog.at, q.from));
  if (q.to) where.push(lte(auditLog.at, q.to));
  if (q.beforeSeq !== undefined) where.push(lt(auditLog.seq, q.beforeSeq));
  if (q.regionPrefix) {
    const inRegion = like(auditLog.regionCode, `${q.regionPrefix}%`);
    where.push(q.includeUnregioned ? or(inRegion, isNull(auditLog.regionCode))! : inRegion);
  }
  return db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.seq))
    .limit(q.limit);
}
