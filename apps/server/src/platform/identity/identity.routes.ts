import { Type } from 'typebox';
import type { FastifyReply } from 'fastify';
import {
  CitizenSignInRequest, CommitmentSignature, CommitmentStatus, CommitmentTextProposal, CommitmentTexts, ProposeCommitmentTextRequest, Me, SignCommitmentRequest, OtpRequest, OtpResponse, RealNameRequest, SignInResponse, SmsOutboxEntry, StaffChangePasswordRequest, StaffSignInRequest, UpdateMeRequest,
} from '@fangxian/contracts/identity';
import { errorResponses } from '@fangxian/contracts/kernel';
import type { App, AppContext } from '../http/context.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { asCitizen, asStaff } from '../access/policy.ts';
import { IdentityActions } from './identity.policy.ts';
import { CSRF_COOKIE, SESSION_COOKIE, revokeSessionById } from './sessions.ts';
import type { Principal } from '../access/principal.ts';
import { changeStaffPassword, requestOtp, signInCitizen, signInStaff, signOut, type SignedInResult } from './auth.service.ts';
import { changeLanguage, loadMe, meOfProfile, registerRealName, subjectOf } from './me.service.ts';
import { outboxInScope, smsSenderOf } from './sms.ts';
import { normaliseMainlandMobile } from './phone.ts';
import { requestMeta } from './request-meta.ts';
import { AppError } from '../http/errors.ts';
import { languageOf } from '../http/i18n.ts';
import { IdentityErrors } from './identity.errors.ts';
import { commitmentStatus, listCommitments, signCommitment } from './commitment.ts';
import { decideCommitmentText, listCommitmentTexts, proposeCommitmentText } from './commitment-texts.ts';

/** The error body every refusal carries (documented on each route). */

const LANG_COOKIE = 'fx_lang';

function setSessionCookies(ctx: AppContext, reply: FastifyReply, result: SignedInResult): void {
  const base = { path: '/', secure: ctx.config.cookieSecure, sameSite: 'lax' as const, expires: result.expiresAt };
  reply.setCookie(SESSION_COOKIE, result.token, { ...base, httpOnly: true });
  // Readable by the web app, which echoes it in the x-csrf-token header (double submit).
  reply.setCookie(CSRF_COOKIE, result.csrfToken, { ...base, httpOnly: false });
  reply.setCookie(LANG_COOKIE, result.me.language, { path: '/', secure: ctx.config.cookieSecure, sameSite: 'lax', maxAge: 365 * 86_400 });
}

/** A browser that signs in again (e.g. as another account) leaves no older session of its own alive. */
async function retirePreviousSession(ctx: AppContext, principal: Principal | null): Promise<void> {
  if (principal && principal.kind !== 'api') await revokeSessionById(ctx.db, principal.sessionId);
}

const present = (r: SignedInResult) => ({ token: r.token, expiresAt: r.expiresAt.toISOString(), csrfToken: r.csrfToken, me: r.me });

