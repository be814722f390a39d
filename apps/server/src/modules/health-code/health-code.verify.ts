import { decisionFor, type Decision } from '@fangxian/contracts/kernel';
import type { AppContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { Principal } from '../../platform/access/principal.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import type { RowParts } from '../../platform/db/group-commit.ts';
import { defineExtensionPoint } from '../../platform/modules/module.ts';
import { doorCodeOf, heldDoorCode } from './health-code.service.ts';
import { checkToken, TOKEN_USE_ROWS, useCommitted, useToRecord, type TokenUse } from './health-code.signing.ts';
import type { TokenRefusal } from './health-code.errors.ts';
import type { Colour } from './health-code.types.ts';
import { HealthCodeErrors } from './health-code.errors.ts';

/** A successful door check (验码) of one of our own codes by staff of a venue. */
export interface DoorCheck {
  venueId: string;
  citizenId: string;
  colour: Colour;
  /** What the door answers: a stop is recorded as a refusal, not as an entry. */
  decision: Decision;
  staffId: string | null;
}

/**
 * Where a door check at a venue is recorded: the venues module contributes one, which writes the check
 * as a presence-proving scan at the venue. It must commit `alongside` (the health code's own rows: the
 * token's first use) in the same group-commit item, and resolve once committed.
 */
export interface DoorCheckRecorder {
  record(ctx: AppContext, check: DoorCheck, alongside: RowParts): Promise<DoorCheckRecord>;
}

/**
 * What the recorder did: recorded a visit, or found the same person checked at the venue within its
 * repeat window (a screenshot shown again) — then nothing but `alongside` is written.
 */
export interface DoorCheckRecord {
  repeat: boolean;
  /** The recorded visit: this one, or the earlier one it repeats. */
  scannedAt: Date;
}

/** At most one module of an app contributes a recorder (checked at start); without one, checks go to the audit log. */
export const HealthCodeDoorChecks = defineExtensionPoint<DoorCheckRecorder>('health-code.door-checks');

/** What verification answers (验码). */
export interface VerifyResult {
  ok: boolean;
  /** Our own code id, or the other issuer's. */
  code?: string;
  colour?: Colour;
  citizenId?: string;
  maskedName?: string;
  maskedId?: string;
  expiresAt?: string;
  issuer?: string;
  /** True when the token came from a trusted other issuer (colour from the token, identity not known here). */
  mutualRecognition?: boolean;
  reason?: TokenRefusal;
}

/**
 * Verifies a QR token: signature, trust, expiry, replay. For our own tokens the colour is the
 * citizen's current colour (fresher than the token); for a trusted other issuer's, the token's.
 * Resolves after the use of a valid token is recorded (committed).
 */
export async function verifyCodeToken(ctx: AppContext, token: string, now: Date = new Date()): Promise<VerifyResult> {
  const { result, use } = await checkAndRead(ctx, token, now);
  const pending = useToRecord(ctx, use);
  if (pending) {
    await ctx.database.writes.submitRows([{ kind: TOKEN_USE_ROWS, rows: [pending] }]);
    useCommitted(ctx, pending);
  }
  return result;
}

/** The verification answer and the token use the caller must record with its own writes. */
async function checkAndRead(ctx: AppContext, token: string, now: Date): Promise<{ result: VerifyResult; use: TokenUse | null }> {
  const check = await checkToken(ctx, token, now);
  if (!check.ok) return { result: { ok: false, reason: check.reason }, use: null };
  if (!check.local) {
    return {
      result: { ok: true, code: check.codeId, colour: check.tokenColour, maskedName: '', maskedId: '', expiresAt: check.expiresAt.toISOString(), issuer: check.issuerName, mutualRecognition: true },
      use: check.use,
    };
  }
  const code = heldDoorCode(ctx, check.citizenId, now) ?? (await doorCodeOf(ctx, check.citizenId, now));
  const result: VerifyResult = {
    ok: true,
    code: check.codeId,
    colour: code.colour,
    citizenId: check.citizenId,
    maskedName: code.maskedName,
    maskedId: code.maskedId,
    expiresAt: check.expiresAt.toISOString(),
    issuer: check.issuer,
    mutualRecognition: false,
  };
  return { result, use: check.use };
}

/**
 * Venue staff (or an officer) verify a citizen's code at the door. A valid check of one of our own
 * codes at a venue is recorded as a scan there (proving presence) by the door-check recorder the
 * venues module contributes (HealthCodeDoorChecks).
 */
export async function verifyAtDoor(
  ctx: AppContext,
  principal: Extract<Principal, { kind: 'staff' }>,
  input: { token: string; venueId?: string },
  meta: RequestMeta,
): Promise<VerifyResult & { decision: Decision; scanRecorded: boolean; repeat: boolean; firstCheckedAt: string | null }> {
  // A check is recorded at the officer's own venue only; venue staff must have one.
  if (input.venueId && input.venueId !== principal.venueId) throw new AppError(HealthCodeErrors.HEALTH_CODE_VENUE_MISMATCH);
  const venueOnly = principal.roles.every((r) => r === 'venue_staff');
  if (venueOnly && !principal.venueId) throw new AppError(HealthCodeErrors.HEALTH_CODE_VENUE_MISMATCH);
  const venueId = principal.venueId ?? undefined;
  const { result, use } = await checkAndRead(ctx, input.token, new Date());
  const pending = useToRecord(ctx, use);
  const useRows = pending ? [{ kind: TOKEN_USE_ROWS, rows: [pending] }] : [];
  let scanRecorded = false;
  let firstCheckedAt: string | null = null;
  const recorder = venueId ? ctx.modules.contributions(HealthCodeDoorChecks)[0] : undefined;
  if (result.ok && result.citizenId && result.colour && venueId && recorder) {
    // The scan and the token's first use commit together: one group-commit item, one wait.
    const recorded = await recorder.record(ctx, { venueId, citizenId: result.citizenId, colour: result.colour, decision: decisionFor(result.colour), staffId: principal.staffId }, useRows);
    if (recorded.repeat) firstCheckedAt = recorded.scannedAt.toISOString();
    else scanRecorded = true;
  } else if (pending) {
    await ctx.database.writes.submitRows(useRows);
  }
  useCommitted(ctx, pending);
  // A recorded scan is itself the record of this check (officer, person, venue, time); everything
  // else — refusals, checks away from a venue — goes to the audit log.
  // The append goes through group commit: concurrent checks share one transaction (one audit-head
  // lock and one commit), appended in order so the chain stays intact; each resolves after commit.
  if (!scanRecorded) {
    await ctx.database.writes.submit((tx) =>
      appendAudit(tx, {
      actor: principal,
      action: 'health-code.code.verify',
      subjectType: result.citizenId ? 'citizen' : 'health_code',
      subjectId: result.citizenId ?? result.code,
      outcome: result.ok ? 'ok' : 'denied',
      detail: { reason: result.reason ?? null, colour: result.colour ?? null, venueId: venueId ?? null, mutualRecognition: result.mutualRecognition ?? false, repeat: firstCheckedAt !== null },
      ip: meta.ip,
      requestId: meta.requestId,
      }),
    );
  }
  return { ...result, decision: result.ok ? decisionFor(result.colour) : 'stop', scanRecorded, repeat: firstCheckedAt !== null, firstCheckedAt };
}
