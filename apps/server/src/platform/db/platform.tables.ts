import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Operational settings and facts the console shows (e.g. last purge); one row per key. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
