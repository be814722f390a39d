import { boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Venues (场所). Registered by an owner or an officer, approved by an officer of the venue's region.
 * The contact person's name and phone are personal data: ciphertexts only. `codeSecret` is the
 * per-venue HMAC key behind its place codes, itself encrypted with the field cipher.
 */
export const venues = pgTable(
  'venues',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    type: text('type').notNull(), // see VENUE_TYPES in venues.types.ts
    address: text('address').notNull(),
    divisionCode: text('division_code').notNull(), // GB/T 2260, county level or below
    latitude: doublePrecision('latitude').notNull(),
    longitude: doublePrecision('longitude').notNull(),
    stayMinutes: integer('stay_minutes').notNull(),
    contactNameCipher: text('contact_name_cipher').notNull(),
    contactPhoneCipher: text('contact_phone_cipher').notNull(),
    status: text('status').notNull().default('pending'), // pending | approved | rejected
    codeSecretCipher: text('code_secret_cipher').notNull(),
    /** Bumped to revoke every printed poster of the venue (a leaked static code). */
    staticCodeVersion: integer('static_code_version').notNull().default(1),
    /** The venue_staff account that may attach further staff accounts. */
    managerStaffId: uuid('manager_staff_id'),
    registeredByType: text('registered_by_type').notNull(), // citizen | staff
    registeredById: uuid('registered_by_id').notNull(),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('venues_division_idx').on(t.divisionCode, t.status),
    index('venues_registered_by_idx').on(t.registeredById),
  ],
);

/**
 * Scans (扫码记录): the hot table. Designed to shard: the distribution key venue_id is on every row
 * and in the primary key, scanned_at is the time column for partitioning and retention, and there
 * are no foreign keys (citizen_id points into another shard group and is not enforced).
 */
export const scans = pgTable(
  'scans',
  {
    venueId: uuid('venue_id').notNull(),
    id: uuid('id').notNull(),
    scannedAt: timestamp('scanned_at', { withTimezone: true, precision: 3 }).notNull(),
    citizenId: uuid('citizen_id').notNull(),
    /** The venue's division at scan time, so health-code rules need not join venues. */
    divisionCode: text('division_code').notNull(),
    method: text('method').notNull(), // citizen_scan_static | citizen_scan_dynamic | venue_scan_citizen | manual
    colour: text('colour').notNull(), // green | yellow | red: the colour shown at the door
    /** What the door answered: pass (通行) or stop (禁止通行). A refusal is recorded as a refusal. */
    decision: text('decision').notNull(),
    presenceProven: boolean('presence_proven').notNull(),
    /** Staff account that scanned the citizen or entered the visit (venue_scan_citizen, manual). */
    staffId: uuid('staff_id'),
    /** Distance from the venue in metres when the client sent its position. */
    distanceMeters: integer('distance_meters'),
  },
  (t) => [
    // (venue_id, scanned_at, id): distribution key first, then the partition key, as Citus and
    // declarative partitioning both require; it also serves the venue portal's "today" range scans.
    primaryKey({ name: 'scans_pk', columns: [t.venueId, t.scannedAt, t.id] }),
    // INCLUDE (venue_id, division_code, presence_proven) since migration 0048 (drizzle cannot express it):
    // the health-code scans fact source reads a person's scans index-only.
    index('scans_citizen_time_idx').on(t.citizenId, t.scannedAt),
    index('scans_time_idx').on(t.scannedAt),
  ],
);

/**
 * Abuse flags on place codes (a static poster used far away, replayed at volume, or by the same person
 * again and again), visible to officers of the venue's region. Same distribution key as scans.
 */
export const scanFlags = pgTable(
  'scan_flags',
  {
    venueId: uuid('venue_id').notNull(),
    id: uuid('id').notNull(),
    flaggedAt: timestamp('flagged_at', { withTimezone: true, precision: 3 }).notNull(),
    divisionCode: text('division_code').notNull(),
    scanId: uuid('scan_id'),
    citizenId: uuid('citizen_id'),
    reason: text('reason').notNull(), // far_away | volume | repeat_person
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    primaryKey({ name: 'scan_flags_pk', columns: [t.venueId, t.id] }),
    index('scan_flags_division_time_idx').on(t.divisionCode, t.flaggedAt),
    index('scan_flags_time_idx').on(t.flaggedAt),
  ],
);
