import { signingKeysTable } from '../../platform/crypto/signing-keys.ts';
import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Evaluation, Hold, Reason, ReasonCode, Rule } from './health-code.types.ts';

/** A declared trip leg (行程): where and when, optionally how. */
export interface TripLeg {
  divisionCode: string;
  from: string;
  to: string;
  transport?: string;
  number?: string;
}

/**
 * Declarations (GB/T 38963 健康申报 / 行程申报). The health fields — temperature, symptoms, contact with
 * cases, underlying illness — are sensitive personal data: a health declaration keeps them only as one
 * field-cipher ciphertext of their JSON (`health_cipher`, see health-code.declarations.ts), opened where
 * facts are read and where the citizen reads their declarations. Residence and trips stay in clear:
 * risk-area changes search them. A declaration voided by an accepted correction stays for the record
 * but no longer feeds the rules.
 */
export const hcDeclarations = pgTable(
  'hc_declarations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    citizenId: uuid('citizen_id').notNull(),
    kind: text('kind').notNull(), // health | trip
    declaredOn: date('declared_on', { mode: 'string' }).notNull(),
    residenceDivision: text('residence_division'),
    /** Health declarations: FieldCipher ciphertext of HealthFields JSON; null for a trip declaration. */
    healthCipher: text('health_cipher'),
    trips: jsonb('trips').$type<TripLeg[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('hc_declarations_citizen_idx').on(t.citizenId, t.declaredOn),
    index('hc_declarations_residence_idx').on(t.residenceDivision),
    // A risk-area change reads the look-back's declarations (residence or trip legs in the area) by day.
    index('hc_declarations_day_idx').on(t.declaredOn),
    // …and its trip legs among the (few) declarations that have any, by day (issue 17: EXPLAIN at 100 k people).
    index('hc_declarations_trips_day_idx').on(t.declaredOn).where(sql`${t.trips} <> '[]'::jsonb`),
  ],
);

/**
 * Current code state per citizen: the last evaluation, and when it must be looked at again.
 *
 * The reasons (their texts and evidence name a fever's temperature, symptoms, places visited,
 * statuses) and the holds (each keeps its reason's text) are health data derived from encrypted
 * facts, so they are stored only as FieldCipher ciphertexts of their JSON (`reasons_cipher`,
 * `holds_cipher`; health-code.reasons.ts seals and opens them). What stays in clear is
 * `reason_codes` — rule id, reason code, colour and state of each reason, no values — for the
 * check constraint and statistics. `reasons`/`holds` are the clear columns of before migration 0006:
 * null for every row written since, sealed into the ciphertexts at start (sealLegacyReasons).
 */
export const healthCodes = pgTable(
  'health_codes',
  {
    citizenId: uuid('citizen_id').primaryKey(),
    colour: text('colour').notNull(),
    ruleSetVersion: integer('rule_set_version').notNull(),
    since: timestamp('since', { withTimezone: true }).notNull(),
    reasonCodes: jsonb('reason_codes').$type<ReasonCode[]>().notNull(),
    /** FieldCipher ciphertext of the Reason[] JSON; null only on a row not yet sealed (legacyReasons). */
    reasonsCipher: text('reasons_cipher'),
    /** FieldCipher ciphertext of the Hold[] JSON; null only on a row not yet sealed (legacyHolds). */
    holdsCipher: text('holds_cipher'),
    /** Before migration 0006: the reasons in clear. Null once sealed; dropped by a later migration. */
    legacyReasons: jsonb('reasons').$type<Reason[]>(),
    nextChange: jsonb('next_change').$type<Evaluation['nextChange']>(),
    /** Before migration 0006: the holds in clear. Null once sealed; dropped by a later migration. */
    legacyHolds: jsonb('holds').$type<Hold[]>(),
    /**
     * FieldCipher ciphertext of the override that decided the colour (Evaluation.override JSON: its
     * reason, expiry, approver); null when none decided it. Codes stored before migration 0011 have
     * null here and their override only in their reasons (health-code.reasons.ts reads both).
     */
    overrideCipher: text('override_cipher'),
    pendingConfirmation: boolean('pending_confirmation').notNull().default(false),
    /** Next time the sweep recomputes this code with no new fact (a window closes, a day passes). */
    nextCheckAt: timestamp('next_check_at', { withTimezone: true }),
    regionCode: text('region_code').notNull().default(''),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('health_codes_next_check_idx').on(t.nextCheckAt),
    index('health_codes_region_idx').on(t.regionCode, t.colour),
    // The rows still to seal at start (empty once every row is sealed; goes with the legacy columns).
    index('health_codes_legacy_reasons_idx').on(t.citizenId).where(sql`reasons is not null`),
    // No colour without a reason: green is the only colour that may have none.
    check('health_codes_colour_has_reason', sql`${t.colour} = 'green' or jsonb_array_length(${t.reasonCodes}) > 0`),
  ],
);

