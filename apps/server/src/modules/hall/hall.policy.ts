import { defineActions } from '../../platform/access/policy.ts';
import type { StaffRole } from '../../platform/access/principal.ts';

/** Hall administrators and window staff: 政务服务中心 officers, within their region. */
export const HALL_STAFF_ROLES = ['service_center'] as const satisfies readonly StaffRole[];

/** The API-client permission of a hall kiosk (取号机); the device row binds the key to one hall. */
export const KIOSK_PERMISSION = 'hall.kiosk';

/**
 * Who may do what in the service hall. Region scope is applied per hall by the service; the calling
 * screen (numbers and window numbers only, no personal data) is public and has no action.
 */
export const HallActions = defineActions('hall', {
  'hall.hall.manage': { who: 'staff', roles: ['service_center', 'sys_admin'], description: 'Set up halls, windows (items, open hours, capacity, staff) and kiosk devices in one\'s region' },
  'hall.hall.read': { who: 'staff', roles: ['service_center', 'sys_admin', 'big_data'], description: 'List the halls and windows of one\'s region' },
  'hall.window.operate': { who: 'staff', roles: [...HALL_STAFF_ROLES], description: 'Call the next number at a window, mark it served or no-show, transfer it (visitor masked, audited)' },
  'hall.stats.read': { who: 'staff', roles: ['service_center', 'sys_admin', 'big_data'], description: 'Daily hall counts: numbers issued, served, no-shows, average wait, appointments vs walk-ins' },
  'hall.own-booking.manage': { who: 'citizen', description: 'Book, see and cancel one\'s own appointments for on-site handling' },
  'hall.kiosk.issue': { who: 'api', permission: KIOSK_PERMISSION, description: 'A hall kiosk: check the visitor\'s health code and issue a queue number at its own hall' },
});
