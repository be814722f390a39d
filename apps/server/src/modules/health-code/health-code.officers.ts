import { randomUUID } from 'node:crypto';
import { addDays, dayOf, startOfDay } from '@fangxian/contracts/kernel';
import { HealthCodeCorrectionDecided, HealthCodeOverrideDecided } from './health-code.events.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { DbOrTx, Tx } from '../../platform/db/database.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import { assertInScope } from '../../platform/access/policy.ts';
import { regionContains } from '../../platform/access/principal.ts';
import type { Principal } from '../../platform/access/principal.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { validateDocument, type DocumentType } from '../../platform/identity/documents.ts';
import { evaluate, normalStreak } from './health-code.evaluate.ts';
import { assembleFacts, regionsOfPerson } from './health-code.facts.ts';
import { activeRules, maskedIdentityOf, recomputeIn, type CurrentCode, currentCodeFor } from './health-code.service.ts';
import * as repo from './health-code.repository.ts';
import type { Colour } from './health-code.types.ts';
import { openCorrection, type OpenCorrection } from './health-code.declarations.ts';
import { holdsOf, openCode, openEvent, type OpenCode, type OpenEvent } from './health-code.reasons.ts';
import { HealthCodeErrors } from './health-code.errors.ts';
import { ApprovalErrors, decideApproval, proposeApproval, withdrawApproval } from '../../platform/approvals/index.ts';

type Staff = Extract<Principal, { kind: 'staff' }>;

const audit = (staff: Staff, meta: RequestMeta) => ({ actor: staff, ip: meta.ip, requestId: meta.requestId });

async function personByDocument(ctx: AppContext, documentType: DocumentType, documentNumber: string): Promise<repo.PersonRow> {
  const verdict = validateDocument(documentType, documentNumber);
  if (!verdict.ok) throw new AppError(CommonErrors.VALIDATION_FAILED, { documentNumber: verdict.problem });
  const person = await repo.findPersonByDocument(ctx.db, documentType, ctx.blindIndex.of('id', verdict.number));
  if (!person) throw new AppError(HealthCodeErrors.HEALTH_CODE_PERSON_NOT_FOUND);
  return person;
}

/**
 * The officer's way to a person: the first of the person's regions (household division first, then
 * residence and where the facts arose — regionsOfPerson) within the officer's scope; NOT_FOUND when
 * none is, the same answer as an unknown person. A declared residence elsewhere hides nobody.
 */
async function regionInReach(ctx: AppContext, db: DbOrTx, staff: Staff, person: repo.PersonRow): Promise<string> {
  const { rules } = await activeRules(db);
  const regions = await regionsOfPerson(ctx, db, { citizenId: person.id, documentIndex: person.documentIndex, householdDivision: person.householdDivision }, rules);
  const region = regions.find((r) => regionContains(staff.regionCode, r));
  if (!region) throw new AppError(CommonErrors.NOT_FOUND);
  return region;
}

/** An officer looks a person's code up by document number (masked; the read is audited). */
export async function lookupCode(
  ctx: AppContext,
  staff: Staff,
  input: { documentType: DocumentType; documentNumber: string },
  meta: RequestMeta,
): Promise<{ code: CurrentCode; history: OpenEvent[] }> {
  const person = await personByDocument(ctx, input.documentType, input.documentNumber);
  const regionCode = await regionInReach(ctx, ctx.db, staff, person);
  const code = await currentCodeFor(ctx, person.id);
  const history = (await repo.findEvents(ctx.db, person.id, 50)).map((row) => openEvent(ctx.cipher, row));
  await ctx.db.transaction((tx) => appendAudit(tx, { ...audit(staff, meta), action: 'health-code.code.read', subjectType: 'citizen', subjectId: person.id, regionCode }));
  return { code, history };
}

/** The platform approval kind of a manual override (maker-checker through platform/approvals). */
export const OVERRIDE_KIND = 'health-code.override.set';

/** The approvals' error codes, answered as the override's own codes the console and clients know. */
function asOverrideError(error: unknown): unknown {
  if (error instanceof AppError && error.is(ApprovalErrors.APPROVALS_SAME_OFFICER)) return new AppError(HealthCodeErrors.HEALTH_CODE_OVERRIDE_SAME_OFFICER);
  if (error instanceof AppError && error.is(ApprovalErrors.APPROVALS_NOT_PENDING)) return new AppError(HealthCodeErrors.HEALTH_CODE_OVERRIDE_NOT_PENDING);
  return error;
}

