import { defineActions } from '../../platform/access/policy.ts';

/** Officers who approve organisations and see the city's check-in summary (within their region). */
export const CHECKIN_OFFICER_ROLES = ['big_data', 'county_command', 'health'] as const;

/**
 * Who may do what with organisations and daily reports. Organisation administrators are citizens
 * (the registrant, or members an admin promotes): the service checks their role in the organisation.
 */
export const CheckinActions = defineActions('checkin', {
  'checkin.org.register': { who: 'citizen', description: 'Register an organisation (the registrant becomes its administrator)' },
  'checkin.org.manage': { who: 'citizen', description: 'An organisation administrator: members, imports, the daily view, reminders' },
  'checkin.membership.manage': { who: 'citizen', description: 'Join by invitation code, accept an invitation, leave (withdraw consent); list one\'s organisations' },
  'checkin.report.submit': { who: 'citizen', description: 'Submit or amend today\'s health report' },
  'checkin.report.read-own': { who: 'citizen', description: 'Read one\'s own reports and streak' },
  'checkin.org.review': { who: 'staff', roles: CHECKIN_OFFICER_ROLES, description: 'List and approve or reject organisations in one\'s region' },
  'checkin.summary.read': { who: 'staff', roles: [...CHECKIN_OFFICER_ROLES, 'supervision'], description: 'Daily check-in compliance by organisation, type and division in one\'s region (aggregated)' },
});
