import { addDays, startOfDay, todayInChina } from '@fangxian/contracts/kernel';
import { ChangeCache } from '../../platform/db/change-cache.ts';
import type { DbOrTx } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { defineState } from '../../platform/modules/module.ts';
import * as repo from './tracing.repository.ts';
import { settingsSnapshot } from './tracing.settings.ts';

/**
 * What the citizen's self-check compares with, held in memory: every published stay of the last
 * `STAY_HORIZON_DAYS` days (the self-check's longest window), every published trip by mode, number and
 * date, and the stay per venue type. Published itineraries are de-identified (no name, ID or seat
 * shown; the seat is kept for the contact rule, as in the database row) — safe to hold.
 *
 * Kept exact by the fx_tracing change feed (drizzle/0041): a committed change to itinerary points,
 * cases or the tracing settings announces '*' and the snapshot is read again on the next self-check;
 * while the feed is not live (a PostgreSQL LISTEN connection is down) every self-check reads through.
 * bench/tracing.ts measured why: the self-check's five statements (published stays, own scans,
 * settings, trips ×2) queue behind each other at 50 connections — on PGlite in its one engine, on
 * PostgreSQL in the pool — while the published data changes a few times a day.
 */
export interface PublishedSnapshot {
  /** Published stays at a venue with to_at on or after `horizon`, by fromAt (at most STAY_LIMIT). */
  stays: repo.PublishedPoint[];
  /** Published stays by venue id (the self-check looks up the venues the citizen scanned). */
  staysByVenue: Map<string, repo.PublishedPoint[]>;
  /** Published trips by `mode|number|date`. */
  trips: Map<string, repo.PublishedPoint[]>;
  /** The stay per venue type (tracing settings). */
  stayByType: Record<string, number>;
  /** The first instant the stays cover. */
  horizon: Date;
  /** Stays or trips beyond the limits: the self-check then reads through. */
  truncated: boolean;
}

export const STAY_HORIZON_DAYS = 28;
const STAY_LIMIT = 20_000;
const TRIP_LIMIT = 50_000;

export const tripKey = (mode: string, number: string, date: string) => `${mode}|${number}|${date}`;

/** Reads the snapshot from the database (three statements). */
export async function readPublishedSnapshot(db: DbOrTx, today = todayInChina()): Promise<PublishedSnapshot> {
  const horizon = startOfDay(addDays(today, -STAY_HORIZON_DAYS));
  const [stays, trips, settings] = await Promise.all([
    repo.publishedPoints(db, { since: horizon, kind: 'stay', limit: STAY_LIMIT + 1 }),
    repo.publishedTrips(db, TRIP_LIMIT + 1),
    settingsSnapshot(db),
  ]);
  const venueStays = stays.slice(0, STAY_LIMIT).filter((p) => p.point.venueId);
  const staysByVenue = new Map<string, repo.PublishedPoint[]>();
  for (const p of venueStays) staysByVenue.set(p.point.venueId!, [...(staysByVenue.get(p.point.venueId!) ?? []), p]);
  const byTrip = new Map<string, repo.PublishedPoint[]>();
  for (const p of trips.slice(0, TRIP_LIMIT)) {
    if (!p.point.mode || !p.point.tripNumber || !p.point.tripDate) continue;
    const key = tripKey(p.point.mode, p.point.tripNumber, p.point.tripDate);
    byTrip.set(key, [...(byTrip.get(key) ?? []), p]);
  }
  return { stays: venueStays, staysByVenue, trips: byTrip, stayByType: settings.stays, horizon, truncated: stays.length > STAY_LIMIT || trips.length > TRIP_LIMIT };
}

/** What tracing holds in memory per app (its manifest provides it). */
export interface TracingCaches {
  published: ChangeCache<PublishedSnapshot>;
}

export const TracingCachesState = defineState<TracingCaches>('tracing.caches');

export function createTracingCaches(ctx: AppContext): TracingCaches {
  const caches: TracingCaches = { published: new ChangeCache<PublishedSnapshot>(ctx.database.changes, 'fx_tracing', { maxEntries: 1 }) };
  ctx.onClose(caches.published.unsubscribe);
  return caches;
}

/**
 * The published snapshot, from memory when held and still covering `since` (read again after a change,
 * or once a day as the horizon moves), else from the database.
 */
export async function publishedSnapshot(ctx: AppContext, since: Date): Promise<PublishedSnapshot> {
  const cache = TracingCachesState.of(ctx).published;
  // A truncated snapshot is kept too: its stay per venue type is exact, and the caller reads stays and trips through.
  const snapshot = await cache.get('published', () => readPublishedSnapshot(ctx.db), (s) => s.horizon <= since);
  return snapshot && snapshot.horizon <= since ? snapshot : readPublishedSnapshot(ctx.db);
}

/** Drops the snapshot at once after a change made by this instance (the feed's announcement follows on every instance). */
export function publishedChanged(ctx: AppContext): void {
  TracingCachesState.of(ctx).published.changed('*');
}
