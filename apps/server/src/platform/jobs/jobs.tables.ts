import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Background jobs. A worker claims a due job (FOR UPDATE SKIP LOCKED) and holds a lease it renews
 * while running; a job whose lease ran out is claimed again and resumes from its checkpoint.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status').notNull().default('queued'), // queued | running | succeeded | failed
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    runAt: timestamp('run_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true, precision: 3 }),
    progressDone: integer('progress_done').notNull().default(0),
    progressTotal: integer('progress_total'),
    progressMessage: text('progress_message'),
    checkpoint: jsonb('checkpoint').$type<unknown>(),
    result: jsonb('result').$type<unknown>(),
    lastError: text('last_error'),
    createdByType: text('created_by_type'), // staff | citizen | api | system
    createdById: text('created_by_id'),
    scheduleName: text('schedule_name'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [index('jobs_due_idx').on(t.status, t.runAt), index('jobs_lease_idx').on(t.status, t.lockedUntil)],
);

/** Recurring jobs: each instance tries to advance next_run_at atomically; the one that does enqueues the run. */
export const jobSchedules = pgTable('job_schedules', {
  name: text('name').primaryKey(),
  type: text('type').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
  everyMs: bigint('every_ms', { mode: 'number' }).notNull(),
  nextRunAt: timestamp('next_run_at', { withTimezone: true, precision: 3 }).notNull(),
  lastRunAt: timestamp('last_run_at', { withTimezone: true, precision: 3 }),
  lastJobId: uuid('last_job_id'),
});
