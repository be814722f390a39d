/**
 * Confirming or dismissing a second-degree candidate (次密接研判): the step after the on-request list
 * (`GET …/contact-candidates/second-degree`). Saved exactly as a first-degree decision
 * (`saveContactDecision`, tracing.service.ts), with degree 2: the person must still be a
 * second-degree candidate of the case (recomputed now, not trusted from the client); who decided and
 * why are kept on the contact (`tracing_contacts`, with the reason prefixed 次密接 and the contacts it
 * came through in the audit detail); a confirmed secondary contact is a `secondary_contact`
 * person-status fact and the code is recomputed through the facts interface; the hand-off event to
 * follow-up / screening is published; region scope is the case's.
 */
import { Type } from 'typebox';
import { errorResponses } from '@fangxian/contracts/kernel';
import { CaseContact } from '@fangxian/contracts/tracing';
import { assertInScope, asStaff } from '../../platform/access/policy.ts';
import type { Principal } from '../../platform/access/principal.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import type { App, AppContext } from '../../platform/http/context.ts';
import { requestMeta, type RequestMeta } from '../../platform/identity/request-meta.ts';
import { TracingErrors } from './tracing.errors.ts';
import { TracingActions as A } from './tracing.policy.ts';
import { presentContact } from './tracing.presenter.ts';
import * as repo from './tracing.repository.ts';
import { DEFAULT_TRACE_DAYS, saveContactDecision, secondDegreeCandidates } from './tracing.service.ts';

/** The levels a second-degree person may be confirmed at: 次密接 (the default) or 一般接触者. */
export const SECOND_DEGREE_LEVELS = ['secondary', 'general'] as const;
export type SecondDegreeLevel = (typeof SECOND_DEGREE_LEVELS)[number];

/** The reason's prefix that marks a contact decided from the second-degree list. */
export const SECOND_DEGREE_REASON_PREFIX = '次密接：';

export interface SecondDegreeDecision {
  citizenId: string;
  decision: 'confirmed' | 'dismissed';
  level?: SecondDegreeLevel;
  reason: string;
  days: number;
}

/** Confirms (secondary / general) or dismisses a second-degree candidate of a case, with the grounds. */
export async function decideSecondDegree(ctx: AppContext, principal: Principal, caseId: string, input: SecondDegreeDecision, meta: RequestMeta): Promise<repo.ContactRow> {
  const staff = asStaff(principal);
  const theCase = await repo.findCase(ctx.db, caseId);
  if (!theCase) throw new AppError(CommonErrors.NOT_FOUND);
  assertInScope(staff, theCase.regionCode);
  // The list as of now (the read is audited like any listing of the candidates): the person must be on it.
  const { candidates } = await secondDegreeCandidates(ctx, staff, caseId, { days: input.days }, meta);
  const candidate = candidates.find((c) => c.citizenId === input.citizenId);
  if (!candidate) throw new AppError(TracingErrors.TRACING_NOT_A_CANDIDATE);
  const via = [...new Set(candidate.exposures.map((e) => e.viaContactId))];
  return saveContactDecision(ctx, staff, theCase, candidate, {
    decision: input.decision,
    level: input.decision === 'confirmed' ? (input.level ?? 'secondary') : null,
    degree: 2,
    reason: `${SECOND_DEGREE_REASON_PREFIX}${input.reason.trim()}`,
    audit: { action: 'tracing.contact.decide.second-degree', detail: { viaContactIds: via } },
  }, meta);
}

/** `POST /tracing/cases/:id/contacts/second-degree`: registered from tracingRoutes. */
export async function secondDegreeRoutes(app: App, ctx: AppContext): Promise<void> {
  app.post(
    '/tracing/cases/:id/contacts/second-degree',
    {
      config: { action: A['tracing.case.manage'] },
      schema: {
        tags: ['tracing'],
        summary: 'Confirm (secondary 次密接 / general) or dismiss a second-degree candidate of the case with the grounds; a secondary contact turns the person\'s health code (the person must still be on the second-degree list)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: Type.Object(
          {
            citizenId: Type.String({ format: 'uuid' }),
            decision: Type.Union([Type.Literal('confirmed'), Type.Literal('dismissed')]),
            level: Type.Optional(Type.Union(SECOND_DEGREE_LEVELS.map((l) => Type.Literal(l)))),
            reason: Type.String({ minLength: 2, maxLength: 500 }),
            days: Type.Integer({ minimum: 1, maximum: 28, default: DEFAULT_TRACE_DAYS, description: 'days before onset (or report) to trace' }),
          },
          { additionalProperties: false },
        ),
        response: { 200: CaseContact, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => presentContact(await decideSecondDegree(ctx, request.principal!, request.params.id, request.body, requestMeta(request))),
  );
}
