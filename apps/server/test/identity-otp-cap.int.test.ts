import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { randomPhone } from './factories.ts';
import { smsOutbox, rateLimits } from '../src/platform/identity/identity.tables.ts';
import { requestOtp } from '../src/platform/identity/auth.service.ts';
import { DEPLOYMENT_SUBJECT, otpDeploymentHourRule } from '../src/platform/identity/rate-limit.ts';
import { loadConfig } from '../src/config.ts';

/** FX_OTP_HOURLY_CAP: a deployment-wide cap on codes sent per hour, on top of the per-phone and per-IP limits. */
describe('deployment-wide hourly cap on one-time codes', { timeout: 120_000 }, () => {
  const CAP = 3;
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ otpHourlyCap: CAP });
  }, 180_000);
  afterAll(async () => t.close());

  const outboxCount = async () => (await t.app.ctx.db.select({ id: smsOutbox.id }).from(smsOutbox)).length;
  // Each request from its own phone and address, so only the deployment-wide cap can refuse it.
  const request = (phone: string, n: number) =>
    t.app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone }, remoteAddress: `10.0.${Math.floor(n / 250)}.${(n % 250) + 1}` });

  it('reads FX_OTP_HOURLY_CAP, 2000 by default, and refuses nonsense', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).otpHourlyCap).toBe(2000);
    expect(loadConfig({ NODE_ENV: 'test', FX_OTP_HOURLY_CAP: '50' }).otpHourlyCap).toBe(50);
    expect(() => loadConfig({ NODE_ENV: 'test', FX_OTP_HOURLY_CAP: '0' })).toThrow(/FX_OTP_HOURLY_CAP/);
    expect(() => loadConfig({ NODE_ENV: 'test', FX_OTP_HOURLY_CAP: 'lots' })).toThrow(/FX_OTP_HOURLY_CAP/);
    expect(loadConfig({ NODE_ENV: 'test' }).otpPerIpHourly).toBe(30);
    expect(loadConfig({ NODE_ENV: 'test', FX_OTP_PER_IP_HOURLY: '500' }).otpPerIpHourly).toBe(500);
    expect(() => loadConfig({ NODE_ENV: 'test', FX_OTP_PER_IP_HOURLY: '0' })).toThrow(/FX_OTP_PER_IP_HOURLY/);
  });

  it('sends CAP codes to different phones from different addresses, then refuses with RATE_LIMITED and sends nothing', async () => {
    const before = await outboxCount();
    for (let i = 0; i < CAP; i++) expect((await request(randomPhone(), i)).statusCode).toBe(202);
    expect(await outboxCount()).toBe(before + CAP);

    const refused = await request(randomPhone(), CAP);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('RATE_LIMITED');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await outboxCount()).toBe(before + CAP);

    // The counter is one database row (shared by every instance), not per process.
    const [row] = await t.app.ctx.db.select().from(rateLimits).where(eq(rateLimits.key, `${otpDeploymentHourRule(CAP).name}:${DEPLOYMENT_SUBJECT}`));
    expect(row.hits).toBe(CAP + 1);

    // An hour after the window opened, codes flow again.
    const later = new Date(row.expiresAt.getTime() + 1000);
    await expect(requestOtp(t.app.ctx, randomPhone(), { ip: '10.9.9.9', requestId: 'cap-test' }, later)).resolves.toEqual({ expiresInSeconds: 300 });
    expect(await outboxCount()).toBe(before + CAP + 1);
  });

  it('does not count requests the per-phone limit already refused', async () => {
    await t.app.ctx.db.delete(rateLimits);
    // Explicit instants, so the one-minute per-phone window cannot close while the test runs.
    const at = (seconds: number) => new Date(Date.UTC(2030, 0, 1, 8, 0, 0) + seconds * 1000);
    const ask = (phone: string, ip: string, seconds: number) =>
      requestOtp(t.app.ctx, phone, { ip, requestId: 'cap-test' }, at(seconds)).then(() => 'sent', (err: { code?: string }) => err.code);
    const phone = randomPhone();
    expect(await ask(phone, '10.1.0.1', 0)).toBe('sent');
    // The same phone again within the minute: refused per phone, many times over.
    for (let i = 1; i <= CAP + 2; i++) expect(await ask(phone, `10.1.0.${i + 1}`, i)).toBe('RATE_LIMITED');
    // Those refusals used none of the cap: the other CAP - 1 codes still go out, and then no more.
    for (let i = 1; i < CAP; i++) expect(await ask(randomPhone(), `10.2.0.${i}`, 10 + i)).toBe('sent');
    expect(await ask(randomPhone(), '10.3.0.1', 20)).toBe('RATE_LIMITED');
  });
});
