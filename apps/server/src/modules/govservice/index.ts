import { defineModule, provide } from '../../platform/modules/module.ts';
import { GovserviceErrors } from './govservice.errors.ts';
import { SUPPLY_SCHEDULE, SupplyWatchJobType } from './govservice.jobs.ts';
import { GovserviceActions } from './govservice.policy.ts';
import { govserviceRoutes } from './govservice.routes.ts';
import { GovserviceClock } from './govservice.runtime.ts';
import { DemoCatalogueSeed } from './govservice.seed.ts';
import * as tables from './govservice.tables.ts';

/** What other modules may use: the decision event (documents and delivery listen), the clock, the rules. */
export { GovserviceApplicationDecided, GovserviceClock, type ApplicationDecided } from './govservice.runtime.ts';
export { APPLICATION_STATUSES, mergeParts, type ApplicationStatus } from './govservice.rules.ts';
export { runSupplyWatch } from './govservice.service.ts';
/** For the service hall: the published catalogue (window items) and online submissions per day (on-site vs online). */
export { onlineSubmissions, publishedCatalogue, type CatalogueEntry } from './govservice.counts.ts';

/**
 * Government services (政务服务, 一网通办): the versioned catalogue of service items with their forms,
 * applications with pre-review, 容缺受理, 告知承诺 (with post-approval inspection), 优先办, one-window
 * parallel review by several departments with one merged decision, deadlines in working days, and the
 * applicant's timeline. Results are recorded here and announced by `govservice.application.decided`.
 */
export const GovserviceModule = defineModule({
  name: 'govservice',
  dependsOn: ['identity', 'audit', 'files', 'notifications', 'calendar', 'jobs', 'documents', 'delivery', 'evaluations'],
  errors: [GovserviceErrors],
  actions: [GovserviceActions],
  tables,
  jobs: [SupplyWatchJobType],
  schedules: () => [SUPPLY_SCHEDULE],
  seeds: [DemoCatalogueSeed],
  state: [provide(GovserviceClock, () => ({ now: () => new Date() }))],
  routes: govserviceRoutes,
});
