/**
 * Identity documents accepted for real-name registration (实名认证) and their format checks.
 * Pure functions shared by the server (authoritative check) and the web (early, friendly check).
 */

import type { IDENTITY_DOCUMENT_TYPES } from './identity.ts';

export type DocumentType = (typeof IDENTITY_DOCUMENT_TYPES)[number];
// The same list as identity.ts, repeated so the web can use these checks without loading TypeBox.
export const DOCUMENT_TYPES: readonly DocumentType[] = ['resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'foreign_permanent_residence'];

/** Why a document number was refused; the web maps each reason to a message. */
export type DocumentProblem = 'empty' | 'format' | 'division' | 'birth_date' | 'check_character';

export type ResidentIdCheck =
  | { ok: true; normalized: string; divisionCode: string; birthDate: string; sex: 'male' | 'female' }
  | { ok: false; problem: DocumentProblem };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';
// GB/T 2260 province-level prefixes (incl. 71 Taiwan, 81 Hong Kong, 82 Macao).
const PROVINCE_PREFIXES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82',
]);

/** The ISO 7064 MOD 11-2 check character of the first 17 digits of an 18-character number. */
export function computeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}

/** True when YYYYMMDD is a real calendar date between 1900-01-01 and `today` (no 1990-02-30). */
export function isRealPastDate(yyyymmdd: string, today: Date = new Date()): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  const todayUtc = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return date.getTime() <= todayUtc;
}

/** Checks a GB 11643-1999 citizen ID number (居民身份证号码) and reads its birth date and sex. */
export function checkResidentId(value: string, today: Date = new Date()): ResidentIdCheck {
  const normalized = normaliseDocumentNumber(value);
  if (normalized === '') return { ok: false, problem: 'empty' };
  if (!/^\d{17}[\dX]$/.test(normalized)) return { ok: false, problem: 'format' };
  if (!PROVINCE_PREFIXES.has(normalized.slice(0, 2))) return { ok: false, problem: 'division' };
  const birth = normalized.slice(6, 14);
  if (!isRealPastDate(birth, today)) return { ok: false, problem: 'birth_date' };
  if (computeCheckCharacter(normalized) !== normalized[17]) return { ok: false, problem: 'check_character' };
  return {
    ok: true,
    normalized,
    divisionCode: normalized.slice(0, 6),
    birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
    sex: Number(normalized[16]) % 2 === 1 ? 'male' : 'female',
  };
}

/** Normalises what people type: spaces dropped, letters upper-cased, full-width characters folded. */
export function normaliseDocumentNumber(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/**
 * Checks a document number of any accepted type; returns the normalised number or the problem.
 * Mirrors the server's authoritative check (apps/server/src/platform/identity/documents.ts).
 */
export function checkDocumentNumber(
  type: DocumentType,
  value: string,
  today: Date = new Date(),
): { ok: true; normalized: string } | { ok: false; problem: DocumentProblem } {
  const normalized = normaliseDocumentNumber(value);
  if (normalized === '') return { ok: false, problem: 'empty' };
  const format = (ok: boolean) => (ok ? { ok: true as const, normalized } : { ok: false as const, problem: 'format' as const });
  switch (type) {
    case 'resident_id': {
      const result = checkResidentId(normalized, today);
      return result.ok ? { ok: true, normalized } : result;
    }
    // Chinese E/G + 8 digits or E + letter + 7 digits; foreign passports of 1–2 letters + 7–8 digits, or 9 digits.
    case 'passport':
      return format(/^(?:[A-Z]{1,2}\d{7,8}|\d{9})$/.test(normalized));
    // 港澳居民来往内地通行证: H (Hong Kong) or M (Macao) + 8 digits, older cards + 10 digits.
    case 'hk_macao_permit':
      return format(/^[HM](?:\d{8}|\d{10})$/.test(normalized));
    // 台湾居民来往大陆通行证: 8 digits, older booklets 10 digits.
    case 'taiwan_permit':
      return format(/^(?:\d{8}|\d{10})$/.test(normalized));
    // 外国人永久居留身份证: 2004 card 3 letters + 12 digits; 2023 card 18 characters starting with 9.
    case 'foreign_permanent_residence': {
      if (normalized.length === 18) {
        if (!/^9\d{16}[\dX]$/.test(normalized)) return { ok: false, problem: 'format' };
        if (!PROVINCE_PREFIXES.has(normalized.slice(1, 3))) return { ok: false, problem: 'division' };
        if (!isRealPastDate(normalized.slice(6, 14), today)) return { ok: false, problem: 'birth_date' };
        if (computeCheckCharacter(normalized) !== normalized[17]) return { ok: false, problem: 'check_character' };
        return { ok: true, normalized };
      }
      if (!/^[A-Z]{3}\d{12}$/.test(normalized)) return { ok: false, problem: 'format' };
      if (!PROVINCE_PREFIXES.has(normalized.slice(3, 5))) return { ok: false, problem: 'division' };
      // YYMMDD without the century: a date valid in either century is accepted.
      const yymmdd = normalized.slice(5, 11);
      if (!isRealPastDate(`20${yymmdd}`, today) && !isRealPastDate(`19${yymmdd}`, today)) return { ok: false, problem: 'birth_date' };
      return { ok: true, normalized };
    }
    default:
      return { ok: false, problem: 'format' };
  }
}