/**
 * Proposes a manual override; it does nothing until a different officer approves it. The proposal
 * is a platform approval (kind `health-code.override.set`, region = the person's region through
 * which the officer reaches them, expiring after 72 h or with the override, whichever is first); the
 * override row is linked to it.
 */
export async function proposeOverride(
  ctx: AppContext,
  staff: Staff,
  input: { documentType: DocumentType; documentNumber: string; colour: Colour; reason: string; expiresAt: string },
  meta: RequestMeta,
): Promise<repo.OverrideRow> {
  const person = await personByDocument(ctx, input.documentType, input.documentNumber);
  // The override is kept under the region through which the officer reaches the person, so the
  // officers of that region (the second officer included) see and decide it.
  const regionCode = await regionInReach(ctx, ctx.db, staff, person);
  const expiresAt = validExpiry(input.expiresAt);
  return ctx.db.transaction((tx) => insertProposal(tx, staff, { person, regionCode, colour: input.colour, reason: input.reason, expiresAt }, meta));
}

/** An override's end: after now and within 30 days. */
function validExpiry(value: string): Date {
  const expiresAt = new Date(value);
  const now = Date.now();
  if (!(expiresAt.getTime() > now) || expiresAt.getTime() > now + 30 * 86_400_000) throw new AppError(HealthCodeErrors.HEALTH_CODE_OVERRIDE_EXPIRY_INVALID);
  return expiresAt;
}

/** The proposal itself: a platform approval and the override row linked to it, audited. */
async function insertProposal(
  tx: Tx,
  staff: Staff,
  input: { person: repo.PersonRow; regionCode: string; colour: Colour; reason: string; expiresAt: Date; renews?: string },
  meta: RequestMeta,
): Promise<repo.OverrideRow> {
  const { person, regionCode, expiresAt } = input;
  const id = randomUUID();
  // Payload and summary name the override and the colour only: the person and the reason stay in the override row.
  const approval = await proposeApproval(tx, {
    kind: OVERRIDE_KIND,
    staff,
    regionCode,
    notAfter: expiresAt,
    payload: { overrideId: id },
    summary: { overrideId: id, colour: input.colour, expiresAt: expiresAt.toISOString() },
    meta,
  });
  const row = await repo.insertOverride(tx, { id, approvalId: approval.id, citizenId: person.id, colour: input.colour, reason: input.reason, expiresAt, status: 'proposed', regionCode, proposedBy: staff.staffId });
  await appendAudit(tx, {
    ...audit(staff, meta),
    action: 'health-code.override.propose',
    subjectType: 'citizen',
    subjectId: person.id,
    regionCode,
    detail: { overrideId: row.id, approvalId: approval.id, colour: row.colour, expiresAt: row.expiresAt.toISOString(), ...(input.renews ? { renews: input.renews } : {}) },
  });
  return row;
}

/**
 * 重新提议: proposes again, for the same person and colour — with the same reason or a new one — and a new end, an override whose
 * review lapsed undecided (审核已过期) or whose time ran out (已到期) — without typing the ID number
 * again, which the list only shows masked. A second officer must approve it like any proposal. The
 * lapsed proposal is closed (revoked, noted) so the 审核已过期 list empties as officers act on it.
 */
export async function proposeOverrideAgain(ctx: AppContext, staff: Staff, id: string, input: { expiresAt: string; reason?: string }, meta: RequestMeta): Promise<repo.OverrideRow> {
  const expiresAt = validExpiry(input.expiresAt);
  const reason = input.reason?.trim();
  if (reason !== undefined && reason.length < 4) throw new AppError(CommonErrors.VALIDATION_FAILED, { field: 'reason' });
  return ctx.db
    .transaction(async (tx) => {
      const row = await repo.findOverrideForUpdate(tx, id);
      if (!row) throw new AppError(CommonErrors.NOT_FOUND);
      assertInScope(staff, row.regionCode);
      const state = repo.overrideState(row, row.approvalId ? await repo.approvalExpiry(tx, row.approvalId) : null, new Date());
      if (state !== 'expired' && state !== 'ended') throw new AppError(HealthCodeErrors.HEALTH_CODE_OVERRIDE_NOT_RENEWABLE);
      const person = await repo.findPerson(tx, row.citizenId);
      if (!person) throw new AppError(CommonErrors.NOT_FOUND);
      const regionCode = await regionInReach(ctx, tx, staff, person);
      const renewed = await insertProposal(tx, staff, { person, regionCode, colour: row.colour as Colour, reason: reason || row.reason, expiresAt, renews: row.id }, meta);
      if (state === 'expired') await repo.revokeOverrideRow(tx, row.id, '已重新提议 (proposed again)');
      return renewed;
    })
    .catch((error: unknown) => {
      throw asOverrideError(error);
    });
}

