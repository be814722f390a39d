import type { FlagReason } from './venues.types.ts';

/**
 * Abuse detection on place-code scans. In 2022 a forwarded picture of a venue code gave hundreds
 * of people red codes, so scans that could not have happened at the door are flagged for officers:
 *  - far_away: the client's position is more than FX_PRESENCE_RADIUS_METERS (default FAR_AWAY_METERS)
 *    from the venue — such a scan also does not prove presence (scanPlaceCode);
 *  - volume: one static code scanned more than VOLUME_PER_MINUTE times within a minute;
 *  - repeat_person: one person scanning the same static code more than REPEAT_LIMIT times within
 *    REPEAT_WINDOW_MS.
 * The counters live in memory (the hot path must not pay a database read for them), so with several
 * instances each counts its own share: thresholds are per instance, which only delays a volume flag.
 * A flag never blocks the scan — it records evidence; the person's colour is decided by the rules.
 */
export const FAR_AWAY_METERS = 1000;
export const VOLUME_PER_MINUTE = 600;
export const REPEAT_LIMIT = 5;
export const REPEAT_WINDOW_MS = 10 * 60_000;
/** Bound on remembered (venue, person) pairs; beyond it the oldest are forgotten. */
export const MAX_TRACKED_PAIRS = 200_000;

export interface FlagFinding {
  reason: FlagReason;
  detail: Record<string, unknown>;
}

/** Great-circle distance in metres between two WGS-84 points (haversine). */
export function distanceMeters(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = 6_371_008.8;
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * r * Math.asin(Math.min(1, Math.sqrt(a)));
}

interface MinuteCounter {
  minute: number;
  count: number;
  flagged: boolean;
}

interface PairCounter {
  since: number;
  count: number;
  flagged: boolean;
}

/** Counts static-code scans per venue and per (venue, person) and reports threshold crossings once. */
export class ScanAbuseDetector {
  private readonly perVenue = new Map<string, MinuteCounter>();
  private readonly perPair = new Map<string, PairCounter>();
  private readonly limits: { farAwayMeters: number; volumePerMinute: number; repeatLimit: number; repeatWindowMs: number; maxPairs: number };

  constructor(limits: Partial<{ farAwayMeters: number; volumePerMinute: number; repeatLimit: number; repeatWindowMs: number; maxPairs: number }> = {}) {
    this.limits = {
      farAwayMeters: limits.farAwayMeters ?? FAR_AWAY_METERS,
      volumePerMinute: limits.volumePerMinute ?? VOLUME_PER_MINUTE,
      repeatLimit: limits.repeatLimit ?? REPEAT_LIMIT,
      repeatWindowMs: limits.repeatWindowMs ?? REPEAT_WINDOW_MS,
      maxPairs: limits.maxPairs ?? MAX_TRACKED_PAIRS,
    };
  }

  /**
   * Notes one place-code scan and returns the flags it raises. The distance check applies to every
   * place code; the counters only to static codes (a rotating code cannot be replayed for long).
   * Each counter raises its flag once per window, so a flood yields one flag, not thousands.
   */
  observe(scan: { venueId: string; citizenId: string; isStatic: boolean; nowMs: number; distance: number | null }): FlagFinding[] {
    const found: FlagFinding[] = [];
    if (scan.distance !== null && scan.distance > this.limits.farAwayMeters) {
      found.push({ reason: 'far_away', detail: { distanceMeters: Math.round(scan.distance), limitMeters: this.limits.farAwayMeters } });
    }
    if (!scan.isStatic) return found;

    const minute = Math.floor(scan.nowMs / 60_000);
    let venue = this.perVenue.get(scan.venueId);
    if (!venue || venue.minute !== minute) {
      venue = { minute, count: 0, flagged: false };
      this.perVenue.set(scan.venueId, venue);
    }
    venue.count++;
    if (venue.count > this.limits.volumePerMinute && !venue.flagged) {
      venue.flagged = true;
      found.push({ reason: 'volume', detail: { scansInMinute: venue.count, limitPerMinute: this.limits.volumePerMinute, minuteStart: new Date(minute * 60_000).toISOString() } });
    }

    const key = `${scan.venueId}|${scan.citizenId}`;
    let pair = this.perPair.get(key);
    if (!pair || scan.nowMs - pair.since > this.limits.repeatWindowMs) {
      if (pair) this.perPair.delete(key);
      pair = { since: scan.nowMs, count: 0, flagged: false };
      this.perPair.set(key, pair); // re-inserted last: Map order doubles as oldest-first eviction order
      this.evict(scan.nowMs);
    }
    pair.count++;
    if (pair.count > this.limits.repeatLimit && !pair.flagged) {
      pair.flagged = true;
      found.push({ reason: 'repeat_person', detail: { scansInWindow: pair.count, limit: this.limits.repeatLimit, windowMinutes: this.limits.repeatWindowMs / 60_000 } });
    }
    return found;
  }

  /** How many (venue, person) pairs are remembered (for tests and metrics). */
  get trackedPairs(): number {
    return this.perPair.size;
  }

  private evict(nowMs: number): void {
    for (const [key, pair] of this.perPair) {
      if (this.perPair.size <= this.limits.maxPairs && nowMs - pair.since <= this.limits.repeatWindowMs) break;
      this.perPair.delete(key);
    }
    if (this.perVenue.size > this.limits.maxPairs) {
      const minute = Math.floor(nowMs / 60_000);
      for (const [key, v] of this.perVenue) if (v.minute !== minute) this.perVenue.delete(key);
    }
  }
}
