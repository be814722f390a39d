import { date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Risk areas (风险地区) by GB/T 2260 division, maintained by the health commission. A code at city
 * or county level covers every division beneath it. end_date null = until further notice.
 */
export const riskAreas = pgTable(
  'risk_areas',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    divisionCode: text('division_code').notNull(),
    divisionName: text('division_name').notNull(),
    level: text('level').notNull(), // high | medium | low
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by').notNull(),
    updatedBy: uuid('updated_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('risk_areas_division_idx').on(t.divisionCode)],
);

/**
 * Person-status registry (人员状态): confirmed, suspected, … released, keyed by the person's document
 * blind index so it applies whether or not the person has registered yet. The latest entry by
 * status_date is the current status. Entries are never deleted; a corrected one is voided.
 */
export const personStatuses = pgTable(
  'person_statuses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentType: text('document_type').notNull(),
    documentIndex: text('document_index').notNull(),
    documentNumberCipher: text('document_number_cipher').notNull(),
    status: text('status').notNull(),
    statusDate: date('status_date', { mode: 'string' }).notNull(),
    source: text('source').notNull(), // e.g. 疾控中心流调, 公安协查
    regionCode: text('region_code').notNull(),
    recordedBy: uuid('recorded_by').notNull(),
    voidedAt: timestamp('voided_at', { withTimezone: true }),
    voidReason: text('void_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('person_statuses_document_idx').on(t.documentIndex), index('person_statuses_region_idx').on(t.regionCode, t.createdAt)],
);

/** Quarantine periods (隔离): home or central, from/to inclusive, keyed like the status registry. */
export const quarantinePeriods = pgTable(
  'quarantine_periods',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentType: text('document_type').notNull(),
    documentIndex: text('document_index').notNull(),
    documentNumberCipher: text('document_number_cipher').notNull(),
    kind: text('kind').notNull(), // home | central
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    toDate: date('to_date', { mode: 'string' }).notNull(),
    regionCode: text('region_code').notNull(),
    recordedBy: uuid('recorded_by').notNull(),
    voidedAt: timestamp('voided_at', { withTimezone: true }),
    voidReason: text('void_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('quarantine_document_idx').on(t.documentIndex), index('quarantine_region_idx').on(t.regionCode, t.createdAt)],
);