/**
 * Approves or rejects a proposed override through its platform approval: the approver must be a
 * different officer whose region contains the override's, before the proposal expires; on approval
 * the override is in force and the person's code recomputed in the same transaction.
 */
export async function decideOverride(
  ctx: AppContext,
  staff: Staff,
  id: string,
  input: { decision: 'approve' | 'reject'; note?: string },
  meta: RequestMeta,
): Promise<repo.OverrideRow> {
  return ctx.db
    .transaction(async (tx) => {
      const row = await repo.findOverrideForUpdate(tx, id);
      if (!row) throw new AppError(CommonErrors.NOT_FOUND);
      assertInScope(staff, row.regionCode);
      if (row.status !== 'proposed' || !row.approvalId) throw new AppError(HealthCodeErrors.HEALTH_CODE_OVERRIDE_NOT_PENDING);
      if (row.proposedBy === staff.staffId) throw new AppError(HealthCodeErrors.HEALTH_CODE_OVERRIDE_SAME_OFFICER);
      if (input.decision === 'approve' && row.expiresAt.getTime() <= Date.now()) throw new AppError(HealthCodeErrors.HEALTH_CODE_OVERRIDE_EXPIRY_INVALID);
      const decision = async () => repo.decideOverrideRow(tx, id, { status: input.decision === 'approve' ? 'approved' : 'rejected', decidedBy: staff.staffId, decisionNote: input.note ?? null });
      const { applied } = await decideApproval(tx, {
        id: row.approvalId,
        kind: OVERRIDE_KIND,
        staff,
        decision: input.decision,
        note: input.note,
        meta,
        apply: async () => {
          const decided = await decision();
          // Code row before the audit head, the same lock order as every other recomputation.
          await recomputeIn(tx, ctx, row.citizenId, { type: 'actor', actorType: 'staff', actorId: staff.staffId, action: 'override.approve' }, new Date());
          return decided;
        },
      });
      const decided = applied ?? (await decision());
      await appendAudit(tx, {
        ...audit(staff, meta),
        action: `health-code.override.${input.decision}`,
        subjectType: 'citizen',
        subjectId: row.citizenId,
        regionCode: row.regionCode,
        detail: { overrideId: id, approvalId: row.approvalId, colour: row.colour },
      });
      await ctx.modules.emit(ctx, HealthCodeOverrideDecided, { tx, citizenId: row.citizenId, decision: input.decision });
      return decided;
    })
    .catch((error: unknown) => {
      throw asOverrideError(error);
    });
}

/**
 * Ends an approved override early (or withdraws a proposal, which withdraws its platform approval).
 * One officer of the region suffices: it only hands the colour back to the rules. The colour is
 * recomputed at once.
 */
export async function revokeOverride(ctx: AppContext, staff: Staff, id: string, note: string, meta: RequestMeta): Promise<repo.OverrideRow> {
  return ctx.db
    .transaction(async (tx) => {
      const row = await repo.findOverrideForUpdate(tx, id);
      if (!row) throw new AppError(CommonErrors.NOT_FOUND);
      assertInScope(staff, row.regionCode);
      if (row.status !== 'approved' && row.status !== 'proposed') throw new AppError(HealthCodeErrors.HEALTH_CODE_OVERRIDE_NOT_PENDING);
      if (row.status === 'proposed' && row.approvalId) await withdrawApproval(tx, { id: row.approvalId, kind: OVERRIDE_KIND, staff, note, meta });
      const revoked = await repo.revokeOverrideRow(tx, id, note);
      if (row.status === 'approved') {
        await recomputeIn(tx, ctx, row.citizenId, { type: 'actor', actorType: 'staff', actorId: staff.staffId, action: 'override.revoke', note }, new Date());
      }
      await appendAudit(tx, { ...audit(staff, meta), action: 'health-code.override.revoke', subjectType: 'citizen', subjectId: row.citizenId, regionCode: row.regionCode, detail: { overrideId: id, was: row.status } });
      return revoked;
    })
    .catch((error: unknown) => {
      throw asOverrideError(error);
    });
}

