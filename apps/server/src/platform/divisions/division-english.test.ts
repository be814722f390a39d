import { describe, expect, it } from 'vitest';
import { childDivisions } from './index.ts';
import { divisionEnglishName, pinyinWord, withEnglishName } from './division-english.ts';

/** Every division of the data, provinces first. */
function allDivisions() {
  const out: ReturnType<typeof childDivisions> = [];
  const walk = (parent: string) => {
    for (const d of childDivisions(parent)) {
      out.push(d);
      if (d.level !== 'county') walk(d.code);
    }
  };
  walk('');
  return out;
}

describe('English names of divisions (pinyin, generic part translated)', () => {
  it('names Deyang and its province and counties', () => {
    expect(divisionEnglishName('四川省', 'province')).toBe('Sichuan Province');
    expect(divisionEnglishName('德阳市', 'city')).toBe('Deyang City');
    expect(divisionEnglishName('旌阳区', 'county')).toBe('Jingyang District');
    expect(divisionEnglishName('广汉市', 'county')).toBe('Guanghan City');
    expect(divisionEnglishName('中江县', 'county')).toBe('Zhongjiang County');
  });

  it('reads polyphonic characters as the place is called and marks syllable boundaries', () => {
    expect(divisionEnglishName('重庆市', 'province')).toBe('Chongqing Municipality');
    expect(divisionEnglishName('蚌埠市', 'city')).toBe('Bengbu City');
    expect(divisionEnglishName('番禺区', 'county')).toBe('Panyu District');
    expect(divisionEnglishName('六安市', 'city')).toBe("Lu'an City");
    expect(pinyinWord('西安')).toBe("Xi'an");
    expect(divisionEnglishName('吕梁市', 'city')).toBe('Lüliang City');
    // Local readings the word dictionary gets wrong (PLACE_READINGS).
    expect(divisionEnglishName('什邡市', 'county')).toBe('Shifang City');
    expect(divisionEnglishName('单县', 'county')).toBe('Shanxian County');
    expect(divisionEnglishName('洪洞县', 'county')).toBe('Hongtong County');
    expect(divisionEnglishName('郫都区', 'county')).toBe('Pidu District');
    expect(divisionEnglishName('乐清市', 'county')).toBe('Yueqing City');
  });

  it('keeps the generic of a one-character name and translates each level', () => {
    expect(divisionEnglishName('沛县', 'county')).toBe('Peixian County');
    expect(divisionEnglishName('城区', 'county')).toBe('Chengqu District');
    expect(divisionEnglishName('北京市', 'province')).toBe('Beijing Municipality');
    expect(divisionEnglishName('阿拉善盟', 'city')).toBe('Alashan League');
    expect(divisionEnglishName('阿勒泰地区', 'city')).toBe('Aletai Prefecture');
    expect(divisionEnglishName('神农架林区', 'county')).toBe('Shennongjia Forestry District');
    expect(divisionEnglishName('市辖区', 'city')).toBe('City Districts');
  });

  it('names autonomous areas with their ethnic groups in English', () => {
    expect(divisionEnglishName('凉山彝族自治州', 'city')).toBe('Liangshan Yi Autonomous Prefecture');
    expect(divisionEnglishName('阿坝藏族羌族自治州', 'city')).toBe('Aba Tibetan and Qiang Autonomous Prefecture');
    expect(divisionEnglishName('双江拉祜族佤族布朗族傣族自治县', 'county')).toBe('Shuangjiang Lahu, Va, Blang and Dai Autonomous County');
    expect(divisionEnglishName('鄂温克族自治旗', 'county')).toBe('Ewenki Autonomous Banner');
    expect(divisionEnglishName('东乡族自治县', 'county')).toBe('Dongxiang Autonomous County');
  });

  it('uses the official English names that are not pinyin', () => {
    expect(divisionEnglishName('内蒙古自治区', 'province')).toBe('Inner Mongolia Autonomous Region');
    expect(divisionEnglishName('西藏自治区', 'province')).toBe('Tibet Autonomous Region');
    expect(divisionEnglishName('陕西省', 'province')).toBe('Shaanxi Province');
    expect(divisionEnglishName('山西省', 'province')).toBe('Shanxi Province');
    expect(divisionEnglishName('香港特别行政区', 'province')).toBe('Hong Kong Special Administrative Region');
    expect(divisionEnglishName('新疆维吾尔自治区', 'province')).toBe('Xinjiang Uygur Autonomous Region');
  });

  it('gives every division of the data a Latin name, distinct among its siblings', () => {
    const all = allDivisions();
    expect(all.length).toBeGreaterThan(3000);
    for (const d of all) expect(withEnglishName(d).nameEn, d.name).toMatch(/^[A-Z][A-Za-zü' ,-]+$/);
    for (const parent of ['', '510000', '510600', '110000']) {
      const names = childDivisions(parent).map((d) => withEnglishName(d).nameEn);
      expect(new Set(names).size, parent).toBe(names.length);
    }
  });
});
