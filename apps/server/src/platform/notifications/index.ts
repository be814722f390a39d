import { defineModule, provide } from '../modules/module.ts';
import { createWebhookState, DELIVER_SCHEDULE, DeliverJobType, WebhookState } from './notifications.delivery.ts';
import { NotificationErrors } from './notifications.errors.ts';
import { NotificationActions } from './notifications.policy.ts';
import { notificationRoutes } from './notifications.routes.ts';
import * as tables from './notifications.tables.ts';

/** What modules use to send: sendNotices in their transaction (inbox, SMS, webhook), and their templates. */
export { sendNotices, RATE_LIMITS, MAX_ATTEMPTS, type Notice, type NoticeChannel, type SendSummary, type SendOptions, type BilingualText } from './notifications.service.ts';
export { NoticeTemplates, noticeTemplate, fillTemplate, quietUntil, isTimeOfDay, type NoticeTemplate } from './notifications.templates.ts';
export { deliverDueNotices, setWebhookSender, signWebhook, HttpWebhookSender, LocalWebhookSender, type WebhookSender, type WebhookPost } from './notifications.delivery.ts';

/**
 * The notification centre, a platform piece: every module sends messages to citizens and staff through
 * sendNotices (in-app inbox; SMS through identity's SmsSender — the outbox locally, a gateway in
 * production), which records each delivery, rate-limits per recipient and channel, and de-duplicates by
 * key; kinds have templates (zh/en) modules contribute to NoticeTemplates; people choose kinds and
 * channels, quiet hours and a webhook receiver; SMS retries and webhook posts are the delivery job's.
 * Each person reads and marks their own inbox at /api/notifications.
 */
export const NotificationsModule = defineModule({
  name: 'notifications',
  dependsOn: ['identity', 'jobs'],
  errors: [NotificationErrors],
  actions: [NotificationActions],
  tables,
  jobs: [DeliverJobType],
  schedules: () => [DELIVER_SCHEDULE],
  state: [provide(WebhookState, createWebhookState)],
  routes: notificationRoutes,
});
