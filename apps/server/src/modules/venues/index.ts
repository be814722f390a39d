import { contribute, defineModule, provide } from '../../platform/modules/module.ts';
import type { DbOrTx } from '../../platform/db/database.ts';
import { HealthCodeDoorChecks, HealthCodeFactSources } from '../health-code/index.ts';
import { VenueErrors } from './venues.errors.ts';
import { ScanFacts } from './venues.facts.ts';
import { VenueActions } from './venues.policy.ts';
import { findVenue, listVenuesIn } from './venues.repository.ts';
import { divisionPrefix } from '@fangxian/contracts/kernel';
import { PURGE_SCHEDULE, PurgeJobType } from './venues.retention.ts';
import { PARTITION_SCHEDULE, PartitionJobType } from './venues.partitions.ts';
import { venueRoutes } from './venues.routes.ts';
import { createVenueRuntime, VenueState } from './venues.runtime.ts';
import { recordVerificationScan } from './venues.scans.ts';
import { DemoVenueManagerSeed, DemoVenueSeed } from './venues.seed.ts';
import * as tables from './venues.tables.ts';
import type { VenueStatus, VenueType } from './venues.types.ts';

/** Venues, place codes and scans as other modules see them. */
export { scansOfPerson, type PersonScan } from './venues.facts.ts';
export { scansOverlapping, type PresenceWindow, type OverlappingScan } from './venues.co-presence.ts';
export { scansOverlappingStaysOf, type PersonAfter, type ScanOverlappingPerson } from './venues.co-presence.ts';
export { purgeExpiredScans } from './venues.retention.ts';
export type { Colour, ScanMethod, VenueStatus, VenueType } from './venues.types.ts';
export { VENUE_TYPES, defaultStayMinutes } from './venues.types.ts';

/** A venue's public facts (no contact, no secret), or null. */
export async function venueById(db: DbOrTx, id: string): Promise<{
  id: string;
  name: string;
  type: VenueType;
  address: string;
  divisionCode: string;
  latitude: number;
  longitude: number;
  stayMinutes: number;
  status: VenueStatus;
} | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const row = await findVenue(db, id);
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    type: row.type as VenueType,
    address: row.address,
    divisionCode: row.divisionCode,
    latitude: row.latitude,
    longitude: row.longitude,
    stayMinutes: row.stayMinutes,
    status: row.status as VenueStatus,
  };
}

/** Approved venues under a region (public facts only: no contact), newest first, optionally by name; for pickers of other modules. */
export async function approvedVenuesUnder(db: DbOrTx, regionCode: string, options: { q?: string; limit?: number } = {}) {
  const rows = await listVenuesIn(db, { divisionPrefix: divisionPrefix(regionCode), status: 'approved', q: options.q?.trim() || undefined, limit: options.limit ?? 50 });
  return rows.map((r) => ({ id: r.id, name: r.name, address: r.address, divisionCode: r.divisionCode }));
}

/**
 * The venues module: venue registration and review, place codes and posters, scans and their
 * retention. It reads the health code (the door colour at scan time) and gives it two things through
 * the health code's extension points: scans as a fact source, and door checks (验码 at a venue)
 * recorded as presence-proving scans.
 */
export const VenuesModule = defineModule({
  name: 'venues',
  dependsOn: ['identity', 'audit', 'divisions', 'jobs', 'health-code'],
  errors: [VenueErrors],
  actions: [VenueActions],
  tables,
  jobs: [PurgeJobType, PartitionJobType],
  schedules: () => [PURGE_SCHEDULE, PARTITION_SCHEDULE],
  seeds: [DemoVenueSeed, DemoVenueManagerSeed],
  contributes: [contribute(HealthCodeFactSources, ScanFacts), contribute(HealthCodeDoorChecks, { record: recordVerificationScan })],
  state: [provide(VenueState, createVenueRuntime)],
  routes: venueRoutes,
});
