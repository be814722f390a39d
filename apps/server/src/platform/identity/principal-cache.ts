import { ChangeCache } from '../db/change-cache.ts';
import type { ChangeFeed } from '../db/change-feed.ts';

/** A live session as read from the database: its resolved value and the session's expiry (epoch ms). */
export interface SessionEntry<T> {
  value: T;
  expiresAt: number;
}

/** A session resolved from the database with its expiry; null when not a live session. */
export type SessionRead<T> = () => Promise<SessionEntry<T> | null>;

/**
 * Token hash → resolved principal (or principal with profile), a ChangeCache on the fx_identity
 * channel: a committed change to the session row (announced with its id, the token's hash) or to
 * the account or citizen behind it (announced with that id, the entry's owner) drops the entry, and
 * an entry is used only before the session's own expiry. Unknown or dead tokens are never cached.
 *
 * Used on both databases. A change made by this instance is heard before the writer's promise settles
 * — on the embedded database during the COMMIT itself, on a PostgreSQL server on the pool connection
 * that committed (it LISTENs on fx_identity and PostgreSQL sends a session its own notifications
 * before the COMMIT's answer) — so revocation, sign-out, disabling, role or profile changes apply on
 * the very next request in this process. Another instance's change arrives on the feed's LISTEN
 * connection a moment after its commit (the cross-process bound: the notification's delivery, normally
 * milliseconds); while that connection is down the feed is not live and every lookup reads the
 * database (docs/architecture.md).
 */
export class PrincipalCache<T> {
  private readonly cache: ChangeCache<SessionEntry<T>>;

  /** `subjectOf` names the account or citizen a value belongs to (the owner its changes are announced under). */
  constructor(feed: ChangeFeed, subjectOf: (value: T) => string, maxEntries = 20_000) {
    this.cache = new ChangeCache<SessionEntry<T>>(feed, 'fx_identity', { maxEntries, ownerOf: (entry) => subjectOf(entry.value) });
  }

  /** Lookups answered from memory and from the database (tests, metrics). */
  get stats(): ChangeCache<SessionEntry<T>>['stats'] {
    return this.cache.stats;
  }

  /**
   * The cached value for a token hash if it is still valid, without waiting (undefined on a miss):
   * the request hook answers a hit synchronously, with no promise and no extra microtask turns.
   */
  peek(key: string, nowMs = Date.now()): T | undefined {
    return this.cache.peek(key, (entry) => entry.expiresAt > nowMs)?.value;
  }

  /** The cached value for a token hash if still valid, otherwise the database's answer (remembered when live). */
  async resolve(key: string, read: SessionRead<T>, nowMs = Date.now()): Promise<T | null> {
    const found = await this.cache.get(key, read, (entry) => entry.expiresAt > nowMs);
    return found?.value ?? null;
  }

  /** Stops listening to the feed (the app is closing). */
  close(): void {
    this.cache.unsubscribe();
  }

  /** Entries held (tests). */
  get size(): number {
    return this.cache.size;
  }
}
