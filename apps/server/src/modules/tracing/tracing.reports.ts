import { dayOf, divisionPrefix } from '@fangxian/contracts/kernel';
import { assertInScope, asCitizen, asStaff } from '../../platform/access/policy.ts';
import type { Principal } from '../../platform/access/principal.ts';
import { appendAudit, recordAudit } from '../../platform/audit/audit.service.ts';
import { isDivisionCode } from '../../platform/divisions/index.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { onFactsChanged } from '../health-code/index.ts';
import { TracingErrors } from './tracing.errors.ts';
import { TracingContactDecided } from './tracing.events.ts';
import * as repo from './tracing.repository.ts';
import { countyOf, followUpPeriod } from './tracing.rules.ts';

/**
 * A citizen reports a self-check match (主动报告): the published place or trip they shared with a case.
 * The report is a contact proposal for the officers of the case's region, who confirm the citizen as a
 * contact (the person-status fact, the worklist, the hand-off event to screening) or dismiss it.
 */

const auditBase = (actor: Principal, meta: RequestMeta) => ({ actor, ip: meta.ip, requestId: meta.requestId });

/** Records the citizen's report of a published point (once per point; a repeat returns the first). */
export async function reportMatch(ctx: AppContext, principal: Principal, input: { pointId: string; note?: string }, meta: RequestMeta): Promise<repo.SelfReportRow> {
  const citizen = asCitizen(principal);
  const found = await repo.publishedPoint(ctx.db, input.pointId);
  if (!found) throw new AppError(CommonErrors.NOT_FOUND);
  return ctx.db.transaction(async (tx) => {
    const row = await repo.insertSelfReport(tx, { citizenId: citizen.citizenId, pointId: found.point.id, caseId: found.theCase.id, regionCode: found.theCase.regionCode, note: input.note?.trim() ?? '' });
    await appendAudit(tx, { ...auditBase(citizen, meta), action: 'tracing.self-check.report', subjectType: 'tracing_self_report', subjectId: row.id, regionCode: row.regionCode });
    return row;
  });
}

/** Reports of the officer's region (by the case's region), newest first, with the person (masked by the presenter); audited. */
export async function listReports(ctx: AppContext, principal: Principal, query: { status?: string }, meta: RequestMeta) {
  const staff = asStaff(principal);
  const found = await repo.listSelfReports(ctx.db, { prefix: divisionPrefix(staff.regionCode), status: query.status, limit: 500 });
  const people = new Map((await repo.citizensByIds(ctx.db, [...new Set(found.map((f) => f.report.citizenId))])).map((p) => [p.id, p]));
  await recordAudit(ctx.db, { ...auditBase(staff, meta), action: 'tracing.self-report.list', subjectType: 'tracing_self_report', regionCode: staff.regionCode, detail: { count: found.length } });
  return found.map((f) => ({ ...f, person: people.get(f.report.citizenId) ?? null }));
}

/** Confirms the reporting citizen as a contact of the case (or dismisses the report), with the grounds. */
export async function decideReport(
  ctx: AppContext,
  principal: Principal,
  id: string,
  input: { decision: 'confirmed' | 'dismissed'; level?: 'close' | 'secondary' | 'general'; reason: string },
  meta: RequestMeta,
): Promise<repo.SelfReportRow & { contact: repo.ContactRow | null }> {
  const staff = asStaff(principal);
  const level = input.decision === 'confirmed' ? (input.level ?? 'close') : null;
  const result = await ctx.db.transaction(async (tx) => {
    const report = await repo.findSelfReport(tx, id, { lock: true });
    if (!report) throw new AppError(CommonErrors.NOT_FOUND);
    assertInScope(staff, report.regionCode);
    if (report.status !== 'new') throw new AppError(TracingErrors.TRACING_REPORT_DECIDED);
    let contact: repo.ContactRow | null = null;
    if (input.decision === 'confirmed') {
      const found = await repo.publishedPoint(tx, report.pointId);
      if (!found) throw new AppError(CommonErrors.NOT_FOUND);
      const [person] = await repo.citizensByIds(tx, [report.citizenId]);
      const household = person?.householdDivision && isDivisionCode(countyOf(person.householdDivision)) ? countyOf(person.householdDivision) : null;
      const period = followUpPeriod(level!, dayOf(found.point.toAt));
      contact = await repo.upsertContact(tx, {
        caseId: report.caseId,
        citizenId: report.citizenId,
        decision: 'confirmed',
        level,
        reason: `主动报告：${input.reason}`,
        venueId: found.point.venueId,
        lastExposureAt: found.point.toAt,
        overlapMinutes: 0,
        regionCode: found.theCase.regionCode,
        decidedBy: staff.staffId,
        assignedRegion: household ?? found.theCase.regionCode,
        followFrom: period?.from ?? null,
        followUntil: period?.until ?? null,
        followStatus: period ? 'active' : 'ended',
      });
    }
    await repo.updateSelfReport(tx, id, { status: input.decision, contactId: contact?.id ?? null, decidedBy: staff.staffId, decidedAt: new Date() });
    await appendAudit(tx, { ...auditBase(staff, meta), action: 'tracing.self-report.decide', subjectType: 'tracing_self_report', subjectId: id, regionCode: report.regionCode, detail: { decision: input.decision, level, contactId: contact?.id ?? null } });
    return { ...report, status: input.decision, contactId: contact?.id ?? null, contact };
  });
  if (result.contact) {
    await onFactsChanged(ctx, result.citizenId, { type: 'actor', actorType: 'staff', actorId: staff.staffId, action: 'tracing.self-report.decide' });
    await ctx.modules.emit(ctx, TracingContactDecided, {
      contactId: result.contact.id,
      caseId: result.caseId,
      citizenId: result.citizenId,
      decision: 'confirmed',
      level,
      lastExposureAt: result.contact.lastExposureAt,
      regionCode: result.contact.regionCode,
      assignedRegion: result.contact.assignedRegion,
      followUntil: result.contact.followUntil,
      actor: staff,
    });
  }
  return result;
}
