import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff } from './factories.ts';
import { deliverDueNotices, MAX_ATTEMPTS, sendNotices, signWebhook, RATE_LIMITS, type Notice } from '../src/platform/notifications/index.ts';
import { latestOutbox, setSmsSender } from '../src/platform/identity/sms.ts';
import { notifications, notificationWebhookOutbox } from '../src/platform/notifications/notifications.tables.ts';
import { and, eq, sql } from 'drizzle-orm';

async function inboxOf(app: TestApp, citizen: { headers: Record<string, string> }) {
  return (await app.app.inject({ method: 'GET', url: '/api/notifications', headers: citizen.headers })).json().items as { kind: string; title: { zh: string; en: string }; body: { zh: string; en: string } }[];
}

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

  it('defers SMS sent in bulk to the delivery job: nothing reaches the gateway in the caller\'s transaction, an unreadable phone does not sink it', async () => {
    const citizen = await createCitizen(t.app.ctx);
    const unreadable = await createCitizen(t.app.ctx);
    await t.app.ctx.db.execute(sql`update citizens set phone_cipher = 'x' where id = ${unreadable.id}`);
    const before = (await latestOutbox(t.app.ctx, { limit: 1, phone: citizen.phone }))[0]?.id;
    const summary = await t.app.ctx.db.transaction((tx) =>
      sendNotices(t.app.ctx, tx, [citizen, unreadable].map((c) => notice({ type: 'citizen', id: c.id }, { channels: ['inbox', 'sms'] })), new Date(), { deferSms: true }),
    );
    expect(summary).toMatchObject({ delivered: 2, pending: 2, failed: 0 });
    expect((await latestOutbox(t.app.ctx, { limit: 1, phone: citizen.phone }))[0]?.id).toBe(before);
    const run = await deliverDueNotices(t.app.ctx, new Date(Date.now() + 1000));
    expect(run.delivered).toBeGreaterThanOrEqual(1);
    const [sent] = await latestOutbox(t.app.ctx, { limit: 1, phone: citizen.phone });
    expect(sent.id).not.toBe(before);
    expect(sent.body).toContain('标题');
    const [stuck] = await t.app.ctx.db.select().from(notifications).where(and(eq(notifications.recipientId, unreadable.id), eq(notifications.channel, 'sms')));
    expect(stuck).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it('retries a refused SMS as a job with growing waits, records it failed after the last attempt, without losing the inbox message', async () => {
    const t2 = await createTestApp();
    try {
      setSmsSender(t2.app.ctx, { name: 'failing', keepsReadableCopies: false, send: async () => { throw new Error('gateway down'); } });
      const citizen = await createCitizen(t2.app.ctx);
      const summary = await t2.app.ctx.db.transaction((tx) => sendNotices(t2.app.ctx, tx, [notice({ type: 'citizen', id: citizen.id }, { channels: ['inbox', 'sms'] })]));
      expect(summary).toMatchObject({ delivered: 1, failed: 1 });
      const rows = await t2.app.ctx.db.select().from(notifications).where(eq(notifications.recipientId, citizen.id));
      expect(rows.map((r) => `${r.channel}:${r.status}`).sort()).toEqual(['inbox:delivered', 'sms:pending']);
      const sms = () => t2.app.ctx.db.select().from(notifications).where(and(eq(notifications.recipientId, citizen.id), eq(notifications.channel, 'sms')));
      expect((await sms())[0]).toMatchObject({ attempts: 1, lastError: 'gateway down' });
      // Not due yet: the delivery job leaves it.
      expect(await deliverDueNotices(t2.app.ctx, new Date())).toEqual({ delivered: 0, retried: 0, failed: 0 });
      let at = Date.now();
      for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
        at += 60_000 * 2 ** (attempt - 2) + 1000;
        const run = await deliverDueNotices(t2.app.ctx, new Date(at));
        expect(run).toEqual(attempt < MAX_ATTEMPTS ? { delivered: 0, retried: 1, failed: 0 } : { delivered: 0, retried: 0, failed: 1 });
      }
      expect((await sms())[0]).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, dueAt: null });
      expect((await inboxOf(t2, citizen)).length).toBe(1);
    } finally {
      await t2.close();
    }
  });

  it('renders a kind\'s registered template (zh and en) from params; a kind without texts or template is refused', async () => {
    const citizen = await createCitizen(t.app.ctx);
    await t.app.ctx.db.transaction((tx) =>
      sendNotices(t.app.ctx, tx, [{ recipient: { type: 'citizen', id: citizen.id }, kind: 'checkin.reminder', params: { org: '甲公司' }, channels: ['inbox'] }]),
    );
    const [item] = await inboxOf(t, citizen);
    expect(item).toMatchObject({ kind: 'checkin.reminder', title: { zh: '请完成今日健康打卡' }, body: { zh: '“甲公司”提醒您：今日尚未健康打卡。', en: '"甲公司" reminds you: you have not reported today.' } });
    await expect(
      t.app.ctx.db.transaction((tx) => sendNotices(t.app.ctx, tx, [{ recipient: { type: 'citizen', id: citizen.id }, kind: 'test.unregistered', channels: ['inbox'] }])),
    ).rejects.toThrow(/neither texts nor a template/);
  });

  it('honours preferences per kind and channel (mandatory channels stay on), and validates them field by field', async () => {
    const citizen = await createCitizen(t.app.ctx);
    const prefs = (await t.app.inject({ method: 'GET', url: '/api/notifications/preferences', headers: citizen.headers })).json();
    const reminder = prefs.kinds.find((k: { kind: string }) => k.kind === 'checkin.reminder');
    expect(reminder.channels).toEqual({ inbox: true, sms: true, webhook: true });
    expect(prefs.kinds.find((k: { kind: string }) => k.kind === 'health-code.colour-changed').mandatory).toEqual(['inbox']);

    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/notifications/preferences',
      headers: citizen.headers,
      payload: { preferences: [{ kind: 'nope.kind', channel: 'sms', enabled: false }, { kind: 'health-code.colour-changed', channel: 'inbox', enabled: false }], webhookUrl: 'http://example.com/hook' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['/body/preferences/0/kind', '/body/preferences/1/channel', '/body/webhookUrl']);

    const ok = await t.app.inject({ method: 'PUT', url: '/api/notifications/preferences', headers: citizen.headers, payload: { preferences: [{ kind: 'checkin.reminder', channel: 'sms', enabled: false }] } });
    expect(ok.statusCode).toBe(200);
    const before = (await latestOutbox(t.app.ctx, { limit: 50, phone: citizen.phone })).length;
    const summary = await t.app.ctx.db.transaction((tx) =>
      sendNotices(t.app.ctx, tx, [{ recipient: { type: 'citizen', id: citizen.id }, kind: 'checkin.reminder', params: { org: '乙' }, channels: ['inbox', 'sms'] }]),
    );
    expect(summary).toMatchObject({ delivered: 1, muted: 1 });
    expect((await latestOutbox(t.app.ctx, { limit: 50, phone: citizen.phone })).length).toBe(before);
    const rows = await t.app.ctx.db.select().from(notifications).where(eq(notifications.recipientId, citizen.id));
    expect(rows.map((r) => `${r.channel}:${r.status}`).sort()).toEqual(['inbox:delivered', 'sms:muted']);
  });

  it('holds SMS in quiet hours and the delivery job sends it when they end; the inbox copy is immediate', async () => {
    const citizen = await createCitizen(t.app.ctx);
    const put = await t.app.inject({ method: 'PUT', url: '/api/notifications/preferences', headers: citizen.headers, payload: { quietHours: { start: '22:00', end: '07:00' } } });
    expect(put.json().preferences.quietHours).toEqual({ start: '22:00', end: '07:00' });
    const night = new Date('2026-12-07T15:30:00Z'); // 23:30 China time
    const summary = await t.app.ctx.db.transaction((tx) => sendNotices(t.app.ctx, tx, [notice({ type: 'citizen', id: citizen.id }, { channels: ['inbox', 'sms'] })], night));
    expect(summary).toMatchObject({ delivered: 1, pending: 1 });
    const [sms] = await t.app.ctx.db.select().from(notifications).where(and(eq(notifications.recipientId, citizen.id), eq(notifications.channel, 'sms')));
    expect(sms.dueAt!.toISOString()).toBe('2026-12-07T23:00:00.000Z'); // 07:00 China time
    expect(await deliverDueNotices(t.app.ctx, new Date('2026-12-07T22:59:00Z'))).toMatchObject({ delivered: 0 });
    expect(await deliverDueNotices(t.app.ctx, new Date('2026-12-07T23:00:00Z'))).toMatchObject({ delivered: 1 });
    const [after] = await t.app.ctx.db.select().from(notifications).where(eq(notifications.id, sms.id));
    expect(after).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(await latestOutbox(t.app.ctx, { limit: 5, phone: citizen.phone })).toHaveLength(1);
  });

  it('posts to a person\'s webhook receiver, signed with their secret, through the local outbox the console reads', async () => {
    const citizen = await createCitizen(t.app.ctx);
    const put = await t.app.inject({ method: 'PUT', url: '/api/notifications/preferences', headers: citizen.headers, payload: { webhookUrl: 'https://hooks.example.cn/fangxian' } });
    const secret = put.json().webhookSecret as string;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    // The secret is answered once only.
    expect((await t.app.inject({ method: 'PUT', url: '/api/notifications/preferences', headers: citizen.headers, payload: { quietHours: null } })).json().webhookSecret).toBeNull();

    const summary = await t.app.ctx.db.transaction((tx) => sendNotices(t.app.ctx, tx, [notice({ type: 'citizen', id: citizen.id }, { kind: 'checkin.reminder', params: { org: '丙' }, title: undefined, body: undefined })]));
    expect(summary).toMatchObject({ delivered: 1, pending: 1 });
    expect(await deliverDueNotices(t.app.ctx)).toMatchObject({ delivered: 1 });
    const [hook] = await t.app.ctx.db.select().from(notificationWebhookOutbox).orderBy(notificationWebhookOutbox.createdAt).limit(100).then((r) => r.filter((x) => x.url === 'https://hooks.example.cn/fangxian'));
    const body = t.app.ctx.cipher.decrypt(hook.bodyCipher)!;
    expect(JSON.parse(body)).toMatchObject({ kind: 'checkin.reminder', title: { zh: '请完成今日健康打卡' } });
    expect(hook.signature).toBe(signWebhook(secret, hook.timestamp, body));

    const admin = await createStaff(t.app.ctx, { roles: ['sys_admin'] });
    const outbox = await t.app.inject({ method: 'GET', url: '/api/admin/notifications/webhook-outbox', headers: admin.headers });
    expect(outbox.statusCode).toBe(200);
    expect(outbox.json().some((o: { signature: string }) => o.signature === hook.signature)).toBe(true);
    const delivery = (await t.app.inject({ method: 'GET', url: '/api/admin/notifications/delivery', headers: admin.headers })).json();
    expect(delivery.some((d: { kind: string; channel: string; status: string }) => d.kind === 'checkin.reminder' && d.channel === 'webhook' && d.status === 'delivered')).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/notifications/webhook-outbox', headers: citizen.headers })).statusCode).toBe(403);
  });
});
