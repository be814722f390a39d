import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support.ts';
import { assertNoDelay, assertUnderRate, clearDelays, consumeRate, DELAY_RULES, delaySeconds, purgeExpiredRates, recordDelayedFailure, recordRateHit, RATE_RULES } from '../src/platform/identity/rate-limit.ts';
import { AppError } from '../src/platform/http/errors.ts';
import { rateLimits } from '../src/platform/identity/identity.tables.ts';
import { eq } from 'drizzle-orm';

/** The database rate limiter, driven with explicit instants (no waiting, no clock dependence). */
describe('rate limits in the database', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 180_000);
  afterAll(async () => t.close());

  const at = (seconds: number) => new Date(Date.UTC(2026, 10, 23, 8, 0, 0) + seconds * 1000);
  const refusal = async (p: Promise<void>) => {
    try {
      await p;
      return null;
    } catch (err) {
      if (err instanceof AppError && err.code === 'RATE_LIMITED') return err.details?.retryAfterSeconds as number;
      throw err;
    }
  };

  it('allows one code per 60 s from the first request, whatever the clock minute', async () => {
    const rule = RATE_RULES.otpPerPhoneMinute;
    const db = t.app.ctx.db;
    expect(await refusal(consumeRate(db, [[rule, 'phone-a']], at(59)))).toBeNull();
    // One second later, across a minute boundary: still refused, 59 s to go.
    expect(await refusal(consumeRate(db, [[rule, 'phone-a']], at(60)))).toBe(59);
    expect(await refusal(consumeRate(db, [[rule, 'phone-a']], at(118)))).toBe(1);
    expect(await refusal(consumeRate(db, [[rule, 'phone-a']], at(119)))).toBeNull();
    // Another subject has its own counter.
    expect(await refusal(consumeRate(db, [[rule, 'phone-b']], at(60)))).toBeNull();
  });

  it('allows 10 codes per phone per hour', async () => {
    const db = t.app.ctx.db;
    const hour = RATE_RULES.otpPerPhoneHour;
    for (let i = 0; i < 10; i++) expect(await refusal(consumeRate(db, [[hour, 'phone-c']], at(i * 61)))).toBeNull();
    expect(await refusal(consumeRate(db, [[hour, 'phone-c']], at(10 * 61)))).toBe(3600 - 610);
    expect(await refusal(consumeRate(db, [[hour, 'phone-c']], at(3600)))).toBeNull();
  });

  it('reports the longest wait when several rules refuse', async () => {
    const db = t.app.ctx.db;
    const checks: [typeof RATE_RULES.otpPerPhoneMinute | typeof RATE_RULES.otpPerPhoneHour, string][] = [
      [RATE_RULES.otpPerPhoneMinute, 'phone-d'],
      [RATE_RULES.otpPerPhoneHour, 'phone-d'],
    ];
    for (let i = 0; i < 10; i++) await recordRateHit(db, [checks[1]], at(i));
    expect(await refusal(consumeRate(db, checks, at(20)))).toBe(3600 - 20);
  });

  it('checks failures without counting them, and counts them separately', async () => {
    const db = t.app.ctx.db;
    const rule = RATE_RULES.signInFailuresPerAccount;
    for (let i = 0; i < 9; i++) await recordRateHit(db, [[rule, 'acct']], at(i));
    expect(await refusal(assertUnderRate(db, [[rule, 'acct']], at(10)))).toBeNull();
    expect(await refusal(assertUnderRate(db, [[rule, 'acct']], at(10)))).toBeNull(); // checking does not count
    await recordRateHit(db, [[rule, 'acct']], at(11));
    expect(await refusal(assertUnderRate(db, [[rule, 'acct']], at(12)))).toBe(900 - 12);
    expect(await refusal(assertUnderRate(db, [[rule, 'acct']], at(900)))).toBeNull();
  });

  it('delays attempts progressively after the free failures, up to the cap, and forgets them after an hour of quiet', async () => {
    const db = t.app.ctx.db;
    const rule = DELAY_RULES.staffFailuresPerAccountAndIp;
    const check: [typeof rule, string][] = [[rule, 'acct-ip']];
    expect([4, 5, 6, 7, 14, 15, 40].map((n) => delaySeconds(rule, n))).toEqual([0, 1, 2, 4, 512, 900, 900]);
    for (let i = 0; i < 4; i++) await recordDelayedFailure(db, check, at(i));
    expect(await refusal(assertNoDelay(db, check, at(4)))).toBeNull(); // four failures: still free
    await recordDelayedFailure(db, check, at(4));
    expect(await refusal(assertNoDelay(db, check, at(4)))).toBe(1); // the fifth: wait 1 s after it
    expect(await refusal(assertNoDelay(db, check, at(5)))).toBeNull();
    for (let i = 0; i < 10; i++) await recordDelayedFailure(db, check, at(10));
    expect(await refusal(assertNoDelay(db, check, at(10)))).toBe(900); // fifteen: the cap
    // Forgotten an hour after the last failure: the count starts again.
    await recordDelayedFailure(db, check, at(10 + 3600));
    expect(await refusal(assertNoDelay(db, check, at(10 + 3600)))).toBeNull();
    await clearDelays(db, check);
    expect(await db.select().from(rateLimits).where(eq(rateLimits.key, `${rule.name}:acct-ip`))).toEqual([]);
  });

  it('purges closed windows only', async () => {
    const db = t.app.ctx.db;
    await consumeRate(db, [[RATE_RULES.otpPerIpHour, 'ip-z']], at(0));
    await consumeRate(db, [[RATE_RULES.otpPerPhoneMinute, 'phone-z']], at(0));
    await purgeExpiredRates(db, at(61));
    const keys = (await db.select({ key: rateLimits.key }).from(rateLimits)).map((r) => r.key);
    expect(keys).toContain(`${RATE_RULES.otpPerIpHour.name}:ip-z`);
    expect(keys).not.toContain(`${RATE_RULES.otpPerPhoneMinute.name}:phone-z`);
  });
});
