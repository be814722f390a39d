import { divisionPrefix } from '@fangxian/contracts/kernel';
import { and, desc, eq, gte, inArray, like, lt, sql, type SQL } from 'drizzle-orm';
import { decideApproval, proposeApproval } from '../approvals/approvals.service.ts';
import { assertInScope, asStaff } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { appendAudit, recordAudit } from '../audit/audit.service.ts';
import type { Tx } from '../db/database.ts';
import type { AppContext } from '../http/context.ts';
import { AppError, CommonErrors } from '../http/errors.ts';
import type { RequestMeta } from '../identity/request-meta.ts';
import { EvaluationErrors } from './evaluations.errors.ts';
import { OVERSEER_ROLES } from './evaluations.policy.ts';
import { isBadRating, monthBounds, monthlyFigures, rectificationDue, type FigureLine } from './evaluations.rules.ts';
import { evaluations, rectifications } from './evaluations.tables.ts';

export type EvaluationRow = typeof evaluations.$inferSelect;
export type RectificationRow = typeof rectifications.$inferSelect;
type Staff = Extract<Principal, { kind: 'staff' }>;
type Actor = Principal | { kind: 'system'; id: string } | { kind: 'anonymous' };

/** The approvals kind of an appeal: proposing it is `evaluations.rating.exclude.propose`, and so on. */
export const APPEAL_KIND = 'evaluations.rating.exclude';

/** What the module that did the handling records when the applicant rates it. */
export interface EvaluationInput {
  sourceType: string;
  sourceId: string;
  /** Which handling of the source (1 for the first); omitted: the next after those already rated (each rating of a ticket counts). */
  handling?: number;
  subjectCode: string;
  subjectName: string;
  department: string;
  regionCode: string;
  citizenId?: string | null;
  level: number;
  comment?: string | null;
  tags?: string[];
  channel?: string;
}

/**
 * Records a rating in the caller's transaction (so it commits with the module's own change) and, for
 * 不满意 / 非常不满意, opens the department's rectification task with its deadline. Audited as
 * `evaluations.rating.create`. Rating the same handling twice: EVALUATIONS_ALREADY_RATED.
 */
