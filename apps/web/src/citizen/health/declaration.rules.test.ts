import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkTrips, parseTemperature } from './declaration.rules.ts';

describe('parseTemperature', () => {
  it('reads body temperatures with at most one decimal', () => {
    expect(parseTemperature('36.5')).toBe(36.5);
    expect(parseTemperature(' 37 ')).toBe(37);
    expect(parseTemperature('37，3')).toBe(37.3);
    expect(parseTemperature('34.0')).toBe(34);
    expect(parseTemperature('43.0')).toBe(43);
  });

  it('refuses what is not a plausible body temperature', () => {
    for (const text of ['', '3', '33.9', '43.1', '50', '36.55', 'abc', '36.', '.5', '-36', '1e2', undefined, null]) expect(parseTemperature(text), String(text)).toBeNull();
  });

  it('accepts exactly the one-decimal values from 34.0 to 43.0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999 }), (tenths) => {
        const text = (tenths / 10).toFixed(1);
        const value = parseTemperature(text);
        return tenths >= 340 && tenths <= 430 ? value === tenths / 10 : value === null;
      }),
    );
  });
});

describe('checkTrips', () => {
  const today = '2026-11-23';
  const earliest = '2026-11-09';
  const leg = { divisionCode: '510104', from: '2026-11-20', to: '2026-11-21' };

  it('accepts complete legs inside the window', () => {
    expect(checkTrips([leg], today, earliest)).toBeNull();
    expect(checkTrips([leg, { divisionCode: '110101', from: earliest, to: today }], today, earliest)).toBeNull();
  });

  it('names what is wrong', () => {
    expect(checkTrips([], today, earliest)).toBe('none');
    expect(checkTrips([{ ...leg, divisionCode: undefined }], today, earliest)).toBe('incomplete');
    expect(checkTrips([{ ...leg, to: undefined }], today, earliest)).toBe('incomplete');
    expect(checkTrips([{ ...leg, from: '2026-11-22', to: '2026-11-21' }], today, earliest)).toBe('datesInvalid');
    expect(checkTrips([{ ...leg, to: '2026-11-24' }], today, earliest)).toBe('datesInvalid');
    expect(checkTrips([{ ...leg, from: '2026-11-08' }], today, earliest)).toBe('datesInvalid');
  });

  it('one bad leg spoils the declaration wherever it is', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), (before, after) => {
        const legs = [...Array(before).fill(leg), { ...leg, from: '2026-11-22', to: '2026-11-21' }, ...Array(after).fill(leg)];
        return checkTrips(legs, today, earliest) === 'datesInvalid';
      }),
    );
  });
});
