import { defineModule } from '../../platform/modules/module.ts';
import { EpidemicErrors } from './epidemic.errors.ts';
import { EpidemicActions } from './epidemic.policy.ts';
import { epidemicRoutes } from './epidemic.routes.ts';
import * as tables from './epidemic.tables.ts';

/** The epidemic registries (risk areas, person statuses, quarantine periods) as other modules see them. */
export { EpidemicChangeCommitted, EpidemicChangeInTransaction, type EpidemicChange } from './epidemic.events.ts';
export { findRiskAreasCovering, findStatusesOf, findStatusesOfMany, findQuarantinesOf, findQuarantinesOfMany, type RiskAreaRow, type PersonStatusRow, type QuarantineRow } from './epidemic.repository.ts';

/**
 * The epidemic module: the registries officers keep. Each change publishes EpidemicChangeInTransaction
 * (inside its transaction) and EpidemicChangeCommitted (after commit); it imports no other module.
 */
export const EpidemicModule = defineModule({
  name: 'epidemic',
  dependsOn: ['identity', 'audit', 'divisions', 'approvals'],
  errors: [EpidemicErrors],
  actions: [EpidemicActions],
  tables,
  routes: epidemicRoutes,
});
