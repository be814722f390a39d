/**
 * Tickets at scale (issue 15): N generated tickets (default 1 000 000) over M months with their
 * transitions (ticket_events: submit, accept, assign, start, reply, close, visit — 4–6 per settled
 * ticket), loaded set-based inside the database (INSERT … SELECT FROM generate_series, the same
 * engine-side path as COPY; not through the API), then VACUUM ANALYZE. Measures, in process through
 * app.inject (routing, access check, the audit row every read writes, presenter, JSON):
 *
 *   - GET /api/tickets/worklist — a department's worklist (handler of 旌阳区卫健局, region 510603):
 *     the default page (overdue first, then by deadline), a status + kind filter on page 3, overdue only;
 *   - GET /api/tickets/worklist — the city dispatcher's default page (for comparison);
 *   - GET /api/tickets/kpi?month= — the monthly KPI page of the whole city (this month and last month);
 *
 * each `--runs` times after one warm-up, and prints p50 / p95 / p99 / max and the EXPLAIN (ANALYZE)
 * of the worklist and KPI statements. Target: p99 < 100 ms on both databases.
 *
 *   node bench/tickets-scale.ts [--tickets 1000000] [--months 36] [--runs 100] [--database-url postgres://…/postgres]
 *   node bench/tickets-scale.ts --keep-database postgres://…/fx_bench_tickets   (loaded once, reused by later runs)
 *
 * PGlite runs on an on-disk data directory in a temp folder (1 M tickets + ~4 M events do not belong in
 * memory); --database-url creates a fresh database on that server (as the integration tests do).
 */
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';

const { values } = parseArgs({
  options: { tickets: { type: 'string', default: '1000000' }, months: { type: 'string', default: '36' }, runs: { type: 'string', default: '100' }, 'database-url': { type: 'string' }, 'keep-database': { type: 'string' }, explain: { type: 'boolean', default: true } },
});
const total = Number(values.tickets);
const months = Number(values.months);
const runs = Number(values.runs);
if (values['database-url']) {
  process.env.FX_TEST_DB = 'postgres';
  process.env.TEST_DATABASE_URL = values['database-url'];
}

const support = await import('../apps/server/test/support.ts');
const factories = await import('../apps/server/test/factories.ts');
const { openDatabase, rows } = await import('../apps/server/src/platform/db/database.ts');
const worklistRepo = await import('../apps/server/src/modules/tickets/tickets.repository.ts');
const { kpiStatement, kpiRawStatement, monthRange, compactKpi, kpiRows } = await import('../apps/server/src/modules/tickets/tickets.kpi.ts');

const keep = values['keep-database'];
if (keep) {
  // A named database on the server, created when missing and kept: a later run (other code, other
  // indexes — the app's migrations run on start) measures the same 1 M tickets without reloading.
  const pg = (await import('pg')).default;
  const url = new URL(keep);
  const name = url.pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`--keep-database: a plain database name, not ${name}`);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (exists.rowCount === 0) await admin.query(`create database ${name}`);
  await admin.end();
  process.env.FX_TEST_DB = 'postgres';
}
const dataDir = values['database-url'] || keep ? null : mkdtempSync(join(tmpdir(), 'fx-tickets-bench-'));
const database = keep ? await openDatabase({ url: keep, dataDir: '' }) : dataDir ? await openDatabase({ url: null, dataDir }) : await support.openTestDatabase();
console.error('database open');
const t = await support.createTestApp({ logLevel: 'warn' }, database);
console.error('app ready');
const ctx = t.app.ctx;
const db = ctx.db;
const round1 = (x: number) => Math.round(x * 10) / 10;
const out: Record<string, unknown> = {
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
  loadAtStart: loadavg().map((x) => x.toFixed(1)).join(' '),
  database: values['database-url'] || keep ? 'postgresql' : 'pglite (on-disk data directory)',
  tickets: total,
  months,
};

// Six counties of Deyang, five departments each: a department belongs to one county.
const COUNTIES = [['510603', '旌阳区'], ['510604', '罗江区'], ['510623', '中江县'], ['510681', '广汉市'], ['510682', '什邡市'], ['510683', '绵竹市']];
const DEPTS = ['卫健局', '住建局', '市场监管局', '城管局', '交通运输局'];
const countyCodes = sql.raw(`array[${COUNTIES.map(([c]) => `'${c}'`).join(',')}]`);
const departmentNames = sql.raw(`array[${COUNTIES.flatMap(([, n]) => DEPTS.map((d) => `'${n}${d}'`)).join(',')}]`);