/** Overrides in the officer's region (to approve the ones others proposed). */
export async function listOverrides(
  ctx: AppContext,
  staff: Staff,
  state: repo.OverrideState | undefined,
  meta: RequestMeta,
): Promise<(repo.OverrideRow & { state: repo.OverrideState; maskedName: string; maskedId: string })[]> {
  const rows = await repo.findOverridesInRegion(ctx.db, staff.regionCode, state, 200, new Date());
  await ctx.db.transaction((tx) => appendAudit(tx, { ...audit(staff, meta), action: 'health-code.override.list', subjectType: 'override', regionCode: staff.regionCode, detail: { count: rows.length } }));
  return Promise.all(rows.map(async (r) => ({ ...r, ...(await maskedOf(ctx, r.citizenId)) })));
}

async function maskedOf(ctx: AppContext, citizenId: string): Promise<{ maskedName: string; maskedId: string }> {
  const person = await repo.findPerson(ctx.db, citizenId);
  return person ? maskedIdentityOf(ctx, person) : { maskedName: '', maskedId: '' };
}

/** Correction requests in the officer's region, with the citizen's stated reason (the read is audited). */
export async function listCorrectionsForReview(
  ctx: AppContext,
  staff: Staff,
  status: string | undefined,
  meta: RequestMeta,
): Promise<(OpenCorrection & { reason: string; maskedName: string; maskedId: string })[]> {
  const rows = await repo.findCorrectionsInRegion(ctx.db, staff.regionCode, status, 200);
  await ctx.db.transaction((tx) => appendAudit(tx, { ...audit(staff, meta), action: 'health-code.correction.list', subjectType: 'correction', regionCode: staff.regionCode, detail: { count: rows.length } }));
  return Promise.all(rows.map(async (r) => ({ ...openCorrection(ctx.cipher, r), reason: ctx.cipher.decrypt(r.reasonCipher), ...(await maskedOf(ctx, r.citizenId)) })));
}

/**
 * Sets the disputed fact aside and answers which rules matched only because of it — on the fact's
 * own day and today — so their holds can be dropped with it.
 */
async function rulesDependingOn(ctx: AppContext, tx: Tx, row: repo.CorrectionRow): Promise<Set<string>> {
  const person = await repo.findPerson(tx, row.citizenId);
  if (!person) throw new AppError(CommonErrors.NOT_FOUND);
  const { rules } = await activeRules(tx);
  const ref = { citizenId: row.citizenId, documentIndex: person.documentIndex, householdDivision: person.householdDivision };
  const matchedAt = async (now: Date) => {
    const { facts, disputable } = await assembleFacts(ctx, tx, ref, { now, rules, holds: [], override: null });
    return { ids: new Set(evaluate(facts, rules, now, { recheck: false }).reasons.filter((r) => r.state === 'active').map((r) => r.ruleId)), disputable };
  };
  const now = new Date();
  const before = await matchedAt(now);
  const factDay = before.disputable.find((f) => f.type === row.factType && f.id === row.factId)?.day;
  const moments = factDay && factDay < dayOf(now) ? [now, new Date(startOfDay(addDays(factDay, 1)).getTime() - 1)] : [now];
  const beforeSets = [before.ids, ...(moments.length > 1 ? [(await matchedAt(moments[1])).ids] : [])];
  await repo.insertExclusion(tx, { citizenId: row.citizenId, factType: row.factType, factId: row.factId, correctionId: row.id });
  const dependent = new Set<string>();
  for (let i = 0; i < moments.length; i++) {
    const after = await matchedAt(moments[i]);
    for (const id of beforeSets[i]) if (!after.ids.has(id)) dependent.add(id);
  }
  return dependent;
}

