import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Organisations (单位) that collect their members' daily health reports: registered by a citizen
 * (who becomes its first administrator), approved by an officer of its division. The unified social
 * credit code (GB 32100) is a public identifier of the organisation, not personal data.
 */
export const checkinOrgs = pgTable(
  'checkin_orgs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    type: text('type').notNull(), // agency | enterprise | school | hospital | other
    creditCode: text('credit_code').notNull(),
    divisionCode: text('division_code').notNull(), // GB/T 2260, county level or below
    address: text('address').notNull(),
    status: text('status').notNull().default('pending'), // pending | approved | rejected
    /** The code members type (or scan) to join; usable once approved. */
    inviteCode: text('invite_code').notNull(),
    createdBy: uuid('created_by').notNull(), // citizen
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    /** The daily window (China time, HH:MM): reports are expected from windowStart and due by the deadline. */
    windowStart: text('window_start').notNull().default('06:00'),
    deadline: text('deadline').notNull().default('12:00'),
    /** Minutes before the deadline when the scheduled reminder goes to members who have not reported. */
    remindBeforeMinutes: integer('remind_before_minutes').notNull().default(120),
    /** Extra questions the organisation adds to the unified form (ExtraField[], checkin.rules.ts). */
    extraFields: jsonb('extra_fields').$type<unknown[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('checkin_orgs_credit_code_idx').on(t.creditCode),
    uniqueIndex('checkin_orgs_invite_code_idx').on(t.inviteCode),
    index('checkin_orgs_division_idx').on(t.divisionCode, t.status),
  ],
);

/**
 * Membership: a citizen in an organisation. status: invited (imported by an admin, not yet accepted)
 * | active (consent given: the organisation sees the member's daily reports) | left (consent
 * withdrawn: nothing shared any more). role: admin | member.
 */
export const checkinMembers = pgTable(
  'checkin_members',
  {
    orgId: uuid('org_id').notNull(),
    citizenId: uuid('citizen_id').notNull(),
    role: text('role').notNull().default('member'),
    status: text('status').notNull(),
    department: text('department'),
    /** The member's node in the organisation's department tree (checkin_departments), or null. */
    departmentId: uuid('department_id'),
    joinedVia: text('joined_via').notNull(), // register | invite_code | import
    consentAt: timestamp('consent_at', { withTimezone: true }),
    leftAt: timestamp('left_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'checkin_members_pk', columns: [t.orgId, t.citizenId] }),
    index('checkin_members_citizen_idx').on(t.citizenId),
    // The day view's page in its order (department label, then citizen id) over active members only.
    index('checkin_members_org_active_dept_idx').on(t.orgId, t.department, t.citizenId).where(sql`status = 'active'`),
  ],
);

/**
 * The current daily report of a person (one per citizen and China day, for all their organisations).
 * A second submission the same day replaces it and bumps `revision`; every submission is also kept
 * in checkin_report_history. Distribution key: citizen_id.
 */
export const checkinReports = pgTable(
  'checkin_reports',
  {
    citizenId: uuid('citizen_id').notNull(),
    day: date('day').notNull(),
    temperature: numeric('temperature', { precision: 3, scale: 1, mode: 'number' }).notNull(),
    symptoms: text('symptoms').array().notNull(),
    divisionCode: text('division_code').notNull(),
    riskAreaContact: boolean('risk_area_contact').notNull(),
    codeColour: text('code_colour'), // green | yellow | red at submission, null when the person has no code
    abnormal: boolean('abnormal').notNull(),
    abnormalReasons: text('abnormal_reasons').array().notNull(),
    /** Answers to organisations' extra fields: { [orgId]: { [fieldKey]: value } }. */
    extra: jsonb('extra').$type<Record<string, Record<string, string | number>>>().notNull().default({}),
    revision: integer('revision').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: 'checkin_reports_pk', columns: [t.citizenId, t.day] }), index('checkin_reports_day_idx').on(t.day, t.abnormal)],
);

/** Every submission, the amended ones included (the history of a day's report). */
export const checkinReportHistory = pgTable(
  'checkin_report_history',
  {
    citizenId: uuid('citizen_id').notNull(),
    day: date('day').notNull(),
    revision: integer('revision').notNull(),
    temperature: numeric('temperature', { precision: 3, scale: 1, mode: 'number' }).notNull(),
    symptoms: text('symptoms').array().notNull(),
    divisionCode: text('division_code').notNull(),
    riskAreaContact: boolean('risk_area_contact').notNull(),
    codeColour: text('code_colour'),
    abnormal: boolean('abnormal').notNull(),
    extra: jsonb('extra').$type<Record<string, Record<string, string | number>>>().notNull().default({}),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: 'checkin_report_history_pk', columns: [t.citizenId, t.day, t.revision] })],
);

/**
 * An organisation's departments as a tree (部门): `path` is the ids from the root down, joined by
 * '/', ending with the node's own id — a subtree is `path like '<node path>%'`.
 */
export const checkinDepartments = pgTable(
  'checkin_departments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    parentId: uuid('parent_id'),
    name: text('name').notNull(),
    path: text('path').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('checkin_departments_org_idx').on(t.orgId, t.path), uniqueIndex('checkin_departments_name_idx').on(t.orgId, t.parentId, t.name)],
);

/**
 * Membership periods: from which China day to which (null: still active) a person shared their
 * reports with an organisation — the trend counts who was a member on each day.
 */
export const checkinMemberPeriods = pgTable(
  'checkin_member_periods',
  {
    orgId: uuid('org_id').notNull(),
    citizenId: uuid('citizen_id').notNull(),
    fromDay: date('from_day').notNull(),
    toDay: date('to_day'),
  },
  (t) => [primaryKey({ name: 'checkin_member_periods_pk', columns: [t.orgId, t.citizenId, t.fromDay] })],
);

/** The department key of a member in no node (the count tables' keys cannot be null). */
export const NO_DEPARTMENT_KEY = '00000000-0000-0000-0000-000000000000';

/**
 * Active members per organisation, department node and department label — kept by statement-level
 * triggers on checkin_members (migration 0045), so the organisation's totals are a read of a few
 * rows, not of every member. `department_key` is the node id or NO_DEPARTMENT_KEY; `label` the
 * member's department label or ''.
 */
export const checkinMemberCounts = pgTable(
  'checkin_member_counts',
  {
    orgId: uuid('org_id').notNull(),
    departmentKey: uuid('department_key').notNull(),
    label: text('label').notNull(),
    members: integer('members').notNull(),
  },
  (t) => [primaryKey({ name: 'checkin_member_counts_pk', columns: [t.orgId, t.departmentKey, t.label] })],
);

/**
 * Per organisation, China day, department node and label: how many of its active members reported
 * that day and how many of those reports are abnormal — kept by statement-level triggers on
 * checkin_reports (a new report, an amendment that changes `abnormal`) and on checkin_members (a
 * member who becomes or stops being active, or changes department, carries their reports along).
 */
export const checkinDayCounts = pgTable(
  'checkin_day_counts',
  {
    orgId: uuid('org_id').notNull(),
    day: date('day').notNull(),
    departmentKey: uuid('department_key').notNull(),
    label: text('label').notNull(),
    reported: integer('reported').notNull(),
    abnormal: integer('abnormal').notNull(),
  },
  (t) => [primaryKey({ name: 'checkin_day_counts_pk', columns: [t.orgId, t.day, t.departmentKey, t.label] })],
);
