import { randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, isNull, lt } from 'drizzle-orm';
import type { AppContext } from '../http/context.ts';
import type { DbOrTx, Tx } from '../db/database.ts';
import { otpCodes } from './identity.tables.ts';
import { smsSenderOf } from './sms.ts';

/** Wrong attempts a code survives; the fifth wrong guess burns it. */
export const OTP_MAX_ATTEMPTS = 5;

/** A fresh 6-digit code from the CSPRNG (leading zeros kept). */
export function generateOtp(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

// Keyed with the blind-index key and bound to the code's row: a leaked table cannot be brute-forced offline.
const hashOf = (ctx: AppContext, id: string, code: string) => ctx.blindIndex.of(`otp:${id}`, code);

/** The SMS text of a sign-in code (the code leads so phones can offer to autofill it). */
export function otpMessage(code: string, ttlSeconds: number): string {
  return `【防线】验证码 ${code}，${Math.round(ttlSeconds / 60)}分钟内有效，仅用于登录，请勿告诉他人。`;
}

/**
 * Issues a sign-in code for a phone inside the caller's transaction: retires every earlier code
 * of that phone (only the latest works), stores the new one hashed, and hands it to the SMS sender.
 */
export async function issueOtp(ctx: AppContext, tx: Tx, phone: string, phoneIndex: string): Promise<{ expiresInSeconds: number }> {
  const now = new Date();
  const ttl = ctx.config.otpTtlSeconds;
  await tx.update(otpCodes).set({ consumedAt: now }).where(and(eq(otpCodes.phoneIndex, phoneIndex), isNull(otpCodes.consumedAt)));
  const id = randomUUID();
  const code = generateOtp();
  await tx.insert(otpCodes).values({ id, phoneIndex, codeHash: hashOf(ctx, id, code), expiresAt: new Date(now.getTime() + ttl * 1000), createdAt: now });
  await smsSenderOf(ctx).send(tx, { phone, template: 'otp', body: otpMessage(code, ttl) });
  return { expiresInSeconds: ttl };
}

/**
 * Checks a code against the phone's latest live code inside the caller's transaction (row locked,
 * so two concurrent uses of one code cannot both win). A match consumes it; a miss counts an attempt.
 */
export async function checkOtp(ctx: AppContext, tx: Tx, phoneIndex: string, code: string): Promise<boolean> {
  const [row] = await tx
    .select()
    .from(otpCodes)
    .where(and(eq(otpCodes.phoneIndex, phoneIndex), isNull(otpCodes.consumedAt)))
    .orderBy(desc(otpCodes.createdAt))
    .limit(1)
    .for('update');
  const now = new Date();
  if (!row || row.expiresAt <= now || row.attempts >= OTP_MAX_ATTEMPTS) return false;
  const expected = Buffer.from(row.codeHash);
  const actual = Buffer.from(hashOf(ctx, row.id, code));
  const match = expected.length === actual.length && timingSafeEqual(expected, actual);
  if (match) {
    await tx.update(otpCodes).set({ consumedAt: now }).where(eq(otpCodes.id, row.id));
  } else {
    const attempts = row.attempts + 1;
    await tx.update(otpCodes).set({ attempts, consumedAt: attempts >= OTP_MAX_ATTEMPTS ? now : null }).where(eq(otpCodes.id, row.id));
  }
  return match;
}

/** Deletes codes that expired more than a day ago (housekeeping). */
export async function purgeOldOtps(db: DbOrTx): Promise<number> {
  const deleted = await db.delete(otpCodes).where(lt(otpCodes.expiresAt, new Date(Date.now() - 86_400_000))).returning({ id: otpCodes.id });
  return deleted.length;
}
