import { contribute, defineModule, provide } from '../../platform/modules/module.ts';
import { HealthCodeFactSources } from '../health-code/index.ts';
import { TracingErrors } from './tracing.errors.ts';
import { TracingFacts } from './tracing.facts.ts';
import { TracingActions } from './tracing.policy.ts';
import { createTracingCaches, TracingCachesState } from './tracing.published-cache.ts';
import { tracingRoutes } from './tracing.routes.ts';
import * as tables from './tracing.tables.ts';

/** What other modules may use from tracing: the pure contact rules and the contact hand-off event. */
export { tripContactLevel, overlapMinutes, type TripContactLevel } from './tracing.rules.ts';
export { TracingContactDecided } from './tracing.events.ts';

/**
 * The tracing module (流调): case files, itineraries and their de-identified publication, the
 * citizen's same-trip self-check, and co-presence contacts from venue scans. It reads scans through
 * venues' index (scansOverlapping, scansOfPerson) and gives the health code cases and confirmed
 * contacts as person-status facts (HealthCodeFactSources).
 */
export const TracingModule = defineModule({
  name: 'tracing',
  dependsOn: ['identity', 'audit', 'divisions', 'approvals', 'health-code', 'venues'],
  errors: [TracingErrors],
  actions: [TracingActions],
  tables,
  contributes: [contribute(HealthCodeFactSources, TracingFacts)],
  state: [provide(TracingCachesState, createTracingCaches)],
  routes: tracingRoutes,
});