// Categories: ten, two per kind (the KPI names them).
const KINDS = ['report', 'complaint', 'consultation', 'suggestion', 'help'];
const [{ n: already }] = await rows<{ n: number }>(db, sql`select count(*)::int as n from tickets`);
const reuse = Boolean(keep) && already >= total;
out.reused = reuse;
const categoryIds: string[] = [];
for (let i = 0; i < 10; i++) {
  const [row] = await rows<{ id: string }>(db, sql`insert into ticket_categories (code, kind, name) values (${`BENCH-${i}`}, ${KINDS[i % 5]}, ${`压测分类${i}`})
    on conflict (code) do update set name = excluded.name returning id`);
  categoryIds.push(row.id);
}
const categoryArray = sql.raw(`array[${categoryIds.map((id) => `'${id}'::uuid`).join(',')}]`);
const nameCipher = ctx.cipher.encrypt('压测人');
const phoneCipher = ctx.cipher.encrypt('13900000000');

const spanSeconds = months * 30 * 86_400;
let t0 = performance.now();
const CHUNK = 100_000;
if (keep && !reuse && already > 0) throw new Error(`--keep-database holds ${already} tickets, fewer than ${total}: drop it first`);
for (let start = 1; !reuse && start <= total; start += CHUNK) {
  const end = Math.min(total, start + CHUNK - 1);
  // g: 1 = newest … N = oldest. h1/h2: spread-out hashes of g for the distributions.
  await db.execute(sql`
    insert into tickets (number, kind, status, channel, title, description, region_code, address, reporter_name_cipher, reporter_phone_cipher,
      department, due_at, reply, rating, category_id, replied_at, closed_at, visited_at, created_at, updated_at)
    select 'TK' || to_char(created_at, 'YYYYMMDD') || '-' || upper(lpad(to_hex(g), 6, '0')), kind, status,
      (array['app','app','app','hotline','hotline','open311','national'])[1 + (h1 % 7)],
      '压测诉求 ' || g, '第 ' || g || ' 号压测诉求：小区门口垃圾清运不及时，请尽快处理。', county, '压测路' || (g % 500) || '号',
      ${nameCipher}, ${phoneCipher},
      case when status in ('submitted','accepted','rejected','merged') then null else dept end,
      created_at + (sla * 7 / 5) * interval '1 day',
      case when status in ('replied','closed','visited') then '已处理完毕，感谢监督。' end,
      case when status in ('closed','visited') and h2 % 10 < 6 then 1 + (h2 / 10) % 5 end,
      case when h1 % 10 < 8 then (${categoryArray})[1 + (h2 % 10)] end,
      case when status in ('replied','closed','visited') then created_at + (h2 % (sla * 3 / 2 * 86400)) * interval '1 second' end,
      case when status in ('closed','visited','rejected','merged') then created_at + (sla * 2) * interval '1 day' end,
      case when status = 'visited' then created_at + (sla * 2 + 1) * interval '1 day' end,
      created_at, created_at
    from (
      select g, h1, h2, created_at, dept, county, kind,
        case kind when 'consultation' then 3 when 'help' then 5 when 'complaint' then 10 else 15 end as sla,
        case when created_at > now() - interval '30 days' then
          (array['submitted','accepted','assigned','assigned','in_progress','in_progress','replied','closed','closed','visited'])[1 + h2 % 10]
        else
          case when h2 % 100 = 0 then 'in_progress' when h2 % 100 = 1 then 'assigned' when h2 % 100 = 2 then 'rejected'
               when h2 % 100 < 5 then 'merged' when h2 % 100 < 15 then 'replied' when h2 % 100 < 70 then 'closed' else 'visited' end
        end as status
      from (
        select g, h1, h2,
          now() - (g::float8 / ${total} * ${spanSeconds}) * interval '1 second' as created_at,
          (${departmentNames})[1 + d] as dept, (${countyCodes})[1 + d / 5] as county,
          (array['report','complaint','consultation','suggestion','help'])[1 + (h1 / 7) % 5] as kind
        from (select g, (g * 2654435761::bigint) % 1000003 as h1, (g * 40503::bigint) % 999983 as h2, g % 30 as d
              from generate_series(${start}::bigint, ${end}::bigint) g) s
      ) s2
    ) s3`);
  console.error(`tickets ${end} / ${total}`);
}
out.loadTicketsMs = Math.round(performance.now() - t0);

