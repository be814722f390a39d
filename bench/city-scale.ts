/**
 * The product at city scale (issues 17 and 12): on the set-based synthetic city (city.ts) — default
 * 1 M people / 10 M scans over 14 days — each measured against a floor taken in the same run:
 *
 *   gen      the city's generation time and the database size (PostgreSQL: pg_database_size;
 *            PGlite: the data directory);
 *   risk     an officer makes 旌阳区 (510603) high-risk: the API answer time, then the recompute job(s)
 *            it queued run to the end through the job runner — duration, codes/s — with the citizen
 *            code page probed meanwhile; floor: reading the same people's facts and writing the same
 *            rows with plain set-based SQL (rolled back);
 *   tracing  one case (50 presence-proving scans over 14 days): first degree through the API against
 *            the hand-written indexed SQL (as bench/tracing.ts), and the citizen self-check one request
 *            at a time against its hand-written SQL (own scans × published stays);
 *   restart  the server (apps/server/src/main.ts) started on the loaded database: spawn to the first
 *            200 from /readyz, twice; floor: the same for an empty database;
 *   purge    the purge of expired scans (the 7 older days, cutoff one hour into a day as when it runs
 *            on schedule): its duration, the code page's p50/p99 while it runs against idle, and the
 *            space given back (database size before and after).
 *
 *   node bench/city-scale.ts --database-url postgresql://…/fx_city_s14 [--people 1000000] [--scans 10000000]
 *                            [--phases gen,risk,tracing,restart,purge] [--drop] [--probe] [--cpu-prof-recompute file]
 *
 * `--probe` also serves the app over HTTP (port --port + 1) and sends venue scans and door checks from a
 * separate process (bench/hot-path-probe.ts) during the recompute and the purge (and idle before
 * each); `--cpu-prof-recompute` writes a V8 CPU profile of the recompute window (bench/profile-summary.ts).
 *   node bench/city-scale.ts --data-dir /tmp/fx-city --people 100000 …     (PGlite, on disk)
 *
 * On PostgreSQL the named database is created when missing; `gen` is skipped when it already holds
 * citizens (a later run reuses the loaded city). `--drop` drops it at the end. Prints one JSON object.
 */
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { generateCity, generateScans, prng } from './city.ts';
import { codePageProbe, loadAverage, machineDescription, ratioToFloor, startCpuProfile, startHotPathProbe, timeServerStart } from './harness.ts';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '1000000' },
    scans: { type: 'string' },
    days: { type: 'string', default: '14' },
    phases: { type: 'string', default: 'gen,risk,tracing,restart,purge' },
    'database-url': { type: 'string' },
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '3952' },
    runs: { type: 'string', default: '20' },
    drop: { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
    // A V8 CPU profile of this process during 20 first-degree API calls (node:inspector), written to DIR.
    'cpu-prof': { type: 'string' },
    // The risk area's division (default 旌阳区, 30 % of the city), and a cap on the recompute's run
    // (seconds): when reached, the job is aborted (it resumes from its checkpoint later) and the rate
    // is taken over the codes recomputed so far.
    division: { type: 'string', default: '510603' },
    'recompute-cap-s': { type: 'string', default: '900' },
    // tracing: the second degree's sources (the first N first-degree candidates, recorded as confirmed
    // general contacts — no health-code fact; 0 = all) and the self-check's load rounds (0 = none).
    'second-degree-contacts': { type: 'string', default: '0' },
    'self-check-rounds': { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    probe: { type: 'boolean', default: false },
    'cpu-prof-recompute': { type: 'string' },
  },
});
const people = Number(values.people);
const phases = new Set(values.phases!.split(','));
const root = resolve(import.meta.dirname, '..');
const log = (...a: unknown[]) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
const ms = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

const support = await import('../apps/server/test/support.ts');
const factories = await import('../apps/server/test/factories.ts');
const { openDatabase, rows } = await import('../apps/server/src/platform/db/database.ts');
const { JobRunner } = await import('../apps/server/src/platform/jobs/index.ts');
const { bulkInsert } = await import('../apps/server/src/platform/db/bulk-insert.ts');
const { scans } = await import('../apps/server/src/modules/venues/venues.tables.ts');
const { createSession } = await import('../apps/server/src/platform/identity/sessions.ts');
const { addDays, todayInChina, startOfDay } = await import('@fangxian/contracts/kernel');

const commit = await new Promise<string>((r) => {
  const p = spawn('git', ['rev-parse', '--short', 'HEAD'], { cwd: root });
  let text = '';
  p.stdout.on('data', (d) => (text += d));
  p.on('exit', () => r(text.trim()));
});
const out: Record<string, unknown> = { machine: machineDescription(), loadAtStart: loadAverage(), commit, database: values['database-url'] ? 'postgresql' : 'pglite (on-disk data directory)', people };

