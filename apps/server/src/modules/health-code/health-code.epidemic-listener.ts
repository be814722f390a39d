import { sql, type SQL } from 'drizzle-orm';
import { addDays, dayOf, divisionPrefix, startOfDay } from '@fangxian/contracts/kernel';
import type { DbOrTx, Tx } from '../../platform/db/database.ts';
import { defineJob, enqueueJob } from '../../platform/jobs/index.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { Principal } from '../../platform/access/principal.ts';
import { on } from '../../platform/modules/module.ts';
import { EpidemicChangeCommitted, EpidemicChangeInTransaction, type EpidemicChange } from '../epidemic/index.ts';
import { factSourcesOf } from './health-code.facts.ts';
import * as repo from './health-code.repository.ts';
import { activeRules, forgetRiskAreaStamp, recomputeCheckpoint, recomputeMany, recomputeWalk, type Cause, type RecomputeCheckpoint } from './health-code.service.ts';
import type { Rule } from './health-code.types.ts';

/** How far back a risk-area change looks for declarations that touch it (the longest trip window is 30 days). */
const TOUCH_LOOKBACK_DAYS = 45;
/** People of a person-registry change recomputed in the request; beyond this the sweep takes over (they are already marked due). */
const PROMPT_LIMIT = 200;

/**
 * The longest window of a `visitedRiskArea` condition in the rules (0 when no rule reads visits): only
 * venue scans inside it can make a risk area count, so only their people need recomputing.
 */
export function visitWindowDays(rules: Rule[]): number {
  let days = 0;
  const walk = (c: unknown): void => {
    if (!c || typeof c !== 'object') return;
    if (Array.isArray(c)) return c.forEach(walk);
    const o = c as Record<string, unknown>;
    if (o.fact === 'visitedRiskArea' && typeof o.withinDays === 'number') days = Math.max(days, o.withinDays);
    for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
  };
  for (const r of rules) walk(r.condition);
  return days;
}

/** The first instant from which a visit (e.g. a venue scan) in a changed risk area can matter under the active rules, or null. */
async function scanWindowStart(db: DbOrTx): Promise<Date | null> {
  const days = visitWindowDays((await activeRules(db)).rules);
  return days > 0 ? startOfDay(addDays(dayOf(new Date()), -days)) : null;
}

/**
 * The query of the people a risk area over `divisionCodes` touches: everyone in or tied to its
 * divisions (stored region, household division, declared residence or trips since `touchSinceDay`)
 * and everyone a fact source places there since `scanSince` (venues: presence-proving scans; null
 * when no rule reads visits). One query, whatever the number of people.
 */
export function riskAreaAffectedSql(ctx: AppContext, divisionCodes: string[], touchSinceDay: string, scanSince: Date | null): SQL {
  const prefixes = [...new Set(divisionCodes.map((code) => divisionPrefix(code)))];
  const parts = [repo.citizensTouchingSql(prefixes, touchSinceDay)];
  if (scanSince) for (const source of factSourcesOf(ctx)) if (source.peopleIn) parts.push(source.peopleIn(divisionCodes, scanSince));
  return sql.join(parts, sql` union all `);
}

/** What the change's transaction marked, for the recomputation after commit (the same change object reaches both listeners). */
const markedByChange = new WeakMap<EpidemicChange, { marked: number; first: string[] }>();

/** The background recomputation of the people a risk-area change touches (see AreaRecomputeJobType). */
export const AREA_RECOMPUTE_JOB = 'health-code.area-recompute';

/** What a risk-area change hands to its recomputation job (fixed when the change commits). */
interface AreaRecomputePayload {
  areaId: string;
  divisionCodes: string[];
  touchSinceDay: string;
  /** ISO instant, or null when no active rule reads visits. */
  scanSince: string | null;
  cause: Cause;
  /** The change's instant on the registry's stamp (database clock, ISO): the collected codes are marked due at it. Absent in jobs queued before it was recorded. */
  stampedAt?: string;
}

/**
 * Inside the change's transaction. A person-registry change (a few holders of one document) marks
 * their codes due with one set-based statement (repo.markDueWhere) and keeps the first
 * PROMPT_LIMIT + 1 for the recomputation after commit. A risk-area change — up to a whole city —
 * does no work per person in the request: it stamps the registry (every code computed before the
 * stamp is recomputed when read, so nobody is shown a stale colour meanwhile) and queues a
 * health-code.area-recompute job, created by the officer, whose id the API answers; the job selects
 * the affected people once and recomputes them in batches. Both are in the change's transaction: a
 * crash right after commit loses nothing.
 */
