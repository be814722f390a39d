import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support.ts';
import { createStaff, randomPhone } from './factories.ts';
import { codeFromOutbox } from './identity.support.ts';
import { checkCharacterOf } from '../src/platform/identity/documents.ts';

/** Personal data and secrets never reach the logs, whatever the request carried. */
describe('log redaction on the identity surface', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 180_000);
  afterAll(async () => t.close());

  it('keeps phone, code, ID number, name, password and tokens out of the logs', async () => {
    const phone = randomPhone();
    const first17 = '510603' + '19761205' + '246';
    const idNumber = first17 + checkCharacterOf(first17);
    const name = '欧阳娜娜';

    await t.app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone } });
    const code = await codeFromOutbox(t, phone);
    // A wrong code first (a refused request is logged too), with the phone in a query string for good measure.
    await t.app.inject({ method: 'POST', url: `/api/auth/citizen/sign-in?phone=${phone}`, payload: { phone, code: code === '000000' ? '111111' : '000000' } });
    const signIn = await t.app.inject({ method: 'POST', url: '/api/auth/citizen/sign-in', payload: { phone, code } });
    const { token, csrfToken } = signIn.json();
    const realName = await t.app.inject({
      method: 'PUT', url: '/api/me/real-name', headers: { authorization: `Bearer ${token}` },
      payload: { name, documentType: 'resident_id', documentNumber: idNumber, householdDivision: '510603', address: '旌阳区秘密路8号' },
    });
    expect(realName.statusCode).toBe(200);
    // An invalid document is refused: the refusal must not echo the number into the logs either.
    await t.app.inject({
      method: 'PUT', url: '/api/me/real-name', headers: { authorization: `Bearer ${token}` },
      payload: { name, documentType: 'resident_id', documentNumber: idNumber.slice(0, 17) + '0', householdDivision: '510603' },
    });
    const staff = await createStaff(t.app.ctx, { roles: ['sys_admin'] });
    await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: staff.username, password: staff.password } });
    await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: staff.username, password: 'Wrong-password-77' } });
    await t.app.inject({ url: `/api/admin/sms-outbox?phone=${phone}`, headers: staff.headers });

    const logs = t.logs.join('\n');
    expect(t.logs.length).toBeGreaterThan(10); // the requests were logged at all
    for (const secret of [phone, code, idNumber, idNumber.slice(0, 17), name, '秘密路', token, csrfToken, staff.password, 'Wrong-password-77', staff.token]) {
      expect(logs, `leaked ${secret.slice(0, 3)}…`).not.toContain(secret);
    }
  });
});
