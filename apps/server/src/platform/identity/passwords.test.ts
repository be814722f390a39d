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

  it('requires 12+ characters with letters and digits (or a 4-word passphrase), not containing the username', () => {
    expect(passwordProblem('Fangxian@2026')).toBeNull();
    expect(passwordProblem('abc123')).toBe('too_short');
    expect(passwordProblem('password12')).toBe('too_short'); // accepted before (issue 10, item 12)
    expect(passwordProblem('Aa12345678')).toBe('too_short'); // accepted before
    expect(passwordProblem('Secure2026x')).toBe('too_short'); // 11
    expect(passwordProblem('abcdefghijkl')).toBe('needs_letters_and_digits');
    expect(passwordProblem('123456789012')).toBe('needs_letters_and_digits');
    expect(passwordProblem('a'.repeat(120) + '1'.repeat(9))).toBe('too_long');
    expect(passwordProblem('health2026xyz', 'health')).toBe('contains_username');
    expect(passwordProblem('德阳防线安全守护2026')).toBeNull();
    expect(passwordProblem('防线防线防线防线防线1a')).toBe('too_repetitive'); // accepted before: 4 different characters
    expect(passwordProblem('correct horse battery staple')).toBeNull();
    expect(passwordProblem('correct horse battery')).toBe('needs_letters_and_digits');
    expect(passwordProblem('aaaaaaaaaaa1')).toBe('too_repetitive');
  });

  it('refuses common and breached passwords from the shipped list, also with digits and symbols around them', () => {
    expect(passwordProblem('qwertyuiop123')).toBe('common');
    expect(passwordProblem('1qaz2wsx3edc')).toBe('common');
    expect(passwordProblem('Password@2026')).toBe('common');
    expect(passwordProblem('2026!Baseball!')).toBe('common');
    expect(passwordProblem('Football12345')).toBe('common');
    expect(passwordProblem('Secure-pass-2026')).toBeNull();
  });
});
