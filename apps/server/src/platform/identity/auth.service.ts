import { eq } from 'drizzle-orm';
import type { Me } from '@fangxian/contracts/identity';
import type { AppContext } from '../http/context.ts';
import { AppError, type ErrorEntry } from '../http/errors.ts';
import { appendAudit, recordAudit } from '../audit/audit.service.ts';
import { citizens, staffAccounts } from './identity.tables.ts';
import { createSession, csrfFor, revokeSessionById, revokeSubjectSessions } from './sessions.ts';
import { checkOtp, issueOtp } from './otp.ts';
import { normaliseMainlandMobile } from './phone.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import {
  assertNoDelay, assertUnderRate, clearDelays, consumeRate, DELAY_RULES, DEPLOYMENT_SUBJECT, otpDeploymentHourRule, otpPerIpHourRule, recordDelayedFailure, recordRateHit, RATE_RULES, type DelayRule, type RateRule,
} from './rate-limit.ts';
import { presentCitizenMe, presentStaffMe } from './me.service.ts';
import type { RequestMeta } from './request-meta.ts';
import { normaliseUsername, usernameMatches } from './usernames.ts';
import type { Lang } from '../http/i18n.ts';
import type { Principal, StaffRole } from '../access/principal.ts';
import { IdentityErrors } from './identity.errors.ts';

/** What a successful sign-in returns (the route also sets the session and CSRF cookies). */
export interface SignedInResult {
  token: string;
  expiresAt: Date;
  csrfToken: string;
  me: Me;
}

function phoneOrThrow(input: string): string {
  const phone = normaliseMainlandMobile(input);
  if (!phone) throw new AppError(IdentityErrors.IDENTITY_PHONE_INVALID);
  return phone;
}

// Rate-limit subjects are keyed hashes: the counters table never holds a phone, username or IP.
const ipKey = (ctx: AppContext, ip: string) => ctx.blindIndex.of('rate-ip', ip);

/**
 * POST /api/auth/otp: rate-limited per phone and per IP, then against the deployment-wide hourly cap
 * (FX_OTP_HOURLY_CAP), then a fresh code goes out through the SMS sender.
 */
export async function requestOtp(
  ctx: AppContext,
  phoneInput: string,
  meta: RequestMeta,
  now: Date = new Date(),
): Promise<{ expiresInSeconds: number }> {
  const phone = phoneOrThrow(phoneInput);
  const phoneIndex = ctx.blindIndex.of('phone', phone);
  // Counted outside the transaction below so that a refused request still counts.
  await consumeRate(ctx.db, [
    [otpPerIpHourRule(ctx.config.otpPerIpHourly), ipKey(ctx, meta.ip)],
    [RATE_RULES.otpPerPhoneMinute, phoneIndex],
    [RATE_RULES.otpPerPhoneHour, phoneIndex],
  ], now);
  // The cap counts only requests the per-phone and per-IP limits let through, so one abuser hammering
  // a phone cannot use up everyone's budget; many phones from many addresses can, and then the cap
  // stops the SMS bill instead.
  await consumeRate(ctx.db, [[otpDeploymentHourRule(ctx.config.otpHourlyCap), DEPLOYMENT_SUBJECT]], now);
  return ctx.db.transaction((tx) => issueOtp(ctx, tx, phone, phoneIndex));
}

function failureRules(ctx: AppContext, accountKey: string, ip: string): [RateRule, string][] {
  return [
    [RATE_RULES.signInFailuresPerAccount, accountKey],
    [RATE_RULES.signInFailuresPerIp, ipKey(ctx, ip)],
  ];
}

/**
 * Staff password failures: per address a fixed limit (50 per 15 min, any account), per account a
 * progressive delay — fast from the guessing address, at most a minute from any other — never a
 * lock-out that anyone who knows a username could trigger (docs/security.md, "Rate limits").
 */
interface StaffFailureLimits {
  ip: [RateRule, string][];
  delays: [DelayRule, string][];
  /** The delay of this account from this address, forgotten at a successful sign-in. */
  own: [DelayRule, string][];
}

function staffFailureLimits(ctx: AppContext, username: string, ip: string): StaffFailureLimits {
  const account = `staff:${ctx.blindIndex.of('username', username)}`;
  const own: [DelayRule, string][] = [[DELAY_RULES.staffFailuresPerAccountAndIp, `${account}:${ipKey(ctx, ip)}`]];
  return { ip: [[RATE_RULES.signInFailuresPerIp, ipKey(ctx, ip)]], delays: [...own, [DELAY_RULES.staffFailuresPerAccount, account]], own };
}

