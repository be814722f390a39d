import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, openTestDatabase, type TestApp } from './support.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import type { Database } from '../src/platform/db/database.ts';

// Issue 10, item 11: /metrics (Node version, every route's traffic) needs FX_METRICS_TOKEN as a bearer token;
// without a token it is off in production and open only in development and tests.
describe('/metrics access', { timeout: 120_000 }, () => {
  const TOKEN = 'metrics-token-0123456789abcdef';
  let database: Database;
  let withToken: TestApp;
  let productionNoToken: TestApp;
  beforeAll(async () => {
    database = await openTestDatabase();
    withToken = await createTestApp({ metricsToken: TOKEN }, database);
    productionNoToken = await createTestApp({ env: 'production', metricsToken: null, smsOutboxInProduction: true }, database);
  }, 180_000);
  afterAll(async () => {
    await withToken.close();
    await productionNoToken.close();
    await database.close();
  });

  it('answers 401 without the bearer token or with a wrong one, and the metrics with it', async () => {
    const none = await withToken.app.inject({ url: '/metrics' });
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('UNAUTHENTICATED');
    expect(none.body).not.toContain('fx_');
    const wrong = await withToken.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.statusCode).toBe(401);
    const ok = await withToken.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('fx_db_pool_connections');
  });

  it('is off in production when no token is configured', async () => {
    const res = await productionNoToken.app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('fx_');
  });

  it('refuses a short FX_METRICS_TOKEN at start', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', FX_METRICS_TOKEN: 'short' })).toThrow(ConfigError);
    expect(loadConfig({ NODE_ENV: 'test', FX_METRICS_TOKEN: TOKEN }).metricsToken).toBe(TOKEN);
    expect(loadConfig({ NODE_ENV: 'test' }).metricsToken).toBeNull();
  });
});
