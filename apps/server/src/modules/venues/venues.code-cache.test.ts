import { describe, expect, it } from 'vitest';
import { manualChangeFeed } from '../../platform/db/manual-change-feed.ts';
import { VenueCodeCache, type VenueCodeEntry } from './venues.code-cache.ts';

function entry(id: string, version = 1): VenueCodeEntry {
  return { id, name: id, address: '', divisionCode: '510603', latitude: 0, longitude: 0, status: 'approved', staticVersion: version, secret: Buffer.alloc(32) };
}

describe('VenueCodeCache', () => {
  it('loads once for concurrent misses and serves from memory until the venue is announced on fx_venue', async () => {
    const feed = manualChangeFeed();
    let loads = 0;
    const cache = new VenueCodeCache(feed, async (id) => { loads++; return entry(id, loads); });
    const all = await Promise.all([cache.get('a'), cache.get('a'), cache.get('a')]);
    expect(loads).toBe(1);
    expect(all.every((e) => e?.staticVersion === 1)).toBe(true);
    expect((await cache.get('a'))?.staticVersion).toBe(1);
    expect(cache.peek('a')?.staticVersion).toBe(1); // held: answered without waiting
    feed.announce('fx_venue', 'b'); // another venue: kept
    expect(cache.peek('a')?.staticVersion).toBe(1);
    feed.announce('fx_venue', 'a'); // committed by any instance
    expect(cache.peek('a')).toBeUndefined();
    expect((await cache.get('a'))?.staticVersion).toBe(2);
    feed.announce('fx_venue', '*');
    expect(cache.size).toBe(0);
  });

  it('reads through while the feed is not live, with no time-based lifetime to fall back on', async () => {
    const feed = manualChangeFeed();
    let loads = 0;
    const cache = new VenueCodeCache(feed, async (id) => { loads++; return entry(id, loads); });
    await cache.get('a');
    feed.live = false;
    expect(cache.peek('a')).toBeUndefined();
    expect((await cache.get('a'))?.staticVersion).toBe(2);
    expect((await cache.get('a'))?.staticVersion).toBe(3);
  });

  it('remembers unknown venues as absent until the id is announced (a venue created with it)', async () => {
    const feed = manualChangeFeed();
    let loads = 0;
    let exists = false;
    const cache = new VenueCodeCache(feed, async (id) => { loads++; return exists ? entry(id) : null; });
    expect(cache.peek('x')).toBeUndefined(); // not held
    expect(await cache.get('x')).toBeNull();
    expect(cache.peek('x')).toBeNull(); // held as absent
    expect(await cache.get('x')).toBeNull();
    expect(loads).toBe(1);
    exists = true;
    feed.announce('fx_venue', 'x');
    expect((await cache.get('x'))?.id).toBe('x');
  });

  it('drops an entry on invalidate, even when a load was in flight', async () => {
    let version = 1;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const cache = new VenueCodeCache(manualChangeFeed(), async (id) => {
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

  it('does not cache a failed load, stays bounded and stops listening when closed', async () => {
    const feed = manualChangeFeed();
    let fail = true;
    const cache = new VenueCodeCache(feed, async (id) => { if (fail) throw new Error('db down'); return entry(id); }, { max: 3 });
    await expect(cache.get('a')).rejects.toThrow('db down');
    fail = false;
    expect(await cache.get('a')).not.toBeNull();
    for (const id of ['b', 'c', 'd', 'e']) await cache.get(id);
    expect(cache.size).toBe(3);
    cache.close();
    feed.announce('fx_venue', '*');
    expect(cache.size).toBe(3);
  });
});
