import { describe, expect, it } from 'vitest';
import { renderTemplate, validateCondition, validateRules } from './health-code.rules.ts';
import { DEFAULT_RULES } from './health-code.default-rules.ts';

const rule = (over: Record<string, unknown> = {}) => ({
  id: 'r1',
  condition: { fact: 'fever', withinDays: 1 },
  colour: 'red',
  reasonCode: 'FEVER',
  text: { zh: '{day} 发热', en: 'Fever on {day}' },
  durationDays: 14,
  needsConfirmation: true,
  ...over,
});

describe('rule language validation', () => {
  it('accepts the default rule set', () => {
    expect(validateRules(DEFAULT_RULES)).toEqual([]);
  });

  it('accepts every documented leaf and combinator', () => {
    const ok = [
      { fact: 'personStatus', in: ['confirmed'] },
      { fact: 'personStatus', in: ['close_contact'], withinDays: 14 },
      { fact: 'visitedRiskArea', level: ['high', 'medium'], withinDays: 14, includeResidence: true },
      { fact: 'residenceInRiskArea', level: 'high' },
      { fact: 'fever', withinDays: 1, gte: 37.5 },
      { fact: 'symptoms', withinDays: 3, any: ['cough'] },
      { fact: 'contactWithCase', withinDays: 14 },
      { fact: 'quarantine', kind: 'home' },
      { fact: 'missingTemperatureDays', gte: 1 },
      { fact: 'consecutiveNormalDays', lt: 7 },
      { fact: 'ext:screening', eq: 'positive', withinDays: 3 },
      { all: [{ any: [{ fact: 'fever', withinDays: 1 }] }, { not: { fact: 'quarantine' } }] },
    ];
    for (const c of ok) expect(validateCondition(c), JSON.stringify(c)).toEqual([]);
  });

  it.each([
    [{ fact: 'nonsense' }, 'unknown fact'],
    [{ fact: 'personStatus', in: ['zombie'] }, '.in'],
    [{ fact: 'personStatus', in: [] }, '.in'],
    [{ fact: 'visitedRiskArea', level: 'extreme', withinDays: 14 }, '.level'],
    [{ fact: 'visitedRiskArea', level: 'high' }, 'withinDays: required'],
    [{ fact: 'fever', withinDays: 0 }, 'withinDays'],
    [{ fact: 'fever', withinDays: 1, gte: 99 }, '.gte'],
    [{ fact: 'missingTemperatureDays' }, 'needs a comparison'],
    [{ fact: 'missingTemperatureDays', gte: 'one' }, 'must be a number'],
    [{ fact: 'fever', withinDays: 1, extra: true }, 'unknown key'],
    [{ all: [] }, 'non-empty'],
    [{ all: [{ fact: 'fever', withinDays: 1 }], any: [] }, 'unknown key'],
    [[1, 2], 'must be an object'],
    [{ fact: 'ext:bad name', eq: 1 }, 'unknown fact'],
  ])('refuses %j', (condition, problem) => {
    const issues = validateCondition(condition);
    expect(issues.join('; ')).toContain(problem);
  });

  it('refuses conditions nested too deeply', () => {
    let c: unknown = { fact: 'fever', withinDays: 1 };
    for (let i = 0; i < 10; i++) c = { not: c };
    expect(validateCondition(c).join()).toContain('nested too deeply');
  });

  it.each([
    [{ colour: 'green' }, 'colour'],
    [{ id: 'Bad Id' }, '.id'],
    [{ reasonCode: 'lower' }, 'reasonCode'],
    [{ durationDays: -1 }, 'durationDays'],
    [{ needsConfirmation: 'yes' }, 'needsConfirmation'],
    [{ text: { zh: '{nope}', en: 'x' } }, 'unknown placeholder {nope}'],
    [{ text: { zh: 'x' } }, 'text'],
  ])('refuses a rule with %j', (over, problem) => {
    expect(validateRules([rule(over)]).join('; ')).toContain(problem);
  });

  it('refuses duplicate rule ids and non-lists', () => {
    expect(validateRules([rule(), rule()]).join()).toContain('used twice');
    expect(validateRules({})).toEqual(['rules: must be a list']);
  });
});

describe('reason templates', () => {
  it('fills placeholders from the evidence in each language', () => {
    const e = { fact: 'visitedRiskArea', day: '2026-03-02', area: '成都市武侯区', level: 'high' as const };
    expect(renderTemplate('7 日内到访{level}风险地区 {area}，{day}', e, 'zh')).toBe('7 日内到访高风险地区 成都市武侯区，3 月 2 日');
    expect(renderTemplate('Visited {area} ({level} risk) on {day}', e, 'en')).toBe('Visited 成都市武侯区 (high risk) on 2 Mar');
    expect(renderTemplate('{celsius}', e, 'zh')).toBe('—');
  });
});
