import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The screening database (排查人员基础数据库). Personal fields are FieldCipher ciphertexts (`*_cipher`,
 * rotated by `npm run keys:rotate`); lookups go through blind indexes. Rows carry the person id where
 * they belong to one, so the tables can be distributed by person.
 */

/** Where screening lists come from (telecom, province, police, health, self-declared…), with the saved column mapping. */
export const screeningSources = pgTable(
  'screening_sources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind').notNull(), // telecom | province | police | health | self_declared | other
    /** 1 (low) … 5 (high): a field from a more trusted source replaces a less trusted one. */
    trust: integer('trust').notNull().default(3),
    /** Default SLA of this source's tasks: first contact, and feedback (hours after dispatch). */
    contactHours: integer('contact_hours').notNull().default(12),
    feedbackHours: integer('feedback_hours').notNull().default(24),
    /** Division used when a row names none (e.g. a telecom list for the whole city). */
    defaultDivision: text('default_division'),
    /** Screening field → column header in this source's files. */
    columnMapping: jsonb('column_mapping').$type<Record<string, string>>().notNull().default({}),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('screening_sources_name_idx').on(t.name)],
);

/**
 * One uploaded list and its import. `line` is the checkpoint: every row up to it is committed (its
 * reports, persons, rejections and these counters in one transaction), so a resumed import starts after it.
 */
export const screeningImports = pgTable(
  'screening_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sourceId: uuid('source_id').notNull(),
    fileId: uuid('file_id').notNull(),
    fileName: text('file_name').notNull(),
    format: text('format').notNull(), // csv | xlsx
    /** SHA-256 of the file: the same file imported again into the same source is the same import. */
    contentHash: text('content_hash').notNull(),
    status: text('status').notNull().default('queued'), // queued | running | succeeded | failed | cancelled
    jobId: uuid('job_id'),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    /** How its batches are sized: paced (from the time the last ones held the database) | fast (fixed `batchRows`). */
    pace: text('pace').notNull().default('paced'),
    /** Rows per batch when fixed (pace fast); null when paced. */
    batchRows: integer('batch_rows'),
    encoding: text('encoding'), // utf-8 | gb18030 (CSV), as detected
    line: integer('line').notNull().default(0),
    rowsRead: integer('rows_read').notNull().default(0),
    accepted: integer('accepted').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    matched: integer('matched').notNull().default(0),
    created: integer('created').notNull().default(0),
    reviews: integer('reviews').notNull().default(0),
    error: text('error'),
    regionCode: text('region_code').notNull().default(''),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [uniqueIndex('screening_imports_hash_idx').on(t.sourceId, t.contentHash), index('screening_imports_created_idx').on(t.createdAt)],
);

/** A row an import refused, with its row number and reason; the raw row is kept encrypted for correction. */
export const screeningRejectedRows = pgTable(
  'screening_rejected_rows',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    importId: uuid('import_id').notNull(),
    line: integer('line').notNull(),
    reason: text('reason').notNull(), // id_checksum | id_format | birth_date | division_unknown | phone_invalid | identity_missing | name_missing…
    rawCipher: text('raw_cipher').notNull(),
  },
  (t) => [uniqueIndex('screening_rejected_line_idx').on(t.importId, t.line)],
);

/** Where a field value of a person came from. */
export interface FieldProvenance {
  sourceId: string;
  importId: string | null;
  at: string;
  trust: number;
}

/** One person, merged from every source that reported them. */
export const screeningPersons = pgTable(
  'screening_persons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    nameCipher: text('name_cipher'),
    documentType: text('document_type'), // resident_id (others later)
    documentNumberCipher: text('document_number_cipher'),
    documentIndex: text('document_index'),
    phoneCipher: text('phone_cipher'),
    phoneIndex: text('phone_index'),
    birthDate: date('birth_date'),
    sex: text('sex'),
    residenceDivision: text('residence_division'),
    householdDivision: text('household_division'),
    addressCipher: text('address_cipher'),
    /** Where the person came from (free text of the source: 武汉市, a high-risk area…). */
    originCipher: text('origin_cipher'),
    arrivalDate: date('arrival_date'),
    /** pending | reached | home_quarantine | central_quarantine | released */
    status: text('status').notNull().default('pending'),
    /** field → which source said it and when. */
    provenance: jsonb('provenance').$type<Record<string, FieldProvenance>>().notNull().default({}),
    firstReportedAt: timestamp('first_reported_at', { withTimezone: true, precision: 3 }).notNull(),
    firstSourceId: uuid('first_source_id').notNull(),
    /** Set when this record was merged into another (the survivor); merged records are hidden. */
    mergedInto: uuid('merged_into'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    // One live person per ID number.
    uniqueIndex('screening_persons_document_idx').on(t.documentIndex).where(sql`${t.documentIndex} is not null and ${t.mergedInto} is null`),
    index('screening_persons_phone_idx').on(t.phoneIndex),
    index('screening_persons_residence_idx').on(t.residenceDivision),
  ],
);

/** Which source reported a person, when, and what it said (encrypted): one row per imported row. */
export const screeningReports = pgTable(
  'screening_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id').notNull(),
    sourceId: uuid('source_id').notNull(),
    importId: uuid('import_id'),
    line: integer('line'),
    /** When the source says it saw the person (its own column), else when the list was imported. */
    reportedAt: timestamp('reported_at', { withTimezone: true, precision: 3 }).notNull(),
    division: text('division'),
    /** The normalised row as the source gave it (JSON, encrypted). */
    valuesCipher: text('values_cipher').notNull(),
    /** How the row was matched: document | phone_name | new | review. */
    matchedBy: text('matched_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('screening_reports_line_idx').on(t.importId, t.line),
    index('screening_reports_person_idx').on(t.personId, t.reportedAt),
    index('screening_reports_source_idx').on(t.sourceId, t.personId),
  ],
);

