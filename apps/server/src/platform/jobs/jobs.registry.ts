import type { AppContext } from '../http/context.ts';

/** What a job handler gets: its payload, the saved checkpoint of an earlier attempt, and ways to report. */
export interface JobRun<C = unknown> {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  /** 1 on the first attempt. */
  attempt: number;
  /** The last checkpoint saved by an earlier attempt (null on a fresh start): continue from here. */
  checkpoint: C | null;
  /** Aborted when this worker lost the job's lease (another worker took over) or the runner stops. */
  signal: AbortSignal;
  /** Persists progress (done of total, with an optional message) for GET /api/jobs/:id and its SSE stream. */
  progress(done: number, total?: number | null, message?: string | null): Promise<void>;
  /** Persists where the job is, so a retry or a takeover after a crash resumes from there. */
  saveCheckpoint(checkpoint: C): Promise<void>;
  /** The application context (database, cipher…). */
  ctx: AppContext;
}

/** A job type's work; its resolved value is stored as the job's result (keep it small, no personal data). */
export type JobHandler<C = unknown> = (run: JobRun<C>) => Promise<unknown>;

export interface JobTypeOptions {
  /** Attempts before the job is marked failed (default 5). */
  maxAttempts?: number;
}

interface JobType {
  handler: JobHandler<never>;
  options: Required<JobTypeOptions>;
}

export interface ScheduleSpec {
  type: string;
  everyMs: number;
  payload: Record<string, unknown>;
}

const types = new Map<string, JobType>();
const schedules = new Map<string, ScheduleSpec>();

/** Declares a job type; modules call this at import time, the runner runs jobs of every declared type. */
export function registerJobType<C = unknown>(name: string, handler: JobHandler<C>, options: JobTypeOptions = {}): void {
  if (types.has(name)) throw new Error(`job type ${name} registered twice`);
  types.set(name, { handler: handler as JobHandler<never>, options: { maxAttempts: options.maxAttempts ?? 5 } });
}

/** The registration of a job type, if any. */
export function jobType(name: string): JobType | undefined {
  return types.get(name);
}

/** Every registered job type name. */
export function jobTypeNames(): string[] {
  return [...types.keys()];
}

/**
 * Declares a recurring job (e.g. the daily purge). The runner persists it in job_schedules when it
 * starts, and of all running instances only one enqueues each run.
 */
export function schedule(name: string, type: string, everyMs: number, payload: Record<string, unknown> = {}): void {
  if (!Number.isInteger(everyMs) || everyMs < 1000) throw new Error(`schedule ${name}: everyMs must be an integer ≥ 1000`);
  schedules.set(name, { type, everyMs, payload });
}

/** Every declared schedule by name. */
export function declaredSchedules(): Map<string, ScheduleSpec> {
  return schedules;
}
