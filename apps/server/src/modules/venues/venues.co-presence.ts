import { sql, type SQL } from 'drizzle-orm';
import { arrayLiteral } from '../../platform/db/bulk-insert.ts';
import { preparedRows, rows, type DbOrTx } from '../../platform/db/database.ts';

/** A time window at a venue to compare scans with (a case's stay, a published place). */
export interface PresenceWindow {
  /** The caller's key for the window, handed back on every scan it matches. */
  key: string;
  venueId: string;
  from: Date;
  to: Date;
}

/** The ciphertext columns of the scanning person (`withPerson`), for a caller that shows them masked. */
export interface ScanPerson {
  nameCipher: string | null;
  phoneCipher: string;
  documentNumberCipher: string | null;
  householdDivision: string | null;
}

/** A scan that falls into a presence window, with the stay it implies. */
export interface OverlappingScan {
  key: string;
  citizenId: string;
  venueId: string;
  venueName: string;
  venueType: string;
  /** The venue's stay length (minutes) assumed after a scan, since a check-out is usually missing. */
  stayMinutes: number;
  scannedAt: Date;
  method: string;
  presenceProven: boolean;
  /** With `withPerson`: the scanning person's ciphertexts (from the same statement). */
  person?: ScanPerson | null;
}

/**
 * Every scan whose implied stay [scannedAt, scannedAt + venue stay) overlaps one of the windows at the
 * window's venue — in one statement: the windows as unnest arrays, each joined to a range of scans_pk
 * (venue_id, scanned_at), so the work is one index range per window, never one query per scan.
 * `citizenId` narrows to one person (a citizen's self-check); `excludeCitizenId` leaves one out (the
 * case's own scans). Set `onlyProven` to count only scans that prove presence.
 */
export async function scansOverlapping(
  db: DbOrTx,
  windows: readonly PresenceWindow[],
  options: {
    citizenId?: string;
    excludeCitizenId?: string | null;
    onlyProven?: boolean;
    limit?: number;
    stayByType?: Readonly<Record<string, number>>;
    /** Also the scanning person's ciphertext columns (citizens_pkey per scan, in the same statement). */
    withPerson?: boolean;
  } = {},
): Promise<OverlappingScan[]> {
  if (windows.length === 0) return [];
  const stay = stayOverride(options.stayByType);
  const keys = sql`${arrayLiteral(windows.map((w) => w.key))}::text[]`;
  const venueIds = sql`${arrayLiteral(windows.map((w) => w.venueId))}::uuid[]`;
  const froms = sql`${arrayLiteral(windows.map((w) => w.from))}::timestamptz[]`;
  const tos = sql`${arrayLiteral(windows.map((w) => w.to))}::timestamptz[]`;
  // A named prepared statement (one per variant of the text): its planning over the day partitions was
  // ≈ 40 % of it at 1 M; with a generic plan the partitions are pruned at execution (bench/RESULTS.md).
  const found = await preparedRows<OverlapRow>(
    db,
    overlapStatement({
      // The windows with their venue's stay are materialised first, so the scans_pk range has both
      // bounds as index conditions (docs/tracing.md shows the plan); joined inline, the planner folds
      // venues into the scans join and bounds the range only from above.
      windows: sql`select w.key, w.venue_id, w.from_at, w.to_at, v.name, v.type, ${stay.minutes} as stay_minutes
            from unnest(${keys}, ${venueIds}, ${froms}, ${tos}) as w(key, venue_id, from_at, to_at)
            join venues v on v.id = w.venue_id
            ${stay.join}`,
      scanFilter: sql`${options.citizenId ? sql`and s.citizen_id = ${options.citizenId}` : sql``}
               ${options.excludeCitizenId ? sql`and s.citizen_id <> ${options.excludeCitizenId}` : sql``}`,
      onlyProven: options.onlyProven,
      limit: options.limit,
      ...(options.withPerson ? PERSON_PARTS : {}),
    }),
    'fx_overlap',
  );
  return found.map(overlappingScanOf);
}

/** The person's ciphertext columns joined to each scan (citizens_pkey), for `withPerson`. */
const PERSON_PARTS = {
  columns: sql`c.id is not null as "hasPerson", c.name_cipher as "nameCipher", c.phone_cipher as "phoneCipher", c.document_number_cipher as "documentNumberCipher", c.household_division as "householdDivision",`,
  join: sql`left join citizens c on c.id = s.citizen_id`,
};

/** A row of overlapStatement: the window's key, the scan, the venue and the stay length used. */
interface OverlapRow {
  key: string;
  citizenId: string;
  venueId: string;
  venueName: string;
  venueType: string;
  stayMinutes: number;
  scannedAtMs: number | string;
  method: string;
  presenceProven: boolean;
  hasPerson?: boolean;
  nameCipher?: string | null;
  phoneCipher?: string;
  documentNumberCipher?: string | null;
  householdDivision?: string | null;
}

function overlappingScanOf(r: OverlapRow): OverlappingScan {
  return {
    ...(r.hasPerson === undefined
      ? {}
      : { person: r.hasPerson ? { nameCipher: r.nameCipher ?? null, phoneCipher: r.phoneCipher!, documentNumberCipher: r.documentNumberCipher ?? null, householdDivision: r.householdDivision ?? null } : null }),
    key: r.key,
    citizenId: r.citizenId,
    venueId: r.venueId,
    venueName: r.venueName,
    venueType: r.venueType,
    stayMinutes: Number(r.stayMinutes),
    scannedAt: new Date(Number(r.scannedAtMs)),
    method: r.method,
    presenceProven: r.presenceProven,
  };
}

