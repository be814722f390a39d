import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { realNamedCitizen } from './health-code.support.ts';
import { createCitizen } from './factories.ts';
import { apiKey } from './tickets.support.ts';
import { auditOf, bookingToday, hallAdmin, hallWithWindows, ITEMS, nextClosedWeekendDay, nextWorkingDay } from './hall.support.ts';
import { hallBookings, hallTickets } from '../src/modules/hall/hall.tables.ts';

/**
 * Issue 16, the service hall (SH): bookings with their limits (capacity and one active booking per
 * item, under concurrent requests), the kiosk's health-code check, the calling order at a window,
 * transfers, the calling screen, daily counts, masking and audit, region scope and bad input.
 */
describe('service hall', { timeout: 180_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 180_000);
  afterAll(async () => t.close());

  const inject = (method: 'GET' | 'POST' | 'PATCH', url: string, headers: Record<string, string>, payload?: Record<string, unknown>) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  async function codeToken(headers: Record<string, string>): Promise<string> {
    const res = await t.app.inject({ url: '/api/health/code', headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().token;
  }

  it('lets a citizen see slots, book one, see the booking code and cancel it; the place goes back', async () => {
    const admin = await hallAdmin(t);
    const { hall } = await hallWithWindows(t, admin);
    const c = await createCitizen(t.app.ctx, { name: '李四' });
    const day = await nextWorkingDay(t);
    const halls = (await inject('GET', '/api/hall/bookable', c.headers)).json();
    expect(halls.find((h: { id: string }) => h.id === hall.id).items.map((i: { code: string }) => i.code)).toEqual([ITEMS.social.code, ITEMS.food.code, ITEMS.shop.code].sort());
    const slots = await inject('GET', `/api/hall/bookable/${hall.id}/slots?itemCode=${ITEMS.food.code}&day=${day}`, c.headers);
    expect(slots.statusCode, slots.body).toBe(200);
    expect(slots.json().slots[0]).toEqual({ start: '09:00', end: '09:30', capacity: 2, booked: 0, bookable: true });
    expect(slots.json().slots).toHaveLength(6 + 7);
    const booked = await inject('POST', '/api/hall/bookings', c.headers, { hallId: hall.id, itemCode: ITEMS.food.code, day, slotStart: '09:00' });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json()).toMatchObject({ status: 'active', windowNumber: 1, itemName: ITEMS.food.name, day, slotStart: '09:00', slotEnd: '09:30' });
    expect(booked.json().code).toMatch(/^[A-Z2-9]{8}$/);
    expect((await inject('GET', `/api/hall/bookable/${hall.id}/slots?itemCode=${ITEMS.food.code}&day=${day}`, c.headers)).json().slots[0].booked).toBe(1);
    // The contact is stored only as ciphertext.
    const [row] = await t.app.ctx.db.select().from(hallBookings).where(eq(hallBookings.id, booked.json().id));
    expect(row.nameCipher).not.toContain('李四');
    expect(t.app.ctx.cipher.decrypt(row.nameCipher!)).toBe('李四');
    const mine = (await inject('GET', '/api/hall/bookings/mine', c.headers)).json();
    expect(mine.map((b: { code: string }) => b.code)).toEqual([booked.json().code]);
    const cancelled = await inject('POST', `/api/hall/bookings/mine/${booked.json().id}/cancel`, c.headers);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    expect((await inject('POST', `/api/hall/bookings/mine/${booked.json().id}/cancel`, c.headers)).json().code).toBe('HALL_BOOKING_NOT_ACTIVE');
    expect((await inject('GET', `/api/hall/bookable/${hall.id}/slots?itemCode=${ITEMS.food.code}&day=${day}`, c.headers)).json().slots[0].booked).toBe(0);
    // Someone else cannot cancel it (same answer as a missing booking).
    const other = await createCitizen(t.app.ctx);
    expect((await inject('POST', `/api/hall/bookings/mine/${booked.json().id}/cancel`, other.headers)).statusCode).toBe(404);
  });

  it('holds the capacity of a slot under concurrent bookings (capacity 1 and 2)', async () => {
    const admin = await hallAdmin(t);
    const { hall } = await hallWithWindows(t, admin);
    const day = await nextWorkingDay(t);
    const people = await Promise.all(Array.from({ length: 6 }, () => createCitizen(t.app.ctx)));
    for (const [item, capacity] of [[ITEMS.social, 1], [ITEMS.food, 2]] as const) {
      const results = await Promise.all(people.map((p) => inject('POST', '/api/hall/bookings', p.headers, { hallId: hall.id, itemCode: item.code, day, slotStart: '10:00' })));
      expect(results.filter((r) => r.statusCode === 201)).toHaveLength(capacity);
      const refused = results.filter((r) => r.statusCode !== 201);
      expect(refused.map((r) => r.json().code)).toEqual(Array(6 - capacity).fill('HALL_SLOT_FULL'));
      const rows = await t.app.ctx.db.select().from(hallBookings).where(eq(hallBookings.hallId, hall.id));
      expect(rows.filter((b) => b.itemCode === item.code && b.status === 'active')).toHaveLength(capacity);
    }
  });

  it('keeps one active booking per person and item, also when one person books several slots at once', async () => {
    const admin = await hallAdmin(t);
    const { hall } = await hallWithWindows(t, admin);
    const day = await nextWorkingDay(t);
    const c = await createCitizen(t.app.ctx);
    const results = await Promise.all(['09:00', '09:30', '10:00', '10:30'].map((slotStart) => inject('POST', '/api/hall/bookings', c.headers, { hallId: hall.id, itemCode: ITEMS.shop.code, day, slotStart })));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409).map((r) => r.json().code)).toEqual(Array(3).fill('HALL_BOOKING_EXISTS'));
    // The refused attempts gave their places back (their transactions rolled back).
    const slots = (await inject('GET', `/api/hall/bookable/${hall.id}/slots?itemCode=${ITEMS.shop.code}&day=${day}`, c.headers)).json().slots;
    expect(slots.reduce((n: number, s: { booked: number }) => n + s.booked, 0)).toBe(1);
    // Another item is still bookable.
    expect((await inject('POST', '/api/hall/bookings', c.headers, { hallId: hall.id, itemCode: ITEMS.food.code, day, slotStart: '09:00' })).statusCode).toBe(201);
  });

  it('refuses slots in the past, on weekends, beyond the horizon, and slots that do not exist', async () => {
    const admin = await hallAdmin(t);
    const { hall } = await hallWithWindows(t, admin);
    const c = await createCitizen(t.app.ctx);
    const book = (day: string, slotStart = '09:00') => inject('POST', '/api/hall/bookings', c.headers, { hallId: hall.id, itemCode: ITEMS.food.code, day, slotStart });
    expect((await book('2020-01-06')).json().code).toBe('HALL_SLOT_PAST');
    expect((await book('2099-01-05')).json().code).toBe('HALL_SLOT_TOO_FAR');
    const weekend = await nextClosedWeekendDay(t);
    expect((await book(weekend)).json().code).toBe('HALL_SLOT_CLOSED_DAY');
    expect((await book(await nextWorkingDay(t), '12:30')).json().code).toBe('HALL_SLOT_UNKNOWN');
    expect((await book(await nextWorkingDay(t), '25:00')).statusCode).toBe(400);
    expect((await book('2026-02-30')).statusCode).toBe(400);
    expect((await inject('POST', '/api/hall/bookings', c.headers, { hallId: hall.id, itemCode: 'NO-SUCH', day: await nextWorkingDay(t), slotStart: '09:00' })).json().code).toBe('HALL_ITEM_NOT_SERVED');
  });

  it('the kiosk refuses a red code with a clear error and issues a number for a green one', async () => {
    const admin = await hallAdmin(t);
    const { hall, kioskHeaders } = await hallWithWindows(t, admin);
    const info = await inject('GET', '/api/hall/kiosk', kioskHeaders);
    expect(info.statusCode, info.body).toBe(200);
    expect(info.json().hall.id).toBe(hall.id);

    const sick = await realNamedCitizen(t, '510603', '吴九');
    const declared = await inject('POST', '/api/health/declarations', sick.headers, { residenceDivision: '510603', temperature: 38.9, symptoms: ['fever'], contactWithCase: false });
    expect(declared.statusCode, declared.body).toBe(201);
    const red = await inject('POST', '/api/hall/kiosk/tickets', kioskHeaders, { healthToken: await codeToken(sick.headers), mode: 'walk_in', itemCode: ITEMS.food.code });
    expect(red.statusCode).toBe(403);
    expect(red.json()).toMatchObject({ code: 'HALL_HEALTH_CODE_REFUSED', details: { colour: 'red' } });
    expect((await auditOf(t, 'hall.kiosk.refuse')).at(-1)).toMatchObject({ actor_type: 'api', outcome: 'denied', subject_id: sick.id });
    const garbage = await inject('POST', '/api/hall/kiosk/tickets', kioskHeaders, { healthToken: 'not-a-real-token-at-all', mode: 'walk_in', itemCode: ITEMS.food.code });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().code).toBe('HALL_HEALTH_CODE_INVALID');
    expect(await t.app.ctx.db.select().from(hallTickets).where(eq(hallTickets.hallId, hall.id))).toHaveLength(0);

    const well = await realNamedCitizen(t, '510603', '郑十');
    const green = await inject('POST', '/api/hall/kiosk/tickets', kioskHeaders, { healthToken: await codeToken(well.headers), mode: 'walk_in', itemCode: ITEMS.food.code });
    expect(green.statusCode, green.body).toBe(201);
    expect(green.json()).toMatchObject({ number: 'B001', kind: 'walk_in', itemName: ITEMS.food.name, colour: 'green', visitor: '郑*', ahead: 0, windows: [1] });
    // The same code shown again (a screenshot) is not accepted twice.
    const replay = await inject('POST', '/api/hall/kiosk/tickets', kioskHeaders, { healthToken: (await inject('GET', '/api/health/code', well.headers)).json().token, mode: 'walk_in', itemCode: ITEMS.shop.code });
    expect(replay.statusCode, replay.body).toBe(201);
    expect(replay.json().number).toBe('B002');
  });

  it('issues an appointment number by booking code or by the code holder\'s booking today, and only for its owner', async () => {
    const admin = await hallAdmin(t);
    const { hall, w1, kioskHeaders } = await hallWithWindows(t, admin);
    const c = await realNamedCitizen(t, '510603', '王五');
    const booking = await bookingToday(t, { hallId: hall.id, windowId: w1.id, citizenId: c.id, item: ITEMS.food });
    const stranger = await realNamedCitizen(t, '510603', '赵六');
    const wrong = await inject('POST', '/api/hall/kiosk/tickets', kioskHeaders, { healthToken: await codeToken(stranger.headers), mode: 'appointment', bookingCode: booking.code });
    expect(wrong.json().code).toBe('HALL_BOOKING_NOT_FOUND');
    const byHolder = await inject('POST', '/api/hall/kiosk/tickets', kioskHeaders, { healthToken: await codeToken(c.headers), mode: 'appointment' });
    expect(byHolder.statusCode, byHolder.body).toBe(201);
    expect(byHolder.json()).toMatchObject({ number: 'A001', kind: 'appointment', slotStart: '00:00', windows: [1], visitor: '王*' });
    const [used] = await t.app.ctx.db.select().from(hallBookings).where(eq(hallBookings.id, booking.id));
    expect(used.status).toBe('arrived');
    const again = await inject('POST', '/api/hall/kiosk/tickets', kioskHeaders, { healthToken: await codeToken(c.headers), mode: 'appointment', bookingCode: booking.code });
    expect(again.json().code).toBe('HALL_BOOKING_NOT_ACTIVE');
  });

  it('calls transfers, due appointments, 优先, then walk-ins in order; served, no-show and transfer; the screen shows the calls', async () => {
    const admin = await hallAdmin(t);
    const { hall, w1, w2, kioskHeaders } = await hallWithWindows(t, admin);
    const issue = async (payload: Record<string, unknown>, name: string) => {
      const c = await realNamedCitizen(t, '510603', name);
      const res = await inject('POST', '/api/hall/kiosk/tickets', kioskHeaders, { healthToken: await codeToken(c.headers), ...payload });
      expect(res.statusCode, res.body).toBe(201);
      return { ...res.json(), citizen: c };
    };
    const b1 = await issue({ mode: 'walk_in', itemCode: ITEMS.food.code }, '甲一');
    const b2 = await issue({ mode: 'walk_in', itemCode: ITEMS.shop.code }, '乙二');
    const b3 = await issue({ mode: 'walk_in', itemCode: ITEMS.food.code, priority: true, priorityReason: '老年人' }, '丙三');
    const b4 = await issue({ mode: 'walk_in', itemCode: ITEMS.social.code }, '丁四');
    const holder = await realNamedCitizen(t, '510603', '戊五');
    await bookingToday(t, { hallId: hall.id, windowId: w1.id, citizenId: holder.id, item: ITEMS.shop });
    const a1 = await inject('POST', '/api/hall/kiosk/tickets', kioskHeaders, { healthToken: await codeToken(holder.headers), mode: 'appointment' });
    expect(a1.json().number).toBe('A001');
    expect([b1.number, b2.number, b3.number, b4.number]).toEqual(['B001', 'B002', 'B003', 'B004']);

    const desk1 = await inject('GET', `/api/hall/windows/${w1.id}/desk`, admin.headers);
    expect(desk1.statusCode, desk1.body).toBe(200);
    expect(desk1.json().waiting.map((w: { number: string }) => w.number)).toEqual(['A001', 'B003', 'B001', 'B002']);
    const call = () => inject('POST', `/api/hall/windows/${w1.id}/call`, admin.headers);
    const first = await call();
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ number: 'A001', status: 'called', visitor: '戊*' });
    expect((await call()).json().code).toBe('HALL_WINDOW_BUSY');
    const finish = (windowId: string, ticketId: string, outcome: string) => inject('POST', `/api/hall/windows/${windowId}/tickets/${ticketId}/finish`, admin.headers, { outcome });
    expect((await finish(w1.id, first.json().id, 'served')).json().status).toBe('served');
    const second = (await call()).json();
    expect(second).toMatchObject({ number: 'B003', priority: true, priorityReason: '老年人' });
    // Transfer B003 to window 2: it waits there ahead of window 2's own queue.
    const moved = await inject('POST', `/api/hall/windows/${w1.id}/tickets/${second.id}/transfer`, admin.headers, { toWindowId: w2.id });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ status: 'waiting', transferred: true });
    expect((await inject('GET', `/api/hall/windows/${w2.id}/desk`, admin.headers)).json().waiting.map((w: { number: string }) => w.number)).toEqual(['B003', 'B004']);
    expect((await inject('POST', `/api/hall/windows/${w2.id}/call`, admin.headers)).json().number).toBe('B003');
    const desk2 = (await inject('GET', `/api/hall/windows/${w2.id}/desk`, admin.headers)).json();
    expect(desk2.current).toMatchObject({ number: 'B003', visitor: '丙*', transferred: true });
    expect(JSON.stringify(desk2)).not.toContain('丙三');
    const third = (await call()).json();
    expect(third.number).toBe('B001');
    expect((await finish(w1.id, third.id, 'no_show')).json().status).toBe('no_show');
    expect((await finish(w1.id, third.id, 'served')).json().code).toBe('HALL_TICKET_NOT_CALLED');
    expect((await call()).json().number).toBe('B002');

    // The calling screen is public and shows numbers and windows only.
    const screen = await t.app.inject({ url: `/api/hall/screens/${hall.id}` });
    expect(screen.statusCode, screen.body).toBe(200);
    expect(screen.json().calls.slice(0, 4).map((c: { number: string; windowNumber: number }) => [c.number, c.windowNumber])).toEqual([['B002', 1], ['B001', 1], ['B003', 2], ['A001', 1]]);
    expect(screen.json().waiting).toEqual([{ itemCode: ITEMS.social.code, itemName: ITEMS.social.name, waiting: 1 }]);
    expect(screen.body).not.toMatch(/甲|乙|丙|丁|戊/);

    // Staff reads of the visitor (masked) are audited.
    expect((await auditOf(t, 'hall.ticket.read')).at(-1)).toMatchObject({ actor_type: 'staff', subject_id: second.id });
    expect((await auditOf(t, 'hall.ticket.call')).length).toBeGreaterThanOrEqual(5);

    // Daily counts.
    const day = screen.json().day;
    const stats = await inject('GET', `/api/hall/halls/${hall.id}/stats?from=${day}&to=${day}`, admin.headers);
    expect(stats.statusCode, stats.body).toBe(200);
    expect(stats.json().days).toEqual([expect.objectContaining({ day, issued: 5, served: 1, noShows: 1, appointments: 1, walkIns: 4, priority: 1 })]);
    expect(stats.json().days[0].avgWaitMinutes).toBeGreaterThanOrEqual(0);
  });

  it('never gives one number twice: concurrent kiosks issue distinct numbers, concurrent windows call distinct numbers', async () => {
    const admin = await hallAdmin(t);
    const { hall, w1, kioskHeaders } = await hallWithWindows(t, admin);
    // A second window for the same items and a second kiosk of the same hall.
    const w3 = (await inject('POST', `/api/hall/halls/${hall.id}/windows`, admin.headers, { number: 3, name: '综合受理二', items: [ITEMS.food, ITEMS.shop], openHours: ['09:00-12:00'], slotCapacity: 1, staffIds: [] })).json();
    const kiosk2 = { 'x-api-key': (await inject('POST', `/api/hall/halls/${hall.id}/kiosks`, admin.headers, { name: '二号取号机' })).json().key as string };
    const visitors = await Promise.all(['一', '二', '三', '四', '五', '六'].map((n) => realNamedCitizen(t, '510603', `钱${n}`)));
    const tokens = await Promise.all(visitors.map((v) => codeToken(v.headers)));
    const issued = await Promise.all(tokens.map((healthToken, i) => inject('POST', '/api/hall/kiosk/tickets', i % 2 ? kiosk2 : kioskHeaders, { healthToken, mode: 'walk_in', itemCode: ITEMS.food.code })));
    expect(issued.map((r) => r.statusCode)).toEqual(Array(6).fill(201));
    expect(issued.map((r) => r.json().number).sort()).toEqual(['B001', 'B002', 'B003', 'B004', 'B005', 'B006']);
    const calls = await Promise.all([w1.id, w3.id].map((id) => inject('POST', `/api/hall/windows/${id}/call`, admin.headers)));
    expect(calls.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(new Set(calls.map((r) => r.json().number)).size).toBe(2);
    // The other four still wait.
    expect((await t.app.ctx.db.select().from(hallTickets).where(eq(hallTickets.hallId, hall.id))).filter((r) => r.status === 'waiting')).toHaveLength(4);
  });

  it('scopes halls, windows, counts and kiosks to their region and hall', async () => {
    const admin = await hallAdmin(t);
    const { hall, w1 } = await hallWithWindows(t, admin);
    const elsewhere = await hallAdmin(t, '510700');
    expect((await inject('GET', `/api/hall/halls/${hall.id}`, elsewhere.headers)).statusCode).toBe(404);
    expect((await inject('GET', '/api/hall/halls', elsewhere.headers)).json().map((h: { id: string }) => h.id)).not.toContain(hall.id);
    expect((await inject('POST', `/api/hall/windows/${w1.id}/call`, elsewhere.headers)).statusCode).toBe(404);
    expect((await inject('GET', `/api/hall/halls/${hall.id}/stats?from=2026-01-01&to=2026-01-02`, elsewhere.headers)).statusCode).toBe(404);
    expect((await inject('POST', '/api/hall/halls', elsewhere.headers, { name: '越权大厅', regionCode: '510603' })).statusCode).toBe(403);
    // A window with assigned staff is worked by them only.
    const assigned = await hallAdmin(t);
    const other = await hallAdmin(t);
    const { w1: staffed } = await hallWithWindows(t, admin, [assigned.id]);
    expect((await inject('GET', `/api/hall/windows/${staffed.id}/desk`, other.headers)).statusCode).toBe(403);
    expect((await inject('GET', `/api/hall/windows/${staffed.id}/desk`, assigned.headers)).statusCode).toBe(200);
    // A key with hall.kiosk that is not bound to a hall device issues nothing; citizens and other roles cannot act as kiosks.
    const unbound = await apiKey(t, ['hall.kiosk'], '510603');
    expect((await inject('GET', '/api/hall/kiosk', { 'x-api-key': unbound })).json().code).toBe('HALL_KIOSK_UNBOUND');
    const citizen = await createCitizen(t.app.ctx);
    expect((await inject('GET', '/api/hall/kiosk', citizen.headers)).statusCode).toBe(403);
    expect((await inject('GET', '/api/hall/halls', citizen.headers)).statusCode).toBe(403);
    // A rotated kiosk key stops working at once.
    const { hall: h2, kioskHeaders } = await hallWithWindows(t, admin);
    const detail = (await inject('GET', `/api/hall/halls/${h2.id}`, admin.headers)).json();
    const rotated = await inject('POST', `/api/hall/kiosks/${detail.devices[0].id}/key`, admin.headers);
    expect(rotated.statusCode, rotated.body).toBe(200);
    expect((await inject('GET', '/api/hall/kiosk', kioskHeaders)).statusCode).toBe(401);
    expect((await inject('GET', '/api/hall/kiosk', { 'x-api-key': rotated.json().key })).json().hall.id).toBe(h2.id);
  });

  it('answers bad input with 4xx', async () => {
    const admin = await hallAdmin(t);
    const { hall } = await hallWithWindows(t, admin);
    const bad = [
      await inject('POST', '/api/hall/halls', admin.headers, { name: '大厅', regionCode: '999999' }),
      await inject('POST', '/api/hall/halls', admin.headers, { name: '大厅', regionCode: 'abc' }),
      await inject('POST', `/api/hall/halls/${hall.id}/windows`, admin.headers, { number: 9, name: '窗口', items: [], openHours: ['12:00-09:00'], slotCapacity: 1, staffIds: [] }),
      await inject('POST', `/api/hall/halls/${hall.id}/windows`, admin.headers, { number: 1, name: '重复', items: [], openHours: [], slotCapacity: 1, staffIds: [] }),
      await inject('POST', `/api/hall/halls/${hall.id}/windows`, admin.headers, { number: 9, name: '窗口', items: [], openHours: [], slotCapacity: 1, staffIds: ['00000000-0000-4000-8000-000000000000'] }),
      await inject('GET', '/api/hall/halls/not-a-uuid', admin.headers),
      await inject('GET', `/api/hall/halls/${hall.id}/stats?from=2026-01-10&to=2026-01-01`, admin.headers),
      await inject('GET', `/api/hall/halls/${hall.id}/stats?from=2025-01-01&to=2026-01-01`, admin.headers),
      await inject('GET', '/api/hall/screens/not-a-uuid', {}),
    ];
    expect(bad.map((r) => r.statusCode)).toEqual([400, 400, 400, 409, 400, 400, 400, 400, 400]);
    expect(bad.map((r) => r.json().code).slice(0, 5)).toEqual(['HALL_DIVISION_UNKNOWN', 'VALIDATION_FAILED', 'HALL_OPEN_HOURS_INVALID', 'HALL_WINDOW_NUMBER_TAKEN', 'HALL_STAFF_UNKNOWN']);
    expect((await t.app.inject({ url: '/api/hall/screens/00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
  });
});
