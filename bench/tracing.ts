/**
 * Tracing at city scale (issue 12): on the synthetic city (city.ts) of N people and their
 * venue scans over 28 days, one case with ≈ 50 presence-proving scans over 14 days is registered,
 * its itinerary seeded from its scans and published, and the bench measures in the same run:
 *
 *   1. first degree — `GET /api/tracing/cases/:id/contact-candidates?days=14` through app.inject, every
 *      page of 200 (routing, access check, the statements, ranking, decrypt + mask, audit, JSON) against the
 *      equivalent hand-written indexed SQL (the ranked candidates with their ciphertext columns) run
 *      in the same process on the same data: target API ≤ 2 × SQL;
 *   2. second degree — the first-degree candidates confirmed as contacts, then
 *      `GET …/contact-candidates/second-degree` against its hand-written SQL: target ≤ 5 ×;
 *   3. the same-trip self-check — `POST /api/tracing/self-check` (own scans against the published
 *      stays, one entered train trip) by 50 citizens cycling, 50 connections, autocannon in a child
 *      process against this process listening on a port, alternating rounds with the bare Fastify
 *      floor (bare-server.ts): target p99 < 20 ms.
 *
 *   node bench/tracing.ts [--people 100000] [--scans-per-person 11] [--runs 20] [--rounds 3] [--duration 10] [--database-url postgres://…/postgres]
 *
 * With --database-url a fresh database is created on that server (harness.ts freshPostgresDatabase),
 * dropped at the end unless --keep. The machine line, the bare floor, the load rounds (a child
 * process each), the ratios and the CPU profile are harness.ts's, as for city-scale.ts.
 * The EXPLAIN of both hand-written statements and of the API's scans statement are printed (--explain).
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { loadCity, prng } from './city.ts';
import { freshPostgresDatabase, loadAverage, loadRoundInChild, machineDescription, median, startBareServer, startCpuProfile, timesFloor, type LoadSpec, type RoundResult } from './harness.ts';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '100000' },
    'scans-per-person': { type: 'string', default: '11' },
    runs: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    // After the saturated rounds: as many rounds at this fraction of the project's median throughput (0 = none).
    'rate-fraction': { type: 'string', default: '0.5' },
    'database-url': { type: 'string' },
    explain: { type: 'boolean', default: false },
    // A V8 CPU profile of this process during the self-check's load rounds only (node:inspector), written to DIR.
    'cpu-prof': { type: 'string' },
    // Skip the first/second-degree comparisons (straight to the self-check).
    'skip-degrees': { type: 'boolean', default: false },
    // Keep the PostgreSQL database at the end (default: dropped).
    keep: { type: 'boolean', default: false },
  },
});

const people = Number(values.people);
const runs = Number(values.runs);
if (values['database-url']) {
  process.env.FX_TEST_DB = 'postgres';
  process.env.TEST_DATABASE_URL = values['database-url'];
}

const support = await import('../apps/server/test/support.ts');
const factories = await import('../apps/server/test/factories.ts');
const { bulkInsert } = await import('../apps/server/src/platform/db/bulk-insert.ts');
const { rows } = await import('../apps/server/src/platform/db/database.ts');
const { scans } = await import('../apps/server/src/modules/venues/venues.tables.ts');
const { createSession } = await import('../apps/server/src/platform/identity/sessions.ts');
const { ensureScanPartitions } = await import('../apps/server/src/modules/venues/venues.partitions.ts');
const { addDays, todayInChina, startOfDay } = await import('@fangxian/contracts/kernel');

const out: Record<string, unknown> = {
  machine: machineDescription(),
  loadAtStart: loadAverage(),
  database: values['database-url'] ? 'postgresql' : 'pglite',
  people,
};
const ms = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;
const log = (...a: unknown[]) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

// On PostgreSQL: a fresh database fx_s13tp_* on the server (harness.ts), dropped at the end (unless --keep).
const benchDatabase = values['database-url'] ? await freshPostgresDatabase(values['database-url'], 'fx_s13tp_') : null;
if (benchDatabase) log('database', benchDatabase.name);
const { openDatabase } = await import('../apps/server/src/platform/db/database.ts');
const t = await support.createTestApp({ logLevel: 'warn' }, benchDatabase ? await openDatabase({ url: benchDatabase.url, dataDir: '' }) : undefined);
async function dropBenchDatabase() {
  if (!benchDatabase || values.keep) return;
  await benchDatabase.drop();
  log('dropped', benchDatabase.name);
}
const ctx = t.app.ctx;
const today = todayInChina();
await ensureScanPartitions(ctx.db, Array.from({ length: 40 }, (_, i) => addDays(today, 8 - i)));

let t0 = performance.now();
const city = await loadCity(ctx, { people, days: 28, scansPerPerson: Number(values['scans-per-person']) });
out.city = { ...city, byCounty: undefined, loadMs: ms(t0) };
log('city loaded', out.city);

// ---- the case: a 旌阳区 resident of the city with 50 presence-proving scans over the last 14 days ----
const [person] = await rows<{ id: string; doc: string; name: string }>(
  ctx.db,
  sql`select id, document_number_cipher as doc, name_cipher as name from citizens where household_division = '510603' order by id limit 1`,
);
const localVenues = await rows<{ id: string; division: string }>(ctx.db, sql`select id, division_code as division from venues where division_code = '510603' order by id`);
const rand = prng(12);
const caseScans: (typeof scans.$inferInsert)[] = [];
for (let k = 0; k < 50; k++) {
  const venue = localVenues[Math.floor(rand() * localVenues.length)];
  // Days 1–13 back, 08:00–21:00 China time, at least an hour apart (50 scans ≈ 4 a day).
  const day = addDays(today, -1 - Math.floor(k / 4));
  const at = new Date(startOfDay(day).getTime() + (8 + (k % 4) * 3 + rand() * 2) * 3600_000);
  caseScans.push({ venueId: venue.id, id: crypto.randomUUID(), scannedAt: at, citizenId: person.id, divisionCode: venue.division, method: 'citizen_scan_dynamic', colour: 'green', decision: 'pass', presenceProven: true, staffId: null });
}
await bulkInsert(ctx.db, scans, caseScans);
await ctx.db.execute(sql`analyze scans`);

const county = await factories.createStaff(ctx, { roles: ['health'], regionCode: '510603' });
const cityOfficer = await factories.createStaff(ctx, { roles: ['health'], regionCode: '510600' });
const api = async (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: unknown, expect = [200, 201, 202]) => {
  const res = await t.app.inject({ method, url, headers, payload: payload as never });
  if (!expect.includes(res.statusCode)) throw new Error(`${method} ${url} → ${res.statusCode} ${res.body}`);
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
// One train trip (yesterday, carriage 3), for the self-check's trip part.
const tripDay = addDays(today, -1);
await api('POST', `/api/tracing/cases/${theCase.id}/itinerary`, county.headers, {
  kind: 'trip',
  from: new Date(startOfDay(tripDay).getTime() + 6 * 3600_000).toISOString(),
  to: new Date(startOfDay(tripDay).getTime() + 7 * 3600_000).toISOString(),
  mode: 'train',
  number: 'G8611',
  carriage: '3',
  seat: '12F',
  divisionCode: '510603',
});
out.case = { scans: caseScans.length, stays: seeded.length };
log('case', out.case);

// ---- timing helpers: warm once, then `runs` samples ----
/** p50 / p95 / max of some samples (ms, to 0.1). */
function stats(xs: number[]) {
  const sorted = [...xs].sort((x, y) => x - y);
  const pick = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10;
  return { p50: pick(0.5), p95: pick(0.95), max: pick(1) };
}

