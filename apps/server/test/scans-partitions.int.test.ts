import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays, dayOf } from '@fangxian/contracts/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { approvedVenue, realNameCitizen } from './venues.support.ts';
import { MIGRATIONS_DIR, rows } from '../src/platform/db/database.ts';
import { arrayLiteral } from '../src/platform/db/bulk-insert.ts';
import { countScansByColour, latestVisit, provenScansOfCitizens, scansAtVenue, scansOfCitizen, citizensWithProvenScansAt } from '../src/modules/venues/venues.repository.ts';
import { citizensScannedIn, scansOfPerson } from '../src/modules/venues/venues.facts.ts';
import { scansOverlapping } from '../src/modules/venues/venues.co-presence.ts';
import {
  attachScanPartition,
  dayBounds,
  detachScanPartition,
  dropScanPartitionsBefore,
  ensureScanPartitions,
  listScanPartitions,
  PARTITION_JOB,
  scanPartitionName,
} from '../src/modules/venues/venues.partitions.ts';
import { purgeExpiredScans } from '../src/modules/venues/venues.retention.ts';
import { JobRunner, enqueueJob, findJob } from '../src/platform/jobs/index.ts';

const DAY = 24 * 3600_000;

/**
 * Scans partitioned by China day (migration 0035_scans_by_day): every scan/tracing query on the
 * same data gives the same results on the partitioned table, on the plain table it replaced, and
 * after the migration converts that plain table again (keeping every row); the partition job, the
 * purge by dropping days, and detach/attach of a day.
 */
