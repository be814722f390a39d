import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInChina } from '@fangxian/contracts/kernel';
import { createTestApp, type TestApp } from './support.ts';
import { realNamedCitizen } from './health-code.support.ts';
import { createStaff } from './factories.ts';
import { uploadFile } from './tickets.support.ts';
import { hallAdmin, hallWithWindows, itemContent, ITEMS, publishItems } from './hall.support.ts';

/**
 * Issue 16, the hall joined to government services: windows pick items of the published catalogue
 * (unknown, unpublished and other-region codes refused), appointment slots follow the holiday calendar
 * (a holiday has none, a make-up Saturday has them), and the daily counts add online handling and the
 * on-site share.
 */
describe('service hall with the catalogue and the holiday calendar', { timeout: 180_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 180_000);
  afterAll(async () => t.close());

  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, headers: Record<string, string>, payload?: Record<string, unknown>) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  it('takes window items from the published catalogue: unknown, unpublished and other-region codes get 400 HALL_ITEM_UNKNOWN; names are the catalogue\'s', async () => {
    const admin = await hallAdmin(t);
    const { hall, w1 } = await hallWithWindows(t, admin);
    expect(w1.items).toEqual([ITEMS.food, ITEMS.shop]);

    // A draft that was never published, and a published item of Chengdu (510100).
    const draft = await inject('POST', '/api/govservice/admin/items', admin.headers, { code: 'HX-DRAFT-001', regionCode: '510600', content: itemContent('草稿事项') });
    expect(draft.statusCode, draft.body).toBe(201);
    const chengdu = await createStaff(t.app.ctx, { roles: ['service_center'], regionCode: '510100' });
    await publishItems(t, chengdu, [{ code: 'CD-OTHER-001', name: '成都市事项' }], '510100');

    const window = (items: { code: string; name: string }[], number = 7) =>
      inject('POST', `/api/hall/halls/${hall.id}/windows`, admin.headers, { number, name: '新窗口', items, openHours: ['09:00-12:00'], slotCapacity: 1, staffIds: [] });
    for (const code of ['NO-SUCH-001', 'HX-DRAFT-001', 'CD-OTHER-001']) {
      const res = await window([ITEMS.food, { code, name: '随便写的名称' }]);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ code: 'HALL_ITEM_UNKNOWN', details: { codes: [code] } });
    }
    const patched = await inject('PATCH', `/api/hall/windows/${w1.id}`, admin.headers, { items: [{ code: 'NO-SUCH-001', name: 'x' }, { code: 'NO-SUCH-002', name: 'y' }] });
    expect(patched.statusCode).toBe(400);
    expect(patched.json().details.codes).toEqual(['NO-SUCH-001', 'NO-SUCH-002']);

    // A known code with a name typed differently is stored under the catalogue's name.
    const created = await window([{ code: ITEMS.social.code, name: '手填的名称' }]);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().items).toEqual([ITEMS.social]);
  });

  it('offers no slots on a public holiday and offers them on a make-up Saturday (platform/calendar)', async () => {
    const admin = await hallAdmin(t);
    const sysAdmin = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '' });
    const { hall } = await hallWithWindows(t, admin);
    const c = await realNamedCitizen(t, '510603', '孙七');
    const today = todayInChina();
    const horizon = Array.from({ length: 7 }, (_, i) => addDays(today, i + 1));
    const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
    const holiday = horizon.find((d) => weekday(d) >= 1 && weekday(d) <= 5)!;
    const saturday = horizon.find((d) => weekday(d) === 6)!;
    const slots = (day: string) => inject('GET', `/api/hall/bookable/${hall.id}/slots?itemCode=${ITEMS.food.code}&day=${day}`, c.headers);

    // Before: the weekday has bookable slots, the Saturday none.
    expect((await slots(holiday)).json().slots.length).toBeGreaterThan(0);
    expect((await slots(saturday)).json().slots).toEqual([]);

    expect((await inject('PUT', `/api/calendar/days/${holiday}`, sysAdmin.headers, { kind: 'holiday', name: '测试假日' })).statusCode).toBe(200);
    expect((await inject('PUT', `/api/calendar/days/${saturday}`, sysAdmin.headers, { kind: 'workday', name: '测试调休上班' })).statusCode).toBe(200);
    try {
      const onHoliday = (await slots(holiday)).json();
      expect(onHoliday.slots).toEqual([]);
      expect(onHoliday.days).not.toContain(holiday);
      expect(onHoliday.days).toContain(saturday);
      const refused = await inject('POST', '/api/hall/bookings', c.headers, { hallId: hall.id, itemCode: ITEMS.food.code, day: holiday, slotStart: '09:00' });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().code).toBe('HALL_SLOT_CLOSED_DAY');

      const onSaturday = (await slots(saturday)).json();
      expect(onSaturday.slots.map((s: { start: string }) => s.start)).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30']);
      expect(onSaturday.slots.every((s: { bookable: boolean }) => s.bookable)).toBe(true);
      const booked = await inject('POST', '/api/hall/bookings', c.headers, { hallId: hall.id, itemCode: ITEMS.food.code, day: saturday, slotStart: '09:00' });
      expect(booked.statusCode, booked.body).toBe(201);
      expect(booked.json()).toMatchObject({ day: saturday, slotStart: '09:00', windowNumber: 1 });
    } finally {
      await inject('DELETE', `/api/calendar/days/${holiday}`, sysAdmin.headers);
      await inject('DELETE', `/api/calendar/days/${saturday}`, sysAdmin.headers);
    }
  });

  it('counts on-site handling (served at a window) against online submissions of the day, per hall and for the region', async () => {
    const admin = await hallAdmin(t);
    const { hall, w1, kioskHeaders } = await hallWithWindows(t, admin);
    await publishItems(t, admin, [{ code: 'HX-ELSE-001', name: '大厅不办的事项' }]);
    const today = todayInChina();

    // On site: one number issued after a green code, called and served at window 1.
    const visitor = await realNamedCitizen(t, '510603', '周八');
    const token = (await inject('GET', '/api/health/code', visitor.headers)).json().token;
    expect((await inject('POST', '/api/hall/kiosk/tickets', kioskHeaders, { healthToken: token, mode: 'walk_in', itemCode: ITEMS.food.code })).statusCode).toBe(201);
    const called = await inject('POST', `/api/hall/windows/${w1.id}/call`, admin.headers);
    expect(called.statusCode, called.body).toBe(200);
    const ticketId = called.json().id;
    expect((await inject('POST', `/api/hall/windows/${w1.id}/tickets/${ticketId}/finish`, admin.headers, { outcome: 'served' })).statusCode).toBe(200);

    // Online: two applications submitted today — one for an item of this hall, one for an item no window handles; a draft is not counted.
    const applicant = await realNamedCitizen(t, '510603', '吴九');
    const apply = async (itemCode: string, submit: boolean) => {
      const file = await uploadFile(t, applicant.headers);
      const res = await inject('POST', '/api/govservice/applications', applicant.headers, { itemCode, applicantType: 'person', phone: '13812345678', form: { note: '网上申请' }, materials: [{ key: 'identity', fileIds: [file] }], mode: 'normal' });
      expect(res.statusCode, res.body).toBe(201);
      if (submit) expect((await inject('POST', `/api/govservice/applications/mine/${res.json().id}/submit`, applicant.headers)).statusCode).toBe(200);
    };
    await apply(ITEMS.food.code, true);
    await apply('HX-ELSE-001', true);
    await apply(ITEMS.shop.code, false);

    const stats = await inject('GET', `/api/hall/halls/${hall.id}/stats?from=${today}&to=${today}`, admin.headers);
    expect(stats.statusCode, stats.body).toBe(200);
    expect(stats.json().days).toEqual([expect.objectContaining({ day: today, issued: 1, served: 1, walkIns: 1, online: 1, onsiteShare: 50 })]);
    expect(stats.json().totals).toEqual({ served: 1, online: 1, onsiteShare: 50 });

    // The region (510600): every hall's served numbers (only this one served today) and every online submission.
    const region = await inject('GET', `/api/hall/handling?from=${today}&to=${today}`, admin.headers);
    expect(region.statusCode, region.body).toBe(200);
    expect(region.json().days).toEqual([{ day: today, served: 1, online: 2, onsiteShare: 33.3 }]);
    expect(region.json().totals).toEqual({ served: 1, online: 2, onsiteShare: 33.3 });

    // A day without any handling has no row; a bad range is 400; a citizen is refused.
    expect((await inject('GET', `/api/hall/handling?from=${addDays(today, -3)}&to=${addDays(today, -2)}`, admin.headers)).json()).toMatchObject({ days: [], totals: { served: 0, online: 0, onsiteShare: null } });
    expect((await inject('GET', `/api/hall/handling?from=${today}&to=${addDays(today, -1)}`, admin.headers)).statusCode).toBe(400);
    expect((await inject('GET', `/api/hall/handling?from=${today}&to=${today}`, applicant.headers)).statusCode).toBe(403);
  });
});
