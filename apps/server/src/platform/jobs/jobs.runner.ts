import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../http/context.ts';
import { jobs } from './jobs.tables.ts';
import type { JobRun } from './jobs.define.ts';
import type { ScheduleSpec } from '../modules/module.ts';
import { enqueueDueSchedules, upsertSchedule, type JobRow } from './jobs.service.ts';

export interface RunnerOptions {
  /** Identifies this worker in locked_by (default: host pid + random). */
  workerId?: string;
  /** How long a claim lasts without a heartbeat; a job whose worker died is reclaimed after this. */
  leaseMs?: number;
  /** Sleep between polls when no job is due. */
  pollMs?: number;
  /** First retry delay; doubles with each further attempt up to retryMaxMs. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /**
   * Jobs run at the same time by this runner, over all types (default 4). Each job type is a lane of
   * its own width (defineJob's `concurrency`, default 1): a runner never runs more jobs of one type
   * at once than that, so a long job of one type never blocks the others.
   */
  concurrency?: number;
  /** Where failures are reported: the runner's own, and each failed job attempt (also stored on the job); default the app's logger. */
  log?: { warn(obj: object, msg: string): void };
}

/** Thrown into a handler's progress/checkpoint calls when another worker has taken the job over. */
export class LeaseLostError extends Error {
  constructor(jobId: string) {
    super(`job ${jobId}: lease lost to another worker`);
  }
}

/** The delay before retry number `attempt` (1 = after the first failure): base·2^(attempt−1), capped. */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * Runs background jobs from the jobs table. Several instances may run side by side: a claim takes
 * a due job with FOR UPDATE SKIP LOCKED and holds a lease that a heartbeat renews; every later
 * write of the worker (progress, checkpoint, result) only applies while it still holds the lease.
 */
export class JobRunner {
  readonly workerId: string;
  private readonly ctx: AppContext;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly concurrency: number;
  private readonly log: RunnerOptions['log'];
  private running = false;
  private loops: Promise<void>[] = [];
  private wake: (() => void)[] = [];
  private readonly active = new Set<AbortController>();
  /** Jobs of each type this runner is running now (claimed and not yet finished). */
  private readonly runningByType = new Map<string, number>();
  /** The claim in flight (claims of one runner are serialised). */
  private claiming: Promise<unknown> = Promise.resolve();
  /** The recurring jobs the app's modules declare (under its configuration). */
  private readonly schedules: readonly ScheduleSpec[];

  constructor(ctx: AppContext, options: RunnerOptions = {}) {
    this.ctx = ctx;
    this.schedules = ctx.modules.schedules(ctx.config);
    this.workerId = options.workerId ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 1_000;
    this.retryBaseMs = options.retryBaseMs ?? 5_000;
    this.retryMaxMs = options.retryMaxMs ?? 3_600_000;
    this.concurrency = options.concurrency ?? 4;
    this.log = options.log ?? ctx.log;
  }

  /** Persists the declared schedules and starts polling for due jobs. */
  async start(): Promise<void> {
    if (this.running) return;
    for (const s of this.schedules) await upsertSchedule(this.ctx.db, s.name, { type: s.type, everyMs: s.everyMs, payload: s.payload ?? {} });
    this.running = true;
    this.loops = Array.from({ length: this.concurrency }, (_, i) => this.loop(i === 0));
  }

  /** Stops polling, aborts running handlers (their jobs are retried from their checkpoints) and waits for the loops. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const w of this.wake.splice(0)) w();
    for (const c of this.active) c.abort(new Error('runner stopping'));
    await Promise.allSettled(this.loops);
  }

  /** Enqueues the runs of due schedules (the first loop does this on every poll). */
  async tickSchedules(): Promise<string[]> {
    return enqueueDueSchedules(this.ctx, this.schedules.map((s) => s.name));
  }

  /** Claims one due job whose lane has room and runs it to the end (holding its lane); false when nothing was due. */
  async runOnce(): Promise<boolean> {
    const job = await this.claimInLane(true);
    if (!job) return false;
    try {
      await this.execute(job);
    } finally {
      this.release(job.type);
    }
    return true;
  }

