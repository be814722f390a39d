import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import type { App } from '../src/platform/http/context.ts';
import type { Database } from '../src/platform/db/database.ts';
import { inlineStylesOf, styleHash } from '../src/platform/http/api-docs.ts';
import { createTestApp, openTestDatabase, testConfig, type TestApp } from './support.ts';
import { lintExposition, parseExposition } from './prometheus-lint.ts';
import { approvedVenue, VENUE_INPUT } from './venues.support.ts';

/**
 * Delivery and conformance (issue 11): the page CSP over plain HTTP and over TLS, the API docs' CSP,
 * precompressed and cached web assets, the OpenAPI document for client generators, a promtool-clean
 * /metrics, and the start-up warning about a localhost FX_PUBLIC_URL.
 */

let database: Database;
const apps: App[] = [];

/** The real app on the shared database, with a configuration and (optionally) a built web app folder. */
async function app(env: NodeJS.ProcessEnv = {}, webDistDir?: string, host = '127.0.0.1'): Promise<App> {
  const built = await buildApp({ config: testConfig({ host }, env), database, webDistDir: webDistDir ?? join(tmpdir(), 'fx-no-web-app') });
  await built.ready();
  apps.push(built);
  return built;
}

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  for (const a of apps) await a.close();
  await database.close();
});

const directives = (csp: string | undefined) => (csp ?? '').split(';').map((d) => d.trim()).filter(Boolean);