async function time(fn: () => Promise<unknown>) {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    samples.push(performance.now() - s);
  }
  return stats(samples);
}

/** Two timings taken alternately (a, b, a, b, …) so that the machine's load drifts over both alike. */
async function compare(a: () => Promise<unknown>, b: () => Promise<unknown>) {
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
}

const since = startOfDay(addDays(today, -14)).toISOString();

// The hand-written first-degree statement: the case's stays with their venue's stay length
// materialised, each one scans_pk range, grouped by person and ranked, with the people's ciphertexts.
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
   where round(e.minutes::numeric, 1) > 0 -- the API rounds each overlap to 0.1 minute and drops 0
   group by e.citizen_id, c.name_cipher, c.phone_cipher, c.document_number_cipher, c.household_division
   order by total desc, last desc`;

if (!values['skip-degrees']) {
  // The API answers a page (200 here, the largest) and the count of all; the floor is the whole ranked list.
  let candidates: { citizenId: string }[] = [];
  let firstSqlCount = 0;
  const [firstApi, firstSql] = await compare(
    async () => {
      candidates = [];
      for (let cursor: string | null = '0'; cursor !== null; ) {
        const page: { items: { citizenId: string }[]; nextCursor: string | null } = await api('GET', `/api/tracing/cases/${theCase.id}/contact-candidates?days=14&limit=200&cursor=${cursor}`, county.headers);
        candidates.push(...page.items);
        cursor = page.nextCursor;
      }
    },
    async () => {
      firstSqlCount = (await rows(ctx.db, firstDegreeSql)).length;
    },
  );
  // Breakdown: an authenticated read of the case file (the API's fixed cost) and the module's scans statement alone.
  const caseRead = await time(() => api('GET', `/api/tracing/cases/${theCase.id}`, county.headers));
  const { scansOverlapping } = await import('../apps/server/src/modules/venues/index.ts');
  const stayRows = await rows<{ id: string; venueId: string; fromAt: string; toAt: string }>(ctx.db, sql`select id, venue_id as "venueId", from_at as "fromAt", to_at as "toAt" from tracing_itinerary_points where case_id = ${theCase.id} and kind = 'stay'`);
  const windows = stayRows.map((r) => ({ key: r.id, venueId: r.venueId, from: new Date(Math.max(new Date(r.fromAt).getTime(), new Date(since).getTime())), to: new Date(r.toAt) }));
  let scanRows = 0;
  const scansStatement = await time(async () => {
    scanRows = (await scansOverlapping(ctx.db, windows, { excludeCitizenId: person.id, onlyProven: true, limit: 20_000 })).length;
  });
  out.firstDegree = { caseReadMs: caseRead, scansStatementMs: scansStatement, scanRows, candidates: candidates.length, sqlRows: firstSqlCount, apiMs: firstApi, sqlMs: firstSql, ratio: timesFloor(firstApi.p50, firstSql.p50), target: '≤ 2' };
  log('first degree', out.firstDegree);

  // ---- second degree: every first-degree candidate confirmed (close) ----
  t0 = performance.now();
  for (const c of candidates) {
    await api('POST', `/api/tracing/cases/${theCase.id}/contacts`, county.headers, { citizenId: c.citizenId, decision: 'confirmed', level: 'close', reason: '基准测试：时空交集', days: 14 });
  }
  out.confirmContacts = { contacts: candidates.length, ms: ms(t0), perContactMs: Math.round(ms(t0) / Math.max(1, candidates.length)) };

  const secondDegreeSql = sql`
    with k as (
      select citizen_id, greatest(coalesce(last_exposure_at, ${since}::timestamptz), ${since}::timestamptz) as after_at
        from tracing_contacts where case_id = ${theCase.id} and decision = 'confirmed'),
    w as materialized (
      select k.citizen_id as via, s.venue_id, s.scanned_at as from_at, s.scanned_at + make_interval(mins => v.stay_minutes) as to_at, v.stay_minutes
        from k join scans s on s.citizen_id = k.citizen_id and s.scanned_at > k.after_at and s.presence_proven
        join venues v on v.id = s.venue_id),
    e as (
      select s.citizen_id, s.scanned_at,
             extract(epoch from least(w.to_at, s.scanned_at + make_interval(mins => w.stay_minutes)) - greatest(w.from_at, s.scanned_at)) / 60 as minutes
        from w join scans s on s.venue_id = w.venue_id and s.scanned_at > w.from_at - make_interval(mins => w.stay_minutes) and s.scanned_at < w.to_at
       where s.presence_proven and s.citizen_id <> ${person.id} and s.citizen_id not in (select citizen_id from k))
    select e.citizen_id, sum(e.minutes) as total, max(e.scanned_at) as last, count(*) as exposures,
           c.name_cipher, c.phone_cipher, c.document_number_cipher, c.household_division
      from e join citizens c on c.id = e.citizen_id
     where round(e.minutes::numeric, 1) > 0 -- the API rounds each overlap to 0.1 minute and drops 0
     group by e.citizen_id, c.name_cipher, c.phone_cipher, c.document_number_cipher, c.household_division
     order by total desc, last desc`;

  let second: unknown[] = [];
  let secondSqlCount = 0;
  const [secondApi, secondSql] = await compare(
    async () => {
      second = [];
      for (let cursor: string | null = '0'; cursor !== null; ) {
        const page: { items: unknown[]; nextCursor: string | null } = await api('GET', `/api/tracing/cases/${theCase.id}/contact-candidates/second-degree?days=14&limit=200&cursor=${cursor}`, county.headers);
        second.push(...page.items);
        cursor = page.nextCursor;
      }
    },
    async () => {
      secondSqlCount = (await rows(ctx.db, secondDegreeSql)).length;
    },
  );
  out.secondDegree = { contacts: candidates.length, candidates: second.length, sqlRows: secondSqlCount, apiMs: secondApi, sqlMs: secondSql, ratio: timesFloor(secondApi.p50, secondSql.p50), target: '≤ 5' };
  log('second degree', out.secondDegree);

  if (values.explain) {
    for (const [label, q] of [['firstDegreeSql', firstDegreeSql], ['secondDegreeSql', secondDegreeSql]] as const) {
      const plan = await rows<Record<string, string>>(ctx.db, sql`explain (analyze, costs off, timing off) ${q}`);
      console.error(`---- EXPLAIN ${label}\n` + plan.map((r) => Object.values(r)[0]).join('\n'));
    }
  }
}

// ---- the self-check under load: publish, then 50 citizens who scanned the published venues ----
const proposal: { id: string } = await api('POST', `/api/tracing/cases/${theCase.id}/itinerary/publish`, county.headers);
await api('POST', `/api/tracing/publication-proposals/${proposal.id}/decision`, cityOfficer.headers, { decision: 'approve' });
const checkers = await rows<{ id: string }>(
  ctx.db,
  sql`select distinct s.citizen_id as id from scans s
       where s.venue_id in (select venue_id from tracing_itinerary_points where case_id = ${theCase.id} and kind = 'stay')
         and s.scanned_at > ${since}::timestamptz and s.citizen_id <> ${person.id}
       order by 1 limit 50`,
);
const tokens: string[] = [];
for (const c of checkers) tokens.push((await createSession(ctx.db, { type: 'citizen', id: c.id }, 1)).token);
const body = JSON.stringify({ days: 14, trips: [{ mode: 'train', number: 'G8611', date: tripDay, carriage: '3' }] });
// One answer checked by hand: the trip is found (close: same carriage).
const sample = await t.app.inject({ method: 'POST', url: '/api/tracing/self-check', headers: { authorization: `Bearer ${tokens[0]}` }, payload: JSON.parse(body) });
if (sample.statusCode !== 200) throw new Error(`self-check: ${sample.statusCode} ${sample.body}`);
const sampleJson = sample.json() as { places: unknown[]; trips: { level: string }[] };
out.selfCheckSample = { places: sampleJson.places.length, trips: sampleJson.trips.map((x) => x.level) };

// The statements of one self-check (PostgreSQL: every query a pool client sends during one request) and their plans.
if (values.explain && benchDatabase) {
  const pg = (await import('pg')).default;
  const captured: { text: string; values?: unknown[] }[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    const [q, v] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
    captured.push(typeof q === 'string' ? { text: q, values: v } : { text: q.text, values: q.values ?? v });
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  await t.app.inject({ method: 'POST', url: '/api/tracing/self-check', headers: { authorization: `Bearer ${tokens[1]}` }, payload: JSON.parse(body) });
  pg.Client.prototype.query = original;
  const client = new pg.Client({ connectionString: benchDatabase.url });
  await client.connect();
  for (const q of captured) {
    if (!/^\s*(select|with)/i.test(q.text)) {
      console.error(`---- self-check statement (not explained): ${q.text.slice(0, 200)}`);
      continue;
    }
    const plan = await client.query(`explain (analyze, buffers, costs off) ${q.text}`, q.values as unknown[]);
    console.error(`---- EXPLAIN self-check statement\n${q.text}\n-- ${JSON.stringify(q.values)}\n` + plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
  }
  await client.end();
}

// Breakdown, one at a time: an authenticated GET of the citizen's own record (session + one read: the
// fixed cost of any signed-in request), and each statement the self-check ran before this change.
{
  const repo = await import('../apps/server/src/modules/tracing/tracing.repository.ts');
  const { scansOfPerson } = await import('../apps/server/src/modules/venues/index.ts');
  const { settingsSnapshot } = await import('../apps/server/src/modules/tracing/tracing.settings.ts');
  const sinceDay = startOfDay(addDays(today, -14));
  let k = 0;
  // Since this branch: the own scans bounded by the latest published stay's end.
  const stays = await repo.publishedPoints(ctx.db, { since: sinceDay, kind: 'stay', limit: 5000 });
  const narrowed = { until: new Date(Math.max(...stays.map((p) => p.point.toAt.getTime()))) };
  out.selfCheckBreakdownMs = {
    me: await time(() => t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${tokens[k++ % tokens.length]}` } })),
    publishedStays: await time(() => repo.publishedPoints(ctx.db, { since: sinceDay, kind: 'stay', limit: 5000 })),
    ownScans: await time(() => scansOfPerson(ctx.db, checkers[k++ % checkers.length].id, new Date(sinceDay.getTime() - 86_400_000))),
    ownScansNarrowed: await time(() => scansOfPerson(ctx.db, checkers[k++ % checkers.length].id, new Date(sinceDay.getTime() - 86_400_000), narrowed)),
    tripsMatching: await time(() => repo.publishedTripsMatching(ctx.db, [{ key: '0', mode: 'train', number: 'G8611', date: tripDay }])),
    settings: await time(() => settingsSnapshot(ctx.db)),
  };
  log('self-check breakdown', out.selfCheckBreakdownMs);
}

