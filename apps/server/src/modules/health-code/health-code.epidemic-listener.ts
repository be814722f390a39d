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

/** People a change touches through the registries and their declarations (not venue scans). */
async function affected(db: DbOrTx, change: EpidemicChange): Promise<string[]> {
  if (change.kind === 'person') return repo.findCitizenIdsByDocumentIndex(db, change.documentIndex);
  const since = addDays(dayOf(new Date()), -TOUCH_LOOKBACK_DAYS);
  const ids = new Set<string>();
  for (const code of change.divisionCodes) for (const id of await repo.findCitizensTouching(db, divisionPrefix(code), since)) ids.add(id);
  return [...ids];
}

/**
 * Walks the people the app's fact sources place in the divisions since an instant (venue scans, and
 * whatever later sources of visits add), a batch at a time; `visit` may answer false to stop.
 */
async function forEachVisitorOf(ctx: AppContext, db: DbOrTx, divisionCodes: string[], since: Date, visit: (citizenIds: string[]) => Promise<boolean | void>): Promise<void> {
  for (const source of factSourcesOf(ctx)) {
    if (!source.forEachPersonIn) continue;
    let stopped = false;
    await source.forEachPersonIn(db, divisionCodes, since, async (ids) => {
      if ((await visit(ids)) === false) {
        stopped = true;
        return false;
      }
    });
    if (stopped) return;
  }
}

/** Distinct people the fact sources place in the divisions since an instant (at most `limit`). */
async function visitorsOf(ctx: AppContext, db: DbOrTx, divisionCodes: string[], since: Date, limit: number): Promise<string[]> {
  const found = new Set<string>();
  await forEachVisitorOf(ctx, db, divisionCodes, since, async (ids) => {
    for (const id of ids) {
      if (found.size >= limit) return false;
      found.add(id);
    }
  });
  return [...found];
}

/**
 * Inside the change's transaction the affected codes are marked due, so a crash right after commit
 * still gets them recomputed by the sweep. For a risk area the affected people include everyone a
 * fact source places there within the rules' visit window (venues: presence-proving scans, walked a
 * batch of venues at a time).
 */
export async function markAffected(ctx: AppContext, tx: Tx, change: EpidemicChange): Promise<void> {
  const ids = await affected(tx, change);
  if (ids.length > 0) await repo.markDue(tx, { citizenIds: ids });
  if (change.kind === 'risk_area') {
    for (const code of change.divisionCodes) await repo.markDue(tx, { regionPrefix: divisionPrefix(code) });
    const since = await scanWindowStart(tx);
    if (since) {
      await forEachVisitorOf(ctx, tx, change.divisionCodes, since, async (visitors) => {
        await repo.markDue(tx, { citizenIds: visitors });
      });
    }
    // Anyone the marks above missed is still recomputed when their code is next read.
    await repo.stampRiskAreaChange(tx);
  }
}

/**
 * After commit, up to PROMPT_LIMIT affected people are recomputed at once so the officer and the
 * citizen see the effect immediately; when more are affected, recomputeMany enqueues a sweep job for
 * the rest (they are marked due already).
 */
export async function recomputeAffected(ctx: AppContext, change: EpidemicChange, actor: Principal): Promise<void> {
  if (change.kind === 'risk_area') forgetRiskAreaStamp(ctx);
  const ids = await affected(ctx.db, change);
  if (change.kind === 'risk_area' && ids.length <= PROMPT_LIMIT) {
    const since = await scanWindowStart(ctx.db);
    // One more than the prompt limit is enough: any beyond are marked due and left to the sweep job.
    if (since) {
      const known = new Set(ids);
      for (const id of await visitorsOf(ctx, ctx.db, change.divisionCodes, since, PROMPT_LIMIT + 1)) {
        if (ids.length > PROMPT_LIMIT) break;
        if (!known.has(id)) ids.push(id);
      }
    }
  }
  const cause: Cause = {
    type: 'actor',
    actorType: actor.kind,
    actorId: actor.kind === 'staff' ? actor.staffId : actor.kind === 'citizen' ? actor.citizenId : actor.clientId,
    action: change.kind === 'risk_area' ? `risk_area.change:${change.areaId}` : 'person_registry.change',
  };
  await recomputeMany(ctx, ids, cause, PROMPT_LIMIT);
}

/** The health code's listeners of the epidemic registries (in its manifest): registry changes recompute the people they touch. */
export const EpidemicListeners = [
  on(EpidemicChangeInTransaction, ({ tx, change }, ctx) => markAffected(ctx, tx, change)),
  on(EpidemicChangeCommitted, ({ change, actor }, ctx) => recomputeAffected(ctx, change, actor)),
];
