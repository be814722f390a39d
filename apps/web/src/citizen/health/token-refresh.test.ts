import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { refreshDelayMs } from './token-refresh.ts';

describe('refreshDelayMs', () => {
  it('refreshes a 5-minute token with 30 s to spare', () => {
    expect(refreshDelayMs('2026-11-23T10:00:00Z', '2026-11-23T10:05:00Z')).toBe(270_000);
  });

  it('keeps a fifth of a short lifetime as the margin', () => {
    expect(refreshDelayMs('2026-11-23T10:00:00Z', '2026-11-23T10:01:00Z')).toBe(48_000);
  });

  it('never refreshes more often than every 5 s, even for expired or unreadable times', () => {
    expect(refreshDelayMs('2026-11-23T10:00:00Z', '2026-11-23T09:00:00Z')).toBe(5_000);
    expect(refreshDelayMs('garbage', '2026-11-23T10:00:00Z')).toBe(30_000);
  });

  it('always refreshes before expiry when the lifetime allows, and never in a tight loop', () => {
    fc.assert(
      fc.property(fc.integer({ min: -600_000, max: 3_600_000 }), (lifetime) => {
        const issued = Date.parse('2026-11-23T10:00:00Z');
        const delay = refreshDelayMs(new Date(issued).toISOString(), new Date(issued + lifetime).toISOString());
        return delay >= 5_000 && (lifetime <= 6_250 || delay < lifetime);
      }),
    );
  });
});
