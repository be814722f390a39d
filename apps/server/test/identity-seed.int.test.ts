import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { citizens, staffAccounts } from '../src/platform/identity/identity.tables.ts';
import { defineSeedStep, runDemoSeed } from '../src/platform/seed/index.ts';
import { DEMO_CITIZEN_PHONE, DEMO_PASSWORD, DEMO_STAFF } from '../src/platform/identity/identity.seed.ts';
import { defineModule } from '../src/platform/modules/module.ts';
import { validateDocument } from '../src/platform/identity/documents.ts';
import { signInByPhone } from './identity.support.ts';

// A step that can be told to fail, to prove the seed is all-or-nothing (a test module's seed step).
let failTestStep = false;
const TestSeed = defineModule({
  name: 'test-seed',
  seeds: [
    defineSeedStep({
      name: 'test.maybe-fail',
      order: 60,
      async run() {
        if (failTestStep) throw new Error('seed step failed on purpose');
      },
    }),
  ],
});

describe('demo seed', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seedDemo: true }, undefined, [TestSeed]);
  }, 180_000);
  afterAll(async () => t.close());

  it('creates the agreed staff accounts, all signing in with the demo password', async () => {
    const rows = await t.app.ctx.db.select().from(staffAccounts);
    const usernames = rows.map((r) => r.username);
    for (const name of ['admin', 'health', 'county', 'police', 'bigdata', 'supervision', 'service', 'editor']) expect(usernames).toContain(name);
    expect(rows.find((r) => r.username === 'county')).toMatchObject({ regionCode: '510603', roles: ['county_command'] });
    expect(rows.find((r) => r.username === 'admin')).toMatchObject({ regionCode: '510600', roles: ['sys_admin'] });
    // The venue account exists exactly when a venue step provided the demo venue.
    const venue = rows.find((r) => r.username === 'venue');
    if (venue) expect(venue.venueId).not.toBeNull();
    for (const { username } of DEMO_STAFF) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username, password: DEMO_PASSWORD }, remoteAddress: `10.1.0.${DEMO_STAFF.findIndex((s) => s.username === username) + 1}` });
      expect(res.statusCode, username).toBe(200);
    }
  });

  it('creates the demo citizen with a valid real-name profile under 旌阳区', async () => {
    const res = await signInByPhone(t, DEMO_CITIZEN_PHONE);
    expect(res.statusCode).toBe(200);
    const me = res.json().me;
    expect(me.realName).toMatchObject({ name: '张*', documentType: 'resident_id', householdDivision: '510603', sex: 'male', birthDate: '1990-03-07' });
    const [row] = await t.app.ctx.db.select().from(citizens).where(eq(citizens.id, me.id));
    const number = t.app.ctx.cipher.decrypt(row.documentNumberCipher)!;
    expect(number.startsWith('510603')).toBe(true);
    expect(validateDocument('resident_id', number).ok).toBe(true);
  });

  it('lets an admin attach new venue staff to an existing venue in their region only', async () => {
    const signIn = await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: 'admin', password: DEMO_PASSWORD }, remoteAddress: '10.2.0.1' });
    const headers = { authorization: `Bearer ${signIn.json().token}` };
    const venueAccount = (await t.app.ctx.db.select().from(staffAccounts).where(eq(staffAccounts.username, 'venue')))[0];
    const body = { username: 'gate2', password: 'Gate-keeper-2026', displayName: '二号门', department: '场所', roles: ['venue_staff'], regionCode: '510603' };
    const unknown = await t.app.inject({ method: 'POST', url: '/api/admin/staff', headers, payload: { ...body, venueId: '00000000-0000-4000-8000-000000000000' } });
    expect(unknown.statusCode).toBe(404);
    if (venueAccount?.venueId) {
      const ok = await t.app.inject({ method: 'POST', url: '/api/admin/staff', headers, payload: { ...body, venueId: venueAccount.venueId } });
      expect(ok.statusCode).toBe(201);
      expect(ok.json().venueId).toBe(venueAccount.venueId);
    }
    // A venue id on a non-venue account is ignored rather than stored.
    const officer = await t.app.inject({ method: 'POST', url: '/api/admin/staff', headers, payload: { ...body, username: 'officer9', roles: ['health'], venueId: '00000000-0000-4000-8000-000000000000' } });
    expect(officer.json().venueId).toBeNull();
  });

  it('is idempotent: a second run (another start) changes nothing', async () => {
    const [before] = await t.app.ctx.db.select({ n: count() }).from(staffAccounts);
    expect(await runDemoSeed(t.app.ctx)).toEqual({ seeded: false, steps: [] });
    const [after] = await t.app.ctx.db.select({ n: count() }).from(staffAccounts);
    expect(after.n).toBe(before.n);
  });

  it('runs in one transaction: a failing step leaves nothing behind', async () => {
    const fresh = await createTestApp({}, undefined, [TestSeed]);
    try {
      failTestStep = true;
      await expect(runDemoSeed(fresh.app.ctx)).rejects.toThrow(/on purpose/);
      const [staff] = await fresh.app.ctx.db.select({ n: count() }).from(staffAccounts);
      const [people] = await fresh.app.ctx.db.select({ n: count() }).from(citizens);
      expect(staff.n).toBe(0);
      expect(people.n).toBe(0);
      failTestStep = false;
      expect((await runDemoSeed(fresh.app.ctx)).seeded).toBe(true);
    } finally {
      failTestStep = false;
      await fresh.close();
    }
  });
});