  private async loop(withSchedules: boolean): Promise<void> {
    while (this.running) {
      let ran = false;
      try {
        if (withSchedules) await this.tickSchedules();
        ran = await this.runOnce();
      } catch (err) {
        // A database hiccup: wait a poll and try again; the job, if any, stays leased and is retried.
        if (this.running) this.log?.warn({ err }, 'job runner: poll failed');
      }
      if (!ran && this.running) await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollMs);
        this.wake.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Types whose lane in this runner has room for one more job. */
  laneTypes(): string[] {
    return this.ctx.modules.jobTypeNames().filter((type) => (this.runningByType.get(type) ?? 0) < (this.ctx.modules.jobType(type)?.concurrency ?? 1));
  }

  /**
   * Takes the oldest due job (queued and due, or running with an expired lease) of a type this process
   * knows and whose lane has room. runOnce() counts the job against its lane until it has run.
   */
  async claim(): Promise<JobRow | null> {
    return this.claimInLane(false);
  }

  private claimInLane(hold: boolean): Promise<JobRow | null> {
    // The runner's loops claim one at a time, so each sees the lanes the others just took.
    const mine = this.claiming.then(async () => {
      const types = this.laneTypes();
      if (types.length === 0) return null;
      const job = await this.claimOf(types);
      if (job && hold) this.runningByType.set(job.type, (this.runningByType.get(job.type) ?? 0) + 1);
      return job;
    });
    this.claiming = mine.catch(() => undefined);
    return mine;
  }

  private release(type: string): void {
    const n = (this.runningByType.get(type) ?? 0) - 1;
    if (n > 0) this.runningByType.set(type, n);
    else this.runningByType.delete(type);
  }

  private async claimOf(types: string[]): Promise<JobRow | null> {
    const due = sql`select ${jobs.id} from ${jobs}
      where ${inArray(jobs.type, types)}
        and ((${jobs.status} = 'queued' and ${jobs.runAt} <= now()) or (${jobs.status} = 'running' and ${jobs.lockedUntil} < now()))
      order by ${jobs.runAt}
      limit 1
      for update skip locked`;
    const [job] = await this.ctx.db
      .update(jobs)
      .set({
        status: 'running',
        attempts: sql`${jobs.attempts} + 1`,
        lockedBy: this.workerId,
        lockedUntil: sql`now() + ${this.leaseMs}::int * interval '1 millisecond'`,
        updatedAt: sql`now()`,
      })
      .where(sql`${jobs.id} = (${due})`)
      .returning();
    return job ?? null;
  }

  /** Runs a claimed job's handler with heartbeat, progress and checkpoints, then records the outcome. */
  async execute(job: JobRow): Promise<void> {
    const registered = this.ctx.modules.jobType(job.type);
    if (!registered) return;
    if (job.attempts > job.maxAttempts) {
      // Its workers kept dying (lease expiries count as attempts): stop retrying.
      await this.finish(job.id, { status: 'failed', lastError: 'gave up: the job was abandoned by its worker too many times' });
      return;
    }
    const abort = new AbortController();
    this.active.add(abort);
    const mine = and(eq(jobs.id, job.id), eq(jobs.lockedBy, this.workerId), eq(jobs.status, 'running'));
    const guardedUpdate = async (set: Partial<typeof jobs.$inferInsert>) => {
      const updated = await this.ctx.db.update(jobs).set({ ...set, updatedAt: sql`now()` }).where(mine).returning({ id: jobs.id });
      if (updated.length === 0) {
        abort.abort(new LeaseLostError(job.id));
        throw new LeaseLostError(job.id);
      }
    };
    const heartbeat = setInterval(() => {
      guardedUpdate({ lockedUntil: sql`now() + ${this.leaseMs}::int * interval '1 millisecond'` as never }).catch((err: unknown) => {
        // A lost lease aborts the handler (guardedUpdate); anything else is a database hiccup the next beat may survive.
        if (!(err instanceof LeaseLostError)) this.log?.warn({ err, jobId: job.id, type: job.type }, 'job runner: heartbeat failed');
      });
    }, Math.max(50, Math.floor(this.leaseMs / 3)));
    const run: JobRun = {
      id: job.id,
      type: job.type,
      payload: job.payload,
      attempt: job.attempts,
      checkpoint: job.checkpoint ?? null,
      signal: abort.signal,
      ctx: this.ctx,
      progress: (done, total, message) =>
        guardedUpdate({ progressDone: done, ...(total !== undefined ? { progressTotal: total } : {}), ...(message !== undefined ? { progressMessage: message } : {}) }),
      saveCheckpoint: (checkpoint) => guardedUpdate({ checkpoint }),
    };
    try {
      const result = await registered.handler(run as never);
      // finish() is guarded by the lease: if another worker took over meanwhile, its outcome stands.
      await this.finish(job.id, { status: 'succeeded', result: result ?? null, lastError: null });
    } catch (err) {
      if (err instanceof LeaseLostError || abort.signal.reason instanceof LeaseLostError) return; // the new holder owns it now
      const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
      const stopping = !this.running && abort.signal.aborted;
      if (!stopping) this.log?.warn({ err, jobId: job.id, type: job.type, attempt: job.attempts, of: job.maxAttempts }, 'job failed');
      if (stopping) {
        // Stopped on shutdown: give the job back at once, without counting this attempt.
        await this.finish(job.id, { status: 'queued', attempts: sql`${jobs.attempts} - 1` as never, runAt: sql`now()` as never, lastError: null });
      } else if (job.attempts >= job.maxAttempts) {
        await this.finish(job.id, { status: 'failed', lastError: message });
      } else {
        const delay = retryDelayMs(job.attempts, this.retryBaseMs, this.retryMaxMs);
        await this.finish(job.id, { status: 'queued', lastError: message, runAt: sql`now() + ${delay}::int * interval '1 millisecond'` as never });
      }
    } finally {
      clearInterval(heartbeat);
      this.active.delete(abort);
    }
  }

  /** Releases the lease with the job's new state, if this worker still holds it. */
  private async finish(id: string, set: Partial<typeof jobs.$inferInsert>): Promise<void> {
    const terminal = set.status === 'succeeded' || set.status === 'failed';
    await this.ctx.db
      .update(jobs)
      .set({ ...set, lockedBy: null, lockedUntil: null, updatedAt: sql`now()`, ...(terminal ? { finishedAt: sql`now()` as never } : {}) })
      .where(and(eq(jobs.id, id), eq(jobs.lockedBy, this.workerId)));
  }
}
