import type { AppContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { Principal } from '../../platform/access/principal.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { recordVerificationScan } from '../venues/index.ts';
import { doorCodeOf, heldDoorCode } from './health-code.service.ts';
import { checkToken, TOKEN_USE_ROWS, useCommitted, useToRecord, type TokenUse } from './health-code.signing.ts';
import type { TokenRefusal } from './health-code.errors.ts';
import type { Colour } from './health-code.types.ts';

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

/** Green passes; yellow and red are stopped at the door. */
export function decisionFor(colour: Colour | undefined): 'pass' | 'stop' {
  return colour === 'green' ? 'pass' : 'stop';
}

/**
 * Venue staff (or an officer) verify a citizen's code at the door. A valid check of one of our own
 * codes at a venue is recorded as a scan there (proving presence), through the venues module.
 */
export async function verifyAtDoor(
  ctx: AppContext,
  principal: Extract<Principal, { kind: 'staff' }>,
  input: { token: string; venueId?: string },
  meta: RequestMeta,
): Promise<VerifyResult & { decision: 'pass' | 'stop'; scanRecorded: boolean }> {
  // A check is recorded at the officer's own venue only; venue staff must have one.
  if (input.venueId && input.venueId !== principal.venueId) throw new AppError('HC_VENUE_MISMATCH');
  const venueOnly = principal.roles.every((r) => r === 'venue_staff');
  if (venueOnly && !principal.venueId) throw new AppError('HC_VENUE_MISMATCH');
  const venueId = principal.venueId ?? undefined;
  const { result, use } = await checkAndRead(ctx, input.token, new Date());
  const pending = useToRecord(ctx, use);
  const useRows = pending ? [{ kind: TOKEN_USE_ROWS, rows: [pending] }] : [];
  let scanRecorded = false;
  if (result.ok && result.citizenId && result.colour && venueId) {
    // The scan and the token's first use commit together: one group-commit item, one wait.
    await recordVerificationScan(ctx, { venueId, citizenId: result.citizenId, colour: result.colour, staffId: principal.staffId }, useRows);
    scanRecorded = true;
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
      action: 'health_code.verify',
      subjectType: result.citizenId ? 'citizen' : 'health_code',
      subjectId: result.citizenId ?? result.code,
      outcome: result.ok ? 'ok' : 'denied',
      detail: { reason: result.reason ?? null, colour: result.colour ?? null, venueId: venueId ?? null, mutualRecognition: result.mutualRecognition ?? false },
      ip: meta.ip,
      requestId: meta.requestId,
      }),
    );
  }
  return { ...result, decision: result.ok ? decisionFor(result.colour) : 'stop', scanRecorded };
}
