import { sql } from 'drizzle-orm';
import { bigserial, boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ItemContent } from '@fangxian/contracts/govservice';

/**
 * A service item of the catalogue (政务服务事项): its code, region and the versions of its implementation
 * list. `publishedVersionId` is what the public catalogue shows and new applications are filed under.
 */
export const gsItems = pgTable(
  'gs_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    /** `item`, or `bundle` (一件事一次办: its versions hold the composed content of its member items). */
    kind: text('kind').notNull().default('item'),
    /** GB/T 2260 division of the issuing authority; staff edit and review within their scope. */
    regionCode: text('region_code').notNull(),
    /** Name and department of the published version, copied for search and lists. */
    name: text('name').notNull(),
    department: text('department').notNull(),
    publishedVersionId: uuid('published_version_id'),
    draftVersionId: uuid('draft_version_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('gs_items_code_idx').on(t.code), index('gs_items_region_idx').on(t.regionCode)],
);

/** One version of an item's implementation list; published versions are never changed again. */
export const gsItemVersions = pgTable(
  'gs_item_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemId: uuid('item_id').notNull(),
    version: integer('version').notNull(),
    status: text('status').notNull(), // draft | published | superseded
    content: jsonb('content').$type<ItemContent>().notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('gs_item_versions_item_idx').on(t.itemId, t.version)],
);

/** One uploaded material of an application: the material key and the file ids (files platform). */
export interface MaterialFiles {
  key: string;
  fileIds: string[];
}
/** A window officer's comment on one material when returning an application for correction (预审退回). */
export interface MaterialComment {
  key: string;
  comment: string;
}

/**
 * An application (办件). Personal fields — the applicant's name and document, phone, the form values
 * (which may hold more), the delivery address, the signer of a commitment — are ciphertexts.
 */
export const gsApplications = pgTable(
  'gs_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    itemId: uuid('item_id').notNull(),
    /** The catalogue version it was filed under: its form, materials, limits and modes apply for good. */
    itemVersionId: uuid('item_version_id').notNull(),
    regionCode: text('region_code').notNull(),
    citizenId: uuid('citizen_id').notNull(),
    applicantType: text('applicant_type').notNull(), // person | enterprise
    applicantNameCipher: text('applicant_name_cipher').notNull(),
    /** person: the ID number; enterprise: the legal representative's is not kept — the agent's is. */
    applicantDocumentCipher: text('applicant_document_cipher'),
    /** enterprise: name and unified social credit code (public registry data, kept plain for lookups). */
    enterpriseName: text('enterprise_name'),
    enterpriseCode: text('enterprise_code'),
    /** enterprise: the authorised agent (the signed-in citizen) — name cipher; their ID is applicantDocumentCipher. */
    agentNameCipher: text('agent_name_cipher'),
    phoneCipher: text('phone_cipher'),
    formCipher: text('form_cipher').notNull(),
    materials: jsonb('materials').$type<MaterialFiles[]>().notNull().default([]),
    status: text('status').notNull(),
    mode: text('mode').notNull(), // normal | tolerance | commitment
    /** 优先办: the applicant asked for priority (with a reason); the window may grant the green channel. */
    priorityRequested: boolean('priority_requested').notNull().default(false),
    priorityReason: text('priority_reason'),
    greenChannel: boolean('green_channel').notNull().default(false),
    greenChannelReason: text('green_channel_reason'),
    /** 容缺受理: the material keys accepted missing, still to be supplied, and the promised day. */
    missingMaterials: jsonb('missing_materials').$type<string[]>().notNull().default([]),
    supplyBy: date('supply_by'),
    supplyRemindedAt: timestamp('supply_reminded_at', { withTimezone: true }),
    supplyEscalatedAt: timestamp('supply_escalated_at', { withTimezone: true }),
    /** 告知承诺: when and by whom (cipher of name + document) the item's commitment text (its hash) was signed. */
    commitmentSignedAt: timestamp('commitment_signed_at', { withTimezone: true }),
    commitmentSignerCipher: text('commitment_signer_cipher'),
    commitmentTextSha256: text('commitment_text_sha256'),
    corrections: jsonb('corrections').$type<MaterialComment[]>().notNull().default([]),
    /** 政务快递: the applicant wants the result by express, to this address (handed to platform/delivery). */
    wantsExpress: boolean('wants_express').notNull().default(false),
    deliveryAddressCipher: text('delivery_address_cipher'),
    decisionNote: text('decision_note'),
    /** 直通车: the park project the application belongs to (its dedicated handler sees it). */
    projectId: uuid('project_id'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    dueAt: timestamp('due_at', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('gs_applications_number_idx').on(t.number),
    index('gs_applications_citizen_idx').on(t.citizenId, t.createdAt),
    index('gs_applications_region_status_idx').on(t.regionCode, t.status, t.dueAt),
  ],
);

/** A department's part of an application under one-window review: each decides its own, in parallel. */
export const gsApplicationParts = pgTable(
  'gs_application_parts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id').notNull(),
    regionCode: text('region_code').notNull(),
    department: text('department').notNull(),
    /** 一件事一次办: the member item this part decides ('' for an ordinary item: one part per department). */
    itemCode: text('item_code').notNull().default(''),
    status: text('status').notNull(), // pending | approved | rejected
    /** What the applicant is told (a refusal's reason); never the officer. */
    publicNote: text('public_note'),
    internalNote: text('internal_note'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('gs_application_parts_idx').on(t.applicationId, t.department, t.itemCode), index('gs_application_parts_department_idx').on(t.department, t.status)],
);

