import { hash, verify } from '@node-rs/argon2';

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

/** Why a new password is refused, or null when it is acceptable: at least 10 characters with letters and digits. */
export function passwordProblem(password: string, username?: string): 'too_short' | 'too_long' | 'needs_letters_and_digits' | 'contains_username' | null {
  if ([...password].length < 10) return 'too_short';
  if (password.length > 128) return 'too_long';
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return 'needs_letters_and_digits';
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) return 'contains_username';
  return null;
}
