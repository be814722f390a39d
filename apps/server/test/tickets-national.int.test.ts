// National forwarding (国办转办), the 12345 hotline entry, and the standalone Open311 test client run
// against the app: clues idempotent by external id, results reported back through the outbox with
// retries, and every Open311 endpoint in JSON and XML.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { createStaff, type SignedIn } from './factories.ts';
import { rows } from '../src/platform/db/database.ts';
import { apiKey, auditOf } from './tickets.support.ts';
import { deliverResults, setNationalReporter, localNationalReporter, MAX_ATTEMPTS } from '../src/modules/tickets/tickets.national.ts';
import { runOpen311Client } from '../src/cli/open311-client.ts';

const HEALTH = '德阳市卫生健康委员会';

describe('national forwarding, hotline, Open311 client', { timeout: 90_000 }, () => {
  let t: TestApp;
  let nationalKey: string;
  let open311Key: string;
  let dispatcher: SignedIn;
  let operator: SignedIn;
  let health: SignedIn;

  beforeAll(async () => {
    t = await createTestApp();
    nationalKey = await apiKey(t, ['national.clues'], '510600');
    open311Key = await apiKey(t, ['open311.requests'], '510603');
    dispatcher = await createStaff(t.app.ctx, { roles: ['supervision'], regionCode: '510600', department: '德阳市委督查室' });
    operator = await createStaff(t.app.ctx, { roles: ['service_center'], regionCode: '510600', department: '德阳市 12345 热线' });
    health = await createStaff(t.app.ctx, { roles: ['health'], regionCode: '510600', department: HEALTH });
  }, 120_000);
  afterAll(async () => t.close());

  const clue = { externalId: 'GB-2026-000123', kind: 'complaint', title: '国办转办：隔离点物资不足', description: '群众反映某隔离点生活物资配送不及时。', regionCode: '510603', contactName: '赵六', contactPhone: '13900001111' };
  const forward = (payload: Record<string, unknown>, key = nationalKey) => t.app.inject({ method: 'POST', url: '/api/tickets/national/clues', headers: { 'x-api-key': key }, payload });

  it('files a forwarded clue once per external id; other keys and permissions are refused', async () => {
    const first = await forward(clue);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ externalId: 'GB-2026-000123', status: 'submitted', created: true });
    const again = await forward({ ...clue, title: '重复推送' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, number: first.json().number, created: false });
    expect((await forward(clue, open311Key)).statusCode).toBe(403);
    expect((await forward({ ...clue, externalId: 'GB-2' , regionCode: '510104' })).statusCode).toBe(403);
    const bad = await forward({ ...clue, externalId: '' });
    expect(bad.statusCode).toBe(400);
    const [{ n }] = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from tickets where external_id = 'GB-2026-000123'`);
    expect(n).toBe(1);
    const view = await t.app.inject({ url: `/api/tickets/worklist/${first.json().id}`, headers: dispatcher.headers });
    expect(view.json()).toMatchObject({ channel: 'national', reporter: { name: '赵*', phone: '139****1111' } });
  });

  it('reports each step back through the outbox; the local adapter records it; failures retry with backoff then fail', async () => {
    const { id } = (await forward({ ...clue, externalId: 'GB-2026-000200' })).json();
    const step = (payload: Record<string, unknown>, path = 'dispatch', who = dispatcher) => t.app.inject({ method: 'POST', url: `/api/tickets/worklist/${id}/${path}`, headers: who.headers, payload });
    expect((await step({ action: 'accept' })).statusCode).toBe(200);
    expect((await step({ action: 'assign', department: HEALTH })).statusCode).toBe(200);
    expect((await step({ action: 'reply', note: '已补充配送' }, 'handle', health)).statusCode).toBe(200);

    // A failing adapter: the message stays pending with a later attempt, and the error is kept.
    let calls = 0;
    setNationalReporter(t.app.ctx, { name: 'flaky', send: async () => { calls++; throw new Error('national platform unreachable'); } });
    const now = new Date();
    expect(await deliverResults(t.app.ctx, now)).toMatchObject({ sent: 0, retrying: 2 }); // accept + reply (assign is not reported)
    const outbox = await t.app.inject({ url: '/api/tickets/national/outbox', headers: dispatcher.headers });
    expect(outbox.statusCode, outbox.body).toBe(200);
    const mine = outbox.json().filter((r: { ticketId: string }) => r.ticketId === id);
    expect(mine.map((r: { event: string }) => r.event).sort()).toEqual(['accept', 'reply']);
    expect(mine.every((r: { status: string; attempts: number; lastError: string }) => r.status === 'pending' && r.attempts === 1 && r.lastError.includes('unreachable'))).toBe(true);
    expect(await deliverResults(t.app.ctx, now)).toMatchObject({ sent: 0, retrying: 0 }); // not due yet: backoff
    expect(calls).toBe(2);

    // Back to the local adapter: due messages are recorded as sent.
    setNationalReporter(t.app.ctx, localNationalReporter);
    expect(await deliverResults(t.app.ctx, new Date(now.getTime() + 3600_000))).toMatchObject({ sent: 2 });
    const sent = (await t.app.inject({ url: '/api/tickets/national/outbox?status=sent', headers: dispatcher.headers })).json().filter((r: { ticketId: string }) => r.ticketId === id);
    expect(sent.find((r: { event: string }) => r.event === 'reply')).toMatchObject({ adapter: 'local', attempts: 2, payload: { externalId: 'GB-2026-000200', answer: '已补充配送' } });
    expect(JSON.stringify(sent)).not.toContain('赵六');
    expect(await auditOf(t, 'tickets.national.outbox.read')).not.toHaveLength(0);

    // A message that keeps failing ends as failed after MAX_ATTEMPTS.
    expect((await step({ action: 'close' })).statusCode).toBe(200);
    setNationalReporter(t.app.ctx, { name: 'down', send: async () => { throw new Error('down'); } });
    let at = new Date(now.getTime() + 2 * 3600_000);
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await deliverResults(t.app.ctx, at);
      at = new Date(at.getTime() + 7 * 3600_000);
    }
    const failed = (await t.app.inject({ url: '/api/tickets/national/outbox?status=failed', headers: dispatcher.headers })).json();
    expect(failed.find((r: { ticketId: string; event: string }) => r.ticketId === id && r.event === 'close')).toMatchObject({ attempts: MAX_ATTEMPTS });
    setNationalReporter(t.app.ctx, localNationalReporter);
  });

  it('a 12345 operator files a ticket for a caller, within their region; other roles cannot', async () => {
    const payload = { kind: 'help', title: '居家隔离老人缺药', description: '来电人称独居老人居家隔离，降压药已用完。', regionCode: '510603', contactName: '钱七', contactPhone: '13700002222' };
    const res = await t.app.inject({ method: 'POST', url: '/api/tickets/hotline', headers: operator.headers, payload });
    expect(res.statusCode, res.body).toBe(201);
    const view = await t.app.inject({ url: `/api/tickets/worklist/${res.json().id}`, headers: operator.headers });
    expect(view.json()).toMatchObject({ kind: 'help', channel: 'hotline', reporter: { name: '钱*', phone: '137****2222' } });
    expect((await t.app.inject({ method: 'POST', url: '/api/tickets/hotline', headers: health.headers, payload })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/tickets/hotline', headers: operator.headers, payload: { ...payload, regionCode: '510104' } })).statusCode).toBe(404);
  });

  it('the standalone Open311 client passes every check against the app, in JSON and XML', async () => {
    await t.app.inject({
      method: 'POST', url: '/api/tickets/categories', headers: dispatcher.headers,
      payload: { code: 'TC-SUPPLY', kind: 'help', name: '生活物资求助', fields: [{ code: 'people', label: '人数', datatype: 'number', required: true, order: 1 }, { code: 'need', label: '所需', datatype: 'singlevaluelist', required: true, order: 2, values: [{ key: 'food', name: '食品' }, { key: 'medicine', name: '药品' }] }] },
    });
    // fetch over app.inject
    const shim = (async (input: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => {
      const res = await t.app.inject({ method: (init?.method ?? 'GET') as 'GET', url: input.replace(/^http:\/\/app/, ''), headers: init?.headers, payload: init?.body });
      return new Response(res.body, { status: res.statusCode, headers: { 'content-type': String(res.headers['content-type'] ?? '') } });
    }) as unknown as typeof fetch;
    const report = await runOpen311Client({ base: 'http://app/api/open311/v2', apiKey: open311Key, fetch: shim });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.checks.length).toBeGreaterThan(25);
    expect(report.created.length).toBe(3);
  });
});