// Transitions: one event per step each ticket went through (the department on its assign/start/reply).
t0 = performance.now();
const steps: [string, string | null, string, string][] = [
  // action, from, to, which statuses went through it
  ['submit', null, 'submitted', `true`],
  ['accept', 'submitted', 'accepted', `status <> 'submitted'`],
  ['reject', 'accepted', 'rejected', `status = 'rejected'`],
  ['merge', 'accepted', 'merged', `status = 'merged'`],
  ['assign', 'accepted', 'assigned', `status in ('assigned','in_progress','replied','closed','visited')`],
  ['start', 'assigned', 'in_progress', `status in ('in_progress','replied','closed','visited')`],
  ['reply', 'in_progress', 'replied', `status in ('replied','closed','visited')`],
  ['close', 'replied', 'closed', `status in ('closed','visited')`],
  ['visit', 'closed', 'visited', `status = 'visited'`],
];
for (const [i, [action, from, to, which]] of reuse ? [] : steps.entries()) {
  await db.execute(sql`
    insert into ticket_events (ticket_id, region_code, action, from_status, to_status, actor_type, department, note, at)
    select id, region_code, ${action}, ${from}, ${to}, ${i === 0 ? 'citizen' : 'staff'}, ${['assign', 'start', 'reply'].includes(action) ? sql`department` : sql`null`},
      ${action === 'reply' ? sql`reply` : sql`null`}, created_at + ${i} * interval '1 hour'
    from tickets where ${sql.raw(which)}`);
  console.error(`events: ${action}`);
}
out.loadEventsMs = Math.round(performance.now() - t0);
// The KPI roll-up: the loader's INSERTs appended their rows through the triggers (a database loaded
// before migration 0041 got them from its back-fill); fold them as the tickets.kpi-compact job does.
t0 = performance.now();
out.kpiRowsFolded = await compactKpi(db);
out.kpiCompactMs = Math.round(performance.now() - t0);
t0 = performance.now();
await db.execute(sql`vacuum analyze ticket_kpi_daily`);
await db.execute(sql`vacuum analyze tickets`);
if (!reuse) await db.execute(sql`vacuum analyze ticket_events`);
out.vacuumAnalyzeMs = Math.round(performance.now() - t0);
const [counts] = await rows<{ tickets: number; events: number; open: number }>(db, sql`select (select count(*)::int from tickets) as tickets, (select count(*)::int from ticket_events) as events,
  (select count(*)::int from tickets where status in ('submitted','accepted','assigned','in_progress')) as open`);
out.rows = counts;

const handler = await factories.createStaff(ctx, { roles: ['health'], department: '旌阳区卫健局', regionCode: '510603' });
const dispatcher = await factories.createStaff(ctx, { roles: ['supervision'], department: '德阳市委督查室', regionCode: '510600' });
const [dept] = await rows<{ n: number; open: number; overdue: number }>(db, sql`select count(*)::int as n, count(*) filter (where status in ('submitted','accepted','assigned','in_progress'))::int as open,
  count(*) filter (where status in ('submitted','accepted','assigned','in_progress') and due_at < now())::int as overdue from tickets where department = '旌阳区卫健局'`);
out.department = { name: '旌阳区卫健局', ...dept };

const chinaMonth = (offset: number) => {
  const d = new Date(Date.now() + 8 * 3600_000);
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1));
  return `${m.getUTCFullYear()}-${String(m.getUTCMonth() + 1).padStart(2, '0')}`;
};

