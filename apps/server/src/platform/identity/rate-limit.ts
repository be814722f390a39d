import { and, eq, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import { rateLimits } from './identity.tables.ts';

/** A limit: at most `max` hits per fixed window of `windowSeconds`. */
export interface RateRule {
  name: string;
  max: number;
  windowSeconds: number;
}

/** The limits on the sign-in surface (see docs/security.md). */
export const RATE_RULES = {
  otpPerPhoneMinute: { name: 'otp:phone:60s', max: 1, windowSeconds: 60 },
  otpPerPhoneHour: { name: 'otp:phone:1h', max: 10, windowSeconds: 3600 },
  otpPerIpHour: { name: 'otp:ip:1h', max: 30, windowSeconds: 3600 },
  signInFailuresPerAccount: { name: 'signin:account:15m', max: 10, windowSeconds: 900 },
  signInFailuresPerIp: { name: 'signin:ip:15m', max: 50, windowSeconds: 900 },
} as const satisfies Record<string, RateRule>;

/** The start of the fixed window that contains `now`. */
export function windowStartOf(rule: RateRule, now: Date): Date {
  const ms = rule.windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

/** Seconds until the window containing `now` ends (at least 1), for the retry-after header. */
export function secondsLeft(rule: RateRule, now: Date): number {
  const end = windowStartOf(rule, now).getTime() + rule.windowSeconds * 1000;
  return Math.max(1, Math.ceil((end - now.getTime()) / 1000));
}

const keyOf = (rule: RateRule, subject: string) => `${rule.name}:${subject}`;

/**
 * Counts one hit against each (rule, subject) pair and refuses with RATE_LIMITED (and the longest
 * retry-after) when any of them is over its limit. The counter lives in the database and is bumped
 * with one upsert, so every instance sees the same count. Subjects must already be keyed hashes.
 */
export async function consumeRate(db: DbOrTx, checks: [RateRule, string][], now: Date = new Date()): Promise<void> {
  let retryAfterSeconds = 0;
  for (const [rule, subject] of checks) {
    const windowStart = windowStartOf(rule, now);
    const [row] = await db
      .insert(rateLimits)
      .values({ key: keyOf(rule, subject), windowStart, hits: 1, expiresAt: new Date(windowStart.getTime() + rule.windowSeconds * 1000) })
      .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { hits: sql`${rateLimits.hits} + 1` } })
      .returning({ hits: rateLimits.hits });
    if (row.hits > rule.max) retryAfterSeconds = Math.max(retryAfterSeconds, secondsLeft(rule, now));
  }
  if (retryAfterSeconds > 0) throw new AppError('RATE_LIMITED', { retryAfterSeconds });
}

/** Refuses with RATE_LIMITED when any (rule, subject) has already reached its limit; counts nothing. */
export async function assertUnderRate(db: DbOrTx, checks: [RateRule, string][], now: Date = new Date()): Promise<void> {
  let retryAfterSeconds = 0;
  for (const [rule, subject] of checks) {
    const [row] = await db
      .select({ hits: rateLimits.hits })
      .from(rateLimits)
      .where(and(eq(rateLimits.key, keyOf(rule, subject)), eq(rateLimits.windowStart, windowStartOf(rule, now))));
    if (row && row.hits >= rule.max) retryAfterSeconds = Math.max(retryAfterSeconds, secondsLeft(rule, now));
  }
  if (retryAfterSeconds > 0) throw new AppError('RATE_LIMITED', { retryAfterSeconds });
}

/** Counts one hit without refusing (e.g. a failed sign-in, checked by assertUnderRate next time). */
export async function recordRateHit(db: DbOrTx, checks: [RateRule, string][], now: Date = new Date()): Promise<void> {
  await consumeRate(db, checks, now).catch((err: unknown) => {
    if (!(err instanceof AppError && err.code === 'RATE_LIMITED')) throw err;
  });
}

/** Deletes counters whose window has ended (run periodically by any instance). */
export async function purgeExpiredRates(db: DbOrTx, now: Date = new Date()): Promise<number> {
  const deleted = await db.delete(rateLimits).where(lt(rateLimits.expiresAt, now)).returning({ key: rateLimits.key });
  return deleted.length;
}
