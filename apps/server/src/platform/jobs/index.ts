import { defineModule } from '../modules/module.ts';
import { JobActions } from './jobs.policy.ts';
import { jobRoutes } from './jobs.routes.ts';
import * as tables from './jobs.tables.ts';

/** Background jobs: declare types (defineJob, listed in a manifest), enqueue, and the runner app.ts starts. */
export { defineJob, type JobRun, type JobHandler } from './jobs.define.ts';
export { enqueueJob, findActiveJob, findJob } from './jobs.service.ts';
export { JobRunner, LeaseLostError } from './jobs.runner.ts';
export { JobPacer } from './jobs.pace.ts';

/** The jobs platform piece: the jobs tables and GET /api/jobs/:id (with its progress stream). */
export const JobsModule = defineModule({
  name: 'jobs',
  actions: [JobActions],
  tables,
  routes: jobRoutes,
});
