import { createSecretKey } from 'node:crypto';
import type { AppContext } from '../../platform/http/context.ts';
import { defineState } from '../../platform/modules/module.ts';
import { ScanAbuseDetector } from './venues.abuse.ts';
import { VenueCodeCache, type VenueCodeEntry } from './venues.code-cache.ts';
import { findVenue } from './venues.repository.ts';
import type { MacHash } from './venues.tokens.ts';
import type { VenueStatus } from './venues.types.ts';

/** Per-app state of the venues module: the place-code secret cache and the abuse counters. */
export interface VenueRuntime {
  codes: VenueCodeCache;
  abuse: ScanAbuseDetector;
  /** HMAC hash of place codes: SM3 when the deployment runs the national (SM) algorithms. */
  macHash: MacHash;
  /** The visit being recorded per "kind venue person" on this instance (see oneVisitAtATime in venues.scans.ts). */
  visitsInFlight: Map<string, Promise<void>>;
}

/** The venues state of an app (provided in the venues manifest, so two apps in one process never share it). */
export const VenueState = defineState<VenueRuntime>('venues.runtime');

/** Creates an app's venues state, listening to its change feed until the app closes. */
export function createVenueRuntime(ctx: AppContext): VenueRuntime {
  const runtime: VenueRuntime = {
    codes: new VenueCodeCache(ctx.database.changes, (id) => loadCodeEntry(ctx, id)),
    abuse: new ScanAbuseDetector({ farAwayMeters: ctx.config.presenceRadiusMeters }),
    macHash: ctx.config.cipher === 'sm4-ctr-hmac-sm3' ? 'sm3' : 'sha256',
    visitsInFlight: new Map(),
  };
  // A change to a venue committed by any instance drops its cached secret and status at once (the
  // cache listens on fx_venue until the app closes; it reads through while the feed is not live).
  ctx.onClose(() => runtime.codes.close());
  return runtime;
}

async function loadCodeEntry(ctx: AppContext, venueId: string): Promise<VenueCodeEntry | null> {
  const row = await findVenue(ctx.db, venueId);
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    divisionCode: row.divisionCode,
    latitude: row.latitude,
    longitude: row.longitude,
    status: row.status as VenueStatus,
    staticVersion: row.staticCodeVersion,
    // A KeyObject: HMAC with it costs a fraction of HMAC with raw key bytes (no key import per call).
    secret: createSecretKey(Buffer.from(ctx.cipher.decrypt(row.codeSecretCipher), 'base64')),
  };
}
