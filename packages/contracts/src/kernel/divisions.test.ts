import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { divisionAncestors, divisionContains, divisionLevel, divisionParent, divisionPrefix, isCountyLevel, isDivisionCode } from './divisions.ts';

describe('division codes (GB/T 2260)', () => {
  it('accepts 6-, 9- and 12-digit codes only', () => {
    for (const code of ['510000', '510600', '510603', '510603001', '510603001002']) expect(isDivisionCode(code), code).toBe(true);
    for (const code of ['', '51', '5106', '51060', '5106030', '5106030010', '51060300100', '5106030010021', '51060a', ' 510603', null, undefined]) {
      expect(isDivisionCode(code), String(code)).toBe(false);
    }
  });

  it('gives the significant prefix of each level', () => {
    expect(divisionPrefix('510000')).toBe('51');
    expect(divisionPrefix('510600')).toBe('5106');
    expect(divisionPrefix('510603')).toBe('510603');
    expect(divisionPrefix('110100')).toBe('1101');
    expect(divisionPrefix('510603001')).toBe('510603001');
    expect(divisionPrefix('510603001002')).toBe('510603001002');
    // Town and village parts are never zero, so only the 6-digit levels have a shorter prefix.
    expect(divisionPrefix('510603000000')).toBe('510603');
    expect(divisionPrefix('')).toBe('');
  });

  it('names the level of a code', () => {
    expect(divisionLevel('510000')).toBe('province');
    expect(divisionLevel('510600')).toBe('city');
    expect(divisionLevel('510603')).toBe('county');
    expect(divisionLevel('510603001')).toBe('town');
    expect(divisionLevel('510603001002')).toBe('village');
    expect(() => divisionLevel('5106')).toThrow(RangeError);
    expect(() => divisionLevel('')).toThrow(RangeError);
  });

  it('goes one level up, ending at the province', () => {
    expect(divisionParent('510603001002')).toBe('510603001');
    expect(divisionParent('510603001')).toBe('510603');
    expect(divisionParent('510603')).toBe('510600');
    expect(divisionParent('510600')).toBe('510000');
    expect(divisionParent('110101')).toBe('110100');
    expect(divisionParent('510000')).toBeNull();
    expect(() => divisionParent('51060')).toThrow(RangeError);
  });

  it('lists a division and every level above it as stored codes', () => {
    expect(divisionAncestors('510603')).toEqual(['510000', '510600', '510603']);
    expect(divisionAncestors('510603001')).toEqual(['510000', '510600', '510603', '510603001']);
    expect(divisionAncestors('510603001002')).toEqual(['510000', '510600', '510603', '510603001', '510603001002']);
    expect(divisionAncestors('110101')).toEqual(['110000', '110100', '110101']);
    expect(divisionAncestors('510600')).toEqual(['510000', '510600']);
    expect(divisionAncestors('510000')).toEqual(['510000']);
  });

  it('ancestors are the parent chain, top first', () => {
    const code = fc.tuple(fc.integer({ min: 11, max: 65 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.constantFrom('', '001', '001002'));
    fc.assert(
      fc.property(code, ([p, c, d, rest]) => {
        const pad = (n: number) => String(n).padStart(2, '0');
        const full = `${p}${pad(c)}${d === 0 && rest ? '01' : pad(d)}${rest}`;
        const chain: string[] = [];
        for (let up: string | null = full; up; up = divisionParent(up)) chain.unshift(up);
        expect(divisionAncestors(full)).toEqual(chain);
      }),
    );
  });

  it('decides containment by prefix, the empty scope being the whole country', () => {
    expect(divisionContains('510600', '510603')).toBe(true);
    expect(divisionContains('510600', '510600')).toBe(true);
    expect(divisionContains('510000', '510603')).toBe(true);
    expect(divisionContains('510603', '510603001')).toBe(true);
    expect(divisionContains('510603', '510603001002')).toBe(true);
    expect(divisionContains('510603001', '510603001002')).toBe(true);
    expect(divisionContains('510603001', '510603002001')).toBe(false);
    expect(divisionContains('510603', '510604')).toBe(false);
    expect(divisionContains('510603', '510600')).toBe(false);
    expect(divisionContains('510600', '510100')).toBe(false);
    expect(divisionContains('510000', '520000')).toBe(false);
    expect(divisionContains('510600', '')).toBe(false);
    expect(divisionContains('510600', null)).toBe(false);
    expect(divisionContains('', '110105')).toBe(true);
    expect(divisionContains(null, '110105')).toBe(true);
    expect(divisionContains(undefined, null)).toBe(true);
  });

  it('a division contains exactly the codes starting with its prefix', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{6}$/), fc.stringMatching(/^\d{6}(\d{3}){0,2}$/), (outer, inner) => {
        expect(divisionContains(outer, inner)).toBe(inner.startsWith(divisionPrefix(outer)));
        expect(divisionContains(outer, outer)).toBe(true);
      }),
    );
  });

  it('tells county level and finer from cities and provinces', () => {
    expect(isCountyLevel('510603')).toBe(true);
    expect(isCountyLevel('510603001')).toBe(true);
    expect(isCountyLevel('510603001002')).toBe(true);
    expect(isCountyLevel('510600')).toBe(false);
    expect(isCountyLevel('510000')).toBe(false);
    expect(isCountyLevel('5106')).toBe(false);
    expect(isCountyLevel('')).toBe(false);
  });
});
