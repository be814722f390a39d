import { boolean, date, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex, smallint, uuid } from 'drizzle-orm/pg-core';

/**
 * Case files (病例档案): a confirmed, asymptomatic or suspected case, the person identified by a
 * document number (ciphertext + blind index) and, when they have an account, their citizen id.
 * Region-scoped by region_code. `public_number` is given on first publication ("确诊病例3").
 */
export const tracingCases = pgTable(
  'tracing_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    status: text('status').notNull(), // suspected | asymptomatic | confirmed | excluded | recovered
    documentType: text('document_type').notNull(),
    documentIndex: text('document_index').notNull(),
    documentNumberCipher: text('document_number_cipher').notNull(),
    nameCipher: text('name_cipher').notNull(),
    citizenId: uuid('citizen_id'),
    onsetDate: date('onset_date', { mode: 'string' }),
    reportDate: date('report_date', { mode: 'string' }).notNull(),
    confirmedDate: date('confirmed_date', { mode: 'string' }),
    source: text('source').notNull(), // hospital | screening | self_report | contact_tracing
    regionCode: text('region_code').notNull(),
    notes: text('notes').notNull().default(''),
    publicNumber: integer('public_number'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** When the case was opened from a followed-up contact (escalation): that contact, whose case is the source. */
    sourceContactId: uuid('source_contact_id'),
    /** The cluster (聚集性疫情) the case belongs to, if any. */
    clusterId: uuid('cluster_id'),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('tracing_cases_region_idx').on(t.regionCode, t.createdAt),
    index('tracing_cases_document_idx').on(t.documentIndex),
    uniqueIndex('tracing_cases_public_number_idx').on(t.regionCode, t.publicNumber),
  ],
);

/** Every status change of a case, with who made it and why (the case's history). */
export const tracingCaseHistory = pgTable(
  'tracing_case_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason').notNull(),
    changedBy: uuid('changed_by').notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
    /** An edit of the case's facts (status unchanged): each changed field with its value before and after (notes: only that they changed). */
    changes: jsonb('changes').$type<Record<string, { from: string | null; to: string | null }>>(),
  },
  (t) => [index('tracing_case_history_case_idx').on(t.caseId, t.changedAt)],
);

/**
 * Itinerary points (活动轨迹) of a case: a stay (a venue or a free-text place, from–to) or a trip
 * (train / flight / coach / bus / ferry number on a date, with carriage or cabin and seat). A point is
 * public once published_at is set; the public sees no name, no ID and no seat.
 */
export const tracingItineraryPoints = pgTable(
  'tracing_itinerary_points',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id').notNull(),
    kind: text('kind').notNull(), // stay | trip
    fromAt: timestamp('from_at', { withTimezone: true }).notNull(),
    toAt: timestamp('to_at', { withTimezone: true }).notNull(),
    venueId: uuid('venue_id'),
    placeName: text('place_name').notNull(),
    divisionCode: text('division_code').notNull(),
    mode: text('mode'), // train | flight | coach | bus | ferry (trips)
    tripNumber: text('trip_number'),
    tripDate: date('trip_date', { mode: 'string' }),
    carriage: text('carriage'), // train carriage, ferry cabin
    seat: text('seat'),
    note: text('note').notNull().default(''),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('tracing_points_case_idx').on(t.caseId, t.fromAt),
    index('tracing_points_published_idx').on(t.publishedAt, t.fromAt),
    index('tracing_points_trip_idx').on(t.tripNumber, t.tripDate),
  ],
);

/**
 * Contacts (密接) an officer decided on: a co-present person confirmed (close / secondary / general)
 * or dismissed, with the exposure that made them a candidate, who decided and why.
 */
export const tracingContacts = pgTable(
  'tracing_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id').notNull(),
    citizenId: uuid('citizen_id').notNull(),
    decision: text('decision').notNull(), // confirmed | dismissed
    level: text('level'), // close | secondary | general (confirmed only)
    /** 1: found by co-presence with the case (or a report); 2: found through a first-degree contact (次密接研判). */
    degree: smallint('degree').notNull().default(1),
    reason: text('reason').notNull(),
    venueId: uuid('venue_id'),
    lastExposureAt: timestamp('last_exposure_at', { withTimezone: true }),
    overlapMinutes: integer('overlap_minutes').notNull(),
    regionCode: text('region_code').notNull(),
    decidedBy: uuid('decided_by').notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * The worklist the contact is on: the county of the contact's household division (户籍地) when
     * known, else the case's region; changed by a hand-over to another county (tracing_contact_handovers).
     */
    assignedRegion: text('assigned_region').notNull().default(''),
    /** Follow-up period (China days, inclusive): from the day after the last exposure to followUntil. Null: no follow-up. */
    followFrom: date('follow_from', { mode: 'string' }),
    followUntil: date('follow_until', { mode: 'string' }),
    /** active | escalated (a suspected case was opened) | ended */
    followStatus: text('follow_status').notNull().default('active'),
    escalatedCaseId: uuid('escalated_case_id'),
  },
  (t) => [
    uniqueIndex('tracing_contacts_case_citizen_idx').on(t.caseId, t.citizenId),
    index('tracing_contacts_citizen_idx').on(t.citizenId),
    index('tracing_contacts_assigned_idx').on(t.assignedRegion, t.followUntil),
  ],
);