describe('scans partitioned by day', { timeout: 300_000 }, () => {
  let t: TestApp;
  let venues: string[];
  let people: string[];
  const now = Date.now();

  beforeAll(async () => {
    t = await createTestApp({ scanRetentionDays: 28 });
    venues = [(await approvedVenue(t)).id, (await approvedVenue(t, { name: '旌阳区文庙' })).id];
    people = [(await realNameCitizen(t, '张一')).id, (await realNameCitizen(t, '张二')).id, (await realNameCitizen(t, '张三')).id];
    // 40 days back to 2 days ahead, every 97 minutes, round-robin over venues and people; set-based.
    await t.database.db.execute(sql`
      insert into scans (venue_id, id, scanned_at, citizen_id, division_code, method, colour, decision, presence_proven, staff_id, distance_meters)
      select (${arrayLiteral(venues)}::uuid[])[1 + i % 2], gen_random_uuid(), ${new Date(now - 40 * DAY).toISOString()}::timestamptz + i * interval '97 minutes',
             (${arrayLiteral(people)}::uuid[])[1 + i % 3], '510603',
             case when i % 5 = 0 then 'manual' when i % 3 = 0 then 'venue_scan_citizen' else 'citizen_scan_static' end,
             case when i % 11 = 0 then 'red' when i % 7 = 0 then 'yellow' else 'green' end,
             case when i % 11 = 0 then 'stop' else 'pass' end, i % 4 <> 0, null, null
      from generate_series(0, ${Math.floor((42 * DAY) / (97 * 60_000))}) as i`);
  }, 300_000);
  afterAll(async () => t.close());

  async function results() {
    const db = t.database.db;
    const since = new Date(now - 30 * DAY);
    const from = new Date(now - 10 * DAY);
    const to = new Date(now + 2 * DAY);
    const windows = [
      { key: 'a', venueId: venues[0], from: new Date(now - 5 * DAY), to: new Date(now - 3 * DAY) },
      { key: 'b', venueId: venues[1], from: new Date(now - 39 * DAY), to: new Date(now + DAY) },
    ];
    const sortIds = (xs: string[]) => [...xs].sort();
    return {
      atVenue: await scansAtVenue(db, venues[0], from, to, 1000),
      atVenueStops: await scansAtVenue(db, venues[1], from, to, 50, 'stop'),
      byColour: await countScansByColour(db, venues[0], from, to),
      ofCitizen: await scansOfCitizen(db, people[0], since),
      ofPerson: await scansOfPerson(db, people[1], new Date(now - 45 * DAY)),
      proven: await provenScansOfCitizens(db, people, since),
      provenAt: sortIds(await citizensWithProvenScansAt(db, venues, ['5106'], since)),
      scannedIn: sortIds(await citizensScannedIn(db, ['510603'], new Date(now - 3 * DAY))),
      latest: await latestVisit(db, venues[0], people[0], ['citizen_scan_static', 'venue_scan_citizen'], new Date(now - 60 * DAY)),
      overlapping: (await scansOverlapping(db, windows)).sort((x, y) => x.scannedAt.getTime() - y.scannedAt.getTime() || x.key.localeCompare(y.key)),
      all: await rows<{ n: number; first: string; last: string; digest: string }>(
        db,
        sql`select count(*)::int as n, min(scanned_at)::text as first, max(scanned_at)::text as last,
                   md5(string_agg(id::text || venue_id::text || citizen_id::text || method || colour || decision || presence_proven::text, ',' order by id)) as digest from scans`,
      ),
    };
  }

  it('gives the same results before and after: partitioned, the plain table, and the migration converting it again', async () => {
    const partitioned = await results();
    expect(partitioned.all[0].n).toBeGreaterThan(600);
    expect(partitioned.atVenue.length).toBeGreaterThan(20);
    expect(partitioned.overlapping.length).toBeGreaterThan(20);

    // Back to the table as it was before 0029 (same DDL and names), with the same rows.
    const db = t.database.db;
    await db.transaction(async (tx) => {
      await tx.execute(sql`create table scans_copy as select * from scans`);
      await tx.execute(sql`drop table scans cascade`);
      await tx.execute(sql`create table scans (
        venue_id uuid not null, id uuid not null, scanned_at timestamp(3) with time zone not null, citizen_id uuid not null,
        division_code text not null, method text not null, colour text not null, presence_proven boolean not null,
        staff_id uuid, distance_meters integer, decision text not null,
        constraint scans_pk primary key (venue_id, scanned_at, id))`);
      await tx.execute(sql`create index scans_citizen_time_idx on scans (citizen_id, scanned_at)`);
      await tx.execute(sql`create index scans_time_idx on scans (scanned_at)`);
      await tx.execute(sql`insert into scans select venue_id, id, scanned_at, citizen_id, division_code, method, colour, presence_proven, staff_id, distance_meters, decision from scans_copy`);
      await tx.execute(sql`drop table scans_copy`);
    });
    expect(await rows<{ kind: string }>(db, sql`select relkind::text as kind from pg_class where relname = 'scans'`)).toEqual([{ kind: 'r' }]);
    const plain = await results();
    expect(plain).toEqual(partitioned);

    // The migration itself, on that plain table with data.
    const migration = readFileSync(join(MIGRATIONS_DIR, '0035_scans_by_day.sql'), 'utf8');
    await db.transaction(async (tx) => {
      // (the migration's first statement, an index of hc_declarations, is already there)
      for (const statement of migration.split('--> statement-breakpoint')) if (statement.trim() && !statement.includes('hc_declarations_trips_day_idx')) await tx.execute(sql.raw(statement));
    });
    expect(await rows<{ kind: string }>(db, sql`select relkind::text as kind from pg_class where relname = 'scans'`)).toEqual([{ kind: 'p' }]);
    const migrated = await results();
    expect(migrated).toEqual(plain);
    // Every day of the data has its own partition now; nothing is left in the default partition.
    const days = await rows<{ day: string }>(db, sql`select distinct to_char((scanned_at at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD') as day from scans`);
    const partitions = new Set((await listScanPartitions(db)).map((p) => p.day));
    for (const { day } of days) expect(partitions.has(day)).toBe(true);
    expect(await rows(db, sql`select 1 from scans_default`)).toEqual([]);
  });

  it('reads many citizens\' proven scans exactly as one citizen at a time would, within each one\'s first `limit` scans', async () => {
    const db = t.database.db;
    const since = new Date(now - 30 * DAY);
    for (const limit of [1000, 7]) {
      const many = await provenScansOfCitizens(db, [...people, people[0]], since, limit); // a repeated id counts once
      const one = [];
      for (const id of [...people].sort()) {
        for (const r of await scansOfCitizen(db, id, since, limit)) {
          if (r.presenceProven) one.push({ venueId: r.venueId, citizenId: id, divisionCode: r.divisionCode, scannedAt: r.scannedAt, venueName: r.venueName });
        }
      }
      expect(one.length).toBeGreaterThan(limit === 7 ? 3 : 100);
      expect(many).toEqual(one);
    }
  });

  it('reads only the partitions of the days a time range touches', async () => {
    const today = dayOf(new Date(now));
    const { from, to } = dayBounds(today);
    const plan = await rows<Record<string, string>>(
      t.database.db,
      sql`explain select * from scans where venue_id = ${venues[0]}::uuid and scanned_at >= ${from.toISOString()}::timestamptz and scanned_at < ${to.toISOString()}::timestamptz`,
    );
    const text = plan.map((r) => Object.values(r)[0]).join('\n');
    expect(text).toContain(scanPartitionName(today));
    expect(text).not.toContain(scanPartitionName(addDays(today, -1)));
    expect(text).not.toContain('scans_default');
  });

  it('creates the days ahead as a job, moving rows a day already had in the default partition', async () => {
    const db = t.database.db;
    const farDay = addDays(dayOf(new Date(now)), 60);
    const at = new Date(dayBounds(farDay).from.getTime() + 3600_000);
    await db.execute(sql`insert into scans (venue_id, id, scanned_at, citizen_id, division_code, method, colour, decision, presence_proven)
      values (${venues[0]}::uuid, gen_random_uuid(), ${at.toISOString()}::timestamptz, ${people[0]}::uuid, '510603', 'citizen_scan_static', 'green', 'pass', true)`);
    expect(await rows(db, sql`select 1 from scans_default`)).toHaveLength(1);
    expect(await ensureScanPartitions(db, [farDay])).toEqual([farDay]);
    expect(await rows(db, sql`select 1 from scans_default`)).toEqual([]);
    expect(await rows(db, sql.raw(`select 1 from "${scanPartitionName(farDay)}"`))).toHaveLength(1);

    await db.execute(sql.raw(`drop table "${scanPartitionName(addDays(dayOf(new Date()), 3))}"`));
    const jobId = await enqueueJob(t.app.ctx, db, { type: PARTITION_JOB, createdBy: { kind: 'system', id: 'test' } });
    expect(await new JobRunner(t.app.ctx).runOnce()).toBe(true);
    const job = await findJob(db, jobId);
    expect(job?.status).toBe('succeeded');
    expect(job?.result).toEqual({ created: [addDays(dayOf(new Date()), 3)] });
    expect(t.app.ctx.modules.schedules(t.config).find((s) => s.name === PARTITION_JOB)).toMatchObject({ type: PARTITION_JOB, everyMs: 6 * 3600_000 });
  });

  it('detaches a day (its rows leave every query) and attaches it again', async () => {
    const db = t.database.db;
    const day = addDays(dayOf(new Date(now)), -4);
    const before = await scansOfCitizen(db, people[0], new Date(now - 30 * DAY));
    const ofDay = before.filter((s) => dayOf(s.scannedAt) === day);
    expect(ofDay.length).toBeGreaterThan(0);
    expect(await detachScanPartition(db, day)).toBe(true);
    const detached = await scansOfCitizen(db, people[0], new Date(now - 30 * DAY));
    expect(detached).toEqual(before.filter((s) => dayOf(s.scannedAt) !== day));
    await attachScanPartition(db, day);
    expect(await scansOfCitizen(db, people[0], new Date(now - 30 * DAY))).toEqual(before);
    expect((await listScanPartitions(db)).some((p) => p.day === day)).toBe(true);
  });

  it('purges by dropping whole expired days and deleting only the rest of the boundary day', async () => {
    const db = t.database.db;
    const cutoff = new Date(now - 28 * DAY);
    const [{ expected }] = await rows<{ expected: number }>(db, sql`select count(*)::int as expected from scans where scanned_at < ${cutoff.toISOString()}::timestamptz`);
    const [{ kept }] = await rows<{ kept: number }>(db, sql`select count(*)::int as kept from scans where scanned_at >= ${cutoff.toISOString()}::timestamptz`);
    const expiredDays = (await listScanPartitions(db)).filter((p) => dayBounds(p.day).to.getTime() <= cutoff.getTime());
    expect(expiredDays.length).toBeGreaterThanOrEqual(11);
    const boundary = scanPartitionName(dayOf(cutoff));
    const [{ inBoundary }] = await rows<{ inBoundary: number }>(db, sql.raw(`select count(*)::int as "inBoundary" from "${boundary}" where scanned_at < '${cutoff.toISOString()}'::timestamptz`));
    expect(inBoundary).toBeGreaterThan(0);
    // Manual VACUUMs per table (autovacuum's are counted apart, in autovacuum_count).
    const vacuums = async () => {
      await db.execute(sql`select pg_stat_clear_snapshot()`);
      const found = await rows<{ name: string; n: number }>(db, sql`select relname as name, vacuum_count::int as n from pg_stat_user_tables where relname in ('scans_default', ${boundary})`);
      return Object.fromEntries(found.map((r) => [r.name, r.n]));
    };
    const vacuumsBefore = await vacuums();
    const record = await purgeExpiredScans(t.app.ctx, 'manual', undefined, now);
    expect(record).toMatchObject({ deletedScans: expected, droppedPartitions: expiredDays.length });
    const [{ left, oldest }] = await rows<{ left: number; oldest: string }>(db, sql`select count(*)::int as left, min(scanned_at) as oldest from scans`);
    expect(left).toBe(kept);
    expect(new Date(oldest).getTime()).toBeGreaterThanOrEqual(cutoff.getTime());
    const names = new Set((await listScanPartitions(db)).map((p) => p.name));
    for (const p of expiredDays) expect(names.has(p.name)).toBe(false);
    expect(await rows(db, sql`select 1 from pg_class where relname = ${expiredDays[0].name}`)).toEqual([]);
    // The cutoff's day lost its first rows but is never vacuumed (it is dropped whole within a day); on
    // PGlite (no autovacuum) the default partition is; on PostgreSQL the purge vacuums nothing.
    const vacuumsAfter = await vacuums();
    expect(vacuumsAfter[boundary] ?? 0).toBe(vacuumsBefore[boundary] ?? 0);
    expect(vacuumsAfter.scans_default ?? 0).toBe((vacuumsBefore.scans_default ?? 0) + (t.database.kind === 'pglite' ? 1 : 0));
  });

  it('counts a dropped day by the planner statistics once it was analysed (reported as approximate), exactly before', async () => {
    const db = t.database.db;
    // A day far in the past, created now (never analysed: reltuples −1), with three scans.
    const oldDay = addDays(dayOf(new Date(now)), -90);
    expect(await ensureScanPartitions(db, [oldDay])).toEqual([oldDay]);
    for (let i = 0; i < 3; i++) {
      await db.execute(sql`insert into scans (venue_id, id, scanned_at, citizen_id, division_code, method, colour, decision, presence_proven)
        values (${venues[0]}::uuid, gen_random_uuid(), ${new Date(dayBounds(oldDay).from.getTime() + (i + 1) * 3600_000).toISOString()}::timestamptz, ${people[0]}::uuid, '510603', 'citizen_scan_static', 'green', 'pass', true)`);
    }
    expect(await dropScanPartitionsBefore(db, dayBounds(oldDay).to)).toEqual({ partitions: 1, scans: 3, approximate: false });

    // The oldest day still attached that has scans, analysed: its planner count (exact for a table this
    // small: ANALYZE reads every row); the days before it are empty.
    const attached = await listScanPartitions(db);
    let k = 0;
    let n = 0;
    for (; k < attached.length; k++) if ((n = (await rows<{ n: number }>(db, sql.raw(`select count(*)::int as n from "${attached[k].name}"`)))[0].n) > 0) break;
    expect(n).toBeGreaterThan(0);
    await db.execute(sql.raw(`analyze "${attached[k].name}"`));
    expect(await dropScanPartitionsBefore(db, dayBounds(attached[k].day).to)).toEqual({ partitions: k + 1, scans: n, approximate: true });
  });
});
