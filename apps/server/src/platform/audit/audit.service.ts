import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import type { DbOrTx, Db } from '../db/database.ts';
import { auditHead, auditLog } from './audit.tables.ts';
import { GENESIS_HASH, chainHash, verifyChain, type AuditContent, type ChainVerdict } from './audit.chain.ts';
import type { Principal } from '../access/principal.ts';

/** What a caller records: who did what to whom. Detail must never hold personal data in clear. */
export interface AuditEntry {
  actor: Principal | { kind: 'system'; id: string } | { kind: 'anonymous' };
  action: string;
  subjectType?: string;
  subjectId?: string;
  regionCode?: string | null;
  outcome?: 'ok' | 'denied' | 'failed';
  detail?: Record<string, unknown>;
  ip?: string | null;
  requestId?: string | null;
}

function actorOf(actor: AuditEntry['actor']): { actorType: string; actorId: string } {
  switch (actor.kind) {
    case 'staff':
      return { actorType: 'staff', actorId: actor.staffId };
    case 'citizen':
      return { actorType: 'citizen', actorId: actor.citizenId };
    case 'api':
      return { actorType: 'api', actorId: actor.clientId };
    case 'system':
      return { actorType: 'system', actorId: actor.id };
    default:
      return { actorType: 'anonymous', actorId: '-' };
  }
}

/**
 * Appends one record to the hash-chained audit log inside the caller's transaction (so the record
 * commits with the change it describes). The chain head row is locked, which serialises appends.
 */
export async function appendAudit(tx: DbOrTx, entry: AuditEntry): Promise<number> {
  const content: AuditContent = {
    at: new Date(),
    ...actorOf(entry.actor),
    action: entry.action,
    subjectType: entry.subjectType ?? null,
    subjectId: entry.subjectId ?? null,
    regionCode: entry.regionCode ?? null,
    outcome: entry.outcome ?? 'ok',
    detail: jsonNormalised(entry.detail ?? {}),
    ip: entry.ip ?? null,
    requestId: entry.requestId ?? null,
  };
  // One statement creates the head on first use or advances it, taking its row lock until commit;
  // RETURNING gives the new seq and the (still unchanged) hash of the previous record.
  const [head] = await tx
    .insert(auditHead)
    .values({ id: 1, seq: 1, hash: GENESIS_HASH })
    .onConflictDoUpdate({ target: auditHead.id, set: { seq: sql`${auditHead.seq} + 1` } })
    .returning({ seq: auditHead.seq, hash: auditHead.hash });
  const seq = head.seq;
  const hash = chainHash(head.hash, seq, content);
  await tx.insert(auditLog).values({ ...content, seq, prevHash: head.hash, hash });
  await tx.update(auditHead).set({ seq, hash }).where(eq(auditHead.id, 1));
  return seq;
}

/** Appends a record in its own transaction (for events not tied to a data change, e.g. a read). */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<number> {
  return db.transaction((tx) => appendAudit(tx, entry));
}

/**
 * Walks the whole chain in pages and reports the first break, if any. The head is read first and
 * only records up to it are checked, so appends committed while verifying do not look like breaks.
 */
export async function verifyAuditChain(db: DbOrTx, pageSize = 5000): Promise<ChainVerdict & { total: number }> {
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
  // Without a head (deleted?) check whatever rows exist; the missing head is reported below.
  const headSeq = head?.seq ?? (await db.select({ max: sql<number>`coalesce(max(${auditLog.seq}), 0)`.mapWith(Number) }).from(auditLog))[0].max;
  let prevHash = GENESIS_HASH;
  let lastSeq = 0;
  let checked = 0;
  for (;;) {
    const page = await db
      .select()
      .from(auditLog)
      .where(and(gt(auditLog.seq, lastSeq), lte(auditLog.seq, headSeq)))
      .orderBy(asc(auditLog.seq))
      .limit(pageSize);
    if (page.length === 0) break;
    // A deleted row shows as a gap in seq: check the rows before the gap, then report the missing seq.
    const gap = page.findIndex((row, i) => row.seq !== lastSeq + 1 + i);
    const run = gap === -1 ? page : page.slice(0, gap);
    const verdict = verifyChain(run.map((r) => ({ ...r, detail: r.detail ?? {} })), prevHash);
    checked += verdict.checked;
    if (!verdict.ok) return { ...verdict, checked, total: checked };
    if (gap !== -1) return { ok: false, checked, total: checked, brokenAt: { seq: lastSeq + 1 + gap, reason: 'link_mismatch' } };
    prevHash = page[page.length - 1].hash;
    lastSeq = page[page.length - 1].seq;
  }
  if (head ? lastSeq !== headSeq || head.hash !== prevHash : lastSeq > 0) {
    // Rows were removed from the end of the chain (or the head was altered).
    return { ok: false, checked, total: checked, brokenAt: { seq: lastSeq + 1, reason: 'link_mismatch' } };
  }
  return { ok: true, checked, total: checked };
}

/**
 * The detail exactly as it will read back from the jsonb column (Dates become strings, undefined
 * disappears), so the hash computed now matches the one recomputed when verifying.
 */
function jsonNormalised(detail: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(detail)) as Record<string, unknown>;
}
