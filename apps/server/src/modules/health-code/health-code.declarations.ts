import type { FieldCipher } from '../../platform/crypto/field-cipher.ts';
import type { DeclarationRow, CorrectionRow } from './health-code.repository.ts';

/**
 * The health fields of a health declaration. They are sensitive personal data, so the table keeps
 * them only as one FieldCipher ciphertext of this JSON (hc_declarations.health_cipher); they are
 * opened where facts are read and where the citizen reads their own declarations.
 */
export interface HealthFields {
  temperature: number;
  symptoms: string[];
  contactWithCase: boolean;
  underlyingIllness: string | null;
}

/** A declaration with its health fields opened (null for a trip declaration). */
export type OpenDeclaration = Omit<DeclarationRow, 'healthCipher'> & { health: HealthFields | null };

/** Encrypts a health declaration's fields for hc_declarations.health_cipher. */
export function sealHealthFields(cipher: FieldCipher, fields: HealthFields): string {
  return cipher.encrypt(
    JSON.stringify({ temperature: fields.temperature, symptoms: fields.symptoms, contactWithCase: fields.contactWithCase, underlyingIllness: fields.underlyingIllness }),
  );
}

/** Decrypts and checks health_cipher; null when the row has none (a trip declaration). */
export function openHealthFields(cipher: FieldCipher, token: string | null): HealthFields | null {
  if (token === null) return null;
  const v = JSON.parse(cipher.decrypt(token)) as Partial<HealthFields>;
  if (
    typeof v.temperature !== 'number' ||
    !Array.isArray(v.symptoms) ||
    !v.symptoms.every((s) => typeof s === 'string') ||
    typeof v.contactWithCase !== 'boolean' ||
    (v.underlyingIllness !== null && typeof v.underlyingIllness !== 'string')
  ) {
    throw new Error('health fields: the decrypted value has an unexpected shape');
  }
  return { temperature: v.temperature, symptoms: v.symptoms, contactWithCase: v.contactWithCase, underlyingIllness: v.underlyingIllness ?? null };
}

/** A declaration row with its health fields opened. */
export function openDeclaration(cipher: FieldCipher, row: DeclarationRow): OpenDeclaration {
  const { healthCipher, ...rest } = row;
  return { ...rest, health: openHealthFields(cipher, healthCipher) };
}

/** A disputed fact's summary as stored (ciphertext: a declaration's summary names temperature and symptoms). */
export function sealSummary(cipher: FieldCipher, summary: { zh: string; en: string }): string {
  return cipher.encrypt(JSON.stringify({ zh: summary.zh, en: summary.en }));
}

/** What a correction's summary reads when its row predates the encrypted column (a dev database migrated in place). */
const SUMMARY_UNAVAILABLE = { zh: '（摘要不可用）', en: '(summary unavailable)' };

/** A correction row with its fact summary opened. */
export type OpenCorrection = Omit<CorrectionRow, 'factSummaryCipher'> & { factSummary: { zh: string; en: string } };

/** Opens a correction's summary. */
export function openCorrection(cipher: FieldCipher, row: CorrectionRow): OpenCorrection {
  const { factSummaryCipher, ...rest } = row;
  const plain = cipher.decrypt(factSummaryCipher);
  const summary = plain === null ? SUMMARY_UNAVAILABLE : (JSON.parse(plain) as { zh: string; en: string });
  return { ...rest, factSummary: { zh: String(summary.zh), en: String(summary.en) } };
}
