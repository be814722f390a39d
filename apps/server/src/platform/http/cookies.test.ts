import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installCookies } from './cookies.ts';

describe('cookies', () => {
  it('parses the Cookie header when read, and sets, replaces and clears cookies (SameSite=Lax, Path=/ by default)', async () => {
    const app = Fastify();
    installCookies(app);
    app.get('/read', async (request) => ({ cookies: request.cookies }));
    app.get('/write', async (_request, reply) => {
      reply.setCookie('fx_session', 'first', { httpOnly: true });
      reply.setCookie('fx_lang', 'en', { maxAge: 60 });
      reply.setCookie('fx_session', 'second', { httpOnly: true, secure: true });
      reply.clearCookie('fx_csrf');
      return { ok: true };
    });
    const read = await app.inject({ url: '/read', headers: { cookie: 'fx_session=abc; fx_lang=zh-CN' } });
    expect(read.json()).toEqual({ cookies: { fx_session: 'abc', fx_lang: 'zh-CN' } });
    expect((await app.inject({ url: '/read' })).json()).toEqual({ cookies: {} });
    const written = await app.inject({ url: '/write' });
    const set = written.headers['set-cookie'] as string[];
    expect(set).toHaveLength(3);
    expect(set.filter((c) => c.startsWith('fx_session='))).toEqual(['fx_session=second; Path=/; HttpOnly; Secure; SameSite=Lax']);
    expect(set).toContain('fx_lang=en; Max-Age=60; Path=/; SameSite=Lax');
    expect(set.find((c) => c.startsWith('fx_csrf='))).toMatch(/^fx_csrf=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Lax$/);
    await app.close();
  });
});
