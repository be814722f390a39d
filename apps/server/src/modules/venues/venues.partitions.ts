import { addDays, dayOf, startOfDay } from '@fangxian/contracts/kernel';
import { sql } from 'drizzle-orm';
import { rows, type Db, type DbOrTx } from '../../platform/db/database.ts';
import { defineJob } from '../../platform/jobs/index.ts';
import type { ScheduleSpec } from '../../platform/modules/module.ts';

/**
 * Scans are partitioned by China day (migration 0035_scans_by_day): `scans` is `PARTITION BY RANGE
 * (scanned_at)` with one partition per day named scans_pYYYYMMDD covering [00:00+08:00, next
 * 00:00+08:00), plus scans_default for rows outside every day partition (a late or far-past write
 * never fails; the purge and ensureScanPartitions keep it small). The primary key (venue_id,
 * scanned_at, id) and the indexes are declared on the parent, so every partition has them and every
 * query on `scans` reads the same rows as before (partition pruning narrows time ranges to the days
 * they touch). The job below creates the days ahead; the purge (venues.retention.ts) drops whole
 * expired days instead of deleting rows.
 */

export const PARTITION_JOB = 'scans.partitions';
/** Days created ahead of today (and one behind, for late writes around midnight). */
export const PARTITION_DAYS_AHEAD = 7;
export const PARTITION_EVERY_MS = 6 * 3600_000;
/** How long partition DDL waits for the parent's lock on PostgreSQL before giving up (retried next run). */
const LOCK_TIMEOUT = '5s';

const NAME = /^scans_p(\d{4})(\d{2})(\d{2})$/;

export function scanPartitionName(day: string): string {
  return `scans_p${day.replaceAll('-', '')}`;
}

/** [from, to) of a China day as instants. */
export function dayBounds(day: string): { from: Date; to: Date } {
  return { from: startOfDay(day), to: startOfDay(addDays(day, 1)) };
}

export interface ScanPartition {
  name: string;
  day: string;
}

/** The day partitions currently attached to scans, oldest first (the default partition is not listed). */
export async function listScanPartitions(db: DbOrTx): Promise<ScanPartition[]> {
  const found = await rows<{ name: string }>(
    db,
    sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'scans'::regclass`,
  );
  const out: ScanPartition[] = [];
  for (const { name } of found) {
    const m = NAME.exec(name);
    if (m) out.push({ name, day: `${m[1]}-${m[2]}-${m[3]}` });
  }
  return out.sort((a, b) => a.day.localeCompare(b.day));
}

/**
 * Creates the day partitions that do not exist yet. Rows of such a day already in the default
 * partition (written before its partition existed) move into it in the same transaction, since
 * PostgreSQL refuses a new partition whose range the default partition holds rows of.
 */
export async function ensureScanPartitions(db: Db, days: string[]): Promise<string[]> {
  const existing = new Set((await listScanPartitions(db)).map((p) => p.day));
  const created: string[] = [];
  for (const day of [...new Set(days)].sort()) {
    if (existing.has(day)) continue;
    const { from, to } = dayBounds(day);
    const name = scanPartitionName(day);
    await db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local lock_timeout = '${LOCK_TIMEOUT}'`));
      const [{ n }] = await rows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from scans_default where scanned_at >= ${from.toISOString()}::timestamptz and scanned_at < ${to.toISOString()}::timestamptz`,
      );
      if (n > 0) {
        await tx.execute(sql`create temporary table scans_moving on commit drop as select * from scans_default where false`);
        await tx.execute(sql`with moved as (
            delete from scans_default where scanned_at >= ${from.toISOString()}::timestamptz and scanned_at < ${to.toISOString()}::timestamptz returning *
          ) insert into scans_moving select * from moved`);
      }
      await tx.execute(sql.raw(`create table "${name}" partition of scans for values from ('${from.toISOString()}') to ('${to.toISOString()}')`));
      if (n > 0) await tx.execute(sql.raw(`insert into scans select * from scans_moving`));
    });
    created.push(day);
  }
  return created;
}

/** Today's window of partitions: yesterday to PARTITION_DAYS_AHEAD days ahead (China days). */
export function partitionWindow(now: Date): string[] {
  const today = dayOf(now);
  const days: string[] = [];
  for (let i = -1; i <= PARTITION_DAYS_AHEAD; i++) days.push(addDays(today, i));
  return days;
}

/**
 * Drops every day partition that ends at or before the cutoff. How many scans went is the planner's
 * count of each day (pg_class.reltuples, kept by autovacuum/ANALYZE — on PGlite by the partition job's
 * ANALYZE), reported as approximate: an exact count(*) read every row of the day before dropping it
 * (≈ 0.2 s per 700 000-row day on PostgreSQL, most of a 1 M-person purge's time beyond the DROPs). A
 * day never analysed (reltuples −1) is counted exactly. A DROP is a catalogue change: no row-by-row
 * delete, no dead rows, the space is returned at once. On PostgreSQL the lock wait is bounded
 * (lock_timeout).
 */
export async function dropScanPartitionsBefore(db: Db, cutoff: Date): Promise<{ partitions: number; scans: number; approximate: boolean }> {
  let partitions = 0;
  let scans = 0;
  let approximate = false;
  for (const p of await listScanPartitions(db)) {
    if (dayBounds(p.day).to.getTime() > cutoff.getTime()) continue;
    await db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local lock_timeout = '${LOCK_TIMEOUT}'`));
      const [{ estimate }] = await rows<{ estimate: number }>(tx, sql`select reltuples::float8 as estimate from pg_class where oid = ${p.name}::regclass`);
      let n: number;
      if (Number(estimate) >= 0) {
        n = Math.round(Number(estimate));
        approximate = true;
      } else {
        [{ n }] = await rows<{ n: number }>(tx, sql.raw(`select count(*)::int as n from "${p.name}"`));
      }
      await tx.execute(sql.raw(`drop table "${p.name}"`));
      scans += n;
    });
    partitions++;
  }
  return { partitions, scans, approximate };
}