/**
 * The one co-presence statement of scansOverlapping and scansOverlappingStaysOf: `windows` (a select
 * of key, venue_id, from_at, to_at, name, type, stay_minutes and any further columns, read back as
 * `w.*`) is materialised, then each window is one `scans_pk (venue_id, scanned_at)` range per day
 * partition — the scans whose implied stay [t, t + stay) overlaps [from_at, to_at) — through a
 * LATERAL subquery kept unflattened by OFFSET 0 (flattened, PostgreSQL misjudges the windows and
 * hash-joins every day partition: 0.77 s instead of 23 ms on the 100 000-person city; docs/tracing.md
 * shows both plans). `scanFilter` adds conditions on the scan `s`; `columns` adds output columns.
 */
function overlapStatement(parts: { windows: SQL; scanFilter: SQL; onlyProven?: boolean; limit?: number; columns?: SQL; join?: SQL }): SQL {
  return sql`with w as materialized (${parts.windows})
        select w.key, ${parts.columns ?? sql``} s.citizen_id as "citizenId", s.venue_id as "venueId", w.name as "venueName", w.type as "venueType",
               w.stay_minutes as "stayMinutes", (extract(epoch from s.scanned_at) * 1000)::float8 as "scannedAtMs",
               s.method, s.presence_proven as "presenceProven"
          from w
          cross join lateral (
            select s.citizen_id, s.venue_id, s.scanned_at, s.method, s.presence_proven
              from scans s
             where s.venue_id = w.venue_id
               and s.scanned_at > w.from_at - make_interval(mins => w.stay_minutes)
               and s.scanned_at < w.to_at
               ${parts.scanFilter}
               ${parts.onlyProven ? sql`and s.presence_proven` : sql``}
            offset 0) s
          ${parts.join ?? sql``}
         order by s.scanned_at, s.citizen_id
         limit ${parts.limit ?? 5000}`;
}

/**
 * Stay lengths by venue type that replace the venues' own (a tracing rule, e.g. "assume 2 hours in a
 * restaurant"): a left join of the override list on the venue's type, and the length to use.
 */
function stayOverride(byType: Readonly<Record<string, number>> | undefined) {
  const entries = Object.entries(byType ?? {});
  if (entries.length === 0) return { join: sql``, minutes: sql`v.stay_minutes` };
  return {
    join: sql`left join unnest(${arrayLiteral(entries.map(([t]) => t))}::text[], ${arrayLiteral(entries.map(([, m]) => m))}::int[]) as o(type, minutes) on o.type = v.type`,
    minutes: sql`coalesce(o.minutes, v.stay_minutes)`,
  };
}

/** Whose later stays to follow: a person (their account) and the instant after which their scans count. */
export interface PersonAfter {
  key: string;
  citizenId: string;
  after: Date;
}

/** A scan overlapping the stay implied by a followed person's own scan, with that stay. */
export interface ScanOverlappingPerson extends OverlappingScan {
  /** The followed person whose stay [viaScannedAt, viaScannedAt + stayMinutes) this scan overlapped. */
  viaCitizenId: string;
  viaScannedAt: Date;
}

/**
 * Second-degree co-presence in one statement: each followed person's presence-proving scans after
 * their instant are stays [t, t + the venue's stay) at the venue (one range of scans_citizen_time_idx
 * each, materialised), and every scan overlapping one of those stays at the same venue is returned
 * (one scans_pk range per stay, as scansOverlapping) — except the followed people's own and
 * `excludeCitizenIds`. `onlyProven` counts only scans that prove presence.
 */
export async function scansOverlappingStaysOf(
  db: DbOrTx,
  people: readonly PersonAfter[],
  options: { excludeCitizenIds?: readonly string[]; onlyProven?: boolean; limit?: number; stayByType?: Readonly<Record<string, number>>; withPerson?: boolean } = {},
): Promise<ScanOverlappingPerson[]> {
  if (people.length === 0) return [];
  const stay = stayOverride(options.stayByType);
  const excluded = [...new Set([...(options.excludeCitizenIds ?? []), ...people.map((p) => p.citizenId)])];
  const found = await rows<OverlapRow & { viaCitizenId: string; viaScannedAtMs: number | string }>(
    db,
    overlapStatement({
      // Each followed person's presence-proving scans after their instant (one range of
      // scans_citizen_time_idx each) joined to their venue: the stays [t, t + stay).
      windows: sql`select k.key, k.citizen_id as via, s.venue_id, s.scanned_at as from_at,
                 s.scanned_at + make_interval(mins => ${stay.minutes}) as to_at, v.name, v.type, ${stay.minutes} as stay_minutes
            from unnest(${arrayLiteral(people.map((p) => p.key))}::text[], ${arrayLiteral(people.map((p) => p.citizenId))}::uuid[],
                        ${arrayLiteral(people.map((p) => p.after))}::timestamptz[]) as k(key, citizen_id, after_at)
            join scans s on s.citizen_id = k.citizen_id and s.scanned_at > k.after_at and s.presence_proven
            join venues v on v.id = s.venue_id
            ${stay.join}`,
      columns: sql`w.via as "viaCitizenId", (extract(epoch from w.from_at) * 1000)::float8 as "viaScannedAtMs", ${options.withPerson ? PERSON_PARTS.columns : sql``}`,
      join: options.withPerson ? PERSON_PARTS.join : undefined,
      scanFilter: sql`and s.citizen_id <> all(${arrayLiteral(excluded)}::uuid[])`,
      onlyProven: options.onlyProven,
      limit: options.limit,
    }),
  );
  return found.map((r) => ({ ...overlappingScanOf(r), viaCitizenId: r.viaCitizenId, viaScannedAt: new Date(Number(r.viaScannedAtMs)) }));
}
