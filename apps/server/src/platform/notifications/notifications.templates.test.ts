import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fillTemplate, quietUntil } from './notifications.templates.ts';
import { signWebhook } from './notifications.delivery.ts';

describe('templates', () => {
  it('fills known placeholders and leaves unknown ones visible', () => {
    expect(fillTemplate('“{org}”提醒您 {x}', { org: '甲' })).toBe('“甲”提醒您 {x}');
    expect(fillTemplate('{n} days', { n: 7 })).toBe('7 days');
  });
});

describe('quiet hours (China time)', () => {
  const at = (iso: string) => new Date(iso);
  it('holds inside hours that wrap midnight until they end', () => {
    expect(quietUntil(at('2026-12-07T15:30:00Z'), '22:00', '07:00')?.toISOString()).toBe('2026-12-07T23:00:00.000Z');
    expect(quietUntil(at('2026-12-07T22:59:00Z'), '22:00', '07:00')?.toISOString()).toBe('2026-12-07T23:00:00.000Z');
    expect(quietUntil(at('2026-12-07T23:00:00Z'), '22:00', '07:00')).toBeNull();
    expect(quietUntil(at('2026-12-07T05:00:00Z'), '12:00', '14:00')?.toISOString()).toBe('2026-12-07T06:00:00.000Z');
    expect(quietUntil(at('2026-12-07T05:00:00Z'), '12:00', '12:00')).toBeNull();
    expect(quietUntil(at('2026-12-07T05:00:00Z'), null, null)).toBeNull();
  });
  it('never holds past the next end, and the end lies outside the hours (property)', () => {
    const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 0, max: 86_399 }), (s, e, sec) => {
        const now = new Date(Date.UTC(2026, 11, 7) + sec * 1000);
        const until = quietUntil(now, hm(s), hm(e));
        if (!until) return;
        expect(until.getTime()).toBeGreaterThan(now.getTime() - 60_000);
        expect(until.getTime() - now.getTime()).toBeLessThanOrEqual(24 * 3600_000);
        expect(quietUntil(until, hm(s), hm(e))).toBeNull();
      }),
    );
  });
});

describe('webhook signature', () => {
  it('is the hex HMAC-SHA256 of timestamp.body', () => {
    // echo -n '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret
    expect(signWebhook('secret', '1700000000', '{"a":1}')).toBe('49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686');
    expect(signWebhook('secret', '1700000000', '{"a":1}')).not.toBe(signWebhook('secret', '1700000001', '{"a":1}'));
  });
});
