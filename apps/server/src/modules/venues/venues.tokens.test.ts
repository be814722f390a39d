import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkPlaceToken,
  decodeVenueId,
  encodeVenueId,
  parsePlaceToken,
  placeCodeUrl,
  signDynamicCode,
  signStaticCode,
  windowOf,
  type MacHash,
} from './venues.tokens.ts';

const VENUE = '0b9c6a52-3f1e-4c1a-9d2b-7e8f00112233';
const secret = randomBytes(32);

describe('place code tokens', () => {
  it('packs any uuid into 22 characters and back', () => {
    fc.assert(
      fc.property(fc.uuid(), (uuid) => {
        const packed = encodeVenueId(uuid);
        expect(packed).toHaveLength(22);
        expect(decodeVenueId(packed)).toBe(uuid.toLowerCase());
      }),
    );
  });

  it('refuses a packed id that is not exactly 16 bytes', () => {
    expect(decodeVenueId('abc')).toBeNull();
    expect(decodeVenueId('A'.repeat(24))).toBeNull();
  });

  for (const hash of ['sha256', 'sm3'] as MacHash[]) {
    it(`accepts its own static code and refuses other versions (${hash})`, () => {
      const token = signStaticCode(hash, secret, VENUE, 3);
      const parsed = parsePlaceToken(token)!;
      expect(parsed).toMatchObject({ kind: 'static', venueId: VENUE, counter: 3 });
      expect(checkPlaceToken(hash, parsed, secret, 3, Date.now())).toBe('ok');
      expect(checkPlaceToken(hash, parsed, secret, 4, Date.now())).toBe('revoked');
      expect(checkPlaceToken(hash, parsed, randomBytes(32), 3, Date.now())).toBe('forged');
    });
  }

  it('answers the same with a memo of expected MACs, and memoises only currently valid codes', () => {
    const t0 = 1_700_000_000_000;
    const memo = new Map<string, Buffer>();
    const other = randomBytes(32);
    const cases = [
      { token: signStaticCode('sha256', secret, VENUE, 3), version: 3, now: t0 },
      { token: signStaticCode('sha256', secret, VENUE, 2), version: 3, now: t0 }, // old poster
      { token: signStaticCode('sha256', other, VENUE, 3), version: 3, now: t0 }, // forged, valid counter
      { token: signDynamicCode('sha256', secret, VENUE, t0).token, version: 3, now: t0 },
      { token: signDynamicCode('sha256', other, VENUE, t0).token, version: 3, now: t0 }, // forged
      { token: signDynamicCode('sha256', secret, VENUE, t0 - 90_000).token, version: 3, now: t0 }, // expired
    ];
    for (let round = 0; round < 2; round++) {
      for (const c of cases) {
        const parsed = parsePlaceToken(c.token)!;
        expect(checkPlaceToken('sha256', parsed, secret, c.version, c.now, memo)).toBe(checkPlaceToken('sha256', parsed, secret, c.version, c.now));
      }
    }
    expect([...memo.keys()].sort()).toEqual([`dynamic:${windowOf(t0)}`, 'static:3']);
  });

  it('accepts a dynamic code in its window and the next, and expires it after', () => {
    const t0 = 1_700_000_000_000;
    const { token, expiresAt } = signDynamicCode('sha256', secret, VENUE, t0);
    expect(expiresAt.getTime()).toBe((windowOf(t0) + 1) * 30_000);
    const parsed = parsePlaceToken(token)!;
    expect(parsed.kind).toBe('dynamic');
    expect(checkPlaceToken('sha256', parsed, secret, 1, t0)).toBe('ok');
    expect(checkPlaceToken('sha256', parsed, secret, 1, expiresAt.getTime())).toBe('ok'); // previous window
    expect(checkPlaceToken('sha256', parsed, secret, 1, expiresAt.getTime() + 30_000)).toBe('expired');
    expect(checkPlaceToken('sha256', parsed, secret, 1, t0 - 30_000)).toBe('expired'); // from the future
  });

  it('is valid for 30 to 60 seconds whatever the moment it was shown', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_600_000_000_000, max: 2_000_000_000_000 }), fc.integer({ min: 0, max: 120_000 }), (shownAt, delay) => {
        const { token, expiresAt } = signDynamicCode('sha256', secret, VENUE, shownAt);
        const verdict = checkPlaceToken('sha256', parsePlaceToken(token)!, secret, 1, shownAt + delay);
        const acceptedUntil = expiresAt.getTime() + 30_000;
        expect(verdict).toBe(shownAt + delay < acceptedUntil ? 'ok' : 'expired');
        expect(acceptedUntil - shownAt).toBeGreaterThan(30_000);
        expect(acceptedUntil - shownAt).toBeLessThanOrEqual(60_000);
      }),
    );
  });

  it('detects any single-character change to a token', () => {
    const token = signStaticCode('sha256', secret, VENUE, 1);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: token.length - 1 }), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), (i, ch) => {
        fc.pre(token[i] !== ch);
        const altered = token.slice(0, i) + ch + token.slice(i + 1);
        const parsed = parsePlaceToken(altered);
        if (parsed === null) return; // no longer well-formed: refused as invalid
        const verdict = checkPlaceToken('sha256', parsed, secret, 1, Date.now());
        // A changed venue id or version is a different message: the signature no longer matches.
        expect(verdict === 'forged' || (parsed.counter !== 1 && verdict !== 'ok')).toBe(true);
      }),
    );
  });

  it('reads the token out of the poster URL and refuses garbage', () => {
    const token = signStaticCode('sha256', secret, VENUE, 1);
    const url = placeCodeUrl('https://fx.example.cn/', token);
    expect(url).toBe(`https://fx.example.cn/m/scan?c=${token}`);
    expect(parsePlaceToken(url)?.venueId).toBe(VENUE);
    expect(parsePlaceToken(`  ${token}\n`)?.venueId).toBe(VENUE);
    for (const bad of ['', 'hello', 'x1.AAAAAAAAAAAAAAAAAAAAAA.1.AAAAAAAAAAAAAAAAAAAAAA', 'https://x/?q=1', 'http://[bad?c=1', `${token}.extra`]) {
      expect(parsePlaceToken(bad)).toBeNull();
    }
  });
});
