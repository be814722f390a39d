import { doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Tickets (督查举报, 投诉, 咨询, 建议): one row per ticket, one lifecycle (tickets.rules.ts). The
 * reporter's name, phone and e-mail are stored only as ciphertexts; an anonymous report keeps only
 * the hash of its follow-up code. region_code (GB/T 2260) scopes officers and is the distribution key.
 */
export const tickets = pgTable(
  'tickets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Public number, e.g. TK20261206-4F7Q2K: quoted on the phone and in the progress query. */
    number: text('number').notNull(),
    kind: text('kind').notNull(), // report | complaint | consultation | suggestion
    status: text('status').notNull(),
    channel: text('channel').notNull(), // app | open311
    title: text('title').notNull(),
    description: text('description').notNull(),
    regionCode: text('region_code').notNull(),
    /** Where the problem is (a place, not the reporter's home). */
    address: text('address'),
    lat: doublePrecision('lat'),
    long: doublePrecision('long'),
    reporterCitizenId: uuid('reporter_citizen_id'),
    reporterNameCipher: text('reporter_name_cipher'),
    reporterPhoneCipher: text('reporter_phone_cipher'),
    reporterEmailCipher: text('reporter_email_cipher'),
    /** sha256 of the anonymous reporter's follow-up code (shown once). */
    followUpHash: text('follow_up_hash'),
    apiClientId: uuid('api_client_id'),
    /** Open311 media_url as given by the client (shown as a link, never fetched by the server). */
    mediaUrl: text('media_url'),
    /** Uploaded files (platform files) attached by the reporter. */
    attachments: jsonb('attachments').$type<string[]>().notNull().default([]),
    department: text('department'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    reply: text('reply'),
    rejectReason: text('reject_reason'),
    rating: integer('rating'),
    ratingComment: text('rating_comment'),
    reopenCount: integer('reopen_count').notNull().default(0),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('tickets_number_idx').on(t.number),
    index('tickets_region_due_idx').on(t.regionCode, t.status, t.dueAt),
    index('tickets_department_idx').on(t.department, t.status, t.dueAt),
    index('tickets_reporter_idx').on(t.reporterCitizenId, t.createdAt),
    index('tickets_created_idx').on(t.createdAt),
  ],
);

/** The history of a ticket: every transition with actor, time and note (append-only). */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id').notNull(),
    regionCode: text('region_code').notNull(),
    action: text('action').notNull(), // submit | accept | reject | assign | transfer | return | start | reply | close | rate
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actorType: text('actor_type').notNull(), // citizen | anonymous | staff | api
    actorId: uuid('actor_id'),
    /** The acting officer's department (never a person's name: the timeline is shown to the reporter). */
    actorDepartment: text('actor_department'),
    department: text('department'),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('ticket_events_ticket_idx').on(t.ticketId, t.at)],
);
