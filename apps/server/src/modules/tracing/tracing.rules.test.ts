import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CASE_STATUSES,
  canTransition,
  carriageNumber,
  countyOf,
  followUpPeriod,
  isSymptomatic,
  missedDays,
  flightRow,
  normaliseTripNumber,
  overlapMinutes,
  publicLabel,
  rankCandidates,
  tripContactLevel,
} from './tracing.rules.ts';

const MINUTE = 60_000;
const at = (m: number) => new Date(Date.UTC(2026, 11, 1, 0, 0) + m * MINUTE);

describe('case lifecycle', () => {
  it('allows the documented steps and nothing else', () => {
    const allowed = CASE_STATUSES.flatMap((from) => CASE_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`));
    expect(allowed).toEqual([
      'suspected→asymptomatic',
      'suspected→confirmed',
      'suspected→excluded',
      'asymptomatic→confirmed',
      'asymptomatic→recovered',
      'confirmed→recovered',
    ]);
  });
  it('never moves a case to the status it has, nor out of excluded or recovered', () => {
    for (const s of CASE_STATUSES) expect(canTransition(s, s)).toBe(false);
    for (const to of CASE_STATUSES) expect(canTransition('excluded', to) || canTransition('recovered', to)).toBe(false);
  });
  it('labels a published case without the person', () => {
    expect(publicLabel('confirmed', 3)).toBe('确诊病例3');
    expect(publicLabel('asymptomatic', 1)).toBe('无症状感染者1');
    expect(publicLabel('confirmed', 2, 'en')).toBe('Confirmed case 2');
  });
});

describe('trip numbers and seats', () => {
  it('normalises train and flight numbers and refuses malformed ones', () => {
    expect(normaliseTripNumber('train', ' g 1234 ')).toBe('G1234');
    expect(normaliseTripNumber('train', 'K7')).toBe('K7');
    expect(normaliseTripNumber('train', '1461')).toBe('1461');
    expect(normaliseTripNumber('train', 'X12')).toBeNull();
    expect(normaliseTripNumber('train', 'G12345')).toBeNull();
    expect(normaliseTripNumber('flight', 'ca1234')).toBe('CA1234');
    expect(normaliseTripNumber('flight', '3U8888')).toBe('3U8888');
    expect(normaliseTripNumber('flight', '12345')).toBeNull();
    expect(normaliseTripNumber('flight', 'CA')).toBeNull();
    expect(normaliseTripNumber('bus', '12路')).toBe('12路');
    expect(normaliseTripNumber('coach', '')).toBeNull();
  });
  it('reads plane rows and train carriages, refusing impossible ones', () => {
    expect(flightRow('12A')).toBe(12);
    expect(flightRow('3k')).toBe(3);
    expect(flightRow('0A')).toBeNull();
    expect(flightRow('12I')).toBeNull(); // no seat I on aircraft
    expect(flightRow('123A')).toBeNull();
    expect(carriageNumber('05')).toBe(5);
    expect(carriageNumber('12车')).toBe(12);
    expect(carriageNumber('0')).toBeNull();
    expect(carriageNumber('31')).toBeNull();
  });
});

describe('same-trip contact level (DOMAIN.md)', () => {
  it('plane: the same row and three rows ahead and behind are close, the rest general', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 }), fc.constantFrom('A', 'C', 'F', 'K'), (a, b, letter) => {
        const level = tripContactLevel('flight', { seat: `${a}A` }, { seat: `${b}${letter}` });
        expect(level).toBe(Math.abs(a - b) <= 3 ? 'close' : 'general');
      }),
    );
  });
  it('closed train: the same carriage is close, another carriage general', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), (a, b) => {
        expect(tripContactLevel('train', { carriage: String(a) }, { carriage: String(b).padStart(2, '0') })).toBe(a === b ? 'close' : 'general');
      }),
    );
  });
  it('ferry: the same cabin is close; coach: close; city bus: general', () => {
    expect(tripContactLevel('ferry', { carriage: 'b203' }, { carriage: 'B203' })).toBe('close');
    expect(tripContactLevel('ferry', { carriage: 'B203' }, { carriage: 'B204' })).toBe('general');
    expect(tripContactLevel('coach', {}, {})).toBe('close');
    expect(tripContactLevel('bus', { seat: '1' }, { seat: '1' })).toBe('general');
  });
  it('answers "possible" when the rule needs a seat or carriage that either side lacks', () => {
    expect(tripContactLevel('flight', { seat: '12A' }, {})).toBe('possible');
    expect(tripContactLevel('flight', {}, { seat: '12A' })).toBe('possible');
    expect(tripContactLevel('train', { carriage: '5' }, { seat: '12F' })).toBe('possible');
    expect(tripContactLevel('ferry', {}, { carriage: 'B1' })).toBe('possible');
  });
});

describe('overlap of a scan\'s implied stay with a window', () => {
  const window = { from: at(0), to: at(60) };
  it('handles the window edges exactly (half-open intervals)', () => {
    expect(overlapMinutes(window, at(10), 45)).toBe(45);
    expect(overlapMinutes(window, at(-44), 45)).toBe(1);
    expect(overlapMinutes(window, at(-45), 45)).toBe(0); // the stay ends as the window starts
    expect(overlapMinutes(window, at(60), 45)).toBe(0); // the scan is at the window's end
    expect(overlapMinutes(window, at(61), 45)).toBe(0); // one minute after the window
    expect(overlapMinutes(window, at(59), 45)).toBe(1);
    expect(overlapMinutes(window, at(-30), 480)).toBe(60); // a long stay covers the window
  });
  it('is positive exactly when the SQL condition holds (scannedAt > from − stay and scannedAt < to), and never exceeds either length', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2000, max: 2000 }), fc.integer({ min: 1, max: 1440 }), fc.integer({ min: -3000, max: 3000 }), fc.integer({ min: 5, max: 720 }), (from, length, scan, stay) => {
        const w = { from: at(from), to: at(from + length) };
        const minutes = overlapMinutes(w, at(scan), stay);
        expect(minutes > 0).toBe(scan > from - stay && scan < from + length);
        expect(minutes).toBeLessThanOrEqual(Math.min(length, stay));
        expect(minutes).toBeGreaterThanOrEqual(0);
      }),
    );
  });
  it('is the same whatever the time zone offset of the instants (they are instants)', () => {
    const local = { from: new Date('2026-12-01T08:00:00+08:00'), to: new Date('2026-12-01T09:00:00+08:00') };
    expect(overlapMinutes(local, new Date('2026-12-01T00:30:00Z'), 60)).toBe(30);
  });
});

describe('ranking candidates', () => {
  it('groups by person, sums overlaps, drops non-overlaps, ranks longest first then latest', () => {
    const ranked = rankCandidates([
      { citizenId: 'b', venueId: 'v', scannedAt: at(10), overlapMinutes: 45 },
      { citizenId: 'g', venueId: 'v', scannedAt: at(5), overlapMinutes: 45 },
      { citizenId: 'g', venueId: 'v', scannedAt: at(50), overlapMinutes: 10 },
      { citizenId: 'x', venueId: 'v', scannedAt: at(60), overlapMinutes: 0 },
      { citizenId: 'c', venueId: 'v', scannedAt: at(1), overlapMinutes: 45 },
    ]);
    expect(ranked.map((c) => [c.citizenId, c.totalOverlapMinutes])).toEqual([
      ['g', 55],
      ['b', 45],
      ['c', 45],
    ]);
    expect(ranked[0].lastExposureAt).toEqual(at(50));
  });
  it('keeps every exposure with a positive overlap exactly once', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ citizenId: fc.constantFrom('a', 'b', 'c'), venueId: fc.constant('v'), scannedAt: fc.integer({ min: 0, max: 1000 }).map(at), overlapMinutes: fc.integer({ min: 0, max: 100 }) })), (exposures) => {
        const ranked = rankCandidates(exposures);
        expect(ranked.reduce((n, c) => n + c.exposures.length, 0)).toBe(exposures.filter((e) => e.overlapMinutes > 0).length);
        for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1].totalOverlapMinutes).toBeGreaterThanOrEqual(ranked[i].totalOverlapMinutes);
      }),
    );
  });
});

describe('contact follow-up', () => {
  const day = (n: number) => new Date(Date.UTC(2026, 10, 1) + n * 86_400_000).toISOString().slice(0, 10);

  it('follows a close contact 14 days and a secondary 7 after the last exposure; a general contact not at all', () => {
    expect(followUpPeriod('close', '2026-12-01')).toEqual({ from: '2026-12-02', until: '2026-12-15' });
    expect(followUpPeriod('secondary', '2026-12-28')).toEqual({ from: '2026-12-29', until: '2027-01-04' });
    expect(followUpPeriod('general', '2026-12-01')).toBeNull();
    expect(followUpPeriod('close', null)).toBeNull();
  });

  it('flags missed days from confirmation (not before) to yesterday (today is still open), within the period', () => {
    const period = { from: '2026-12-02', until: '2026-12-15' };
    expect(missedDays(period, '2026-12-04', '2026-12-07', ['2026-12-05'])).toEqual(['2026-12-04', '2026-12-06']);
    expect(missedDays(period, '2026-12-01', '2026-12-02', [])).toEqual([]);
    expect(missedDays(period, '2026-12-01', '2026-12-30', [])).toHaveLength(14);
  });

  it('missed days: property — every missed day lies in the period, after confirmation, before today, without an entry; the rest have one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 14 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 60 }), fc.array(fc.integer({ min: 0, max: 60 })), (start, length, decided, today, entries) => {
        const period = { from: day(start), until: day(start + length - 1) };
        const entryDays = entries.map(day);
        const missed = missedDays(period, day(decided), day(today), entryDays);
        for (let n = 0; n <= 60; n++) {
          const d = day(n);
          const due = d >= period.from && d <= period.until && d >= day(decided) && d < day(today);
          expect(missed.includes(d)).toBe(due && !entryDays.includes(d));
        }
        expect([...missed].sort()).toEqual(missed);
      }),
    );
  });

  it('counts any symptom or a temperature of 37.3 °C or more as symptomatic', () => {
    expect(isSymptomatic({ symptoms: [], temperature: 37.2 })).toBe(false);
    expect(isSymptomatic({ symptoms: [], temperature: 37.3 })).toBe(true);
    expect(isSymptomatic({ symptoms: ['cough'], temperature: null })).toBe(true);
    expect(isSymptomatic({ symptoms: [], temperature: null })).toBe(false);
  });

  it('places a town or village under its county', () => {
    expect(countyOf('510603001')).toBe('510603');
    expect(countyOf('510603')).toBe('510603');
    expect(countyOf('510600')).toBe('510600');
  });
});
