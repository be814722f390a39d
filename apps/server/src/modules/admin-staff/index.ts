import { defineModule } from '../../platform/modules/module.ts';
import { StaffAdminErrors } from './admin-staff.errors.ts';
import { StaffAdminActions } from './admin-staff.policy.ts';
import { staffAdminRoutes } from './admin-staff.routes.ts';

/** Staff administration (sys_admin, region-scoped): accounts, roles, passwords, sessions. */
export { StaffAdminActions };

/**
 * The admin-staff module: staff accounts are identity's table; this module manages them, and reads
 * venues (through their index) to bind venue staff to a venue of the administrator's region.
 */
export const AdminStaffModule = defineModule({
  name: 'admin-staff',
  dependsOn: ['identity', 'audit', 'divisions', 'venues'],
  errors: [StaffAdminErrors],
  actions: [StaffAdminActions],
  routes: staffAdminRoutes,
});
