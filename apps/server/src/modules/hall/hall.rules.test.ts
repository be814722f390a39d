import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bookableDays, bookingRefusal, callingOrder, formatNumber, onsiteShare, slotsOf, slotStartsAt, tierOf, validOpenHours, WeekdaysOnly, type QueueEntry } from './hall.rules.ts';

describe('open hours and slots', () => {
  it('cuts each open range into whole slots and drops a remainder shorter than a slot', () => {
    expect(slotsOf(['09:00-10:00', '13:30-14:40'], 30)).toEqual([
      { start: '09:00', end: '09:30' }, { start: '09:30', end: '10:00' }, { start: '13:30', end: '14:00' }, { start: '14:00', end: '14:30' },
    ]);
  });

  it('refuses malformed and overlapping open hours', () => {
    expect(validOpenHours(['09:00-12:00', '13:30-17:00'])).toBe(true);
    expect(validOpenHours(['09:00-12:00', '11:30-17:00'])).toBe(false);
    expect(validOpenHours(['12:00-09:00'])).toBe(false);
    expect(validOpenHours(['9:00-12:00'])).toBe(false);
    expect(validOpenHours(['24:00-25:00'])).toBe(false);
  });

  it('never produces overlapping or out-of-hours slots (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 5, max: 120 }), (from, length, minutes) => {
        const to = Math.min(from + length, 1439);
        fc.pre(from < to);
        const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
        const slots = slotsOf([`${hhmm(from)}-${hhmm(to)}`], minutes);
        expect(slots.length).toBe(Math.floor((to - from) / minutes));
        for (let i = 1; i < slots.length; i++) expect(slots[i].start).toBe(slots[i - 1].end);
        if (slots.length) expect(slots[slots.length - 1].end <= hhmm(to)).toBe(true);
      }),
    );
  });
});

describe('booking a slot', () => {
  const slots = slotsOf(['09:00-12:00'], 30);
  // 2026-12-07 is a Monday; 08:00 China time is 00:00 UTC.
  const monday8am = new Date('2026-12-07T00:00:00Z');

  it('accepts a future slot on a working day within the horizon', () => {
    expect(bookingRefusal({ day: '2026-12-07', start: '09:00', now: monday8am, bookingDays: 7, slots })).toBeNull();
  });

  it('refuses a slot that has started, a weekend, a day beyond the horizon and a slot that does not exist', () => {
    expect(bookingRefusal({ day: '2026-12-07', start: '09:00', now: new Date('2026-12-07T01:00:00Z'), bookingDays: 7, slots })).toBe('past');
    expect(bookingRefusal({ day: '2026-12-06', start: '09:00', now: monday8am, bookingDays: 7, slots })).toBe('past');
    expect(bookingRefusal({ day: '2026-12-12', start: '09:00', now: monday8am, bookingDays: 7, slots })).toBe('closed-day');
    expect(bookingRefusal({ day: '2026-12-15', start: '09:00', now: monday8am, bookingDays: 7, slots })).toBe('too-far');
    expect(bookingRefusal({ day: '2026-12-07', start: '09:15', now: monday8am, bookingDays: 7, slots })).toBe('no-such-slot');
  });

  it('uses the calendar it is given (the seam for public holidays)', () => {
    const holiday = { isWorkingDay: (d: string) => d !== '2026-12-08' && WeekdaysOnly.isWorkingDay(d) };
    expect(bookingRefusal({ day: '2026-12-08', start: '09:00', now: monday8am, bookingDays: 7, slots }, holiday)).toBe('closed-day');
    expect(bookableDays(monday8am, 7, holiday)).toEqual(['2026-12-07', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-14']);
  });

  it('never offers a weekend day (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2025-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }), fc.integer({ min: 0, max: 30 }), (now, horizon) => {
        for (const day of bookableDays(now, horizon)) expect([0, 6]).not.toContain(new Date(`${day}T00:00:00Z`).getUTCDay());
      }),
    );
  });
});

