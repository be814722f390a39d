// Where a daily report's time goes beyond the commit floor, measured in one process at one moment
// so the ratios hold on a loaded machine (issue 14; bench/RESULTS.md, "Daily check-in"):
//   node bench/checkin-submit-breakdown.ts [--batch 25] [--batches 40] [--database-url postgres://…]
// Each line is one batch of B writes through the app's own group commit (one merged statement, as the
// server runs it under load) or B concurrent requests through app.inject, per row / request:
// the floor's row (a scans-shaped insert, as bench/commit-floor-server.ts), the report as the submit
// path writes it (amendments and first reports), and the same statement without its history triggers
// and without the returning wrapper, so each piece's cost shows against the floor's.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { addDays } from '@fangxian/contracts/kernel';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import type { RowKind } from '../apps/server/src/platform/db/group-commit.ts';
import { REPORT_ROWS, type ReportWrite } from '../apps/server/src/modules/checkin/checkin.repository.ts';
import { reportDay } from '../apps/server/src/modules/checkin/checkin.rules.ts';
import { createCitizen, createStaff } from '../apps/server/test/factories.ts';
import { principalForToken } from '../apps/server/src/platform/identity/sessions.ts';
import { submitReport } from '../apps/server/src/modules/checkin/checkin.service.ts';
import { benchIdNumber, benchName } from './people.ts';

const { values } = parseArgs({ options: { batch: { type: 'string', default: '25' }, batches: { type: 'string', default: '40' }, 'database-url': { type: 'string' } } });
const B = Number(values.batch);
const BATCHES = Number(values.batches);
const url = values['database-url'];
const config = { ...loadConfig({ NODE_ENV: 'test', FX_SEED_DEMO: 'false', ...(url ? { DATABASE_URL: url } : {}) }), dataDir: mkdtempSync(join(tmpdir(), 'fx-checkin-breakdown-')), logLevel: 'silent' };
const app = await buildApp({ config });
await app.ready();
const ctx = app.ctx;
const load = () => loadavg()[0].toFixed(1);
console.log(`checkin submit breakdown — ${url ? 'PostgreSQL' : 'PGlite (own thread, on disk)'}, batches of ${B}, ${BATCHES} batches each; load average ${load()}`);

// An approved organisation and B members who each reported once today.
const officer = await createStaff(ctx, { roles: ['county_command'], regionCode: '510603' });
const admin = await createCitizen(ctx, { name: benchName(9000), idNumber: benchIdNumber(9000), householdDivision: '510603' });
const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const first17 = `91510603MA${String(Date.now() % 10_000_000).padStart(7, '0')}`;
const creditCode = first17 + chars[(31 - ([...first17].reduce((s, c, i) => s + chars.indexOf(c) * weights[i], 0) % 31)) % 31];
const org = (await app.inject({ method: 'POST', url: '/api/checkin/orgs', headers: admin.headers, payload: { name: '分解单位', type: 'enterprise', creditCode, divisionCode: '510603', address: '旌阳区1号' } })).json();
await app.inject({ method: 'POST', url: `/api/checkin/orgs/${org.id}/decision`, headers: officer.headers, payload: { approve: true } });
const inviteCode = (await app.inject({ url: `/api/checkin/orgs/${org.id}`, headers: admin.headers })).json().inviteCode;
const body = { temperature: 36.5, symptoms: [], divisionCode: '510603', riskAreaContact: false };
const members: { id: string; token: string; headers: Record<string, string> }[] = [];
for (let i = 0; i < B; i++) {
  const m = await createCitizen(ctx, { name: benchName(9001 + i), idNumber: benchIdNumber(9001 + i), householdDivision: '510603' });
  await app.inject({ method: 'POST', url: '/api/checkin/my/join', headers: m.headers, payload: { inviteCode, consent: true } });
  const r = await app.inject({ method: 'POST', url: '/api/checkin/my/report', headers: m.headers, payload: body });
  if (r.statusCode !== 200) throw new Error(`report: ${r.statusCode} ${r.body}`);
  members.push(m);
}

