import { bigserial, boolean, date, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

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
    kind: text('kind').notNull(), // report | complaint | consultation | suggestion | help
    status: text('status').notNull(),
    channel: text('channel').notNull(), // app | open311 | hotline | national
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
    /** When the deadline job warns the department (tickets.sla.ts warningAt); null = 24 h before due_at. */
    warnAt: timestamp('warn_at', { withTimezone: true }),
    reply: text('reply'),
    /** Whether the ticket has an answer (kept by the database, for the KPI index: tickets_kpi_idx). */
    answered: boolean('answered').generatedAlwaysAs(sql`reply is not null`),
    rejectReason: text('reject_reason'),
    rating: integer('rating'),
    ratingComment: text('rating_comment'),
    reopenCount: integer('reopen_count').notNull().default(0),
    /** A merged duplicate's master ticket (it receives the master's answer). */
    masterId: uuid('master_id'),
    /** 督办: how often, and when last, the dispatcher pressed this overdue ticket. */
    superviseCount: integer('supervise_count').notNull().default(0),
    /** Citizens who added themselves to this ticket instead of filing a duplicate (ticket_supporters). */
    supportCount: integer('support_count').notNull().default(0),
    lastSupervisedAt: timestamp('last_supervised_at', { withTimezone: true }),
    /** A pending extension request: the working days asked for (null: none pending). */
    extensionDays: integer('extension_days'),
    extensionCount: integer('extension_count').notNull().default(0),
    visitedAt: timestamp('visited_at', { withTimezone: true }),
    /** Deadline jobs: when the department was warned before the deadline, and when the overdue ticket was escalated. */
    warnedAt: timestamp('warned_at', { withTimezone: true }),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    /** The category (ticket_categories) and the answers to its attribute form. */
    categoryId: uuid('category_id'),
    attributes: jsonb('attributes').$type<Record<string, string | number | boolean | string[]>>().notNull().default({}),
    /** Forwarded clues (国办转办): the sender's id, unique per API client (idempotent filing). */
    externalId: text('external_id'),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Every index here is maintained on each filing unless its predicate excludes the new row: the
    // department's indexes, the reporter's, the master's and the external id's are partial (a ticket is
    // filed without a department, and an Open311 / hotline / national filing has no reporter account),
    // so a filing writes 5 index entries (id, number, due, open due, created), not 13. Each index and
    // the query that uses it: docs/tickets.md "Indexes".
    uniqueIndex('tickets_number_idx').on(t.number),
    // Also covers every predicate of a department worklist's count (status, overdue, kind, region scope): index-only.
    index('tickets_department_idx').on(t.department, t.status, t.dueAt, t.kind, t.regionCode, t.id).where(sql`department is not null`),
    // Worklists (overdue first, then by deadline): index-ordered runs of the open (partial) and of all
    // tickets, by department (a handler) or across the region (a dispatcher) — docs/tickets.md "Indexes".
    index('tickets_department_due_idx').on(t.department, t.dueAt, t.id).where(sql`department is not null`),
    index('tickets_open_department_due_idx').on(t.department, t.dueAt, t.id).where(sql`department is not null and status in ('submitted', 'accepted', 'assigned', 'in_progress')`),
    index('tickets_due_idx').on(t.dueAt, t.id),
    index('tickets_open_due_idx').on(t.dueAt, t.id).where(sql`status in ('submitted', 'accepted', 'assigned', 'in_progress')`),
    index('tickets_reporter_idx').on(t.reporterCitizenId, t.createdAt).where(sql`reporter_citizen_id is not null`),
    // Open311 queries and the duplicate suggestions (a created-at window). The KPIs read ticket_kpi_daily.
    index('tickets_created_idx').on(t.createdAt),
    index('tickets_master_idx').on(t.masterId).where(sql`master_id is not null`),
    uniqueIndex('tickets_external_idx').on(t.apiClientId, t.externalId).where(sql`external_id is not null`),
  ],
);

/**
 * Citizens following and supporting an existing ticket ("我也遇到了", from a duplicate suggestion) instead
 * of filing a new one: counted on the ticket (support_count), told of its progress through the inbox.
 */
