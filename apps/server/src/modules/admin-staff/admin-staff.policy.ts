import { defineActions } from '../../platform/access/policy.ts';

/** Staff administration: system administrators, within their own region. */
export const StaffAdminActions = defineActions({
  'staff.list': { who: 'staff', roles: ['sys_admin'], description: 'List staff accounts in one\'s region' },
  'staff.create': { who: 'staff', roles: ['sys_admin'], description: 'Create a staff account in one\'s region' },
  'staff.update': { who: 'staff', roles: ['sys_admin'], description: 'Change a staff account\'s roles, department, region or status' },
  'staff.revokeSessions': { who: 'staff', roles: ['sys_admin'], description: 'Sign a staff account out everywhere' },
  'staff.setPassword': { who: 'staff', roles: ['sys_admin'], description: 'Set a new password for a staff account' },
});