/** Accepts (the fact is set aside and the colour recomputed) or rejects a correction request, with a note. */
export async function decideCorrection(
  ctx: AppContext,
  staff: Staff,
  id: string,
  input: { decision: 'accept' | 'reject'; note: string },
  meta: RequestMeta,
): Promise<OpenCorrection> {
  return ctx.db.transaction(async (tx) => {
    const row = await repo.findCorrectionForUpdate(tx, id);
    if (!row) throw new AppError(CommonErrors.NOT_FOUND);
    assertInScope(staff, row.regionCode);
    if (row.status !== 'pending') throw new AppError(HealthCodeErrors.HEALTH_CODE_CORRECTION_NOT_PENDING);
    let colourAfter: string | null = null;
    if (input.decision === 'accept') {
      const dependent = await rulesDependingOn(ctx, tx, row);
      const prior = await repo.findCode(tx, row.citizenId, true);
      // Holds that only existed because of the wrong fact go with it.
      const holds = (prior ? holdsOf(ctx.cipher, prior) : []).filter((h) => !dependent.has(h.ruleId));
      const code = await recomputeIn(tx, ctx, row.citizenId, { type: 'actor', actorType: 'staff', actorId: staff.staffId, action: 'correction.accept' }, new Date(), holds);
      colourAfter = code.colour;
    } else {
      colourAfter = (await repo.findCode(tx, row.citizenId))?.colour ?? null;
    }
    const decided = await repo.decideCorrectionRow(tx, id, { status: input.decision === 'accept' ? 'accepted' : 'rejected', reviewerId: staff.staffId, reviewNote: input.note, colourAfter });
    await appendAudit(tx, {
      ...audit(staff, meta),
      action: `health-code.correction.${input.decision}`,
      subjectType: 'citizen',
      subjectId: row.citizenId,
      regionCode: row.regionCode,
      detail: { correctionId: id, factType: row.factType, colourAfter },
    });
    await ctx.modules.emit(ctx, HealthCodeCorrectionDecided, { tx, citizenId: row.citizenId, decision: input.decision, colourAfter });
    return openCorrection(ctx.cipher, decided);
  });
}

/** Codes in the officer's region waiting for a county command post's confirmation to leave red. */
export async function listPendingConfirmations(ctx: AppContext, staff: Staff, meta: RequestMeta): Promise<(OpenCode & { maskedName: string; maskedId: string })[]> {
  const rows = await repo.findCodesInRegion(ctx.db, staff.regionCode, { pendingConfirmation: true, limit: 200 });
  await ctx.db.transaction((tx) => appendAudit(tx, { ...audit(staff, meta), action: 'health-code.confirmation.list', subjectType: 'health_code', regionCode: staff.regionCode, detail: { count: rows.length } }));
  return Promise.all(rows.map(async (r) => ({ ...openCode(ctx.cipher, r), ...(await maskedOf(ctx, r.citizenId)) })));
}

/** A county command officer confirms the release of holds that have served their recovery days. */
export async function confirmRelease(ctx: AppContext, staff: Staff, citizenId: string, note: string, meta: RequestMeta): Promise<OpenCode> {
  return ctx.db.transaction(async (tx) => {
    const code = await repo.findCode(tx, citizenId, true);
    if (!code) throw new AppError(CommonErrors.NOT_FOUND);
    const person = await repo.findPerson(tx, citizenId);
    if (!person) throw new AppError(CommonErrors.NOT_FOUND);
    const regionCode = await regionInReach(ctx, tx, staff, person);
    const storedHolds = holdsOf(ctx.cipher, code);
    const now = new Date();
    const today = dayOf(now);
    const { rules } = await activeRules(tx);
    const { facts } = await assembleFacts(ctx, tx, { citizenId, documentIndex: person.documentIndex, householdDivision: person.householdDivision }, { now, rules, holds: storedHolds, override: null });
    // Which rules still hold: the clear reason codes say it (no need to decrypt the reasons).
    const activeIds = new Set(code.reasonCodes.filter((r) => r.state === 'active').map((r) => r.ruleId));
    let confirmed = 0;
    const holds = storedHolds.map((h) => {
      const due = h.needsConfirmation && !h.confirmedAt && !activeIds.has(h.ruleId) && normalStreak(facts, today, h.lastEvidenceDay).days >= h.durationDays;
      if (!due) return h;
      confirmed++;
      return { ...h, confirmedAt: today };
    });
    if (confirmed === 0) throw new AppError(HealthCodeErrors.HEALTH_CODE_NOTHING_TO_CONFIRM);
    const saved = await recomputeIn(tx, ctx, citizenId, { type: 'actor', actorType: 'staff', actorId: staff.staffId, action: 'confirm_release', note }, now, holds);
    await appendAudit(tx, { ...audit(staff, meta), action: 'health-code.release.confirm', subjectType: 'citizen', subjectId: citizenId, regionCode, detail: { holds: confirmed } });
    return saved;
  });
}
