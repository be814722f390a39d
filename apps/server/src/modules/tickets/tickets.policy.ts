import { defineActions } from '../../platform/access/policy.ts';
import type { StaffRole } from '../../platform/access/principal.ts';

/** Dispatchers (督查室, 12345 / 政务服务中心): accept, reject, assign, transfer and close tickets of their region. */
export const DISPATCHER_ROLES = ['supervision', 'service_center'] as const satisfies readonly StaffRole[];
/** Handling departments: officers work the tickets assigned to their own department within their region. */
export const HANDLER_ROLES = ['supervision', 'service_center', 'health', 'police', 'county_command', 'big_data'] as const satisfies readonly StaffRole[];

/** Open-API permission an API client needs for the Open311 GeoReport v2 requests endpoints. */
export const OPEN311_PERMISSION = 'open311.requests';
/** Open-API permission of the national platform's client (国办转办): forward clues. */
export const NATIONAL_PERMISSION = 'national.clues';

/**
 * Who may do what with tickets. Filing a ticket is public (anonymous supervision reports) and has no
 * action; region and department scope are applied per ticket by the service.
 */
export const TicketsActions = defineActions('tickets', {
  'tickets.own.read': { who: 'citizen', description: 'See one\'s own tickets, their progress and answers' },
  'tickets.own.support': { who: 'citizen', description: 'Add oneself to an open ticket (我也遇到了) instead of filing a duplicate, and follow its progress' },
  'tickets.own.rate': { who: 'citizen', description: 'Rate the answer to one\'s ticket (a bad rating reopens it)' },
  'tickets.worklist.read': { who: 'staff', roles: [...HANDLER_ROLES], description: 'Ticket worklist and details in one\'s region (dispatchers) or department (handlers), masked and audited' },
  'tickets.ticket.dispatch': { who: 'staff', roles: [...DISPATCHER_ROLES], description: 'Accept, reject, assign, transfer and close tickets in one\'s region' },
  'tickets.ticket.handle': { who: 'staff', roles: [...HANDLER_ROLES], description: 'Start, answer or return tickets assigned to one\'s department' },
  'tickets.categories.manage': { who: 'staff', roles: [...DISPATCHER_ROLES, 'sys_admin'], description: 'Edit the ticket categories tree and their attribute forms' },
  'tickets.routing.manage': { who: 'staff', roles: [...DISPATCHER_ROLES, 'sys_admin'], description: 'Edit the routing rules of one\'s region and try them on recent tickets (dry-run)' },
  'tickets.national.forward': { who: 'api', permission: NATIONAL_PERMISSION, description: 'National platform (国办转办): forward clues, idempotent by external id, within the key\'s region' },
  'tickets.national.outbox': { who: 'staff', roles: [...DISPATCHER_ROLES], description: 'Read the results reported back to the national platform (outbox) in one\'s region' },
  'tickets.hotline.file': { who: 'staff', roles: ['service_center'], description: '12345 hotline operators: file a ticket for a caller' },
  'tickets.kpi.read': { who: 'staff', roles: [...DISPATCHER_ROLES, 'county_command', 'big_data'], description: 'Ticket KPIs of one\'s region by department and month, counts by source, category and day; XLSX (audited)' },
  'tickets.open311.request': { who: 'api', permission: OPEN311_PERMISSION, description: 'Open311 GeoReport v2: file service requests and read them within the key\'s region' },
});
