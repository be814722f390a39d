import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff } from './factories.ts';
import { citizens } from '../src/platform/identity/identity.tables.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';
import { checkCharacterOf } from '../src/platform/identity/documents.ts';

let seq = 100;
/** A fresh valid resident ID number under a division (odd sequence = male). */
function idNumber(division = '510603', birth = '19880214'): string {
  const first17 = `${division}${birth}${String(seq++).padStart(3, '0')}`;
  return first17 + checkCharacterOf(first17);
}

describe('real-name registration (PUT /api/me/real-name)', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 180_000);
  afterAll(async () => t.close());

  it('registers a resident ID: stored encrypted, shown masked, birth date and sex derived, audited', async () => {
    const citizen = await createCitizen(t.app.ctx);
    const id = idNumber('510681', '19880214');
    const res = await t.app.inject({
      method: 'PUT', url: '/api/me/real-name', headers: citizen.headers,
      payload: { name: '李小龙', documentType: 'resident_id', documentNumber: id.toLowerCase(), householdDivision: '510681', address: '四川省德阳市广汉市雒城镇1号' },
    });
    expect(res.statusCode).toBe(200);
    const me = res.json();
    expect(me.displayName).toBe('李**');
    expect(me.realName).toEqual({
      name: '李**', documentType: 'resident_id', documentNumber: `${id.slice(0, 4)}**********${id.slice(-4)}`,
      birthDate: '1988-02-14', sex: Number(id[16]) % 2 ? 'male' : 'female', householdDivision: '510681',
    });
    const [row] = await t.app.ctx.db.select().from(citizens).where(eq(citizens.id, citizen.id));
    for (const cipher of [row.nameCipher, row.documentNumberCipher, row.addressCipher]) {
      expect(cipher).not.toContain('李');
      expect(cipher).not.toContain(id.slice(6, 14));
    }
    expect(t.app.ctx.cipher.decrypt(row.documentNumberCipher)).toBe(id);
    expect(row.documentIndex).toBe(t.app.ctx.blindIndex.of('id', id));
    const audit = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.subjectId, citizen.id), eq(auditLog.action, 'identity.real-name.register')));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(id);
    // GET /api/me shows the same.
    expect((await t.app.inject({ url: '/api/me', headers: citizen.headers })).json()).toEqual(me);
  });

  it('accepts the other document types', async () => {
    const cases = [
      ['passport', 'E12345678'],
      ['hk_macao_permit', 'H87654321'],
      ['taiwan_permit', '01234567'],
      ['foreign_permanent_residence', 'USA519001010112'],
    ] as const;
    for (const [documentType, documentNumber] of cases) {
      const citizen = await createCitizen(t.app.ctx);
      const res = await t.app.inject({
        method: 'PUT', url: '/api/me/real-name', headers: citizen.headers,
        payload: { name: 'John Smith', documentType, documentNumber, householdDivision: '510603' },
      });
      expect(res.statusCode, documentType).toBe(200);
      expect(res.json().realName).toMatchObject({ name: 'J***', documentType, birthDate: null, sex: null });
    }
  });

  it('explains what is wrong and changes nothing', async () => {
    const citizen = await createCitizen(t.app.ctx);
    const put = (payload: Record<string, unknown>) =>
      t.app.inject({ method: 'PUT', url: '/api/me/real-name', headers: { ...citizen.headers, 'accept-language': 'en' }, payload });
    const base = { name: '王芳', documentType: 'resident_id', householdDivision: '510603' };
    const valid = idNumber();
    const badCheck = valid.slice(0, 17) + (valid[17] === '1' ? '2' : '1');
    const r1 = await put({ ...base, documentNumber: badCheck });
    expect(r1.statusCode).toBe(400);
    expect(r1.json()).toEqual({ code: 'IDENTITY_DOCUMENT_INVALID', message: 'The document number is not valid; check it and try again', details: { problem: 'check_character' } });
    const feb30 = '510603' + '19900230' + '001';
    expect((await put({ ...base, documentNumber: feb30 + checkCharacterOf(feb30) })).json().details).toEqual({ problem: 'birth_date' });
    expect((await put({ ...base, documentNumber: valid, householdDivision: '510699' })).json().code).toBe('IDENTITY_DIVISION_INVALID');
    expect((await put({ ...base, documentNumber: valid, householdDivision: '510600' })).json().code).toBe('IDENTITY_DIVISION_INVALID'); // a whole city
    expect((await put({ ...base, documentNumber: valid, documentType: 'driving_licence' })).json().code).toBe('VALIDATION_FAILED');
    expect((await put({ ...base, documentNumber: valid, name: '' })).json().code).toBe('VALIDATION_FAILED');
    expect((await put({ ...base, documentNumber: valid, name: '王芳123' })).json()).toMatchObject({ code: 'IDENTITY_NAME_INVALID', details: { field: 'name', problem: 'digits' } });
    const [row] = await t.app.ctx.db.select().from(citizens).where(eq(citizens.id, citizen.id));
    expect(row.realNameAt).toBeNull();
    expect(row.documentIndex).toBeNull();
  });

  it('links one document to one account, and keeps a registered account on its document', async () => {
    const first = await createCitizen(t.app.ctx);
    const second = await createCitizen(t.app.ctx);
    const id = idNumber();
    const payload = { name: '赵敏', documentType: 'resident_id', documentNumber: id, householdDivision: '510603' };
    expect((await t.app.inject({ method: 'PUT', url: '/api/me/real-name', headers: first.headers, payload })).statusCode).toBe(200);
    const taken = await t.app.inject({ method: 'PUT', url: '/api/me/real-name', headers: second.headers, payload });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('IDENTITY_DOCUMENT_IN_USE');
    // The same person may correct the name and address…
    const corrected = await t.app.inject({ method: 'PUT', url: '/api/me/real-name', headers: first.headers, payload: { ...payload, name: '赵敏敏', address: '旌阳区' } });
    expect(corrected.statusCode).toBe(200);
    expect(corrected.json().realName.name).toBe('赵**');
    // …but not switch to another document.
    const other = await t.app.inject({ method: 'PUT', url: '/api/me/real-name', headers: first.headers, payload: { ...payload, documentNumber: idNumber() } });
    expect(other.json().code).toBe('IDENTITY_REAL_NAME_LOCKED');
  });

  it('is for citizens only', async () => {
    const staff = await createStaff(t.app.ctx, { roles: ['sys_admin'] });
    const res = await t.app.inject({
      method: 'PUT', url: '/api/me/real-name', headers: staff.headers,
      payload: { name: '王芳', documentType: 'resident_id', documentNumber: idNumber(), householdDivision: '510603' },
    });
    expect(res.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PUT', url: '/api/me/real-name', payload: {} })).statusCode).toBe(401);
  });
});
