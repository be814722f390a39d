import { isDay, todayInChina } from '@fangxian/contracts/kernel';
import { assertInScope, asStaff } from '../../platform/access/policy.ts';
import { regionContains, type Principal } from '../../platform/access/principal.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { validateDocument, type DocumentType } from '../../platform/identity/documents.ts';
import { divisionFullName, isDivisionCode } from '../../platform/divisions/index.ts';
import { EpidemicChangeCommitted, EpidemicChangeInTransaction, type EpidemicChange } from './epidemic.events.ts';
import * as repo from './epidemic.repository.ts';
import { EpidemicErrors } from './epidemic.errors.ts';

function assertDivision(code: string): void {
  if (!isDivisionCode(code)) throw new AppError(EpidemicErrors.EPIDEMIC_DIVISION_UNKNOWN, { divisionCode: code });
}

function assertDates(from: string, to: string | null | undefined): void {
  if (!isDay(from) || (to && !isDay(to)) || (to && to < from)) throw new AppError(EpidemicErrors.EPIDEMIC_DATES_INVALID);
}

function documentIndexOf(ctx: AppContext, type: DocumentType, number: string): { index: string; number: string } {
  const verdict = validateDocument(type, number);
  if (!verdict.ok) throw new AppError(EpidemicErrors.EPIDEMIC_DOCUMENT_INVALID, { problem: verdict.problem });
  return { index: ctx.blindIndex.of('id', verdict.number), number: verdict.number };
}

const auditBase = (actor: Principal, meta: RequestMeta) => ({ actor, ip: meta.ip, requestId: meta.requestId });

/**
 * Runs a registry change in one transaction with its in-transaction listeners, then tells the
 * committed listeners; answers the change's result and the background jobs listeners queued for it
 * (the recomputation of a risk area's people).
 */
async function commitChange<T>(ctx: AppContext, actor: Principal, work: (tx: Tx) => Promise<{ result: T; change: EpidemicChange }>): Promise<{ result: T; jobs: string[] }> {
  const jobs: string[] = [];
  const { result, change } = await ctx.db.transaction(async (tx) => {
    jobs.length = 0; // a retried transaction queues its jobs again
    const out = await work(tx);
    await ctx.modules.emit(ctx, EpidemicChangeInTransaction, { tx, change: out.change, actor, jobs });
    return out;
  });
  await ctx.modules.emit(ctx, EpidemicChangeCommitted, { change, actor });
  return { result, jobs };
}

/** A risk area as changed, with the background job recomputing the codes it touches (null when none was queued). */
export type ChangedRiskArea = repo.RiskAreaRow & { recomputeJobId: string | null };

const withJob = ({ result, jobs }: { result: repo.RiskAreaRow; jobs: string[] }): ChangedRiskArea => ({ ...result, recomputeJobId: jobs[0] ?? null });

/** The risk-area list: everyone signed in sees areas in force; staff may also ask for their region's history. */
export async function listRiskAreas(ctx: AppContext, principal: Principal, query: { activeOn?: string; all?: boolean }): Promise<repo.RiskAreaRow[]> {
  const today = todayInChina();
  if (query.activeOn && !isDay(query.activeOn)) throw new AppError(EpidemicErrors.EPIDEMIC_DATES_INVALID);
  const showAll = query.all === true && principal.kind === 'staff';
  return repo.findRiskAreas(ctx.db, {
    activeOn: showAll ? query.activeOn : (query.activeOn ?? today),
    scope: showAll ? principal.regionCode : undefined,
    limit: 1000,
  });
}

/** Adds a risk area inside the officer's region; the people it touches are recomputed. */
export async function createRiskArea(
  ctx: AppContext,
  principal: Principal,
  input: { divisionCode: string; level: string; startDate: string; endDate?: string | null; reason: string },
  meta: RequestMeta,
): Promise<ChangedRiskArea> {
  const staff = asStaff(principal);
  assertDivision(input.divisionCode);
  assertInScope(staff, input.divisionCode);
  assertDates(input.startDate, input.endDate);
  return withJob(await commitChange(ctx, staff, async (tx) => {
    const row = await repo.insertRiskArea(tx, {
      divisionCode: input.divisionCode,
      divisionName: divisionFullName(input.divisionCode),
      level: input.level,
      startDate: input.startDate,
      endDate: input.endDate ?? null,
      reason: input.reason,
      createdBy: staff.staffId,
      updatedBy: staff.staffId,
    });
    await appendAudit(tx, {
      ...auditBase(staff, meta),
      action: 'epidemic.risk-area.create',
      subjectType: 'risk_area',
      subjectId: row.id,
      regionCode: row.divisionCode,
      detail: { level: row.level, startDate: row.startDate, endDate: row.endDate },
    });
    return { result: row, change: { kind: 'risk_area', areaId: row.id, divisionCodes: [row.divisionCode] } };
  }));
}

