import { describe, expect, it } from 'vitest';
import { divisionFullName, divisionName } from './divisions.ts';

const province = { code: '510000', name: '四川省', nameEn: 'Sichuan Province', level: 'province' as const };
const city = { code: '510600', name: '德阳市', nameEn: 'Deyang City', level: 'city' as const };
const county = { code: '510603', name: '旌阳区', nameEn: 'Jingyang District', level: 'county' as const };

describe('divisionFullName', () => {
  it('joins the path from the province down, naming the division once', () => {
    expect(divisionFullName({ ...county, path: [province, city, county] })).toBe('四川省 德阳市 旌阳区');
    expect(divisionFullName({ ...county, path: [province, city] })).toBe('四川省 德阳市 旌阳区');
    expect(divisionFullName({ ...province, path: [province] })).toBe('四川省');
  });

  it('outside Chinese, gives the English names from the division up, as English addresses go', () => {
    expect(divisionFullName({ ...county, path: [province, city, county] }, 'en')).toBe('Jingyang District, Deyang City, Sichuan Province');
    expect(divisionFullName({ ...county, path: [province, city] }, 'en')).toBe('Jingyang District, Deyang City, Sichuan Province');
    expect(divisionFullName({ ...province, path: [province] }, 'en')).toBe('Sichuan Province');
    expect(divisionFullName({ ...county, path: [province, county] }, 'zh-CN')).toBe('四川省 旌阳区');
  });
});

describe('divisionName', () => {
  it('is the Chinese name in Chinese and the English name otherwise', () => {
    expect(divisionName(county, 'zh-CN')).toBe('旌阳区');
    expect(divisionName(county, 'en')).toBe('Jingyang District');
    // A division cached before the server sent English names keeps its Chinese one.
    expect(divisionName({ name: '旌阳区', nameEn: '' }, 'en')).toBe('旌阳区');
  });
});
