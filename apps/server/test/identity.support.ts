import type { TestApp } from './support.ts';
import { latestOutbox } from '../src/platform/identity/sms.ts';
import { rateLimits } from '../src/platform/identity/identity.tables.ts';

/** The newest sign-in code the built-in SMS outbox holds for a phone (what the citizen would read). */
export async function codeFromOutbox(t: TestApp, phone: string): Promise<string> {
  const [message] = await latestOutbox(t.app.ctx, { limit: 1, phone });
  const code = message?.body.match(/\d{6}/)?.[0];
  if (!code) throw new Error('no code in the outbox');
  return code;
}

/** Forgets every rate-limit counter, so a test can request a second code without waiting a minute. */
export async function resetRateLimits(t: TestApp): Promise<void> {
  await t.app.ctx.db.delete(rateLimits);
}

/** Requests a code and signs in with it; returns the sign-in response. */
export async function signInByPhone(t: TestApp, phone: string, remoteAddress = '127.0.0.1') {
  const otp = await t.app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone }, remoteAddress });
  if (otp.statusCode !== 202) throw new Error(`otp: ${otp.statusCode} ${otp.body}`);
  const code = await codeFromOutbox(t, phone);
  return t.app.inject({ method: 'POST', url: '/api/auth/citizen/sign-in', payload: { phone, code }, remoteAddress });
}

/** Cookie header value from a response's set-cookie headers (name=value pairs only). */
export function cookiesOf(res: { cookies: { name: string; value: string }[] }): string {
  return res.cookies.filter((c) => c.value !== '').map((c) => `${c.name}=${c.value}`).join('; ');
}
