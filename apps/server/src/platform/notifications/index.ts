import { defineModule } from '../modules/module.ts';
import { NotificationErrors } from './notifications.errors.ts';
import { NotificationActions } from './notifications.policy.ts';
import { notificationRoutes } from './notifications.routes.ts';
import * as tables from './notifications.tables.ts';

/** What modules use to send: sendNotices in their transaction (inbox and SMS channels). */
export { sendNotices, RATE_LIMITS, type Notice, type NoticeChannel, type SendSummary, type BilingualText } from './notifications.service.ts';

/**
 * The notification centre, a platform piece: every module sends messages to citizens and staff through
 * sendNotices (in-app inbox; SMS through identity's SmsSender — the outbox locally, a gateway in
 * production), which records each delivery, rate-limits per recipient and channel, and de-duplicates by
 * key. Each person reads and marks their own inbox at /api/notifications.
 */
export const NotificationsModule = defineModule({
  name: 'notifications',
  dependsOn: ['identity'],
  errors: [NotificationErrors],
  actions: [NotificationActions],
  tables,
  routes: notificationRoutes,
});
