import { defineModule } from '../../platform/modules/module.ts';
import { TicketsErrors } from './tickets.errors.ts';
import { TicketsActions } from './tickets.policy.ts';
import { ticketsRoutes } from './tickets.routes.ts';
import * as tables from './tickets.tables.ts';
import { DeadlinesJobType, deadlineSchedules } from './tickets.deadlines.ts';
import { NationalReportJobType, nationalSchedules } from './tickets.national.ts';
import { TicketsDemoSeed } from './tickets.seed.ts';
import { KpiCompactJobType, kpiSchedules } from './tickets.kpi.ts';

/** The lifecycle rules, for whoever needs to show or count tickets (e.g. a future KPI module). */
export { TICKET_KINDS, TICKET_STATUSES, SLA_DAYS, type TicketKind, type TicketStatus } from './tickets.rules.ts';
/** The national platform adapter (a deployment plugs in its client in a module's onStart). */
export { setNationalReporter, type NationalReporter, type NationalMessage } from './tickets.national.ts';

/**
 * Tickets (督查举报, 投诉, 咨询, 建议): one lifecycle for every kind, citizen filing and follow-up,
 * the officers' worklist, and Open311 GeoReport v2 under /api/open311/v2. It imports no other module.
 */
export const TicketsModule = defineModule({
  name: 'tickets',
  dependsOn: ['identity', 'audit', 'divisions', 'files', 'evaluations', 'calendar', 'jobs', 'notifications'],
  errors: [TicketsErrors],
  actions: [TicketsActions],
  tables,
  routes: ticketsRoutes,
  jobs: [DeadlinesJobType, NationalReportJobType, KpiCompactJobType],
  schedules: () => [...deadlineSchedules(), ...nationalSchedules(), ...kpiSchedules()],
  seeds: [TicketsDemoSeed],
});
