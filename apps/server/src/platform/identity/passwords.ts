import { hash, verify } from '@node-rs/argon2';
import { COMMON_PASSWORDS_TEXT } from './common-passwords.ts';

// OWASP-recommended argon2id parameters (19 MiB, 2 passes): about 20 ms on one core.
const OPTIONS = { algorithm: 2 /* Algorithm.Argon2id (a const enum, not importable here) */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a staff password with argon2id (the PHC string carries its own salt and parameters). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Verified against when the username is unknown so that the answer takes as long as for a real account.
let dummyHash: Promise<string> | null = null;

/** True when `password` matches `passwordHash`; with no hash, spends the same time and answers false. */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hashPassword('fangxian-timing-equaliser');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash never signs anyone in
  }
}

let common: Set<string> | null = null;

/** The shipped list of common/breached passwords (common-passwords.ts), loaded on first use. */
function isCommon(candidate: string): boolean {
  common ??= new Set(COMMON_PASSWORDS_TEXT.split('\n').filter(Boolean));
  return common.has(candidate);
}

/** Minimum length of a staff password (characters, not bytes). */
export const PASSWORD_MIN_LENGTH = 12;

export type PasswordProblem = 'too_short' | 'too_long' | 'needs_letters_and_digits' | 'too_repetitive' | 'common' | 'contains_username';

/**
 * Why a new password is refused, or null when it is acceptable. Rules (docs/security.md):
 * at least 12 characters; letters and digits, or a passphrase of 4 or more words ("correct horse battery
 * staple"); at least 5 different characters; not a common or breached password (the shipped list), also
 * not one with digits and symbols around it ("Password@2026"); not containing the username.
 */
export function passwordProblem(password: string, username?: string): PasswordProblem | null {
  const chars = [...password];
  if (chars.length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (password.length > 128) return 'too_long';
  const words = password.trim().split(/[\s\-_.]+/u).filter((w) => /\p{L}{2,}/u.test(w));
  const passphrase = words.length >= 4;
  if (!passphrase && (!/\p{L}/u.test(password) || !/\d/.test(password))) return 'needs_letters_and_digits';
  if (new Set(chars.map((c) => c.toLowerCase())).size < 5) return 'too_repetitive';
  const lower = password.toLowerCase();
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  if (isCommon(lower) || (core.length >= 4 && isCommon(core))) return 'common';
  if (username && username.length >= 3 && lower.includes(username.toLowerCase())) return 'contains_username';
  return null;
}
