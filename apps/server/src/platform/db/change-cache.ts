import type { ChangeChannel, ChangeFeed } from './change-feed.ts';

interface Flight<V> {
  promise: Promise<V | null>;
  /** A change to the key was announced while this read ran: its answer may predate the change. */
  stale: boolean;
}

export interface ChangeCacheOptions<V> {
  /** Entries held at most; the oldest is dropped first (default 100 000). */
  maxEntries?: number;
  /**
   * A second key an entry's changes are announced under, known once the value is read: a session is
   * cached by its token's hash, and a change to its account is announced with the account's id.
   * Because the owner is unknown while a read runs, a read during which anything on the channel
   * was announced is answered but not remembered.
   */
  ownerOf?: (value: V) => string;
}

/**
 * An in-process cache of database reads, kept exact by the change feed (change-feed.ts): an entry
 * is dropped when a change to its key (or its owner's, or '*') is announced, and a read that was
 * running when the change was announced is answered but not remembered, so a value read before a
 * commit is never served after it. Concurrent misses for one key share one read. While the feed is
 * not live (a PostgreSQL LISTEN connection is down) every lookup reads through.
 *
 * Values must be safe to keep in memory: derived, masked data — never decrypted personal data.
 */
export class ChangeCache<V> {
  private readonly entries = new Map<string, V>();
  private readonly flights = new Map<string, Flight<V>>();
  /** Owner key → the cache keys whose values it owns (only with options.ownerOf). */
  private readonly owned = new Map<string, Set<string>>();
  private readonly ownerOf: ((value: V) => string) | undefined;
  /** Announcements heard so far (reads with an owner compare it before and after). */
  private announced = 0;
  private readonly feed: ChangeFeed;
  private readonly maxEntries: number;
  readonly stats = { hits: 0, misses: 0, readThrough: 0, dropped: 0 };
  readonly unsubscribe: () => void;

  constructor(feed: ChangeFeed, channel: ChangeChannel, options: ChangeCacheOptions<V> = {}) {
    this.feed = feed;
    this.maxEntries = options.maxEntries ?? 100_000;
    this.ownerOf = options.ownerOf;
    this.unsubscribe = feed.on(channel, (key) => this.changed(key));
  }

  /**
   * The value held for a key if it is still `usable`, without waiting (undefined otherwise, or
   * while the feed is not live): lets a hot path answer a hit synchronously and fall back to `get`.
   */
  peek(key: string, usable?: (value: V) => boolean): V | undefined {
    if (!this.feed.live) return undefined;
    const held = this.entries.get(key);
    if (held === undefined || (usable && !usable(held))) return undefined;
    this.stats.hits++;
    return held;
  }

  /**
   * The value for a key: from memory when held and still `usable` (e.g. not past a time it must be
   * recomputed at), otherwise from `load` (null = nothing to remember).
   */
  async get(key: string, load: () => Promise<V | null>, usable?: (value: V) => boolean): Promise<V | null> {
    if (!this.feed.live) {
      this.stats.readThrough++;
      return load();
    }
    const held = this.entries.get(key);
    if (held !== undefined) {
      if (!usable || usable(held)) {
        this.stats.hits++;
        return held;
      }
      this.forget(key);
    }
    const running = this.flights.get(key);
    if (running) return running.promise;
    this.stats.misses++;
    const flight: Flight<V> = { promise: null as never, stale: false };
    const announcedBefore = this.announced;
    flight.promise = (async () => {
      try {
        const value = await load();
        const ownerSafe = !this.ownerOf || this.announced === announcedBefore;
        if (value !== null && !flight.stale && ownerSafe && this.feed.live) this.remember(key, value);
        return value;
      } finally {
        if (this.flights.get(key) === flight) this.flights.delete(key);
      }
    })();
    this.flights.set(key, flight);
    return flight.promise;
  }

  /** Forgets one key and what it owns ('*' = everything). Called by the feed; also usable after a local change. */
  changed(key: string): void {
    this.announced++;
    if (key === '*') {
      this.stats.dropped += this.entries.size;
      this.entries.clear();
      this.owned.clear();
      for (const f of this.flights.values()) f.stale = true;
      this.flights.clear();
      return;
    }
    if (this.forget(key)) this.stats.dropped++;
    const owned = this.owned.get(key);
    if (owned) for (const k of [...owned]) if (this.forget(k)) this.stats.dropped++;
    const f = this.flights.get(key);
    if (f) {
      f.stale = true;
      this.flights.delete(key); // later lookups start a fresh read instead of joining this one
    }
  }

  private remember(key: string, value: V): void {
    if (this.entries.has(key)) this.forget(key);
    else if (this.entries.size >= this.maxEntries) {
      // Bounded memory: drop the oldest entry (insertion order).
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.forget(oldest);
    }
    this.entries.set(key, value);
    if (this.ownerOf) {
      const owner = this.ownerOf(value);
      let keys = this.owned.get(owner);
      if (!keys) this.owned.set(owner, (keys = new Set()));
      keys.add(key);
    }
  }

  /** Drops one entry and its owner link; false when nothing was held. */
  private forget(key: string): boolean {
    const held = this.entries.get(key);
    if (held === undefined) return false;
    this.entries.delete(key);
    if (this.ownerOf) {
      const owner = this.ownerOf(held);
      const keys = this.owned.get(owner);
      if (keys) {
        keys.delete(key);
        if (keys.size === 0) this.owned.delete(owner);
      }
    }
    return true;
  }

  /** Entries held (tests, metrics). */
  get size(): number {
    return this.entries.size;
  }
}
