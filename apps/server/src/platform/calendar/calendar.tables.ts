import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The working-day calendar (工作日历): the exceptions to "Monday–Friday are worked" — public holidays
 * and make-up working days (调休). One row per China day; a day without a row follows the week.
 */
export const calendarDays = pgTable(
  'calendar_days',
  {
    /** China day, YYYY-MM-DD. */
    day: text('day').primaryKey(),
    kind: text('kind').notNull(), // holiday | workday
    name: text('name').notNull(),
    /** official (from the State Council notice), provisional (statutory dates only, to be confirmed), manual (entered by an officer). */
    source: text('source').notNull(),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('calendar_days_kind_idx').on(t.kind, t.day)],
);
