import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import type { SigningAlgorithm } from '../crypto/signing-keys.ts';

/** Signing of electronic results: Ed25519 (default) or SM2 with SM3, over a canonical JSON statement. Pure, no I/O. */

/** Keys: platform/crypto/signing-keys.ts. */
export type DocumentSigningAlgorithm = SigningAlgorithm;

/** What a signature covers: everything the verification page shows, and the PDF's digest. */
export interface DocumentStatement {
  v: 1;
  code: string;
  kind: string;
  title: string;
  facts: { label: string; value: string }[];
  holder: string;
  issuer: string;
  regionCode: string;
  issuedAt: string;
  validUntil: string | null;
  sha256: string;
  kid: string;
}

/** JSON with object keys sorted at every level: the same statement always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 of bytes, hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const digestOf = (algorithm: DocumentSigningAlgorithm) => (algorithm === 'sm2' ? 'sm3' : null);

/** Signs a statement (base64url). */
export function signStatement(statement: DocumentStatement, privateKey: KeyObject, algorithm: DocumentSigningAlgorithm): string {
  return sign(digestOf(algorithm), Buffer.from(canonicalJson(statement)), privateKey).toString('base64url');
}

/** True when the signature is the key's signature of exactly this statement. */
export function verifyStatement(statement: DocumentStatement, signature: string, publicKey: KeyObject, algorithm: DocumentSigningAlgorithm): boolean {
  try {
    return verify(digestOf(algorithm), Buffer.from(canonicalJson(statement)), publicKey, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A new document code: FXD- and three groups of four characters (≈ 59 bits, not guessable). */
export function newDocumentCode(random: (n: number) => number): string {
  const group = () => Array.from({ length: 4 }, () => CODE_ALPHABET[random(CODE_ALPHABET.length)]).join('');
  return `FXD-${group()}-${group()}-${group()}`;
}

/** Normalises a typed code (lower case, spaces, missing dashes) to the printed form, or null if it cannot be one. */
export function normaliseDocumentCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const body = s.startsWith('FXD') ? s.slice(3) : s;
  if (body.length !== 12 || [...body].some((c) => !CODE_ALPHABET.includes(c))) return null;
  return `FXD-${body.slice(0, 4)}-${body.slice(4, 8)}-${body.slice(8)}`;
}
