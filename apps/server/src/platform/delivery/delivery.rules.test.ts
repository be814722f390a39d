import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFinal, nextStatus, SHIPMENT_STATUSES, type ShipmentStatus } from './delivery.rules.ts';

const status = fc.constantFrom(...SHIPMENT_STATUSES);

describe('shipment status: forward only', () => {
  it('follows the normal course', () => {
    let s: ShipmentStatus = 'created';
    for (const r of ['picked_up', 'in_transit', 'delivered'] as const) s = nextStatus(s, r);
    expect(s).toBe('delivered');
  });
  it('ignores a late in-transit update after delivery and never turns delivered into returned', () => {
    expect(nextStatus('delivered', 'in_transit')).toBe('delivered');
    expect(nextStatus('delivered', 'returned')).toBe('delivered');
    expect(nextStatus('returned', 'delivered')).toBe('returned');
    expect(nextStatus('in_transit', 'picked_up')).toBe('in_transit');
  });
  it('is idempotent and order-insensitive once final (property)', () => {
    fc.assert(
      fc.property(fc.array(status, { maxLength: 12 }), (updates) => {
        let s: ShipmentStatus = 'created';
        for (const u of updates) {
          const n = nextStatus(s, u);
          expect(nextStatus(n, u)).toBe(n); // the same update twice changes nothing more
          if (isFinal(s)) expect(n).toBe(s);
          s = n;
        }
      }),
    );
  });
});
