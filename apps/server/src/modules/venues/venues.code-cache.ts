import { ChangeCache } from '../../platform/db/change-cache.ts';
import type { ChangeFeed } from '../../platform/db/change-feed.ts';
import type { PlaceCodeSecret } from './venues.tokens.ts';
import type { VenueStatus } from './venues.types.ts';

/** What the scan path needs to know about a venue, with its place-code secret decrypted. */
export interface VenueCodeEntry {
  id: string;
  name: string;
  address: string;
  divisionCode: string;
  latitude: number;
  longitude: number;
  status: VenueStatus;
  staticVersion: number;
  secret: PlaceCodeSecret;
  /** Expected MACs of the currently valid codes (checkPlaceToken's memo). */
  macs?: Map<string, Buffer>;
}

export const CODE_CACHE_MAX = 50_000;

/**
 * Per-app cache of venues' place-code secrets, so a scan verifies its token with crypto only: a
 * ChangeCache on the fx_venue channel (drizzle/0005), so a venue change committed by any instance
 * (approval, suspension, a new poster version or secret) drops the venue at once, and while a
 * PostgreSQL server's LISTEN connection is down every lookup reads the database. Secrets are stored
 * encrypted and only held decrypted here; concurrent misses for one venue share a single load; the
 * size is bounded. Unknown venues are remembered as absent too — exact as well, since creating a
 * venue announces its id — so a flood of forged codes for one id costs one query.
 */
export class VenueCodeCache {
  private readonly cache: ChangeCache<{ entry: VenueCodeEntry | null }>;
  private readonly load: (venueId: string) => Promise<VenueCodeEntry | null>;

  constructor(feed: ChangeFeed, load: (venueId: string) => Promise<VenueCodeEntry | null>, options: { max?: number } = {}) {
    this.cache = new ChangeCache(feed, 'fx_venue', { maxEntries: options.max ?? CODE_CACHE_MAX });
    this.load = load;
  }

  /** The venue's entry if held (null: known not to exist), without waiting; undefined when not held. */
  peek(venueId: string): VenueCodeEntry | null | undefined {
    return this.cache.peek(venueId)?.entry;
  }

  /** The venue's entry, from memory when held, else loaded once for all concurrent callers. */
  async get(venueId: string): Promise<VenueCodeEntry | null> {
    const held = await this.cache.get(venueId, async () => ({ entry: await this.load(venueId) }));
    return held!.entry;
  }

  /** Forgets a venue after this instance changed it (its feed announcement follows on a PostgreSQL server). */
  invalidate(venueId: string): void {
    this.cache.changed(venueId);
  }

  /** Forgets everything (tests, key rotation). */
  clear(): void {
    this.cache.changed('*');
  }

  /** Stops listening to the feed (the app is closing). */
  close(): void {
    this.cache.unsubscribe();
  }

  get size(): number {
    return this.cache.size;
  }
}
