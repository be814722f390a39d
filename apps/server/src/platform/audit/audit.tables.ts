import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Append-only audit trail. Each row's hash covers its content and the previous row's hash, so an
 * altered or deleted row breaks the chain from that point on. Distribution key: none needed (one
 * chain per deployment); time-ordered by seq.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actorType: text('actor_type').notNull(), // staff | citizen | api | system
    actorId: text('actor_id').notNull(),
    action: text('action').notNull(), // module.resource.verb, e.g. venues.venue.read, admin-staff.staff.create, identity.staff.sign-in (older rows keep the names of their time)
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    regionCode: text('region_code'),
    outcome: text('outcome').notNull().default('ok'), // ok | denied | failed
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    ip: text('ip'),
    requestId: text('request_id'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_log_actor_idx').on(t.actorId, t.at),
    index('audit_log_subject_idx').on(t.subjectType, t.subjectId, t.at),
    index('audit_log_at_idx').on(t.at),
  ],
);

/** The head of the chain: one row, locked while appending so appends are serialised. */
export const auditHead = pgTable('audit_head', {
  id: integer('id').primaryKey(),
  seq: bigserial('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});
