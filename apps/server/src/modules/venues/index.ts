import type { DbOrTx } from '../../platform/db/database.ts';
import { citizensWithProvenScansAt, findVenue, scansOfCitizen, venueIdsUnder } from './venues.repository.ts';
import type { Colour, ScanMethod, VenueStatus, VenueType } from './venues.types.ts';

// Side effects: the error codes, the demo-venue seed step, and the retention purge job type and its schedule.
import './venues.errors.ts';
import './venues.seed.ts';
import './venues.retention.ts';

export { venueRoutes } from './venues.routes.ts';
export { recordVerificationScan } from './venues.scans.ts';
export { purgeExpiredScans } from './venues.retention.ts';
export type { Colour, ScanMethod, VenueStatus, VenueType };
export { VENUE_TYPES, defaultStayMinutes } from './venues.types.ts';

/** One scan as other modules see it (health-code facts, tracing). */
export interface PersonScan {
  venueId: string;
  venueName: string;
  divisionCode: string;
  scannedAt: Date;
  method: ScanMethod;
  presenceProven: boolean;
}

/**
 * A person's venue scans since an instant, oldest first, with the venue's division at scan time —
 * what health-code rules read for "scanned a venue in a risk area".
 */
export async function scansOfPerson(db: DbOrTx, citizenId: string, since: Date): Promise<PersonScan[]> {
  const rows = await scansOfCitizen(db, citizenId, since);
  return rows.map((r) => ({
    venueId: r.venueId,
    venueName: r.venueName ?? '',
    divisionCode: r.divisionCode,
    scannedAt: r.scannedAt,
    method: r.method as ScanMethod,
    presenceProven: r.presenceProven,
  }));
}

/** Venues per scans query when walking a division's venues (one scans_pk range scan each). */
const VENUE_BATCH = 200;

function prefixesOf(divisionCodes: string[]): string[] {
  const prefixes = new Set<string>();
  for (const code of divisionCodes) {
    if (!/^\d{6}(\d{3}){0,2}$/.test(code)) throw new Error(`not a GB/T 2260 division code: ${code}`);
    prefixes.add(code.replace(/(00)+$/, ''));
  }
  return [...prefixes];
}

/**
 * Walks the citizens with a presence-proving scan (rotating code, or venue staff scanning them) at a
 * venue in any of the divisions (GB/T 2260; a city or province covers everything beneath it) since an
 * instant, a batch of venues at a time, so a whole city never sits in memory. A citizen who scanned
 * in several batches is visited more than once. `visit` may answer false to stop. Only scans that
 * prove presence count, as for the health-code rules ("scanned a venue in a risk area").
 */
export async function forEachCitizenScannedIn(
  db: DbOrTx,
  divisionCodes: string[],
  since: Date,
  visit: (citizenIds: string[]) => Promise<boolean | void>,
): Promise<void> {
  const prefixes = prefixesOf(divisionCodes);
  if (prefixes.length === 0) return;
  // A venue's division is fixed at registration, so its venues are the places its scans happened.
  const venueIds = await venueIdsUnder(db, prefixes);
  for (let i = 0; i < venueIds.length; i += VENUE_BATCH) {
    const ids = await citizensWithProvenScansAt(db, venueIds.slice(i, i + VENUE_BATCH), prefixes, since);
    if (ids.length > 0 && (await visit(ids)) === false) return;
  }
}

/**
 * Distinct citizens with a presence-proving venue scan in any of the divisions since an instant (at
 * most `limit`; use forEachCitizenScannedIn to walk all of a large area). The health code recomputes
 * them when the area's risk level changes.
 */
export async function citizensScannedIn(db: DbOrTx, divisionCodes: string[], since: Date, limit = 10_000): Promise<string[]> {
  const found = new Set<string>();
  await forEachCitizenScannedIn(db, divisionCodes, since, async (ids) => {
    for (const id of ids) {
      if (found.size >= limit) return false;
      found.add(id);
    }
  });
  return [...found];
}

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
