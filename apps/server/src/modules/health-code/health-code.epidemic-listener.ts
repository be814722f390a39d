import type { Tx } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { Principal } from '../../platform/access/principal.ts';
import { divisionPrefix, onEpidemicChange, type EpidemicChange } from '../epidemic/index.ts';
import { addDays, dayOf } from './health-code.days.ts';
import * as repo from './health-code.repository.ts';
import { forgetRiskAreaStamp, recomputeMany, type Cause } from './health-code.service.ts';

/** How far back a risk-area change looks for declarations that touch it (the longest trip window is 30 days). */
const TOUCH_LOOKBACK_DAYS = 45;
/** People recomputed in the request; beyond this the sweep takes over (they are already marked due). */
const PROMPT_LIMIT = 200;

async function affected(db: Tx | AppContext['db'], change: EpidemicChange): Promise<string[]> {
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
 * PROMPT_LIMIT people are recomputed at once so the officer and the citizen see the effect immediately.
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
        // Anyone else whose facts may touch the area (e.g. a venue scan there) is recomputed when next read.
        await repo.stampRiskAreaChange(tx);
      }
    },
    async afterCommit(ctx: AppContext, change: EpidemicChange, actor: Principal) {
      if (change.kind === 'risk_area') forgetRiskAreaStamp(ctx);
      const ids = await affected(ctx.db, change);
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
