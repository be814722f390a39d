import { defineModule, provide } from '../../platform/modules/module.ts';
import { CheckinCachesState, createCheckinCaches } from './checkin.cache.ts';
import { CheckinErrors } from './checkin.errors.ts';
import { CheckinActions } from './checkin.policy.ts';
import { CheckinTemplates, REMIND_SCHEDULE, RemindJobType } from './checkin.reminders.ts';
import { CheckinFacts } from './checkin.facts.ts';
import { contribute } from '../../platform/modules/module.ts';
import { NoticeTemplates } from '../../platform/notifications/index.ts';
import { HealthCodeFactSources } from '../health-code/index.ts';
import { checkinRoutes } from './checkin.routes.ts';
import { DemoOrgSeed } from './checkin.seed.ts';
import * as tables from './checkin.tables.ts';

/** What other modules may use: the pure rules (thresholds, symptoms, GB 32100). */
export { remindAllMissing } from './checkin.reminders.ts';
export { abnormalReasons, normaliseCreditCode, FEVER_THRESHOLD, SYMPTOMS, ORG_TYPES } from './checkin.rules.ts';

/**
 * Daily health check-in (每日健康打卡): organisations and their members, one report per person per
 * China day shared with every organisation the person consented to, the organisation's day with
 * reminders, and the city summary. Messages go through the notification centre (platform), with
 * their templates; reports reach the health code through the fact source CheckinFacts.
 */
export const CheckinModule = defineModule({
  name: 'checkin',
  dependsOn: ['identity', 'audit', 'divisions', 'notifications', 'health-code', 'jobs'],
  errors: [CheckinErrors],
  actions: [CheckinActions],
  tables,
  state: [provide(CheckinCachesState, createCheckinCaches)],
  jobs: [RemindJobType],
  seeds: [DemoOrgSeed],
  contributes: [contribute(HealthCodeFactSources, CheckinFacts), ...CheckinTemplates.map((t) => contribute(NoticeTemplates, t))],
  schedules: () => [REMIND_SCHEDULE],
  routes: checkinRoutes,
});
