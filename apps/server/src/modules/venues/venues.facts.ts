import { dayOf, divisionPrefix, isDivisionCode, startOfDay } from '@fangxian/contracts/kernel';
import type { DbOrTx } from '../../platform/db/database.ts';
import { batchFactSource, formatDay, type FactContribution } from '../health-code/index.ts';
import { citizensWithProvenScansAt, provenScanCitizensSql, scansOfCitizen, provenScansOfCitizens, venueIdsUnder } from './venues.repository.ts';
import type { ScanMethod } from './venues.types.ts';

/** One scan as other modules see it (health-code facts, tracing). */
export interface PersonScan {
  venueId: string;
  venueName: string;
  divisionCode: string;
  scannedAt: Date;
  method: ScanMethod;
  presenceProven: boolean;
  /** The venue's type and its own stay length (minutes) assumed after a scan (null: venue gone). */
  venueType: string | null;
  stayMinutes: number | null;
}

/**
 * A person's venue scans since an instant, oldest first, with the venue's division at scan time —
 * what health-code rules read for "scanned a venue in a risk area". `narrow.until` bounds them from
 * above, so the later day partitions (and the default one) are pruned when the statement is planned.
 */
export async function scansOfPerson(db: DbOrTx, citizenId: string, since: Date, narrow: { until?: Date } = {}): Promise<PersonScan[]> {
  const rows = await scansOfCitizen(db, citizenId, since, 1000, narrow);
  return rows.map((r) => ({
    venueId: r.venueId,
    venueName: r.venueName ?? '',
    divisionCode: r.divisionCode,
    scannedAt: r.scannedAt,
    method: r.method as ScanMethod,
    presenceProven: r.presenceProven,
    venueType: r.venueType ?? null,
    stayMinutes: r.stayMinutes ?? null,
  }));
}

/** Venues per scans query when walking a division's venues (one scans_pk range scan each). */
const VENUE_BATCH = 200;

function prefixesOf(divisionCodes: string[]): string[] {
  const prefixes = new Set<string>();
  for (const code of divisionCodes) {
    if (!isDivisionCode(code)) throw new Error(`not a GB/T 2260 division code: ${code}`);
    prefixes.add(divisionPrefix(code));
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
 * most `limit`; use forEachCitizenScannedIn to walk all of a large area).
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

/**
 * Venue scans as a health-code fact source (contributed in the venues manifest). Only scans that prove
 * presence (the venue's rotating code, or venue staff scanning the person) count: in 2022, hundreds got
 * red codes for scanning a code forwarded as a picture. Loaded for a batch of people with one query;
 * when a risk area changes, the health code marks the people who scanned there due with one
 * set-based statement that embeds peopleIn.
 */
export const ScanFacts = batchFactSource(
  'scans',
  async ({ db, persons, since, isExcluded }) => {
    const found = await provenScansOfCitizens(db, persons.map((p) => p.citizenId), startOfDay(since));
    const result = new Map<string, FactContribution>();
    for (const person of persons) result.set(person.citizenId, { visits: [], disputable: [] });
    for (const s of found) {
      const id = `${s.venueId}@${s.scannedAt.toISOString()}`;
      if (isExcluded(s.citizenId, 'scan', id)) continue;
      const out = result.get(s.citizenId);
      if (!out) continue;
      const day = dayOf(s.scannedAt);
      out.visits!.push({ divisionCode: s.divisionCode, day, source: 'scan' as const });
      out.disputable!.push({
        type: 'scan',
        id,
        day,
        summary: { zh: `${formatDay(day, 'zh')} 场所扫码：${s.venueName ?? ''}`, en: `Venue scan on ${formatDay(day, 'en')}: ${s.venueName ?? ''}` },
      });
    }
    return result;
  },
  { peopleIn: (divisionCodes, since) => provenScanCitizensSql(prefixesOf(divisionCodes), since) },
);
