import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.ts';
import { AppError, CommonErrors } from '../http/errors.ts';
import { rateLimits } from './identity.tables.ts';

/** A limit: at most `max` hits within `windowSeconds` of the first one. */
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

/** The subject of deployment-wide counters (one row for all phones and instances). */
export const DEPLOYMENT_SUBJECT = 'deployment';

/** The per-address hourly limit on one-time codes (FX_OTP_PER_IP_HOURLY, RATE_RULES.otpPerIpHour's default 30). */
export function otpPerIpHourRule(max: number): RateRule {
  return { ...RATE_RULES.otpPerIpHour, max };
}

/** The deployment-wide hourly cap on one-time codes (FX_OTP_HOURLY_CAP), counted under DEPLOYMENT_SUBJECT. */
export function otpDeploymentHourRule(max: number): RateRule {
  return { name: 'otp:all:1h', max, windowSeconds: 3600 };
}

const keyOf = (rule: RateRule, subject: string) => `${rule.name}:${subject}`;

/** Seconds from `now` until `end` (at least 1), for the retry-after header. */
export function secondsUntil(end: Date, now: Date): number {
  return Math.max(1, Math.ceil((end.getTime() - now.getTime()) / 1000));
}

/**
 * Counts one hit against each (rule, subject) pair and refuses with RATE_LIMITED (and the longest
 * retry-after) when any of them is over its limit. A window opens at the first hit — so "1 per 60 s"
 * really means 60 s between codes, with no boundary to slip two through — and one upsert either
 * counts the hit or opens a new window, so every instance sees the same count. Subjects must
 * already be keyed hashes.
 */
export async function consumeRate(db: DbOrTx, checks: [RateRule, string][], now: Date = new Date()): Promise<void> {
  let retryAfterSeconds = 0;
  for (const [rule, subject] of checks) {
    const expiresAt = new Date(now.getTime() + rule.windowSeconds * 1000);
    const closed = sql`${rateLimits.expiresAt} <= excluded.window_start`;
    const [row] = await db
      .insert(rateLimits)
      .values({ key: keyOf(rule, subject), windowStart: now, hits: 1, expiresAt })
      .onConflictDoUpdate({
        target: rateLimits.key,
        set: {
          hits: sql`case when ${closed} then 1 else ${rateLimits.hits} + 1 end`,
          windowStart: sql`case when ${closed} then excluded.window_start else ${rateLimits.windowStart} end`,
          expiresAt: sql`case when ${closed} then excluded.expires_at else ${rateLimits.expiresAt} end`,
        },
      })
      .returning({ hits: rateLimits.hits, expiresAt: rateLimits.expiresAt });
    if (row.hits > rule.max) retryAfterSeconds = Math.max(retryAfterSeconds, secondsUntil(row.expiresAt, now));
  }
  if (retryAfterSeconds > 0) throw new AppError(CommonErrors.RATE_LIMITED, { retryAfterSeconds });
}

/** Refuses with RATE_LIMITED when any (rule, subject) has already reached its limit in an open window; counts nothing. */
export async function assertUnderRate(db: DbOrTx, checks: [RateRule, string][], now: Date = new Date()): Promise<void> {
  let retryAfterSeconds = 0;
  for (const [rule, subject] of checks) {
    const [row] = await db
      .select({ hits: rateLimits.hits, expiresAt: rateLimits.expiresAt })
      .from(rateLimits)
      .where(and(eq(rateLimits.key, keyOf(rule, subject)), gt(rateLimits.expiresAt, now)));
    if (row && row.hits >= rule.max) retryAfterSeconds = Math.max(retryAfterSeconds, secondsUntil(row.expiresAt, now));
  }
  if (retryAfterSeconds > 0) throw new AppError(CommonErrors.RATE_LIMITED, { retryAfterSeconds });
}

/** Counts one hit without refusing (e.g. a failed sign-in, checked by assertUnderRate next time). */
export async function recordRateHit(db: DbOrTx, checks: [RateRule, string][], now: Date = new Date()): Promise<void> {
  await consumeRate(db, checks, now).catch((err: unknown) => {
    if (!(err instanceof AppError && err.is(CommonErrors.RATE_LIMITED))) throw err;
  });
}

