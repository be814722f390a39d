import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DOCUMENT_TYPES, PROVINCE_CODES, checkCharacterOf, checkDocumentNumber, checkResidentId, computeCheckCharacter, isRealPastDate,
  normaliseDocumentNumber, realPastDate, validateDocument, type DocumentType,
} from './id-documents.ts';

// 12:00 in China on 2026-11-23, whatever the machine's time zone.
const TODAY = new Date('2026-11-23T04:00:00Z');


/** Builds a valid resident ID from its parts (what the property test generates). */
function residentId(division: string, birth: string, sequence: number): string {
  const first17 = `${division}${birth}${String(sequence).padStart(3, '0')}`;
  return first17 + checkCharacterOf(first17);
}

describe('validateDocument — resident ID (GB 11643)', () => {
  it('accepts the standard example and derives birth date, sex and division', () => {
    expect(validateDocument('resident_id', '11010519491231002X', TODAY)).toEqual({
      ok: true, type: 'resident_id', number: '11010519491231002X', birthDate: '1949-12-31', sex: 'female', divisionCode: '110105',
    });
    const male = residentId('510603', '19900101', 123);
    expect(validateDocument('resident_id', male, TODAY)).toMatchObject({ ok: true, sex: 'male', birthDate: '1990-01-01' });
  });

  it('normalises a lower-case x and spaces', () => {
    expect(validateDocument('resident_id', ' 110105 19491231 002x ', TODAY)).toMatchObject({ ok: true, number: '11010519491231002X' });
  });

  it('refuses a wrong check character', () => {
    expect(validateDocument('resident_id', '110105194912310021', TODAY)).toEqual({ ok: false, problem: 'check_character' });
  });

  it('refuses impossible and future birth dates even with a correct check character', () => {
    for (const birth of ['19900230', '19000229', '20230229', '19901301', '19900100', '18991231', '20261124', '20300101']) {
      expect(validateDocument('resident_id', residentId('510603', birth, 1), TODAY), birth).toEqual({ ok: false, problem: 'birth_date' });
    }
    // Leap days and today itself are real.
    expect(validateDocument('resident_id', residentId('510603', '20000229', 1), TODAY).ok).toBe(true);
    expect(validateDocument('resident_id', residentId('510603', '20261123', 1), TODAY).ok).toBe(true);
  });

  it('refuses an unknown province prefix', () => {
    for (const prefix of ['00', '10', '20', '39', '55', '66', '70', '80', '90', '99']) {
      expect(validateDocument('resident_id', residentId(`${prefix}0101`, '19900101', 1), TODAY), prefix).toEqual({ ok: false, problem: 'division' });
    }
    for (const prefix of ['11', '51', '65', '71', '81', '82']) {
      expect(validateDocument('resident_id', residentId(`${prefix}0101`, '19900101', 1), TODAY).ok, prefix).toBe(true);
    }
  });

  it('refuses wrong shapes', () => {
    for (const bad of ['', '51060319900101123', '5106031990010112345', '51060319900101123Y', 'X10603199001011234', '510603 1990 0101 12 3']) {
      expect(validateDocument('resident_id', bad, TODAY), bad).toMatchObject({ ok: false });
    }
    expect(validateDocument('resident_id', '510603900101123', TODAY)).toEqual({ ok: false, problem: 'format' }); // 15-digit first generation
  });

  it('property: every generated valid number passes; changing any one character makes it fail', () => {
    const divisions = ['110105', '510603', '510681', '650102', '440305', '810000'];
    const birth = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2026-11-22T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10).replace(/-/g, ''));
    fc.assert(
      fc.property(fc.constantFrom(...divisions), birth, fc.integer({ min: 0, max: 999 }), fc.nat(17), fc.nat(10), (division, b, seq, pos, delta) => {
        const id = residentId(division, b, seq);
        const verdict = validateDocument('resident_id', id, TODAY);
        expect(verdict).toMatchObject({ ok: true, birthDate: `${b.slice(0, 4)}-${b.slice(4, 6)}-${b.slice(6)}`, sex: seq % 2 === 1 ? 'male' : 'female' });
        // MOD 11-2 detects every single-character substitution.
        const alphabet = pos === 17 ? '0123456789X' : '0123456789';
        const current = alphabet.indexOf(id[pos]);
        const replacement = alphabet[(current + 1 + (delta % (alphabet.length - 1))) % alphabet.length];
        const flipped = id.slice(0, pos) + replacement + id.slice(pos + 1);
        expect(flipped).not.toBe(id);
        expect(validateDocument('resident_id', flipped, TODAY).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: swapping two different adjacent digits is detected', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 15 }), (seq, pos) => {
        const id = residentId('510603', '19851017', seq);
        fc.pre(id[pos] !== id[pos + 1]);
        const swapped = id.slice(0, pos) + id[pos + 1] + id[pos] + id.slice(pos + 2);
        expect(validateDocument('resident_id', swapped, TODAY).ok).toBe(false);
      }),
    );
  });
});

