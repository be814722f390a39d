import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, type SignedIn } from './factories.ts';
import { TICKET_RATE_RULES } from '../src/modules/tickets/tickets.limits.ts';
import { apiKey } from './tickets.support.ts';

/** The public surface of tickets is rate-limited on the platform's counters: 429 RATE_LIMITED with Retry-After. */
describe('tickets: rate limits of the public filing, progress query, suggestions and Open311 keys', { timeout: 120_000 }, () => {
  let t: TestApp;
  let citizen: SignedIn;
  beforeAll(async () => {
    t = await createTestApp();
    citizen = await createCitizen(t.app.ctx, { name: '赵六', householdDivision: '510603' });
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  const report = { kind: 'report', title: '门岗无人值守', description: '某小区门岗连续三天无人值守，外来人员随意进出。', regionCode: '510603' };
  const file = (remoteAddress: string, headers: Record<string, string> = {}, payload: Record<string, unknown> = report) =>
    t.app.inject({ method: 'POST', url: '/api/tickets', headers, payload, remoteAddress });

  const expectLimited = (res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, maxSeconds: number) => {
    expect(res.statusCode).toBe(429);
    expect(res.json()).toMatchObject({ code: 'RATE_LIMITED' });
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
  };

  it('limits anonymous reports per address, and a signed-in citizen per account', async () => {
    const rule = TICKET_RATE_RULES.anonymousFilingPerIp;
    for (let i = 0; i < rule.max; i++) expect((await file('10.1.0.1')).statusCode, `report ${i + 1}`).toBe(201);
    expectLimited(await file('10.1.0.1'), rule.windowSeconds);
    // Another address files; the limited one stays limited.
    expect((await file('10.1.0.2')).statusCode).toBe(201);
    expect((await file('10.1.0.1')).statusCode).toBe(429);

    // A signed-in citizen is counted per account, whatever the address.
    const own = TICKET_RATE_RULES.citizenFilingPerAccount;
    for (let i = 0; i < own.max; i++) expect((await file(`10.1.1.${i}`, citizen.headers)).statusCode, `filing ${i + 1}`).toBe(201);
    expectLimited(await file('10.1.2.1', citizen.headers), own.windowSeconds);
  });

  it('limits the progress query per address, and wrong codes per ticket number from any address', async () => {
    const created = await file('10.2.0.1');
    const { number, followUpCode } = created.json();
    const followUp = (code: string, remoteAddress: string) => t.app.inject({ method: 'POST', url: '/api/tickets/follow-up', payload: { number, code }, remoteAddress });
    expect((await followUp(followUpCode, '10.2.0.2')).statusCode).toBe(200);

    // Wrong codes from many addresses: after the limit, even the right code is refused for this number.
    const misses = TICKET_RATE_RULES.followUpFailuresPerNumber;
    for (let i = 0; i < misses.max; i++) expect((await followUp('AAAAAAAA', `10.2.1.${i}`)).statusCode, `miss ${i + 1}`).toBe(404);
    expectLimited(await followUp(followUpCode, '10.2.2.1'), misses.windowSeconds);

    // Every attempt counts per address (another number, so only the address limit applies).
    const perIp = TICKET_RATE_RULES.followUpPerIp;
    for (let i = 0; i < perIp.max; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/tickets/follow-up', payload: { number: `TK20260101-${String(i).padStart(6, 'A')}`, code: 'BBBBBBBB' }, remoteAddress: '10.2.3.1' });
      expect(res.statusCode, `attempt ${i + 1}`).toBe(404);
    }
    expectLimited(await t.app.inject({ method: 'POST', url: '/api/tickets/follow-up', payload: { number: 'TK20260101-ZZZZZZ', code: 'BBBBBBBB' }, remoteAddress: '10.2.3.1' }), perIp.windowSeconds);
  });

  it('limits duplicate suggestions per address', async () => {
    const rule = TICKET_RATE_RULES.similarPerIp;
    const similar = (remoteAddress: string) =>
      t.app.inject({ method: 'POST', url: '/api/tickets/similar', payload: { kind: 'report', regionCode: '510681', title: '门岗无人值守' }, remoteAddress });
    for (let i = 0; i < rule.max; i++) expect((await similar('10.3.0.1')).statusCode, `suggestion ${i + 1}`).toBe(200);
    expectLimited(await similar('10.3.0.1'), rule.windowSeconds);
    expect((await similar('10.3.0.2')).statusCode).toBe(200);
  });

  it('refuses an address that keeps sending bad Open311 keys, in Open311 form with Retry-After', async () => {
    const key = await apiKey(t, ['open311.requests'], '510600');
    const rule = TICKET_RATE_RULES.open311BadKeyPerIp;
    const get = (apiKeyValue: string, remoteAddress: string) => t.app.inject({ url: `/api/open311/v2/tokens/TK20260101-AAAAAA.json?api_key=${apiKeyValue}`, remoteAddress });
    for (let i = 0; i < rule.max; i++) expect((await get(`wrong-${i}`, '10.4.0.1')).statusCode, `bad key ${i + 1}`).toBe(403);
    const refused = await get(key, '10.4.0.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual([{ code: 429, description: expect.any(String) }]);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // The good key from another address works (404: no such token).
    expect((await get(key, '10.4.0.2')).statusCode).toBe(404);
  });
});
