import { describe, expect, it } from 'vitest';
import { assertUniqueFactSources, factSource, HealthCodeFactSources, lookbackDays } from './health-code.facts.ts';
import { HealthCodeModule } from './index.ts';
import { DEFAULT_RULES } from './health-code.default-rules.ts';
import type { Rule } from './health-code.types.ts';

const rule = (condition: Rule['condition'], durationDays = 0): Rule => ({
  id: 'r',
  condition,
  colour: 'yellow',
  reasonCode: 'R',
  text: { zh: 'x', en: 'x' },
  durationDays,
  needsConfirmation: false,
});

describe('fact sources', () => {
  it('contributes its own sources through the one extension point facts enter by', () => {
    const own = HealthCodeModule.contributes.filter((c) => c.point === HealthCodeFactSources).map((c) => (c.value as { name: string }).name);
    expect(own).toEqual(['declarations', 'person-status', 'quarantine', 'recorded']);
  });

  it('refuses a second source with the same name', () => {
    const load = async () => ({});
    expect(() => assertUniqueFactSources([factSource('declarations', load), factSource('scans', load)])).not.toThrow();
    expect(() => assertUniqueFactSources([factSource('declarations', load), factSource('declarations', load)])).toThrow(/twice/);
  });

  it('loads facts far enough back for the longest window plus the longest recovery, at least 21 days', () => {
    expect(lookbackDays([])).toBe(21);
    expect(lookbackDays(DEFAULT_RULES)).toBe(14 + 14 + 1);
    expect(lookbackDays([rule({ all: [{ fact: 'fever', withinDays: 30 }] }, 20)])).toBe(51);
    expect(lookbackDays([rule({ fact: 'visitedRiskArea', level: 'high', withinDays: 90 }, 60)])).toBe(150);
  });
});