describe('realPastDate', () => {
  it('handles month lengths and the China calendar day', () => {
    expect(realPastDate('19900228', TODAY)).toBe('1990-02-28');
    expect(realPastDate('19900229', TODAY)).toBeNull();
    expect(realPastDate('19960229', TODAY)).toBe('1996-02-29');
    expect(realPastDate('19900431', TODAY)).toBeNull();
    expect(realPastDate('1990011', TODAY)).toBeNull();
    // 2026-11-23 20:00 UTC is already 2026-11-24 in China.
    expect(realPastDate('20261124', new Date('2026-11-23T20:00:00Z'))).toBe('2026-11-24');
    expect(realPastDate('20261124', new Date('2026-11-23T10:00:00Z'))).toBeNull();
  });
});

describe('validateDocument — other documents', () => {
  const cases: [DocumentType, string, boolean][] = [
    ['passport', 'E12345678', true],
    ['passport', 'G12345678', true],
    ['passport', 'EA1234567', true],
    ['passport', 'e12345678', true],
    ['passport', 'AB1234567', true],
    ['passport', 'X1234567', true],
    ['passport', '123456789', true],
    ['passport', 'E1234567890', false],
    ['passport', 'ABC123456', false],
    ['passport', 'E123456', false],
    ['passport', '', false],
    ['passport', 'E1234567!', false],
    ['hk_macao_permit', 'H12345678', true],
    ['hk_macao_permit', 'M12345678', true],
    ['hk_macao_permit', 'H1234567890', true],
    ['hk_macao_permit', 'h12345678', true],
    ['hk_macao_permit', 'C12345678', false],
    ['hk_macao_permit', 'H1234567', false],
    ['hk_macao_permit', 'H123456789', false],
    ['hk_macao_permit', '12345678', false],
    ['taiwan_permit', '12345678', true],
    ['taiwan_permit', '1234567890', true],
    ['taiwan_permit', '1234567', false],
    ['taiwan_permit', '123456789', false],
    ['taiwan_permit', 'T1234567', false],
    ['foreign_permanent_residence', 'USA519001010112', true],
    ['foreign_permanent_residence', 'usa519001010112', true],
    ['foreign_permanent_residence', 'US5106900101123', false],
    ['foreign_permanent_residence', 'USA009001010112', false],
    ['foreign_permanent_residence', 'USA511302300112', false],
    ['foreign_permanent_residence', 'USA51900101011', false],
    ['foreign_permanent_residence', '123456789012345678', false],
    ['foreign_permanent_residence', '', false],
  ];
  it.each(cases)('%s %s → %s', (type, number, ok) => {
    expect(validateDocument(type, number, TODAY).ok).toBe(ok);
  });

  it('checks the 2023 permanent residence card like a resident ID, with the province in positions 2–3', () => {
    const first17 = '951840' + '19850612' + '003';
    const card = first17 + checkCharacterOf(first17);
    expect(validateDocument('foreign_permanent_residence', card, TODAY)).toEqual({
      ok: true, type: 'foreign_permanent_residence', number: card, birthDate: '1985-06-12', sex: 'male', divisionCode: null,
    });
    const wrongCheck = first17 + (card[17] === '0' ? '1' : '0');
    expect(validateDocument('foreign_permanent_residence', wrongCheck, TODAY)).toEqual({ ok: false, problem: 'check_character' });
    const badProvince = '900840198506120031';
    expect(validateDocument('foreign_permanent_residence', badProvince, TODAY)).toEqual({ ok: false, problem: 'division' });
    const badDate = '951840' + '19850230' + '003';
    expect(validateDocument('foreign_permanent_residence', badDate + checkCharacterOf(badDate), TODAY)).toEqual({ ok: false, problem: 'birth_date' });
  });

  it('refuses an unknown document type', () => {
    expect(validateDocument('driving_licence' as DocumentType, '12345678', TODAY)).toEqual({ ok: false, problem: 'format' });
  });
});

// Cases written for the web forms (checkResidentId / checkDocumentNumber).


