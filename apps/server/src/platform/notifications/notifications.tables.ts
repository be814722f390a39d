import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

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
    status: text('status').notNull(), // delivered | failed | skipped_no_phone
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    index('notifications_recipient_idx').on(t.recipientType, t.recipientId, t.createdAt),
    uniqueIndex('notifications_dedupe_idx').on(t.recipientType, t.recipientId, t.channel, t.dedupeKey),
  ],
);
