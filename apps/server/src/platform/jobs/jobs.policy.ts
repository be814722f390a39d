import { defineActions } from '../access/policy.ts';

/** Watching a background job: whoever started it (checked per job), or a system administrator. */
export const JobActions = defineActions('jobs', {
  'jobs.job.read': { who: 'signed-in', description: 'Read a job\'s state and follow its progress (own jobs; sys_admin all)' },
});
