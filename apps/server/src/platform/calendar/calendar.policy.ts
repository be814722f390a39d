import { defineActions } from '../access/policy.ts';

/** The calendar is read by everyone (deadlines are shown to citizens); only system administrators edit it. */
export const CalendarActions = defineActions('calendar', {
  'calendar.day.manage': { who: 'staff', roles: ['sys_admin'], description: 'Set or remove public holidays and make-up working days (调休) of the working-day calendar' },
});
