/**
 * 直通车 (through train) for industrial-park projects: the window registers a park project of an
 * enterprise and assigns a dedicated handler (专员, a reviewing officer of the region); applications of
 * the enterprise are linked to the project (by the window, the handler, or the applicant when filing);
 * the handler sees every application of the project across departments — their parts, deadlines and
 * status — and opens each one read-only (masked, audited) without being one of its departments.
 */
import { isCreditCode } from '@fangxian/contracts/govservice';
import { asStaff, assertInScope } from '../../platform/access/policy.ts';
import { regionContains, type Principal } from '../../platform/access/principal.ts';
import { appendAudit, recordAudit } from '../../platform/audit/audit.service.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { GovserviceErrors as E } from './govservice.errors.ts';
import { REVIEW_ROLES, WINDOW_ROLES } from './govservice.policy.ts';
import * as repo from './govservice.repository.ts';
import { GovserviceClock } from './govservice.runtime.ts';
import { assertStorableText } from './govservice.text.ts';

type Staff = ReturnType<typeof asStaff>;
const base = (actor: Principal, meta: RequestMeta) => ({ actor, ip: meta.ip, requestId: meta.requestId });
const isWindow = (s: Staff) => s.roles.some((r) => (WINDOW_ROLES as readonly string[]).includes(r));
const prefix = (scope: string) => scope.replace(/(00)+$/, '');

export interface ProjectInput {
  code: string;
  name: string;
  park: string;
  regionCode: string;
  enterpriseName: string;
  enterpriseCode: string;
  handlerId: string;
}

async function assertHandler(tx: Tx, handlerId: string, regionCode: string): Promise<void> {
  const h = await repo.activeStaff(tx, handlerId);
  if (!h || !h.roles.some((r) => (REVIEW_ROLES as readonly string[]).includes(r)) || !regionContains(h.regionCode, regionCode)) {
    throw new AppError(E.GOVSERVICE_PROJECT_HANDLER, { field: 'handlerId' });
  }
}

export async function createProject(ctx: AppContext, principal: Principal, input: ProjectInput, meta: RequestMeta): Promise<repo.ProjectRow> {
  assertStorableText(input);
  const staff = asStaff(principal);
  if (!regionContains(staff.regionCode, input.regionCode)) throw new AppError(CommonErrors.FORBIDDEN, { field: 'regionCode' });
  const code = input.enterpriseCode.trim().toUpperCase();
  if (!isCreditCode(code)) throw new AppError(E.GOVSERVICE_ENTERPRISE_REQUIRED, { field: 'enterpriseCode' });
  return ctx.db.transaction(async (tx) => {
    if (await repo.projectByCode(tx, input.code)) throw new AppError(E.GOVSERVICE_PROJECT_CODE_TAKEN);
    await assertHandler(tx, input.handlerId, input.regionCode);
    const now = GovserviceClock.of(ctx).now();
    const row = await repo.insertProject(tx, {
      code: input.code, name: input.name.trim(), park: input.park.trim(), regionCode: input.regionCode, enterpriseName: input.enterpriseName.trim(), enterpriseCode: code,
      handlerId: input.handlerId, createdBy: staff.staffId, createdAt: now, updatedAt: now,
    });
    await appendAudit(tx, { ...base(staff, meta), action: 'govservice.project.create', subjectType: 'gs_project', subjectId: row.id, regionCode: row.regionCode, detail: { code: row.code, handlerId: row.handlerId } });
    return row;
  });
}

/** Assigns another dedicated handler. */
export async function assignHandler(ctx: AppContext, principal: Principal, id: string, handlerId: string, meta: RequestMeta): Promise<void> {
  const staff = asStaff(principal);
  await ctx.db.transaction(async (tx) => {
    const p = await repo.projectById(tx, id);
    if (!p) throw new AppError(CommonErrors.NOT_FOUND);
    assertInScope(staff, p.regionCode);
    await assertHandler(tx, handlerId, p.regionCode);
    await repo.updateProject(tx, id, { handlerId, updatedAt: GovserviceClock.of(ctx).now() });
    await appendAudit(tx, { ...base(staff, meta), action: 'govservice.project.assign', subjectType: 'gs_project', subjectId: id, regionCode: p.regionCode, detail: { handlerId } });
  });
}

