import type { JobView } from '@fangxian/contracts/jobs';
import type { JobRow } from './jobs.service.ts';

/** True once a job will not change any more. */
export function isTerminal(status: string): boolean {
  return status === 'succeeded' || status === 'failed';
}

/** A jobs row → the response object (payload and checkpoint stay internal). */
export function presentJob(row: JobRow): JobView {
  return {
    id: row.id,
    type: row.type,
    status: row.status as JobView['status'],
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    progress: { done: row.progressDone, total: row.progressTotal, message: row.progressMessage },
    result: row.result ?? null,
    error: row.lastError,
    runAt: row.runAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    finishedAt: row.finishedAt ? row.finishedAt.toISOString() : null,
  };
}
