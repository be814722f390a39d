import { createPublicKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { AppContext } from '../../platform/http/context.ts';
import { ChangeCache } from '../../platform/db/change-cache.ts';
import { defineState } from '../../platform/modules/module.ts';
import type { Colour } from './health-code.types.ts';
import type { TokenRefusal } from './health-code.errors.ts';
import type { RowKind } from '../../platform/db/group-commit.ts';
import * as repo from './health-code.repository.ts';
import { hcSigningKeys } from './health-code.tables.ts';
import { currentSigningKey, newSigningKeyCache, publicSigningKey, type CurrentSigningKey, type PublicSigningKey, type SigningKeyCache } from '../../platform/crypto/signing-keys.ts';
import { newCodeId, parseToken, signToken, tokenDigest, verifySignatureAsync, type SigningAlgorithm } from './health-code.tokens.ts';

/**
 * This issuer's signing key and the keys it trusts. Keys are generated on first start and stored in
 * the database (private key encrypted with the field cipher), so every instance signs with the same
 * key; public keys are published at /api/open/health-code/keys for offline verification elsewhere.
 */

interface TrustedKey {
  issuer: string;
  kid: string;
  algorithm: SigningAlgorithm;
  publicKey: KeyObject;
  name: string;
}

/**
 * Code id → citizen (and the issued token's digest), for tokens that have not expired. The mapping
 * never changes once written (rows are only purged a day after expiry), so it is safe to remember on
 * any database mode: it is filled when this instance issues a token and on the first lookup of
 * another instance's token.
 */
interface TokenOwner {
  citizenId: string;
  expiresAtMs: number;
  digest: Buffer | null;
}
const TOKEN_OWNERS_MAX = 200_000;

/** What signing and checking tokens keep in memory per app (the health-code manifest provides it). */
export interface SigningState {
  /** This instance's signing key, loaded (or generated) on first use, and our own public keys by kid (they never change). */
  keys: SigningKeyCache;
  /** Other issuers' trusted keys by "issuer kid" (one entry, TRUST_KEY), kept exact by the fx_issuer feed (drizzle/0013). */
  trust: ChangeCache<Map<string, TrustedKey>>;
  /** Code id → owner of unexpired tokens (bounded, see rememberOwner). */
  owners: Map<string, TokenOwner>;
  /** Token uses this instance has committed, by token, until the token expires (bounded). */
  committedUses: Map<string, number>;
}

export const SigningStateKey = defineState<SigningState>('health-code.signing');

export function createSigningState(ctx: AppContext): SigningState {
  const trust = new ChangeCache<Map<string, TrustedKey>>(ctx.database.changes, 'fx_issuer', { maxEntries: 1 });
  ctx.onClose(trust.unsubscribe);
  return { keys: newSigningKeyCache(), trust, owners: new Map(), committedUses: new Map() };
}

const TRUST_KEY = 'trusted-issuers';

function ownersOf(ctx: AppContext): Map<string, TokenOwner> {
  return SigningStateKey.of(ctx).owners;
}

function rememberOwner(ctx: AppContext, codeId: string, owner: TokenOwner): void {
  const map = ownersOf(ctx);
  if (map.size >= TOKEN_OWNERS_MAX) {
    // Oldest first (insertion order): drop expired tokens, or the oldest tenth when none has expired.
    const now = Date.now();
    let dropped = 0;
    for (const [cid, v] of map) {
      if (v.expiresAtMs > now && dropped >= TOKEN_OWNERS_MAX / 10) break;
      map.delete(cid);
      dropped++;
    }
  }
  map.set(codeId, owner);
}

async function ownerOf(ctx: AppContext, codeId: string): Promise<TokenOwner | null> {
  const held = ownersOf(ctx).get(codeId);
  if (held) return held;
  const row = await repo.findCodeToken(ctx.db, codeId);
  if (!row) return null;
  const owner = { citizenId: row.citizenId, expiresAtMs: row.expiresAt.getTime(), digest: row.tokenDigest ? Buffer.from(row.tokenDigest, 'base64url') : null };
  rememberOwner(ctx, codeId, owner);
  return owner;
}

/** A verification of a token, to record (replay detection after expiry). */
export interface TokenUse {
  issuer: string;
  codeId: string;
  expiresAt: Date;
}

/** Token uses as group commit merges them (first use per token): see health-code.repository.ts. */
export const TOKEN_USE_ROWS: RowKind<TokenUse> = repo.TOKEN_USE_ROWS;

const MAX_COMMITTED_USES = 200_000;

function useKey(use: TokenUse): string {
  return `${use.issuer}\u0000${use.codeId}`;
}

/**
 * The use to write with a check, or null when this instance has already committed this token's
 * first use (the row exists, so writing it again would change nothing). Another instance that has
 * not seen the token writes it once more, and the insert leaves the existing row alone.
 */
export function useToRecord(ctx: AppContext, use: TokenUse | null): TokenUse | null {
  if (!use) return null;
  const known = SigningStateKey.of(ctx).committedUses.get(useKey(use));
  return known !== undefined && known > Date.now() ? null : use;
}

/** Called once a use's row is committed: later checks of the same token need not write it. */
export function useCommitted(ctx: AppContext, use: TokenUse | null): void {
  if (!use) return;
  const uses = SigningStateKey.of(ctx).committedUses;
  if (uses.size >= MAX_COMMITTED_USES) {
    const now = Date.now();
    for (const [key, expires] of uses) if (expires <= now) uses.delete(key);
    if (uses.size >= MAX_COMMITTED_USES) uses.clear(); // only costs rows that change nothing
  }
  uses.set(useKey(use), use.expiresAt.getTime());
}

/** The key this instance signs with (generated and stored on first use). */
export function signingKeyFor(ctx: AppContext): Promise<CurrentSigningKey> {
  return currentSigningKey(SigningStateKey.of(ctx).keys, ctx.db, ctx.cipher, hcSigningKeys, ctx.config.codeSigningAlgorithm);
}

/** Issues a short-lived QR token for a citizen's current colour; the code id is the only link to the citizen. */
export async function issueCodeToken(ctx: AppContext, citizenId: string, colour: Colour, now: Date = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const key = await signingKeyFor(ctx);
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + ctx.config.codeTokenTtlMinutes * 60;
  const cid = newCodeId();
  const expiresAt = new Date(exp * 1000);
  const token = signToken({ v: 1, iss: ctx.config.codeIssuer, kid: key.kid, cid, c: colour, iat, exp }, key.privateKey, key.algorithm);
  const digest = tokenDigest(parseToken(token)!);
  await repo.insertCodeToken(ctx.db, { codeId: cid, citizenId, issuedAt: new Date(iat * 1000), expiresAt, tokenDigest: digest.toString('base64url') });
  rememberOwner(ctx, cid, { citizenId, expiresAtMs: expiresAt.getTime(), digest });
  return { token, expiresAt };
}

/** Forgets cached trust at once after a change made through the console here (the feed's announcement follows). */
export function forgetTrustCache(ctx: AppContext): void {
  SigningStateKey.of(ctx).trust.changed('*');
}

async function loadTrust(ctx: AppContext): Promise<Map<string, TrustedKey>> {
  const map = new Map<string, TrustedKey>();
  const add = (t: { issuer: string; kid: string; algorithm: string; publicKeyPem: string; name: string }) => {
    if (t.issuer === ctx.config.codeIssuer) return; // our own keys come from hc_signing_keys only
    try {
      map.set(`${t.issuer} ${t.kid}`, { issuer: t.issuer, kid: t.kid, algorithm: t.algorithm as SigningAlgorithm, publicKey: createPublicKey(t.publicKeyPem), name: t.name });
    } catch {
      /* an unparsable key is refused when it is added; ignore a damaged row rather than trust it */
    }
  };
  for (const t of ctx.config.trustedIssuers) add(t);
  for (const t of await repo.findTrustedIssuers(ctx.db)) add(t);
  return map;
}

async function trustedKey(ctx: AppContext, issuer: string, kid: string): Promise<TrustedKey | null> {
  const keys = await SigningStateKey.of(ctx).trust.get(TRUST_KEY, () => loadTrust(ctx));
  return keys!.get(`${issuer} ${kid}`) ?? null;
}

function ownKey(ctx: AppContext, kid: string): Promise<PublicSigningKey | null> {
  return publicSigningKey(SigningStateKey.of(ctx).keys, ctx.db, hcSigningKeys, kid);
}

/** The outcome of checking a token: who and what colour, or one distinct refusal reason. */
export type TokenCheck =
  | { ok: true; local: true; issuer: string; codeId: string; citizenId: string; tokenColour: Colour; expiresAt: Date; use: TokenUse }
  | { ok: true; local: false; issuer: string; issuerName: string; codeId: string; tokenColour: Colour; expiresAt: Date; use: TokenUse }
  | { ok: false; reason: TokenRefusal };

const CLOCK_SKEW_S = 60;

/**
 * Checks a token: structure, issuer trust, signature, expiry (a token already used while valid and
 * shown again after expiry is a replay), and, for our own tokens, the code id → citizen mapping.
 *
 * Our own tokens are recognised by the issuance record: a token whose digest equals the one recorded
 * when we signed it is byte for byte that signed token, so its signature is valid without verifying
 * it again — an Ed25519 verification costs ≈ 150 µs of CPU here, more than two whole bare requests,
 * while the comparison costs nothing. Any change to payload or signature changes the digest
 * (HEALTH_CODE_TOKEN_FORGED). Tokens without a recorded digest, and other issuers' tokens, are verified by
 * signature (on the thread pool). Offline verifiers elsewhere use the published public keys as before.
 *
 * A valid token's `use` must be recorded by the caller (TOKEN_USE_ROWS through group commit), together
 * with whatever else the check writes.
 */
export async function checkToken(ctx: AppContext, token: string, now: Date = new Date()): Promise<TokenCheck> {
  const parsed = parseToken(token);
  if (!parsed) return { ok: false, reason: 'HEALTH_CODE_TOKEN_MALFORMED' };
  const p = parsed.payload;
  const nowS = Math.floor(now.getTime() / 1000);
  if (p.iat > nowS + CLOCK_SKEW_S) return { ok: false, reason: 'HEALTH_CODE_TOKEN_MALFORMED' };
  const local = p.iss === ctx.config.codeIssuer;
  let issuerName = p.iss;
  let owner: TokenOwner | null = null;
  if (local) {
    owner = ownersOf(ctx).get(p.cid) ?? (await ownerOf(ctx, p.cid)); // held: no wait
    if (owner?.digest) {
      if (!timingSafeEqual(tokenDigest(parsed), owner.digest)) return { ok: false, reason: 'HEALTH_CODE_TOKEN_FORGED' };
    } else {
      const key = await ownKey(ctx, p.kid);
      // A token claiming to be ours under a key we never had is a forgery.
      if (!key || !(await verifySignatureAsync(parsed, key.publicKey, key.algorithm))) return { ok: false, reason: 'HEALTH_CODE_TOKEN_FORGED' };
    }
  } else {
    const key = await trustedKey(ctx, p.iss, p.kid);
    if (!key) return { ok: false, reason: 'HEALTH_CODE_TOKEN_UNTRUSTED_ISSUER' };
    // Another issuer's token is trusted only for as long as ours live (FX_TRUSTED_TOKEN_MAX_MINUTES):
    // a long-lived token from a leaked or rogue key must not pass for a day.
    if (p.exp - p.iat > ctx.config.trustedTokenMaxMinutes * 60) return { ok: false, reason: 'HEALTH_CODE_TOKEN_UNTRUSTED_ISSUER' };
    if (!(await verifySignatureAsync(parsed, key.publicKey, key.algorithm))) return { ok: false, reason: 'HEALTH_CODE_TOKEN_FORGED' };
    issuerName = key.name;
  }
  const expiresAt = new Date(p.exp * 1000);
  if (p.exp <= nowS) return { ok: false, reason: (await repo.wasTokenUsed(ctx.db, p.iss, p.cid)) ? 'HEALTH_CODE_TOKEN_REPLAYED' : 'HEALTH_CODE_TOKEN_EXPIRED' };
  const use: TokenUse = { issuer: p.iss, codeId: p.cid, expiresAt };
  if (local) {
    if (!owner) return { ok: false, reason: 'HEALTH_CODE_TOKEN_FORGED' };
    return { ok: true, local: true, issuer: p.iss, codeId: p.cid, citizenId: owner.citizenId, tokenColour: p.c, expiresAt, use };
  }
  return { ok: true, local: false, issuer: p.iss, issuerName, codeId: p.cid, tokenColour: p.c, expiresAt, use };
}
