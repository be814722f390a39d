import type { Principal } from '../access/principal.ts';

type ApiPrincipal = Extract<Principal, { kind: 'api' }>;

interface Entry {
  principal: ApiPrincipal;
  /** When the key's use was last marked (api_clients.last_used_at), epoch ms. */
  lastUsedAt: number;
  /** The entry is not used after this (epoch ms): the bound on a revocation made by another process. */
  expiresAt: number;
}

/**
 * Key hash → the live API client's principal, for at most `ttlMs` after it was read (default 5 s),
 * at most `maxEntries` keys (the oldest read is dropped first). Only live keys are remembered: an
 * unknown or revoked key is looked up every time.
 *
 * Revocation in this process takes effect at once: revokeApiClient calls invalidateClient after its
 * commit, and a lookup that was reading while the revocation committed does not store its (older)
 * answer (the generation check). A revocation committed by another process (another server on the
 * same PostgreSQL database) is seen here within `ttlMs` — api_clients has no change-feed channel.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;
  readonly stats = { hits: 0, misses: 0 };

  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(ttlMs = 5_000, maxEntries = 1_000) {
    this.ttlMs = ttlMs;
    this.maxEntries = maxEntries;
  }

  /** The live entry for a key hash, or undefined. */
  get(keyHash: string, nowMs = Date.now()): Entry | undefined {
    const entry = this.entries.get(keyHash);
    if (entry && entry.expiresAt > nowMs) {
      this.stats.hits++;
      return entry;
    }
    if (entry) this.entries.delete(keyHash);
    this.stats.misses++;
    return undefined;
  }

  /** The generation to pass to `set` for a read that starts now. */
  begin(): number {
    return this.generation;
  }

  /** Remembers a live key read in generation `since`, unless something was invalidated meanwhile. */
  set(keyHash: string, principal: ApiPrincipal, lastUsedAt: number, since: number, nowMs = Date.now()): void {
    if (since !== this.generation) return;
    this.entries.delete(keyHash);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(keyHash, { principal, lastUsedAt, expiresAt: nowMs + this.ttlMs });
  }

  /** Forgets every key of a client (revoked or rotated), and makes lookups in flight not store their answer. */
  invalidateClient(clientId: string): void {
    this.generation++;
    for (const [hash, entry] of this.entries) if (entry.principal.clientId === clientId) this.entries.delete(hash);
  }

  /** Keys held (tests). */
  get size(): number {
    return this.entries.size;
  }
}

const caches = new WeakMap<object, ApiKeyCache>();

/** The cache of one database handle (one per app: the app's `ctx.db`, shared by every lookup and revocation through it). */
export function apiKeyCacheOf(db: object): ApiKeyCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new ApiKeyCache()));
  return cache;
}
