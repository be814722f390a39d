import { describe, expect, it } from 'vitest';
import { VenueCodeCache, type VenueCodeEntry } from './venues.code-cache.ts';

function entry(id: string, version = 1): VenueCodeEntry {
  return { id, name: id, address: '', divisionCode: '510603', latitude: 0, longitude: 0, status: 'approved', staticVersion: version, secret: Buffer.alloc(32) };
}

describe('VenueCodeCache', () => {
  it('loads once for concurrent misses and serves from memory until the TTL passes', async () => {
    let now = 0;
    let loads = 0;
    const cache = new VenueCodeCache(async (id) => { loads++; return entry(id, loads); }, { ttlMs: 1000, now: () => now });
    const all = await Promise.all([cache.get('a'), cache.get('a'), cache.get('a')]);
    expect(loads).toBe(1);
    expect(all.every((e) => e?.staticVersion === 1)).toBe(true);
    now = 999;
    expect((await cache.get('a'))?.staticVersion).toBe(1);
    expect(cache.peek('a')?.staticVersion).toBe(1); // held and fresh: answered without waiting
    now = 1000;
    expect(cache.peek('a')).toBeUndefined(); // stale: not answered from memory
    expect((await cache.get('a'))?.staticVersion).toBe(2);
    expect(loads).toBe(2);
  });

  it('remembers unknown venues as absent', async () => {
    let loads = 0;
    const cache = new VenueCodeCache(async () => { loads++; return null; });
    expect(cache.peek('x')).toBeUndefined(); // not held
    expect(await cache.get('x')).toBeNull();
    expect(cache.peek('x')).toBeNull(); // held as absent
    expect(await cache.get('x')).toBeNull();
    expect(loads).toBe(1);
  });

  it('drops an entry on invalidate, even when a load was in flight', async () => {
    let version = 1;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const cache = new VenueCodeCache(async (id) => {
      const v = version;
      if (v === 1) await gate;
      return entry(id, v);
    });
    const stale = cache.get('a');
    version = 2;
    cache.invalidate('a');
    const fresh = await cache.get('a');
    release();
    expect((await stale)?.staticVersion).toBe(1);
    expect(fresh?.staticVersion).toBe(2);
    expect((await cache.get('a'))?.staticVersion).toBe(2);
  });

  it('does not cache a failed load and stays bounded', async () => {
    let fail = true;
    const cache = new VenueCodeCache(async (id) => { if (fail) throw new Error('db down'); return entry(id); }, { max: 3 });
    await expect(cache.get('a')).rejects.toThrow('db down');
    fail = false;
    expect(await cache.get('a')).not.toBeNull();
    for (const id of ['b', 'c', 'd', 'e']) await cache.get(id);
    expect(cache.size).toBe(3);
  });
});
