import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, openTestDatabase, type TestApp } from './support.ts';
import { createCitizen, createStaff, randomPhone } from './factories.ts';
import { resetRateLimits } from './identity.support.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';
import { setSmsSender, type SmsSender } from '../src/platform/identity/sms.ts';
import { defineModule } from '../src/platform/modules/module.ts';
import { ConfigError } from '../src/config.ts';

// Issue 10, item 1: a county admin read another county's citizen's sign-in code in the outbox and
// signed in as them. The outbox is a development/test adapter, limited to the reader's region, every
// phone shown audited by its blind index, never readable with a gateway, refused in production.

/** A gateway adapter as a deployment would plug in: it keeps no readable copy. */
const gateway: SmsSender = { name: 'test-gateway', keepsReadableCopies: false, async send() {} };
const GatewayModule = defineModule({ name: 'test-sms-gateway', onStart: (ctx) => setSmsSender(ctx, gateway) });

describe('SMS outbox: region scope and audit', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 180_000);
  afterAll(async () => t.close());

  it('a county admin sees codes of the county\'s citizens and of accounts without a real-name identity, never another county\'s citizen', async () => {
    const countyAdmin = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510603' });
    const mine = await createCitizen(t.app.ctx, { householdDivision: '510603', name: '张三' });
    const elsewhere = await createCitizen(t.app.ctx, { householdDivision: '510681', name: '李四' });
    const unknown = randomPhone();
    for (const phone of [mine.phone, elsewhere.phone, unknown]) {
      expect((await t.app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone } })).statusCode).toBe(202);
    }
    await resetRateLimits(t);
    const other = await t.app.inject({ url: `/api/admin/sms-outbox?phone=${elsewhere.phone}`, headers: countyAdmin.headers });
    expect(other.statusCode).toBe(200);
    expect(other.json()).toEqual([]);
    // A phone that only asked for a code has no account (or one without a name, ID number or region): nothing
    // to take over, and a new citizen must be able to sign in where this outbox is the only channel.
    expect((await t.app.inject({ url: `/api/admin/sms-outbox?phone=${unknown}`, headers: countyAdmin.headers })).json()).toHaveLength(1);
    const all = (await t.app.inject({ url: '/api/admin/sms-outbox?limit=200', headers: countyAdmin.headers })).json() as { phone: string; body: string }[];
    const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;
    expect(all.map((e) => e.phone).sort()).toEqual([masked(mine.phone), masked(unknown)].sort());
    // So the outsider's code cannot be used: it was never shown.
    const own = (await t.app.inject({ url: `/api/admin/sms-outbox?phone=${mine.phone}`, headers: countyAdmin.headers })).json();
    expect(own).toHaveLength(1);
    expect(own[0].body).toMatch(/\d{6}/);
    // The city's admin sees both citizens and the phone without an identity.
    const cityAdmin = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510600' });
    const city = (await t.app.inject({ url: '/api/admin/sms-outbox?limit=200', headers: cityAdmin.headers })).json() as unknown[];
    expect(city).toHaveLength(3);
  });

  it('audits every read with the phone\'s blind index as the subject', async () => {
    const admin = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510603' });
    const citizen = await createCitizen(t.app.ctx, { householdDivision: '510603' });
    await t.app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone: citizen.phone } });
    await resetRateLimits(t);
    const index = t.app.ctx.blindIndex.of('phone', citizen.phone);
    await t.app.inject({ url: `/api/admin/sms-outbox?phone=${citizen.phone}`, headers: admin.headers });
    const outsider = await createCitizen(t.app.ctx, { householdDivision: '510681' });
    await t.app.inject({ url: `/api/admin/sms-outbox?phone=${outsider.phone}`, headers: admin.headers });
    const reads = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'identity.sms-outbox.read'), eq(auditLog.actorId, admin.id))).orderBy(auditLog.seq);
    expect(reads).toHaveLength(2);
    expect(reads[0]).toMatchObject({ subjectType: 'phone', subjectId: index, regionCode: '510603', detail: { count: 1, filtered: true } });
    // The attempt on an outsider's phone is on record too, with nothing shown.
    expect(reads[1]).toMatchObject({ subjectType: 'phone', subjectId: t.app.ctx.blindIndex.of('phone', outsider.phone), detail: { count: 0, filtered: true } });
    for (const r of reads) expect(JSON.stringify(r)).not.toContain(citizen.phone);
  });
});

describe('SMS outbox with a gateway adapter, and in production', { timeout: 120_000 }, () => {
  it('never shows a code when a gateway adapter is configured', async () => {
    const t = await createTestApp({}, undefined, [GatewayModule]);
    try {
      const admin = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510600' });
      const res = await t.app.inject({ url: '/api/admin/sms-outbox', headers: admin.headers });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('IDENTITY_SMS_OUTBOX_OFF');
    } finally {
      await t.close();
    }
  });

  it('production refuses to start with the outbox unless FX_SMS_OUTBOX_IN_PRODUCTION allows it; a gateway starts', async () => {
    const database = await openTestDatabase();
    try {
      await expect(createTestApp({ env: 'production' }, database)).rejects.toBeInstanceOf(ConfigError);
      await expect(createTestApp({ env: 'production' }, database)).rejects.toThrow(/FX_SMS_OUTBOX_IN_PRODUCTION/);
      const allowed = await createTestApp({ env: 'production', smsOutboxInProduction: true }, database);
      await allowed.close();
      const withGateway = await createTestApp({ env: 'production' }, database, [GatewayModule]);
      await withGateway.close();
    } finally {
      await database.close();
    }
  });
});
