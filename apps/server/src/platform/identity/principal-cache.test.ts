import { describe, expect, it } from 'vitest';
import { IdentityWrites, touchesIdentity } from '../db/identity-writes.ts';
import { PrincipalCache } from './principal-cache.ts';

describe('PrincipalCache', () => {
  const live = (value: string, expiresAt: number) => async () => ({ value, expiresAt });

  it('answers from memory until the generation moves or the session expires', async () => {
    const writes = new IdentityWrites();
    const cache = new PrincipalCache<string>(writes);
    let reads = 0;
    const read = async () => ({ value: `v${++reads}`, expiresAt: 1_000 });
    expect(await cache.resolve('k', read, 0)).toBe('v1');
    expect(await cache.resolve('k', read, 999)).toBe('v1');
    writes.generation++;
    expect(await cache.resolve('k', read, 999)).toBe('v2');
    expect(await cache.resolve('k', read, 1_000)).toBe('v3'); // expired at use: read again
    expect(cache.stats).toEqual({ hits: 1, misses: 3 });
  });

  it('remembers the generation from before the read, so a write during the read makes the entry stale', async () => {
    const writes = new IdentityWrites();
    const cache = new PrincipalCache<string>(writes);
    expect(
      await cache.resolve('k', async () => {
        writes.generation++;
        return { value: 'old', expiresAt: 10 };
      }, 0),
    ).toBe('old');
    expect(await cache.resolve('k', live('new', 10), 0)).toBe('new');
  });

  it('never caches a missing session and stays bounded', async () => {
    const writes = new IdentityWrites();
    const cache = new PrincipalCache<string>(writes, 2);
    expect(await cache.resolve('gone', async () => null, 0)).toBeNull();
    expect(cache.size).toBe(0);
    for (const k of ['a', 'b', 'c']) await cache.resolve(k, live(k, 10), 0);
    expect(cache.size).toBeLessThanOrEqual(2);
  });
});

describe('touchesIdentity', () => {
  it('counts every non-select statement naming sessions, staff_accounts or citizens', () => {
    for (const sql of [
      'update "sessions" set "revoked_at" = $1 where "sessions"."id" = $2',
      'insert into "staff_accounts" ("id") values ($1)',
      'delete from "citizens" where "id" = $1',
      'truncate citizens cascade',
      'with x as (update sessions set revoked_at = now() returning id) select * from x',
      '  UPDATE public.staff_accounts SET roles = $1',
    ])
      expect(touchesIdentity(sql), sql).toBe(true);
    for (const sql of [
      'select "id" from "sessions" where "id" = $1',
      'insert into "venue_scans" ("citizen_id") values ($1)',
      'update "health_codes" set "colour" = $1 where "citizen_id" = $2',
      'insert into "audit_log" ("subject_type") values ($1)',
    ])
      expect(touchesIdentity(sql), sql).toBe(false);
  });
});
