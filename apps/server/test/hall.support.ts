import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { addDays, todayInChina } from '@fangxian/contracts/kernel';
import { rows } from '../src/platform/db/database.ts';
import type { ItemContent } from '@fangxian/contracts/govservice';
import { bookableDays } from '../src/modules/hall/hall.rules.ts';
import { hallWorkingDays } from '../src/modules/hall/hall.service.ts';
import { hallBookings, hallSlotCounts } from '../src/modules/hall/hall.tables.ts';
import { createStaff } from './factories.ts';
import type { TestApp } from './support.ts';

export const ITEMS = {
  food: { code: 'SC-XK-001', name: '食品经营许可' },
  shop: { code: 'SC-DJ-002', name: '个体工商户设立登记' },
  social: { code: 'RS-SB-001', name: '社会保险参保登记' },
};

/** A minimal catalogue item (one material, one field) named `name`, for the hall's windows. */
export function itemContent(name: string): ItemContent {
  return {
    name, type: 'public_service', department: '德阳市政务服务中心', reviewDepartments: ['德阳市政务服务中心'],
    legalLimitDays: 10, promisedLimitDays: 5, applicantTypes: ['person'],
    materials: [{ key: 'identity', name: '身份证明', required: true, form: 'copy', count: 1, secondary: false }],
    fees: [], channels: ['window', 'online'], visits: 1,
    modes: { tolerance: null, commitment: null, priority: false },
    resultTitle: `${name}结果`, guide: `${name}办事指南`,
    form: { fields: [{ key: 'note', label: { zh: '说明', en: 'Note' }, type: 'text', required: true }] },
  };
}

const published = new WeakSet<TestApp>();

/** Creates and publishes items (by default the hall's test items, ITEMS) in the catalogue of a region (510600). */
export async function publishItems(t: TestApp, admin: { headers: Record<string, string> }, items: { code: string; name: string }[] = Object.values(ITEMS), regionCode = '510600') {
  for (const item of items) {
    const created = await t.app.inject({ method: 'POST', url: '/api/govservice/admin/items', headers: admin.headers, payload: { code: item.code, regionCode, content: itemContent(item.name) } });
    if (created.statusCode !== 201) throw new Error(`item ${item.code}: ${created.statusCode} ${created.body}`);
    const done = await t.app.inject({ method: 'POST', url: `/api/govservice/admin/items/${created.json().id}/publish`, headers: admin.headers });
    if (done.statusCode !== 200) throw new Error(`publish ${item.code}: ${done.statusCode} ${done.body}`);
  }
}

/** A hall administrator (政务服务中心) of a region. */
export function hallAdmin(t: TestApp, regionCode = '510600') {
  return createStaff(t.app.ctx, { roles: ['service_center'], regionCode });
}

/** A hall in 510603 with two windows: 1 (food, shop; capacity 2) and 2 (social; capacity 1); and a kiosk key. */
export async function hallWithWindows(t: TestApp, admin: { headers: Record<string, string> }, staffIds: string[] = []) {
  if (!published.has(t)) { // the test items, once per test app
    await publishItems(t, await hallAdmin(t));
    published.add(t);
  }
  const post = async (url: string, payload: unknown) => {
    const res = await t.app.inject({ method: 'POST', url, headers: admin.headers, payload: payload as Record<string, unknown> });
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const hall = await post('/api/hall/halls', { name: `测试大厅 ${randomUUID().slice(0, 6)}`, regionCode: '510603', address: '旌阳区', slotMinutes: 30, bookingDays: 7 });
  const w1 = await post(`/api/hall/halls/${hall.id}/windows`, { number: 1, name: '综合受理', items: [ITEMS.food, ITEMS.shop], openHours: ['09:00-12:00', '13:30-17:00'], slotCapacity: 2, staffIds });
  const w2 = await post(`/api/hall/halls/${hall.id}/windows`, { number: 2, name: '社保', items: [ITEMS.social], openHours: ['09:00-12:00'], slotCapacity: 1, staffIds });
  const kiosk = await post(`/api/hall/halls/${hall.id}/kiosks`, { name: '入口取号机' });
  return { hall, w1, w2, kioskKey: kiosk.key as string, kioskHeaders: { 'x-api-key': kiosk.key as string } };
}

/** A working day (of the stored holiday calendar) after today within the default horizon (never today, so no slot has started). */
export async function nextWorkingDay(t: TestApp): Promise<string> {
  return bookableDays(new Date(), 7, await hallWorkingDays(t.app.ctx.db)).find((d) => d > todayInChina())!;
}

/**
 * A Saturday or Sunday after today within the default horizon that the stored holiday calendar keeps
 * closed: counted in China days, and never a make-up working day (调休, e.g. Saturday 2026-10-10).
 */
export async function nextClosedWeekendDay(t: TestApp): Promise<string> {
  const calendar = await hallWorkingDays(t.app.ctx.db);
  const today = todayInChina();
  const days = Array.from({ length: 7 }, (_, i) => addDays(today, i + 1));
  return days.find((d) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()) && !calendar.isWorkingDay(d))!;
}

/** A booking for today at a window whose slot has started (white-box: the API refuses slots in the past). */
export async function bookingToday(t: TestApp, input: { hallId: string; windowId: string; citizenId: string; item: { code: string; name: string }; slotStart?: string; code?: string }) {
  const code = input.code ?? `T${randomUUID().replace(/-/g, '').slice(0, 7).toUpperCase()}`;
  const day = todayInChina();
  await t.app.ctx.db.insert(hallSlotCounts).values({ windowId: input.windowId, day, slotStart: input.slotStart ?? '00:00', booked: 1 }).onConflictDoNothing();
  const [row] = await t.app.ctx.db
    .insert(hallBookings)
    .values({
      hallId: input.hallId, windowId: input.windowId, regionCode: '510603', itemCode: input.item.code, itemName: input.item.name, day, slotStart: input.slotStart ?? '00:00', slotEnd: '00:30',
      citizenId: input.citizenId, code, status: 'active',
    })
    .returning();
  return row;
}

/** Audit records of an action (oldest first). */
export async function auditOf(t: TestApp, action: string) {
  return rows<{ actor_type: string; subject_id: string | null; outcome: string; detail: Record<string, unknown> }>(
    t.database.db,
    sql`select actor_type, subject_id, outcome, detail from audit_log where action = ${action} order by seq`,
  );
}
