import { addDays, dayOf, isDay } from '@fangxian/contracts/kernel';
import type { AppContext } from '../../platform/http/context.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { Principal } from '../../platform/access/principal.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { isDivisionCode, isLeafDivision } from '../../platform/divisions/index.ts';
import { assembleFacts, type DisputableFact } from './health-code.facts.ts';
import { activeRules, currentCodeFor, recomputeIn, type CurrentCode } from './health-code.service.ts';
import { borderHueOf } from './health-code.tokens.ts';
import { issueCodeToken } from './health-code.signing.ts';
import * as repo from './health-code.repository.ts';
import type { TripLeg } from './health-code.tables.ts';
import { openCorrection, openDeclaration, sealHealthFields, sealSummary, type OpenCorrection, type OpenDeclaration } from './health-code.declarations.ts';
import { openEvent, type OpenCode, type OpenEvent } from './health-code.reasons.ts';
import { HealthCodeErrors } from './health-code.errors.ts';

/** The citizen's code page: colour, masked identity, a fresh signed token, the day's border hue, reasons. */
export interface CodeView extends CurrentCode {
  token: string;
  tokenExpiresAt: Date;
  serverTime: Date;
  borderHue: number;
}

async function requireRealName(ctx: AppContext, citizenId: string): Promise<repo.PersonRow> {
  const person = await repo.findPerson(ctx.db, citizenId);
  if (!person) throw new AppError(CommonErrors.NOT_FOUND);
  if (!person.realNameAt || !person.documentNumberCipher) throw new AppError(HealthCodeErrors.HEALTH_CODE_REAL_NAME_REQUIRED);
  return person;
}

/** Shows the citizen's code with a newly issued short-lived token (the page refreshes it before expiry). */
export async function showMyCode(ctx: AppContext, citizenId: string): Promise<CodeView> {
  await requireRealName(ctx, citizenId);
  const now = new Date();
  const code = await currentCodeFor(ctx, citizenId, now);
  const { token, expiresAt } = await issueCodeToken(ctx, citizenId, code.colour, now);
  return { ...code, token, tokenExpiresAt: expiresAt, serverTime: now, borderHue: borderHueOf(dayOf(now), ctx.config.codeIssuer) };
}

function assertDivision(code: string | null | undefined): void {
  if (code && !isDivisionCode(code)) throw new AppError(HealthCodeErrors.HEALTH_CODE_DIVISION_UNKNOWN, { divisionCode: code });
}

/** A residence is where someone lives: a county (or a city without counties), never a whole province or city. */
function assertResidence(code: string | null | undefined): void {
  assertDivision(code);
  if (code && !isLeafDivision(code)) throw new AppError(HealthCodeErrors.HEALTH_CODE_RESIDENCE_TOO_BROAD, { divisionCode: code });
}

/** Health declaration (健康申报): residence, temperature, symptoms, contact with cases, underlying illness. */
export async function declareHealth(
  ctx: AppContext,
  citizenId: string,
  input: { residenceDivision: string; temperature: number; symptoms: string[]; contactWithCase: boolean; underlyingIllness?: string | null },
): Promise<{ declaration: OpenDeclaration; code: OpenCode }> {
  assertResidence(input.residenceDivision);
  const now = new Date();
  return ctx.db.transaction(async (tx) => {
    // The health fields are stored only as one ciphertext (health-code.declarations.ts).
    const declaration = await repo.insertDeclaration(tx, {
      citizenId,
      kind: 'health',
      declaredOn: dayOf(now),
      residenceDivision: input.residenceDivision,
      healthCipher: sealHealthFields(ctx.cipher, {
        temperature: Math.round(input.temperature * 10) / 10,
        symptoms: [...new Set(input.symptoms)],
        contactWithCase: input.contactWithCase,
        underlyingIllness: input.underlyingIllness ? input.underlyingIllness : null,
      }),
    });
    const code = await recomputeIn(tx, ctx, citizenId, { type: 'fact', fact: 'declaration', id: declaration.id }, now);
    return { declaration: openDeclaration(ctx.cipher, declaration), code };
  });
}