// A real calendar date between 1900 and TODAY as YYYYMMDD.
const pastDate = fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2026, 10, 23)), noInvalidDate: true }).map((d) =>
  `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`,
);
const division = fc.constantFrom('510603', '510623', '110105', '440305', '810000', '650102');
const sequence = fc.integer({ min: 0, max: 999 }).map((n) => String(n).padStart(3, '0'));
const validId = fc.tuple(division, pastDate, sequence).map(([d, b, s]) => d + b + s + computeCheckCharacter(d + b + s));

describe('checkResidentId (GB 11643-1999)', () => {
  it('accepts the published example 11010519491231002X and reads birth date and sex', () => {
    expect(checkResidentId('11010519491231002X', TODAY)).toEqual({
      ok: true,
      normalized: '11010519491231002X',
      divisionCode: '110105',
      birthDate: '1949-12-31',
      sex: 'female',
    });
  });

  it('accepts a lower-case x, spaces and full-width digits, normalising them', () => {
    expect(checkDocumentNumber('resident_id', '１１０１０５ 1949 1231 002x', TODAY)).toEqual({ ok: true, normalized: '11010519491231002X' });
    const result = checkResidentId(' 11010519491231002x ', TODAY);
    expect(result.ok && result.normalized).toBe('11010519491231002X');
  });

  it('accepts every number built with the MOD 11-2 check character', () => {
    fc.assert(fc.property(validId, (id) => checkResidentId(id, TODAY).ok === true));
  });

  it('refuses every other check character', () => {
    fc.assert(
      fc.property(validId, fc.constantFrom(...'0123456789X'), (id, other) => {
        fc.pre(other !== id[17]);
        const result = checkResidentId(id.slice(0, 17) + other, TODAY);
        return !result.ok && result.problem === 'check_character';
      }),
    );
  });

  it('reads the sex from the parity of the 17th digit', () => {
    fc.assert(
      fc.property(validId, (id) => {
        const result = checkResidentId(id, TODAY);
        return result.ok && result.sex === (Number(id[16]) % 2 === 1 ? 'male' : 'female');
      }),
    );
  });

  it('refuses impossible and future birth dates even with a correct check character', () => {
    for (const birth of ['19900230', '19000229', '20261124', '18991231', '19901301', '19900100']) {
      const body = `510603${birth}123`;
      expect(checkResidentId(body + computeCheckCharacter(body), TODAY)).toEqual({ ok: false, problem: 'birth_date' });
    }
    const leap = '51060320000229123';
    expect(checkResidentId(leap + computeCheckCharacter(leap), TODAY).ok).toBe(true);
  });

  it('refuses wrong lengths, letters and unknown province prefixes', () => {
    expect(checkResidentId('', TODAY)).toEqual({ ok: false, problem: 'empty' });
    expect(checkResidentId('51060319900101123', TODAY)).toEqual({ ok: false, problem: 'format' });
    expect(checkResidentId('5106031990010112345', TODAY)).toEqual({ ok: false, problem: 'format' });
    expect(checkResidentId('51060319900101A234', TODAY)).toEqual({ ok: false, problem: 'format' });
    const body = '99060319900101123';
    expect(checkResidentId(body + computeCheckCharacter(body), TODAY)).toEqual({ ok: false, problem: 'division' });
  });
});

describe('isRealPastDate', () => {
  it('agrees with the calendar on every day of 1900–2026', () => {
    fc.assert(fc.property(pastDate, (d) => isRealPastDate(d, TODAY)));
  });
  it('refuses day 31 of 30-day months', () => {
    for (const m of ['04', '06', '09', '11']) expect(isRealPastDate(`2001${m}31`, TODAY)).toBe(false);
  });
});