/** A pair the matcher could not decide (same phone, similar name): an officer merges or keeps them apart. */
export const screeningReviews = pgTable(
  'screening_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The record created from the new row, and the existing record it may be. */
    personId: uuid('person_id').notNull(),
    candidateId: uuid('candidate_id').notNull(),
    score: real('score').notNull(),
    reasons: jsonb('reasons').$type<string[]>().notNull().default([]),
    importId: uuid('import_id'),
    regionCode: text('region_code').notNull().default(''),
    status: text('status').notNull().default('open'), // open | merged | kept_apart
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true, precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('screening_reviews_status_idx').on(t.status, t.createdAt), uniqueIndex('screening_reviews_pair_idx').on(t.personId, t.candidateId)],
);

/** A merge of one person into another, with what it changed, so it can be undone. */
export const screeningMerges = pgTable(
  'screening_merges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    survivorId: uuid('survivor_id').notNull(),
    mergedId: uuid('merged_id').notNull(),
    reviewId: uuid('review_id'),
    /** The survivor's fields and provenance before the merge, and the moved rows (JSON, encrypted). */
    snapshotCipher: text('snapshot_cipher').notNull(),
    reason: text('reason'),
    mergedBy: uuid('merged_by').notNull(),
    mergedAt: timestamp('merged_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    undoneBy: uuid('undone_by'),
    undoneAt: timestamp('undone_at', { withTimezone: true, precision: 3 }),
    undoReason: text('undo_reason'),
  },
  (t) => [index('screening_merges_survivor_idx').on(t.survivorId), index('screening_merges_merged_idx').on(t.mergedId)],
);

/**
 * Dispatch rules (rules as data): the first rule (by priority) whose source kind and division prefix
 * fit a person decides which division's command post gets the task and its SLA.
 */
export const screeningDispatchRules = pgTable('screening_dispatch_rules', {
  id: uuid('id').primaryKey().defaultRandom(),
  priority: integer('priority').notNull().default(100),
  /** Only persons of sources of this kind (null: any). */
  sourceKind: text('source_kind'),
  /** Only persons whose division starts with this prefix (null: any). */
  divisionPrefix: text('division_prefix'),
  /** Which division decides: residence (现住址) or household (户籍). */
  useDivision: text('use_division').notNull().default('residence'),
  /** Send to this division instead (e.g. a city's own team), null: the county of the person's division. */
  targetDivision: text('target_division'),
  contactHours: integer('contact_hours'),
  feedbackHours: integer('feedback_hours'),
  note: text('note'),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/** A follow-up task of a county command post (下发—核查—反馈—销号), with its SLA deadlines. */
export const screeningTasks = pgTable(
  'screening_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id').notNull(),
    /** The command post's division (a county, or the city for unplaceable people): region scope. */
    regionCode: text('region_code').notNull(),
    status: text('status').notNull().default('open'), // open | closed | merged
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true, precision: 3 }).notNull(),
    contactDueAt: timestamp('contact_due_at', { withTimezone: true, precision: 3 }).notNull(),
    feedbackDueAt: timestamp('feedback_due_at', { withTimezone: true, precision: 3 }).notNull(),
    contactedAt: timestamp('contacted_at', { withTimezone: true, precision: 3 }),
    feedbackAt: timestamp('feedback_at', { withTimezone: true, precision: 3 }),
    /** Escalated to the city (the division one level up) when a deadline passed. */
    escalatedAt: timestamp('escalated_at', { withTimezone: true, precision: 3 }),
    escalatedTo: text('escalated_to'),
    reassignReason: text('reassign_reason'),
    closedAt: timestamp('closed_at', { withTimezone: true, precision: 3 }),
    closedBy: uuid('closed_by'),
    reopenReason: text('reopen_reason'),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    // One task per person that is not closed.
    uniqueIndex('screening_tasks_open_person_idx').on(t.personId).where(sql`${t.status} = 'open'`),
    index('screening_tasks_region_idx').on(t.regionCode, t.status, t.dispatchedAt),
    index('screening_tasks_due_idx').on(t.status, t.contactDueAt),
  ],
);

/** An attempt to reach the person. */
export interface ContactAttempt {
  at: string;
  channel: 'phone' | 'visit' | 'sms' | 'other';
  reached: boolean;
}
/** A test result. */
export interface TestResult {
  date: string;
  type: 'nucleic_acid' | 'antigen' | 'antibody';
  result: 'negative' | 'positive' | 'pending';
}

/** One follow-up form as saved (each save is a new row: the history of the task). */
export const screeningFollowUps = pgTable(
  'screening_follow_ups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taskId: uuid('task_id').notNull(),
    personId: uuid('person_id').notNull(),
    reached: boolean('reached').notNull(),
    attempts: jsonb('attempts').$type<ContactAttempt[]>().notNull().default([]),
    locationCipher: text('location_cipher'),
    quarantineKind: text('quarantine_kind'), // home | central
    quarantineFrom: date('quarantine_from'),
    quarantineTo: date('quarantine_to'),
    quarantineSiteCipher: text('quarantine_site_cipher'),
    tests: jsonb('tests').$type<TestResult[]>().notNull().default([]),
    releasedOn: date('released_on'),
    noteCipher: text('note_cipher'),
    recordedBy: uuid('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('screening_follow_ups_task_idx').on(t.taskId, t.recordedAt), index('screening_follow_ups_person_idx').on(t.personId, t.recordedAt)],
);