export async function recordEvaluation(
  tx: Tx, input: EvaluationInput, by: { actor: Actor; meta?: RequestMeta }, now: Date = new Date(),
): Promise<{ evaluation: EvaluationRow; rectification: RectificationRow | null }> {
  if (!Number.isInteger(input.level) || input.level < 1 || input.level > 5) throw new AppError(EvaluationErrors.EVALUATIONS_LEVEL_INVALID);
  let handling = input.handling;
  if (handling === undefined) {
    const [last] = await tx.select({ handling: evaluations.handling }).from(evaluations).where(and(eq(evaluations.sourceType, input.sourceType), eq(evaluations.sourceId, input.sourceId))).orderBy(desc(evaluations.handling)).limit(1);
    handling = (last?.handling ?? 0) + 1;
  }
  const [evaluation] = await tx
    .insert(evaluations)
    .values({
      sourceType: input.sourceType, sourceId: input.sourceId, handling, subjectCode: input.subjectCode, subjectName: input.subjectName,
      department: input.department, regionCode: input.regionCode, citizenId: input.citizenId ?? null, level: input.level, comment: input.comment?.trim() || null,
      tags: [...new Set((input.tags ?? []).map((t) => t.trim()).filter(Boolean))].slice(0, 10), channel: input.channel ?? 'app', createdAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!evaluation) throw new AppError(EvaluationErrors.EVALUATIONS_ALREADY_RATED);
  let rectification: RectificationRow | null = null;
  if (isBadRating(input.level)) {
    [rectification] = await tx
      .insert(rectifications)
      .values({ evaluationId: evaluation.id, regionCode: evaluation.regionCode, department: evaluation.department, status: 'open', dueAt: rectificationDue(now), createdAt: now })
      .returning();
  }
  await appendAudit(tx, {
    actor: by.actor, action: 'evaluations.rating.create', subjectType: 'evaluation', subjectId: evaluation.id, regionCode: evaluation.regionCode,
    detail: { sourceType: evaluation.sourceType, sourceId: evaluation.sourceId, level: evaluation.level, department: evaluation.department, rectification: rectification?.id ?? null },
    ip: by.meta?.ip, requestId: by.meta?.requestId,
  });
  return { evaluation, rectification };
}

/** The evaluations of one source (e.g. an application), newest first. */
export async function evaluationsOfSource(ctx: AppContext, sourceType: string, sourceId: string): Promise<EvaluationRow[]> {
  return ctx.db.select().from(evaluations).where(and(eq(evaluations.sourceType, sourceType), eq(evaluations.sourceId, sourceId))).orderBy(desc(evaluations.createdAt));
}

const isOverseer = (staff: Staff) => staff.roles.some((r) => (OVERSEER_ROLES as readonly string[]).includes(r));
const regionScope = (staff: Staff, column: typeof evaluations.regionCode | typeof rectifications.regionCode): SQL | undefined =>
  staff.regionCode ? like(column, `${divisionPrefix(staff.regionCode)}%`) : undefined;

/** A task as the console lists it: the rectification, its rating, and the appeal's state. */
export interface TaskView {
  rectification: RectificationRow;
  evaluation: EvaluationRow;
}

/** Rectification tasks: an overseer's region, or the officer's department in their region; open first, by deadline. */
export async function listTasks(ctx: AppContext, principal: Principal, meta: RequestMeta): Promise<TaskView[]> {
  const staff = asStaff(principal);
  const where = [regionScope(staff, rectifications.regionCode)];
  if (!isOverseer(staff)) where.push(eq(rectifications.department, staff.department));
  const rows = await ctx.db.select().from(rectifications).where(and(...where)).orderBy(sql`case ${rectifications.status} when 'open' then 0 when 'rectified' then 1 else 2 end`, rectifications.dueAt).limit(300);
  const evals = rows.length ? await ctx.db.select().from(evaluations).where(inArray(evaluations.id, rows.map((r) => r.evaluationId))) : [];
  const byId = new Map(evals.map((e) => [e.id, e]));
  await recordAudit(ctx.db, { actor: staff, action: 'evaluations.rectification.read', subjectType: 'evaluation', regionCode: staff.regionCode || null, detail: { count: rows.length }, ip: meta.ip, requestId: meta.requestId });
  return rows.map((r) => ({ rectification: r, evaluation: byId.get(r.evaluationId)! }));
}

async function lockTask(tx: Tx, staff: Staff, id: string, departmentOnly: boolean): Promise<{ rect: RectificationRow; evaluation: EvaluationRow }> {
  const [rect] = await tx.select().from(rectifications).where(eq(rectifications.id, id)).for('update');
  if (!rect) throw new AppError(CommonErrors.NOT_FOUND);
  assertInScope(staff, rect.regionCode);
  const own = rect.department === staff.department;
  if (!own && !isOverseer(staff)) throw new AppError(CommonErrors.NOT_FOUND);
  if (departmentOnly && !own) throw new AppError(EvaluationErrors.EVALUATIONS_NOT_YOUR_DEPARTMENT);
  const [evaluation] = await tx.select().from(evaluations).where(eq(evaluations.id, rect.evaluationId)).for('update');
  return { rect, evaluation };
}

/** The rated department records what it changed (整改). */
export async function rectify(ctx: AppContext, principal: Principal, id: string, note: string, meta: RequestMeta, now: Date = new Date()): Promise<TaskView> {
  const staff = asStaff(principal);
  return ctx.db.transaction(async (tx) => {
    const { rect, evaluation } = await lockTask(tx, staff, id, true);
    if (rect.status !== 'open') throw new AppError(EvaluationErrors.EVALUATIONS_NOT_RECTIFIABLE);
    const [updated] = await tx.update(rectifications).set({ status: 'rectified', rectificationNote: note.trim(), rectifiedAt: now, rectifiedBy: staff.staffId }).where(eq(rectifications.id, id)).returning();
    await appendAudit(tx, { actor: staff, action: 'evaluations.rectification.rectify', subjectType: 'evaluation', subjectId: evaluation.id, regionCode: rect.regionCode, detail: { rectification: id, onTime: now <= rect.dueAt }, ip: meta.ip, requestId: meta.requestId });
    return { rectification: updated, evaluation };
  });
}

/** The callback (回访) to the applicant after the rectification closes the task. */
export async function recordCallback(
  ctx: AppContext, principal: Principal, id: string, input: { result: 'satisfied' | 'unsatisfied' | 'unreachable'; note?: string | null }, meta: RequestMeta, now: Date = new Date(),
): Promise<TaskView> {
  const staff = asStaff(principal);
  return ctx.db.transaction(async (tx) => {
    const { rect, evaluation } = await lockTask(tx, staff, id, false);
    if (rect.status !== 'rectified') throw new AppError(EvaluationErrors.EVALUATIONS_NOT_RECTIFIABLE);
    const [updated] = await tx
      .update(rectifications)
      .set({ status: 'closed', callbackResult: input.result, callbackNote: input.note?.trim() || null, callbackAt: now, callbackBy: staff.staffId })
      .where(eq(rectifications.id, id))
      .returning();
    await appendAudit(tx, { actor: staff, action: 'evaluations.rectification.callback', subjectType: 'evaluation', subjectId: evaluation.id, regionCode: rect.regionCode, detail: { rectification: id, result: input.result }, ip: meta.ip, requestId: meta.requestId });
    return { rectification: updated, evaluation };
  });
}

/** The rated department appeals a malicious bad rating (申诉): a proposal a supervisor must decide (platform/approvals). */
export async function appeal(ctx: AppContext, principal: Principal, id: string, reason: string, meta: RequestMeta): Promise<TaskView> {
  const staff = asStaff(principal);
  return ctx.db.transaction(async (tx) => {
    const { rect, evaluation } = await lockTask(tx, staff, id, true);
    if (evaluation.appealStatus !== 'none' || rect.status === 'waived') throw new AppError(EvaluationErrors.EVALUATIONS_APPEAL_NOT_ALLOWED);
    const proposal = await proposeApproval(tx, {
      kind: APPEAL_KIND, staff, payload: { evaluationId: evaluation.id, rectificationId: rect.id },
      summary: { evaluationId: evaluation.id, department: evaluation.department, level: evaluation.level, reason: reason.trim() }, expiresInHours: 24 * 30, meta,
    });
    const [updated] = await tx.update(evaluations).set({ appealStatus: 'pending', appealId: proposal.id }).where(eq(evaluations.id, evaluation.id)).returning();
    return { rectification: rect, evaluation: updated };
  });
}

/**
 * A supervisor decides an appeal (maker-checker through decideApproval: another officer, in scope,
 * before it expires). Upheld: the rating is excluded from the figures and its task waived.
 */
export async function decideAppeal(
  ctx: AppContext, principal: Principal, evaluationId: string, input: { decision: 'approve' | 'reject'; note?: string | null }, meta: RequestMeta,
): Promise<TaskView> {
  const staff = asStaff(principal);
  return ctx.db.transaction(async (tx) => {
    const [evaluation] = await tx.select().from(evaluations).where(eq(evaluations.id, evaluationId)).for('update');
    if (!evaluation || !evaluation.appealId) throw new AppError(CommonErrors.NOT_FOUND);
    assertInScope(staff, evaluation.regionCode);
    await decideApproval(tx, {
      id: evaluation.appealId, kind: APPEAL_KIND, staff, decision: input.decision, note: input.note ?? undefined, meta,
      apply: async () => {
        await tx.update(rectifications).set({ status: 'waived' }).where(eq(rectifications.evaluationId, evaluationId));
      },
    });
    const [updated] = await tx
      .update(evaluations)
      .set(input.decision === 'approve' ? { appealStatus: 'upheld', status: 'excluded' } : { appealStatus: 'rejected' })
      .where(eq(evaluations.id, evaluationId))
      .returning();
    const [rect] = await tx.select().from(rectifications).where(eq(rectifications.evaluationId, evaluationId));
    return { rectification: rect, evaluation: updated };
  });
}

/** Monthly figures of the officer's region by service item or by department (the read is audited). */
export async function figures(ctx: AppContext, principal: Principal, month: string, by: 'item' | 'department', meta: RequestMeta): Promise<FigureLine[]> {
  const staff = asStaff(principal);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new AppError(EvaluationErrors.EVALUATIONS_MONTH_INVALID);
  const { from, to } = monthBounds(month);
  const rows = await ctx.db
    .select({ e: evaluations, r: rectifications })
    .from(evaluations)
    .leftJoin(rectifications, eq(rectifications.evaluationId, evaluations.id))
    .where(and(regionScope(staff, evaluations.regionCode), gte(evaluations.createdAt, from), lt(evaluations.createdAt, to)));
  await recordAudit(ctx.db, { actor: staff, action: 'evaluations.figures.read', subjectType: 'evaluation', regionCode: staff.regionCode || null, detail: { month, by, count: rows.length }, ip: meta.ip, requestId: meta.requestId });
  return monthlyFigures(
    rows.map(({ e, r }) => ({
      key: by === 'item' ? e.subjectCode : e.department,
      name: by === 'item' ? e.subjectName : e.department,
      level: e.level,
      excluded: e.status === 'excluded',
      rectification: r ? { status: r.status, dueAt: r.dueAt, rectifiedAt: r.rectifiedAt } : null,
    })),
  );
}