// ---- the database: a named one on the PostgreSQL server (created when missing), or a PGlite data directory ----
const pgUrl = values['database-url'];
let dataDir: string | null = null;
if (pgUrl) {
  process.env.FX_TEST_DB = 'postgres';
  const pg = (await import('pg')).default;
  const url = new URL(pgUrl);
  const name = url.pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`--database-url: a plain database name, not ${name}`);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  if ((await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 0) await admin.query(`create database ${name}`);
  await admin.end();
} else {
  dataDir = resolve(values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'fx-city-')));
}
let database = pgUrl ? await openDatabase({ url: pgUrl, dataDir: '' }) : await openDatabase({ url: null, dataDir: dataDir! });
const opened = performance.now();
let t = await support.createTestApp({ logLevel: 'warn' }, database);
let ctx = t.app.ctx;
// (The app migrates the database on open: a migration run here, e.g. an index built over 10 M scans, is in this figure.)
out.openMs = ms(opened);
log('app open (migrations included)', out.openMs, 'ms');
const count = async (q: ReturnType<typeof sql>) => Number((await rows<{ n: number }>(ctx.db, q))[0].n);
const sizeMb = async (): Promise<number> => {
  if (pgUrl) return count(sql`select (pg_database_size(current_database()) / 1048576)::int as n`);
  return new Promise((r) => {
    const p = spawn('du', ['-sm', dataDir!]);
    let text = '';
    p.stdout.on('data', (d) => (text += d));
    p.on('exit', () => r(Number(text.split('\t')[0])));
  });
};

// ---- gen ----
const existing = await count(sql`select count(*)::int as n from citizens`);
if (phases.has('gen') && existing === 0) {
  const report = await generateCity(ctx, { people, scans: values.scans ? Number(values.scans) : people * 10, days: Number(values.days), log });
  out.gen = { ...report, byCounty: undefined, sizeMb: await sizeMb(), load: loadAverage() };
  log('gen', out.gen);
}
// An interrupted generation (its ordinal tables still there): the scans made again, then finished as generateCity does.
const helpers = await count(sql`select count(*)::int as n from pg_class where relname = 'bench_city_people'`);
if (helpers > 0 && phases.has('scans')) {
  const t0 = performance.now();
  const n = await count(sql`select count(*)::int as n from bench_city_people`);
  const v = await count(sql`select count(*)::int as n from bench_city_venues`);
  const made = await generateScans(ctx, { people: n, venues: v, days: Number(values.days), scans: values.scans ? Number(values.scans) : n * 10, seed: 2020, now: Date.now(), log });
  const scansMs = ms(t0);
  await ctx.db.execute(sql`drop table bench_city_people`);
  await ctx.db.execute(sql`drop table bench_city_venues`);
  const t1 = performance.now();
  await ctx.db.execute(sql`analyze`);
  out.genScans = { scans: made, ms: scansMs, analyzeMs: ms(t1), sizeMb: await sizeMb(), load: loadAverage() };
  log('scans made again', out.genScans);
}
{
  // A sample read back as the app reads it: ID numbers valid (GB 11643, the app's own check), their
  // blind index, birth date, sex and division matching, the division a GB/T 2260 code the app knows.
  const { validateDocument } = await import('../apps/server/src/platform/identity/documents.ts');
  const { isDivisionCode } = await import('../apps/server/src/platform/divisions/index.ts');
  const sample = await rows<{ doc: string; idx: string; birth: string; sex: string; division: string; phone: string; phoneIdx: string }>(
    ctx.db,
    sql`select document_number_cipher as doc, document_index as idx, birth_date::text as birth, sex, household_division as division, phone_cipher as phone, phone_index as "phoneIdx"
          from citizens where birth_date is not null order by id limit 1000`,
  );
  const bad = sample.filter((c) => {
    const number = ctx.cipher.decrypt(c.doc)!;
    const v = validateDocument('resident_id', number);
    return !v.ok || v.birthDate !== c.birth || v.sex !== c.sex || !number.startsWith(c.division) || !isDivisionCode(c.division) || ctx.blindIndex.of('id', number) !== c.idx || ctx.blindIndex.of('phone', ctx.cipher.decrypt(c.phone)!) !== c.phoneIdx;
  });
  // (ID numbers and phones are unique: citizens_document_idx and citizens_phone_idx are unique indexes.)
  out.genCheck = { sampled: sample.length, invalid: bad.length };
  log('gen check', out.genCheck);
  if (bad.length > 0) throw new Error('the generated city does not read back as the app would have written it');
}
if (existing > 0 || !phases.has('gen')) {
  out.gen = { reused: true, citizens: existing, scans: await count(sql`select count(*)::int as n from scans`), sizeMb: await sizeMb() };
  log('gen', out.gen);
}

/** A real-named citizen of 广汉市 with a session (found again when the database is reused). */
async function citizenWithSession(name: string, idNumber: string): Promise<{ id: string; headers: Record<string, string> }> {
  const [found] = await rows<{ id: string }>(ctx.db, sql`select id from citizens where document_type = 'resident_id' and document_index = ${ctx.blindIndex.of('id', idNumber)}`);
  if (!found) return factories.createCitizen(ctx, { name, idNumber, householdDivision: '510681' });
  return { id: found.id, headers: { authorization: `Bearer ${(await createSession(ctx.db, { type: 'citizen', id: found.id }, 1)).token}` } };
}
const probeCitizen = await citizenWithSession('探针', '510681192001010017');
/** The citizen code page probed every 25 ms in process (harness.ts); made again for the app opened after a restart. */
let page = codePageProbe(t.app, () => probeCitizen.headers);
const probed = <T>(work: () => Promise<T>) => page.probed(work);
const idle = (msIdle = 5000) => page.idle(msIdle);

