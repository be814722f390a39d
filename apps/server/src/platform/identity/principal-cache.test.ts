import { describe, expect, it } from 'vitest';
import { manualChangeFeed } from '../db/manual-change-feed.ts';
import { PrincipalCache } from './principal-cache.ts';


type Held = { subject: string; v: string };
const subjectOf = (held: Held) => held.subject;

describe('PrincipalCache', () => {
  const live = (v: string, expiresAt: number, subject = 'account-1') => async () => ({ value: { subject, v }, expiresAt });

  it('answers from memory until the session or its owner is announced, or the session expires', async () => {
    const feed = manualChangeFeed();
    const cache = new PrincipalCache<Held>(feed, subjectOf);
    let reads = 0;
    const read = async () => ({ value: { subject: 'account-1', v: `v${++reads}` }, expiresAt: 1_000 });
    expect((await cache.resolve('token-hash', read, 0))?.v).toBe('v1');
    expect(cache.peek('token-hash', 999)?.v).toBe('v1');
    feed.announce('fx_identity', 'token-hash'); // the session row changed
    expect(cache.peek('token-hash', 999)).toBeUndefined();
    expect((await cache.resolve('token-hash', read, 999))?.v).toBe('v2');
    feed.announce('fx_identity', 'account-1'); // the account behind it changed
    expect(cache.peek('token-hash', 999)).toBeUndefined();
    expect((await cache.resolve('token-hash', read, 999))?.v).toBe('v3');
    feed.announce('fx_identity', 'account-2'); // somebody else: kept
    expect(cache.peek('token-hash', 999)?.v).toBe('v3');
    expect(cache.peek('token-hash', 1_000)).toBeUndefined(); // expired at use
    expect((await cache.resolve('token-hash', read, 1_000))?.v).toBe('v4'); // and read again
    feed.announce('fx_identity', '*');
    expect(cache.size).toBe(0);
  });

  it('does not remember a read during which a change was announced (its owner is unknown until read)', async () => {
    const feed = manualChangeFeed();
    const cache = new PrincipalCache<Held>(feed, subjectOf);
    const first = await cache.resolve('k', async () => {
      feed.announce('fx_identity', 'account-1');
      return { value: { subject: 'account-1', v: 'old' }, expiresAt: 10 };
    }, 0);
    expect(first?.v).toBe('old');
    expect(cache.peek('k', 0)).toBeUndefined();
    expect((await cache.resolve('k', live('new', 10), 0))?.v).toBe('new');
    expect(cache.peek('k', 0)?.v).toBe('new');
  });

  it('never caches a missing session, stays bounded, and stops listening when closed', async () => {
    const feed = manualChangeFeed();
    const cache = new PrincipalCache<Held>(feed, subjectOf, 2);
    expect(await cache.resolve('gone', async () => null, 0)).toBeNull();
    expect(cache.size).toBe(0);
    for (const k of ['a', 'b', 'c']) await cache.resolve(k, live(k, 10, `owner-${k}`), 0);
    expect(cache.size).toBe(2);
    expect(cache.peek('a', 0)).toBeUndefined(); // the oldest went first
    feed.announce('fx_identity', 'owner-a'); // an owner whose entry was evicted: nothing else dropped
    expect(cache.size).toBe(2);
    cache.close();
    feed.announce('fx_identity', '*');
    expect(cache.size).toBe(2);
  });
});
