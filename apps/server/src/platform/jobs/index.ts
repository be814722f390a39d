/** Background jobs: declare types and schedules, enqueue, and the runner app.ts starts. */
export { registerJobType, schedule, type JobRun, type JobHandler } from './jobs.registry.ts';
export { enqueueJob, findActiveJob, findJob } from './jobs.service.ts';
export { JobRunner, LeaseLostError } from './jobs.runner.ts';