/** With --probe: the hot path from a separate process (harness.ts startHotPathProbe), for the current app. */
let hotPathProbe: Awaited<ReturnType<typeof startHotPathProbe>> | null = null;
let probeRound = 0;
/** Starts the probe when --probe (once per app) and answers its summary over 5 s idle (null without --probe). */
async function hotPathIdle(): Promise<Record<string, unknown> | null> {
  if (!values.probe) return null;
  if (!hotPathProbe) {
    const hc = await import('../apps/server/test/health-code.support.ts');
    const venueIds = (await rows<{ id: string }>(ctx.db, sql`select id from venues where status = 'approved' order by id limit 20`)).map((r) => r.id);
    const officer = await factories.createStaff(ctx, { roles: ['county_command'], regionCode: '510600' });
    const staff = await factories.createStaff(ctx, { roles: ['venue_staff'], regionCode: '510603', venueId: venueIds[0] });
    const round = probeRound++;
    hotPathProbe = await startHotPathProbe(t.app, Number(values.port) + 1, {
      venueIds,
      officerHeaders: officer.headers,
      staffHeaders: staff.headers,
      // Found again when a later run reuses the database (a second --probe run made the same ID numbers: a duplicate key on citizens_document_idx).
      citizen: (i) => citizenWithSession(`探针${round}${i}`, hc.residentId('510681')),
    });
  }
  return (await hotPathProbe.during(() => new Promise((r) => setTimeout(r, 5000)))).hotPath;
}
/** Stops the separate-process probe (before a restart, and at the end). */
function stopHotPath(): void {
  hotPathProbe?.exit();
  hotPathProbe = null;
}
/** Runs `work` with the separate-process probe running (when --probe), answering its summary too. */
async function hotPath<T>(work: () => Promise<T>): Promise<{ result: T; hotPath: Record<string, unknown> | null }> {
  if (!hotPathProbe) return { result: await work(), hotPath: null };
  return hotPathProbe.during(work);
}

// ---- risk ----
if (phases.has('risk')) {
  const runner = new JobRunner(ctx, { workerId: 'bench', leaseMs: 600_000 });
  let capped = false;
  const drain = async () => {
    let n = 0;
    while (!capped) {
      try {
        if (!(await runner.runOnce())) break;
      } catch (err) {
        if (!capped) throw err;
      }
      n++;
    }
    return n;
  };
  await drain();
  const officer = await factories.createStaff(ctx, { roles: ['health'], regionCode: '510600' });
  const hotPathBefore = await hotPathIdle();
  const codePageIdle = await idle();
  const before = new Date(Date.now() - 5);
  let t0 = performance.now();
  const res = await t.app.inject({ method: 'POST', url: '/api/epidemic/risk-areas', headers: officer.headers, payload: { divisionCode: values.division, level: 'high', startDate: addDays(todayInChina(), -5), reason: '基准测试' } });
  const apiMs = ms(t0);
  if (res.statusCode !== 201) throw new Error(`risk area: ${res.statusCode} ${res.body}`);
  log('risk area API', apiMs, 'ms');
  t0 = performance.now();
  let peakRss = 0;
  const rss = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
  const cap = setTimeout(() => {
    capped = true;
    for (const c of (runner as unknown as { active: Set<AbortController> }).active) c.abort(new Error('bench: recompute cap reached'));
  }, Number(values['recompute-cap-s']) * 1000);
  const profiler = values['cpu-prof-recompute'] ? await startCpuProfile() : null;
  const { result: during, hotPath: hotPathDuringRecompute } = await hotPath(() => probed(drain));
  if (profiler) await profiler.stop(values['cpu-prof-recompute']!);
  clearTimeout(cap);
  clearInterval(rss);
  const jobMs = ms(t0);
  const recomputed = await count(sql`select count(*)::int as n from health_codes where updated_at > ${before.toISOString()}::timestamptz`);
  const byColour = await rows<{ colour: string; n: number }>(ctx.db, sql`select colour, count(*)::int as n from health_codes where updated_at > ${before.toISOString()}::timestamptz group by colour`);
  const jobId = (res.json() as { recomputeJobId?: string }).recomputeJobId;
  const job = jobId ? (await rows<{ result: unknown }>(ctx.db, sql`select result from jobs where id = ${jobId}`))[0]?.result : null;
  log('recompute', { jobs: during.result, jobMs, recomputed });

  // Floor: the same people's facts read and the same rows written with set-based SQL (rolled back).
  t0 = performance.now();
  await ctx.db
    .transaction(async (tx) => {
      await tx.execute(sql`create temp table floor_people on commit drop as
        select h.citizen_id,
               (select count(*) from scans s where s.citizen_id = h.citizen_id and s.scanned_at >= now() - interval '35 days') as scans,
               (select count(*) from hc_declarations d where d.citizen_id = h.citizen_id and d.declared_on >= current_date - 35) as declarations,
               (select count(*) from person_statuses p where p.document_index = c.document_index) as statuses
          from health_codes h join citizens c on c.id = h.citizen_id
         where h.updated_at > ${before.toISOString()}::timestamptz`);
      await tx.execute(sql`update health_codes h set updated_at = now(), next_change = h.next_change, reason_codes = h.reason_codes from floor_people f where h.citizen_id = f.citizen_id`);
      await tx.execute(sql`insert into health_code_events (citizen_id, from_colour, to_colour, rule_set_version, reason_codes, reasons_cipher, cause_type, cause)
        select h.citizen_id, 'green', h.colour, h.rule_set_version, h.reason_codes, h.reasons_cipher, 'timer', '{}'::jsonb from floor_people f join health_codes h on h.citizen_id = f.citizen_id`);
      throw new Error('rollback');
    })
    .catch((err: Error) => {
      if (err.message !== 'rollback') throw err;
    });
  const floorMs = ms(t0);
  const rated = ratioToFloor(recomputed, apiMs + jobMs, floorMs);
  out.risk = {
    apiMs,
    recomputeJob: job,
    division: values.division,
    jobsRun: during.result,
    cappedAfterSeconds: capped ? Number(values['recompute-cap-s']) : null,
    jobProgress: jobId ? (await rows(ctx.db, sql`select status, progress_done as done, progress_total as total from jobs where id = ${jobId}`))[0] : null,
    jobMs,
    recomputed,
    byColour: Object.fromEntries(byColour.map((r) => [r.colour, r.n])),
    codesPerSecond: rated.codesPerSecond,
    floor: { ms: floorMs, codesPerSecond: rated.floorCodesPerSecond },
    ratioToFloor: rated.ratio,
    codePageIdle,
    codePageDuringRecompute: during.probes,
    hotPathIdle: hotPathBefore,
    hotPathDuringRecompute,
    peakRssMb: Math.round(peakRss / 1048576),
    load: loadAverage(),
  };
  log('risk', out.risk);
}

