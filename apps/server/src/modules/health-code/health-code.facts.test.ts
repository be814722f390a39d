import { describe, expect, it } from 'vitest';
import { factSourceNames, lookbackDays, registerFactSource } from './health-code.facts.ts';
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
  it('has the built-in sources registered as the one way facts enter', () => {
    expect(factSourceNames()).toEqual(expect.arrayContaining(['declarations', 'person-status', 'quarantine', 'scans', 'recorded']));
  });

  it('refuses a second source with the same name', () => {
    expect(() => registerFactSource('declarations', async () => ({}))).toThrow(/twice/);
  });

  it('loads facts far enough back for the longest window plus the longest recovery, at least 21 days', () => {
    expect(lookbackDays([])).toBe(21);
    expect(lookbackDays(DEFAULT_RULES)).toBe(14 + 14 + 1);
    expect(lookbackDays([rule({ all: [{ fact: 'fever', withinDays: 30 }] }, 20)])).toBe(51);
    expect(lookbackDays([rule({ fact: 'visitedRiskArea', level: 'high', withinDays: 90 }, 60)])).toBe(150);
  });
});