export const ticketSupporters = pgTable(
  'ticket_supporters',
  {
    ticketId: uuid('ticket_id').notNull(),
    citizenId: uuid('citizen_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('ticket_supporters_pk').on(t.ticketId, t.citizenId), index('ticket_supporters_citizen_idx').on(t.citizenId, t.createdAt)],
);

/** The history of a ticket: every transition with actor, time and note (append-only). */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id').notNull(),
    regionCode: text('region_code').notNull(),
    action: text('action').notNull(), // submit | TICKET_ACTIONS | reopen | master_reply
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
  (t) => [
    index('ticket_events_ticket_idx').on(t.ticketId, t.at),
    // The Open311 updates feed (servicerequestupdates: a time window over every ticket's history). BRIN:
    // the history is appended in time order, so block ranges summarise it in a few pages, and a filing
    // adds no B-tree entry for it.
    index('ticket_events_at_brin').using('brin', t.at),
  ],
);

/**
 * Ticket categories: an editable tree (parent_id), each with its attribute form — typed fields in
 * order with required flags — served to Open311 as the service definition (`metadata: true`).
 */
export const ticketCategories = pgTable(
  'ticket_categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stable code, also the Open311 service_code (e.g. TC-EPIDEMIC-MASK). */
    code: text('code').notNull(),
    parentId: uuid('parent_id'),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    description: text('description'),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
    fields: jsonb('fields').$type<CategoryField[]>().notNull().default([]),
    /** The category's time limit (tickets.sla.ts): working_days | working_hours and the amount; null = the parent's, else the kind's. */
    slaUnit: text('sla_unit'),
    slaAmount: integer('sla_amount'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('ticket_categories_code_idx').on(t.code), index('ticket_categories_parent_idx').on(t.parentId, t.sortOrder)],
);

/** One typed field of a category's attribute form (Open311 datatypes). */
export interface CategoryField {
  code: string;
  label: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  order: number;
  description?: string;
  values?: { key: string; name: string }[];
}

/**
 * Routing rules: category (and its subtree) × division prefix (× kind) → department. Data, edited in
 * the console by dispatchers within their region; tried on the last 100 tickets before saving (dry-run).
 */
export const ticketRoutingRules = pgTable(
  'ticket_routing_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    categoryId: uuid('category_id'),
    kind: text('kind'),
    /** GB/T 2260 code the rule covers (with the divisions under it); '' = everywhere. */
    regionCode: text('region_code').notNull().default(''),
    department: text('department').notNull(),
    priority: integer('priority').notNull().default(100),
    position: integer('position').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('ticket_routing_rules_region_idx').on(t.regionCode, t.position)],
);

/**
 * Results reported back to the national platform (国办转办) for forwarded clues: an outbox. Each row is
 * one message, sent by the tickets.national-report job through the NationalReporter adapter (the local
 * one records it as delivered here, visible in the console); failures retry with backoff.
 */
export const ticketNationalOutbox = pgTable(
  'ticket_national_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id').notNull(),
    regionCode: text('region_code').notNull(),
    apiClientId: uuid('api_client_id').notNull(),
    externalId: text('external_id').notNull(),
    /** What happened: accept | reject | reply | close | visit. */
    event: text('event').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status').notNull().default('pending'), // pending | sent | failed
    adapter: text('adapter'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('ticket_national_outbox_due_idx').on(t.status, t.nextAttemptAt), index('ticket_national_outbox_region_idx').on(t.regionCode, t.createdAt)],
);

/**
 * The KPI figures of tickets by China day of filing, region and one dimension — `department` (未分派
 * when none), `channel`, or `category` (the id, '' for none) — so a month's KPIs read ≈ 30 rows per
 * department instead of the month's tickets (tickets.kpi.ts). Kept in the same transaction as every
 * change of a ticket by statement-level triggers on `tickets` (migration 0041): each INSERT / UPDATE /
 * DELETE appends the difference it makes as rows with `compact = false` (append-only: no row locks
 * shared between concurrent filings); the `tickets.kpi-compact` job folds a key's rows into one
 * (`compact = true`) in one statement, so a crash or a rerun never changes a sum. Every figure is the
 * sum of its column over a key's rows: count (all tickets, merged ones too — by channel, category and
 * day), received, answered, answered by the deadline, rated, satisfied (merged duplicates left out).
 */
export const ticketKpiDaily = pgTable(
  'ticket_kpi_daily',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    day: date('day').notNull(),
    regionCode: text('region_code').notNull(),
    dim: text('dim').notNull(), // department | channel | category
    key: text('key').notNull(),
    count: integer('count').notNull().default(0),
    received: integer('received').notNull().default(0),
    answered: integer('answered').notNull().default(0),
    onTime: integer('on_time').notNull().default(0),
    rated: integer('rated').notNull().default(0),
    satisfied: integer('satisfied').notNull().default(0),
    compact: boolean('compact').notNull().default(false),
  },
  (t) => [
    index('ticket_kpi_daily_day_idx').on(t.day, t.regionCode, t.dim, t.key),
    index('ticket_kpi_daily_pending_idx').on(t.day, t.regionCode, t.dim, t.key).where(sql`not compact`),
  ],
);
