import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';

/** A venue's place-code secret: raw bytes, or (faster, what the scan path holds) a secret KeyObject. */
export type PlaceCodeSecret = Buffer | KeyObject;

/**
 * Place codes (场所码). Two kinds, both HMACs under a per-venue secret, so verifying one needs no
 * database read once the venue's secret is cached:
 *  - static  `s1.<venue>.<version>.<sig>` printed on the poster; `version` is bumped to revoke posters;
 *  - dynamic `d1.<venue>.<window>.<sig>` shown on the venue's screen, window = 30-second slot since
 *    the epoch; the current and the previous window are accepted (a scan at a window's edge still works).
 * `<venue>` is the venue UUID's 16 bytes in base64url, `<sig>` the first 16 bytes of the HMAC.
 */

export const DYNAMIC_WINDOW_SECONDS = 30 as const;
export type PlaceCodeKind = 'static' | 'dynamic';
export type MacHash = 'sha256' | 'sm3';

export interface ParsedPlaceToken {
  kind: PlaceCodeKind;
  venueId: string;
  counter: number;
  sig: Buffer;
}

const TOKEN_RE = /^([sd])1\.([A-Za-z0-9_-]{22})\.(\d{1,12})\.([A-Za-z0-9_-]{22})$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Packs a UUID into 22 base64url characters (keeps the QR small). */
export function encodeVenueId(uuid: string): string {
  if (!UUID_RE.test(uuid)) throw new Error('not a uuid');
  return Buffer.from(uuid.replace(/-/g, ''), 'hex').toString('base64url');
}

/** Unpacks encodeVenueId's output; null if it is not 16 bytes. */
export function decodeVenueId(packed: string): string | null {
  const bytes = Buffer.from(packed, 'base64url');
  if (bytes.length !== 16 || bytes.toString('base64url') !== packed) return null;
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The 30-second window a moment falls in. */
export function windowOf(nowMs: number): number {
  return Math.floor(nowMs / (DYNAMIC_WINDOW_SECONDS * 1000));
}

function mac(hash: MacHash, secret: PlaceCodeSecret, kind: PlaceCodeKind, venueId: string, counter: number): Buffer {
  return createHmac(hash, secret).update(`fx-place:${kind}:${venueId}:${counter}`).digest().subarray(0, 16);
}

function format(kind: PlaceCodeKind, venueId: string, counter: number, sig: Buffer): string {
  return `${kind === 'static' ? 's' : 'd'}1.${encodeVenueId(venueId)}.${counter}.${sig.toString('base64url')}`;
}

/** Signs a venue's static (poster) code for the given poster version. */
export function signStaticCode(hash: MacHash, secret: PlaceCodeSecret, venueId: string, version: number): string {
  return format('static', venueId, version, mac(hash, secret, 'static', venueId, version));
}

/** Signs the venue's dynamic (screen) code for the window containing nowMs; returns when it rotates. */
export function signDynamicCode(hash: MacHash, secret: PlaceCodeSecret, venueId: string, nowMs: number): { token: string; expiresAt: Date } {
  const window = windowOf(nowMs);
  return {
    token: format('dynamic', venueId, window, mac(hash, secret, 'dynamic', venueId, window)),
    expiresAt: new Date((window + 1) * DYNAMIC_WINDOW_SECONDS * 1000),
  };
}

/**
 * Takes what the citizen's camera read — the bare token or the poster's URL carrying it as `?c=` —
 * and parses it without checking the signature; null when it is not a place code at all.
 */
export function parsePlaceToken(input: string): ParsedPlaceToken | null {
  let token = input.trim();
  if (token.includes('?')) {
    try {
      token = new URL(token).searchParams.get('c') ?? '';
    } catch {
      return null;
    }
  }
  const m = TOKEN_RE.exec(token);
  if (!m) return null;
  const venueId = decodeVenueId(m[2]);
  const sig = Buffer.from(m[4], 'base64url');
  // Canonical encodings only: the last base64url character carries spare bits, and a token that
  // differs only there must not count as a distinct (replayable) code.
  if (!venueId || sig.length !== 16 || sig.toString('base64url') !== m[4]) return null;
  return { kind: m[1] === 's' ? 'static' : 'dynamic', venueId, counter: Number(m[3]), sig };
}

export type PlaceTokenVerdict = 'ok' | 'forged' | 'expired' | 'revoked';

/**
 * Checks a parsed token against the venue's secret: the signature first (constant time), then
 * freshness — a dynamic code must be from the current or previous window, a static code from the
 * venue's current poster version.
 *
 * `memo` (held per venue by the scan path) remembers the expected MACs of the codes that are valid
 * right now — the poster version and the last windows — so the thousands of scans of one poster
 * compare 16 bytes instead of computing an HMAC each. Only currently valid counters are memoised,
 * so forged tokens with made-up counters cannot grow it.
 */
export function checkPlaceToken(
  hash: MacHash,
  parsed: ParsedPlaceToken,
  secret: PlaceCodeSecret,
  staticVersion: number,
  nowMs: number,
  memo?: Map<string, Buffer>,
): PlaceTokenVerdict {
  const current = windowOf(nowMs);
  const fresh = parsed.kind === 'static' ? parsed.counter === staticVersion : parsed.counter === current || parsed.counter === current - 1;
  const key = `${parsed.kind}:${parsed.counter}`;
  let expected = fresh ? memo?.get(key) : undefined;
  if (!expected) {
    expected = mac(hash, secret, parsed.kind, parsed.venueId, parsed.counter);
    if (fresh && memo) {
      if (memo.size >= 8) memo.clear(); // old windows: start again
      memo.set(key, expected);
    }
  }
  if (!timingSafeEqual(expected, parsed.sig)) return 'forged';
  if (fresh) return 'ok';
  return parsed.kind === 'static' ? 'revoked' : 'expired';
}

/** The URL a place code's QR carries: opens the citizen app's scan page, which posts the token. */
export function placeCodeUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/m/scan?c=${token}`;
}
