import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAR_AWAY_METERS, ScanAbuseDetector, distanceMeters } from './venues.abuse.ts';

const V = 'venue-1';
const T0 = 1_700_000_040_000;

describe('distanceMeters', () => {
  it('measures known distances', () => {
    expect(distanceMeters(31.13, 104.39, 31.13, 104.39)).toBe(0);
    // One degree of latitude is about 111.2 km everywhere.
    expect(distanceMeters(31, 104, 32, 104)).toBeGreaterThan(111_000);
    expect(distanceMeters(31, 104, 32, 104)).toBeLessThan(111_400);
    // Deyang (德阳) to Chengdu (成都): about 60 km.
    const d = distanceMeters(31.127, 104.398, 30.657, 104.066);
    expect(d).toBeGreaterThan(55_000);
    expect(d).toBeLessThan(65_000);
  });

  it('is symmetric and never negative', () => {
    const lat = fc.double({ min: -89, max: 89, noNaN: true });
    const lon = fc.double({ min: -179, max: 179, noNaN: true });
    fc.assert(
      fc.property(lat, lon, lat, lon, (a, b, c, d) => {
        const x = distanceMeters(a, b, c, d);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(Math.abs(x - distanceMeters(c, d, a, b))).toBeLessThan(1e-6);
      }),
    );
  });
});

describe('ScanAbuseDetector', () => {
  it('flags a scan more than 1 km away, for static and dynamic codes alike', () => {
    const detector = new ScanAbuseDetector();
    expect(detector.observe({ venueId: V, citizenId: 'a', isStatic: true, nowMs: T0, distance: FAR_AWAY_METERS })).toEqual([]);
    const far = detector.observe({ venueId: V, citizenId: 'a', isStatic: false, nowMs: T0, distance: FAR_AWAY_METERS + 1 });
    expect(far).toEqual([{ reason: 'far_away', detail: { distanceMeters: 1001, limitMeters: 1000 } }]);
    expect(detector.observe({ venueId: V, citizenId: 'a', isStatic: true, nowMs: T0, distance: null })).toEqual([]);
  });

  it('flags volume once per minute when one static code is replayed', () => {
    const detector = new ScanAbuseDetector({ volumePerMinute: 10 });
    const reasons: string[] = [];
    for (let i = 0; i < 25; i++) {
      for (const f of detector.observe({ venueId: V, citizenId: `p${i}`, isStatic: true, nowMs: T0 + i, distance: null })) reasons.push(f.reason);
    }
    expect(reasons).toEqual(['volume']);
    // Next minute: counting starts again.
    const nextMinute = T0 - (T0 % 60_000) + 60_000;
    for (let i = 0; i < 11; i++) {
      for (const f of detector.observe({ venueId: V, citizenId: `q${i}`, isStatic: true, nowMs: nextMinute + i, distance: null })) reasons.push(f.reason);
    }
    expect(reasons).toEqual(['volume', 'volume']);
  });

  it('does not count dynamic-code scans towards volume or repeats', () => {
    const detector = new ScanAbuseDetector({ volumePerMinute: 2, repeatLimit: 2 });
    for (let i = 0; i < 10; i++) expect(detector.observe({ venueId: V, citizenId: 'a', isStatic: false, nowMs: T0 + i, distance: null })).toEqual([]);
  });

  it('flags the same person scanning one static code again and again, once per window', () => {
    const detector = new ScanAbuseDetector({ repeatLimit: 3, repeatWindowMs: 600_000 });
    const seen = (at: number) => detector.observe({ venueId: V, citizenId: 'a', isStatic: true, nowMs: at, distance: null }).map((f) => f.reason);
    expect([seen(T0), seen(T0 + 1), seen(T0 + 2)].flat()).toEqual([]);
    expect(seen(T0 + 3)).toEqual(['repeat_person']);
    expect(seen(T0 + 4)).toEqual([]);
    // Another person at the same venue is counted separately.
    expect(detector.observe({ venueId: V, citizenId: 'b', isStatic: true, nowMs: T0 + 5, distance: null })).toEqual([]);
    // After the window the count starts again.
    expect([seen(T0 + 700_000), seen(T0 + 700_001), seen(T0 + 700_002)].flat()).toEqual([]);
    expect(seen(T0 + 700_003)).toEqual(['repeat_person']);
  });

  it('keeps its memory bounded', () => {
    const detector = new ScanAbuseDetector({ maxPairs: 100 });
    for (let i = 0; i < 1000; i++) detector.observe({ venueId: V, citizenId: `p${i}`, isStatic: true, nowMs: T0, distance: null });
    expect(detector.trackedPairs).toBeLessThanOrEqual(101);
  });
});
