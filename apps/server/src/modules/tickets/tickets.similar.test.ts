import { describe, expect, it } from 'vitest';
import { distanceM, rank, similarity, tokens } from './tickets.similar.ts';

describe('duplicate suggestions (jieba tokens + place)', () => {
  it('tokenises Chinese text into words without punctuation and stop words', () => {
    const t = tokens('小区门口核酸检测点上午无人值守，请及时处理！');
    expect([...t]).toEqual(expect.arrayContaining(['小区', '门口', '核酸', '检测点', '无人', '值守']));
    expect(t.has('，')).toBe(false);
    expect(t.has('及时')).toBe(false);
  });

  it('scores similar wording higher than different wording', () => {
    const a = tokens('长江东路核酸检测点排队无人维持秩序');
    expect(similarity(a, tokens('长江东路检测点排队两小时无人维持秩序'))).toBeGreaterThan(0.4);
    expect(similarity(a, tokens('建议公交车增加消毒频次'))).toBe(0);
  });

  it('measures distance on the sphere', () => {
    expect(distanceM(31.13, 104.39, 31.13, 104.39)).toBe(0);
    expect(Math.round(distanceM(31.13, 104.39, 31.14, 104.39))).toBeGreaterThan(1100);
  });

  it('ranks near and similar tickets first; drops far ones and unrelated ones', () => {
    const draft = { text: '长江东路核酸检测点排队无人维持秩序', lat: 31.13, long: 104.39, regionCode: '510603', address: '长江东路' };
    const c = (id: string, text: string, lat: number | null, long: number | null) => ({ id, text, lat, long, regionCode: '510603', address: null });
    const ranked = rank(draft, [
      c('far', '长江东路核酸检测点排队无人维持秩序', 31.2, 104.39),
      c('near-same', '长江东路检测点排队无人维持秩序，老人站着', 31.1301, 104.3901),
      c('near-other', '建议公交车增加消毒频次', 31.1301, 104.3901),
      c('no-coords', '长江东路核酸点排队秩序混乱', null, null),
    ]);
    expect(ranked.map((r) => r.candidate.id)).toEqual(['near-same', 'no-coords']);
    expect(ranked[0].distanceM).toBeLessThan(20);
  });
});