/**
 * Lab results per person (检测结果): sample date, test type, lab, result, report date — each a fact for
 * the health code's colour rules (`ext:lab.<type>`). The person by document (ciphertext + blind index)
 * and their account when one exists. A positive result without an open case proposes one (case_id
 * is set once a case is opened from it).
 */
export const tracingLabResults = pgTable(
  'tracing_lab_results',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentType: text('document_type').notNull(),
    documentIndex: text('document_index').notNull(),
    documentNumberCipher: text('document_number_cipher').notNull(),
    nameCipher: text('name_cipher').notNull(),
    citizenId: uuid('citizen_id'),
    sampleDate: date('sample_date', { mode: 'string' }).notNull(),
    testType: text('test_type').notNull(), // nucleic_acid | antigen | antibody
    lab: text('lab').notNull(),
    result: text('result').notNull(), // positive | negative
    reportDate: date('report_date', { mode: 'string' }).notNull(),
    regionCode: text('region_code').notNull(),
    caseId: uuid('case_id'),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('tracing_lab_results_document_idx').on(t.documentIndex, t.sampleDate), index('tracing_lab_results_region_idx').on(t.regionCode, t.createdAt)],
);

/** Clusters (聚集性疫情) with their shared exposure event (a market, a wedding), region-scoped. */
export const tracingClusters = pgTable(
  'tracing_clusters',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    event: text('event').notNull(),
    regionCode: text('region_code').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('tracing_clusters_region_idx').on(t.regionCode, t.createdAt)],
);

/**
 * A citizen's report of a self-check match (我已核对，主动报告): the published point they shared with a
 * case. Officers of the case's region review it and confirm the citizen as a contact (or dismiss it);
 * one report per citizen and point.
 */
export const tracingSelfReports = pgTable(
  'tracing_self_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    citizenId: uuid('citizen_id').notNull(),
    pointId: uuid('point_id').notNull(),
    caseId: uuid('case_id').notNull(),
    regionCode: text('region_code').notNull(),
    note: text('note').notNull().default(''),
    status: text('status').notNull().default('new'), // new | confirmed | dismissed
    contactId: uuid('contact_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('tracing_self_reports_citizen_point_idx').on(t.citizenId, t.pointId), index('tracing_self_reports_region_idx').on(t.regionCode, t.status, t.createdAt)],
);

/** Hand-overs of a contact between worklists (across counties), with who and why. */
export const tracingContactHandovers = pgTable(
  'tracing_contact_handovers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contactId: uuid('contact_id').notNull(),
    fromRegion: text('from_region').notNull(),
    toRegion: text('to_region').notNull(),
    reason: text('reason').notNull(),
    handedBy: uuid('handed_by').notNull(),
    handedAt: timestamp('handed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('tracing_contact_handovers_contact_idx').on(t.contactId, t.handedAt)],
);

/**
 * The daily follow-up of a confirmed contact (医学观察随访): one entry per contact and China day —
 * reached or not, symptoms, temperature, whether a test was taken. A later entry for the same day
 * replaces it (corrections), each save audited.
 */
export const tracingFollowUps = pgTable(
  'tracing_follow_ups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contactId: uuid('contact_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    reached: boolean('reached').notNull(),
    symptoms: text('symptoms').array().notNull().default([]),
    temperature: numeric('temperature', { precision: 3, scale: 1 }),
    testTaken: boolean('test_taken').notNull().default(false),
    note: text('note').notNull().default(''),
    recordedBy: uuid('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('tracing_follow_ups_contact_day_idx').on(t.contactId, t.day)],
);

/**
 * The tracing window per case status (流调追溯时长): how many days before the anchor day co-presence
 * is traced — the onset (else the report) for confirmed and suspected cases, the first positive
 * sample (else the onset, else the report) for asymptomatic ones. A status without a row uses 14 days.
 * Edited by city-level health officers, each change audited.
 */
export const tracingWindows = pgTable('tracing_windows', {
  caseStatus: text('case_status').primaryKey(), // confirmed | suspected | asymptomatic
  daysBefore: integer('days_before').notNull(),
  updatedBy: uuid('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The stay length tracing assumes after a scan at a venue of a type (默认停留时长), when no check-out
 * exists: a row replaces the venues' own registered lengths for that type in every co-presence
 * comparison (first and second degree, the self-check, seeding an itinerary from scans); without a
 * row a venue's own length applies (itself defaulted by type at registration).
 */
export const tracingStayDefaults = pgTable('tracing_stay_defaults', {
  venueType: text('venue_type').primaryKey(),
  minutes: integer('minutes').notNull(),
  updatedBy: uuid('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
