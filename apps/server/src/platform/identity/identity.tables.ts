import { boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

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
  (t) => [
    uniqueIndex('citizens_phone_idx').on(t.phoneIndex),
    uniqueIndex('citizens_document_idx').on(t.documentType, t.documentIndex),
    // Residents of a division (a risk-area change selects them by range: health-code repository underPrefix).
    index('citizens_household_division_idx').on(t.householdDivision),
    // Registry changes find a person's accounts by the blind index alone (any document type).
    index('citizens_document_index_idx').on(t.documentIndex),
  ],
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
    /** Set by an administrator: sign-in refuses until the account changes its password (POST /api/auth/staff/password). */
    passwordResetRequired: boolean('password_reset_required').notNull().default(false),
    /** The confidentiality commitment (保密承诺书) version last signed and when (commitment.ts); null: never signed. */
    commitmentVersion: integer('commitment_version'),
    commitmentSignedAt: timestamp('commitment_signed_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Unique whatever the case: usernames are stored lower-case, and the index also refuses a mixed-case
  // duplicate written by any other path.
  (t) => [uniqueIndex('staff_username_lower_idx').on(sql`lower(${t.username})`)],
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

/**
 * One-time sign-in codes sent by SMS. Only an HMAC of the code is stored; a code is single-use,
 * expires, and is burned after too many wrong attempts. Issuing a new code retires older ones.
 */
export const otpCodes = pgTable(
  'otp_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phoneIndex: text('phone_index').notNull(),
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('otp_codes_phone_idx').on(t.phoneIndex, t.createdAt)],
);

/**
 * The built-in SMS adapter's outbox (the local implementation of SmsSender): messages wait here,
 * readable by administrators in the console, until a gateway adapter is configured. Phone and body
 * are ciphertexts (the body carries a sign-in code).
 */
export const smsOutbox = pgTable(
  'sms_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phoneCipher: text('phone_cipher').notNull(),
    phoneIndex: text('phone_index').notNull(),
    template: text('template').notNull(), // e.g. otp
    bodyCipher: text('body_cipher').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sms_outbox_created_idx').on(t.createdAt), index('sms_outbox_phone_idx').on(t.phoneIndex, t.createdAt)],
);

/**
 * Rate-limit counters shared by every instance: one row per (rule, subject), a window that opens at
 * the first hit and closes `windowSeconds` later. key = rule name + a keyed hash of the subject
 * (phone, username, IP), never the plaintext.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    hits: integer('hits').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('rate_limits_expires_idx').on(t.expiresAt)],
);

/** Open-API clients (e.g. a hospital system verifying codes). The key is shown once; only its SHA-256 is kept. */
export const apiClients = pgTable(
  'api_clients',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull(),
    keyPrefix: text('key_prefix').notNull(),
    permissions: text('permissions').array().notNull(),
    /** GB/T 2260 scope of the key (never wider than its creator's): its requests see only records within it; '' is the whole deployment. */
    regionCode: text('region_code').notNull().default(''),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by'),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_clients_key_idx').on(t.keyHash)],
);

/**
 * Every signature of the confidentiality commitment (保密承诺书): who signed which version of the
 * text, when, from where. The account's current one is also on staff_accounts (read with the session).
 */
export const staffCommitments = pgTable(
  'staff_commitments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    staffId: uuid('staff_id').notNull(),
    version: integer('version').notNull(),
    /** SHA-256 (hex) of the Chinese and English text signed, so a later edit of a version's text shows. */
    textHash: text('text_hash').notNull(),
    signedAt: timestamp('signed_at', { withTimezone: true }).notNull().defaultNow(),
    ip: text('ip'),
  },
  (t) => [index('staff_commitments_staff_idx').on(t.staffId, t.signedAt)],
);

/**
 * The texts of the confidentiality commitment (保密承诺书) after the first: each a new version,
 * published only when a second administrator of city-or-wider scope approves the proposal
 * (platform/approvals kind identity.commitment.publish). The highest version is current; with no
 * row, the text in code (commitment.ts COMMITMENT, version 1) is. A change here announces '*' on
 * fx_identity (drizzle/0029), so every instance re-reads sessions with the new current version and
 * every account must sign again.
 */
export const staffCommitmentTexts = pgTable('staff_commitment_texts', {
  version: integer('version').primaryKey(),
  titleZh: text('title_zh').notNull(),
  titleEn: text('title_en').notNull(),
  textZh: text('text_zh').notNull(),
  textEn: text('text_en').notNull(),
  approvalId: uuid('approval_id').notNull(),
  proposedBy: uuid('proposed_by').notNull(),
  approvedBy: uuid('approved_by').notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
});
