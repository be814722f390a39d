import type { CodeView } from './health-code.citizen.ts';
import type { CurrentCode } from './health-code.service.ts';
import type * as repo from './health-code.repository.ts';
import type { OpenCorrection, OpenDeclaration } from './health-code.declarations.ts';
import type { OpenEvent } from './health-code.reasons.ts';

/** The citizen's code page. */
export function presentCodeView(v: CodeView) {
  return {
    colour: v.colour,
    maskedName: v.maskedName,
    maskedId: v.maskedId,
    token: v.token,
    tokenExpiresAt: v.tokenExpiresAt.toISOString(),
    serverTime: v.serverTime.toISOString(),
    borderHue: v.borderHue,
    since: v.since.toISOString(),
    ruleSetVersion: v.ruleSetVersion,
    reasons: v.reasons,
    nextChange: v.nextChange,
    pendingConfirmation: v.pendingConfirmation,
    override: v.override,
  };
}

/** A code as an officer sees it (masked identity, no token). */
export function presentCode(c: CurrentCode) {
  return {
    citizenId: c.citizenId,
    colour: c.colour,
    maskedName: c.maskedName,
    maskedId: c.maskedId,
    since: c.since.toISOString(),
    ruleSetVersion: c.ruleSetVersion,
    reasons: c.reasons,
    nextChange: c.nextChange,
    pendingConfirmation: c.pendingConfirmation,
    override: c.override,
    regionCode: c.regionCode,
  };
}

/** A declaration, its health fields decrypted for its citizen (the underlying-illness note is never echoed back). */
export function presentDeclaration(d: OpenDeclaration) {
  return {
    id: d.id,
    kind: d.kind as 'health' | 'trip',
    declaredOn: d.declaredOn,
    residenceDivision: d.residenceDivision,
    temperature: d.health?.temperature ?? null,
    symptoms: d.health?.symptoms ?? [],
    contactWithCase: d.health?.contactWithCase ?? null,
    trips: d.trips,
    createdAt: d.createdAt.toISOString(),
  };
}

/** A colour-change event (reasons decrypted). */
export function presentEvent(e: OpenEvent) {
  return { from: e.fromColour as 'green' | 'yellow' | 'red' | null, to: e.toColour as 'green' | 'yellow' | 'red', ruleSetVersion: e.ruleSetVersion, reasons: e.reasons, causeType: e.causeType, at: e.createdAt.toISOString() };
}

/** A correction request as its citizen sees it (summary decrypted). */
export function presentCorrection(c: OpenCorrection) {
  return {
    id: c.id,
    factType: c.factType,
    factId: c.factId,
    factSummary: c.factSummary,
    status: c.status as 'pending' | 'accepted' | 'rejected',
    reviewNote: c.reviewNote,
    reviewedAt: c.reviewedAt?.toISOString() ?? null,
    colourAfter: (c.colourAfter as 'green' | 'yellow' | 'red' | null) ?? null,
    createdAt: c.createdAt.toISOString(),
  };
}

/** An override as officers see it. */
export function presentOverride(o: repo.OverrideRow & { state?: repo.OverrideState; maskedName?: string; maskedId?: string }) {
  return {
    id: o.id,
    citizenId: o.citizenId,
    maskedName: o.maskedName ?? '',
    maskedId: o.maskedId ?? '',
    colour: o.colour as 'green' | 'yellow' | 'red',
    reason: o.reason,
    expiresAt: o.expiresAt.toISOString(),
    status: o.state ?? (o.status as repo.OverrideState),
    regionCode: o.regionCode,
    proposedBy: o.proposedBy,
    decidedBy: o.decidedBy,
    decisionNote: o.decisionNote,
    createdAt: o.createdAt.toISOString(),
  };
}

/** A rule-set version. */
export function presentRuleSet(r: repo.RuleSetRow) {
  return {
    version: r.version,
    status: r.status as 'draft' | 'active' | 'retired',
    rules: r.rules,
    note: r.note,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    publishedBy: r.publishedBy,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    retiredAt: r.retiredAt?.toISOString() ?? null,
  };
}
