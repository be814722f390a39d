import { defineActions } from '../access/policy.ts';
import type { StaffRole } from '../access/principal.ts';

/** Officers who send and receive materials and results by express (the service centre and the deciding departments). */
export const DELIVERY_ROLES = ['service_center', 'health', 'police', 'county_command', 'big_data'] as const satisfies readonly StaffRole[];

/** Open-API permission a carrier's client needs to push status updates. */
export const CARRIER_UPDATE_PERMISSION = 'delivery.carrier-update';

/** Who may do what with 政务快递. */
export const DeliveryActions = defineActions('delivery', {
  'delivery.address.manage': { who: 'citizen', description: 'Keep one\'s own delivery addresses (encrypted at rest)' },
  'delivery.own.read': { who: 'citizen', description: 'Follow one\'s own shipments and their timelines' },
  'delivery.shipment.manage': { who: 'staff', roles: [...DELIVERY_ROLES], description: 'Create shipments and record their status in one\'s region (addresses masked; audited)' },
  'delivery.outbox.read': { who: 'staff', roles: [...DELIVERY_ROLES], description: 'Read the local carrier adapter\'s outbox of one\'s region' },
  'delivery.carrier.update': { who: 'api', permission: CARRIER_UPDATE_PERMISSION, description: 'A carrier pushes shipment status updates (idempotent by event id)' },
});
