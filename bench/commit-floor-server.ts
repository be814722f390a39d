import Fastify from 'fastify';
import { BASELINE_BODY } from './baseline-body.ts';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PGliteProxy } from '../apps/server/src/platform/db/pglite-proxy.ts';

// The commit floor: the bare endpoint (bare-server.ts: same Fastify, same answer) plus the one
// thing every scan and verification must do before it answers — commit one row to the database.
// No auth, validation, logging, caches or module code: each request adds a scans-shaped row (same
// columns and indexes as the scans table) to a minimal group commit — every row queued in one
// event-loop turn goes out as one INSERT, and each request is answered after its row commits.
// It uses the same database as the project server in the same run: the embedded PGlite on its own
// thread (as the server runs it by default) in a temp directory, or FLOOR_DATABASE_URL. Its req/s
// bounds what any endpoint that commits before answering can reach on this machine; the harness
// reports each writing scenario against it as well as against the bare endpoint.

interface Executor {
  exec(sql: string): Promise<unknown>;
  close(): Promise<void>;
  /** How many batches may be in flight at once (one per connection a pool can use). */
  concurrency: number;
}

const TABLE = 'bench_floor_scans';
const DDL = `drop table if exists ${TABLE};
create table ${TABLE} (venue_id uuid not null, id uuid not null, scanned_at timestamptz(3) not null, citizen_id uuid not null,
  division_code text not null, method text not null, colour text not null, presence_proven boolean not null, staff_id uuid,
  distance_meters integer, primary key (venue_id, scanned_at, id));
create index ${TABLE}_citizen_time_idx on ${TABLE} (citizen_id, scanned_at);
create index ${TABLE}_time_idx on ${TABLE} (scanned_at);`;

async function open(): Promise<Executor> {
  const url = process.env.FLOOR_DATABASE_URL;
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    await pool.query(DDL);
    return {
      exec: (sql) => pool.query(sql),
      close: async () => {
        await pool.query(`drop table if exists ${TABLE}`).catch(() => {});
        await pool.end();
      },
      concurrency: 5, // the project server's group commit uses half its pool of 10
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'fx-floor-'));
  const db = await PGliteProxy.open(dir, []);
  await db.exec(DDL);
  return {
    exec: (sql) => db.exec(sql),
    close: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
    concurrency: 2, // as the server's group commit on the PGlite thread
  };
}

const db = await open();
let queue: { row: string; done: () => void; fail: (err: unknown) => void }[] = [];
let scheduled = false;
let running = 0;

function pump(): void {
  if (scheduled || running >= db.concurrency || queue.length === 0) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    start();
  });
}

function start(): void {
  while (running < db.concurrency && queue.length > 0) {
    const batch = queue;
    queue = [];
    running++;
    db.exec(`insert into ${TABLE} values ${batch.map((b) => b.row).join(',')}`)
      .then(
        () => batch.forEach((b) => b.done()),
        (err: unknown) => batch.forEach((b) => b.fail(err)),
      )
      .finally(() => {
        running--;
        if (queue.length > 0) start();
      });
  }
}

const venueId = randomUUID();
const body = BASELINE_BODY;
const app = Fastify({ logger: false });
const commitOneRow = async () => {
  const row = `('${venueId}','${randomUUID()}','${new Date().toISOString()}','${randomUUID()}','510603','citizen_scan_static','green',false,null,null)`;
  await new Promise<void>((done, fail) => {
    queue.push({ row, done, fail });
    pump();
  });
  return body;
};
app.get('/ready', async () => body);
app.get('/*', commitOneRow);
app.post('/*', commitOneRow);
app.addHook('onClose', () => db.close());
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
console.log(`commit floor server ready on ${(app.server.address() as { port: number }).port}`);