// The floor's row: a scans-shaped table and insert, as bench/commit-floor-server.ts writes it.
const exec = async (...statements: string[]) => {
  for (const s of statements) await ctx.db.execute(sql.raw(s));
};
await exec(
  `create table if not exists bench_floor_scans (venue_id uuid not null, id uuid not null, scanned_at timestamptz(3) not null, citizen_id uuid not null,
  division_code text not null, method text not null, colour text not null, presence_proven boolean not null, staff_id uuid,
  distance_meters integer, primary key (venue_id, scanned_at, id))`,
  'create index if not exists bench_floor_scans_citizen_time_idx on bench_floor_scans (citizen_id, scanned_at)',
  'create index if not exists bench_floor_scans_time_idx on bench_floor_scans (scanned_at)',
);
const venueId = randomUUID();
const FLOOR_ROWS: RowKind<string> = {
  name: 'bench_floor_scans',
  statement: (rows) => sql.raw(`insert into bench_floor_scans values ${rows.join(',')}`),
  text: (rows) => `insert into bench_floor_scans values ${rows.join(',')}`,
};
const floorRow = () => `('${venueId}','${randomUUID()}','${new Date().toISOString()}','${randomUUID()}','510603','citizen_scan_static','green',false,null,null)`;
/** REPORT_ROWS without `returning`: the same upsert as a plain merged row (no CTE, no jsonb answer). */
const PLAIN_REPORT_ROWS: RowKind<ReportWrite> = { name: 'checkin_reports_plain', statement: REPORT_ROWS.statement, text: REPORT_ROWS.text };

const today = reportDay(new Date());
let dayOffset = 0;
const reportRow = (citizenId: string, day = today): ReportWrite => ({
  citizenId, day, temperature: 36.5, symptoms: [], divisionCode: '510603', riskAreaContact: false, codeColour: 'green', abnormal: false, abnormalReasons: [], extra: {}, submittedAt: new Date(),
});

