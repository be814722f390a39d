import { describe, expect, it } from 'vitest';
import { generateOtp, otpMessage } from './otp.ts';

describe('one-time codes', () => {
  it('are always six digits, leading zeros kept, and spread over the whole range', () => {
    const codes = Array.from({ length: 2000 }, generateOtp);
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    // 2000 draws from a million repeat about twice on average; 20 repeats would take a broken generator.
    expect(new Set(codes).size).toBeGreaterThan(1980);
    const firstDigits = new Set(codes.map((c) => c[0]));
    expect(firstDigits.size).toBe(10);
  });

  it('puts the code and its lifetime in the message', () => {
    expect(otpMessage('012345', 300)).toBe('【防线】验证码 012345，5分钟内有效，仅用于登录，请勿告诉他人。');
  });
});