/** Every step of an application; the applicant's timeline shows action, status, public note and time only. */
export const gsEvents = pgTable(
  'gs_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Insertion order: steps of one transaction share their time. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    applicationId: uuid('application_id').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    department: text('department'),
    publicNote: text('public_note'),
    internalNote: text('internal_note'),
    actorType: text('actor_type').notNull(),
    actorId: uuid('actor_id'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('gs_events_application_idx').on(t.applicationId, t.seq)],
);

/** 告知承诺: the post-approval inspection (事后核查) of a commitment; a failed one revokes the approval. */
export const gsInspections = pgTable(
  'gs_inspections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id').notNull(),
    regionCode: text('region_code').notNull(),
    department: text('department').notNull(),
    status: text('status').notNull(), // open | passed | failed
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    note: text('note'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('gs_inspections_department_idx').on(t.department, t.status, t.dueAt), uniqueIndex('gs_inspections_application_idx').on(t.applicationId)],
);

/**
 * The result of an approval (证照 / 批文): number, title, holder, fields. platform/documents renders and
 * signs it (after merge); platform/delivery ships it when the applicant wants express delivery.
 */
export const gsResults = pgTable(
  'gs_results',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id').notNull(),
    number: text('number').notNull(),
    title: text('title').notNull(),
    holderCipher: text('holder_cipher').notNull(),
    fields: jsonb('fields').$type<Record<string, string>>().notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('gs_results_number_idx').on(t.number), uniqueIndex('gs_results_application_idx').on(t.applicationId)],
);

/**
 * 云核验: a slot of remote verification an officer publishes (30 minutes on a fixed grid, China time);
 * the unique index on (officer, start) is what refuses overlapping availability under concurrency.
 */
export const gsVerifySlots = pgTable(
  'gs_verify_slots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: text('region_code').notNull(),
    department: text('department').notNull(),
    officerId: uuid('officer_id').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    capacity: integer('capacity').notNull(),
    booked: integer('booked').notNull().default(0),
    status: text('status').notNull(), // open | withdrawn
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('gs_verify_slots_officer_idx').on(t.officerId, t.startsAt), index('gs_verify_slots_department_idx').on(t.department, t.startsAt)],
);

/** 云核验: an applicant's booking of a slot for one application, and the officer's outcome. */
export const gsVerifyBookings = pgTable(
  'gs_verify_bookings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slotId: uuid('slot_id').notNull(),
    applicationId: uuid('application_id').notNull(),
    citizenId: uuid('citizen_id').notNull(),
    /** The video room the officer and the applicant meet in (no video platform is integrated: the code is shown to both). */
    roomCode: text('room_code').notNull(),
    status: text('status').notNull(), // booked | verified | failed | cancelled
    reason: text('reason'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('gs_verify_bookings_slot_idx').on(t.slotId),
    /** One open booking per application. */
    uniqueIndex('gs_verify_bookings_open_idx').on(t.applicationId).where(sql`status = 'booked'`),
  ],
);

/** 直通车: a park project (园区项目) of an enterprise, with its dedicated handler who follows every application of it across departments. */
export const gsProjects = pgTable(
  'gs_projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    park: text('park').notNull(),
    regionCode: text('region_code').notNull(),
    enterpriseName: text('enterprise_name').notNull(),
    enterpriseCode: text('enterprise_code').notNull(),
    /** The dedicated handler (专员): a staff account. */
    handlerId: uuid('handler_id').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('gs_projects_code_idx').on(t.code), index('gs_projects_handler_idx').on(t.handlerId)],
);
