import { divisionPrefix, isDay, todayInChina } from '@fangxian/contracts/kernel';
import { assertInScope, asStaff } from '../../platform/access/policy.ts';
import type { Principal } from '../../platform/access/principal.ts';
import { appendAudit, recordAudit } from '../../platform/audit/audit.service.ts';
import { isDivisionCode } from '../../platform/divisions/index.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { validateDocument } from '../../platform/identity/documents.ts';
import type { LabResultInput } from '@fangxian/contracts/tracing';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { onFactsChanged } from '../health-code/index.ts';
import { TracingErrors } from './tracing.errors.ts';
import * as repo from './tracing.repository.ts';

/**
 * Lab results per person (检测结果): entered by an officer in their region, each a health-code fact
 * (`ext:lab.<type>`, tracing.facts.ts); a positive result for a person without an open case proposes
 * opening one (listed with `proposesCase`), which an officer does in one step (openCaseFromLab).
 */

const auditBase = (actor: Principal, meta: RequestMeta) => ({ actor, ip: meta.ip, requestId: meta.requestId });

export type { LabResultInput } from '@fangxian/contracts/tracing';

/** Records a lab result (sample ≤ report ≤ today; the person by document), audited; the person's code is recomputed. */
export async function recordLabResult(ctx: AppContext, principal: Principal, input: LabResultInput, meta: RequestMeta): Promise<repo.LabResultRow & { proposesCase: boolean }> {
  const staff = asStaff(principal);
  if (!isDivisionCode(input.regionCode)) throw new AppError(TracingErrors.TRACING_DIVISION_UNKNOWN, { divisionCode: input.regionCode });
  assertInScope(staff, input.regionCode);
  const today = todayInChina();
  if (!isDay(input.sampleDate) || input.sampleDate > today) throw new AppError(TracingErrors.TRACING_DATES_INVALID, { field: 'sampleDate' });
  if (!isDay(input.reportDate) || input.reportDate > today || input.reportDate < input.sampleDate) throw new AppError(TracingErrors.TRACING_DATES_INVALID, { field: 'reportDate' });
  const verdict = validateDocument(input.documentType, input.documentNumber);
  if (!verdict.ok) throw new AppError(TracingErrors.TRACING_DOCUMENT_INVALID, { problem: verdict.problem });
  const documentIndex = ctx.blindIndex.of('id', verdict.number);
  const row = await ctx.db.transaction(async (tx) => {
    const saved = await repo.insertLabResult(tx, {
      documentType: input.documentType,
      documentIndex,
      documentNumberCipher: ctx.cipher.encrypt(verdict.number)!,
      nameCipher: ctx.cipher.encrypt(input.name.trim())!,
      citizenId: await repo.citizenIdByDocument(tx, documentIndex),
      sampleDate: input.sampleDate,
      testType: input.testType,
      lab: input.lab.trim(),
      result: input.result,
      reportDate: input.reportDate,
      regionCode: input.regionCode,
      createdBy: staff.staffId,
    });
    await appendAudit(tx, { ...auditBase(staff, meta), action: 'tracing.lab.record', subjectType: 'tracing_lab_result', subjectId: saved.id, regionCode: saved.regionCode, detail: { testType: saved.testType, result: saved.result } });
    return saved;
  });
  if (row.citizenId) await onFactsChanged(ctx, row.citizenId, { type: 'actor', actorType: 'staff', actorId: staff.staffId, action: 'tracing.lab.record' });
  const open = await repo.documentsWithOpenCase(ctx.db, [documentIndex]);
  return { ...row, proposesCase: row.result === 'positive' && !open.has(documentIndex) };
}

/** Lab results of the officer's region, newest first, each saying whether it proposes a case (audited). */
export async function listLabResults(ctx: AppContext, principal: Principal, query: { proposesCase?: boolean }, meta: RequestMeta): Promise<(repo.LabResultRow & { proposesCase: boolean })[]> {
  const staff = asStaff(principal);
  const found = await repo.listLabResults(ctx.db, { prefix: divisionPrefix(staff.regionCode), limit: 500 });
  const open = await repo.documentsWithOpenCase(ctx.db, found.map((r) => r.documentIndex));
  const rows = found.map((r) => ({ ...r, proposesCase: r.result === 'positive' && r.caseId === null && !open.has(r.documentIndex) })).filter((r) => query.proposesCase === undefined || r.proposesCase === query.proposesCase);
  await recordAudit(ctx.db, { ...auditBase(staff, meta), action: 'tracing.lab.list', subjectType: 'tracing_lab_result', regionCode: staff.regionCode, detail: { count: rows.length } });
  return rows;
}

/** Opens the case a positive result proposes, in one step (source 检测阳性), linked to the result; the code is recomputed. */
export async function openCaseFromLab(ctx: AppContext, principal: Principal, id: string, input: { status: 'suspected' | 'asymptomatic' | 'confirmed'; reason: string }, meta: RequestMeta): Promise<repo.CaseRow> {
  const staff = asStaff(principal);
  const created = await ctx.db.transaction(async (tx) => {
    const lab = await repo.findLabResult(tx, id, { lock: true });
    if (!lab) throw new AppError(CommonErrors.NOT_FOUND);
    assertInScope(staff, lab.regionCode);
    if (lab.result !== 'positive' || lab.caseId) throw new AppError(TracingErrors.TRACING_LAB_NO_CASE_PROPOSED);
    if ((await repo.documentsWithOpenCase(tx, [lab.documentIndex])).size > 0) throw new AppError(TracingErrors.TRACING_LAB_NO_CASE_PROPOSED);
    const today = todayInChina();
    const row = await repo.insertCase(tx, {
      status: input.status,
      documentType: lab.documentType,
      documentIndex: lab.documentIndex,
      documentNumberCipher: lab.documentNumberCipher,
      nameCipher: lab.nameCipher,
      citizenId: lab.citizenId ?? (await repo.citizenIdByDocument(tx, lab.documentIndex)),
      onsetDate: null,
      reportDate: lab.reportDate,
      confirmedDate: input.status === 'confirmed' ? today : null,
      source: 'laboratory',
      regionCode: lab.regionCode,
      notes: input.reason,
      createdBy: staff.staffId,
    });
    await repo.insertHistory(tx, { caseId: row.id, fromStatus: null, toStatus: row.status, reason: `检测阳性立案：${input.reason}`, changedBy: staff.staffId });
    await repo.setLabResultCase(tx, lab.id, row.id);
    await appendAudit(tx, { ...auditBase(staff, meta), action: 'tracing.lab.open-case', subjectType: 'tracing_lab_result', subjectId: lab.id, regionCode: lab.regionCode, detail: { caseId: row.id, status: row.status } });
    return row;
  });
  if (created.citizenId) await onFactsChanged(ctx, created.citizenId, { type: 'actor', actorType: 'staff', actorId: staff.staffId, action: 'tracing.lab.open-case' });
  return created;
}
