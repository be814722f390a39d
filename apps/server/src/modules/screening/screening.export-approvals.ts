import type { ExportProposal, ExportRequest, PersonalExport } from '@fangxian/contracts/screening';
import { PERSONAL_EXPORT_TEXT } from '@fangxian/contracts/screening';
import type { AppContext } from '../../platform/http/context.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import { regionContains, type Principal } from '../../platform/access/principal.ts';
import { approvalStatus, decideApproval, readApproval, listApprovals, proposeApproval, type ApprovalRow } from '../../platform/approvals/index.ts';
import type { RequestMeta } from '../../platform/identity/index.ts';
import { ScreeningErrors } from './screening.errors.ts';
import { ScreeningActions as A } from './screening.policy.ts';
import * as repo from './screening.repository.ts';
import { checkSourcePair, visibleImport } from './screening.service.ts';

/**
 * Exports of personal data as maker-checker (issue 10): an officer proposes an export with its reason
 * (`screening.personal-export.propose`), a different officer whose region contains the proposer's and
 * who may see that export approves or rejects it, and only then may the proposer download it, within
 * DOWNLOAD_HOURS of the approval; every download is audited with the approval's id. Aggregate figures
 * (figures.xlsx) carry no personal data and need no approval.
 */

type Staff = Extract<Principal, { kind: 'staff' }>;

export const PERSONAL_EXPORT = 'screening.personal-export';
/** A proposal not decided within this many hours expires. */
export const EXPORT_PROPOSAL_HOURS = 24;
/** After approval the proposer may download for this many hours. */
export const DOWNLOAD_HOURS = 24;

/** The action an officer needs to see each export at all (proposer and approver alike). */
const NEEDS: Record<PersonalExport, string> = {
  rejected_rows: A['screening.import.create'],
  only_in_a: A['screening.comparison.read'],
  tasks: A['screening.task.read'],
};

/** What an approved export streams: the export and its parameters (no personal data; ids and a filter). */
export interface ExportSpec {
  export: PersonalExport;
  importId?: string;
  a?: string;
  b?: string;
  status?: 'open' | 'closed';
  overdue?: boolean;
  escalated?: boolean;
}

interface Payload {
  spec: ExportSpec;
  reason: string;
  describe: string;
}

function mayUse(ctx: AppContext, staff: Staff, which: PersonalExport): void {
  if (!ctx.policy.can(staff, NEEDS[which])) throw new AppError(CommonErrors.FORBIDDEN, { action: NEEDS[which] });
}

const missing = (field: string) => new AppError(CommonErrors.VALIDATION_FAILED, { field, problem: 'required for this export' });

/** Checks the parameters the export needs (field-level 400s) and describes them for the approver. */
async function checkSpec(ctx: AppContext, staff: Staff, input: ExportRequest): Promise<{ spec: ExportSpec; describe: string }> {
  const text = PERSONAL_EXPORT_TEXT[input.export].zh;
  switch (input.export) {
    case 'rejected_rows': {
      if (!input.importId) throw missing('importId');
      const imp = await visibleImport(ctx, staff, input.importId);
      return { spec: { export: 'rejected_rows', importId: imp.id }, describe: `${text}：${imp.fileName}` };
    }
    case 'only_in_a': {
      if (!input.a) throw missing('a');
      if (!input.b) throw missing('b');
      await checkSourcePair(ctx, input.a, input.b);
      const [a, b] = await Promise.all([repo.findSource(ctx.db, input.a), repo.findSource(ctx.db, input.b)]);
      return { spec: { export: 'only_in_a', a: input.a, b: input.b }, describe: `${text}：${a!.name} 有、${b!.name} 无` };
    }
    case 'tasks': {
      const spec: ExportSpec = { export: 'tasks', status: input.status, overdue: input.overdue, escalated: input.escalated };
      const filter = [input.status === 'open' ? '未销号' : input.status === 'closed' ? '已销号' : '全部', input.overdue ? '超时' : null, input.escalated ? '已上报' : null].filter(Boolean).join('、');
      return { spec, describe: `${text}：${filter}` };
    }
  }
}

