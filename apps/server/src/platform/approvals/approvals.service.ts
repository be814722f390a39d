import { and, desc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { AppError, CommonErrors } from '../http/errors.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { assertInScope } from '../access/policy.ts';
import { regionContains, type Principal } from '../access/principal.ts';
import type { RequestMeta } from '../identity/request-meta.ts';
import { approvals } from './approvals.tables.ts';
import { ApprovalErrors } from './approvals.errors.ts';

type Staff = Extract<Principal, { kind: 'staff' }>;
export type ApprovalRow = typeof approvals.$inferSelect;

/** How long a proposal waits for its second officer unless the caller says otherwise. */
export const DEFAULT_APPROVAL_HOURS = 72;

/** A proposal as lists show it: `expired` when still undecided after its expiry. */
export function approvalStatus(row: ApprovalRow, now = new Date()): 'proposed' | 'approved' | 'rejected' | 'withdrawn' | 'expired' {
  if (row.status === 'proposed' && row.expiresAt.getTime() <= now.getTime()) return 'expired';
  return row.status as 'proposed' | 'approved' | 'rejected' | 'withdrawn';
}

/**
 * Records a proposal (maker) in the caller's transaction and audits it as `<kind>.propose`. Nothing
 * else happens until a different officer approves it (decideApproval).
 *
 * `regionCode` is the region the proposal concerns — by default the proposer's own; a kind may name
 * a narrower one within the proposer's scope (a health-code override is kept under the region
 * through which the officer reaches the person), and approvers must have it in scope. A proposal
 * expires after `expiresInHours` (default 72) or at `notAfter`, whichever comes first.
 */
export async function proposeApproval(
  tx: Tx,
  input: {
    kind: string;
    staff: Staff;
    payload: Record<string, unknown>;
    summary: Record<string, unknown>;
    expiresInHours?: number;
    notAfter?: Date;
    regionCode?: string;
    meta: RequestMeta;
  },
): Promise<ApprovalRow> {
  let expiresAt = new Date(Date.now() + (input.expiresInHours ?? DEFAULT_APPROVAL_HOURS) * 3600_000);
  if (input.notAfter && input.notAfter.getTime() < expiresAt.getTime()) expiresAt = input.notAfter;
  const regionCode = input.regionCode ?? input.staff.regionCode;
  assertInScope(input.staff, regionCode);
  const [row] = await tx
    .insert(approvals)
    .values({ kind: input.kind, regionCode, payload: input.payload, summary: input.summary, proposedBy: input.staff.staffId, expiresAt })
    .returning();
  await appendAudit(tx, {
    actor: input.staff,
    action: `${input.kind}.propose`,
    subjectType: 'approval',
    subjectId: row.id,
    regionCode: row.regionCode,
    detail: { ...input.summary, expiresAt: expiresAt.toISOString() },
    ip: input.meta.ip,
    requestId: input.meta.requestId,
  });
  return row;
}

/**
 * The checker's decision, in the caller's transaction: the proposal must be of this kind, in the
 * approver's scope (else NOT_FOUND), still pending and unexpired, and proposed by someone else; a
 * rejection needs a note (APPROVALS_REASON_REQUIRED). On
 * approval `apply` runs in the same transaction, so the change and the decision commit together.
 * Audited as `<kind>.approve` / `<kind>.reject` with the proposal's summary and proposer.
 */
export async function decideApproval<R>(
  tx: Tx,
  input: { id: string; kind: string; staff: Staff; decision: 'approve' | 'reject'; note?: string; meta: RequestMeta; apply: (row: ApprovalRow) => Promise<R> },
): Promise<{ row: ApprovalRow; applied: R | null }> {
  const [row] = await tx.select().from(approvals).where(and(eq(approvals.id, input.id), eq(approvals.kind, input.kind))).for('update');
  if (!row) throw new AppError(CommonErrors.NOT_FOUND);
  assertInScope(input.staff, row.regionCode);
  if (row.status !== 'proposed') throw new AppError(ApprovalErrors.APPROVALS_NOT_PENDING);
  if (row.expiresAt.getTime() <= Date.now()) throw new AppError(ApprovalErrors.APPROVALS_EXPIRED);
  if (row.proposedBy === input.staff.staffId) throw new AppError(ApprovalErrors.APPROVALS_SAME_OFFICER);
  // A rejection says why: the proposer reads it beside the proposal.
  if (input.decision === 'reject' && !input.note?.trim()) throw new AppError(ApprovalErrors.APPROVALS_REASON_REQUIRED, { field: 'note' });
  const applied = input.decision === 'approve' ? await input.apply(row) : null;
  const [decided] = await tx
    .update(approvals)
    .set({ status: input.decision === 'approve' ? 'approved' : 'rejected', decidedBy: input.staff.staffId, decidedAt: new Date(), decisionNote: input.note ?? null })
    .where(eq(approvals.id, row.id))
    .returning();
  await appendAudit(tx, {
    actor: input.staff,
    action: `${input.kind}.${input.decision}`,
    subjectType: 'approval',
    subjectId: row.id,
    regionCode: row.regionCode,
    detail: { ...row.summary, proposedBy: row.proposedBy },
    ip: input.meta.ip,
    requestId: input.meta.requestId,
  });
  return { row: decided, applied };
}

/**
 * Withdraws a pending proposal (the proposer, or another officer of its scope, takes it back):
 * nothing is applied and it can no longer be approved. Audited as `<kind>.withdraw`.
 */
export async function withdrawApproval(tx: Tx, input: { id: string; kind: string; staff: Staff; note?: string; meta: RequestMeta }): Promise<ApprovalRow> {
  const [row] = await tx.select().from(approvals).where(and(eq(approvals.id, input.id), eq(approvals.kind, input.kind))).for('update');
  if (!row) throw new AppError(CommonErrors.NOT_FOUND);
  assertInScope(input.staff, row.regionCode);
  if (row.status !== 'proposed') throw new AppError(ApprovalErrors.APPROVALS_NOT_PENDING);
  const [withdrawn] = await tx
    .update(approvals)
    .set({ status: 'withdrawn', decidedBy: input.staff.staffId, decidedAt: new Date(), decisionNote: input.note ?? null })
    .where(eq(approvals.id, row.id))
    .returning();
  await appendAudit(tx, {
    actor: input.staff,
    action: `${input.kind}.withdraw`,
    subjectType: 'approval',
    subjectId: row.id,
    regionCode: row.regionCode,
    detail: { ...row.summary, proposedBy: row.proposedBy },
    ip: input.meta.ip,
    requestId: input.meta.requestId,
  });
  return withdrawn;
}

/** One proposal of a kind in the officer's scope (NOT_FOUND otherwise). */
export async function findApproval(db: Db | Tx, id: string, kind: string, staff: Staff): Promise<ApprovalRow> {
  const [row] = await db.select().from(approvals).where(and(eq(approvals.id, id), eq(approvals.kind, kind)));
  if (!row) throw new AppError(CommonErrors.NOT_FOUND);
  assertInScope(staff, row.regionCode);
  return row;
}

/** Proposals of a kind in the officer's scope, newest first (at most `limit`). */
export async function listApprovals(db: Db, kind: string, staff: Staff, limit = 200): Promise<ApprovalRow[]> {
  const rows = await db.select().from(approvals).where(eq(approvals.kind, kind)).orderBy(desc(approvals.proposedAt)).limit(limit * 4);
  return rows.filter((r) => regionContains(staff.regionCode, r.regionCode)).slice(0, limit);
}

/** One proposal of a kind by id, whatever its scope (the caller checks who may see it); null when there is none. */
export async function readApproval(db: Db | Tx, kind: string, id: string): Promise<ApprovalRow | null> {
  const [row] = await db.select().from(approvals).where(and(eq(approvals.id, id), eq(approvals.kind, kind)));
  return row ?? null;
}