/** Changes a risk area's level, dates or reason. */
export async function changeRiskArea(
  ctx: AppContext,
  principal: Principal,
  id: string,
  patch: { level?: string; startDate?: string; endDate?: string | null; reason?: string },
  meta: RequestMeta,
): Promise<ChangedRiskArea> {
  const staff = asStaff(principal);
  return withJob(await commitChange(ctx, staff, async (tx) => {
    const before = await repo.findRiskArea(tx, id);
    if (!before) throw new AppError(CommonErrors.NOT_FOUND);
    assertInScope(staff, before.divisionCode);
    const startDate = patch.startDate ?? before.startDate;
    const endDate = patch.endDate === undefined ? before.endDate : patch.endDate;
    assertDates(startDate, endDate);
    const row = await repo.updateRiskArea(tx, id, { level: patch.level ?? before.level, startDate, endDate, reason: patch.reason ?? before.reason, updatedBy: staff.staffId });
    await appendAudit(tx, {
      ...auditBase(staff, meta),
      action: 'epidemic.risk-area.update',
      subjectType: 'risk_area',
      subjectId: id,
      regionCode: row.divisionCode,
      detail: { before: { level: before.level, startDate: before.startDate, endDate: before.endDate }, after: { level: row.level, startDate, endDate } },
    });
    return { result: row, change: { kind: 'risk_area', areaId: id, divisionCodes: [row.divisionCode] } };
  }));
}

/** Removes a risk area entered by mistake (to end one, set its end date instead). */
export async function removeRiskArea(ctx: AppContext, principal: Principal, id: string, meta: RequestMeta): Promise<{ id: string; recomputeJobId: string | null }> {
  const staff = asStaff(principal);
  const { jobs } = await commitChange(ctx, staff, async (tx) => {
    const before = await repo.findRiskArea(tx, id);
    if (!before) throw new AppError(CommonErrors.NOT_FOUND);
    assertInScope(staff, before.divisionCode);
    await repo.deleteRiskArea(tx, id);
    await appendAudit(tx, {
      ...auditBase(staff, meta),
      action: 'epidemic.risk-area.delete',
      subjectType: 'risk_area',
      subjectId: id,
      regionCode: before.divisionCode,
      detail: { level: before.level, startDate: before.startDate, endDate: before.endDate },
    });
    return { result: undefined, change: { kind: 'risk_area', areaId: id, divisionCodes: [before.divisionCode] } };
  });
  return { id, recomputeJobId: jobs[0] ?? null };
}

/** Records a person's status (confirmed, close contact, released…) from an officer of the region. */
export async function recordPersonStatus(
  ctx: AppContext,
  principal: Principal,
  input: { documentType: DocumentType; documentNumber: string; status: string; date: string; source: string; regionCode: string },
  meta: RequestMeta,
): Promise<repo.PersonStatusRow> {
  const staff = asStaff(principal);
  assertDivision(input.regionCode);
  assertInScope(staff, input.regionCode);
  assertDates(input.date, null);
  const doc = documentIndexOf(ctx, input.documentType, input.documentNumber);
  return (await commitChange(ctx, staff, async (tx) => {
    const row = await repo.insertStatus(tx, {
      documentType: input.documentType,
      documentIndex: doc.index,
      documentNumberCipher: ctx.cipher.encrypt(doc.number),
      status: input.status,
      statusDate: input.date,
      source: input.source,
      regionCode: input.regionCode,
      recordedBy: staff.staffId,
    });
    await appendAudit(tx, {
      ...auditBase(staff, meta),
      action: 'epidemic.person-status.record',
      subjectType: 'person_status',
      subjectId: row.id,
      regionCode: row.regionCode,
      detail: { status: row.status, date: row.statusDate },
    });
    return { result: row, change: { kind: 'person', documentIndex: doc.index } };
  })).result;
}