const timings: Record<string, { p50: number; p95: number; p99: number; max: number; answer: string }> = {};
async function time(label: string, url: string, headers: Record<string, string>, summary: (body: any) => string) {
  let answer = '';
  const once = async () => {
    const res = await t.app.inject({ method: 'GET', url, headers });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    answer = summary(res.json());
  };
  await once(); // warm
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await once();
    samples.push(performance.now() - s);
  }
  samples.sort((a, b) => a - b);
  const pick = (q: number) => round1(samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)]);
  timings[label] = { p50: pick(0.5), p95: pick(0.95), p99: pick(0.99), max: round1(samples.at(-1)!), answer };
  console.error(label, JSON.stringify(timings[label]));
}
const page = (b: { items: unknown[]; total: number; totalCapped?: boolean }) => `${b.items.length} of ${b.total}${b.totalCapped ? '+' : ''}`;
// Floors in the same sitting (the machine is shared; compare against these, not against absolutes):
// the app's request path with no database (GET /healthz through inject) and the one write every
// audited read makes (an audit record in its own transaction) plus one indexed read.
await time('floorHealthz', '/healthz', {}, () => 'ok');
{
  const { recordAudit } = await import('../apps/server/src/platform/audit/audit.service.ts');
  const samples: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const s = performance.now();
    await rows(db, sql`select id from tickets where number = 'TK-NONE'`);
    await recordAudit(db, { actor: { kind: 'system', id: 'bench' }, action: 'tickets.worklist.read', subjectType: 'ticket', detail: { bench: true } });
    if (i > 0) samples.push(performance.now() - s);
  }
  samples.sort((a, b) => a - b);
  const pick = (q: number) => round1(samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)]);
  timings.floorAuditAndRead = { p50: pick(0.5), p95: pick(0.95), p99: pick(0.99), max: round1(samples.at(-1)!), answer: 'one indexed read + one audit record' };
  console.error('floorAuditAndRead', JSON.stringify(timings.floorAuditAndRead));
}
await time('departmentWorklistDefault', '/api/tickets/worklist?limit=20', handler.headers, page);
await time('departmentWorklistStatusKindPage3', '/api/tickets/worklist?status=assigned&status=in_progress&status=replied&kind=complaint&limit=20&offset=40', handler.headers, page);
// The same filtered page 3 by keyset: the cursor of page 2 (as the console's next-page does).
const p2 = (await t.app.inject({ url: '/api/tickets/worklist?status=assigned&status=in_progress&status=replied&kind=complaint&limit=20&offset=20', headers: handler.headers })).json() as { next?: string | null };
if (p2.next) await time('departmentWorklistStatusKindPage3Keyset', `/api/tickets/worklist?status=assigned&status=in_progress&status=replied&kind=complaint&limit=20&after=${p2.next}`, handler.headers, page);
const d50 = (await t.app.inject({ url: '/api/tickets/worklist?limit=20&offset=980', headers: handler.headers })).json() as { next?: string | null };
if (d50.next) await time('departmentWorklistPage51Keyset', `/api/tickets/worklist?limit=20&after=${d50.next}`, handler.headers, page);
await time('departmentWorklistPage51Offset', '/api/tickets/worklist?limit=20&offset=1000', handler.headers, page);
await time('departmentWorklistOverdue', '/api/tickets/worklist?overdue=true&limit=20', handler.headers, page);
await time('dispatcherWorklistDefault', '/api/tickets/worklist?limit=20', dispatcher.headers, page);
const kpiSummary = (b: { departments: { received: number }[]; byDay: unknown[] }) => `${b.departments.length} departments, ${b.departments.reduce((n, d) => n + d.received, 0)} received, ${b.byDay.length} days`;
await time('kpiThisMonthCity', `/api/tickets/kpi?month=${chinaMonth(0)}`, dispatcher.headers, kpiSummary);
await time('kpiLastMonthCity', `/api/tickets/kpi?month=${chinaMonth(-1)}`, dispatcher.headers, kpiSummary);
out.timingsMs = timings;

if (values.explain) {
  // The plans of the statements behind the two pages (what docs/tickets.md quotes).
  const explain = async (q: ReturnType<typeof sql>) => (await rows<Record<string, string>>(db, sql`explain (analyze, costs off, timing off, summary on) ${q}`)).map((r) => Object.values(r)[0]).join('\n');
  const now = new Date();
  const plans: Record<string, string> = {};
  for (const [label, f] of [
    ['departmentWorklistDefault', {}],
    ['departmentWorklistStatusKind', { status: ['assigned', 'in_progress', 'replied'] as string[], kind: 'complaint', offset: 40 }],
  ] as const) {
    for (const [i, q] of worklistRepo.worklistStatements({ scope: '510603', department: '旌阳区卫健局', now, limit: 20, offset: 0, ...f }).entries()) {
      plans[`${label}.${i === 0 ? 'page' : 'count'}`] = await explain(q);
    }
  }
  const { from, to } = monthRange(chinaMonth(-1));
  plans.kpiLastMonth = await explain(kpiStatement(from, to, '510600'));
  plans.kpiLastMonthRaw = await explain(kpiRawStatement(from, to, '510600'));
  // The roll-up answers what the tickets give.
  const norm = (r: Awaited<ReturnType<typeof kpiRows>>) => r.map((x) => JSON.stringify([Number(x.g_dep), Number(x.g_ch), Number(x.g_cat), x.department ?? null, x.channel ?? null, x.category_id ?? null, x.day ?? null, x.count, x.received, x.answered, x.on_time, x.rated, x.satisfied])).sort();
  const month = chinaMonth(-1);
  out.kpiRollupEqualsRaw = JSON.stringify(norm(await kpiRows(db, month, '510600'))) === JSON.stringify(norm(await kpiRows(db, month, '510600', true)));
  const [kr] = await rows<{ n: number }>(db, sql`select count(*)::int as n from ticket_kpi_daily`);
  out.kpiRollupRows = kr.n;
  out.plans = plans;
}
out.loadAtEnd = loadavg().map((x) => x.toFixed(1)).join(' ');
console.log(JSON.stringify(out, null, 2));
await t.close();
await database.close(); // the app was given the database, so closing the app leaves it open
if (dataDir) rmSync(dataDir, { recursive: true, force: true });