/**
 * Every colour change, immutable: from, to, rule version, reasons, and the fact or actor that caused it.
 * The reasons are stored like a code's: `reason_codes` in clear, the full reasons only as `reasons_cipher`.
 */
export const healthCodeEvents = pgTable(
  'health_code_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    citizenId: uuid('citizen_id').notNull(),
    fromColour: text('from_colour'),
    toColour: text('to_colour').notNull(),
    ruleSetVersion: integer('rule_set_version').notNull(),
    reasonCodes: jsonb('reason_codes').$type<ReasonCode[]>().notNull(),
    /** FieldCipher ciphertext of the Reason[] JSON; null only on a row not yet sealed (legacyReasons). */
    reasonsCipher: text('reasons_cipher'),
    /** Before migration 0006: the reasons in clear. Null once sealed; dropped by a later migration. */
    legacyReasons: jsonb('reasons').$type<Reason[]>(),
    causeType: text('cause_type').notNull(), // fact | actor | timer | rule_set
    cause: jsonb('cause').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('health_code_events_citizen_idx').on(t.citizenId, t.createdAt),
    index('health_code_events_legacy_reasons_idx').on(t.id).where(sql`reasons is not null`),
    check('health_code_events_colour_has_reason', sql`${t.toColour} = 'green' or jsonb_array_length(${t.reasonCodes}) > 0`),
  ],
);

/** Versioned rule sets; exactly one is active. */
export const hcRuleSets = pgTable(
  'hc_rule_sets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    version: integer('version').notNull(),
    status: text('status').notNull(), // draft | active | retired
    rules: jsonb('rules').$type<Rule[]>().notNull(),
    note: text('note').notNull().default(''),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    publishedBy: uuid('published_by'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('hc_rule_sets_version_idx').on(t.version), uniqueIndex('hc_rule_sets_one_active_idx').on(t.status).where(sql`status = 'active'`)],
);

/**
 * Manual overrides: proposed by one officer, approved by another; they expire. The maker-checker
 * step (propose → approve/reject/withdraw, proposal expiry, audit) is a `platform/approvals`
 * proposal of kind `health-code.override.set` (`approval_id`); this table carries the override's
 * own life (approved → in force until `expires_at` or revoked).
 */
export const hcOverrides = pgTable(
  'hc_overrides',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The platform approval deciding this override (null only for rows older than migration 0029, backfilled there). */
    approvalId: uuid('approval_id'),
    citizenId: uuid('citizen_id').notNull(),
    colour: text('colour').notNull(),
    reason: text('reason').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    status: text('status').notNull(), // proposed | approved | rejected | revoked
    regionCode: text('region_code').notNull(),
    proposedBy: uuid('proposed_by').notNull(),
    decidedBy: uuid('decided_by'),
    decisionNote: text('decision_note'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('hc_overrides_citizen_idx').on(t.citizenId, t.status),
    index('hc_overrides_region_idx').on(t.regionCode, t.status),
    check('hc_overrides_two_officers', sql`${t.decidedBy} is null or ${t.decidedBy} <> ${t.proposedBy}`),
  ],
);

