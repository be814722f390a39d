import { defineActions } from '../../platform/access/policy.ts';

/** Staff administration: system administrators, within their own region. */
export const StaffAdminActions = defineActions('admin-staff', {
  'admin-staff.staff.list': { who: 'staff', roles: ['sys_admin'], description: 'List staff accounts in one\'s region' },
  'admin-staff.staff.create': { who: 'staff', roles: ['sys_admin'], description: 'Create a staff account in one\'s region' },
  'admin-staff.staff.update': { who: 'staff', roles: ['sys_admin'], description: 'Change a staff account\'s roles, department, region or status' },
  'admin-staff.staff.revoke-sessions': { who: 'staff', roles: ['sys_admin'], description: 'Sign a staff account out everywhere' },
  'admin-staff.venue-option.list': { who: 'staff', roles: ['sys_admin'], description: 'Approved venues in one\'s region to attach a venue staff account to (names only)' },
  'admin-staff.staff.set-password': { who: 'staff', roles: ['sys_admin'], description: 'Set a new password for a staff account' },
});
