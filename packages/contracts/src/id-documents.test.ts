import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkDocumentNumber, checkResidentId, computeCheckCharacter, isRealPastDate } from './id-documents.ts';

const TODAY = new Date(2026, 10, 23);

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
