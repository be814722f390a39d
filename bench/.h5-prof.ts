import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '/work/main/apps/server/src/app.ts';
import { loadConfig } from '/work/main/apps/server/src/config.ts';
import { createCitizen, createStaff } from '/work/main/apps/server/test/factories.ts';

const mode = process.argv[2] ?? 'disk';
const dir = mode === 'disk' ? mkdtempSync(join(tmpdir(), 'fx-prof-')) : 'memory';
const config = { ...loadConfig({ NODE_ENV: 'test', FX_SEED_DEMO: 'false', FX_DATA_DIR: dir }), dataDir: dir, logLevel: 'silent' };
const app = await buildApp({ config });
await app.ready();
const ctx = app.ctx;
const officer = await createStaff(ctx, { roles: ['county_command'], regionCode: '510603' });
const v = (await app.inject({ method: 'POST', url: '/api/venues', headers: officer.headers, payload: { name: 'x', type: 'mall', address: 'a', divisionCode: '510603', latitude: 31, longitude: 104, contactName: 'n', contactPhone: '13900000000' } })).json();
await app.inject({ method: 'POST', url: `/api/venues/${v.id}/decision`, headers: officer.headers, payload: { decision: 'approved' } });
const token = (await app.inject({ url: `/api/venues/${v.id}/place-code`, headers: officer.headers })).json().token;
const c = await createCitizen(ctx, { name: '张三', idNumber: '11010519491231002X', householdDivision: '510603' });
const first = await app.inject({ method: 'POST', url: '/api/scans', headers: c.headers, payload: { placeToken: token } });
console.log('first', first.statusCode, first.body.slice(0, 120));
async function time(label: string, fn: () => Promise<unknown>, n = 300) {
  const t = performance.now();
  for (let i = 0; i < n; i++) await fn();
  console.log(label, ((performance.now() - t) / n).toFixed(2), 'ms/op');
}
const only = process.argv[3];
if (only === 'count') {
  const client = (ctx.db as any).session.client;
  const seen: string[] = [];
  for (const m of ['query', 'exec', 'transaction']) {
    const orig = client[m].bind(client);
    client[m] = (q: any, ...rest: any[]) => { seen.push(`${m}: ${typeof q === 'string' ? q.slice(0, 90) : 'fn'}`); return orig(q, ...rest); };
  }
  await app.inject({ method: 'POST', url: '/api/scans', headers: c.headers, payload: { placeToken: token } });
  console.log(seen.join('\n'));
  seen.length = 0;
  await app.inject({ url: '/api/me', headers: c.headers });
  console.log('--- me\n' + seen.join('\n'));
  process.exit(0);
}
if (only === 'scan') { await time('scan', () => app.inject({ method: 'POST', url: '/api/scans', headers: c.headers, payload: { placeToken: token } }), 1500); await app.close(); process.exit(0); }
await time('healthz', () => app.inject({ url: '/healthz' }));
await time('me', () => app.inject({ url: '/api/me', headers: c.headers }));
await time('scan', () => app.inject({ method: 'POST', url: '/api/scans', headers: c.headers, payload: { placeToken: token } }));
await time('db select 1', () => ctx.db.execute('select 1' as never));
const { sql } = await import('drizzle-orm');
await time('tx insert', () => ctx.database.writes.submit((tx) => tx.execute(sql`select 1`)));
await app.close();
