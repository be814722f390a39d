export { staffAdminRoutes } from './admin-staff.routes.ts';
export { StaffAdminActions } from './admin-staff.policy.ts';