describe('Content-Security-Policy over plain HTTP and over TLS', () => {
  it('over plain HTTP (a LAN address) sends no upgrade-insecure-requests, and no COOP the browser would reject', async () => {
    const http = await app({ FX_PUBLIC_URL: 'http://192.168.1.20:3000' });
    for (const url of ['/healthz', '/api/docs']) {
      const res = await http.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(directives(res.headers['content-security-policy'] as string), url).not.toContain('upgrade-insecure-requests');
      expect(res.headers['content-security-policy'], url).toContain("default-src 'self'");
    }
    const page = await http.inject({ url: '/healthz' });
    expect(page.headers['cross-origin-opener-policy']).toBeUndefined();
    expect(page.headers['origin-agent-cluster']).toBeUndefined();
  });

  it('over TLS (an https FX_PUBLIC_URL, or FX_TLS=true) upgrades insecure requests on pages and the API docs', async () => {
    for (const env of [{ FX_PUBLIC_URL: 'https://fx.example.gov.cn' }, { FX_PUBLIC_URL: 'http://10.0.0.5:3000', FX_TLS: 'true' }]) {
      const tls = await app(env);
      for (const url of ['/healthz', '/api/docs']) {
        const res = await tls.inject({ url });
        expect(directives(res.headers['content-security-policy'] as string), `${url} ${JSON.stringify(env)}`).toContain('upgrade-insecure-requests');
      }
      expect((await tls.inject({ url: '/healthz' })).headers['cross-origin-opener-policy']).toBe('same-origin');
    }
    // FX_TLS=false is an explicit opt-out, even with an https address.
    const optOut = await app({ FX_PUBLIC_URL: 'https://fx.example.gov.cn', FX_TLS: 'false' });
    expect(directives((await optOut.inject({ url: '/healthz' })).headers['content-security-policy'] as string)).not.toContain('upgrade-insecure-requests');
  });

  it("lets the API docs' inline <style> elements run by hash, without 'unsafe-inline' or outside hosts", async () => {
    const http = await app();
    const csp = (await http.inject({ url: '/api/docs' })).headers['content-security-policy'] as string;
    const styleSrc = directives(csp).find((d) => d.startsWith('style-src '))!;
    expect(styleSrc).not.toContain("'unsafe-inline'");
    expect(styleSrc).not.toContain('https:');
    // Swagger UI's top bar logo is an SVG with a <style> element (the console error of the issue).
    const staticDir = join(dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui/package.json')), 'static');
    const styles = ['swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js'].flatMap((f) => inlineStylesOf(readFileSync(join(staticDir, f), 'utf8')));
    expect(styles.some((css) => css.includes('logo_small_svg'))).toBe(true);
    for (const css of styles) expect(styleSrc).toContain(styleHash(css));
    // The hash Chromium asked for in its console error.
    expect(styleSrc).toContain("'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='");
    expect(directives(csp).find((d) => d.startsWith('img-src '))).toBe("img-src 'self' data:");
    // The docs no longer ask the public validator about our spec.
    const init = (await http.inject({ url: '/api/docs/static/swagger-initializer.js' })).body;
    expect(init).toMatch(/"validatorUrl":\s*null/);
  });
});

describe('web app: precompressed assets and caching', () => {
  let dist: string;
  let web: App;
  const js = `export const greeting = ${JSON.stringify('欢迎使用防线 '.repeat(400))};\n`;
  const html = `<!doctype html><html lang="zh-CN"><head><script type="module" src="/assets/console-AbC123xy.js"></script></head><body>${'<div id="root"></div>'.repeat(80)}</body></html>`;
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'fx-web-dist-'));
    mkdirSync(join(dist, 'assets'));
    // What the Vite build writes (apps/web/build/precompress.ts): each text file with .br and .gz beside it.
    for (const [file, body] of [['assets/console-AbC123xy.js', js], ['console.html', html], ['index.html', html.replace('console', 'citizen')]] as const) {
      writeFileSync(join(dist, file), body);
      writeFileSync(join(dist, `${file}.br`), brotliCompressSync(body));
      writeFileSync(join(dist, `${file}.gz`), gzipSync(body));
    }
    writeFileSync(join(dist, 'venue.html'), html);
    writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    web = await app({}, dist);
  });
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it('sends brotli to clients that accept it, gzip to those that accept only gzip, the file itself to others; always Vary', async () => {
    const url = '/assets/console-AbC123xy.js';
    const br = await web.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^(application|text)\/javascript/);
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(js);
    expect(br.rawPayload.length).toBeLessThan(Buffer.byteLength(js) / 4);

    const gz = await web.inject({ url, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(String(gz.headers.vary)).toMatch(/accept-encoding/i);
    expect(gunzipSync(gz.rawPayload).toString()).toBe(js);

    const plain = await web.inject({ url, headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(String(plain.headers.vary)).toMatch(/accept-encoding/i);
    expect(plain.body).toBe(js);
  });

  it('caches hashed assets for a year (immutable) and makes HTML and unhashed files revalidate', async () => {
    const asset = await web.inject({ url: '/assets/console-AbC123xy.js', headers: { 'accept-encoding': 'br' } });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // The surface's HTML for its client-side routes: no-cache (the old code's header was overwritten by send's public, max-age=0).
    for (const url of ['/console', '/console/staff', '/', '/m/scan']) {
      const page = await web.inject({ url, headers: { 'accept-encoding': 'gzip, br' } });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['cache-control'], url).toBe('no-cache');
      expect(page.headers['content-type'], url).toMatch(/^text\/html/);
      expect(page.headers['content-encoding'], url).toBe('br');
      expect(brotliDecompressSync(page.rawPayload).toString(), url).toContain(url.startsWith('/console') ? 'console-AbC123xy' : 'citizen-AbC123xy');
    }
    // An HTML file without compressed copies is sent as it is.
    const venue = await web.inject({ url: '/venue/verify', headers: { 'accept-encoding': 'br' } });
    expect(venue.headers['content-encoding']).toBeUndefined();
    expect(venue.headers['cache-control']).toBe('no-cache');
    expect(venue.body).toBe(html);
    const icon = await web.inject({ url: '/favicon.svg' });
    expect(icon.headers['cache-control']).toBe('no-cache');
    // Pages keep the page security headers; the API keeps no-store.
    expect((await web.inject({ url: '/console' })).headers['content-security-policy']).toContain("script-src 'self'");
    expect((await web.inject({ url: '/api/me' })).headers['cache-control']).toBe('no-store');
  });
});

