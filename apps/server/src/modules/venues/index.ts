import type { DbOrTx } from '../../platform/db/database.ts';
import { findVenue, scansOfCitizen } from './venues.repository.ts';
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
