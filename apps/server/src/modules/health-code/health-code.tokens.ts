import { createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { createHash, hash } from 'node:crypto';
import type { Colour } from './health-code.types.ts';

/**
 * Health-code QR tokens: `HC1.<payload>.<signature>` (base64url). The payload carries no personal
 * data: issuer id, key id, a random code id (mapped to the citizen only in the issuer's database),
 * colour, issued-at and expires-at (seconds). Ed25519 signs by default; SM2 signs with the SM3 digest.
 * The verifier takes the algorithm from the key it trusts, never from the token.
 */

export { generateSigningKey, keyIdOf, type SigningAlgorithm } from '../../platform/crypto/signing-keys.ts';
import type { SigningAlgorithm } from '../../platform/crypto/signing-keys.ts';

export interface TokenPayload {
  v: 1;
  iss: string;
  kid: string;
  cid: string;
  c: Colour;
  iat: number;
  exp: number;
}

export interface ParsedToken {
  payload: TokenPayload;
  signingInput: Buffer;
  signature: Buffer;
}

const PREFIX = 'HC1';
const MAX_TOKEN_LENGTH = 1024;

/** A new random code id (16 bytes). */
export function newCodeId(): string {
  return randomBytes(16).toString('base64url');
}

function digestOf(algorithm: SigningAlgorithm): string | null {
  return algorithm === 'sm2' ? 'sm3' : null;
}

/** Signs a payload into a token. */
export function signToken(payload: TokenPayload, privateKey: KeyObject | string, algorithm: SigningAlgorithm): string {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const input = Buffer.from(`${PREFIX}.${body}`);
  const signature = sign(digestOf(algorithm), input, key);
  return `${PREFIX}.${body}.${signature.toString('base64url')}`;
}

const B64URL = /^[A-Za-z0-9_-]+$/;
const DOT = Buffer.from('.');

/** Parses a token's structure and payload; null when it is not a well-formed token. */
export function parseToken(token: string): ParsedToken | null {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null;
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX || !B64URL.test(parts[1]) || !B64URL.test(parts[2])) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const p = payload as Record<string, unknown>;
  const ok =
    p && typeof p === 'object' && p.v === 1 &&
    typeof p.iss === 'string' && p.iss.length > 0 && p.iss.length <= 64 &&
    typeof p.kid === 'string' && p.kid.length > 0 && p.kid.length <= 64 &&
    typeof p.cid === 'string' && p.cid.length > 0 && p.cid.length <= 64 &&
    (p.c === 'green' || p.c === 'yellow' || p.c === 'red') &&
    Number.isInteger(p.iat) && Number.isInteger(p.exp) && (p.exp as number) > (p.iat as number) &&
    (p.exp as number) - (p.iat as number) <= 24 * 3600;
  if (!ok) return null;
  return { payload: p as unknown as TokenPayload, signingInput: Buffer.from(`${PREFIX}.${parts[1]}`), signature: Buffer.from(parts[2], 'base64url') };
}

/** True when the token's signature verifies under the given public key. */
export function verifySignature(parsed: ParsedToken, publicKey: KeyObject | string, algorithm: SigningAlgorithm): boolean {
  try {
    const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
    return verify(digestOf(algorithm), parsed.signingInput, key, parsed.signature);
  } catch {
    return false;
  }
}

/**
 * The digest of a token as signed (signing input and signature): what the issuer records, so that a
 * token presented back can be recognised as byte-for-byte the one it issued.
 */
export function tokenDigest(parsed: ParsedToken): Buffer {
  // One-shot hash of the concatenation: the same bytes as update(signingInput).update('.').update(signature),
  // at a third of the cost of a Hash object (this runs on every door check).
  return hash('sha256', Buffer.concat([parsed.signingInput, DOT, parsed.signature]), 'buffer');
}

/**
 * verifySignature off the event loop: Node runs a one-shot verify given a callback on the libuv
 * thread pool. An Ed25519 verification costs ≈ 150 µs of CPU here — more than a whole bare request
 * — so verification on the door-check path runs in parallel on the other cores instead of stalling
 * every request behind it.
 */
export function verifySignatureAsync(parsed: ParsedToken, publicKey: KeyObject, algorithm: SigningAlgorithm): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      verify(digestOf(algorithm), parsed.signingInput, publicKey, parsed.signature, (err, ok) => resolve(!err && ok));
    } catch {
      resolve(false);
    }
  });
}

/** The public key as a JWK where one is defined (Ed25519 → OKP); SM2 keys are published as PEM only. */
export function publicJwk(publicKeyPem: string, algorithm: SigningAlgorithm, kid: string): Record<string, string> | null {
  if (algorithm !== 'ed25519') return null;
  const jwk = createPublicKey(publicKeyPem).export({ format: 'jwk' }) as Record<string, string>;
  return { ...jwk, kid, alg: 'EdDSA', use: 'sig' };
}

/** The anti-screenshot border hue of a day (0–359): the same for everyone that day, different the next. */
export function borderHueOf(day: string, issuer: string): number {
  return createHash('sha256').update(`${issuer}:${day}`).digest().readUInt16BE(0) % 360;
}
