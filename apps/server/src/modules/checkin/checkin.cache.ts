import { ChangeCache } from '../../platform/db/change-cache.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { defineState } from '../../platform/modules/module.ts';
import * as repo from './checkin.repository.ts';

/** An organisation's form as a member's report needs it: name, deadline and extra fields (no personal data). */
export type OrgForm = Awaited<ReturnType<typeof repo.formsOf>>[number];

/** What check-in holds in memory per app (its manifest provides it). */
export interface CheckinCaches {
  /**
   * Citizen id → the forms of the approved organisations they are an active member of, kept exact
   * by the fx_checkin change feed (drizzle/0037): a membership change drops the member's entry, an
   * organisation change drops every entry. The submit path reads it instead of the database.
   */
  forms: ChangeCache<OrgForm[]>;
}

export const CheckinCachesState = defineState<CheckinCaches>('checkin.caches');

export function createCheckinCaches(ctx: AppContext): CheckinCaches {
  const caches: CheckinCaches = { forms: new ChangeCache<OrgForm[]>(ctx.database.changes, 'fx_checkin', { maxEntries: 200_000 }) };
  ctx.onClose(caches.forms.unsubscribe);
  return caches;
}

/** A person's organisation forms (cached; read through while the change feed is not live). */
export async function formsOf(ctx: AppContext, citizenId: string): Promise<OrgForm[]> {
  const caches = CheckinCachesState.of(ctx);
  return (await caches.forms.get(citizenId, () => repo.formsOf(ctx.db, citizenId))) ?? [];
}

/**
 * The forms held in memory for a person, synchronously (undefined on a miss or while the feed is not
 * live): the submit path answers a hit without an async frame and a promise per request.
 */
export function formsHeld(ctx: AppContext, citizenId: string): OrgForm[] | undefined {
  return CheckinCachesState.of(ctx).forms.peek(citizenId);
}

/**
 * Drops cached forms at once after a change made by this instance (a citizen id, or '*' after an
 * organisation change); the feed's announcement follows and does the same on every instance.
 */
export function formsChanged(ctx: AppContext, key: string): void {
  CheckinCachesState.of(ctx).forms.changed(key);
}
