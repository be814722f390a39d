import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support.ts';
import { createStaff } from './factories.ts';

// Issue 10, item 12: `password12` and `Aa12345678` were accepted as staff passwords. Now: 12+ characters
// (letters and digits, or a 4-word passphrase), not a common/breached password from the shipped list.
describe('staff password rules', { timeout: 120_000 }, () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof createStaff>>;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510600' });
  }, 180_000);
  afterAll(async () => t.close());

  const create = (password: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/admin/staff',
      headers: admin.headers,
      payload: { username: `u${Math.random().toString(36).slice(2, 10)}`, password, displayName: '测试', department: '卫健委', roles: ['health'], regionCode: '510603' },
    });

  it('refuses short and common passwords with the reason', async () => {
    for (const [password, problem] of [
      ['password12', 'too_short'],
      ['Aa12345678', 'too_short'],
      ['qwertyuiop123', 'common'],
      ['Password@2026', 'common'],
    ] as const) {
      const res = await create(password);
      expect(res.statusCode, password).toBe(400);
      expect(res.json(), password).toMatchObject({ code: 'ADMIN_STAFF_PASSWORD_WEAK', details: { problem } });
    }
    const staff = await createStaff(t.app.ctx, { roles: ['health'], regionCode: '510603' });
    const reset = await t.app.inject({ method: 'POST', url: `/api/admin/staff/${staff.id}/password`, headers: admin.headers, payload: { password: 'Aa12345678' } });
    expect(reset.json().code).toBe('ADMIN_STAFF_PASSWORD_WEAK');
  });

  it('accepts 12+ characters with letters and digits, and a passphrase', async () => {
    expect((await create('Deyang-gate-2026')).statusCode).toBe(201);
    expect((await create('river lantern copper meadow')).statusCode).toBe(201);
  });
});