/** Trip declaration (行程申报): places in the last 30 days, and optionally a new residence. */
export async function declareTrips(
  ctx: AppContext,
  citizenId: string,
  input: { trips: TripLeg[]; residenceDivision?: string | null },
): Promise<{ declaration: OpenDeclaration; code: OpenCode }> {
  const now = new Date();
  const today = dayOf(now);
  assertResidence(input.residenceDivision);
  for (const leg of input.trips) {
    assertDivision(leg.divisionCode);
    if (!isDay(leg.from) || !isDay(leg.to) || leg.from > leg.to || leg.to > today || leg.from < addDays(today, -30)) throw new AppError(HealthCodeErrors.HEALTH_CODE_DATES_INVALID);
  }
  return ctx.db.transaction(async (tx) => {
    const declaration = await repo.insertDeclaration(tx, {
      citizenId,
      kind: 'trip',
      declaredOn: today,
      residenceDivision: input.residenceDivision ?? null,
      trips: input.trips.map((l) => ({ divisionCode: l.divisionCode, from: l.from, to: l.to, ...(l.transport ? { transport: l.transport } : {}), ...(l.number ? { number: l.number } : {}) })),
    });
    const code = await recomputeIn(tx, ctx, citizenId, { type: 'fact', fact: 'trip_declaration', id: declaration.id }, now);
    return { declaration: openDeclaration(ctx.cipher, declaration), code };
  });
}

/** The citizen's own declarations of the last 30 days, their health fields decrypted. */
export async function myDeclarations(ctx: AppContext, citizenId: string): Promise<OpenDeclaration[]> {
  return (await repo.findDeclarations(ctx.db, citizenId, addDays(dayOf(new Date()), -30))).map((row) => openDeclaration(ctx.cipher, row));
}

/** The facts the rules currently read about the citizen, each disputable. */
export async function myFacts(ctx: AppContext, citizenId: string): Promise<DisputableFact[]> {
  const person = await repo.findPerson(ctx.db, citizenId);
  if (!person) throw new AppError(CommonErrors.NOT_FOUND);
  const { rules } = await activeRules(ctx.db);
  const { disputable } = await assembleFacts(ctx, ctx.db, { citizenId, documentIndex: person.documentIndex, householdDivision: person.householdDivision }, {
    now: new Date(),
    rules,
    holds: [],
    override: null,
  });
  return disputable;
}

/** The citizen's colour history, reasons decrypted. */
export async function myHistory(ctx: AppContext, citizenId: string): Promise<OpenEvent[]> {
  return (await repo.findEvents(ctx.db, citizenId, 100)).map((row) => openEvent(ctx.cipher, row));
}

/** Files a correction request (纠错) against one of the citizen's facts; an officer of their region reviews it. */
export async function requestCorrection(
  ctx: AppContext,
  principal: Extract<Principal, { kind: 'citizen' }>,
  input: { factType: string; factId: string; reason: string },
  meta: RequestMeta,
): Promise<OpenCorrection> {
  const facts = await myFacts(ctx, principal.citizenId);
  const fact = facts.find((f) => f.type === input.factType && f.id === input.factId);
  if (!fact) throw new AppError(HealthCodeErrors.HEALTH_CODE_FACT_NOT_FOUND);
  if (await repo.findPendingCorrection(ctx.db, principal.citizenId, fact.type, fact.id)) throw new AppError(HealthCodeErrors.HEALTH_CODE_CORRECTION_DUPLICATE);
  const person = await repo.findPerson(ctx.db, principal.citizenId);
  const code = await repo.findCode(ctx.db, principal.citizenId);
  const regionCode = code?.regionCode || person?.householdDivision || '';
  return ctx.db.transaction(async (tx) => {
    const row = await repo.insertCorrection(tx, {
      citizenId: principal.citizenId,
      factType: fact.type,
      factId: fact.id,
      factSummaryCipher: sealSummary(ctx.cipher, fact.summary),
      reasonCipher: ctx.cipher.encrypt(input.reason),
      status: 'pending',
      regionCode,
    });
    await appendAudit(tx, { actor: principal, action: 'health-code.correction.request', subjectType: 'correction', subjectId: row.id, regionCode, detail: { factType: fact.type }, ip: meta.ip, requestId: meta.requestId });
    return openCorrection(ctx.cipher, row);
  });
}

/** The citizen's correction requests with their outcomes. */
export async function myCorrections(ctx: AppContext, citizenId: string): Promise<OpenCorrection[]> {
  return (await repo.findCorrectionsOf(ctx.db, citizenId)).map((row) => openCorrection(ctx.cipher, row));
}