describe('OpenAPI document for client generators', () => {
  let doc: { servers?: { url: string }[]; info: { license?: { name: string } }; paths: Record<string, Record<string, { operationId?: string; security?: unknown[] }>> };
  beforeAll(async () => {
    doc = (await (await app({ FX_PUBLIC_URL: 'https://fx.example.gov.cn' })).inject({ url: '/api/docs/json' })).json();
  });
  const operations = () => Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).filter(([m]) => ['get', 'put', 'post', 'delete', 'patch'].includes(m)).map(([method, op]) => ({ method, path, op })));

  it('gives every operation a unique operationId made from its method and path', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(80);
    const ids = ops.map((o) => o.op.operationId);
    expect(ids.filter((id) => !id || !/^[a-z][A-Za-z0-9]*$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    const byRoute = new Map(ops.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o.op.operationId]));
    expect(byRoute.get('GET /api/me')).toBe('getMe');
    expect(byRoute.get('GET /api/divisions/{code}')).toBe('getDivisionsByCode');
    expect(byRoute.get('POST /api/health/rule-sets/{version}/dry-run')).toBe('postHealthRuleSetsByVersionDryRun');
  });

  it('declares security on every operation: the policy action’s credentials, or security: [] on public ones', () => {
    const missing = operations().filter((o) => !Array.isArray(o.op.security));
    expect(missing.map((o) => `${o.method} ${o.path}`)).toEqual([]);
    const sec = (method: string, path: string) => doc.paths[path][method].security;
    expect(sec('post', '/api/auth/otp')).toEqual([]);
    expect(sec('get', '/api/divisions')).toEqual([]);
    expect(sec('get', '/api/open/health-code/keys')).toEqual([]);
    expect(sec('get', '/api/me')).toEqual([{ bearer: [] }, { session: [] }]);
    // Sign-out works with or without a session.
    expect(sec('post', '/api/auth/sign-out')).toEqual([{}, { bearer: [] }, { session: [] }]);
  });

  it('names the deployment as its server and has no ambiguous paths', () => {
    expect(doc.servers).toEqual([{ url: 'https://fx.example.gov.cn', description: expect.any(String) }]);
    expect(doc.info.license?.name).toBe('Apache-2.0');
    // Two templated paths are ambiguous when a concrete URL matches both and neither is more specific.
    const paths = Object.keys(doc.paths).map((p) => p.split('/'));
    const param = (s: string) => s.startsWith('{');
    const ambiguous: string[] = [];
    for (let i = 0; i < paths.length; i++) {
      for (let j = i + 1; j < paths.length; j++) {
        const [a, b] = [paths[i], paths[j]];
        if (a.length !== b.length || !a.every((s, k) => s === b[k] || param(s) || param(b[k]))) continue;
        const aLooser = a.some((s, k) => param(s) && !param(b[k]));
        const bLooser = b.some((s, k) => param(s) && !param(a[k]));
        if (aLooser && bLooser) ambiguous.push(`${a.join('/')} ~ ${b.join('/')}`);
      }
    }
    expect(ambiguous).toEqual([]);
    // The dry-run job moved out of /rule-sets/{version}/…; its old path still answers (undocumented).
    expect(doc.paths['/api/health/rule-set-dry-runs/{id}']?.get).toBeDefined();
    expect(doc.paths['/api/health/rule-sets/dry-runs/{id}']).toBeUndefined();
  });
});

