import { Type } from 'typebox';
import {
  CodeEvent, Colour, Correction, CorrectionRequest, Declaration, DeclarationResult, DisputableFact, HealthCodeView, HealthDeclarationRequest,
  IdentityDocumentType, Reason, TripDeclarationRequest, VerifyRequest, VerifyResponse,
  OfficerCodeView, Override, OverrideState, ReviewCorrection, RuleSet, DryRunJob, TrustedIssuer, IssuerProposal, RuleSetProposal, RuleSetDecided,
} from '@fangxian/contracts';
import { errorResponses } from '@fangxian/contracts/kernel';
import type { App, AppContext } from '../../platform/http/context.ts';
import { asCitizen, asStaff } from '../../platform/access/policy.ts';
import { requestMeta } from '../../platform/identity/request-meta.ts';
import { languageOf } from '../../platform/http/i18n.ts';
import { HealthCodeActions as A } from './health-code.policy.ts';
import { HealthCodeErrors } from './health-code.errors.ts';
import * as citizen from './health-code.citizen.ts';
import * as officers from './health-code.officers.ts';
import * as rulesets from './health-code.rulesets.ts';
import * as issuers from './health-code.issuers.ts';
import { verifyAtDoor } from './health-code.verify.ts';
import { openHealthCodeRoutes } from './health-code.open.routes.ts';
import {
  presentCode, presentCodeView, presentCorrection, presentDeclaration, presentEvent, presentOverride, presentRuleSet,
} from './health-code.presenter.ts';


