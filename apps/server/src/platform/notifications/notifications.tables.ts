import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Notifications (消息通知): one row per message per channel sent through the notification centre.
 * The title and body are ciphertexts (a reminder names the organisation and the person's day; an
 * alert names a member): the inbox decrypts them for their recipient only. `dedupeKey` makes a
 * message idempotent per recipient and channel (a reminder of one organisation-day is sent once).
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    recipientType: text('recipient_type').notNull(), // citizen | staff
    recipientId: uuid('recipient_id').notNull(),
    channel: text('channel').notNull(), // inbox | sms
    kind: text('kind').notNull(), // e.g. checkin.reminder, checkin.abnormal — module.kind
    titleCipher: text('title_cipher').notNull(),
    bodyCipher: text('body_cipher').notNull(),
    /** Deep link in the recipient's surface, e.g. /checkin (no personal data). */
    link: text('link'),
    dedupeKey: text('dedupe_key'),
    /**
     * delivered | failed (retries used up) | rate_limited | skipped_no_phone | muted (the person
     * switched this kind and channel off) | pending (waiting for its delivery job: quiet hours, a
     * webhook, or a retry after a failure — `due_at` says when).
     */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    dueAt: timestamp('due_at', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    index('notifications_due_idx').on(t.status, t.dueAt),
    index('notifications_recipient_idx').on(t.recipientType, t.recipientId, t.createdAt),
    uniqueIndex('notifications_dedupe_idx').on(t.recipientType, t.recipientId, t.channel, t.dedupeKey),
  ],
);

/**
 * A person's notification preferences: a channel of a kind switched off (enabled = false), or back on.
 * Kinds a template marks mandatory (e.g. a health-code colour change in the inbox) ignore them.
 */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    recipientType: text('recipient_type').notNull(),
    recipientId: uuid('recipient_id').notNull(),
    kind: text('kind').notNull(),
    channel: text('channel').notNull(),
    enabled: boolean('enabled').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'notification_preferences_pk', columns: [t.recipientType, t.recipientId, t.kind, t.channel] })],
);

/**
 * A person's delivery settings: quiet hours (China time, HH:MM; SMS and webhook messages falling in
 * them wait until they end, the inbox copy is immediate) and their webhook receiver, if any (the
 * secret signs each delivery: HMAC-SHA256 of `<timestamp>.<body>`; stored encrypted).
 */
export const notificationSettings = pgTable('notification_settings', {
  /** A single-column key, so key rotation (keys:rotate) can page through the webhook secrets. */
  id: uuid('id').primaryKey().defaultRandom(),
  recipientType: text('recipient_type').notNull(),
  recipientId: uuid('recipient_id').notNull(),
  quietStart: text('quiet_start'),
  quietEnd: text('quiet_end'),
  webhookUrl: text('webhook_url'),
  webhookSecretCipher: text('webhook_secret_cipher'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('notification_settings_recipient_idx').on(t.recipientType, t.recipientId)]);

/**
 * The local webhook receiver (outbox): what the webhook channel posted, with its signature, when no
 * real receiver is reachable from this deployment — visible in the console like the SMS outbox.
 */
export const notificationWebhookOutbox = pgTable(
  'notification_webhook_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    notificationId: uuid('notification_id').notNull(),
    url: text('url').notNull(),
    /** The JSON posted (kind, title, body, link — the recipient's own message), encrypted. */
    bodyCipher: text('body_cipher').notNull(),
    signature: text('signature').notNull(),
    timestamp: text('timestamp').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notification_webhook_outbox_created_idx').on(t.createdAt)],
);
