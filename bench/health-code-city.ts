/**
 * Health codes at city scale (issue 17): on a synthetic city (city.ts) of N people, times
 * the whole-population operations of the health code and a set-based SQL floor in the same run:
 *
 *   1. sweep of N due codes (first computation of every code);
 *   2. an officer makes 旌阳区 (510603) high-risk: the API call, then the sweep of the affected codes;
 *   3. the floor: reading the same people's facts and writing the same number of code rows and
 *      events with plain set-based SQL (rolled back);
 *   4. a dry run of a rule-set draft over everyone (through the job runner).
 *
 *   node bench/health-code-city.ts [--people 10000] [--database-url postgres://…] [--root <checkout>]
 *                                  [--probe [--port 3957]] [--data-dir <dir>] [--only-risk-area] [--job-rest-percent 50]
 *
 * `--probe` also serves the app over HTTP and probes venue scans and door checks from a separate
 * process (bench/hot-path-probe.ts) during the risk-area recompute and the purge. `--data-dir` keeps
 * the embedded database in that (new) directory instead of memory and, after the run, times a
 * second start of the server on it (spawn to the first 200 from /readyz).
 *
 * `--only-risk-area` skips the sweep of every code (the codes are stored green with nothing due, as
 * after a first sweep), the dry run and the purge: the risk-area change and its floor alone, for
 * 100 000 people and more on this shared machine.
 *
 * `--cpu-prof-recompute <file.cpuprofile>` writes a V8 CPU profile of this process (the server's
 * code runs in it) taken only while the risk area's job recomputes (node:inspector), for
 * bench/profile-summary.ts.
 *
 * `--root` runs the same steps against another checkout of the server (e.g. the code before the
 * change, extracted with `git archive`), to measure before and after on one machine in one sitting.
 * Runs in-process (the server's code, no HTTP port); the API call goes through app.inject.
 */
import { parseArgs } from 'node:util';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { loadCity } from './city.ts';
import { codePageProbe, ratioToFloor, startCpuProfile, startHotPathProbe, timeServerStart } from './harness.ts';

const { values } = parseArgs({
  options: { people: { type: 'string', default: '10000' }, 'database-url': { type: 'string' }, root: { type: 'string' }, probe: { type: 'boolean' }, 'only-risk-area': { type: 'boolean' }, port: { type: 'string', default: '3957' }, 'data-dir': { type: 'string' }, 'cpu-prof-recompute': { type: 'string' }, 'keep-database': { type: 'boolean' }, 'job-rest-percent': { type: 'string', default: '0' } },
});
const people = Number(values.people);
const root = resolve(values.root ?? resolve(import.meta.dirname, '..'));
if (values['database-url']) {
  process.env.FX_TEST_DB = 'postgres';
  process.env.TEST_DATABASE_URL = values['database-url'];
}

const support = await import(`${root}/apps/server/test/support.ts`);
const factories = await import(`${root}/apps/server/test/factories.ts`);
const service = await import(`${root}/apps/server/src/modules/health-code/health-code.service.ts`);
const { JobRunner } = await import(`${root}/apps/server/src/platform/jobs/index.ts`);
const { DEFAULT_RULES } = await import(`${root}/apps/server/src/modules/health-code/health-code.default-rules.ts`);

let peakRss = 0;
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
const ms = (t0: number) => Math.round(performance.now() - t0);
const count = async (q: ReturnType<typeof sql>): Promise<number> => {
  const r = (await t.app.ctx.db.execute(q)) as unknown as { rows: { n: number }[] };
  return Number(r.rows[0].n);
};

