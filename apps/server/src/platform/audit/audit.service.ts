import { asc, eq, gt } from 'drizzle-orm';
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
    detail: entry.detail ?? {},
    ip: entry.ip ?? null,
    requestId: entry.requestId ?? null,
  };
  await tx.insert(auditHead).values({ id: 1, seq: 0, hash: GENESIS_HASH }).onConflictDoNothing();
  const [head] = await tx.select().from(auditHead).where(eq(auditHead.id, 1)).for('update');
  const seq = head.seq + 1;
  const hash = chainHash(head.hash, seq, content);
  await tx.insert(auditLog).values({ ...content, seq, prevHash: head.hash, hash });
  await tx.update(auditHead).set({ seq, hash }).where(eq(auditHead.id, 1));
  return seq;
}

/** Appends a record in its own transaction (for events not tied to a data change, e.g. a read). */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<number> {
  return db.transaction((tx) => appendAudit(tx, entry));
}

/** Walks the whole chain in pages and reports the first break, if any. */
export async function verifyAuditChain(db: DbOrTx, pageSize = 5000): Promise<ChainVerdict & { total: number }> {
  let prevHash = GENESIS_HASH;
  let lastSeq = 0;
  let checked = 0;
  let expectedSeq = 1;
  for (;;) {
    const page = await db.select().from(auditLog).where(gt(auditLog.seq, lastSeq)).orderBy(asc(auditLog.seq)).limit(pageSize);
    if (page.length === 0) break;
    for (const row of page) {
      // A deleted row shows as a gap in seq; the link check below also catches it.
      if (row.seq !== expectedSeq) return { ok: false, checked, total: checked, brokenAt: { seq: row.seq, reason: 'link_mismatch' } };
      expectedSeq++;
    }
    const verdict = verifyChain(page.map((r) => ({ ...r, detail: r.detail ?? {} })), prevHash);
    checked += verdict.checked;
    if (!verdict.ok) return { ...verdict, checked, total: checked };
    prevHash = page[page.length - 1].hash;
    lastSeq = page[page.length - 1].seq;
  }
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
  if (head && (head.seq !== lastSeq || head.hash !== prevHash)) {
    // Rows were removed from the end of the chain.
    return { ok: false, checked, total: checked, brokenAt: { seq: lastSeq + 1, reason: 'link_mismatch' } };
  }
  return { ok: true, checked, total: checked };
}