/**
 * A progressive delay instead of a lock-out: after `free` failures, the next attempt must wait
 * 2^(n − free) seconds after the last failure (1 s, 2 s, 4 s …) up to `capSeconds`; the count is
 * forgotten `forgetSeconds` after the last failure. Nobody can lock a staff member out by typing
 * wrong passwords: from another address the account waits at most the per-account cap.
 */
export interface DelayRule {
  name: string;
  free: number;
  capSeconds: number;
  forgetSeconds: number;
}

export const DELAY_RULES = {
  /** One address guessing one account's password: slows down quickly, up to 15 minutes between tries. */
  staffFailuresPerAccountAndIp: { name: 'signin-delay:account-ip', free: 5, capSeconds: 900, forgetSeconds: 3600 },
  /** One account guessed from many addresses: at most a minute between tries, so its owner is never locked out. */
  staffFailuresPerAccount: { name: 'signin-delay:account', free: 10, capSeconds: 60, forgetSeconds: 3600 },
} as const satisfies Record<string, DelayRule>;

/** Seconds an attempt must wait after the last of `failures` failures (0 while they are free). */
export function delaySeconds(rule: DelayRule, failures: number): number {
  if (failures < rule.free) return 0;
  return Math.min(rule.capSeconds, 2 ** Math.min(30, failures - rule.free));
}

/** Refuses with RATE_LIMITED (retry-after: the longest remaining wait) while any delay runs; counts nothing. */
export async function assertNoDelay(db: DbOrTx, checks: [DelayRule, string][], now: Date = new Date()): Promise<void> {
  let retryAfterSeconds = 0;
  for (const [rule, subject] of checks) {
    // windowStart holds the last failure; expiresAt when the count is forgotten.
    const [row] = await db
      .select({ hits: rateLimits.hits, last: rateLimits.windowStart })
      .from(rateLimits)
      .where(and(eq(rateLimits.key, `${rule.name}:${subject}`), gt(rateLimits.expiresAt, now)));
    if (!row) continue;
    const until = row.last.getTime() + delaySeconds(rule, row.hits) * 1000;
    if (until > now.getTime()) retryAfterSeconds = Math.max(retryAfterSeconds, secondsUntil(new Date(until), now));
  }
  if (retryAfterSeconds > 0) throw new AppError(CommonErrors.RATE_LIMITED, { retryAfterSeconds });
}

/** Counts one failure against each delay (a forgotten count starts again at 1). */
export async function recordDelayedFailure(db: DbOrTx, checks: [DelayRule, string][], now: Date = new Date()): Promise<void> {
  for (const [rule, subject] of checks) {
    const forgetAt = new Date(now.getTime() + rule.forgetSeconds * 1000);
    await db
      .insert(rateLimits)
      .values({ key: `${rule.name}:${subject}`, windowStart: now, hits: 1, expiresAt: forgetAt })
      .onConflictDoUpdate({
        target: rateLimits.key,
        set: {
          hits: sql`case when ${rateLimits.expiresAt} <= excluded.window_start then 1 else ${rateLimits.hits} + 1 end`,
          windowStart: sql`excluded.window_start`,
          expiresAt: sql`excluded.expires_at`,
        },
      });
  }
}

/** Forgets the failures counted under these delays (a successful sign-in from that address). */
export async function clearDelays(db: DbOrTx, checks: [DelayRule, string][]): Promise<void> {
  for (const [rule, subject] of checks) await db.delete(rateLimits).where(eq(rateLimits.key, `${rule.name}:${subject}`));
}

/** Deletes counters whose window has closed (run periodically by any instance). */
export async function purgeExpiredRates(db: DbOrTx, now: Date = new Date()): Promise<number> {
  const deleted = await db.delete(rateLimits).where(lt(rateLimits.expiresAt, now)).returning({ key: rateLimits.key });
  return deleted.length;
}
