import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { abnormalReasons, answersProblem, creditCodeCheckChar, departmentPathText, normalStreak, normaliseCreditCode, reportDay, resolveDepartment } from './checkin.rules.ts';

const normal = { temperature: 36.5, symptoms: [] as string[], riskAreaContact: false, codeColour: 'green' as const };

describe('abnormal answers', () => {
  it('is normal below 37.3 °C with nothing else', () => {
    expect(abnormalReasons(normal)).toEqual([]);
    expect(abnormalReasons({ ...normal, temperature: 37.2 })).toEqual([]);
    expect(abnormalReasons({ ...normal, codeColour: null })).toEqual([]);
  });
  it('flags 37.3 °C exactly (a float sum that lands on 37.3 too) and above', () => {
    expect(abnormalReasons({ ...normal, temperature: 37.3 })).toEqual(['fever']);
    expect(abnormalReasons({ ...normal, temperature: 37.1 + 0.2 })).toEqual(['fever']);
    expect(abnormalReasons({ ...normal, temperature: 39 })).toEqual(['fever']);
  });
  it('flags any symptom, a risk-area contact, a yellow or red code, and lists every reason', () => {
    expect(abnormalReasons({ ...normal, symptoms: ['cough'] })).toEqual(['symptoms']);
    expect(abnormalReasons({ ...normal, riskAreaContact: true })).toEqual(['risk_area_contact']);
    expect(abnormalReasons({ ...normal, codeColour: 'yellow' })).toEqual(['code_colour']);
    expect(abnormalReasons({ ...normal, codeColour: 'red' })).toEqual(['code_colour']);
    expect(abnormalReasons({ temperature: 38.2, symptoms: ['fever'], riskAreaContact: true, codeColour: 'red' })).toEqual(['fever', 'symptoms', 'risk_area_contact', 'code_colour']);
  });
});

describe('answer validation', () => {
  it('refuses temperatures out of range or with two decimals, unknown or repeated symptoms', () => {
    expect(answersProblem({ temperature: 36.6, symptoms: [] })).toBeNull();
    expect(answersProblem({ temperature: 33.9, symptoms: [] })).toBe('temperature_range');
    expect(answersProblem({ temperature: 43.1, symptoms: [] })).toBe('temperature_range');
    expect(answersProblem({ temperature: 36.55, symptoms: [] })).toBe('temperature_precision');
    expect(answersProblem({ temperature: 36.5, symptoms: ['headache'] })).toBe('symptom_unknown');
    expect(answersProblem({ temperature: 36.5, symptoms: ['cough', 'cough'] })).toBe('symptom_repeated');
  });
});