/** A proposal as lists show it. */
export function presentExportProposal(row: ApprovalRow, now = new Date()): ExportProposal {
  const p = row.payload as unknown as Payload;
  const { export: which, ...params } = p.spec;
  const status = approvalStatus(row, now);
  return {
    id: row.id,
    status,
    export: which,
    params: Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)),
    describe: p.describe,
    reason: p.reason,
    regionCode: row.regionCode,
    proposedBy: row.proposedBy,
    proposedAt: row.proposedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt ? row.decidedAt.toISOString() : null,
    decisionNote: row.decisionNote,
    downloadUntil: status === 'approved' && row.decidedAt ? new Date(row.decidedAt.getTime() + DOWNLOAD_HOURS * 3600_000).toISOString() : null,
  };
}

/** The maker: proposes an export of personal data, with its reason. */
export async function proposeExport(ctx: AppContext, staff: Staff, input: ExportRequest, meta: RequestMeta): Promise<ExportProposal> {
  mayUse(ctx, staff, input.export);
  const { spec, describe } = await checkSpec(ctx, staff, input);
  const payload: Payload = { spec, reason: input.reason, describe };
  const row = await ctx.db.transaction((tx) =>
    proposeApproval(tx, {
      kind: PERSONAL_EXPORT,
      staff,
      payload: payload as unknown as Record<string, unknown>,
      summary: { ...spec, reason: input.reason },
      expiresInHours: EXPORT_PROPOSAL_HOURS,
      meta,
    }),
  );
  return presentExportProposal(row);
}

/** Export proposals in the officer's region (their own and those they may approve), newest first. */
export async function listExportProposals(ctx: AppContext, staff: Staff): Promise<ExportProposal[]> {
  const now = new Date();
  return (await listApprovals(ctx.db, PERSONAL_EXPORT, staff)).map((row) => presentExportProposal(row, now));
}

/** The checker: a different officer, whose region contains the proposer's and who may see that export, approves or rejects. */
export async function decideExport(ctx: AppContext, staff: Staff, id: string, input: { decision: 'approve' | 'reject'; note?: string }, meta: RequestMeta): Promise<ExportProposal> {
  const found = await readApproval(ctx.db, PERSONAL_EXPORT, id);
  if (!found || !regionContains(staff.regionCode, found.regionCode)) throw new AppError(CommonErrors.NOT_FOUND);
  mayUse(ctx, staff, (found.payload as unknown as Payload).spec.export);
  // Approving grants the download: nothing else changes, so `apply` has nothing to write.
  const { row } = await ctx.db.transaction((tx) => decideApproval(tx, { id, kind: PERSONAL_EXPORT, staff, decision: input.decision, note: input.note, meta, apply: async () => true }));
  return presentExportProposal(row);
}

/**
 * The export an officer may download now: their own proposal, approved, within DOWNLOAD_HOURS of the
 * approval, and still something they may see (the import still in their region).
 */
export async function approvedExport(ctx: AppContext, staff: Staff, id: string): Promise<{ approval: ApprovalRow; spec: ExportSpec }> {
  const row = await readApproval(ctx.db, PERSONAL_EXPORT, id);
  // Only the proposer downloads; to anyone else the proposal is not there.
  if (!row || row.proposedBy !== staff.staffId) throw new AppError(CommonErrors.NOT_FOUND);
  const { spec } = row.payload as unknown as Payload;
  mayUse(ctx, staff, spec.export);
  const status = approvalStatus(row);
  if (status !== 'approved') throw new AppError(ScreeningErrors.SCREENING_EXPORT_NOT_APPROVED, { status });
  if (!row.decidedAt || Date.now() > row.decidedAt.getTime() + DOWNLOAD_HOURS * 3600_000) throw new AppError(ScreeningErrors.SCREENING_EXPORT_WINDOW_PASSED);
  if (spec.export === 'rejected_rows') await visibleImport(ctx, staff, spec.importId!);
  return { approval: row, spec };
}
