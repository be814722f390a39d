import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { randomPhone } from './factories.ts';
import { codeFromOutbox, resetRateLimits } from './identity.support.ts';
import { citizens } from '../src/platform/identity/identity.tables.ts';

/** A citizen account created at first sign-in takes the language the person already chose on the page. */
describe('language of new citizens', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 180_000);
  afterAll(async () => t.close());
  beforeEach(async () => resetRateLimits(t));

  /** Requests a code and signs in, sending the same language hints on both requests. */
  async function signIn(phone: string, hints: { cookies?: Record<string, string>; headers?: Record<string, string> }) {
    const otp = await t.app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone }, ...hints });
    expect(otp.statusCode).toBe(202);
    const code = await codeFromOutbox(t, phone);
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/citizen/sign-in', payload: { phone, code }, ...hints });
    expect(res.statusCode).toBe(200);
    return res.json() as { token: string; me: { id: string; language: string } };
  }

  const storedLanguage = async (id: string) =>
    (await t.app.ctx.db.select({ language: citizens.language }).from(citizens).where(eq(citizens.id, id)))[0].language;

  it('takes English from the fx_lang cookie', async () => {
    const body = await signIn(randomPhone(), { cookies: { fx_lang: 'en' }, headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
    expect(body.me.language).toBe('en');
    expect(await storedLanguage(body.me.id)).toBe('en');
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${body.token}` } });
    expect(me.json().language).toBe('en');
  });

  it('takes English from Accept-Language when there is no cookie', async () => {
    const body = await signIn(randomPhone(), { headers: { 'accept-language': 'en-GB,en;q=0.9,zh-CN;q=0.5' } });
    expect(body.me.language).toBe('en');
    expect(await storedLanguage(body.me.id)).toBe('en');
  });

  it('lets the fx_lang cookie choose Chinese over an English browser', async () => {
    const body = await signIn(randomPhone(), { cookies: { fx_lang: 'zh-CN' }, headers: { 'accept-language': 'en-US' } });
    expect(body.me.language).toBe('zh-CN');
  });

  it('defaults to Chinese without any hint, and for an unknown cookie value', async () => {
    expect((await signIn(randomPhone(), {})).me.language).toBe('zh-CN');
    expect((await signIn(randomPhone(), { cookies: { fx_lang: 'fr' }, headers: { 'accept-language': 'fr-FR' } })).me.language).toBe('zh-CN');
  });

  it('keeps a returning citizen’s stored language whatever the page sends', async () => {
    const phone = randomPhone();
    const first = await signIn(phone, { cookies: { fx_lang: 'en' } });
    expect(first.me.language).toBe('en');
    await resetRateLimits(t);
    const again = await signIn(phone, { cookies: { fx_lang: 'zh-CN' } });
    expect(again.me.id).toBe(first.me.id);
    expect(again.me.language).toBe('en');
    expect(await storedLanguage(first.me.id)).toBe('en');
  });
});