async function assertStaffMayTry(ctx: AppContext, limits: StaffFailureLimits): Promise<void> {
  await assertUnderRate(ctx.db, limits.ip);
  await assertNoDelay(ctx.db, limits.delays);
}

async function recordStaffFailure(ctx: AppContext, limits: StaffFailureLimits): Promise<void> {
  await recordRateHit(ctx.db, limits.ip);
  await recordDelayedFailure(ctx.db, limits.delays);
}

/**
 * POST /api/auth/citizen/sign-in: checks the code; on success the citizen row is created on first
 * sign-in (in `language`, the one the person already chose on the page) and a session starts.
 * Failures count against the phone and the IP.
 */
export async function signInCitizen(
  ctx: AppContext,
  phoneInput: string,
  code: string,
  meta: RequestMeta,
  language: Lang = 'zh-CN',
): Promise<SignedInResult> {
  const phone = phoneOrThrow(phoneInput);
  const phoneIndex = ctx.blindIndex.of('phone', phone);
  const limits = failureRules(ctx, `citizen:${phoneIndex}`, meta.ip);
  await assertUnderRate(ctx.db, limits);
  // The transaction returns instead of throwing on a wrong code, so the counted attempt commits.
  const outcome = await ctx.db.transaction(async (tx) => {
    if (!(await checkOtp(ctx, tx, phoneIndex, code))) return null;
    // A returning citizen keeps the language stored with the account (PATCH /api/me changes it).
    await tx.insert(citizens).values({ phoneCipher: ctx.cipher.encrypt(phone), phoneIndex, language }).onConflictDoNothing({ target: citizens.phoneIndex });
    const [row] = await tx.select().from(citizens).where(eq(citizens.phoneIndex, phoneIndex));
    const session = await createSession(tx, { type: 'citizen', id: row.id }, ctx.config.sessionTtlHours, meta);
    await appendAudit(tx, {
      actor: { kind: 'citizen', citizenId: row.id, sessionId: '' },
      action: 'identity.citizen.sign-in',
      subjectType: 'citizen',
      subjectId: row.id,
      ip: meta.ip,
      requestId: meta.requestId,
    });
    return { ...session, csrfToken: csrfFor(session.token), me: presentCitizenMe(ctx, row) };
  });
  if (outcome) return outcome;
  await recordRateHit(ctx.db, limits);
  const [known] = await ctx.db.select({ id: citizens.id }).from(citizens).where(eq(citizens.phoneIndex, phoneIndex));
  await recordAudit(ctx.db, {
    actor: { kind: 'anonymous' },
    action: 'identity.citizen.sign-in',
    outcome: 'failed',
    subjectType: known ? 'citizen' : undefined,
    subjectId: known?.id,
    detail: { reason: 'wrong_or_expired_code' },
    ip: meta.ip,
    requestId: meta.requestId,
  });
  throw new AppError(IdentityErrors.IDENTITY_OTP_INVALID);
}

/**
 * POST /api/auth/staff/sign-in: argon2id password check (same cost for unknown usernames), failures
 * counted per account and per IP, disabled accounts refused. Every attempt is audited; failures name
 * the account id when the username exists, never the typed username.
 */
export async function signInStaff(ctx: AppContext, usernameInput: string, password: string, meta: RequestMeta): Promise<SignedInResult> {
  const username = normaliseUsername(usernameInput);
  const limits = staffFailureLimits(ctx, username, meta.ip);
  await assertStaffMayTry(ctx, limits);
  // Case-insensitive: lower(username) is unique, so this finds at most one account, even one stored
  // with capitals before usernames were normalised.
  const [account] = await ctx.db.select().from(staffAccounts).where(usernameMatches(username));
  const ok = await verifyPassword(account?.passwordHash ?? null, password);
  const fail = async (reason: string, error: ErrorEntry): Promise<never> => {
    if (reason !== 'disabled' && reason !== 'password_reset_required') await recordStaffFailure(ctx, limits);
    await recordAudit(ctx.db, {
      actor: { kind: 'anonymous' },
      action: 'identity.staff.sign-in',
      outcome: 'failed',
      subjectType: account ? 'staff' : undefined,
      subjectId: account?.id,
      regionCode: account?.regionCode,
      detail: { reason },
      ip: meta.ip,
      requestId: meta.requestId,
    });
    throw new AppError(error);
  };
  if (!account) return fail('unknown_account', IdentityErrors.IDENTITY_SIGN_IN_FAILED);
  if (!ok) return fail('wrong_password', IdentityErrors.IDENTITY_SIGN_IN_FAILED);
  // Only someone who knows the password learns that the account is disabled.
  if (account.disabledAt) return fail('disabled', IdentityErrors.IDENTITY_ACCOUNT_DISABLED);
  // An administrator required a new password: no session until it is changed (changeStaffPassword).
  if (account.passwordResetRequired) return fail('password_reset_required', IdentityErrors.IDENTITY_PASSWORD_RESET_REQUIRED);
  await clearDelays(ctx.db, limits.own);
  return ctx.db.transaction(async (tx) => {
    const session = await createSession(tx, { type: 'staff', id: account.id }, ctx.config.sessionTtlHours, meta);
    await appendAudit(tx, {
      actor: staffActor(account),
      action: 'identity.staff.sign-in',
      subjectType: 'staff',
      subjectId: account.id,
      regionCode: account.regionCode,
      ip: meta.ip,
      requestId: meta.requestId,
    });
    return { ...session, csrfToken: csrfFor(session.token), me: presentStaffMe(ctx, account) };
  });
}