/** Correction requests (纠错): a citizen disputes one fact; an officer of the region decides. Summary and reason are ciphertexts. */
export const hcCorrections = pgTable(
  'hc_corrections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    citizenId: uuid('citizen_id').notNull(),
    factType: text('fact_type').notNull(), // declaration | person_status | quarantine | scan
    factId: text('fact_id').notNull(),
    /** FieldCipher ciphertext of the disputed fact's {zh, en} summary (a declaration's names temperature and symptoms). */
    factSummaryCipher: text('fact_summary_cipher'),
    reasonCipher: text('reason_cipher').notNull(),
    status: text('status').notNull(), // pending | accepted | rejected
    regionCode: text('region_code').notNull(),
    reviewerId: uuid('reviewer_id'),
    reviewNote: text('review_note'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    colourAfter: text('colour_after'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('hc_corrections_citizen_idx').on(t.citizenId, t.createdAt), index('hc_corrections_region_idx').on(t.regionCode, t.status)],
);

/** Facts set aside by accepted corrections; every fact source skips them. */
export const hcFactExclusions = pgTable(
  'hc_fact_exclusions',
  {
    citizenId: uuid('citizen_id').notNull(),
    factType: text('fact_type').notNull(),
    factId: text('fact_id').notNull(),
    correctionId: uuid('correction_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.citizenId, t.factType, t.factId] })],
);

/** This issuer's token-signing keys; private keys only as field-cipher ciphertext. */
export const hcSigningKeys = signingKeysTable('hc_signing_keys');

/** Issued code tokens: the random code id is the only link from a QR to a citizen. */
export const hcCodeTokens = pgTable(
  'hc_code_tokens',
  {
    codeId: text('code_id').primaryKey(),
    citizenId: uuid('citizen_id').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /**
     * SHA-256 of the whole signed token as issued (base64url). A token presented back is checked
     * against it — byte for byte what was signed — instead of verifying the signature again (see
     * health-code.signing.ts checkToken). Null for tokens issued before the column existed.
     */
    tokenDigest: text('token_digest'),
  },
  (t) => [index('hc_code_tokens_expires_idx').on(t.expiresAt)],
);

/**
 * Tokens seen by verification (own and other issuers'), to tell a replay after expiry from a first
 * late scan: one row per token, written at its first use (later checks are scans or audit entries).
 */
export const hcTokenUses = pgTable(
  'hc_token_uses',
  {
    issuer: text('issuer').notNull(),
    codeId: text('code_id').notNull(),
    firstUsedAt: timestamp('first_used_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.codeId] }), index('hc_token_uses_expires_idx').on(t.expiresAt)],
);

/** Other regions' issuers whose tokens we accept offline (互认), by public key. */
export const hcTrustedIssuers = pgTable(
  'hc_trusted_issuers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    issuer: text('issuer').notNull(),
    kid: text('kid').notNull(),
    algorithm: text('algorithm').notNull(),
    publicKeyPem: text('public_key_pem').notNull(),
    name: text('name').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('hc_trusted_issuers_key_idx').on(t.issuer, t.kid)],
);

/** Facts pushed by other modules through recordFact (e.g. a daily check-in); read as `ext:<source>` facts. */
export const hcRecordedFacts = pgTable(
  'hc_recorded_facts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    citizenId: uuid('citizen_id').notNull(),
    source: text('source').notNull(),
    value: jsonb('value').$type<number | boolean | string | string[]>().notNull(),
    day: date('day', { mode: 'string' }),
    label: jsonb('label').$type<{ zh: string; en: string }>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('hc_recorded_facts_citizen_idx').on(t.citizenId, t.source, t.createdAt)],
);

/**
 * The people a background recomputation (a risk-area change: health-code.area-recompute) still has to
 * recompute, collected once by one set-based statement when the job starts and walked in citizen-id
 * order, a batch per transaction (the job's checkpoint is the last id done). Ids only; the job's rows
 * are deleted when it ends. The collection also marks their codes due (at the change's instant), so
 * reading one the job has not reached yet recomputes it first (upToDateCode); the sweep leaves them
 * to the job.
 */
export const hcRecomputeTargets = pgTable(
  'hc_recompute_targets',
  {
    jobId: uuid('job_id').notNull(),
    citizenId: uuid('citizen_id').notNull(),
  },
  // By citizen: the sweep leaves a job's people to the job (findDueCodes).
  (t) => [primaryKey({ columns: [t.jobId, t.citizenId] }), index('hc_recompute_targets_citizen_idx').on(t.citizenId)],
);