/** Records a quarantine period (home or central). */
export async function recordQuarantine(
  ctx: AppContext,
  principal: Principal,
  input: { documentType: DocumentType; documentNumber: string; kind: string; from: string; to: string; regionCode: string },
  meta: RequestMeta,
): Promise<repo.QuarantineRow> {
  const staff = asStaff(principal);
  assertDivision(input.regionCode);
  assertInScope(staff, input.regionCode);
  assertDates(input.from, input.to);
  const doc = documentIndexOf(ctx, input.documentType, input.documentNumber);
  return (await commitChange(ctx, staff, async (tx) => {
    const row = await repo.insertQuarantine(tx, {
      documentType: input.documentType,
      documentIndex: doc.index,
      documentNumberCipher: ctx.cipher.encrypt(doc.number),
      kind: input.kind,
      fromDate: input.from,
      toDate: input.to,
      regionCode: input.regionCode,
      recordedBy: staff.staffId,
    });
    await appendAudit(tx, {
      ...auditBase(staff, meta),
      action: 'epidemic.quarantine.record',
      subjectType: 'quarantine',
      subjectId: row.id,
      regionCode: row.regionCode,
      detail: { kind: row.kind, from: row.fromDate, to: row.toDate },
    });
    return { result: row, change: { kind: 'person', documentIndex: doc.index } };
  })).result;
}

/** Voids a status entry or a quarantine period entered in error (kept for the record, no longer a fact). */
export async function voidRegistryEntry(
  ctx: AppContext,
  principal: Principal,
  which: 'person_status' | 'quarantine',
  id: string,
  reason: string,
  meta: RequestMeta,
): Promise<void> {
  const staff = asStaff(principal);
  await commitChange(ctx, staff, async (tx) => {
    const row = which === 'person_status' ? await repo.findStatusForUpdate(tx, id) : await repo.findQuarantineForUpdate(tx, id);
    if (!row) throw new AppError(CommonErrors.NOT_FOUND);
    assertInScope(staff, row.regionCode);
    if (row.voidedAt) throw new AppError(EpidemicErrors.EPIDEMIC_ALREADY_VOIDED);
    if (which === 'person_status') await repo.voidStatus(tx, id, reason);
    else await repo.voidQuarantine(tx, id, reason);
    await appendAudit(tx, { ...auditBase(staff, meta), action: `epidemic.${which === 'person_status' ? 'person-status' : 'quarantine'}.void`, subjectType: which, subjectId: id, regionCode: row.regionCode, detail: {} });
    return { result: undefined, change: { kind: 'person', documentIndex: row.documentIndex } };
  });
}

/** Lists status entries or quarantine periods recorded in the officer's region (masked; the read is audited). */
export async function listRegistry(
  ctx: AppContext,
  principal: Principal,
  which: 'person_status' | 'quarantine',
  query: { before?: string; limit: number },
  meta: RequestMeta,
): Promise<(repo.PersonStatusRow | repo.QuarantineRow)[]> {
  const staff = asStaff(principal);
  const before = query.before ? new Date(query.before) : null;
  const rows = which === 'person_status'
    ? await repo.findStatusesInRegion(ctx.db, staff.regionCode, before, query.limit)
    : await repo.findQuarantinesInRegion(ctx.db, staff.regionCode, before, query.limit);
  await ctx.db.transaction((tx) =>
    appendAudit(tx, { ...auditBase(staff, meta), action: `epidemic.${which === 'person_status' ? 'person-status' : 'quarantine'}.list`, subjectType: which, regionCode: staff.regionCode, detail: { count: rows.length } }),
  );
  return rows;
}

/** Looks a person up by document number (through the blind index): their statuses and quarantines in the officer's region. */
export async function lookupPerson(
  ctx: AppContext,
  principal: Principal,
  input: { documentType: DocumentType; documentNumber: string },
  meta: RequestMeta,
): Promise<{ statuses: repo.PersonStatusRow[]; quarantines: repo.QuarantineRow[] }> {
  const staff = asStaff(principal);
  const doc = documentIndexOf(ctx, input.documentType, input.documentNumber);
  const statuses = (await repo.findStatusesOf(ctx.db, doc.index)).filter((r) => regionContains(staff.regionCode, r.regionCode));
  const quarantines = (await repo.findQuarantinesOf(ctx.db, doc.index)).filter((r) => regionContains(staff.regionCode, r.regionCode));
  await ctx.db.transaction((tx) =>
    appendAudit(tx, {
      ...auditBase(staff, meta),
      action: 'epidemic.person.lookup',
      subjectType: 'person',
      regionCode: staff.regionCode,
      detail: { statuses: statuses.length, quarantines: quarantines.length },
    }),
  );
  return { statuses, quarantines };
}
