import { date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** Citizens (市民). Personal fields are ciphertexts (FieldCipher); lookups go through blind indexes. */
export const citizens = pgTable(
  'citizens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phoneCipher: text('phone_cipher').notNull(),
    phoneIndex: text('phone_index').notNull(),
    nameCipher: text('name_cipher'),
    documentType: text('document_type'), // resident_id | passport | hk_macao_permit | taiwan_permit | foreign_permanent_residence
    documentNumberCipher: text('document_number_cipher'),
    documentIndex: text('document_index'),
    birthDate: date('birth_date'),
    sex: text('sex'), // male | female
    nationality: text('nationality'),
    householdDivision: text('household_division'), // GB/T 2260
    addressCipher: text('address_cipher'),
    language: text('language').notNull().default('zh-CN'),
    realNameAt: timestamp('real_name_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('citizens_phone_idx').on(t.phoneIndex), uniqueIndex('citizens_document_idx').on(t.documentType, t.documentIndex)],
);

/** Staff accounts (工作人员): officers of a department, scoped to a region; venue staff belong to a venue. */
export const staffAccounts = pgTable(
  'staff_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    passwordHash: text('password_hash').notNull(),
    displayName: text('display_name').notNull(),
    department: text('department').notNull(),
    roles: text('roles').array().notNull(),
    regionCode: text('region_code').notNull(),
    venueId: uuid('venue_id'),
    language: text('language').notNull().default('zh-CN'),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('staff_username_idx').on(t.username)],
);

/** Sessions live in the database so any instance can serve any request. id = SHA-256 of the bearer token. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    subjectType: text('subject_type').notNull(), // citizen | staff
    subjectId: uuid('subject_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_subject_idx').on(t.subjectType, t.subjectId)],
);