// ---- tracing ----
if (phases.has('tracing')) {
  const today = todayInChina();
  const runs = Number(values.runs);
  const [person] = await rows<{ id: string; doc: string; name: string }>(
    ctx.db,
    sql`select id, document_number_cipher as doc, name_cipher as name from citizens where household_division = '510603' and not exists (select 1 from tracing_cases k where k.document_index = citizens.document_index) order by id limit 1`,
  );
  const localVenues = await rows<{ id: string; division: string }>(ctx.db, sql`select id, division_code as division from venues where division_code = '510603' order by id limit 2000`);
  const rand = prng(12);
  const caseScans: (typeof scans.$inferInsert)[] = [];
  for (let k = 0; k < 50; k++) {
    const venue = localVenues[Math.floor(rand() * localVenues.length)];
    const day = addDays(today, -1 - Math.floor(k / 4));
    const at = new Date(startOfDay(day).getTime() + (8 + (k % 4) * 3 + rand() * 2) * 3600_000);
    caseScans.push({ venueId: venue.id, id: crypto.randomUUID(), scannedAt: at, citizenId: person.id, divisionCode: venue.division, method: 'citizen_scan_dynamic', colour: 'green', decision: 'pass', presenceProven: true, staffId: null });
  }
  await bulkInsert(ctx.db, scans, caseScans);
  const county = await factories.createStaff(ctx, { roles: ['health'], regionCode: '510603' });
  const cityOfficer = await factories.createStaff(ctx, { roles: ['health'], regionCode: '510600' });
  const api = async (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: unknown) => {
    const res = await t.app.inject({ method, url, headers, payload: payload as never });
    if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode} ${res.body}`);
    return res.json() as never;
  };
  const theCase: { id: string } = await api('POST', '/api/tracing/cases', county.headers, {
    status: 'confirmed',
    documentType: 'resident_id',
    documentNumber: ctx.cipher.decrypt(person.doc),
    name: ctx.cipher.decrypt(person.name),
    onsetDate: today,
    reportDate: today,
    source: 'hospital',
    regionCode: '510603',
  });
  const seeded: unknown[] = await api('POST', `/api/tracing/cases/${theCase.id}/itinerary/import-scans`, county.headers);
  const since = startOfDay(addDays(today, -14)).toISOString();
  const firstDegreeSql = sql`
    with w as materialized (
      select p.id, p.venue_id, greatest(p.from_at, ${since}::timestamptz) as from_at, p.to_at, v.stay_minutes
        from tracing_itinerary_points p join venues v on v.id = p.venue_id
       where p.case_id = ${theCase.id} and p.kind = 'stay' and p.to_at > ${since}::timestamptz),
    e as (
      select s.citizen_id, s.scanned_at, w.venue_id,
             extract(epoch from least(w.to_at, s.scanned_at + make_interval(mins => w.stay_minutes)) - greatest(w.from_at, s.scanned_at)) / 60 as minutes
        from w join scans s on s.venue_id = w.venue_id and s.scanned_at > w.from_at - make_interval(mins => w.stay_minutes) and s.scanned_at < w.to_at
       where s.presence_proven and s.citizen_id <> ${person.id})
    select e.citizen_id, sum(e.minutes) as total, max(e.scanned_at) as last, count(*) as exposures,
           c.name_cipher, c.phone_cipher, c.document_number_cipher, c.household_division
      from e join citizens c on c.id = e.citizen_id
     where round(e.minutes::numeric, 1) > 0
     group by e.citizen_id, c.name_cipher, c.phone_cipher, c.document_number_cipher, c.household_division
     order by total desc, last desc`;
  const stats = (xs: number[]) => {
    xs.sort((x, y) => x - y);
    const q = (p: number) => Math.round(xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] * 10) / 10;
    return { p50: q(0.5), p95: q(0.95), max: q(1) };
  };
  /** a and b alternately, `runs` times each after one warm-up, so the machine's drift hits both alike. */
  const compare = async (a: () => Promise<unknown>, b: () => Promise<unknown>) => {
    await a();
    await b();
    const sa: number[] = [];
    const sb: number[] = [];
    for (let i = 0; i < runs; i++) {
      let s = performance.now();
      await a();
      sa.push(performance.now() - s);
      s = performance.now();
      await b();
      sb.push(performance.now() - s);
    }
    return [stats(sa), stats(sb)] as const;
  };
  let candidates = 0;
  let sqlRows = 0;
  const [firstApi, firstSql] = await compare(
    async () => (candidates = ((await api('GET', `/api/tracing/cases/${theCase.id}/contact-candidates?days=14`, county.headers)) as unknown[]).length),
    async () => (sqlRows = (await rows(ctx.db, firstDegreeSql)).length),
  );
  out.firstDegree = { stays: seeded.length, candidates, sqlRows, apiMs: firstApi, sqlMs: firstSql, ratio: round2(firstApi.p50 / firstSql.p50), target: '≤ 2', load: loadAverage() };
  log('first degree', out.firstDegree);

  // Where the API's time goes, one part at a time (`runs` samples each, p50): an authenticated
  // request that reads nothing (/api/me: routing, session, access), the service (every statement and
  // the audit, no presentation), the co-presence statement alone, the people statement alone, one
  // audit record alone, and the presentation (decrypt + mask of every candidate) alone.
  {
    const service = await import('../apps/server/src/modules/tracing/tracing.service.ts');
    const { presentCandidates } = await import('../apps/server/src/modules/tracing/tracing.presenter.ts');
    const repo = await import('../apps/server/src/modules/tracing/tracing.repository.ts');
    const { settingsSnapshot } = await import('../apps/server/src/modules/tracing/tracing.settings.ts');
    const { scansOverlapping } = await import('../apps/server/src/modules/venues/index.ts');
    const { recordAudit } = await import('../apps/server/src/platform/audit/audit.service.ts');
    const staffPrincipal = { kind: 'staff' as const, staffId: county.id, sessionId: 'bench', username: 'bench', roles: ['health' as const], department: 'health', regionCode: '510603', venueId: null };
    const meta = { ip: '127.0.0.1', requestId: 'bench' };
    const time = async (fn: () => Promise<unknown>) => {
      await fn();
      const xs: number[] = [];
      for (let i = 0; i < runs; i++) {
        const s = performance.now();
        await fn();
        xs.push(performance.now() - s);
      }
      return stats(xs).p50;
    };
    let result: Awaited<ReturnType<typeof service.contactCandidates>> | null = null;
    const serviceMs = await time(async () => (result = await service.contactCandidates(ctx, staffPrincipal, theCase.id, { days: 14 }, meta)));
    const settings = await settingsSnapshot(ctx.db);
    const points = (await repo.pointsOf(ctx.db, theCase.id)).filter((p) => p.kind === 'stay' && p.venueId && p.toAt > new Date(since));
    const windows = points.map((p) => ({ key: p.id, venueId: p.venueId!, from: p.fromAt < new Date(since) ? new Date(since) : p.fromAt, to: p.toAt }));
    let scanRows = 0;
    const ids = result!.candidates.map((c) => c.citizenId);
    out.firstDegreeBreakdownMs = {
      me: await time(() => t.app.inject({ url: '/api/me', headers: county.headers })),
      service: serviceMs,
      scansStatement: await time(async () => (scanRows = (await scansOverlapping(ctx.db, windows, { excludeCitizenId: person.id, onlyProven: true, limit: 20_000, stayByType: settings.stays })).length)),
      scanRows,
      scansWithPeopleStatement: await time(() => scansOverlapping(ctx.db, windows, { excludeCitizenId: person.id, onlyProven: true, limit: 20_000, stayByType: settings.stays, withPerson: true })),
      peopleStatement: await time(() => repo.candidatePeople(ctx.db, theCase.id, ids)),
      oneAudit: await time(() => recordAudit(ctx.db, { actor: staffPrincipal, ip: '127.0.0.1', requestId: 'bench', action: 'tracing.contact.candidates', subjectType: 'tracing_case', subjectId: theCase.id, regionCode: '510603', detail: { bench: true } })),
      presentDecryptMask: await time(async () => presentCandidates(result!, ctx.cipher)),
      serialize: await time(async () => JSON.stringify(presentCandidates(result!, ctx.cipher))),
      injectNoParse: await time(() => t.app.inject({ url: `/api/tracing/cases/${theCase.id}/contact-candidates?days=14`, headers: county.headers })),
      candidates: ids.length,
    };
    log('first degree breakdown', out.firstDegreeBreakdownMs);
    // --explain: every statement one first-degree API call sends (the pg client's queries during the
    // request), each with its EXPLAIN (ANALYZE, BUFFERS) — the plans docs/tracing.md shows.
    if (values.explain && pgUrl) {
      const pg = (await import('pg')).default;
      const captured: { text: string; values?: unknown[] }[] = [];
      const original = pg.Client.prototype.query;
      pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
        const [q, v] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
        captured.push(typeof q === 'string' ? { text: q, values: v } : { text: q.text, values: q.values ?? v });
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof original;
      await t.app.inject({ url: `/api/tracing/cases/${theCase.id}/contact-candidates?days=14`, headers: county.headers });
      pg.Client.prototype.query = original;
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      for (const q of captured) {
        // Reads only: EXPLAIN ANALYZE runs the statement (the audit append is a `with … insert`).
        if (!/^\s*(select|with)/i.test(q.text) || /\b(insert|update|delete)\b/i.test(q.text)) {
          console.error(`---- first-degree statement (not explained): ${q.text.slice(0, 160)}`);
          continue;
        }
        const plan = await client.query(`explain (analyze, buffers, costs off) ${q.text}`, q.values as unknown[]);
        console.error(`---- EXPLAIN first-degree API statement\n${q.text.slice(0, 4000)}\n` + plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
      }
      await client.end();
    }
    if (values['cpu-prof']) {
      const { Session } = await import('node:inspector/promises');
      const { mkdirSync, writeFileSync } = await import('node:fs');
      const session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 100 });
      await session.post('Profiler.start');
      for (let i = 0; i < 20; i++) await t.app.inject({ url: `/api/tracing/cases/${theCase.id}/contact-candidates?days=14`, headers: county.headers });
      const { profile } = await session.post('Profiler.stop');
      mkdirSync(values['cpu-prof'], { recursive: true });
      const file = `${values['cpu-prof']}/first-degree.cpuprofile`;
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      log('profile', file);
    }
  }

  // Second degree: the first N candidates recorded as confirmed first-degree contacts (level general:
  // the same sources for the second degree as a close contact, but no person-status fact — the shared
  // city's health codes are left alone), then the API against its hand-written SQL, alternately.
  {
    const firstList = (await api('GET', `/api/tracing/cases/${theCase.id}/contact-candidates?days=14`, county.headers)) as { citizenId: string; lastExposureAt: string; totalOverlapMinutes: number; householdDivision: string | null }[];
    const n = Number(values['second-degree-contacts']) || firstList.length;
    const sources = firstList.slice(0, n);
    await ctx.db.execute(sql`
      insert into tracing_contacts (case_id, citizen_id, decision, level, degree, reason, last_exposure_at, overlap_minutes, region_code, decided_by, assigned_region)
      select ${theCase.id}::uuid, c, 'confirmed', 'general', 1, '基准测试：一般接触者（次密接来源）', e, m, '510603', ${county.id}::uuid, '510603'
        from unnest(${'{' + sources.map((s) => s.citizenId).join(',') + '}'}::uuid[], ${'{' + sources.map((s) => s.lastExposureAt).join(',') + '}'}::timestamptz[], ${'{' + sources.map((s) => Math.round(s.totalOverlapMinutes)).join(',') + '}'}::int[]) as x(c, e, m)
      on conflict do nothing`);
    // The hand-written floor in its indexed form: each contact's later scans from
    // scans_citizen_time_idx and each of their stays one scans_pk range, through LATERAL subqueries
    // kept unflattened (OFFSET 0). Written as plain joins PostgreSQL hash-joins every day partition
    // (7 M scans read, 1–20 s at 1 M people: measured 15:40 UTC) — no floor to compare with.
    const secondDegreeSql = sql`
      with k as materialized (
        select citizen_id, greatest(coalesce(last_exposure_at, ${since}::timestamptz), ${since}::timestamptz) as after_at
          from tracing_contacts where case_id = ${theCase.id} and decision = 'confirmed' and degree = 1),
      w as materialized (
        select k.citizen_id as via, s.venue_id, s.scanned_at as from_at, s.scanned_at + make_interval(mins => v.stay_minutes) as to_at, v.stay_minutes
          from k
          cross join lateral (select s.venue_id, s.scanned_at from scans s where s.citizen_id = k.citizen_id and s.scanned_at > k.after_at and s.presence_proven offset 0) s
          join venues v on v.id = s.venue_id),
      e as (
        select s.citizen_id, s.scanned_at,
               extract(epoch from least(w.to_at, s.scanned_at + make_interval(mins => w.stay_minutes)) - greatest(w.from_at, s.scanned_at)) / 60 as minutes
          from w
          cross join lateral (
            select s.citizen_id, s.scanned_at from scans s
             where s.venue_id = w.venue_id and s.scanned_at > w.from_at - make_interval(mins => w.stay_minutes) and s.scanned_at < w.to_at
               and s.presence_proven and s.citizen_id <> ${person.id}
            offset 0) s
         where s.citizen_id not in (select citizen_id from k))
      select e.citizen_id, sum(e.minutes) as total, max(e.scanned_at) as last, count(*) as exposures,
             c.name_cipher, c.phone_cipher, c.document_number_cipher, c.household_division
        from e join citizens c on c.id = e.citizen_id
       where round(e.minutes::numeric, 1) > 0
       group by e.citizen_id, c.name_cipher, c.phone_cipher, c.document_number_cipher, c.household_division
       order by total desc, last desc`;
    let second = 0;
    let secondRows = 0;
    const [secondApi, secondSqlMs] = await compare(
      async () => (second = ((await api('GET', `/api/tracing/cases/${theCase.id}/contact-candidates/second-degree?days=14`, county.headers)) as unknown[]).length),
      async () => (secondRows = (await rows(ctx.db, secondDegreeSql)).length),
    );
    out.secondDegree = { contacts: sources.length, candidates: second, sqlRows: secondRows, apiMs: secondApi, sqlMs: secondSqlMs, ratio: round2(secondApi.p50 / secondSqlMs.p50), target: '≤ 5', load: loadAverage() };
    log('second degree', out.secondDegree);
    if (values.explain) {
      for (const [label, q] of [['firstDegreeSql', firstDegreeSql], ['secondDegreeSql', secondDegreeSql]] as const) {
        const plan = await rows<Record<string, string>>(ctx.db, sql`explain (analyze, costs off, timing off) ${q}`);
        console.error(`---- EXPLAIN ${label}\n` + plan.map((r) => Object.values(r)[0]).join('\n'));
      }
    }
  }

  // Self-check: publish, then citizens who scanned the published venues check themselves, one at a time.
  const proposal: { id: string } = await api('POST', `/api/tracing/cases/${theCase.id}/itinerary/publish`, county.headers);
  await api('POST', `/api/tracing/publication-proposals/${proposal.id}/decision`, cityOfficer.headers, { decision: 'approve' });
  const checkers = await rows<{ id: string }>(
    ctx.db,
    // The case's co-present people (their scans overlap a published stay: each self-check finds a place), then others who scanned its venues.
    sql`select id from (
          select c.citizen_id as id, 0 as k from tracing_contacts c where c.case_id = ${theCase.id}
          union all
          select distinct s.citizen_id, 1 from scans s
           where s.venue_id in (select venue_id from tracing_itinerary_points where case_id = ${theCase.id} and kind = 'stay')
             and s.scanned_at > ${since}::timestamptz and s.citizen_id <> ${person.id}) x
        group by id order by min(k), id limit 50`,
  );
  const tokens: string[] = [];
  for (const c of checkers) tokens.push((await createSession(ctx.db, { type: 'citizen', id: c.id }, 1)).token);
  const selfCheckSql = (citizenId: string) => sql`
    select p.id, p.venue_id, s.scanned_at
      from scans s
      join tracing_itinerary_points p on p.venue_id = s.venue_id and p.kind = 'stay' and p.published_at is not null
                                     and s.scanned_at < p.to_at and s.scanned_at + make_interval(mins => 30) > p.from_at
      join tracing_cases k on k.id = p.case_id and k.public_number is not null and k.status <> 'excluded'
     where s.citizen_id = ${citizenId} and s.scanned_at > ${since}::timestamptz`;
  let i = 0;
  let j = 0;
  let matched = 0;
  const [selfApi, selfSql] = await compare(
    async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/tracing/self-check', headers: { authorization: `Bearer ${tokens[i++ % tokens.length]}` }, payload: { days: 14 } });
      if (res.statusCode !== 200) throw new Error(`self-check ${res.statusCode} ${res.body}`);
      matched += (res.json() as { places: unknown[] }).places.length > 0 ? 1 : 0;
    },
    async () => rows(ctx.db, selfCheckSql(checkers[j++ % checkers.length].id)),
  );
  out.selfCheck = { citizens: tokens.length, answersWithAPlace: matched, apiMs: selfApi, sqlMs: selfSql, ratio: round2(selfApi.p50 / selfSql.p50), load: loadAverage() };
  log('self-check', out.selfCheck);

  // The self-check at 50 connections: autocannon in a child process (bench/tracing.ts --load-round)
  // against this process listening on a port, alternating rounds with the bare Fastify floor; and its
  // hand-written SQL by 50 concurrent callers over the same pool for as long (the database's own p99).
  const rounds = Number(values['self-check-rounds']);
  if (rounds > 0) {
    const { startBareServer, median } = await import('./harness.ts');
    const body = JSON.stringify({ days: 14 });
    const spec = { path: '/api/tracing/self-check', method: 'POST' as const, requests: tokens.map((token) => ({ method: 'POST', path: '/api/tracing/self-check', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body })) };
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const projectUrl = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    const bare = await startBareServer();
    const connections = Number(values.connections);
    const durationSec = Number(values.duration);
    type Round = { requestsPerSec: number; p50Ms: number; p99Ms: number; errors: number; non2xx: number; total: number };
    const roundIn = (url: string): Promise<Round> =>
      new Promise((done, fail) => {
        const child = spawn(process.execPath, [resolve(import.meta.dirname, 'tracing.ts'), '--load-round', JSON.stringify({ url, spec, connections, durationSec })], { stdio: ['ignore', 'pipe', 'inherit'] });
        let text = '';
        child.stdout.on('data', (d: Buffer) => (text += d.toString()));
        child.on('exit', (code) => (code === 0 ? done(JSON.parse(text.trim().split('\n').at(-1)!)) : fail(new Error(`load round exited ${code}: ${text}`))));
      });
    const sqlRound = async (): Promise<Round> => {
      const latencies: number[] = [];
      const end = performance.now() + durationSec * 1000;
      let k = 0;
      await Promise.all(
        Array.from({ length: connections }, async () => {
          while (performance.now() < end) {
            const s = performance.now();
            await rows(ctx.db, selfCheckSql(checkers[k++ % checkers.length].id));
            latencies.push(performance.now() - s);
          }
        }),
      );
      latencies.sort((a, b) => a - b);
      const q = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] * 10) / 10;
      return { requestsPerSec: Math.round(latencies.length / durationSec), p50Ms: q(0.5), p99Ms: q(0.99), errors: 0, non2xx: 0, total: latencies.length };
    };
    const bareRounds: Round[] = [];
    const projectRounds: Round[] = [];
    const sqlRounds: Round[] = [];
    for (let r = 0; r < rounds; r++) {
      bareRounds.push(await roundIn(bare.url));
      sqlRounds.push(await sqlRound());
      projectRounds.push(await roundIn(projectUrl));
      log('self-check round', r + 1, { bare: bareRounds.at(-1), sql: sqlRounds.at(-1), project: projectRounds.at(-1), load: loadAverage() });
    }
    await bare.stop();
    const med = (xs: Round[], k: keyof Round) => Math.round(median(xs.map((x) => x[k])) * 10) / 10;
    const summary = (xs: Round[]) => ({ reqPerSec: med(xs, 'requestsPerSec'), p50: med(xs, 'p50Ms'), p99: med(xs, 'p99Ms'), failed: xs.reduce((n, x) => n + x.errors + x.non2xx, 0) });
    out.selfCheckUnderLoad = {
      citizens: tokens.length,
      connections,
      rounds: `${rounds} × ${durationSec} s (medians)`,
      bare: summary(bareRounds),
      sql: summary(sqlRounds),
      project: summary(projectRounds),
      p99VsSql: round2(med(projectRounds, 'p99Ms') / Math.max(0.1, med(sqlRounds, 'p99Ms'))),
      target: 'p99 < 20 ms',
      load: loadAverage(),
    };
    log('self-check under load', out.selfCheckUnderLoad);
  }
}

// ---- restart: the server on this database, spawn to the first 200 from /readyz (harness.ts timeServerStart) ----
const startServer = (env: Record<string, string>) => timeServerStart(root, env, Number(values.port));
if (phases.has('restart')) {
  stopHotPath();
  await t.close();
  await database.close();
  const env: Record<string, string> = pgUrl ? { DATABASE_URL: pgUrl } : { FX_DATA_DIR: dataDir! };
  const starts = [await startServer(env), await startServer(env)];
  // Floor: the same server on an empty, migrated database (its own first start migrates it; the second is timed).
  let emptyEnv: Record<string, string>;
  let dropEmpty = async () => {};
  if (pgUrl) {
    const pg = (await import('pg')).default;
    const url = new URL(pgUrl);
    const name = `${url.pathname.slice(1)}_empty`;
    url.pathname = '/postgres';
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    await admin.end();
    const emptyUrl = new URL(pgUrl);
    emptyUrl.pathname = `/${name}`;
    emptyEnv = { DATABASE_URL: emptyUrl.toString() };
    dropEmpty = async () => {
      const a = new pg.Client({ connectionString: url.toString() });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'fx-city-empty-'));
    emptyEnv = { FX_DATA_DIR: dir };
    dropEmpty = async () => rmSync(dir, { recursive: true, force: true });
  }
  await startServer(emptyEnv);
  const emptyStart = await startServer(emptyEnv);
  await dropEmpty();
  out.restart = { readyMs: starts, emptyDatabaseReadyMs: emptyStart, ratio: round2(Math.min(...starts) / emptyStart), target: '< 3 s', load: loadAverage() };
  log('restart', out.restart);
  database = pgUrl ? await openDatabase({ url: pgUrl, dataDir: '' }) : await openDatabase({ url: null, dataDir: dataDir! });
  t = await support.createTestApp({ logLevel: 'warn' }, database);
  ctx = t.app.ctx;
  page = codePageProbe(t.app, () => probeCitizen.headers);
}

// ---- purge: the 7 older days of scans, the cutoff one hour into a day (as when the purge runs on schedule) ----
if (phases.has('purge')) {
  const retention = await import('../apps/server/src/modules/venues/venues.retention.ts');
  const probe = await citizenWithSession('探针二', '510681192001020012');
  Object.assign(probeCitizen, probe);
  const cutoff = startOfDay(addDays(todayInChina(), -6)).getTime() + 3600_000;
  const nowMs = cutoff + ctx.config.scanRetentionDays * 86_400_000;
  const scansBefore = await count(sql`select count(*)::int as n from scans`);
  const expired = await count(sql`select count(*)::int as n from scans where scanned_at < ${new Date(cutoff).toISOString()}::timestamptz`);
  const sizeBefore = await sizeMb();
  const hotPathBefore = await hotPathIdle();
  const codePageIdle = await idle();
  const t0 = performance.now();
  const { result: during, hotPath: hotPathDuringPurge } = await hotPath(() => probed(() => retention.purgeExpiredScans(ctx, 'manual', undefined, nowMs)));
  const purgeMs = ms(t0);
  const scansAfter = await count(sql`select count(*)::int as n from scans`);
  const sizeAfter = await sizeMb();
  const codePageAfter = await idle();
  out.purge = {
    scansBefore,
    expired,
    record: during.result,
    scansAfter,
    ms: purgeMs,
    sizeMb: { before: sizeBefore, after: sizeAfter },
    codePageIdle,
    codePageDuringPurge: during.probes,
    codePageAfter,
    hotPathIdle: hotPathBefore,
    hotPathDuringPurge,
    p99Ratio: round2(during.probes.p99 / Math.max(1, codePageIdle.p99)),
    target: '< 5 s, code-page p99 unchanged, space reclaimed',
    load: loadAverage(),
  };
  log('purge', out.purge);
}

stopHotPath();
out.loadAtEnd = loadAverage();
console.log(JSON.stringify(out, null, 2));
await t.close();
await database.close().catch(() => {});
if (values.drop && pgUrl) {
  const pg = (await import('pg')).default;
  const url = new URL(pgUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
  log('dropped', name);
}
if (!pgUrl && !values['data-dir'] && dataDir && existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
