import type { DbOrTx, Tx } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { Principal } from '../../platform/access/principal.ts';
import { divisionPrefix, onEpidemicChange, type EpidemicChange } from '../epidemic/index.ts';
import { citizensScannedIn, forEachCitizenScannedIn } from '../venues/index.ts';
import { addDays, dayOf, startOfDay } from './health-code.days.ts';
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

/** The first instant from which a venue scan in a changed risk area can matter under the active rules, or null. */
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

let installed = false;

/**
 * Registry changes recompute the people they touch: inside the change's transaction the affected codes
 * are marked due (so a crash right after commit still gets them recomputed by the sweep), then up to
 * PROMPT_LIMIT people are recomputed at once so the officer and the citizen see the effect immediately;
 * when more are affected, recomputeMany enqueues a sweep job for the rest. For a risk area the
 * affected people include everyone with a presence-proving venue scan there within the rules' visit
 * window (venues' forEachCitizenScannedIn, walked a batch of venues at a time).
 */
export function installEpidemicListener(): void {
  if (installed) return;
  installed = true;
  onEpidemicChange({
    async markAffected(tx: Tx, change: EpidemicChange) {
      const ids = await affected(tx, change);
      if (ids.length > 0) await repo.markDue(tx, { citizenIds: ids });
      if (change.kind === 'risk_area') {
        for (const code of change.divisionCodes) await repo.markDue(tx, { regionPrefix: divisionPrefix(code) });
        const since = await scanWindowStart(tx);
        if (since) {
          await forEachCitizenScannedIn(tx, change.divisionCodes, since, async (scanned) => {
            await repo.markDue(tx, { citizenIds: scanned });
          });
        }
        // Anyone the marks above missed is still recomputed when their code is next read.
        await repo.stampRiskAreaChange(tx);
      }
    },
    async afterCommit(ctx: AppContext, change: EpidemicChange, actor: Principal) {
      if (change.kind === 'risk_area') forgetRiskAreaStamp(ctx);
      const ids = await affected(ctx.db, change);
      if (change.kind === 'risk_area' && ids.length <= PROMPT_LIMIT) {
        const since = await scanWindowStart(ctx.db);
        // One more than the prompt limit is enough: any beyond are marked due and left to the sweep job.
        if (since) {
          const known = new Set(ids);
          for (const id of await citizensScannedIn(ctx.db, change.divisionCodes, since, PROMPT_LIMIT + 1)) {
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
    },
  });
}
