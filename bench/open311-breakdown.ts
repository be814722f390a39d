/**
 * Where an Open311 filing's time goes (issue 15), measured in one process at one moment so the
 * ratios hold on a loaded machine:
 *
 *   node bench/open311-breakdown.ts [--iterations 300] [--concurrency 50] [--database-url postgres://…/db]
 *
 * Sequential per-step timings (each step alone, after a warm-up): the bad-key rate check, the API-key
 * lookup, the calendar read, each statement of the filing transaction (ticket insert — with every index
 * of `tickets` —, history row, audit append), the whole service call, the whole request through
 * app.inject; then throughput under `--concurrency` concurrent filings (service call), against a
 * floor in the same process: the same number of concurrent group-commit inserts of one narrow row — and
 * against the **data floor**: what one filing must write, the ticket + its history row + its audit
 * record, prepared in advance and written set-based through a serial batch kind of the same group
 * commit (one multi-row statement for tickets and history, one audit chain append per batch) — so the
 * API's cost can be told from the data's.
 * With --database-url the database is used as it is (e.g. the bench's 1 M-ticket database: the index
 * maintenance of a large table); without it, a fresh PGlite on disk.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';

const { values } = parseArgs({
  options: { iterations: { type: 'string', default: '300' }, concurrency: { type: 'string', default: '50' }, 'database-url': { type: 'string' } },
});
const N = Number(values.iterations);
const C = Number(values.concurrency);
if (values['database-url']) process.env.FX_TEST_DB = 'postgres';

const support = await import('../apps/server/test/support.ts');
const { openDatabase, rows } = await import('../apps/server/src/platform/db/database.ts');
const { principalForApiKey, createApiClient } = await import('../apps/server/src/platform/identity/api-clients.service.ts');
const { loadCalendar } = await import('../apps/server/src/platform/calendar/index.ts');
const { appendAudit } = await import('../apps/server/src/platform/audit/audit.service.ts');
const limits = await import('../apps/server/src/modules/tickets/tickets.limits.ts');
const service = await import('../apps/server/src/modules/tickets/tickets.service.ts');
const repo = await import('../apps/server/src/modules/tickets/tickets.repository.ts');

const dataDir = values['database-url'] ? null : mkdtempSync(join(tmpdir(), 'fx-open311-'));
const database = await openDatabase(dataDir ? { url: null, dataDir } : { url: values['database-url']!, dataDir: '' });
const t = await support.createTestApp({ logLevel: 'warn' }, database);
const ctx = t.app.ctx;
const meta = { ip: '127.0.0.1', requestId: 'bench' };
const adminPrincipal = { kind: 'staff', staffId: randomUUID(), sessionId: 'bench', username: 'bench', roles: ['sys_admin'], department: 'bench', regionCode: '', venueId: null } as const satisfies import('../apps/server/src/platform/access/principal.ts').Principal;
const client = await createApiClient(ctx, adminPrincipal, { name: '压测', permissions: ['open311.requests'], regionCode: '510600' }, meta);
const api = (await principalForApiKey(ctx.db, client.key)) as Extract<Awaited<ReturnType<typeof principalForApiKey>>, { kind: 'api' }>;
const input = { kind: 'complaint' as const, regionCode: '510603', description: '压测诉求：小区门口垃圾清运不及时，请尽快处理。', address: '旌阳区压测路1号', lat: 31.1, long: 104.4, firstName: '测', lastName: '压', phone: '13900000000' };
const [{ n: existing }] = await rows<{ n: number }>(ctx.db, sql`select count(*)::int as n from tickets`);

const out: Record<string, unknown> = { database: dataDir ? 'pglite (on disk)' : 'postgresql', ticketsInTable: existing ?? null, loadAtStart: loadavg().map((x) => x.toFixed(1)).join(' ') };
const steps: Record<string, number> = {};
async function time(label: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < Math.min(50, N); i++) await fn();
  const s = performance.now();
  for (let i = 0; i < N; i++) await fn();
  steps[label] = Math.round(((performance.now() - s) / N) * 1000);
  console.error(label.padEnd(44), String(steps[label]).padStart(7), 'µs');
}
const ticketRow = () => ({
  number: `TKB${randomUUID().slice(0, 12)}`, kind: 'complaint', status: 'submitted', channel: 'open311', title: 'x', description: input.description, regionCode: '510603',
  reporterNameCipher: ctx.cipher.encrypt('压测'), dueAt: new Date(Date.now() + 86_400_000), createdAt: new Date(), updatedAt: new Date(),
});

await time('select 1', () => ctx.db.execute(sql`select 1`));
await time('empty transaction', () => ctx.db.transaction(async () => {}));
await time('bad-key rate check (assertOpen311KeyAttempts)', () => limits.assertOpen311KeyAttempts(ctx, '127.0.0.1'));
await time('API key lookup (principalForApiKey)', () => principalForApiKey(ctx.db, client.key));
await time('calendar read (loadCalendar)', () => loadCalendar(ctx.db));
await time('encrypt name + phone', async () => [ctx.cipher.encrypt('压测'), ctx.cipher.encrypt('13900000000')]);
await time('tx: ticket insert only', () => ctx.db.transaction((tx) => repo.insertTicket(tx, ticketRow())));
await time('tx: history row only', () => ctx.db.transaction((tx) => repo.insertEvent(tx, { ticketId: randomUUID(), regionCode: '510603', action: 'submit', toStatus: 'submitted', actorType: 'api', note: 'bench-open311', at: new Date() })));
await time('tx: audit append only', () => ctx.db.transaction((tx) => appendAudit(tx, { actor: api, action: 'tickets.ticket.submit', subjectType: 'ticket', subjectId: randomUUID(), regionCode: '510603', detail: {} })));
await time('submitOpen311 (service call)', () => service.submitOpen311(ctx, api, input, meta));
const body = JSON.stringify({ api_key: client.key, service_code: 'TK-COMPLAINT', jurisdiction_id: '510603', lat: 31.1, long: 104.4, description: input.description, first_name: '测', last_name: '压', phone: '13900000000' });
await time('POST requests.json (inject)', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/api/open311/v2/requests.json', headers: { 'content-type': 'application/json' }, payload: body });
  if (res.statusCode !== 200) throw new Error(res.body);
});
out.sequentialMicroseconds = steps;

// Concurrency: C filings in flight at a time, N in all — against C concurrent group-commit inserts of one narrow row.
await ctx.db.execute(sql`create table if not exists bench_open311_floor (id uuid primary key, at timestamptz not null, note text not null)`);
const { tableRows } = await import('../apps/server/src/platform/db/group-commit.ts');
const { pgTable, uuid: uuidCol, timestamp, text } = await import('drizzle-orm/pg-core');
const floorTable = pgTable('bench_open311_floor', { id: uuidCol('id').primaryKey(), at: timestamp('at', { withTimezone: true }).notNull(), note: text('note').notNull() });
const FLOOR = tableRows(floorTable);
async function throughput(label: string, one: () => Promise<unknown>): Promise<number> {
  let next = 0;
  const s = performance.now();
  await Promise.all(Array.from({ length: C }, async () => {
    while (next++ < N) await one();
  }));
  const perSecond = Math.round(N / ((performance.now() - s) / 1000));
  console.error(label.padEnd(44), String(perSecond).padStart(7), '/s');
  return perSecond;
}
await throughput('floor (warm-up, not counted)', () => ctx.database.writes.submitRows([{ kind: FLOOR, rows: [{ id: randomUUID(), at: new Date(), note: 'x' }] }]));
const floor1 = await throughput('floor: group-commit row', () => ctx.database.writes.submitRows([{ kind: FLOOR, rows: [{ id: randomUUID(), at: new Date(), note: 'x' }] }]));
const filing = await throughput('submitOpen311 concurrently', () => service.submitOpen311(ctx, api, input, meta));
// The data floor: the same three rows a filing writes (same columns, ciphertexts made beforehand), set-based.
const { bulkInsertSql } = await import('../apps/server/src/platform/db/bulk-insert.ts');
const { appendAuditMany } = await import('../apps/server/src/platform/audit/audit.service.ts');
const { tickets: ticketsTable, ticketEvents: eventsTable } = await import('../apps/server/src/modules/tickets/tickets.tables.ts');
type DataRow = { ticket: ReturnType<typeof ticketRow> & { id: string }; event: Record<string, unknown>; audit: Parameters<typeof appendAudit>[1] };
const DATA_FLOOR: import('../apps/server/src/platform/db/group-commit.ts').BatchKind<DataRow, null> = {
  name: 'bench.open311-data-floor',
  serial: true,
  async run(tx, inputs) {
    await tx.execute(sql`with t as (${bulkInsertSql(ticketsTable, inputs.map((i) => i.ticket))}), e as (${bulkInsertSql(eventsTable, inputs.map((i) => i.event) as never[])}) select 1`);
    await appendAuditMany(tx, inputs.map((i) => i.audit));
    return inputs.map(() => null);
  },
};
const nameCipher = ctx.cipher.encrypt('压测');
const phoneCipher = ctx.cipher.encrypt('13900000000');
const dataRow = (): DataRow => {
  const id = randomUUID();
  const at = new Date();
  return {
    ticket: { ...ticketRow(), id, channel: 'open311', title: input.description.slice(0, 30), address: input.address, lat: input.lat, long: input.long, reporterNameCipher: nameCipher, reporterPhoneCipher: phoneCipher, apiClientId: api.clientId, createdAt: at, updatedAt: at } as DataRow['ticket'],
    event: { ticketId: id, regionCode: '510603', action: 'submit', toStatus: 'submitted', actorType: 'api', actorId: api.clientId, at },
    audit: { actor: api, ip: '127.0.0.1', requestId: 'bench', action: 'tickets.ticket.submit', subjectType: 'ticket', subjectId: id, regionCode: '510603', detail: { kind: 'complaint', channel: 'open311' } },
  };
};
await throughput('data floor (warm-up, not counted)', () => ctx.database.writes.submitBatch(DATA_FLOOR, dataRow()));
const dataFloor = await throughput('data floor: ticket + history + audit rows', () => ctx.database.writes.submitBatch(DATA_FLOOR, dataRow()));
const filing2 = await throughput('submitOpen311 concurrently, again', () => service.submitOpen311(ctx, api, input, meta));
const floor2 = await throughput('floor again', () => ctx.database.writes.submitRows([{ kind: FLOOR, rows: [{ id: randomUUID(), at: new Date(), note: 'x' }] }]));
const r2 = (x: number) => Math.round(x * 100) / 100;
const floorMean = (floor1 + floor2) / 2;
out.concurrent = {
  concurrency: C,
  floorPerSecond: [floor1, floor2],
  dataFloorPerSecond: dataFloor,
  filingPerSecond: [filing, filing2],
  ratio: r2((filing + filing2) / 2 / floorMean),
  dataFloorOverFloor: r2(dataFloor / floorMean),
  filingOverDataFloor: r2((filing + filing2) / 2 / dataFloor),
};
await ctx.db.execute(sql`drop table bench_open311_floor`);
// Leave the bench's database as it was: the filings of this run are removed.
await ctx.db.execute(sql`delete from ticket_events where note = 'bench-open311' or ticket_id in (select id from tickets where api_client_id = ${api.clientId} or number like 'TKB%')`);
await ctx.db.execute(sql`delete from tickets where api_client_id = ${api.clientId} or number like 'TKB%'`);
out.loadAtEnd = loadavg().map((x) => x.toFixed(1)).join(' ');
console.log(JSON.stringify(out, null, 2));
await t.close();
await database.close();
if (dataDir) rmSync(dataDir, { recursive: true, force: true });
