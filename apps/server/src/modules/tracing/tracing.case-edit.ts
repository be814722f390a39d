import { assertInScope, asStaff } from '../../platform/access/policy.ts';
import type { Principal } from '../../platform/access/principal.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { onFactsChanged } from '../health-code/index.ts';
import { TracingErrors } from './tracing.errors.ts';
import * as repo from './tracing.repository.ts';
import type { CaseEditInput } from '@fangxian/contracts/tracing';
import { assertCaseDates, assertDivision } from './tracing.service.ts';

/**
 * Editing a case's facts after registration (订正病例信息): dates, source, notes, region — validated as
 * at registration (no date in the future, onset not after the report, confirmation not before it; a
 * confirmation date only on a confirmed or recovered case), the officer in scope of the case's region
 * and of the new one, a case with a published itinerary keeps its region (public numbers are per
 * region). Each edit is a history entry (who, the reason, each field before and after — for notes
 * only that they changed) and an audit entry naming the fields; the person's health code is
 * recomputed when a fact it reads changed (report or confirmation date, region).
 */

export type { CaseEditInput } from '@fangxian/contracts/tracing';

const EDITABLE = ['onsetDate', 'reportDate', 'confirmedDate', 'source', 'regionCode', 'notes'] as const;
/** Facts the health code reads from a case (tracing.facts.ts): a change to one recomputes the code. */
const CODE_FACTS = new Set<string>(['reportDate', 'confirmedDate', 'regionCode']);

export async function editCase(ctx: AppContext, principal: Principal, id: string, input: CaseEditInput, meta: RequestMeta): Promise<repo.CaseRow> {
  const staff = asStaff(principal);
  if (input.regionCode !== undefined) {
    assertDivision(input.regionCode);
    assertInScope(staff, input.regionCode);
  }
  const { row, changed } = await ctx.db.transaction(async (tx) => {
    const before = await repo.findCase(tx, id, { lock: true });
    if (!before) throw new AppError(CommonErrors.NOT_FOUND);
    assertInScope(staff, before.regionCode);
    const after = {
      onsetDate: input.onsetDate !== undefined ? input.onsetDate : before.onsetDate,
      reportDate: input.reportDate ?? before.reportDate,
      confirmedDate: input.confirmedDate !== undefined ? input.confirmedDate : before.confirmedDate,
      source: input.source ?? before.source,
      regionCode: input.regionCode ?? before.regionCode,
      notes: input.notes !== undefined ? input.notes.trim() : before.notes,
    };
    assertCaseDates(after);
    const confirmedStatus = before.status === 'confirmed' || before.status === 'recovered';
    if (!confirmedStatus && after.confirmedDate) throw new AppError(TracingErrors.TRACING_DATES_INVALID, { field: 'confirmedDate', problem: 'not_confirmed' });
    if (before.status === 'confirmed' && !after.confirmedDate) throw new AppError(TracingErrors.TRACING_DATES_INVALID, { field: 'confirmedDate', problem: 'required' });
    const changes: Record<string, { from: string | null; to: string | null }> = {};
    for (const field of EDITABLE) {
      const from = before[field] ?? null;
      const to = after[field] ?? null;
      if (from === to) continue;
      changes[field] = field === 'notes' ? { from: null, to: null } : { from, to };
    }
    const fields = Object.keys(changes);
    if (fields.length === 0) throw new AppError(TracingErrors.TRACING_CASE_EDIT_EMPTY);
    if (changes.regionCode && before.publicNumber !== null) throw new AppError(TracingErrors.TRACING_CASE_REGION_PUBLISHED, { field: 'regionCode' });
    const saved = await repo.updateCase(tx, id, after);
    await repo.insertHistory(tx, { caseId: id, fromStatus: before.status, toStatus: before.status, reason: input.reason, changedBy: staff.staffId, changes });
    await appendAudit(tx, {
      actor: staff,
      ip: meta.ip,
      requestId: meta.requestId,
      action: 'tracing.case.change',
      subjectType: 'tracing_case',
      subjectId: id,
      regionCode: saved.regionCode,
      // Field names and the region only: the dates of a person's illness stay in the case file.
      detail: { fields, ...(changes.regionCode ? { fromRegion: before.regionCode, toRegion: saved.regionCode } : {}) },
    });
    return { row: saved, changed: fields };
  });
  if (row.citizenId && changed.some((f) => CODE_FACTS.has(f))) {
    await onFactsChanged(ctx, row.citizenId, { type: 'actor', actorType: 'staff', actorId: staff.staffId, action: 'tracing.case.change' });
  }
  return row;
}
