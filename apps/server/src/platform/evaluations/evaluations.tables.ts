import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * 好差评: one rating of one handling (办件) by the applicant, on the five national levels
 * (1 非常满意 … 5 非常不满意). `(source_type, source_id, handling)` is unique: rating the same
 * handling twice is refused, a reopened ticket's next handling is rated again. `status` becomes
 * `excluded` when an appeal against a malicious rating is upheld (it then leaves the figures).
 */
export const evaluations = pgTable(
  'evaluations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sourceType: text('source_type').notNull(), // ticket | govservice.application | …
    sourceId: text('source_id').notNull(),
    handling: integer('handling').notNull().default(1),
    /** The service item (事项) or subject rated, e.g. 510600-XK-0001 or ticket.complaint, and its name. */
    subjectCode: text('subject_code').notNull(),
    subjectName: text('subject_name').notNull(),
    department: text('department').notNull(),
    regionCode: text('region_code').notNull(),
    citizenId: uuid('citizen_id'),
    level: integer('level').notNull(),
    comment: text('comment'),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    channel: text('channel').notNull(), // app | window | kiosk | phone
    status: text('status').notNull().default('valid'), // valid | excluded
    appealStatus: text('appeal_status').notNull().default('none'), // none | pending | upheld | rejected
    appealId: uuid('appeal_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('evaluations_source_idx').on(t.sourceType, t.sourceId, t.handling),
    index('evaluations_region_created_idx').on(t.regionCode, t.createdAt),
    index('evaluations_department_idx').on(t.department, t.createdAt),
  ],
);

/**
 * 整改: the task a bad rating (不满意 / 非常不满意) opens for the rated department: rectify by the
 * deadline, then call the applicant back (回访) and record the outcome. `waived` when an appeal is upheld.
 */
export const rectifications = pgTable(
  'evaluation_rectifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    evaluationId: uuid('evaluation_id').notNull(),
    regionCode: text('region_code').notNull(),
    department: text('department').notNull(),
    status: text('status').notNull(), // open | rectified | closed | waived
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    rectificationNote: text('rectification_note'),
    rectifiedAt: timestamp('rectified_at', { withTimezone: true }),
    rectifiedBy: uuid('rectified_by'),
    callbackResult: text('callback_result'), // satisfied | unsatisfied | unreachable
    callbackNote: text('callback_note'),
    callbackAt: timestamp('callback_at', { withTimezone: true }),
    callbackBy: uuid('callback_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('evaluation_rectifications_evaluation_idx').on(t.evaluationId), index('evaluation_rectifications_region_idx').on(t.regionCode, t.status, t.dueAt)],
);