describe('calling order', () => {
  const day = '2026-12-07';
  const at = (hhmm: string) => slotStartsAt(day, hhmm);
  const entry = (id: string, over: Partial<QueueEntry>): QueueEntry => ({
    id, kind: 'walk_in', itemCode: 'A', slotStart: null, day, priority: false, targetWindowId: null, transferredAt: null, issuedAt: at('09:00'), ...over,
  });
  const window = { id: 'w1', itemCodes: ['A', 'B'] };

  it('calls transfers first, then appointments at their time, then 优先, then walk-ins in order of issue', () => {
    const now = at('10:05');
    const entries = [
      entry('walk-early', { issuedAt: at('09:01') }),
      entry('walk-late', { issuedAt: at('09:30') }),
      entry('priority', { priority: true, issuedAt: at('09:50') }),
      entry('appt-due', { kind: 'appointment', slotStart: '10:00', targetWindowId: 'w1', issuedAt: at('09:55') }),
      entry('appt-future', { kind: 'appointment', slotStart: '11:00', targetWindowId: 'w1', issuedAt: at('09:00') }),
      entry('transferred', { transferredAt: at('10:04'), targetWindowId: 'w1', issuedAt: at('09:59') }),
      entry('other-item', { itemCode: 'Z', issuedAt: at('08:00') }),
      entry('other-window', { kind: 'appointment', slotStart: '09:00', targetWindowId: 'w2' }),
    ];
    expect(callingOrder(entries, window, now).map((e) => e.id)).toEqual(['transferred', 'appt-due', 'priority', 'appt-future', 'walk-early', 'walk-late']);
  });

  const arbitraryEntry = fc.record({
    id: fc.uuid(),
    kind: fc.constantFrom('appointment' as const, 'walk_in' as const),
    itemCode: fc.constantFrom('A', 'B', 'C'),
    slotStart: fc.option(fc.constantFrom('09:00', '09:30', '10:00', '14:00'), { nil: null }),
    day: fc.constant(day),
    priority: fc.boolean(),
    targetWindowId: fc.option(fc.constantFrom('w1', 'w2'), { nil: null }),
    transferredAt: fc.option(fc.integer({ min: 0, max: 600 }).map((m) => new Date(at('09:00').getTime() + m * 60_000)), { nil: null }),
    issuedAt: fc.integer({ min: 0, max: 600 }).map((m) => new Date(at('08:30').getTime() + m * 60_000)),
  });

  it('is a permutation of what the window serves, tiers never go back, and issue order holds among walk-ins (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(arbitraryEntry, { selector: (e) => e.id, maxLength: 40 }), fc.integer({ min: 0, max: 600 }), (entries, minute) => {
        const now = new Date(at('09:00').getTime() + minute * 60_000);
        const order = callingOrder(entries, window, now);
        const served = entries.filter((e) => (e.targetWindowId ? e.targetWindowId === 'w1' : window.itemCodes.includes(e.itemCode)));
        expect(new Set(order.map((e) => e.id))).toEqual(new Set(served.map((e) => e.id)));
        const tiers = order.map((e) => tierOf(e, now));
        for (let i = 1; i < tiers.length; i++) expect(tiers[i]).toBeGreaterThanOrEqual(tiers[i - 1]);
        const plain = order.filter((e) => tierOf(e, now) === 3);
        for (let i = 1; i < plain.length; i++) expect(plain[i].issuedAt.getTime()).toBeGreaterThanOrEqual(plain[i - 1].issuedAt.getTime());
        // The same input in another order gives the same calling order (a total order).
        expect(callingOrder([...entries].reverse(), window, now).map((e) => e.id)).toEqual(order.map((e) => e.id));
      }),
    );
  });

  it('formats numbers with three digits', () => {
    expect(formatNumber('A', 7)).toBe('A007');
    expect(formatNumber('B', 1234)).toBe('B1234');
  });
});

describe('on-site share', () => {
  it('is served over served plus online, in % to 0.1, and null when nothing was handled', () => {
    expect(onsiteShare(0, 0)).toBeNull();
    expect(onsiteShare(1, 1)).toBe(50);
    expect(onsiteShare(1, 2)).toBe(33.3);
    expect(onsiteShare(0, 5)).toBe(0);
    expect(onsiteShare(7, 0)).toBe(100);
  });

  it('stays within 0–100 and grows with on-site handling (fast-check)', () => {
    fc.assert(fc.property(fc.nat(100_000), fc.nat(100_000), (onsite, online) => {
      const share = onsiteShare(onsite, online);
      if (onsite + online === 0) return share === null;
      return share !== null && share >= 0 && share <= 100 && onsiteShare(onsite + 1, online)! >= share;
    }));
  });
});
