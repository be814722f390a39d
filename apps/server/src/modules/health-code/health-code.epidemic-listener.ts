import { sql, type SQL } from 'drizzle-orm';
import { addDays, dayOf, divisionPrefix, startOfDay } from '@fangxian/contracts/kernel';
import type { DbOrTx, Tx } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { Principal } from '../../platform/access/principal.ts';
import { on } from '../../platform/modules/module.ts';
import { EpidemicChangeCommitted, EpidemicChangeInTransaction, type EpidemicChange } from '../epidemic/index.ts';
import { factSourcesOf } from './health-code.facts.ts';
import * as repo from './health-code.repository.ts';
import { activeRules, forgetRiskAreaStamp, recomputeMany, type Cause } from './health-code.service.ts';
import type { Rule } from './health-code.types.ts';

/** How far back a risk-area change looks for declarations that touch it (the longest trip window is 30 days). */
const TOUCH_LOOKBACK_DAYS = 45;
/** People recomputed in the request; beyond this the sweep takes over (they are already marked due). */
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
 * The query of the people a change touches: the registered holders of a document (a person change);
 * for a risk area, everyone in or tied to its divisions (stored region, household division, declared
 * residence or trips in the look-back) and everyone a fact source places there within the rules'
 * visit window (venues: presence-proving scans). One query, whatever the number of people.
 */
async function affectedSql(ctx: AppContext, db: DbOrTx, change: EpidemicChange): Promise<SQL> {
  if (change.kind === 'person') return repo.citizensByDocumentIndexSql(change.documentIndex);
  const prefixes = [...new Set(change.divisionCodes.map((code) => divisionPrefix(code)))];
  const parts = [repo.citizensTouchingSql(prefixes, addDays(dayOf(new Date()), -TOUCH_LOOKBACK_DAYS))];
  const since = await scanWindowStart(db);
  if (since) for (const source of factSourcesOf(ctx)) if (source.peopleIn) parts.push(source.peopleIn(change.divisionCodes, since));
  return sql.join(parts, sql` union all `);
}

/** What the change's transaction marked, for the recomputation after commit (the same change object reaches both listeners). */
const markedByChange = new WeakMap<EpidemicChange, { marked: number; first: string[] }>();

/**
 * Inside the change's transaction the affected codes are marked due with one set-based statement
 * (repo.markDueWhere), so a crash right after commit still gets them recomputed by the sweep; it
 * answers how many it marked and the first PROMPT_LIMIT + 1 of them, kept for after commit — the
 * affected people are selected once.
 */
export async function markAffected(ctx: AppContext, tx: Tx, change: EpidemicChange): Promise<void> {
  const result = await repo.markDueWhere(tx, await affectedSql(ctx, tx, change), PROMPT_LIMIT + 1);
  markedByChange.set(change, result);
  // Anyone the marks above missed (no stored code yet) is computed when their code is first read.
  if (change.kind === 'risk_area') await repo.stampRiskAreaChange(tx);
}

/**
 * After commit, up to PROMPT_LIMIT affected people are recomputed at once (batched) so the officer and
 * the citizen see the effect immediately; when more are affected, recomputeMany enqueues a sweep job
 * for the rest (they are marked due already).
 */
export async function recomputeAffected(ctx: AppContext, change: EpidemicChange, actor: Principal): Promise<void> {
  if (change.kind === 'risk_area') forgetRiskAreaStamp(ctx);
  const marked = markedByChange.get(change);
  markedByChange.delete(change);
  if (!marked || marked.marked === 0) return;
  const cause: Cause = {
    type: 'actor',
    actorType: actor.kind,
    actorId: actor.kind === 'staff' ? actor.staffId : actor.kind === 'citizen' ? actor.citizenId : actor.clientId,
    action: change.kind === 'risk_area' ? `risk_area.change:${change.areaId}` : 'person_registry.change',
  };
  // One more than the prompt limit was sampled when more were marked: recomputeMany then asks for a sweep.
  await recomputeMany(ctx, marked.first, cause, PROMPT_LIMIT);
}

/** The health code's listeners of the epidemic registries (in its manifest): registry changes recompute the people they touch. */
export const EpidemicListeners = [
  on(EpidemicChangeInTransaction, ({ tx, change }, ctx) => markAffected(ctx, tx, change)),
  on(EpidemicChangeCommitted, ({ change, actor }, ctx) => recomputeAffected(ctx, change, actor)),
];
