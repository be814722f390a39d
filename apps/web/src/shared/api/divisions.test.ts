import { describe, expect, it } from 'vitest';
import { divisionFullName } from './divisions.ts';

describe('divisionFullName', () => {
  it('joins the path from the province down, naming the division once', () => {
    const province = { code: '510000', name: '四川省', level: 'province' as const };
    const city = { code: '510600', name: '德阳市', level: 'city' as const };
    const county = { code: '510603', name: '旌阳区', level: 'county' as const };
    expect(divisionFullName({ ...county, path: [province, city, county] })).toBe('四川省 德阳市 旌阳区');
    expect(divisionFullName({ ...county, path: [province, city] })).toBe('四川省 德阳市 旌阳区');
    expect(divisionFullName({ ...province, path: [province] })).toBe('四川省');
  });

  it('keeps the Chinese names and adds the code outside Chinese (the data has no English names)', () => {
    const province = { code: '510000', name: '四川省', level: 'province' as const };
    const county = { code: '510603', name: '旌阳区', level: 'county' as const };
    expect(divisionFullName({ ...county, path: [province, county] }, 'en')).toBe('四川省 旌阳区 (510603)');
    expect(divisionFullName({ ...county, path: [province, county] }, 'zh-CN')).toBe('四川省 旌阳区');
  });
});