export async function markAffected(ctx: AppContext, tx: Tx, change: EpidemicChange, actor?: Principal, jobs?: string[]): Promise<void> {
  if (change.kind === 'person') {
    markedByChange.set(change, await repo.markDueWhere(tx, repo.citizensByDocumentIndexSql(change.documentIndex), PROMPT_LIMIT + 1));
    return;
  }
  const cause: Cause = actor ? causeOf(actor, `risk_area.change:${change.areaId}`) : { type: 'fact', fact: 'risk_area_registry' };
  const since = await scanWindowStart(tx);
  const stampedAt = await repo.riskAreaStampInstant(tx);
  const payload: AreaRecomputePayload = {
    areaId: change.areaId,
    divisionCodes: change.divisionCodes,
    touchSinceDay: addDays(dayOf(new Date()), -TOUCH_LOOKBACK_DAYS),
    scanSince: since ? since.toISOString() : null,
    cause,
    stampedAt,
  };
  const jobId = await enqueueJob(ctx, tx, { type: AREA_RECOMPUTE_JOB, payload: payload as unknown as Record<string, unknown>, createdBy: actor ?? { kind: 'system', id: 'health-code' } });
  // Pending under the job's id until the job has collected (and marked due) the change's people.
  await repo.stampRiskAreaChange(tx, cause as Record<string, unknown>, jobId, stampedAt);
  jobs?.push(jobId);
}

function causeOf(actor: Principal, action: string): Cause {
  return {
    type: 'actor',
    actorType: actor.kind,
    actorId: actor.kind === 'staff' ? actor.staffId : actor.kind === 'citizen' ? actor.citizenId : actor.clientId,
    action,
  };
}

/**
 * After commit: a risk-area change drops this instance's registry stamp at once (its job does the
 * rest); a person change recomputes its few people now (batched) so the officer and the citizen see
 * the effect immediately; when more were marked, recomputeMany enqueues a sweep job for the rest.
 */
export async function recomputeAffected(ctx: AppContext, change: EpidemicChange, actor: Principal): Promise<void> {
  if (change.kind === 'risk_area') {
    forgetRiskAreaStamp(ctx);
    return;
  }
  const marked = markedByChange.get(change);
  markedByChange.delete(change);
  if (!marked || marked.marked === 0) return;
  // One more than the prompt limit was sampled when more were marked: recomputeMany then asks for a sweep.
  await recomputeMany(ctx, marked.first, causeOf(actor, 'person_registry.change'), PROMPT_LIMIT);
}

/**
 * The job's first step, one transaction: the change's people collected into hc_recompute_targets,
 * their codes marked due at the change's instant, and the change's collection recorded on the
 * registry's stamp — from its commit a read treats as stale only the codes marked due (not every code
 * older than the change), and the sweep leaves the job's people to the job. Answers how many.
 */
export async function collectAreaTargets(ctx: AppContext, jobId: string, payload: Record<string, unknown>): Promise<number> {
  const p = payload as unknown as AreaRecomputePayload;
  const affected = riskAreaAffectedSql(ctx, p.divisionCodes, p.touchSinceDay, p.scanSince ? new Date(p.scanSince) : null);
  return ctx.db.transaction(async (tx) => {
    // The people are made distinct in memory, not on disk: at 1 M people the default 4 MB spilled
    // 80 MB of the distinct to temporary files (this transaction only).
    await tx.execute(sql`set local work_mem = '64MB'`);
    const n = await repo.collectRecomputeTargets(tx, jobId, affected);
    // (A job queued before changes carried their instant marks its people due now.)
    await repo.markTargetsDue(tx, jobId, p.stampedAt ?? new Date().toISOString());
    await repo.finishRiskAreaCollection(tx, jobId);
    return n;
  });
}

/**
 * The recomputation of a risk-area change's people, as a platform job (durable, resumable, one lane):
 * (1) one set-based statement collects the affected people with a stored code into
 * hc_recompute_targets (repo.collectRecomputeTargets — indexes per source, see riskAreaAffectedSql),
 * and their codes are marked due in the same transaction (collectAreaTargets);
 * (2) they are recomputed RECOMPUTE_BATCH at a time in citizen-id order with the batched engine, each
 * batch one transaction, the checkpoint (last id) and the progress (done of total, for GET
 * /api/jobs/:id and its event stream) saved after each. A retry or another instance resumes after
 * the last batch that committed; a batch redone recomputes codes that are already current, which
 * writes no second event. People whose record cannot be recomputed are marked due for the sweep.
 */
export const AreaRecomputeJobType = defineJob<RecomputeCheckpoint>(
  AREA_RECOMPUTE_JOB,
  async (run) => {
    const { ctx } = run;
    const p = run.payload as unknown as AreaRecomputePayload;
    const start = await recomputeCheckpoint(run, () => collectAreaTargets(ctx, run.id, run.payload));
    const { checkpoint: cp } = await recomputeWalk(run, start, (after, limit) => repo.nextRecomputeTargets(ctx.db, run.id, after, limit), p.cause);
    await repo.dropRecomputeTargets(ctx.db, run.id);
    return { areaId: p.areaId, affected: cp.total, recomputed: cp.done - cp.failed, changed: cp.changed, failed: cp.failed };
  },
  { maxAttempts: 5 },
);

/** The health code's listeners of the epidemic registries (in its manifest): registry changes recompute the people they touch. */
export const EpidemicListeners = [
  on(EpidemicChangeInTransaction, ({ tx, change, actor, jobs }, ctx) => markAffected(ctx, tx, change, actor, jobs)),
  on(EpidemicChangeCommitted, ({ change, actor }, ctx) => recomputeAffected(ctx, change, actor)),
];
