/**
 * Daily check-in lists at scale (issue 14): 50 000 members in five organisations (one of 10 000),
 * written through the app's own encryption, blind index and bulk insert; 30 % of them reported today.
 * Measures, in process through app.inject (routing, access check, audit, decrypt + mask, JSON):
 *
 *   - GET /api/checkin/orgs/:id/missing — the not-yet-reported list of the 10 000-member organisation,
 *     its first page of 100 and the count (target < 100 ms), and a page of 1000;
 *   - GET /api/checkin/orgs/:id/day?limit=50 — a page of the day view (first page, and one in the
 *     middle of the not-reported group), whose totals come from the kept counts (drizzle/0044);
 *   - GET /api/checkin/orgs/:id/day — the whole day of that organisation (5 runs, for comparison);
 *   - the missing-list statements alone (page of 100 + the kept count; no decrypt, no HTTP) — the
 *     database's share — against the SQL floor measured in the same run: a page of 100 of the
 *     organisation's members by primary key with their identity (what any list page reads), plus
 *     the count as it was before (the anti-join of every member against the day's reports);
 *   - EXPLAIN (ANALYZE, BUFFERS) of each statement, printed after the figures.
 *
 *   node bench/checkin-lists.ts [--members 50000] [--org 10000] [--runs 30] [--database-url postgres://…/postgres]
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';

const { values } = parseArgs({ options: { members: { type: 'string', default: '50000' }, org: { type: 'string', default: '10000' }, runs: { type: 'string', default: '30' }, 'database-url': { type: 'string' } } });
const total = Number(values.members);
const orgSize = Number(values.org);
let runs = Number(values.runs);
if (values['database-url']) {
  process.env.FX_TEST_DB = 'postgres';
  process.env.TEST_DATABASE_URL = values['database-url'];
}

const support = await import('../apps/server/test/support.ts');
const factories = await import('../apps/server/test/factories.ts');
const { bulkInsert } = await import('../apps/server/src/platform/db/bulk-insert.ts');
const { citizens } = await import('../apps/server/src/platform/identity/identity.tables.ts');
const { checkinOrgs, checkinMembers, checkinMemberPeriods, checkinReports } = await import('../apps/server/src/modules/checkin/checkin.tables.ts');
const repo = await import('../apps/server/src/modules/checkin/checkin.repository.ts');
const { todayInChina } = await import('@fangxian/contracts/kernel');

// On PostgreSQL: a fresh database of its own (test/support's helper needs the vitest runner), dropped at the end.
const benchDbName = `fx_bench_lists_${randomUUID().slice(0, 8)}`;
let database: Awaited<ReturnType<typeof support.openTestDatabase>> | undefined;
if (values['database-url']) {
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: values['database-url'] });
  await admin.connect();
  await admin.query(`create database ${benchDbName}`);
  await admin.end();
  const url = new URL(values['database-url']);
  url.pathname = `/${benchDbName}`;
  const { openDatabase } = await import('../apps/server/src/platform/db/database.ts');
  database = await openDatabase({ url: url.toString(), dataDir: '' });
}
const t = await support.createTestApp({ logLevel: 'warn' }, database);
const ctx = t.app.ctx;
const today = todayInChina();
const ms = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;
const out: Record<string, unknown> = {
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
  loadAtStart: loadavg().map((x) => x.toFixed(1)).join(' '),
  database: values['database-url'] ? 'postgresql' : 'pglite',
  members: total,
  orgSize,
};

// Five organisations: the first holds orgSize members, the rest share the remainder.
const admin = await factories.createCitizen(ctx, { name: '管理员', idNumber: undefined });
const orgIds = Array.from({ length: 5 }, () => randomUUID());
await bulkInsert(
  ctx.db,
  checkinOrgs,
  orgIds.map((id, i) => ({ id, name: `压测单位${i}`, type: 'enterprise', creditCode: `BENCH${i}${id.slice(0, 8)}`, divisionCode: '510603', address: '压测路', status: 'approved', inviteCode: id.slice(0, 8).toUpperCase(), createdBy: admin.id })),
);
await bulkInsert(ctx.db, checkinMembers, [{ orgId: orgIds[0], citizenId: admin.id, role: 'admin', status: 'active', joinedVia: 'register', consentAt: new Date() }]);

let t0 = performance.now();
const CHUNK = 2000;
for (let start = 0; start < total; start += CHUNK) {
  const people: (typeof citizens.$inferInsert)[] = [];
  const members: (typeof checkinMembers.$inferInsert)[] = [];
  const periods: (typeof checkinMemberPeriods.$inferInsert)[] = [];
  const reports: (typeof checkinReports.$inferInsert)[] = [];
  for (let i = start; i < Math.min(total, start + CHUNK); i++) {
    const id = randomUUID();
    const phone = `137${String(i).padStart(8, '0')}`;
    people.push({ id, phoneCipher: ctx.cipher.encrypt(phone), phoneIndex: ctx.blindIndex.of('phone', phone), nameCipher: ctx.cipher.encrypt(`成员${i}`) });
    const orgId = i < orgSize ? orgIds[0] : orgIds[1 + (i % 4)];
    members.push({ orgId, citizenId: id, role: 'member', status: 'active', joinedVia: 'import', department: `部门${i % 20}`, consentAt: new Date() });
    periods.push({ orgId, citizenId: id, fromDay: today });
    if (i % 10 < 3) {
      reports.push({ citizenId: id, day: today, temperature: 36.5, symptoms: [], divisionCode: '510603', riskAreaContact: false, codeColour: null, abnormal: false, abnormalReasons: [], extra: {}, revision: 1, submittedAt: new Date() });
    }
  }
  await bulkInsert(ctx.db, citizens, people);
  await bulkInsert(ctx.db, checkinMembers, members);
  await bulkInsert(ctx.db, checkinMemberPeriods, periods);
  if (reports.length) await ctx.db.insert(checkinReports).values(reports);
}
await ctx.db.execute(sql`analyze`);
out.load = { ms: ms(t0) };

// Measurements are interleaved (one of each per round), so every line sees the same moments of a
// shared, loaded machine and the ratios to the floor hold.
const pending: { label: string; fn: () => Promise<unknown> }[] = [];
async function time(label: string, fn: () => Promise<unknown>) {
  pending.push({ label, fn });
}
async function runPending() {
  for (const p of pending) await p.fn(); // warm
  const samples = new Map(pending.map((p) => [p.label, [] as number[]]));
  for (let i = 0; i < runs; i++) {
    for (const p of pending) {
      const s = performance.now();
      await p.fn();
      samples.get(p.label)!.push(performance.now() - s);
    }
  }
  for (const [label, list] of samples) {
    list.sort((a, b) => a - b);
    const pick = (q: number) => Math.round(list[Math.min(list.length - 1, Math.floor(q * list.length))] * 10) / 10;
    out[label] = { p50: pick(0.5), p95: pick(0.95), max: pick(1) };
  }
  pending.length = 0;
}

const org0 = orgIds[0];
await time('floorStatementMs', async () => {
  await ctx.db.execute(sql`select m.citizen_id, m.department, c.name_cipher, c.phone_cipher from checkin_members m join citizens c on c.id = m.citizen_id
    where m.org_id = ${org0} order by m.citizen_id limit 100`);
});
await time('countBeforeStatementMs', async () => {
  await ctx.db.execute(sql`select count(*)::int from checkin_members m where m.org_id = ${org0} and m.status = 'active'
    and not exists (select 1 from checkin_reports r where r.citizen_id = m.citizen_id and r.day = ${today})`);
});
await time('keptCountsStatementMs', async () => {
  await repo.countsOfOrgDay(ctx.db, org0, today);
});
let missingCount = 0;
await time('missingStatementMs', async () => {
  missingCount = (await repo.missingMembersOf(ctx.db, orgIds[0], today, { limit: 100 })).total;
});
await time('missingAllAtOnceMs', async () => {
  const res = await t.app.inject({ method: 'GET', url: `/api/checkin/orgs/${orgIds[0]}/missing?limit=1000`, headers: admin.headers });
  if (res.statusCode !== 200) throw new Error(`missing: ${res.statusCode} ${res.body}`);
});
await time('missingEndpointMs', async () => {
  const res = await t.app.inject({ method: 'GET', url: `/api/checkin/orgs/${orgIds[0]}/missing`, headers: admin.headers });
  if (res.statusCode !== 200) throw new Error(`missing: ${res.statusCode} ${res.body}`);
});
await time('dayPageEndpointMs', async () => {
  const res = await t.app.inject({ method: 'GET', url: `/api/checkin/orgs/${orgIds[0]}/day?limit=50`, headers: admin.headers });
  if (res.statusCode !== 200) throw new Error(`day: ${res.statusCode} ${res.body}`);
});
await time('dayPageMiddleEndpointMs', async () => {
  const res = await t.app.inject({ method: 'GET', url: `/api/checkin/orgs/${orgIds[0]}/day?limit=50&offset=3500`, headers: admin.headers });
  if (res.statusCode !== 200) throw new Error(`day: ${res.statusCode} ${res.body}`);
});
await time('dayLastPageEndpointMs', async () => {
  const res = await t.app.inject({ method: 'GET', url: `/api/checkin/orgs/${orgIds[0]}/day?limit=50&offset=9950`, headers: admin.headers });
  if (res.statusCode !== 200) throw new Error(`day: ${res.statusCode} ${res.body}`);
});
// The same deep pages by keyset cursor (`after` = the `next` of the page before, as the web walks them).
const service = await import('../apps/server/src/modules/checkin/checkin.service.ts');
async function cursorAt(position: number): Promise<string> {
  const res = await t.app.inject({ method: 'GET', url: `/api/checkin/orgs/${orgIds[0]}/day?limit=50&offset=${position - 50}`, headers: admin.headers });
  const next = (res.json() as { page: { next: string | null } }).page.next;
  if (!next) throw new Error(`no cursor at ${position}`);
  return next;
}
const middleCursor = await cursorAt(3500);
const lastCursor = await cursorAt(9950);
await time('dayPageMiddleKeysetEndpointMs', async () => {
  const res = await t.app.inject({ method: 'GET', url: `/api/checkin/orgs/${orgIds[0]}/day?limit=50&after=${middleCursor}`, headers: admin.headers });
  if (res.statusCode !== 200) throw new Error(`day: ${res.statusCode} ${res.body}`);
});
await time('dayLastPageKeysetEndpointMs', async () => {
  const res = await t.app.inject({ method: 'GET', url: `/api/checkin/orgs/${orgIds[0]}/day?limit=50&after=${lastCursor}`, headers: admin.headers });
  if (res.statusCode !== 200) throw new Error(`day: ${res.statusCode} ${res.body}`);
});
await runPending();
out.missingInOrg = missingCount;
const fullRuns = runs;
runs = Math.min(runs, 5);
await time('dayEndpointMs', async () => {
  const res = await t.app.inject({ method: 'GET', url: `/api/checkin/orgs/${orgIds[0]}/day`, headers: admin.headers });
  if (res.statusCode !== 200) throw new Error(`day: ${res.statusCode} ${res.body}`);
});
await runPending();
runs = fullRuns;
out.loadAtEnd = loadavg().map((x) => x.toFixed(1)).join(' ');
const p50 = (k: string) => (out[k] as { p50: number }).p50;
out.ratios = {
  missingStatementToFloor: Math.round((p50('missingStatementMs') / p50('floorStatementMs')) * 100) / 100,
  missingEndpointToFloor: Math.round((p50('missingEndpointMs') / p50('floorStatementMs')) * 100) / 100,
  countBeforeToKept: Math.round((p50('countBeforeStatementMs') / p50('keptCountsStatementMs')) * 100) / 100,
};
console.log(JSON.stringify(out, null, 2));

// The plans (one execution each, after the timed runs).
const explain = async (label: string, q: ReturnType<typeof sql>) => {
  const res = (await ctx.db.execute(sql`explain (analyze, buffers, costs off) ${q}`)) as unknown as { rows: Record<string, string>[] };
  console.log(`\n--- ${label}\n${res.rows.map((r) => Object.values(r)[0]).join('\n')}`);
};
await explain('floor: a page of 100 members by primary key', sql`select m.citizen_id, m.department, c.name_cipher, c.phone_cipher from checkin_members m join citizens c on c.id = m.citizen_id where m.org_id = ${org0} order by m.citizen_id limit 100`);
await explain('missing page (keyset, anti-join probe per member)', sql`select m.citizen_id, m.department, c.name_cipher, c.phone_cipher from checkin_members m join citizens c on c.id = m.citizen_id
  where m.org_id = ${org0} and m.status = 'active' and not exists (select 1 from checkin_reports r where r.citizen_id = m.citizen_id and r.day = ${today}) order by m.citizen_id limit 100`);
await explain('count before (anti-join of every member)', sql`select count(*)::int from checkin_members m where m.org_id = ${org0} and m.status = 'active' and not exists (select 1 from checkin_reports r where r.citizen_id = m.citizen_id and r.day = ${today})`);
await explain('kept counts: member counts', sql`select * from checkin_member_counts where org_id = ${org0} and members <> 0`);
await explain('kept counts: day counts', sql`select * from checkin_day_counts where org_id = ${org0} and day = ${today} and reported <> 0`);
await explain('day page, not-reported group, offset 3500: the page\'s member ids', sql`select m.citizen_id from checkin_members m
  where m.org_id = ${org0} and m.status = 'active' and not exists (select 1 from checkin_reports r where r.citizen_id = m.citizen_id and r.day = ${today})
  order by m.department, m.citizen_id offset 3500 limit 50`);
const middle = service.decodeDayCursor(middleCursor);
await explain('day page, not-reported group, after the cursor at 3500 (keyset): the page\'s member ids', sql`select m.citizen_id, m.department from checkin_members m
  where m.org_id = ${org0} and m.status = 'active' and not exists (select 1 from checkin_reports r where r.citizen_id = m.citizen_id and r.day = ${today})
    and m.department is not null and (m.department, m.citizen_id) > (${middle.department}, ${middle.citizenId}::uuid)
  order by m.department, m.citizen_id limit 51`);
await t.close();
if (values['database-url']) {
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: values['database-url'] });
  await admin.connect();
  await admin.query(`drop database if exists ${benchDbName} with (force)`);
  await admin.end();
}