const dataDir = values['data-dir'] ? resolve(values['data-dir']) : null;
if (dataDir && existsSync(dataDir)) throw new Error(`--data-dir ${dataDir} exists: give a new directory`);
const { openDatabase } = await import(`${root}/apps/server/src/platform/db/database.ts`);
const onDisk = dataDir ? await openDatabase({ url: null, dataDir }) : undefined;
// --job-rest-percent: the recomputations' back-pressure (config jobRestPercent; checkouts before it ignore it).
const t = await support.createTestApp({ logLevel: 'warn', jobRestPercent: Number(values['job-rest-percent']) }, onDisk);
const ctx = t.app.ctx;
const out: Record<string, unknown> = {
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}, node ${process.version}`,
  database: values['database-url'] ? 'postgresql' : 'pglite',
  code: values.root ? root : 'this checkout',
  jobRestPercent: Number(values['job-rest-percent']),
  people,
};

// Day partitions for the back-filled days (live scans land in the days scans.partitions creates ahead).
const partitions = await import(`${root}/apps/server/src/modules/venues/venues.partitions.ts`).catch(() => null);
if (partitions) {
  const { addDays, dayOf } = await import('@fangxian/contracts/kernel');
  await partitions.ensureScanPartitions(ctx.db, Array.from({ length: 40 }, (_: unknown, i: number) => addDays(dayOf(new Date()), 8 - i)));
}

/** The citizen code page probed every 25 ms while `work` runs (in-process: it shares the event loop and the database with the work; harness.ts). */
const probeCitizen = await factories.createCitizen(ctx, { name: '探针', householdDivision: '510681' });
const { probed } = codePageProbe(t.app, () => probeCitizen.headers, false);

let t0 = performance.now();
const city = await loadCity(ctx, { people });
out.load = { ...city, ms: ms(t0) };

/**
 * With --probe: the app listens on --port and a separate process sends venue scans (10 citizens round
 * robin over 20 of the city's venues: 200 new scans, then repeat visits) and door checks (a venue's
 * staff verifying the 10 citizens' codes) while `work` runs.
 */
const probe = values.probe
  ? await (async () => {
      const hc = await import(`${root}/apps/server/test/health-code.support.ts`);
      const venueIds = ((await ctx.db.execute(sql`select id from venues where status = 'approved' order by id limit 20`)) as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
      const cityOfficer = await factories.createStaff(ctx, { roles: ['county_command'], regionCode: '510600' });
      const staff = await factories.createStaff(ctx, { roles: ['venue_staff'], regionCode: '510603', venueId: venueIds[0] });
      return startHotPathProbe(t.app, Number(values.port), {
        venueIds,
        officerHeaders: cityOfficer.headers,
        staffHeaders: staff.headers,
        citizen: (i) => factories.createCitizen(ctx, { name: `探针${i}`, idNumber: hc.residentId('510681'), householdDivision: '510681' }),
      });
    })()
  : null;
/** Runs `work` with the separate-process probe running (when --probe), answering its summary too. */
async function hotPath<T>(work: () => Promise<T>): Promise<{ result: T; hotPath: Record<string, unknown> | null }> {
  if (!probe) return { result: await work(), hotPath: null };
  return probe.during(work);
}
if (probe) out.hotPathIdle = (await hotPath(() => new Promise((r) => setTimeout(r, 5000)))).hotPath;

// 1. Every code due (as after a first start on imported people): the sweep computes them all.
await ctx.db.execute(sql`insert into health_codes (citizen_id, colour, rule_set_version, since, reason_codes, region_code, next_check_at, updated_at)
  select id, 'green', 1, now(), '[]'::jsonb, household_division, now(), now() - interval '1 day' from citizens on conflict (citizen_id) do nothing`);
const sweepAll = async () => {
  let done = 0;
  for (;;) {
    const n = await service.sweepDueCodes(ctx, new Date());
    done += n;
    if (n === 0) break;
  }
  return done;
};
const onlyRiskArea = values['only-risk-area'] === true;

/** Closes the app and, on a PostgreSQL server, drops the run's database (support.ts names it fx_bench_…). */
async function closeAndDrop() {
  const name = values['database-url'] ? ((await ctx.db.execute(sql`select current_database() as n`)) as unknown as { rows: { n: string }[] }).rows[0].n : null;
  await t.close();
  if (name) console.error(`database ${name}${values['keep-database'] ? ' kept (--keep-database): drop it when done' : ' dropped'}`);
  if (name?.startsWith('fx_bench_') && !values['keep-database']) {
    const pg = (await import('pg')).default;
    const admin = new pg.Client({ connectionString: values['database-url'] });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

t0 = performance.now();
let done = 0;
if (onlyRiskArea) {
  // As after a first sweep: every code stored, nothing due (their colours are recomputed by the change itself).
  await ctx.db.execute(sql`update health_codes set next_check_at = null`);
} else {
  done = await sweepAll();
  out.sweepAll = { codes: done, ms: ms(t0), perSecond: Math.round(done / ((performance.now() - t0) / 1000)) };
}
// The jobs a change queued (the recompute of a risk area's people, or the sweep asked for), run to the end.
const runner = new JobRunner(ctx, { workerId: 'bench', leaseMs: 600_000 });
const drainJobs = async () => {
  let n = 0;
  while (await runner.runOnce()) n++;
  return n;
};

// 2. The risk-area change.
const officer = await factories.createStaff(ctx, { roles: ['health'], regionCode: '510600' });
await drainJobs(); // whatever the city load queued, before the clock starts
const before = new Date(Date.now() - 5);
t0 = performance.now();
const res = await t.app.inject({ method: 'POST', url: '/api/epidemic/risk-areas', headers: officer.headers, payload: { divisionCode: '510603', level: 'high', startDate: new Date(Date.now() + 8 * 3600_000 - 5 * 86_400_000).toISOString().slice(0, 10), reason: '基准测试' } });
const apiMs = ms(t0);
if (res.statusCode !== 201) throw new Error(`risk area: ${res.statusCode} ${res.body}`);
const marked = await count(sql`select count(*)::int as n from health_codes where next_check_at <= now() or updated_at > ${before.toISOString()}::timestamptz`);
t0 = performance.now();
const profiler = values['cpu-prof-recompute'] ? await startCpuProfile() : null;
const riskProbe = await hotPath(() => probed(async () => (await drainJobs(), await sweepAll())));
if (profiler) await profiler.stop(values['cpu-prof-recompute']!);
const riskSweep = riskProbe.result;
done = riskSweep.result;
const sweepMs = performance.now() - t0;
const recomputed = await count(sql`select count(*)::int as n from health_codes where updated_at > ${before.toISOString()}::timestamptz`);
const recomputeJobId = (res.json() as { recomputeJobId?: string }).recomputeJobId;
const recomputeJob = recomputeJobId ? ((await ctx.db.execute(sql`select result from jobs where id = ${recomputeJobId}`)) as unknown as { rows: { result: unknown }[] }).rows[0]?.result : null;
out.riskArea = { apiMs, markedInRequest: marked, recomputeJob, sweepCodes: done, recomputed, sweepMs: Math.round(sweepMs), perSecond: Math.round(recomputed / ((sweepMs + apiMs) / 1000)), codePageDuringSweep: riskSweep.probes, hotPathDuringSweep: riskProbe.hotPath };
// Codes due at any time in the next 3 days (the old rule made every code with a dated fact due at the next midnight).
out.dueWithin3Days = await count(sql`select count(*)::int as n from health_codes where next_check_at <= now() + interval '3 days'`);

// 3. The floor: the same people's facts read and the same rows written with set-based SQL (rolled back).
t0 = performance.now();
await ctx.db
  .transaction(async (tx: typeof ctx.db) => {
    await tx.execute(sql`create temp table floor_people on commit drop as
      select h.citizen_id,
             (select count(*) from scans s where s.citizen_id = h.citizen_id and s.scanned_at >= now() - interval '35 days') as scans,
             (select count(*) from hc_declarations d where d.citizen_id = h.citizen_id and d.declared_on >= current_date - 35) as declarations,
             (select count(*) from person_statuses p where p.document_index = c.document_index) as statuses
        from health_codes h join citizens c on c.id = h.citizen_id
       where h.updated_at > ${before.toISOString()}::timestamptz`);
    await tx.execute(sql`update health_codes h set updated_at = now(), next_change = h.next_change, reason_codes = h.reason_codes from floor_people f where h.citizen_id = f.citizen_id`);
    await tx.execute(sql`insert into health_code_events (citizen_id, from_colour, to_colour, rule_set_version, reason_codes, cause_type, cause)
      select citizen_id, 'green', 'green', 1, '[]'::jsonb, 'timer', '{}'::jsonb from floor_people`);
    throw new Error('rollback');
  })
  .catch((err: Error) => {
    if (err.message !== 'rollback') throw err;
  });
const floorMs = performance.now() - t0;
out.floor = { codes: recomputed, ms: Math.round(floorMs), perSecond: Math.round(recomputed / (floorMs / 1000)) };

if (onlyRiskArea) {
  // The same officer action again, warm (a change of level: it queues another recomputation, not run
  // here), and a trivial officer read for comparison — both at this population, in this sitting.
  const areaId = res.json().id as string;
  const again: number[] = [];
  const reads: number[] = [];
  for (const level of ['medium', 'high', 'medium']) {
    let s0 = performance.now();
    const changed = await t.app.inject({ method: 'PATCH', url: `/api/epidemic/risk-areas/${areaId}`, headers: officer.headers, payload: { level } });
    again.push(ms(s0));
    if (changed.statusCode !== 200) throw new Error(`risk area change: ${changed.statusCode} ${changed.body}`);
    s0 = performance.now();
    await t.app.inject({ url: '/api/epidemic/risk-areas', headers: officer.headers });
    reads.push(ms(s0));
  }
  out.riskAreaAgain = { patchMs: again, listMs: reads, machine: `load ${loadavg().map((x) => x.toFixed(1)).join(' ')}` };
  // A rule-set publish at this population: the approval's API call (it queues the recomputation of
  // every code; the job is not run here). Before issue 17's last round it marked every code due and
  // recomputed 500 in the request.
  const draft = await t.app.inject({ method: 'POST', url: '/api/health/rule-sets', headers: officer.headers, payload: { rules: DEFAULT_RULES, note: '基准测试' } });
  const proposed = await t.app.inject({ method: 'POST', url: `/api/health/rule-sets/${draft.json().version}/publish`, headers: officer.headers });
  const checker = await factories.createStaff(ctx, { roles: ['health'], regionCode: '510600' });
  let p0 = performance.now();
  const approved = await t.app.inject({ method: 'POST', url: `/api/health/rule-set-proposals/${proposed.json().id}/decision`, headers: checker.headers, payload: { decision: 'approve' } });
  const approveMs = ms(p0);
  if (approved.statusCode !== 200) throw new Error(`rule-set approval: ${approved.statusCode} ${approved.body}`);
  p0 = performance.now();
  const removed = await t.app.inject({ method: 'DELETE', url: `/api/epidemic/risk-areas/${areaId}`, headers: officer.headers });
  const removeMs = ms(p0);
  out.ruleSetPublish = { approveMs, recomputeJobId: (approved.json() as { recomputeJobId?: string }).recomputeJobId ?? null, riskAreaDeleteMs: removeMs, deleteStatus: removed.statusCode };
  clearInterval(rssTimer);
  out.peakRssMb = Math.round(peakRss / 1048576);
  out.ratioToFloor = ratioToFloor(recomputed, sweepMs + apiMs, floorMs).ratio;
  out.machineAfter = `load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`;
  probe?.exit();
  console.log(JSON.stringify(out, null, 2));
  await closeAndDrop();
  process.exit(0);
}

// 4. A dry run of a draft over everyone, through the job runner.
const city_ = await factories.createStaff(ctx, { roles: ['health'], regionCode: '510600' });
const draft = await t.app.inject({ method: 'POST', url: '/api/health/rule-sets', headers: city_.headers, payload: { rules: DEFAULT_RULES.filter((r: { id: string }) => r.id !== 'missing-temperature'), note: '基准测试' } });
if (draft.statusCode !== 201) throw new Error(`draft: ${draft.body}`);
await drainJobs();
t0 = performance.now();
const started = await t.app.inject({ method: 'POST', url: `/api/health/rule-sets/${draft.json().version}/dry-run`, headers: city_.headers });
if (started.statusCode >= 300) throw new Error(`dry run: ${started.body}`);
while (await runner.runOnce()) {
  // the dry run
}
const dryMs = performance.now() - t0;
const result = await t.app.inject({ url: `/api/health/rule-sets/dry-runs/${started.json().jobId}`, headers: city_.headers });
const total = result.json().result?.total ?? 0;
out.dryRun = { codes: total, changed: result.json().result?.changed, ms: Math.round(dryMs), perSecond: Math.round(total / (dryMs / 1000)) };

// 5. The purge of the older half of the scans (retention as if 7 days ago were the cutoff), with the code page probed.
if (partitions) {
  const retention = await import(`${root}/apps/server/src/modules/venues/venues.retention.ts`);
  const scansBefore = await count(sql`select count(*)::int as n from scans`);
  const idle = await probed(() => new Promise((r) => setTimeout(r, 2000)));
  t0 = performance.now();
  const purgeProbe = await hotPath(() => probed(() => retention.purgeExpiredScans(ctx, 'manual', undefined, Date.now() + (ctx.config.scanRetentionDays - 7) * 86_400_000)));
  const purge = purgeProbe.result;
  out.purge = { scansBefore, ...(purge.result as object), ms: ms(t0), codePageIdle: idle.probes, codePageDuringPurge: purge.probes, hotPathDuringPurge: purgeProbe.hotPath };
}

clearInterval(rssTimer);
out.peakRssMb = Math.round(peakRss / 1048576);
probe?.exit();
await closeAndDrop();
await onDisk?.close();

// Second start on the data directory just written: the server from its sources, spawn to the first 200 from /readyz.
if (dataDir) {
  const readyMs = await timeServerStart(root, { FX_DATA_DIR: dataDir }, Number(values.port), 120_000);
  const du = await new Promise<string>((r) => {
    const p = spawn('du', ['-sm', dataDir]);
    let text = '';
    p.stdout.on('data', (d) => (text += d));
    p.on('exit', () => r(text.split('\t')[0]));
  });
  out.secondStart = { dataDirMb: Number(du), readyMs, load: loadavg()[0].toFixed(1) };
}
console.log(JSON.stringify(out, null, 2));
process.exit(0);
