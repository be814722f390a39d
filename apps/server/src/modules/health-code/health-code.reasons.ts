import type { FieldCipher } from '../../platform/crypto/field-cipher.ts';
import type { Db } from '../../platform/db/database.ts';
import * as repo from './health-code.repository.ts';
import type { Hold, OverrideFact, Reason, ReasonCode } from './health-code.types.ts';

/**
 * The reasons of a colour and the holds behind it, at rest. Their texts and evidence name a fever's
 * temperature, the symptoms declared, the places visited, a registry status — health data derived
 * from encrypted facts — so health_codes and health_code_events keep them only as FieldCipher
 * ciphertexts of their JSON (`reasons_cipher`, `holds_cipher`). In clear stays `reason_codes`: rule
 * id, reason code, colour and state of each reason (the check constraint, statistics).
 *
 * Decrypt only where the reasons are shown (the citizen's code page and history, officers' views)
 * or the holds are needed (recomputation, dry runs, confirmations): never on the door's hot path,
 * which reads colour and masked identity alone.
 */

/** The clear part of reasons: which rules, no values. */
export function reasonCodesOf(reasons: Reason[]): ReasonCode[] {
  return reasons.map((r) => ({ ruleId: r.ruleId, reasonCode: r.reasonCode, colour: r.colour, state: r.state }));
}

/** Encrypts reasons for reasons_cipher. */
export function sealReasons(cipher: FieldCipher, reasons: Reason[]): string {
  return cipher.encrypt(JSON.stringify(reasons))!;
}

/** Encrypts holds for health_codes.holds_cipher. */
export function sealHolds(cipher: FieldCipher, holds: Hold[]): string {
  return cipher.encrypt(JSON.stringify(holds))!;
}

function openArray<T>(cipher: FieldCipher, token: string | null, legacy: T[] | null, what: string): T[] {
  // A row not yet sealed at start (written before the ciphertext columns) still has its clear value.
  if (token === null) return legacy ?? [];
  const value = JSON.parse(cipher.decrypt(token)!) as unknown;
  if (!Array.isArray(value)) throw new Error(`${what}: the decrypted value is not a list`);
  return value as T[];
}

/** Decrypts reasons (or reads a not-yet-sealed row's clear ones). */
export function openReasons(cipher: FieldCipher, token: string | null, legacy: Reason[] | null): Reason[] {
  return openArray(cipher, token, legacy, 'reasons');
}

/** Decrypts holds (or reads a not-yet-sealed row's clear ones). */
export function openHolds(cipher: FieldCipher, token: string | null, legacy: Hold[] | null): Hold[] {
  return openArray(cipher, token, legacy, 'holds');
}

/**
 * The override that decided a stored code's colour: its sealed column, or — for a code stored before
 * migration 0011 — what its override reason carried (ruleId `override:<id>`, the reason and expiry in
 * its first evidence; the approver was not kept).
 */
export function openOverride(cipher: FieldCipher, token: string | null, reasons: Reason[]): OverrideFact | null {
  if (token !== null) return JSON.parse(cipher.decrypt(token)!) as OverrideFact;
  const stored = reasons.find((r) => r.state === 'override');
  if (!stored) return null;
  const evidence = stored.evidence[0];
  return {
    id: stored.ruleId.replace(/^override:/, ''),
    colour: stored.colour,
    reason: String(evidence?.source ?? ''),
    expiresAt: String(evidence?.value ?? ''),
    approvedBy: null,
  };
}

/** The stored columns of a code's reasons, holds and deciding override (the clear ones of before are emptied). */
export function sealedCodeColumns(cipher: FieldCipher, state: { reasons: Reason[]; holds: Hold[]; override: OverrideFact | null }) {
  return {
    reasonCodes: reasonCodesOf(state.reasons),
    reasonsCipher: sealReasons(cipher, state.reasons),
    holdsCipher: sealHolds(cipher, state.holds),
    overrideCipher: state.override ? cipher.encrypt(JSON.stringify(state.override))! : null,
    legacyReasons: null,
    legacyHolds: null,
  };
}