describe('the China day of a report', () => {
  it('turns at 16:00 UTC (midnight in Asia/Shanghai), whatever the server zone', () => {
    expect(reportDay(new Date('2026-03-15T15:59:59.999Z'))).toBe('2026-03-15');
    expect(reportDay(new Date('2026-03-15T16:00:00.000Z'))).toBe('2026-03-16');
    expect(reportDay(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01');
    // 07:30 in China on 1 March of a non-leap year is still 28 Feb in UTC.
    expect(reportDay(new Date('2027-02-28T23:30:00Z'))).toBe('2027-03-01');
  });
});

describe('normal streak', () => {
  const m = (entries: [string, boolean][]) => new Map(entries);
  it('counts consecutive normal days ending today', () => {
    expect(normalStreak(m([['2026-03-14', false], ['2026-03-15', false], ['2026-03-16', false]]), '2026-03-16')).toBe(3);
  });
  it('counts up to yesterday when today is not reported yet, and 0 when today is abnormal', () => {
    expect(normalStreak(m([['2026-03-14', false], ['2026-03-15', false]]), '2026-03-16')).toBe(2);
    expect(normalStreak(m([['2026-03-15', false], ['2026-03-16', true]]), '2026-03-16')).toBe(0);
  });
  it('is broken by a missing day and by an abnormal day, across month ends', () => {
    expect(normalStreak(m([['2026-02-27', false], ['2026-03-01', false], ['2026-03-02', false]]), '2026-03-02')).toBe(2);
    expect(normalStreak(m([['2026-02-28', false], ['2026-03-01', false]]), '2026-03-01')).toBe(2);
    expect(normalStreak(m([['2026-02-28', true], ['2026-03-01', false]]), '2026-03-01')).toBe(1);
    expect(normalStreak(new Map(), '2026-03-01')).toBe(0);
  });
});

describe('GB 32100 unified social credit code', () => {
  it('accepts codes whose check character matches', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(normaliseCreditCode('91350100M000100Y43')).toBe('91350100M000100Y43');
    expect(normaliseCreditCode(' 91350100m000100y43 ')).toBe('91350100M000100Y43');
  });
  it('refuses a wrong check character, a forbidden letter, or a wrong length', () => {
    expect(normaliseCreditCode('91350100M000100Y44')).toBeNull();
    expect(normaliseCreditCode('91350100M000100I43')).toBeNull();
    expect(normaliseCreditCode('91350100M000100Y4')).toBeNull();
  });
  it('gives check 0 when the weighted sum is a multiple of 31', () => {
    // All zeros: sum 0 → (31 - 0) % 31 = 0.
    expect(creditCodeCheckChar('00000000000000000')).toBe('0');
  });
});

describe('an import row\'s department', () => {
  const tree = [
    { id: 'a', parentId: null, name: '办公室' },
    { id: 'b', parentId: 'a', name: '综合科' },
    { id: 'c', parentId: null, name: '教学部' },
    { id: 'd', parentId: 'c', name: '综合科' },
    { id: 'e', parentId: 'c', name: '办公室' },
  ];
  it('resolves a path from the top level, a unique name, or nothing; refuses unknown and ambiguous text', () => {
    expect(resolveDepartment(tree, '办公室/综合科')).toEqual({ id: 'b' });
    expect(resolveDepartment(tree, ' 教学部 ／ 综合科 ')).toEqual({ id: 'd' });
    expect(resolveDepartment(tree, '教学部')).toEqual({ id: 'c' });
    expect(resolveDepartment(tree, '综合科')).toEqual({ problem: 'ambiguous' });
    expect(resolveDepartment(tree, '办公室')).toEqual({ problem: 'ambiguous' });
    expect(resolveDepartment(tree, '/办公室')).toEqual({ id: 'a' });
    expect(resolveDepartment(tree, '教学部/办公室')).toEqual({ id: 'e' });
    expect(resolveDepartment(tree, '综合科/办公室')).toEqual({ problem: 'unknown' });
    expect(resolveDepartment(tree, '后勤处')).toEqual({ problem: 'unknown' });
    expect(resolveDepartment(tree, '')).toBeNull();
    expect(resolveDepartment(tree, '  ')).toBeNull();
    expect(resolveDepartment(tree, undefined)).toBeNull();
  });
  it('resolves every node\'s own path back to it, whatever the tree (property)', () => {
    // Random trees: node i's parent is one of the nodes before it or the top level; names from a small set, unique among siblings.
    const trees = fc.array(fc.tuple(fc.nat(), fc.constantFrom('一班', '二班', '教务处', '综合科', '办公室')), { minLength: 1, maxLength: 25 }).map((specs) => {
      const nodes: { id: string; parentId: string | null; name: string }[] = [];
      specs.forEach(([p, name], i) => {
        const parentId = nodes.length === 0 || p % (nodes.length + 1) === nodes.length ? null : nodes[p % nodes.length].id;
        if (!nodes.some((n) => n.parentId === parentId && n.name === name)) nodes.push({ id: `n${i}`, parentId, name });
      });
      return nodes;
    });
    fc.assert(
      fc.property(trees, (nodes) => {
        for (const n of nodes) {
          expect(resolveDepartment(nodes, `/${departmentPathText(nodes, n.id)}`)).toEqual({ id: n.id });
          const sameName = nodes.filter((m) => m.name === n.name).length;
          expect(resolveDepartment(nodes, n.name)).toEqual(sameName === 1 ? { id: n.id } : { problem: 'ambiguous' });
        }
      }),
    );
  });
});