describe('checkDocumentNumber', () => {
  it('checks each document type by its own format', () => {
    expect(checkDocumentNumber('passport', 'e12345678', TODAY)).toEqual({ ok: true, normalized: 'E12345678' });
    expect(checkDocumentNumber('passport', 'EA1234567', TODAY).ok).toBe(true);
    expect(checkDocumentNumber('passport', '123456789', TODAY).ok).toBe(true);
    expect(checkDocumentNumber('passport', 'E1234', TODAY)).toEqual({ ok: false, problem: 'format' });
    expect(checkDocumentNumber('passport', 'E12-34567', TODAY)).toEqual({ ok: false, problem: 'format' });
    expect(checkDocumentNumber('hk_macao_permit', 'H12345678', TODAY).ok).toBe(true);
    expect(checkDocumentNumber('hk_macao_permit', 'M1234567890', TODAY).ok).toBe(true);
    expect(checkDocumentNumber('hk_macao_permit', 'X12345678', TODAY)).toEqual({ ok: false, problem: 'format' });
    expect(checkDocumentNumber('taiwan_permit', '12345678', TODAY).ok).toBe(true);
    expect(checkDocumentNumber('taiwan_permit', '1234567', TODAY)).toEqual({ ok: false, problem: 'format' });
    expect(checkDocumentNumber('foreign_permanent_residence', 'USA519001011234', TODAY).ok).toBe(true);
    expect(checkDocumentNumber('foreign_permanent_residence', 'USA519013011234', TODAY)).toEqual({ ok: false, problem: 'birth_date' });
    expect(checkDocumentNumber('foreign_permanent_residence', 'USA999001011234', TODAY)).toEqual({ ok: false, problem: 'division' });
    expect(checkDocumentNumber('passport', '   ', TODAY)).toEqual({ ok: false, problem: 'empty' });
  });

  it('verifies the check character of the 2017 permanent-residence card', () => {
    const body = '93310019800101123';
    const good = body + computeCheckCharacter(body);
    expect(checkDocumentNumber('foreign_permanent_residence', good, TODAY).ok).toBe(true);
    const bad = body + (good[17] === '0' ? '1' : '0');
    expect(checkDocumentNumber('foreign_permanent_residence', bad, TODAY)).toEqual({ ok: false, problem: 'check_character' });
  });

  it('delegates resident IDs to the GB 11643 check', () => {
    expect(checkDocumentNumber('resident_id', '11010519491231002X', TODAY)).toEqual({ ok: true, normalized: '11010519491231002X' });
    expect(checkDocumentNumber('resident_id', '110105194912310021', TODAY)).toEqual({ ok: false, problem: 'check_character' });
  });
});

describe('one implementation for server and web', () => {
  it('embeds the 34 GB/T 2260 province-level codes', () => {
    expect(PROVINCE_CODES.size).toBe(34);
    for (const code of ['11', '51', '65', '71', '81', '82']) expect(PROVINCE_CODES.has(code), code).toBe(true);
    for (const code of ['10', '39', '66', '83', '90']) expect(PROVINCE_CODES.has(code), code).toBe(false);
  });

  it('checks the province against the set it is given', () => {
    const id = residentId('510603', '19900101', 1);
    expect(validateDocument('resident_id', id, TODAY, new Set(['11'])).ok).toBe(false);
    expect(validateDocument('resident_id', id, TODAY, new Set(['11']))).toEqual({ ok: false, problem: 'division' });
    expect(checkResidentId(id, TODAY, new Map([['51', '四川省']])).ok).toBe(true);
    expect(checkDocumentNumber('foreign_permanent_residence', 'USA519001010112', TODAY, new Set(['11']))).toEqual({ ok: false, problem: 'division' });
  });

  it('calls an empty or blank number empty, for every type', () => {
    for (const type of DOCUMENT_TYPES) {
      expect(validateDocument(type, ' \u3000 ', TODAY), type).toEqual({ ok: false, problem: 'empty' });
      expect(checkDocumentNumber(type, '', TODAY), type).toEqual({ ok: false, problem: 'empty' });
    }
  });

  it('folds full-width characters and spaces', () => {
    expect(normaliseDocumentNumber(' ｅ１２３ ４５６７８ ')).toBe('E12345678');
  });

  it('property: the form checks give exactly the verdict of validateDocument', () => {
    const anyNumber = fc.oneof(
      validId,
      fc.stringMatching(/^[A-Za-z0-9 ]{0,20}$/),
      fc.tuple(fc.constantFrom('9', 'USA'), fc.stringMatching(/^\d{12,17}[\dX]?$/)).map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(fc.constantFrom(...DOCUMENT_TYPES), anyNumber, (type: DocumentType, value) => {
        const verdict = validateDocument(type, value, TODAY);
        const form = checkDocumentNumber(type, value, TODAY);
        expect(form).toEqual(verdict.ok ? { ok: true, normalized: verdict.number } : verdict);
        if (type === 'resident_id') {
          const resident = checkResidentId(value, TODAY);
          expect(resident.ok).toBe(verdict.ok);
          if (resident.ok && verdict.ok) expect([resident.birthDate, resident.sex, resident.divisionCode]).toEqual([verdict.birthDate, verdict.sex, verdict.divisionCode]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('isRealPastDate agrees with realPastDate', () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{8}$/), (d) => isRealPastDate(d, TODAY) === (realPastDate(d, TODAY) !== null)));
  });
});