/**
 * Detaches one day (e.g. to archive it with pg_dump or move it to cheaper storage): its rows leave
 * every query on scans at once and stay in the plain table of the same name. Returns false when the
 * day is not attached.
 */
export async function detachScanPartition(db: Db, day: string): Promise<boolean> {
  if (!(await listScanPartitions(db)).some((p) => p.day === day)) return false;
  await db.transaction(async (tx) => {
    await tx.execute(sql.raw(`set local lock_timeout = '${LOCK_TIMEOUT}'`));
    await tx.execute(sql.raw(`alter table scans detach partition "${scanPartitionName(day)}"`));
  });
  return true;
}

/**
 * Attaches a detached day again (a table named like its partition, e.g. restored from an archive). A
 * CHECK constraint matching the bounds is added first, so ATTACH need not scan the table under its
 * lock; rows of that day that reached the default partition meanwhile move into it.
 */
export async function attachScanPartition(db: Db, day: string): Promise<void> {
  const name = scanPartitionName(day);
  const { from, to } = dayBounds(day);
  const range = `scanned_at >= '${from.toISOString()}' and scanned_at < '${to.toISOString()}'`;
  await db.execute(sql.raw(`alter table "${name}" add constraint "${name}_day" check (${range})`));
  await db.transaction(async (tx) => {
    await tx.execute(sql.raw(`set local lock_timeout = '${LOCK_TIMEOUT}'`));
    await tx.execute(sql.raw(`with moved as (delete from scans_default where ${range} returning *) insert into "${name}" select * from moved`));
    await tx.execute(sql.raw(`alter table scans attach partition "${name}" for values from ('${from.toISOString()}') to ('${to.toISOString()}')`));
    await tx.execute(sql.raw(`alter table "${name}" drop constraint "${name}_day"`));
  });
}

/**
 * The job: creates the window's missing day partitions (also run by every purge). On PGlite, which
 * has no autovacuum daemon, it also refreshes the planner's statistics (ANALYZE): without them the
 * planner guesses row counts and may scan whole tables where an index range would do.
 */
export const PartitionJobType = defineJob(
  PARTITION_JOB,
  async (run) => {
    const created = await ensureScanPartitions(run.ctx.db, partitionWindow(new Date()));
    if (run.ctx.database.kind === 'pglite') await run.ctx.db.execute(sql`analyze`);
    return { created };
  },
  { maxAttempts: 3 },
);
export const PARTITION_SCHEDULE: ScheduleSpec = { name: PARTITION_JOB, type: PARTITION_JOB, everyMs: PARTITION_EVERY_MS };
