import type { IdentityWrites } from '../db/identity-writes.ts';

interface Entry<T> {
  value: T;
  expiresAt: number;
  generation: number;
}

/** A session resolved from the database with its expiry (epoch ms); null when not a live session. */
export type SessionRead<T> = () => Promise<{ value: T; expiresAt: number } | null>;

/**
 * Token hash → resolved principal (or principal with profile), for the embedded database only.
 * Why it is safe there: PGlite is single-process, so every write to sessions, staff_accounts or
 * citizens passes through this process and moves `writes.generation` (db/identity-writes.ts). An
 * entry remembers the generation current when its read started and is used only while nothing
 * has moved it since, and only before the session's own expiry — so revocation, sign-out,
 * disabling, role or profile changes apply on the very next request. Unknown or dead tokens are
 * never cached. On a PostgreSQL server there is no IdentityWrites and no cache.
 */
export class PrincipalCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly writes: IdentityWrites;
  private readonly maxEntries: number;
  /** Lookups answered from memory and from the database (tests, metrics). */
  readonly stats = { hits: 0, misses: 0 };

  constructor(writes: IdentityWrites, maxEntries = 20_000) {
    this.writes = writes;
    this.maxEntries = maxEntries;
  }

  /**
   * The cached value for a token hash if it is still valid, without waiting (undefined on a miss):
   * the request hook answers a hit synchronously, with no promise and no extra microtask turns.
   */
  peek(key: string, nowMs = Date.now()): T | undefined {
    const hit = this.entries.get(key);
    if (hit && hit.generation === this.writes.generation && hit.expiresAt > nowMs) {
      this.stats.hits++;
      return hit.value;
    }
    return undefined;
  }

  /** The cached value for a token hash if still valid, otherwise the database's answer (remembered when live). */
  async resolve(key: string, read: SessionRead<T>, nowMs = Date.now()): Promise<T | null> {
    const cached = this.peek(key, nowMs);
    if (cached !== undefined) return cached;
    const hit = this.entries.get(key);
    this.stats.misses++;
    if (hit) this.entries.delete(key);
    const generation = this.writes.generation; // taken before the read: a write during it makes the entry stale at once
    const found = await read();
    if (!found) return null;
    // Bounded memory: when full, start again (a cheap, rare event; entries are rebuilt on demand).
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value: found.value, expiresAt: found.expiresAt, generation });
    return found.value;
  }

  /** Entries held (tests). */
  get size(): number {
    return this.entries.size;
  }
}
