import type { AppContext } from '../http/context.ts';
import type { JobSpec } from '../modules/module.ts';

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
  /**
   * Jobs of this type a runner runs at the same time (default 1). Each type is its own lane: a long
   * job of one type (a dry run over the city) never holds back jobs of another (the sweep, purges,
   * imports), up to the runner's total concurrency.
   */
  concurrency?: number;
}

/**
 * Declares a job type (name `module.verb`); the module lists it in its manifest's `jobs`, and the
 * runner of an app runs jobs of every type its modules declare. Nothing is registered on import.
 */
export function defineJob<C = unknown>(type: string, handler: JobHandler<C>, options: JobTypeOptions = {}): JobSpec {
  const maxAttempts = options.maxAttempts ?? 5;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`job type ${type}: maxAttempts must be a positive integer`);
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`job type ${type}: concurrency must be a positive integer`);
  return { type, handler: handler as JobSpec['handler'], maxAttempts, concurrency };
}
