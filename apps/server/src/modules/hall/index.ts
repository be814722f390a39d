import { defineModule } from '../../platform/modules/module.ts';
import { HallErrors } from './hall.errors.ts';
import { HallActions } from './hall.policy.ts';
import { hallRoutes } from './hall.routes.ts';
import { DemoHallSeed } from './hall.seed.ts';
import * as tables from './hall.tables.ts';

/** The working-day seam and the calling-order rule, for whoever counts or shows the hall. */
export { WeekdaysOnly, callingOrder, onsiteShare, type WorkingDays } from './hall.rules.ts';

/**
 * The service hall (政务服务大厅): halls and windows, appointments for on-site handling, queue numbers
 * issued at a kiosk after a health-code check, window calling, the calling screen and daily counts.
 * It reads the health code through health-code's index (verifyCodeToken), the published catalogue and
 * online submissions through govservice's index, and working days from platform/calendar.
 */
export const HallModule = defineModule({
  name: 'hall',
  dependsOn: ['identity', 'audit', 'divisions', 'health-code', 'calendar', 'govservice'],
  errors: [HallErrors],
  actions: [HallActions],
  tables,
  seeds: [DemoHallSeed],
  routes: hallRoutes,
});