const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
// A rule-set version is an int4 in the database: larger numbers are refused here, not by the database (a 500).
const VersionParams = Type.Object({ version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
const Document = { documentType: IdentityDocumentType, documentNumber: Type.String({ minLength: 5, maxLength: 32 }) };
const OfficerCode = OfficerCodeView;

/** Health code: citizen declarations and code page, corrections, verification, overrides, rule sets, trusted issuers. */
export async function healthCodeRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['health-code'];

  // ---- citizen ----

  app.post(
    '/health/declarations',
    {
      config: { action: A['health-code.declaration.submit'] },
      schema: { tags, summary: 'Health declaration (GB/T 38963 健康申报); the code is recomputed at once', body: HealthDeclarationRequest, response: { 201: DeclarationResult, ...errorResponses(400, 401, 403) } },
    },
    async (request, reply) => {
      const me = asCitizen(request.principal!);
      const { declaration, code } = await citizen.declareHealth(ctx, me.citizenId, request.body);
      return reply.status(201).send({ declaration: presentDeclaration(declaration), colour: code.colour as 'green', reasons: code.reasons });
    },
  );

  app.post(
    '/health/trips',
    {
      config: { action: A['health-code.declaration.submit'] },
      schema: { tags, summary: 'Trip declaration (GB/T 38963 行程申报): places in the last 30 days', body: TripDeclarationRequest, response: { 201: DeclarationResult, ...errorResponses(400, 401, 403) } },
    },
    async (request, reply) => {
      const me = asCitizen(request.principal!);
      const { declaration, code } = await citizen.declareTrips(ctx, me.citizenId, request.body);
      return reply.status(201).send({ declaration: presentDeclaration(declaration), colour: code.colour as 'green', reasons: code.reasons });
    },
  );

  app.get(
    '/health/declarations',
    { config: { action: A['health-code.own-code.read'] }, schema: { tags, summary: 'My declarations of the last 30 days', response: { 200: Type.Array(Declaration), ...errorResponses(401, 403) } } },
    async (request) => (await citizen.myDeclarations(ctx, asCitizen(request.principal!).citizenId)).map(presentDeclaration),
  );

  const codeRoute = {
    config: { action: A['health-code.own-code.read'] },
    schema: {
      tags,
      summary: 'My health code: colour, masked identity, a fresh short-lived signed QR token, the day\'s border hue, reasons with evidence, next change',
      response: { 200: HealthCodeView, ...errorResponses(401, 403, 409) },
    },
  };
  app.get('/health/code', codeRoute, async (request) => presentCodeView(await citizen.showMyCode(ctx, asCitizen(request.principal!).citizenId)));
  app.post('/health/code/refresh', { ...codeRoute, schema: { ...codeRoute.schema, summary: 'A new QR token for my code (the page calls this before the token expires)' } }, async (request) =>
    presentCodeView(await citizen.showMyCode(ctx, asCitizen(request.principal!).citizenId)),
  );

  app.get(
    '/health/code/history',
    { config: { action: A['health-code.own-code.read'] }, schema: { tags, summary: 'My colour changes, newest first, with the rule version and reasons', response: { 200: Type.Array(CodeEvent), ...errorResponses(401, 403) } } },
    async (request) => (await citizen.myHistory(ctx, asCitizen(request.principal!).citizenId)).map(presentEvent),
  );

  app.get(
    '/health/facts',
    { config: { action: A['health-code.own-code.read'] }, schema: { tags, summary: 'The facts the rules read about me (each can be disputed)', response: { 200: Type.Array(DisputableFact), ...errorResponses(401, 403) } } },
    async (request) => citizen.myFacts(ctx, asCitizen(request.principal!).citizenId),
  );

  app.get(
    '/health/corrections',
    { config: { action: A['health-code.correction.request'] }, schema: { tags, summary: 'My correction requests (纠错) and their outcomes', response: { 200: Type.Array(Correction), ...errorResponses(401, 403) } } },
    async (request) => (await citizen.myCorrections(ctx, asCitizen(request.principal!).citizenId)).map(presentCorrection),
  );

  app.post(
    '/health/corrections',
    {
      config: { action: A['health-code.correction.request'] },
      schema: { tags, summary: 'Dispute one of my facts (纠错); an officer of my region reviews it', body: CorrectionRequest, response: { 201: Correction, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    async (request, reply) => reply.status(201).send(presentCorrection(await citizen.requestCorrection(ctx, asCitizen(request.principal!), request.body, requestMeta(request)))),
  );

  // ---- officers ----

  app.get(
    '/health/corrections/review',
    {
      config: { action: A['health-code.correction.review'] },
      schema: {
        tags,
        summary: 'Correction requests in my region (oldest first); reading them is audited',
        querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('accepted'), Type.Literal('rejected')])) }),
        response: { 200: Type.Array(ReviewCorrection), ...errorResponses(401, 403) },
      },
    },
    async (request) =>
      (await officers.listCorrectionsForReview(ctx, asStaff(request.principal!), request.query.status, requestMeta(request))).map((c) => ({
        ...presentCorrection(c),
        citizenId: c.citizenId,
        maskedName: c.maskedName,
        maskedId: c.maskedId,
        reason: c.reason,
        regionCode: c.regionCode,
      })),
  );

  app.post(
    '/health/corrections/:id/decision',
    {
      config: { action: A['health-code.correction.review'] },
      schema: {
        tags,
        summary: 'Accept (the fact is set aside and the colour recomputed) or reject a correction request, with a note the citizen sees',
        params: IdParams,
        body: Type.Object({ decision: Type.Union([Type.Literal('accept'), Type.Literal('reject')]), note: Type.String({ minLength: 2, maxLength: 1000 }) }, { additionalProperties: false }),
        response: { 200: Correction, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => presentCorrection(await officers.decideCorrection(ctx, asStaff(request.principal!), request.params.id, request.body, requestMeta(request))),
  );

  app.post(
    '/health/overrides',
    {
      config: { action: A['health-code.override.manage'] },
      schema: {
        tags,
        summary: 'Propose a manual override for a person (by document number); a different officer must approve it',
        body: Type.Object(
          { ...Document, colour: Colour, reason: Type.String({ minLength: 4, maxLength: 500 }), expiresAt: Type.String({ format: 'date-time' }) },
          { additionalProperties: false },
        ),
        response: { 201: Override, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(presentOverride(await officers.proposeOverride(ctx, asStaff(request.principal!), request.body, requestMeta(request)))),
  );

  app.get(
    '/health/overrides',
    {
      config: { action: A['health-code.override.manage'] },
      schema: {
        tags,
        summary: 'Overrides in my region, newest first',
        querystring: Type.Object({ status: Type.Optional(OverrideState) }),
        response: { 200: Type.Array(Override), ...errorResponses(401, 403) },
      },
    },
    async (request) => (await officers.listOverrides(ctx, asStaff(request.principal!), request.query.status, requestMeta(request))).map(presentOverride),
  );

  app.post(
    '/health/overrides/:id/decision',
    {
      config: { action: A['health-code.override.manage'] },
      schema: {
        tags,
        summary: 'Approve or reject an override proposed by another officer',
        params: IdParams,
        body: Type.Object({ decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
        response: { 200: Override, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => presentOverride(await officers.decideOverride(ctx, asStaff(request.principal!), request.params.id, request.body, requestMeta(request))),
  );

  app.post(
    '/health/overrides/:id/revoke',
    {
      config: { action: A['health-code.override.manage'] },
      schema: {
        tags,
        summary: 'End an approved override early, or withdraw a proposal (the colour goes back to the rules)',
        params: IdParams,
        body: Type.Object({ note: Type.String({ minLength: 2, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: Override, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => presentOverride(await officers.revokeOverride(ctx, asStaff(request.principal!), request.params.id, request.body.note, requestMeta(request))),
  );

  app.post(
    '/health/overrides/:id/again',
    {
      config: { action: A['health-code.override.manage'] },
      schema: {
        tags,
        summary: 'Propose again, with a new end, an override whose review lapsed (审核已过期) or whose time ran out (已到期); a different officer must approve it',
        params: IdParams,
        body: Type.Object(
          {
            expiresAt: Type.String({ format: 'date-time' }),
            reason: Type.Optional(Type.String({ minLength: 4, maxLength: 500, description: 'A new reason; the earlier one is kept when omitted' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Override, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(presentOverride(await officers.proposeOverrideAgain(ctx, asStaff(request.principal!), request.params.id, request.body, requestMeta(request)))),
  );

  app.get(
    '/health/confirmations',
    { config: { action: A['health-code.release.confirm'] }, schema: { tags, summary: 'Codes in my region waiting for the county command post to confirm red → green', response: { 200: Type.Array(OfficerCode), ...errorResponses(401, 403) } } },
    async (request) =>
      (await officers.listPendingConfirmations(ctx, asStaff(request.principal!), requestMeta(request))).map((c) => ({
        citizenId: c.citizenId,
        colour: c.colour as 'red',
        maskedName: c.maskedName,
        maskedId: c.maskedId,
        since: c.since.toISOString(),
        ruleSetVersion: c.ruleSetVersion,
        reasons: c.reasons,
        nextChange: c.nextChange ?? null,
        pendingConfirmation: c.pendingConfirmation,
        override: null,
        regionCode: c.regionCode,
      })),
  );

  app.post(
    '/health/codes/:id/confirm',
    {
      config: { action: A['health-code.release.confirm'] },
      schema: {
        tags,
        summary: 'Confirm the release of a person (citizen id) whose recovery days are served (县级指挥部确认)',
        params: IdParams,
        body: Type.Object({ note: Type.String({ minLength: 2, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ colour: Colour, reasons: Type.Array(Reason) }), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const row = await officers.confirmRelease(ctx, asStaff(request.principal!), request.params.id, request.body.note, requestMeta(request));
      return { colour: row.colour as 'green', reasons: row.reasons };
    },
  );

  app.post(
    '/health/lookup',
    {
      config: { action: A['health-code.person.lookup'] },
      schema: {
        tags,
        summary: 'Look up a person\'s code and colour history by document number (in my region; audited)',
        body: Type.Object(Document, { additionalProperties: false }),
        response: { 200: Type.Object({ code: OfficerCode, history: Type.Array(CodeEvent) }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const found = await officers.lookupCode(ctx, asStaff(request.principal!), request.body, requestMeta(request));
      return { code: presentCode(found.code), history: found.history.map(presentEvent) };
    },
  );

  app.post(
    '/health/verify',
    {
      config: { action: A['health-code.code.verify'] },
      schema: {
        tags,
        summary: 'Verify a citizen\'s QR token at the door (验码): colour, masked identity, validity, pass/stop; recorded as a scan at the venue',
        description: 'Refusals answer 200 with valid=false, decision=stop and a distinct reason: HEALTH_CODE_TOKEN_MALFORMED, HEALTH_CODE_TOKEN_FORGED, HEALTH_CODE_TOKEN_EXPIRED, HEALTH_CODE_TOKEN_REPLAYED, HEALTH_CODE_TOKEN_UNTRUSTED_ISSUER.',
        body: VerifyRequest,
        response: { 200: VerifyResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const result = await verifyAtDoor(ctx, asStaff(request.principal!), request.body, requestMeta(request));
      const lang = languageOf(request);
      const spec = result.reason ? HealthCodeErrors[result.reason] : null;
      const okText = result.decision === 'pass' ? (lang === 'en' ? 'Green code: pass' : '绿码，请通行') : lang === 'en' ? `${result.colour} code: stop` : `${result.colour === 'red' ? '红码' : '黄码'}，请勿放行`;
      return {
        valid: result.ok,
        decision: result.decision,
        colour: result.colour ?? null,
        maskedName: result.maskedName ?? '',
        maskedId: result.maskedId ?? '',
        reason: result.reason ?? null,
        message: spec ? (lang === 'en' ? spec.en : spec.zh) : okText,
        issuer: result.issuer ?? null,
        mutualRecognition: result.mutualRecognition ?? false,
        scanRecorded: result.scanRecorded,
        repeat: result.repeat,
        firstCheckedAt: result.firstCheckedAt,
        expiresAt: result.expiresAt ?? null,
      };
    },
  );

  // ---- rule sets ----

  app.get(
    '/health/rule-sets',
    { config: { action: A['health-code.rule-set.manage'] }, schema: { tags, summary: 'Every rule-set version, newest first', response: { 200: Type.Array(RuleSet), ...errorResponses(401, 403) } } },
    async () => (await rulesets.listRuleSets(ctx)).map(presentRuleSet),
  );

  app.get(
    '/health/rule-sets/:version',
    { config: { action: A['health-code.rule-set.manage'] }, schema: { tags, summary: 'One rule-set version', params: VersionParams, response: { 200: RuleSet, ...errorResponses(401, 403, 404) } } },
    async (request) => presentRuleSet(await rulesets.getRuleSet(ctx, request.params.version)),
  );

  app.post(
    '/health/rule-sets',
    {
      config: { action: A['health-code.rule-set.manage'] },
      schema: {
        tags,
        summary: 'Save a new draft version (rules in the condition language of docs/health-code.md; validated)',
        body: Type.Object({ rules: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 200 }), note: Type.String({ maxLength: 500, default: '' }) }, { additionalProperties: false }),
        response: { 201: RuleSet, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(presentRuleSet(await rulesets.createDraft(ctx, asStaff(request.principal!), request.body, requestMeta(request)))),
  );

  const presentDryRun = (d: rulesets.DryRunJob) => ({ ...d, createdAt: d.createdAt.toISOString(), finishedAt: d.finishedAt?.toISOString() ?? null });

  app.post(
    '/health/rule-sets/:version/dry-run',
    {
      config: { action: A['health-code.rule-set.manage'] },
      schema: {
        tags,
        summary: 'Start a dry run of a draft as a background job: how many codes would change, by from → to colour (nothing is stored)',
        description:
          'Answers 202 at once with the job. Progress streams as Server-Sent Events at /api/jobs/{jobId}/events (to the officer who started it); ' +
          'GET /api/health/rule-set-dry-runs/{jobId} shows status, progress and, once succeeded, the result.',
        params: VersionParams,
        response: {
          202: DryRunJob,
          ...errorResponses(401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => reply.status(202).send(presentDryRun(await rulesets.startDryRun(ctx, asStaff(request.principal!), request.params.version, requestMeta(request)))),
  );

  // GET /health/rule-set-dry-runs/:id — under /rule-sets/ it was ambiguous with /rule-sets/{version}/… for
  // client generators (OpenAPI); the old path stays as an undocumented alias for clients that still use it.
  const readDryRun = async (request: { params: { id: string } }) => presentDryRun(await rulesets.getDryRun(ctx, request.params.id));
  app.get(
    '/health/rule-set-dry-runs/:id',
    {
      config: { action: A['health-code.rule-set.manage'] },
      schema: { tags, summary: 'A dry run: status, progress and (once succeeded) the counts by from → to colour with examples', params: IdParams, response: { 200: DryRunJob, ...errorResponses(400, 401, 403, 404) } },
    },
    readDryRun,
  );
  app.get(
    '/health/rule-sets/dry-runs/:id',
    { config: { action: A['health-code.rule-set.manage'] }, schema: { hide: true, params: IdParams, response: { 200: DryRunJob, ...errorResponses(400, 401, 403, 404) } } },
    readDryRun,
  );

  app.post(
    '/health/rule-sets/:version/publish',
    {
      config: { action: A['health-code.rule-set.manage'] },
      schema: {
        tags,
        summary: 'Propose publishing a draft (city-level officers); it becomes active, and codes are recomputed, only when a different officer approves the proposal',
        params: VersionParams,
        response: { 202: RuleSetProposal, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(202).send(await rulesets.publish(ctx, asStaff(request.principal!), request.params.version, requestMeta(request))),
  );

  app.post(
    '/health/rule-sets/rollback',
    {
      config: { action: A['health-code.rule-set.manage'] },
      schema: { tags, summary: 'Propose rolling back to the previously published version (applied when a different officer approves)', response: { 202: RuleSetProposal, ...errorResponses(401, 403, 409) } },
    },
    async (request, reply) => reply.status(202).send(await rulesets.rollback(ctx, asStaff(request.principal!), requestMeta(request))),
  );

  app.get(
    '/health/rule-set-proposals',
    { config: { action: A['health-code.rule-set.manage'] }, schema: { tags, summary: 'Publish and roll-back proposals in one\'s region, newest first', response: { 200: Type.Array(RuleSetProposal), ...errorResponses(401, 403) } } },
    async (request) => rulesets.listRuleSetProposals(ctx, asStaff(request.principal!)),
  );

  app.post(
    '/health/rule-set-proposals/:id/decision',
    {
      config: { action: A['health-code.rule-set.manage'] },
      schema: {
        tags,
        summary: 'Approve (the version becomes active and a background job recomputes the codes: recomputeJobId) or reject a rule-set proposal; a different city-level officer than the proposer',
        params: IdParams,
        body: Type.Object({ decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
        response: { 200: RuleSetDecided, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => rulesets.decideRuleSetProposal(ctx, asStaff(request.principal!), request.params.id, request.body, requestMeta(request)),
  );

  // ---- trusted issuers (互认) ----

  app.get(
    '/admin/health-code/trusted-issuers',
    { config: { action: A['health-code.issuer.manage'] }, schema: { tags, summary: 'Trusted other issuers (from the console and FX_TRUSTED_ISSUERS)', response: { 200: Type.Array(TrustedIssuer), ...errorResponses(401, 403) } } },
    async () => issuers.listTrustedIssuers(ctx),
  );

  app.post(
    '/admin/health-code/trusted-issuers',
    {
      config: { action: A['health-code.issuer.manage'] },
      schema: {
        tags,
        summary: 'Propose trusting another issuer\'s public key (city-or-wider officers); it takes effect only when a different officer approves the proposal',
        body: Type.Object(
          {
            issuer: Type.String({ minLength: 1, maxLength: 64 }),
            kid: Type.String({ minLength: 1, maxLength: 64 }),
            algorithm: Type.Union([Type.Literal('ed25519'), Type.Literal('sm2')]),
            publicKeyPem: Type.String({ minLength: 40, maxLength: 4000 }),
            name: Type.String({ minLength: 1, maxLength: 100 }),
          },
          { additionalProperties: false },
        ),
        response: { 202: IssuerProposal, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(202).send(await issuers.proposeTrustedIssuer(ctx, asStaff(request.principal!), request.body, requestMeta(request))),
  );

  app.get(
    '/admin/health-code/trusted-issuers/proposals',
    { config: { action: A['health-code.issuer.manage'] }, schema: { tags, summary: 'Trust proposals in one\'s region (to approve the ones others proposed)', response: { 200: Type.Array(IssuerProposal), ...errorResponses(401, 403) } } },
    async (request) => issuers.listIssuerProposals(ctx, asStaff(request.principal!)),
  );

  app.post(
    '/admin/health-code/trusted-issuers/proposals/:id/decision',
    {
      config: { action: A['health-code.issuer.manage'] },
      schema: {
        tags,
        summary: 'Approve (the key is trusted at once) or reject a trust proposal; a different city-or-wider officer than the proposer',
        params: IdParams,
        body: Type.Object({ decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
        response: { 200: IssuerProposal, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => issuers.decideIssuerProposal(ctx, asStaff(request.principal!), request.params.id, request.body, requestMeta(request)),
  );

  app.delete(
    '/admin/health-code/trusted-issuers/:id',
    { config: { action: A['health-code.issuer.manage'] }, schema: { tags, summary: 'Stop trusting an issuer key', params: IdParams, response: { 204: Type.Null(), ...errorResponses(401, 403, 404) } } },
    async (request, reply) => {
      await issuers.removeTrustedIssuer(ctx, asStaff(request.principal!), request.params.id, requestMeta(request));
      return reply.status(204).send(null);
    },
  );

  await openHealthCodeRoutes(app, ctx);
}