/**
 * POST /api/auth/staff/password: a staff member sets a new password with the current one (the way out
 * of IDENTITY_PASSWORD_RESET_REQUIRED). Same failure limits and answers as sign-in; the new password
 * must pass the rules and differ from the current one. Clears the reset requirement and revokes every
 * session of the account; audited as identity.staff.change-password.
 */
export async function changeStaffPassword(ctx: AppContext, usernameInput: string, password: string, newPassword: string, meta: RequestMeta): Promise<void> {
  const username = normaliseUsername(usernameInput);
  const limits = staffFailureLimits(ctx, username, meta.ip);
  await assertStaffMayTry(ctx, limits);
  const [account] = await ctx.db.select().from(staffAccounts).where(usernameMatches(username));
  const ok = await verifyPassword(account?.passwordHash ?? null, password);
  const audit = { action: 'identity.staff.change-password', subjectType: account ? 'staff' : undefined, subjectId: account?.id, regionCode: account?.regionCode, ip: meta.ip, requestId: meta.requestId };
  if (!account || !ok || account.disabledAt) {
    if (!account?.disabledAt || !ok) await recordStaffFailure(ctx, limits);
    await recordAudit(ctx.db, { ...audit, actor: { kind: 'anonymous' }, outcome: 'failed', detail: { reason: !account ? 'unknown_account' : !ok ? 'wrong_password' : 'disabled' } });
    throw new AppError(account && ok ? IdentityErrors.IDENTITY_ACCOUNT_DISABLED : IdentityErrors.IDENTITY_SIGN_IN_FAILED);
  }
  const problem = passwordProblem(newPassword, account.username) ?? (await verifyPassword(account.passwordHash, newPassword) ? 'same_as_current' : null);
  if (problem) throw new AppError(IdentityErrors.IDENTITY_PASSWORD_WEAK, { problem });
  const passwordHash = await hashPassword(newPassword);
  await ctx.db.transaction(async (tx) => {
    await tx.update(staffAccounts).set({ passwordHash, passwordResetRequired: false, passwordChangedAt: new Date(), updatedAt: new Date() }).where(eq(staffAccounts.id, account.id));
    const revoked = await revokeSubjectSessions(tx, 'staff', account.id);
    await appendAudit(tx, { ...audit, actor: staffActor(account), detail: { sessionsRevoked: revoked, wasRequired: account.passwordResetRequired } });
  });
}

/** The audit actor for a staff account acting outside a session (signing in). */
export function staffActor(account: typeof staffAccounts.$inferSelect): Principal {
  return {
    kind: 'staff',
    staffId: account.id,
    sessionId: '',
    username: account.username,
    roles: account.roles as StaffRole[],
    department: account.department,
    regionCode: account.regionCode,
    venueId: account.venueId,
  };
}

/** POST /api/auth/sign-out: revokes the caller's session (idempotent) and audits it. */
export async function signOut(ctx: AppContext, principal: Principal | null, meta: RequestMeta): Promise<void> {
  if (!principal || principal.kind === 'api') return;
  await ctx.db.transaction(async (tx) => {
    await revokeSessionById(tx, principal.sessionId);
    await appendAudit(tx, {
      actor: principal,
      action: 'identity.session.sign-out',
      subjectType: principal.kind,
      subjectId: principal.kind === 'citizen' ? principal.citizenId : principal.staffId,
      ip: meta.ip,
      requestId: meta.requestId,
    });
  });
}