/** BREAKDOWN_ONLY=prefix: measure only the lines starting with it (e.g. under --cpu-prof). */
const ONLY = process.env.BREAKDOWN_ONLY;
async function time(label: string, batch: () => Promise<unknown>): Promise<number> {
  if (ONLY && !label.startsWith(ONLY)) return NaN;
  for (let i = 0; i < 5; i++) await batch();
  const t = performance.now();
  for (let i = 0; i < BATCHES; i++) await batch();
  const perRow = ((performance.now() - t) / BATCHES / B) * 1000;
  console.log(`${label.padEnd(64)} ${perRow.toFixed(0).padStart(6)} µs/row`);
  return perRow;
}
const w = ctx.database.writes;
const payload = JSON.stringify(body);
const principals = await Promise.all(members.map((m) => principalForToken(ctx.db, (m as { token: string }).token)));
const variants: [string, () => Promise<unknown>][] = [
  ['floor: scans-shaped insert (merged)', () => Promise.all(members.map(() => w.submitRows([{ kind: FLOOR_ROWS, rows: [floorRow()] }])))],
  ['report amendment, as served (upsert + returning + history trigger)', () => Promise.all(members.map((m) => w.submitRowsReturning([{ kind: REPORT_ROWS, rows: [reportRow(m.id)] }])))],
  ['report amendment, no returning wrapper', () => Promise.all(members.map((m) => w.submitRows([{ kind: PLAIN_REPORT_ROWS, rows: [reportRow(m.id)] }])))],
  ['report first submission (insert + returning + history trigger)', () => {
    const day = addDays(today, 1 + dayOffset++);
    return Promise.all(members.map((m) => w.submitRowsReturning([{ kind: REPORT_ROWS, rows: [reportRow(m.id, day)] }])));
  }],
  ['submitReport() called directly (no HTTP)', () => Promise.all(principals.map((p) => submitReport(ctx, p!, body)))],
  ['inject calibration: B concurrent GET /healthz', () => Promise.all(members.map(() => app.inject({ url: '/healthz' })))],
  ['whole request: B concurrent POST /api/checkin/my/report (inject)', () =>
    Promise.all(members.map((m) => app.inject({ method: 'POST', url: '/api/checkin/my/report', headers: { ...m.headers, 'content-type': 'application/json' }, payload })))],
];
if (process.env.BREAKDOWN_FUNCTIONS) {
  // Time spent inside each trigger function of checkin_reports (pg_stat_user_functions), measured in
  // the same statements, so their shares hold however loaded the machine is.
  await exec("set track_functions = 'pl'", 'select pg_stat_reset()');
  for (let i = 0; i < BATCHES; i++) await variants[1][1]();
  for (let i = 0; i < BATCHES; i++) await variants[3][1]();
  const stats = (await ctx.db.execute(sql`select funcname, calls, round(total_time::numeric, 1) as total_ms, round((total_time / greatest(calls, 1))::numeric * 1000, 0) as us_per_call
    from pg_stat_user_functions where funcname like 'checkin_%' order by funcname`)) as unknown as { rows: unknown[] };
  console.log(`${BATCHES} batches of ${B} amendments, then ${BATCHES} batches of ${B} first reports; per trigger function:`);
  console.table(stats.rows);
  await app.close();
  process.exit(0);
}
if (process.env.BREAKDOWN_GROWTH) {
  // Amendments of the same members again and again, as the bench's rounds do: per chunk of batches,
  // at fillfactor 100 (as created) and then, on the table rewritten, at the fillfactor given.
  const amend = variants[1][1];
  const chunk = async (label: string) => {
    const out: string[] = [];
    for (let c = 0; c < 6; c++) {
      const t = performance.now();
      for (let i = 0; i < BATCHES; i++) await amend();
      out.push((((performance.now() - t) / BATCHES / B) * 1000).toFixed(0));
    }
    const f = performance.now();
    for (let i = 0; i < 40; i++) await variants[0][1]();
    console.log(`${label}: µs/row per chunk of ${BATCHES} batches: ${out.join(' → ')} (floor now ${(((performance.now() - f) / 40 / B) * 1000).toFixed(0)}); load ${load()}`);
  };
  await chunk('fillfactor 100');
  await exec(`alter table checkin_reports set (fillfactor = ${process.env.BREAKDOWN_GROWTH})`, 'vacuum full checkin_reports');
  await chunk(`fillfactor ${process.env.BREAKDOWN_GROWTH}`);
  await exec('alter table checkin_reports set (fillfactor = 100)', 'vacuum full checkin_reports');
  await chunk('fillfactor 100 again (rewritten)');
  await app.close();
  process.exit(0);
}
const sums = new Map<string, number[]>();
for (let pass = 0; pass < 2; pass++) {
  for (const [label, batch] of pass === 0 ? variants : [...variants].reverse()) {
    const v = await time(label, batch);
    sums.set(label, [...(sums.get(label) ?? []), v]);
  }
}
await exec('alter table checkin_reports disable trigger checkin_reports_history_insert', 'alter table checkin_reports disable trigger checkin_reports_history_update');
await time('report amendment, history triggers off', variants[1][1]);
await time('report first submission, history triggers off', variants[3][1]);
await exec('alter table checkin_reports enable trigger checkin_reports_history_insert', 'alter table checkin_reports enable trigger checkin_reports_history_update');
// Amendments as HOT updates: room left in each page (fillfactor) so an amended row's new version stays
// in its page and needs no new index entries (the table rewritten so existing rows get the room too).
await exec('alter table checkin_reports set (fillfactor = 70)', 'vacuum full checkin_reports');
for (const label of ['floor: scans-shaped insert (merged)', 'report amendment, as served (upsert + returning + history trigger)']) {
  const v = await time(label.startsWith('floor') ? label : 'report amendment, as served, fillfactor 70', variants.find(([l]) => l === label)![1]);
  sums.set(label.startsWith('floor') ? label : 'report amendment, as served, fillfactor 70', [...(sums.get(label.startsWith('floor') ? label : 'report amendment, as served, fillfactor 70') ?? []), v]);
}
const floor = Math.min(...sums.get(variants[0][0])!);
if (ONLY) {
  await app.close();
  process.exit(0);
}
const results = [...sums].slice(1).map(([l, v]) => [l, Math.min(...v)] as [string, number]);
console.log(`\nbest of the two passes, ÷ the floor's row (${floor.toFixed(0)} µs):`);
for (const [l, v] of results) console.log(`  ${l.padEnd(64)} ${v.toFixed(0).padStart(6)} µs  ${(v / floor).toFixed(2)}`);
console.log(`load average at the end ${load()}`);
await app.close();
