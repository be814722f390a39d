import { describe, expect, it } from 'vitest';
import { groupEvidence } from './evidence.ts';

const describeArea = (e: { area?: string; level?: string }) => [e.area, e.level].filter(Boolean).join(' · ');

describe('groupEvidence', () => {
  it('folds repeated scans into one line with a count', () => {
    const scan = { day: '2026-12-06', area: '旌阳区', level: '高风险' };
    expect(groupEvidence([scan, scan, scan, scan, scan], describeArea)).toEqual([{ days: ['2026-12-06'], text: '旌阳区 · 高风险', count: 5 }]);
  });

  it('lists the days of the same fact once each, oldest first, and keeps different facts apart', () => {
    const groups = groupEvidence(
      [
        { day: '2026-12-06', area: '旌阳区', level: '高风险' },
        { day: '2026-12-04', area: '旌阳区', level: '高风险' },
        { day: '2026-12-06', area: '旌阳区', level: '高风险' },
        { day: '2026-12-05', area: '中江县', level: '中风险' },
      ],
      describeArea,
    );
    expect(groups).toEqual([
      { days: ['2026-12-04', '2026-12-06'], text: '旌阳区 · 高风险', count: 3 },
      { days: ['2026-12-05'], text: '中江县 · 中风险', count: 1 },
    ]);
  });

  it('keeps evidence without a day, and drops evidence that says nothing', () => {
    expect(groupEvidence<{ day?: string; area?: string }>([{ area: '旌阳区' }, {}], describeArea)).toEqual([{ days: [], text: '旌阳区', count: 1 }]);
  });
});
