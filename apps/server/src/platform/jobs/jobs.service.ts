import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.ts';
import type { Principal } from '../access/principal.ts';
import { jobs, jobSchedules } from './jobs.tables.ts';
import type { AppContext } from '../http/context.ts';

export type JobRow = typeof jobs.$inferSelect;
export type JobCreator = Principal | { kind: 'system'; id: string };

function creatorOf(by: JobCreator | undefined): { createdByType: string | null; createdById: string | null } {
  if (!by) return { createdByType: null, createdById: null };
  switch (by.kind) {
    case 'staff':
      return { createdByType: 'staff', createdById: by.staffId };
    case 'citizen':
      return { createdByType: 'citizen', createdById: by.citizenId };
    case 'api':
      return { createdByType: 'api', createdById: by.clientId };
    default:
      return { createdByType: 'system', createdById: by.id };
  }
}

/** Queues a job (inside the caller's transaction if given one, so it exists only if the change commits). */
export async function enqueueJob(
  ctx: AppContext,
  db: DbOrTx,
  job: { type: string; payload?: Record<string, unknown>; createdBy?: JobCreator; runAt?: Date; maxAttempts?: number; scheduleName?: string },
): Promise<string> {
  const registered = ctx.modules.jobType(job.type);
  if (!registered) throw new Error(`unknown job type ${job.type} (no module of this app declares it)`);
  const [row] = await db
    .insert(jobs)
    .values({
      type: job.type,
      payload: job.payload ?? {},
      maxAttempts: job.maxAttempts ?? registered.maxAttempts,
      runAt: job.runAt ?? sql`now()`,
      scheduleName: job.scheduleName ?? null,
      ...creatorOf(job.createdBy),
    })
    .returning({ id: jobs.id });
  return row.id;
}

/**
 * The oldest job of a type that is queued or running and whose payload contains `payload` (jsonb
 * containment: each given key has that value), or null. Callers that must not start the same work
 * twice look here inside a transaction that serialises them (e.g. a row lock) before enqueueing.
 */
export async function findActiveJob(db: DbOrTx, type: string, payload: Record<string, unknown>): Promise<JobRow | null> {
  const [row] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.type, type), inArray(jobs.status, ['queued', 'running']), sql`${jobs.payload} @> ${JSON.stringify(payload)}::jsonb`))
    .orderBy(jobs.createdAt)
    .limit(1);
  return row ?? null;
}

/** One job by id. */
export async function findJob(db: DbOrTx, id: string): Promise<JobRow | null> {
  const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
  return row ?? null;
}

/** True when the principal may watch this job: whoever started it, or a system administrator. */
export function canSeeJob(principal: Principal, job: JobRow): boolean {
  if (principal.kind === 'staff' && principal.roles.includes('sys_admin')) return true;
  const { createdByType, createdById } = creatorOf(principal);
  return job.createdByType === createdByType && job.createdById === createdById;
}

/** Persists a schedule (keeping its next run time if it exists) so every instance shares it. */
export async function upsertSchedule(db: DbOrTx, name: string, spec: { type: string; everyMs: number; payload: Record<string, unknown> }): Promise<void> {
  await db
    .insert(jobSchedules)
    .values({ name, type: spec.type, everyMs: spec.everyMs, payload: spec.payload, nextRunAt: sql`now()` })
    .onConflictDoUpdate({ target: jobSchedules.name, set: { type: spec.type, everyMs: spec.everyMs, payload: spec.payload } });
}

/**
 * Enqueues the runs of schedules that are due. Advancing next_run_at is one conditional UPDATE, so
 * when several instances tick at once only one of them gets the row back and enqueues the run.
 * A schedule whose previous run is still queued or running is advanced without a new run.
 */
export async function enqueueDueSchedules(ctx: AppContext, names: string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const db = ctx.db;
  const due = await db
    .select({ name: jobSchedules.name })
    .from(jobSchedules)
    .where(and(inArray(jobSchedules.name, names), sql`${jobSchedules.nextRunAt} <= now()`));
  const enqueued: string[] = [];
  for (const { name } of due) {
    const id = await db.transaction(async (tx) => {
      const [claimed] = await tx
        .update(jobSchedules)
        .set({ nextRunAt: sql`now() + ${jobSchedules.everyMs} * interval '1 millisecond'`, lastRunAt: sql`now()` })
        .where(and(eq(jobSchedules.name, name), sql`${jobSchedules.nextRunAt} <= now()`))
        .returning();
      if (!claimed) return null;
      const [active] = await tx
        .select({ id: jobs.id })
        .from(jobs)
        .where(and(eq(jobs.scheduleName, name), inArray(jobs.status, ['queued', 'running'])))
        .limit(1);
      if (active) return null;
      const jobId = await enqueueJob(ctx, tx, { type: claimed.type, payload: claimed.payload, createdBy: { kind: 'system', id: `schedule:${name}` }, scheduleName: name });
      await tx.update(jobSchedules).set({ lastJobId: jobId }).where(eq(jobSchedules.name, name));
      return jobId;
    });
    if (id) enqueued.push(id);
  }
  return enqueued;
}
