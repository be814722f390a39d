import { describe, expect, it } from 'vitest';
import { renderTemplate, unknownPlaceholders } from './rule-template.ts';

describe('rule explanation preview', () => {
  it('fills every known placeholder with an example in the language asked', () => {
    expect(renderTemplate('14 日内到访高风险地区 {area}，{day}', 'zh')).toBe('14 日内到访高风险地区 四川省德阳市旌阳区，3 月 2 日');
    expect(renderTemplate('{status} ({day}, {source})', 'en')).toBe('confirmed case (2 Mar, nucleic acid test)');
  });

  it('leaves unknown placeholders visible and names them', () => {
    expect(renderTemplate('体温 {celsius}℃ {nope}', 'zh')).toBe('体温 37.8℃ {nope}');
    expect(unknownPlaceholders('体温 {celsius}℃ {nope} {x}')).toEqual(['nope', 'x']);
    expect(unknownPlaceholders('没有占位符')).toEqual([]);
  });
});
