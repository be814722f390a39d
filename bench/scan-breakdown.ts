// Per-step cost of a citizen scan, measured in one process at one moment so the ratios hold even on
// a loaded machine: node bench/scan-breakdown.ts [iterations=1000] [only-steps-starting-with]
// (not part of npm run bench; see bench/RESULTS.md, "Scan and verify").
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { createCitizen, createStaff } from '../apps/server/test/factories.ts';
import { principalForToken } from '../apps/server/src/platform/identity/sessions.ts';
import { entryCodeOf } from '../apps/server/src/modules/venues/venues.health.ts';
import { insertScan } from '../apps/server/src/modules/venues/venues.repository.ts';

const dir = mkdtempSync(join(tmpdir(), 'fx-micro-'));
const config = { ...loadConfig({ NODE_ENV: 'test', FX_SEED_DEMO: 'false' }), dataDir: dir, logLevel: 'silent' };
const app = await buildApp({ config });
// The embedded database on disk, as in production.
await app.ready();
const ctx = app.ctx;
const bare = Fastify({ logger: false });
bare.post('/*', async () => ({ ok: true, id: '00000000-0000-4000-8000-000000000000' }));
await bare.ready();
const officer = await createStaff(ctx, { roles: ['county_command'], regionCode: '510603' });
const v = (await app.inject({ method: 'POST', url: '/api/venues', headers: officer.headers, payload: { name: 'x', type: 'mall', address: 'a', divisionCode: '510603', latitude: 31, longitude: 104, contactName: '王小明', contactPhone: '13900000000' } })).json();
await app.inject({ method: 'POST', url: `/api/venues/${v.id}/decision`, headers: officer.headers, payload: { decision: 'approved' } });
const token = (await app.inject({ url: `/api/venues/${v.id}/place-code`, headers: officer.headers })).json().token;
const c = await createCitizen(ctx, { name: '张三', idNumber: '11010519491231002X', householdDivision: '510603' });
await app.inject({ method: 'POST', url: '/api/scans', headers: c.headers, payload: { placeToken: token } });
const N = Number(process.argv[2] ?? 1000);
const ONLY = process.argv[3];
async function time(label: string, fn: () => Promise<unknown>) {
  if (ONLY && !label.startsWith(ONLY)) return;
  for (let i = 0; i < 100; i++) await fn();
  const t = performance.now();
  for (let i = 0; i < N; i++) await fn();
  console.log(label.padEnd(36), ((performance.now() - t) / N * 1000).toFixed(0).padStart(6), 'µs/op');
}
const body = JSON.stringify({ placeToken: token });
await time('bare fastify inject POST', () => bare.inject({ method: 'POST', url: '/x', headers: { 'content-type': 'application/json' }, payload: body }));
await time('project /healthz inject', () => app.inject({ url: '/healthz' }));
await time('pglite select 1', () => ctx.db.execute(sql`select 1`));
await time('session lookup (principalForToken)', () => principalForToken(ctx.db, c.token));
await time('entry code read', () => entryCodeOf(ctx, c.id));
const row = () => ({ id: randomUUID(), venueId: v.id, scannedAt: new Date(), citizenId: c.id, divisionCode: '510603', method: 'citizen_scan_static' as const, colour: 'green', decision: 'pass' as const, presenceProven: false, staffId: null, distanceMeters: null });
await time('insert scan tx (group commit)', () => ctx.database.writes.submit((tx) => insertScan(tx, row(), [])));
await time('empty tx (BEGIN/COMMIT)', () => ctx.db.transaction(async () => {}));
await time('full scan inject', () => app.inject({ method: 'POST', url: '/api/scans', headers: { ...c.headers, 'content-type': 'application/json' }, payload: body }));
await app.close();
await bare.close();