// One request at a time (no concurrency): the self-check's own cost.
let turn = 0;
out.selfCheckSequentialMs = await time(async () => {
  const res = await t.app.inject({ method: 'POST', url: '/api/tracing/self-check', headers: { authorization: `Bearer ${tokens[turn++ % tokens.length]}` }, payload: JSON.parse(body) });
  if (res.statusCode !== 200) throw new Error(`self-check: ${res.statusCode}`);
});

const spec: LoadSpec = {
  path: '/api/tracing/self-check',
  method: 'POST',
  requests: tokens.map((token) => ({ method: 'POST', path: '/api/tracing/self-check', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body })),
};
await t.app.listen({ host: '127.0.0.1', port: 0 });
const projectUrl = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
const bare = await startBareServer();
// Each round's load from a child process (harness.ts), so the driver does not share this process's event loop.
const roundIn = (url: string, rate?: number): Promise<RoundResult> => loadRoundInChild(url, spec, { connections: Number(values.connections), durationSec: Number(values.duration), rate });
const bareRounds: RoundResult[] = [];
const projectRounds: RoundResult[] = [];
for (let r = 0; r < Number(values.rounds); r++) {
  bareRounds.push(await roundIn(bare.url));
  // --cpu-prof DIR: this process (the project server) profiled during the project rounds only.
  const profiler = values['cpu-prof'] ? await startCpuProfile(200) : null;
  projectRounds.push(await roundIn(projectUrl));
  if (profiler) {
    const file = `${values['cpu-prof']}/self-check-${out.database}-round${r + 1}.cpuprofile`;
    await profiler.stop(file);
    log('profile', file);
  }
  log('round', r + 1, { bare: bareRounds.at(-1), project: projectRounds.at(-1) });
}
// Below saturation: requests evenly spaced at a fraction of the median throughput just measured, over
// the same number of connections (harness.runPaced; p99 at saturation is mostly time spent queueing).
const fraction = Number(values['rate-fraction']);
const fixedRate = fraction > 0 ? fraction * median(projectRounds.map((x) => x.requestsPerSec)) : 0;
const fixedRounds: RoundResult[] = [];
const bareFixedRounds: RoundResult[] = [];
for (let r = 0; fixedRate > 0 && r < Number(values.rounds); r++) {
  bareFixedRounds.push(await roundIn(bare.url, fixedRate));
  fixedRounds.push(await roundIn(projectUrl, fixedRate));
  log('fixed-rate round', r + 1, { rate: Math.round(fixedRate), bare: bareFixedRounds.at(-1), project: fixedRounds.at(-1), load: loadAverage() });
}
await bare.stop();
const med = (xs: RoundResult[], k: keyof RoundResult) => Math.round(median(xs.map((x) => x[k])) * 10) / 10;
out.selfCheck = {
  citizens: tokens.length,
  connections: Number(values.connections),
  rounds: `${values.rounds} × ${values.duration} s`,
  bare: { reqPerSec: med(bareRounds, 'requestsPerSec'), p50: med(bareRounds, 'p50Ms'), p99: med(bareRounds, 'p99Ms') },
  project: { reqPerSec: med(projectRounds, 'requestsPerSec'), p50: med(projectRounds, 'p50Ms'), p99: med(projectRounds, 'p99Ms'), failed: projectRounds.reduce((n, x) => n + x.errors + x.non2xx, 0) },
  ratio: timesFloor(median(projectRounds.map((x) => x.requestsPerSec)), median(bareRounds.map((x) => x.requestsPerSec)), 3),
  target: 'p99 < 20 ms',
  ...(fixedRounds.length
    ? {
        fixedRate: {
          fraction,
          rate: Math.round(fixedRate),
          bare: { p50: med(bareFixedRounds, 'p50Ms'), p99: med(bareFixedRounds, 'p99Ms') },
          project: { reqPerSec: med(fixedRounds, 'requestsPerSec'), p50: med(fixedRounds, 'p50Ms'), p99: med(fixedRounds, 'p99Ms'), failed: fixedRounds.reduce((n, x) => n + x.errors + x.non2xx, 0) },
        },
      }
    : {}),
};
out.loadAtEnd = loadAverage();
console.log(JSON.stringify(out, null, 2));
await t.close();
await dropBenchDatabase();
process.exit(0);