describe('/metrics as promtool checks it', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({}, database);
  });
  afterAll(async () => t.close());

  it('is promtool-clean: one TYPE per family, _total only (and always) on counters, help on every family', async () => {
    await t.app.inject({ url: '/healthz' });
    await t.app.inject({ url: '/api/no-such-thing' });
    const text = (await t.app.inject({ url: '/metrics' })).body;
    expect(lintExposition(text)).toEqual([]);
    const families = parseExposition(text);
    for (const f of families.values()) if (f.name.endsWith('_total')) expect(f.type, f.name).toBe('counter');
    expect(families.get('fx_http_requests_total')?.type).toBe('counter');
    expect(families.get('fx_http_request_duration_seconds')?.type).toBe('histogram');
    // prom-client's gauges named like counters are gone; their per-type gauges stay.
    expect(families.has('fx_nodejs_active_handles_total')).toBe(false);
    expect(families.get('fx_nodejs_active_handles')?.type).toBe('gauge');
  });

  it('splits the group-commit path into a queue gauge and counters that count up with each commit', async () => {
    const read = async () => parseExposition((await t.app.inject({ url: '/metrics' })).body);
    const before = await read();
    expect(before.has('fx_group_commit')).toBe(false);
    expect(before.get('fx_group_commit_queued_items')?.type).toBe('gauge');
    for (const c of ['batches', 'items', 'splits', 'isolated', 'retried_alone', 'merged_inserts', 'rows']) expect(before.get(`fx_group_commit_${c}_total`)?.type, c).toBe('counter');
    const value = (fs: Map<string, { samples: { value: number }[] }>, name: string) => fs.get(name)!.samples[0].value;
    await Promise.all([1, 2, 3].map(() => t.database.writes.submit((tx) => tx.execute(sql`select 1`))));
    const after = await read();
    expect(value(after, 'fx_group_commit_items_total')).toBe(value(before, 'fx_group_commit_items_total') + 3);
    expect(value(after, 'fx_group_commit_batches_total')).toBeGreaterThan(value(before, 'fx_group_commit_batches_total'));
    expect(value(after, 'fx_group_commit_queued_items')).toBe(0);
    // The pool: levels by state, and waiting queries in their own gauge (no "total" state mixed in).
    const pool = after.get('fx_db_pool_connections')!;
    expect(pool.type).toBe('gauge');
    expect(pool.samples.map((s) => s.labels.state).sort()).toEqual(['busy', 'idle']);
    expect(after.get('fx_db_pool_waiting_queries')?.type).toBe('gauge');
    for (const f of after.values()) for (const s of f.samples) expect(Object.keys(s.labels), f.name).not.toContain('stat');
  });

  it('the checker finds what promtool found in the old exposition (a test that can fail)', () => {
    const old = [
      '# HELP fx_nodejs_active_handles_total Total number of active handles.',
      '# TYPE fx_nodejs_active_handles_total gauge',
      'fx_nodejs_active_handles_total 12',
      '# HELP fx_group_commit Group-commit write path: queued items, batches and items committed',
      '# TYPE fx_group_commit gauge',
      'fx_group_commit{stat="queued"} 0',
      'fx_group_commit{stat="batches"} 4',
      '# TYPE fx_scans counter',
      'fx_scans 3',
      '# TYPE fx_scans counter',
      'fx_orphan_total 1',
      '# HELP fx_latency_ms x',
      '# TYPE fx_latency_ms gauge',
      'fx_latency_ms 3',
    ].join('\n');
    const problems = lintExposition(old).join('\n');
    expect(problems).toContain('fx_nodejs_active_handles_total: non-counter metrics should not have "_total" suffix');
    expect(problems).toContain('fx_scans: counter metrics should have "_total" suffix');
    expect(problems).toContain('second TYPE line for fx_scans');
    expect(problems).toContain('fx_scans: no help text');
    expect(problems).toContain('sample fx_orphan_total has no TYPE line');
    expect(problems).toContain('fx_latency_ms: metric names should not contain abbreviated units');
  });
});

describe('FX_PUBLIC_URL at start-up', () => {
  it('warns when it names this machine only while the server listens on other addresses', async () => {
    const lan = await createTestApp({ host: '0.0.0.0', publicUrl: 'http://localhost:3000' }, database);
    const loopback = await createTestApp({ host: '127.0.0.1', publicUrl: 'http://localhost:3000' }, database);
    const real = await createTestApp({ host: '0.0.0.0', publicUrl: 'http://192.168.1.20:3000' }, database);
    try {
      const warnings = (logs: string[]) => logs.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level === 40 && /FX_PUBLIC_URL/.test(l.msg));
      expect(warnings(lan.logs)).toHaveLength(1);
      expect(warnings(lan.logs)[0].msg).toContain('0.0.0.0');
      expect(warnings(loopback.logs)).toEqual([]);
      expect(warnings(real.logs)).toEqual([]);
    } finally {
      await lan.close();
      await loopback.close();
      await real.close();
    }
  });
});

describe('place-code posters', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ publicUrl: 'https://fx.example.gov.cn' }, database);
  });
  afterAll(async () => t.close());

  it('print the address with its division once, whether or not the registered address repeats it', async () => {
    // (VENUE_INPUT's address is a literal type; any address string is valid input.)
    const withAddress = (address: string) => ({ address }) as unknown as Partial<typeof VENUE_INPUT>;
    const full = await approvedVenue(t, withAddress('四川省德阳市旌阳区长江西路二段1号'));
    const street = await approvedVenue(t, withAddress('长江西路二段3号'));
    const poster = async (id: string, headers: Record<string, string>) => (await t.app.inject({ url: `/api/venues/${id}/place-code`, headers })).json();
    const a = await poster(full.id, full.manager.headers);
    expect(a.fullAddress).toBe('四川省德阳市旌阳区长江西路二段1号');
    expect(a.url).toBe(`https://fx.example.gov.cn/m/scan?c=${a.token}`);
    expect((await poster(street.id, street.manager.headers)).fullAddress).toBe('四川省德阳市旌阳区长江西路二段3号');
  });
});
