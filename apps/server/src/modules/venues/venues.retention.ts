import { eq, sql } from 'drizzle-orm';
import type { Principal } from '../../platform/access/principal.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { DbOrTx } from '../../platform/db/database.ts';
import { settings } from '../../platform/db/platform.tables.ts';
import { defineJob } from '../../platform/jobs/index.ts';
import type { ScheduleSpec } from '../../platform/modules/module.ts';
import { jobSchedules } from '../../platform/jobs/jobs.tables.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { deleteScansBefore } from './venues.repository.ts';
import { dropScanPartitionsBefore, ensureScanPartitions, partitionWindow } from './venues.partitions.ts';

/**
 * Retention of scans: rows older than config.scanRetentionDays are deleted (not hidden), and the
 * last purge is kept in the settings table for the console. The purge runs every PURGE_EVERY_MS.
 * Scans are partitioned by China day (venues.partitions.ts): whole expired days are dropped (no
 * row-by-row delete, space returned at once); only the day the cutoff falls in — at most the rows of
 * one purge interval when it runs on schedule — and the default partition are deleted row by row;
 * on PGlite (no autovacuum) the default partition is vacuumed afterwards (vacuumScans).
 */
export const PURGE_EVERY_MS = 60 * 60_000;
export const LAST_PURGE_KEY = 'retention.scans.lastPurge';
export const PURGE_JOB = 'scans.purge';

/** The purge as a platform job (venues manifest), on a persisted schedule: of several instances only one runs each purge. */
export const PurgeJobType = defineJob(PURGE_JOB, async (run) => purgeExpiredScans(run.ctx, 'schedule'), { maxAttempts: 3 });
export const PURGE_SCHEDULE: ScheduleSpec = { name: PURGE_JOB, type: PURGE_JOB, everyMs: PURGE_EVERY_MS };

export interface PurgeRecord {
  at: string;
  cutoff: string;
  deletedScans: number;
  deletedFlags: number;
  /** Whole day partitions dropped (their rows are counted in deletedScans). */
  droppedPartitions?: number;
  /** True when deletedScans counts dropped days by the planner's statistics (pg_class.reltuples), not row by row. */
  scansApproximate?: boolean;
  trigger: 'schedule' | 'manual';
}

/** Deletes scans (and flags) older than the retention period and records the purge. */
export async function purgeExpiredScans(ctx: AppContext, trigger: PurgeRecord['trigger'], actor?: Principal, nowMs = Date.now()): Promise<PurgeRecord> {
  const cutoff = new Date(nowMs - ctx.config.scanRetentionDays * 24 * 3600_000);
  await ensureScanPartitions(ctx.db, partitionWindow(new Date(nowMs)));
  const dropped = await dropScanPartitionsBefore(ctx.db, cutoff);
  const deleted = await deleteScansBefore(ctx.db, cutoff);
  if (deleted.scans > 0 && ctx.database.kind === 'pglite') await vacuumScans(ctx);
  const record: PurgeRecord = {
    at: new Date().toISOString(),
    cutoff: cutoff.toISOString(),
    deletedScans: dropped.scans + deleted.scans,
    deletedFlags: deleted.flags,
    droppedPartitions: dropped.partitions,
    scansApproximate: dropped.approximate,
    trigger,
  };
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(settings)
      .values({ key: LAST_PURGE_KEY, value: record })
      .onConflictDoUpdate({ target: settings.key, set: { value: record, updatedAt: new Date() } });
    await appendAudit(tx, {
      actor: actor ?? { kind: 'system', id: 'retention' },
      action: 'venues.retention.purge',
      subjectType: 'scans',
      detail: { cutoff: record.cutoff, deletedScans: record.deletedScans, deletedFlags: record.deletedFlags, droppedPartitions: record.droppedPartitions, scansApproximate: record.scansApproximate, trigger },
    });
  });
  return record;
}

/**
 * PGlite has no autovacuum: after row deletes, vacuum the default partition so its space is reused.
 * Not the day partition the cutoff fell in: its dead rows are at most the hours purged since its day
 * began, and the whole day is dropped (its files unlinked) by a purge within 24 hours anyway —
 * vacuuming it read the whole day every hour (687 ms for a 714 000-row day at 1 M people, PGlite's one
 * backend held meanwhile; bench/RESULTS.md "The 1 M city on PGlite"). PostgreSQL: autovacuum does
 * this, nothing is run here. Not inside a transaction (VACUUM refuses one).
 */
async function vacuumScans(ctx: AppContext): Promise<void> {
  await ctx.db.execute(sql`vacuum scans_default`);
}

/** The last purge, or null when none ran yet. */
export async function lastPurge(db: DbOrTx): Promise<PurgeRecord | null> {
  const [row] = await db.select().from(settings).where(eq(settings.key, LAST_PURGE_KEY)).limit(1);
  return (row?.value as PurgeRecord | undefined) ?? null;
}

/** What the console shows: the setting, the schedule and the last purge. */
export async function retentionStatus(ctx: AppContext) {
  const [scheduled] = await ctx.db.select({ nextRunAt: jobSchedules.nextRunAt }).from(jobSchedules).where(eq(jobSchedules.name, PURGE_JOB)).limit(1);
  return {
    scanRetentionDays: ctx.config.scanRetentionDays,
    purgeEveryMinutes: PURGE_EVERY_MS / 60_000,
    nextPurgeAt: scheduled?.nextRunAt.toISOString() ?? null,
    lastPurge: await lastPurge(ctx.db),
  };
}
