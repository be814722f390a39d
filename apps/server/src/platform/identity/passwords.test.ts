import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

describe('passwords', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const stored = await hashPassword('Fangxian@2026');
    expect(stored.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(stored, 'Fangxian@2026')).toBe(true);
    expect(await verifyPassword(stored, 'fangxian@2026')).toBe(false);
    expect(await verifyPassword(null, 'Fangxian@2026')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'Fangxian@2026')).toBe(false);
  });

  it('requires 10+ characters with letters and digits, not containing the username', () => {
    expect(passwordProblem('Fangxian@2026')).toBeNull();
    expect(passwordProblem('abc123')).toBe('too_short');
    expect(passwordProblem('abcdefghijk')).toBe('needs_letters_and_digits');
    expect(passwordProblem('12345678901')).toBe('needs_letters_and_digits');
    expect(passwordProblem('a'.repeat(120) + '1'.repeat(9))).toBe('too_long');
    expect(passwordProblem('health2026xyz', 'health')).toBe('contains_username');
    expect(passwordProblem('防线防线防线防线防线1a')).toBeNull();
  });
});
