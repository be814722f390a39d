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

export const CODE_CACHE_TTL_MS = 30_000;
export const CODE_CACHE_MAX = 50_000;

interface Slot {
  entry: VenueCodeEntry | null;
  loadedAt: number;
}

/**
 * Per-instance cache of venues' place-code secrets, so a scan verifies its token with crypto only.
 * Why it is safe: secrets are stored encrypted and only held decrypted here; entries expire after
 * CODE_CACHE_TTL_MS so a change made on another instance (approval, poster revocation) takes effect
 * within that time, and this instance drops an entry at once when it makes the change itself; the
 * size is bounded; concurrent misses for one venue share a single load; unknown venues are cached
 * as absent too, so a flood of forged codes for one id costs one query per TTL.
 */
export class VenueCodeCache {
  private readonly slots = new Map<string, Slot>();
  private readonly loading = new Map<string, Promise<VenueCodeEntry | null>>();
  private readonly load: (venueId: string) => Promise<VenueCodeEntry | null>;
  private readonly ttlMs: number;
  private readonly max: number;
  private readonly now: () => number;

  constructor(load: (venueId: string) => Promise<VenueCodeEntry | null>, options: { ttlMs?: number; max?: number; now?: () => number } = {}) {
    this.load = load;
    this.ttlMs = options.ttlMs ?? CODE_CACHE_TTL_MS;
    this.max = options.max ?? CODE_CACHE_MAX;
    this.now = options.now ?? Date.now;
  }

  /** The venue's entry if held and fresh (null: known not to exist), without waiting; undefined when not held. */
  peek(venueId: string): VenueCodeEntry | null | undefined {
    const slot = this.slots.get(venueId);
    return slot && this.now() - slot.loadedAt < this.ttlMs ? slot.entry : undefined;
  }

  /** The venue's entry, from memory when fresh, else loaded once for all concurrent callers. */
  get(venueId: string): Promise<VenueCodeEntry | null> {
    const slot = this.slots.get(venueId);
    if (slot && this.now() - slot.loadedAt < this.ttlMs) return Promise.resolve(slot.entry);
    const pending = this.loading.get(venueId);
    if (pending) return pending;
    const started: Promise<VenueCodeEntry | null> = this.load(venueId).then(
      (entry) => {
        // A load overtaken by invalidate() must not put its (possibly stale) answer in the cache.
        if (this.loading.get(venueId) === started) {
          this.loading.delete(venueId);
          this.slots.delete(venueId);
          this.slots.set(venueId, { entry, loadedAt: this.now() });
          if (this.slots.size > this.max) this.slots.delete(this.slots.keys().next().value!);
        }
        return entry;
      },
      (err: unknown) => {
        if (this.loading.get(venueId) === started) this.loading.delete(venueId);
        throw err;
      },
    );
    this.loading.set(venueId, started);
    return started;
  }

  /** Forgets a venue after this instance changed it (approval, secret or poster version change). */
  invalidate(venueId: string): void {
    this.slots.delete(venueId);
    this.loading.delete(venueId);
  }

  /** Forgets everything (tests, key rotation). */
  clear(): void {
    this.slots.clear();
    this.loading.clear();
  }

  get size(): number {
    return this.slots.size;
  }
}
