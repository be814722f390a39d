import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff } from './factories.ts';
import { sendNotices, RATE_LIMITS, type Notice } from '../src/platform/notifications/index.ts';
import { latestOutbox, setSmsSender } from '../src/platform/identity/sms.ts';
import { notifications } from '../src/platform/notifications/notifications.tables.ts';
import { eq } from 'drizzle-orm';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const notice = (recipient: Notice['recipient'], over: Partial<Notice> = {}): Notice => ({
  recipient,
  kind: 'test.notice',
  title: { zh: '标题', en: 'Title' },
  body: { zh: '正文', en: 'Body' },
  channels: ['inbox'],
  ...over,
});

describe('notification centre', () => {
  it('delivers to the inbox of citizens and staff; each reads and marks only their own', async () => {
    const citizen = await createCitizen(t.app.ctx);
    const staff = await createStaff(t.app.ctx, { roles: ['health'] });
    await t.app.ctx.db.transaction((tx) => sendNotices(t.app.ctx, tx, [notice({ type: 'citizen', id: citizen.id }), notice({ type: 'staff', id: staff.id }, { link: '/audit' })]));
    const mine = (await t.app.inject({ method: 'GET', url: '/api/notifications', headers: citizen.headers })).json();
    expect(mine.unread).toBe(1);
    expect(mine.items[0]).toMatchObject({ kind: 'test.notice', title: { zh: '标题', en: 'Title' }, readAt: null });
    const staffBox = (await t.app.inject({ method: 'GET', url: '/api/notifications', headers: staff.cookieHeaders })).json();
    expect(staffBox.items).toHaveLength(1);
    expect(staffBox.items[0].link).toBe('/audit');

    const other = await t.app.inject({ method: 'POST', url: `/api/notifications/${staffBox.items[0].id}/read`, headers: citizen.headers });
    expect(other.statusCode).toBe(404);
    const ok = await t.app.inject({ method: 'POST', url: `/api/notifications/${mine.items[0].id}/read`, headers: citizen.headers });
    expect(ok.statusCode).toBe(204);
    const after = (await t.app.inject({ method: 'GET', url: '/api/notifications', headers: citizen.headers })).json();
    expect(after.unread).toBe(0);
    expect(after.items[0].readAt).not.toBeNull();
    expect((await t.app.inject({ method: 'POST', url: '/api/notifications/read-all', headers: staff.cookieHeaders })).json()).toEqual({ marked: 1 });
    expect((await t.app.inject({ method: 'GET', url: '/api/notifications' })).statusCode).toBe(401);
  });

  it('stores title and body encrypted', async () => {
    const citizen = await createCitizen(t.app.ctx);
    await t.app.ctx.db.transaction((tx) => sendNotices(t.app.ctx, tx, [notice({ type: 'citizen', id: citizen.id }, { body: { zh: '秘密内容', en: 'secret' } })]));
    const [row] = await t.app.ctx.db.select().from(notifications).where(eq(notifications.recipientId, citizen.id));
    expect(row.bodyCipher).not.toContain('秘密内容');
    expect(row.bodyCipher).not.toContain('secret');
  });

  it('sends SMS through the SmsSender, de-duplicates by key, rate-limits per recipient, skips staff without a phone', async () => {
    const citizen = await createCitizen(t.app.ctx);
    const staff = await createStaff(t.app.ctx, { roles: ['health'] });
    const send = (ns: Notice[]) => t.app.ctx.db.transaction((tx) => sendNotices(t.app.ctx, tx, ns));
    const first = await send([notice({ type: 'citizen', id: citizen.id }, { channels: ['inbox', 'sms'], dedupeKey: 'k1' })]);
    expect(first).toMatchObject({ delivered: 2, duplicate: 0 });
    const again = await send([notice({ type: 'citizen', id: citizen.id }, { channels: ['inbox', 'sms'], dedupeKey: 'k1' })]);
    expect(again).toMatchObject({ delivered: 0, duplicate: 2 });
    expect(await latestOutbox(t.app.ctx, { limit: 10, phone: citizen.phone })).toHaveLength(1);

    const burst = await send(Array.from({ length: RATE_LIMITS.sms + 2 }, (_, i) => notice({ type: 'citizen', id: citizen.id }, { channels: ['sms'], dedupeKey: `b${i}` })));
    expect(burst).toMatchObject({ delivered: RATE_LIMITS.sms - 1, rateLimited: 3 });
    expect(await latestOutbox(t.app.ctx, { limit: 20, phone: citizen.phone })).toHaveLength(RATE_LIMITS.sms);

    const staffSms = await send([notice({ type: 'staff', id: staff.id }, { channels: ['sms'] })]);
    expect(staffSms).toMatchObject({ delivered: 0, skipped: 1 });
    expect(t.logs.join('')).not.toContain(citizen.phone);
  });

  it('records a failed SMS delivery when the gateway refuses, without losing the inbox message', async () => {
    const t2 = await createTestApp();
    try {
      setSmsSender(t2.app.ctx, { name: 'failing', keepsReadableCopies: false, send: async () => { throw new Error('gateway down'); } });
      const citizen = await createCitizen(t2.app.ctx);
      const summary = await t2.app.ctx.db.transaction((tx) => sendNotices(t2.app.ctx, tx, [notice({ type: 'citizen', id: citizen.id }, { channels: ['inbox', 'sms'] })]));
      expect(summary).toMatchObject({ delivered: 1, failed: 1 });
      const rows = await t2.app.ctx.db.select().from(notifications).where(eq(notifications.recipientId, citizen.id));
      expect(rows.map((r) => `${r.channel}:${r.status}`).sort()).toEqual(['inbox:delivered', 'sms:failed']);
    } finally {
      await t2.close();
    }
  });
});
