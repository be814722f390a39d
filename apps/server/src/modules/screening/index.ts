import { contribute, defineModule, provide } from '../../platform/modules/module.ts';
import { createTaskFeed, TaskFeedState } from './screening.feed.ts';
import { HealthCodeFactSources } from '../health-code/index.ts';
import { ScreeningErrors } from './screening.errors.ts';
import { ScreeningFacts } from './screening.facts.ts';
import { ImportJobType, PurgeJobType, SlaJobType, slaSchedules } from './screening.jobs.ts';
import { ScreeningActions } from './screening.policy.ts';
import { screeningRoutes } from './screening.routes.ts';
import * as tables from './screening.tables.ts';
import { TracingContactListener } from './screening.tracing.ts';

/** The screening database as other modules see it. */
export { escalateOverdueTasks } from './screening.service.ts';
export { runImport, IMPORT_JOB, type ImportCounters } from './screening.import.ts';
export { SLA_JOB, PURGE_JOB } from './screening.jobs.ts';
export { ScreeningErrors };

/**
 * The screening module (排查人员基础数据库): sources and streamed imports, normalisation and matching
 * into one person with provenance, the review queue with merge and undo, source comparison, dispatch to
 * county command posts with SLA escalation, and follow-up to closing. Its quarantine records are a
 * health-code fact source.
 */
export const ScreeningModule = defineModule({
  name: 'screening',
  dependsOn: ['identity', 'audit', 'divisions', 'files', 'jobs', 'approvals', 'health-code', 'tracing'],
  errors: [ScreeningErrors],
  actions: [ScreeningActions],
  tables,
  jobs: [ImportJobType, SlaJobType, PurgeJobType],
  schedules: slaSchedules,
  contributes: [contribute(HealthCodeFactSources, ScreeningFacts)],
  state: [provide(TaskFeedState, () => createTaskFeed())],
  listeners: [TracingContactListener],
  routes: screeningRoutes,
});
