import { isDay } from '@fangxian/contracts/kernel';
import type { BatchRowProblem, PersonStatusBatch } from '@fangxian/contracts';
import { regionContains, type Principal } from '../../platform/access/principal.ts';
import { asStaff } from '../../platform/access/policy.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { validateDocument, type DocumentType } from '../../platform/identity/documents.ts';
import { isDivisionCode } from '../../platform/divisions/index.ts';
import { approvalStatus, decideApproval, listApprovals, proposeApproval, withdrawApproval, type ApprovalRow } from '../../platform/approvals/index.ts';
import { EpidemicChangeCommitted, EpidemicChangeInTransaction, type EpidemicChange } from './epidemic.events.ts';
import * as repo from './epidemic.repository.ts';
import { EpidemicErrors } from './epidemic.errors.ts';

/**
 * Bulk status changes (批量状态变更) are maker-checker: one officer proposes a list of person-status
 * entries, a different officer whose region contains the proposer's approves it, and only then are
 * the entries recorded (in one transaction, each audited and each person's code marked for
 * recomputation). A single entry (POST /epidemic/person-statuses) stays immediate.
 */
export const BULK_STATUS_KIND = 'epidemic.person-status.bulk';

type Staff = Extract<Principal, { kind: 'staff' }>;

export interface BatchEntryInput {
  documentType: DocumentType;
  documentNumber: string;
  status: string;
  date: string;
  source: string;
  regionCode: string;
}

/** What the proposal carries, encrypted as a whole: the entries name people by document number. */
interface SealedEntry {
  documentType: DocumentType;
  documentNumber: string;
  status: string;
  date: string;
  source: string;
  regionCode: string;
}

/**
 * Checks each row as the single-entry route would (document, division, the proposer's scope, a real
 * day) and drops repeats of the same person and status; bad rows are reported with
 * their 1-based line, the good ones kept.
 */
export function checkBatch(staff: Staff, entries: BatchEntryInput[]): { good: SealedEntry[]; rejected: BatchRowProblem[] } {
  const good: SealedEntry[] = [];
  const rejected: BatchRowProblem[] = [];
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    const line = i + 1;
    const verdict = validateDocument(e.documentType, e.documentNumber);
    if (!verdict.ok) return rejected.push({ line, field: 'documentNumber', problem: 'document_invalid' });
    if (!isDivisionCode(e.regionCode)) return rejected.push({ line, field: 'regionCode', problem: 'division_unknown' });
    if (!regionContains(staff.regionCode, e.regionCode)) return rejected.push({ line, field: 'regionCode', problem: 'out_of_scope' });
    if (!isDay(e.date)) return rejected.push({ line, field: 'date', problem: 'date_invalid' });
    const key = `${e.documentType}:${verdict.number}:${e.status}:${e.date}`;
    if (seen.has(key)) return rejected.push({ line, field: 'documentNumber', problem: 'duplicate' });
    seen.add(key);
    good.push({ documentType: e.documentType, documentNumber: verdict.number, status: e.status, date: e.date, source: e.source, regionCode: e.regionCode });
  });
  return { good, rejected };
}

export function presentBatch(row: ApprovalRow): PersonStatusBatch {
  const s = row.summary as { count: number; byStatus: Record<string, number>; regions: string[]; note: string };
  return {
    id: row.id,
    status: approvalStatus(row),
    count: s.count,
    byStatus: s.byStatus,
    regions: s.regions,
    note: s.note,
    regionCode: row.regionCode,
    proposedBy: row.proposedBy,
    proposedAt: row.proposedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt ? row.decidedAt.toISOString() : null,
  };
}

/** Proposes a bulk status change; nothing is recorded until a different officer approves it. */
export async function proposeBatch(
  ctx: AppContext,
  principal: Principal,
  input: { entries: BatchEntryInput[]; note: string },
  meta: RequestMeta,
): Promise<{ batch: PersonStatusBatch; rejected: BatchRowProblem[] }> {
  const staff = asStaff(principal);
  const { good, rejected } = checkBatch(staff, input.entries);
  if (good.length === 0) throw new AppError(EpidemicErrors.EPIDEMIC_BATCH_EMPTY, { rejected });
  const byStatus: Record<string, number> = {};
  for (const e of good) byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
  const regions = [...new Set(good.map((e) => e.regionCode))].sort();
  const row = await ctx.db.transaction((tx) =>
    proposeApproval(tx, {
      kind: BULK_STATUS_KIND,
      staff,
      payload: { entriesCipher: ctx.cipher.encrypt(JSON.stringify(good)) },
      summary: { count: good.length, byStatus, regions, note: input.note, rejected: rejected.length },
      meta,
    }),
  );
  return { batch: presentBatch(row), rejected };
}

/** Bulk status changes in the officer's scope, newest first. */
export async function listBatches(ctx: AppContext, principal: Principal): Promise<PersonStatusBatch[]> {
  return (await listApprovals(ctx.db, BULK_STATUS_KIND, asStaff(principal))).map(presentBatch);
}

/**
 * A second officer approves or rejects a bulk change. On approval every entry is recorded in the
 * same transaction as the decision (recorded by the proposer, audited as epidemic.person-status.record
 * with the approval's id) and each person's code is marked for recomputation; after commit the
 * affected codes are recomputed promptly, as for a single entry.
 */
export async function decideBatch(ctx: AppContext, principal: Principal, id: string, input: { decision: 'approve' | 'reject'; note?: string }, meta: RequestMeta): Promise<PersonStatusBatch> {
  const staff = asStaff(principal);
  const changes: EpidemicChange[] = [];
  const { row } = await ctx.db.transaction((tx) =>
    decideApproval(tx, {
      id,
      kind: BULK_STATUS_KIND,
      staff,
      decision: input.decision,
      note: input.note,
      meta,
      apply: async (proposal) => {
        const entries = JSON.parse(ctx.cipher.decrypt((proposal.payload as { entriesCipher: string }).entriesCipher)!) as SealedEntry[];
        for (const e of entries) {
          const documentIndex = ctx.blindIndex.of('id', e.documentNumber);
          const saved = await repo.insertStatus(tx, {
            documentType: e.documentType,
            documentIndex,
            documentNumberCipher: ctx.cipher.encrypt(e.documentNumber),
            status: e.status,
            statusDate: e.date,
            source: e.source,
            regionCode: e.regionCode,
            recordedBy: proposal.proposedBy,
          });
          await appendAudit(tx, {
            actor: staff,
            action: 'epidemic.person-status.record',
            subjectType: 'person_status',
            subjectId: saved.id,
            regionCode: saved.regionCode,
            detail: { status: saved.status, date: saved.statusDate, approvalId: proposal.id, proposedBy: proposal.proposedBy },
            ip: meta.ip,
            requestId: meta.requestId,
          });
          const change: EpidemicChange = { kind: 'person', documentIndex };
          await ctx.modules.emit(ctx, EpidemicChangeInTransaction, { tx, change });
          changes.push(change);
        }
        return entries.length;
      },
    }),
  );
  for (const change of changes) await ctx.modules.emit(ctx, EpidemicChangeCommitted, { change, actor: staff });
  return presentBatch(row);
}

/** The proposer (or another officer of its scope) takes a pending bulk change back. */
export async function withdrawBatch(ctx: AppContext, principal: Principal, id: string, note: string | undefined, meta: RequestMeta): Promise<PersonStatusBatch> {
  const staff = asStaff(principal);
  const row = await ctx.db.transaction((tx) => withdrawApproval(tx, { id, kind: BULK_STATUS_KIND, staff, note, meta }));
  return presentBatch(row);
}