/** Whether the officer sees the project: its handler, or the window of its region. */
function canSee(staff: Staff, p: repo.ProjectRow): boolean {
  return p.handlerId === staff.staffId || (isWindow(staff) && regionContains(staff.regionCode, p.regionCode));
}

/** The projects an officer handles, or for the window, those of its region. */
export async function projectsFor(ctx: AppContext, principal: Principal) {
  const staff = asStaff(principal);
  const rows = isWindow(staff) ? await repo.projects(ctx.db, { regionPrefix: prefix(staff.regionCode), handlerId: null }) : await repo.projects(ctx.db, { regionPrefix: '', handlerId: staff.staffId });
  return rows.filter((p) => canSee(staff, p));
}

/** A project with all its applications across departments (each with its parts), for its handler or the window (audited). */
export async function projectFor(ctx: AppContext, principal: Principal, id: string, meta: RequestMeta) {
  const staff = asStaff(principal);
  const p = await repo.projectById(ctx.db, id);
  if (!p || !canSee(staff, p)) throw new AppError(CommonErrors.NOT_FOUND);
  assertInScope(staff, p.regionCode);
  const apps = await repo.applicationsOfProject(ctx.db, id);
  const parts = await repo.partsOf(ctx.db, apps.map((a) => a.app.id));
  const handler = await repo.activeStaff(ctx.db, p.handlerId);
  await recordAudit(ctx.db, { ...base(staff, meta), action: 'govservice.project.read', subjectType: 'gs_project', subjectId: id, regionCode: p.regionCode, detail: { applications: apps.length } });
  return { project: p, handlerName: handler?.displayName ?? null, apps, parts };
}

/** Links a submitted application of the project's enterprise to the project (the window of the region or the handler). */
export async function linkApplication(ctx: AppContext, principal: Principal, id: string, applicationId: string, meta: RequestMeta): Promise<void> {
  const staff = asStaff(principal);
  await ctx.db.transaction(async (tx) => {
    const p = await repo.projectById(tx, id);
    if (!p || !canSee(staff, p)) throw new AppError(CommonErrors.NOT_FOUND);
    const row = await repo.findApplication(tx, applicationId, true);
    if (!row || row.status === 'draft') throw new AppError(CommonErrors.NOT_FOUND);
    assertInScope(staff, row.regionCode);
    if (row.applicantType !== 'enterprise' || row.enterpriseCode !== p.enterpriseCode) throw new AppError(E.GOVSERVICE_PROJECT_MISMATCH);
    const now = GovserviceClock.of(ctx).now();
    await repo.updateApplication(tx, row.id, { projectId: p.id, updatedAt: now });
    await repo.insertEvent(tx, { applicationId: row.id, action: 'project', fromStatus: row.status, toStatus: row.status, publicNote: `纳入重点项目“直通车”：${p.name}`, actorType: 'staff', actorId: staff.staffId, department: staff.department, at: now });
    await appendAudit(tx, { ...base(staff, meta), action: 'govservice.project.link', subjectType: 'gs_application', subjectId: row.id, regionCode: row.regionCode, detail: { projectId: p.id } });
  });
}

/** The applicant names a project when filing: it must exist and be their enterprise's (checked at creation). */
export async function projectForFiling(tx: Tx, code: string, enterpriseCode: string | null): Promise<string> {
  const p = await repo.projectByCode(tx, code);
  if (!p || !enterpriseCode || p.enterpriseCode !== enterpriseCode.trim().toUpperCase()) throw new AppError(E.GOVSERVICE_PROJECT_MISMATCH, { field: 'projectCode' });
  return p.id;
}
