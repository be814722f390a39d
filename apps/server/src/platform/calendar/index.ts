import { defineModule } from '../modules/module.ts';
import { CalendarErrors } from './calendar.errors.ts';
import { CalendarActions } from './calendar.policy.ts';
import { calendarRoutes } from './calendar.routes.ts';
import { loadBuiltInSchedules } from './calendar.service.ts';
import * as tables from './calendar.tables.ts';

/** What modules use: the pure working-day arithmetic and the stored calendar. */
export {
  addWorkingDays, endOfWorkingDaysAfter, isWorkingDay, workingDaysBetween, WEEKDAYS_ONLY, type WorkingCalendar,
} from './calendar.rules.ts';
export { loadCalendar } from './calendar.service.ts';

/**
 * The working-day calendar (工作日历), a platform piece: public holidays and make-up working days (调休)
 * in `calendar_days`, the built-in State Council schedules loaded on a fresh database, edited by a
 * system administrator; deadlines in working days (tickets, government services) are computed from it.
 */
export const CalendarModule = defineModule({
  name: 'calendar',
  dependsOn: ['identity', 'audit'],
  errors: [CalendarErrors],
  actions: [CalendarActions],
  tables,
  onStart: async (ctx, log) => {
    const added = await loadBuiltInSchedules(ctx.db);
    if (added > 0) log.info({ added }, 'calendar: built-in holiday schedules loaded');
  },
  routes: calendarRoutes,
});