/** The stored columns of an event's reasons. */
export function sealedEventColumns(cipher: FieldCipher, reasons: Reason[]) {
  return { reasonCodes: reasonCodesOf(reasons), reasonsCipher: sealReasons(cipher, reasons) };
}

/** A code row with its reasons, holds and deciding override opened. */
export type OpenCode = Omit<repo.CodeRow, 'reasonsCipher' | 'holdsCipher' | 'overrideCipher' | 'legacyReasons' | 'legacyHolds'> & {
  reasons: Reason[];
  holds: Hold[];
  override: OverrideFact | null;
};

/** An event row with its reasons opened. */
export type OpenEvent = Omit<repo.EventRow, 'reasonsCipher' | 'legacyReasons'> & { reasons: Reason[] };

/** Opens a stored code (reasons, holds and deciding override). */
export function openCode(cipher: FieldCipher, row: repo.CodeRow): OpenCode {
  const { reasonsCipher, holdsCipher, overrideCipher, legacyReasons, legacyHolds, ...rest } = row;
  const reasons = openReasons(cipher, reasonsCipher, legacyReasons);
  return { ...rest, reasons, holds: openHolds(cipher, holdsCipher, legacyHolds), override: openOverride(cipher, overrideCipher, reasons) };
}

/** A code row just stored, with the reasons, holds and override it was stored with (nothing to decrypt). */
export function withOpened(row: repo.CodeRow, state: { reasons: Reason[]; holds: Hold[]; override: OverrideFact | null }): OpenCode {
  const { reasonsCipher: _r, holdsCipher: _h, overrideCipher: _o, legacyReasons: _lr, legacyHolds: _lh, ...rest } = row;
  return { ...rest, reasons: state.reasons, holds: state.holds, override: state.override };
}

/** The holds of a stored code only (recomputation needs no reasons). */
export function holdsOf(cipher: FieldCipher, row: repo.CodeRow): Hold[] {
  return openHolds(cipher, row.holdsCipher, row.legacyHolds);
}

/** Opens a stored event. */
export function openEvent(cipher: FieldCipher, row: repo.EventRow): OpenEvent {
  const { reasonsCipher, legacyReasons, ...rest } = row;
  return { ...rest, reasons: openReasons(cipher, reasonsCipher, legacyReasons) };
}

/**
 * Seals the rows written before the ciphertext columns existed: their clear reasons (and a code's
 * holds) become ciphertexts and the clear columns null, in batches by key. Run at start by the
 * health-code module; idempotent and safe with several instances (a row is only updated while it still
 * has clear reasons; a recomputation meanwhile writes the sealed form itself). Returns the rows sealed.
 */
export async function sealLegacyReasons(db: Db, cipher: FieldCipher, batchSize = 500): Promise<{ codes: number; events: number }> {
  let codes = 0;
  for (let after: string | null = null; ; ) {
    const page = await repo.findLegacyCodeReasons(db, after, batchSize);
    if (page.length === 0) break;
    codes += await repo.sealLegacyCodeReasons(
      db,
      page.map((r) => ({ citizenId: r.citizenId, reasonsCipher: sealReasons(cipher, r.reasons), holdsCipher: sealHolds(cipher, r.holds ?? []) })),
    );
    after = page[page.length - 1].citizenId;
    if (page.length < batchSize) break;
  }
  let events = 0;
  for (let after: number | null = null; ; ) {
    const page = await repo.findLegacyEventReasons(db, after, batchSize);
    if (page.length === 0) break;
    events += await repo.sealLegacyEventReasons(db, page.map((r) => ({ id: r.id, reasonsCipher: sealReasons(cipher, r.reasons) })));
    after = page[page.length - 1].id;
    if (page.length < batchSize) break;
  }
  return { codes, events };
}
