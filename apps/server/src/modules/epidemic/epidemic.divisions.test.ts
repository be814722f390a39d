import { describe, expect, it } from 'vitest';
import { divisionAncestors, divisionPrefix } from './epidemic.divisions.ts';

describe('GB/T 2260 prefixes', () => {
  it('gives the significant prefix of each level', () => {
    expect(divisionPrefix('510000')).toBe('51');
    expect(divisionPrefix('510600')).toBe('5106');
    expect(divisionPrefix('510603')).toBe('510603');
    expect(divisionPrefix('')).toBe('');
  });

  it('lists a division and every level above it as stored codes', () => {
    expect(divisionAncestors('510603')).toEqual(['510000', '510600', '510603']);
    expect(divisionAncestors('510603001')).toEqual(['510000', '510600', '510603', '510603001']);
    expect(divisionAncestors('110101')).toEqual(['110000', '110100', '110101']);
  });
});
