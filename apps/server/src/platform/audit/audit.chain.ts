import { createHash } from 'node:crypto';

/** The fields of an audit record that its hash covers. */
export interface AuditContent {
  at: Date;
  actorType: string;
  actorId: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  regionCode: string | null;
  outcome: string;
  detail: Record<string, unknown>;
  ip: string | null;
  requestId: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Deterministic JSON: object keys sorted at every depth. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The hash of a record given its predecessor's hash and its sequence number. */
export function chainHash(prevHash: string, seq: number, content: AuditContent): string {
  // Only the content fields, picked by name: callers pass whole rows, whose extra columns
  // (prevHash, hash, …) must not change the hash.
  const body = canonicalJson({
    seq,
    at: content.at.toISOString(),
    actorType: content.actorType,
    actorId: content.actorId,
    action: content.action,
    subjectType: content.subjectType,
    subjectId: content.subjectId,
    regionCode: content.regionCode,
    outcome: content.outcome,
    detail: content.detail,
    ip: content.ip,
    requestId: content.requestId,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

export interface ChainRow extends AuditContent {
  seq: number;
  prevHash: string;
  hash: string;
}

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  /** The first row whose hash or link does not match, if any. */
  brokenAt?: { seq: number; reason: 'hash_mismatch' | 'link_mismatch' };
}

/** Verifies a run of rows in seq order, continuing from `prevHash` (the genesis hash for the first row). */
export function verifyChain(rowsInOrder: ChainRow[], prevHash = GENESIS_HASH): ChainVerdict {
  let expectedPrev = prevHash;
  let checked = 0;
  for (const row of rowsInOrder) {
    if (row.prevHash !== expectedPrev) return { ok: false, checked, brokenAt: { seq: row.seq, reason: 'link_mismatch' } };
    if (chainHash(row.prevHash, row.seq, row) !== row.hash) return { ok: false, checked, brokenAt: { seq: row.seq, reason: 'hash_mismatch' } };
    expectedPrev = row.hash;
    checked++;
  }
  return { ok: true, checked };
}

/**
 * The links of a run of records appended together after a predecessor with hash `prevHash`: the
 * first gets `firstSeq`, each next one the following seq and its predecessor's hash — exactly what
 * appending them one by one with chainHash gives (audit.chain.test.ts checks both verify alike).
 */
export function chainRun(prevHash: string, firstSeq: number, contents: AuditContent[]): { seq: number; prevHash: string; hash: string }[] {
  let prev = prevHash;
  return contents.map((content, i) => {
    const seq = firstSeq + i;
    const hash = chainHash(prev, seq, content);
    const link = { seq, prevHash: prev, hash };
    prev = hash;
    return link;
  });
}
