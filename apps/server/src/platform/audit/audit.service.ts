import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import type { DbOrTx, Db } from '../db/database.ts';
import { bulkInsertSql } from '../db/bulk-insert.ts';
import { auditHead, auditLog } from './audit.tables.ts';
import { GENESIS_HASH, chainRun, verifyChain, type AuditContent, type ChainVerdict } from './audit.chain.ts';
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

/** The hashed content of an entry, stamped now. */
function contentOf(entry: AuditEntry, at: Date): AuditContent {
  return {
    at,
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
}

/**
 * Appends one record to the hash-chained audit log inside the caller's transaction (so the record
 * commits with the change it describes). The chain head row is locked, which serialises appends.
 */
export async function appendAudit(tx: DbOrTx, entry: AuditEntry): Promise<number> {
  const [seq] = await appendAuditMany(tx, [entry]);
  return seq;
}

/**
 * Appends several records at once inside the caller's transaction, in the given order, with the
 * same chain as appending them one by one (chainRun): two statements whatever their number — the
 * head advanced by N under its row lock (held until commit), then every record and the head's new
 * hash in one statement. Group-committed writers (e.g. Open311 filings) use it so a batch of N
 * writes costs one audit append, not N. Answers the records' seq numbers.
 */
export async function appendAuditMany(tx: DbOrTx, entries: AuditEntry[]): Promise<number[]> {
  if (entries.length === 0) return [];
  const at = new Date();
  const contents = entries.map((entry) => contentOf(entry, at));
  const n = contents.length;
  // One statement creates the head on first use or advances it by n, taking its row lock until
  // commit; RETURNING gives the last new seq and the (still unchanged) hash of the previous record.
  const [head] = await tx
    .insert(auditHead)
    .values({ id: 1, seq: n, hash: GENESIS_HASH })
    .onConflictDoUpdate({ target: auditHead.id, set: { seq: sql`${auditHead.seq} + ${n}` } })
    .returning({ seq: auditHead.seq, hash: auditHead.hash });
  const links = chainRun(head.hash, head.seq - n + 1, contents);
  const last = links[n - 1];
  const insert = bulkInsertSql(auditLog, contents.map((content, i) => ({ ...content, ...links[i] })));
  const advance = tx.update(auditHead).set({ seq: last.seq, hash: last.hash }).where(eq(auditHead.id, 1));
  await tx.execute(sql`with records as (${insert}) ${advance.getSQL()}`);
  return links.map((link) => link.seq);
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