/** Sign-in, sign-out, /api/me, real-name registration and the SMS outbox. */
export async function identityRoutes(app: App, ctx: AppContext): Promise<void> {
  app.post(
    '/auth/otp',
    {
      schema: {
        tags: ['auth'],
        summary: 'Send a one-time sign-in code by SMS (limited per phone and per IP)',
        body: OtpRequest,
        response: { 202: OtpResponse, ...errorResponses(400, 429) },
      },
    },
    async (request, reply) => {
      const result = await requestOtp(ctx, request.body.phone, requestMeta(request));
      return reply.status(202).send(result);
    },
  );

  app.post(
    '/auth/citizen/sign-in',
    {
      schema: {
        tags: ['auth'],
        summary: 'Citizen sign-in with phone and SMS code; the account is created on first sign-in, in the language of the fx_lang cookie or Accept-Language',
        body: CitizenSignInRequest,
        response: { 200: SignInResponse, ...errorResponses(400, 429) },
      },
    },
    async (request, reply) => {
      const result = await signInCitizen(ctx, request.body.phone, request.body.code, requestMeta(request), languageOf(request));
      await retirePreviousSession(ctx, request.principal);
      setSessionCookies(ctx, reply, result);
      return present(result);
    },
  );

  app.post(
    '/auth/staff/sign-in',
    {
      schema: {
        tags: ['auth'],
        summary: 'Staff sign-in with username and password',
        body: StaffSignInRequest,
        response: { 200: SignInResponse, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const result = await signInStaff(ctx, request.body.username, request.body.password, requestMeta(request));
      await retirePreviousSession(ctx, request.principal);
      setSessionCookies(ctx, reply, result);
      return present(result);
    },
  );

  app.post(
    '/auth/staff/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Staff: set a new password with the current one (required when sign-in answers IDENTITY_PASSWORD_RESET_REQUIRED); signs the account out everywhere',
        body: StaffChangePasswordRequest,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      await changeStaffPassword(ctx, request.body.username, request.body.password, request.body.newPassword, requestMeta(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/sign-out',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out: revokes the session and clears the cookies',
        description: 'Works with or without a session (then it only clears the cookies); a cookie session needs its CSRF header (403 CSRF_FAILED without).',
        // The session is optional: no credentials, a bearer token or the session cookie.
        security: [{}, { bearer: [] }, { session: [] }],
        response: { 204: Type.Null(), ...errorResponses(403) },
      },
    },
    async (request, reply) => {
      await signOut(ctx, request.principal, requestMeta(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.clearCookie(CSRF_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      config: { action: IdentityActions['identity.me.read'], withProfile: true },
      schema: { tags: ['me'], summary: 'The signed-in citizen or staff member', response: { 200: Me, ...errorResponses(401, 403) } },
    },
    // The profile came with the session (one query); loadMe covers a principal without one.
    async (request) => meOfProfile(ctx, request.principalProfile) ?? loadMe(ctx, subjectOf(request.principal!)),
  );

  app.patch(
    '/me',
    {
      config: { action: IdentityActions['identity.me.update'] },
      schema: { tags: ['me'], summary: 'Change the interface language', body: UpdateMeRequest, response: { 200: Me, ...errorResponses(400, 401, 403) } },
    },
    async (request, reply) => {
      const me = await changeLanguage(ctx, request.principal!, request.body.language);
      reply.setCookie(LANG_COOKIE, me.language, { path: '/', secure: ctx.config.cookieSecure, sameSite: 'lax', maxAge: 365 * 86_400 });
      return me;
    },
  );

  app.get(
    '/me/commitment',
    {
      config: { action: IdentityActions['identity.commitment.sign'] },
      schema: {
        tags: ['me'],
        summary: 'The confidentiality commitment (保密承诺书) staff sign before any staff work, and whether the caller still has to sign it',
        response: { 200: CommitmentStatus, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const principal = request.principal!;
      if (principal.kind !== 'staff') throw new AppError(IdentityErrors.IDENTITY_COMMITMENT_STAFF_ONLY);
      return commitmentStatus(ctx, principal.staffId);
    },
  );

  app.post(
    '/me/commitment',
    {
      config: { action: IdentityActions['identity.commitment.sign'] },
      schema: {
        tags: ['me'],
        summary: 'Sign the current confidentiality commitment (recorded with time, version and identity; audited)',
        body: SignCommitmentRequest,
        response: { 200: CommitmentStatus, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request) => signCommitment(ctx, request.principal!, request.body.version, requestMeta(request)),
  );

  app.get(
    '/admin/commitments',
    {
      config: { action: IdentityActions['identity.commitment.list'] },
      schema: {
        tags: ['admin'],
        summary: 'Signatures of the confidentiality commitment by staff accounts of one\'s region, newest first (audited)',
        response: { 200: Type.Array(CommitmentSignature), ...errorResponses(401, 403) },
      },
    },
    async (request) => listCommitments(ctx, asStaff(request.principal!), requestMeta(request)),
  );

  app.get(
    '/admin/commitment-texts',
    {
      config: { action: IdentityActions['identity.commitment.manage'] },
      schema: {
        tags: ['admin'],
        summary: 'The current confidentiality commitment text and the proposed new versions in one\'s scope',
        response: { 200: CommitmentTexts, ...errorResponses(401, 403) },
      },
    },
    async (request) => listCommitmentTexts(ctx, asStaff(request.principal!)),
  );

  app.post(
    '/admin/commitment-texts',
    {
      config: { action: IdentityActions['identity.commitment.manage'] },
      schema: {
        tags: ['admin'],
        summary: 'Propose a new version of the commitment text (city-or-wider administrators); a different administrator must approve it, then every account signs it again',
        body: ProposeCommitmentTextRequest,
        response: { 202: CommitmentTextProposal, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(202).send(await proposeCommitmentText(ctx, asStaff(request.principal!), request.body, requestMeta(request))),
  );

  app.post(
    '/admin/commitment-texts/:id/decision',
    {
      config: { action: IdentityActions['identity.commitment.manage'] },
      schema: {
        tags: ['admin'],
        summary: 'Approve (publishes the new version at once) or reject a commitment text proposed by another administrator',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: Type.Object({ decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
        response: { 200: CommitmentTextProposal, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => decideCommitmentText(ctx, asStaff(request.principal!), request.params.id, request.body, requestMeta(request)),
  );

  app.put(
    '/me/real-name',
    {
      config: { action: IdentityActions['identity.real-name.register'] },
      schema: {
        tags: ['me'],
        summary: 'Real-name registration (实名认证) with an identity document',
        body: RealNameRequest,
        response: { 200: Me, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request) => registerRealName(ctx, asCitizen(request.principal!).citizenId, request.body, requestMeta(request)),
  );

  app.get(
    '/admin/sms-outbox',
    {
      config: { action: IdentityActions['identity.sms-outbox.read'] },
      schema: {
        tags: ['admin'],
        summary: 'Latest messages of the built-in SMS outbox (development/test SMS adapter) to citizens of the reader\'s region; every phone shown is audited',
        querystring: Type.Object({
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          phone: Type.Optional(Type.String({ minLength: 11, maxLength: 20 })),
        }),
        response: { 200: Type.Array(SmsOutboxEntry), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      // A gateway adapter keeps no readable copies: then no code is shown, whatever the table still holds.
      if (!smsSenderOf(ctx).keepsReadableCopies) throw new AppError(IdentityErrors.IDENTITY_SMS_OUTBOX_OFF);
      const reader = asStaff(request.principal!);
      const { limit, phone: phoneInput } = request.query;
      const phone = phoneInput === undefined ? undefined : normaliseMainlandMobile(phoneInput);
      if (phone === null) throw new AppError(IdentityErrors.IDENTITY_PHONE_INVALID);
      const entries = await outboxInScope(ctx, { limit, phone, scope: reader.regionCode });
      const meta = requestMeta(request);
      // One audit record per phone shown, its blind index as the subject (a filtered read that shows nothing names the asked phone).
      const byPhone = new Map<string, { regionCode: string | null; count: number }>();
      for (const e of entries) byPhone.set(e.phoneIndex, { regionCode: e.regionCode, count: (byPhone.get(e.phoneIndex)?.count ?? 0) + 1 });
      if (byPhone.size === 0 && phone !== undefined) byPhone.set(ctx.blindIndex.of('phone', phone), { regionCode: null, count: 0 });
      await ctx.db.transaction(async (tx) => {
        const base = { actor: reader, action: 'identity.sms-outbox.read', ip: meta.ip, requestId: meta.requestId };
        if (byPhone.size === 0) await appendAudit(tx, { ...base, subjectType: 'sms_outbox', regionCode: reader.regionCode || null, detail: { count: 0, filtered: false } });
        for (const [phoneIndex, seen] of byPhone) {
          await appendAudit(tx, { ...base, subjectType: 'phone', subjectId: phoneIndex, regionCode: seen.regionCode, detail: { count: seen.count, filtered: phone !== undefined } });
        }
      });
      return entries.map(({ phoneIndex: _index, regionCode: _region, ...entry }) => entry);
    },
  );
}
