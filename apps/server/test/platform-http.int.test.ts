import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support.ts';

describe('platform HTTP basics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('answers /healthz and /readyz with the database reachable', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().status).toBe('ready');
  });

  it('answers unknown routes with the error model in the caller\'s language', async () => {
    const zh = await t.app.inject({ url: '/api/does-not-exist' });
    expect(zh.statusCode).toBe(404);
    expect(zh.json()).toEqual({ code: 'NOT_FOUND', message: '未找到记录' });
    const en = await t.app.inject({ url: '/api/does-not-exist', headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(en.json()).toEqual({ code: 'NOT_FOUND', message: 'Not found' });
  });

  it('serves an OpenAPI document and Prometheus metrics', async () => {
    const doc = (await t.app.inject({ url: '/api/docs/json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    await t.app.inject({ url: '/healthz' });
    const metrics = (await t.app.inject({ url: '/metrics' })).body;
    expect(metrics).toContain('fx_http_requests_total{method="GET",route="/healthz",status="200"}');
    expect(metrics).toContain('fx_db_pool_connections');
  });

  it('sets security headers and a request id', async () => {
    const res = await t.app.inject({ url: '/healthz' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-request-id']).toMatch(/[0-9a-f-]{36}/);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('gives API responses, refusals and unknown API paths the API set: no caching, nothing to frame or run', async () => {
    for (const url of ['/api/me', '/api/no-such-thing']) {
      const res = await t.app.inject({ url });
      expect(res.headers['cache-control'], url).toBe('no-store');
      expect(res.headers['content-security-policy'], url).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['strict-transport-security'], url).toContain('max-age=');
      expect(res.headers['x-request-id'], url).toMatch(/[0-9a-f-]{36}/);
      expect(res.headers['x-dns-prefetch-control'], url).toBeUndefined();
    }
    // A route may set its own caching (public keys, fetched by other regions' verifiers).
    const keys = await t.app.inject({ url: '/api/open/health-code/keys' });
    expect(keys.headers['cache-control']).toBe('public, max-age=300');
    expect(keys.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    // The API's documentation is a page: the document set.
    const docs = await t.app.inject({ url: '/api/docs/json' });
    expect(docs.headers['content-security-policy']).toContain("default-src 'self'");
  });
});
