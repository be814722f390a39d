import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkCharacterOf, realPastDate, validateDocument, type DocumentType } from './documents.ts';

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
