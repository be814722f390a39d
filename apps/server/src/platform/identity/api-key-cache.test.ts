import { describe, expect, it } from 'vitest';
import { ApiKeyCache } from './api-key-cache.ts';

const principal = (clientId: string) => ({ kind: 'api' as const, clientId, permissions: ['open311.requests'], regionCode: '510600' });

describe('ApiKeyCache', () => {
  it('answers a live key until its time to live, then reads again', () => {
    const cache = new ApiKeyCache(5_000, 10);
    expect(cache.get('h1', 0)).toBeUndefined();
    cache.set('h1', principal('c1'), 0, cache.begin(), 1_000);
    expect(cache.get('h1', 5_999)?.principal.clientId).toBe('c1');
    expect(cache.get('h1', 6_000)).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.stats).toEqual({ hits: 1, misses: 2 });
  });

  it('forgets every key of a revoked client at once, and keeps the others', () => {
    const cache = new ApiKeyCache();
    cache.set('h1', principal('c1'), 0, cache.begin(), 0);
    cache.set('h2', principal('c1'), 0, cache.begin(), 0);
    cache.set('h3', principal('c2'), 0, cache.begin(), 0);
    cache.invalidateClient('c1');
    expect(cache.get('h1', 1)).toBeUndefined();
    expect(cache.get('h2', 1)).toBeUndefined();
    expect(cache.get('h3', 1)?.principal.clientId).toBe('c2');
  });

  it('does not store the answer of a read that was in flight while a revocation committed', () => {
    const cache = new ApiKeyCache();
    const since = cache.begin(); // the lookup starts reading (sees the key still live)…
    cache.invalidateClient('c1'); // …the revocation commits and clears the cache…
    cache.set('h1', principal('c1'), 0, since, 0); // …and the lookup's older answer is not kept.
    expect(cache.get('h1', 1)).toBeUndefined();
    cache.set('h1', principal('c1'), 0, cache.begin(), 0);
    expect(cache.get('h1', 1)).toBeDefined();
  });

  it('holds at most maxEntries keys, dropping the oldest read first', () => {
    const cache = new ApiKeyCache(5_000, 3);
    for (let i = 1; i <= 5; i++) cache.set(`h${i}`, principal(`c${i}`), 0, cache.begin(), 0);
    expect(cache.size).toBe(3);
    expect(cache.get('h1', 1)).toBeUndefined();
    expect(cache.get('h2', 1)).toBeUndefined();
    expect(cache.get('h5', 1)).toBeDefined();
  });
});
