import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support.ts';

describe('GET /api/divisions', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 180_000);
  afterAll(async () => t.close());

  it('lists provinces, a city\'s counties, and one division with its path (no sign-in needed)', async () => {
    const provinces = (await t.app.inject({ url: '/api/divisions' })).json();
    expect(provinces).toContainEqual({ code: '510000', name: '四川省', nameEn: 'Sichuan Province', level: 'province' });
    const counties = await t.app.inject({ url: '/api/divisions?parent=510600' });
    expect(counties.statusCode).toBe(200);
    expect(counties.json().map((d: { name: string }) => d.name)).toEqual(['旌阳区', '罗江区', '中江县', '广汉市', '什邡市', '绵竹市']);
    // English names (issue 11): pinyin with the level translated.
    expect(counties.json().map((d: { nameEn: string }) => d.nameEn)).toEqual(['Jingyang District', 'Luojiang District', 'Zhongjiang County', 'Guanghan City', 'Shifang City', 'Mianzhu City']);
    expect(counties.headers['cache-control']).toContain('max-age');
    const one = (await t.app.inject({ url: '/api/divisions/510603' })).json();
    expect(one).toEqual({
      code: '510603', name: '旌阳区', nameEn: 'Jingyang District', level: 'county',
      path: [
        { code: '510000', name: '四川省', nameEn: 'Sichuan Province', level: 'province' },
        { code: '510600', name: '德阳市', nameEn: 'Deyang City', level: 'city' },
        { code: '510603', name: '旌阳区', nameEn: 'Jingyang District', level: 'county' },
      ],
    });
  });

  it('refuses malformed codes and answers NOT_FOUND for unknown ones', async () => {
    expect((await t.app.inject({ url: '/api/divisions/5106' })).json().code).toBe('VALIDATION_FAILED');
    expect((await t.app.inject({ url: '/api/divisions?parent=abc' })).json().code).toBe('VALIDATION_FAILED');
    expect((await t.app.inject({ url: '/api/divisions/510699' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/divisions?parent=510699' })).statusCode).toBe(404);
  });
});

describe('OpenAPI document of the identity surface', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 180_000);
  afterAll(async () => t.close());

  it('tags the routes and states who may call each protected one, from the policy', async () => {
    const doc = (await t.app.inject({ url: '/api/docs/json' })).json();
    expect(doc.tags.map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(['auth', 'me', 'divisions', 'admin']));
    const me = doc.paths['/api/me'].get;
    expect(me.tags).toEqual(['me']);
    expect(me.security).toEqual([{ bearer: [] }, { session: [] }]);
    expect(me.description).toContain('Action `identity.me.read` — signed-in');
    expect(doc.paths['/api/admin/staff'].post.description).toContain('staff roles: sys_admin');
    // Public: an explicit empty security list (no credentials), which client generators read as "no auth".
    expect(doc.paths['/api/auth/otp'].post.security).toEqual([]);
    expect(doc.info.description).toContain('IDENTITY_OTP_INVALID (400)');
  });
});
