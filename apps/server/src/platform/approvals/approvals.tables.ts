import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Maker-checker proposals (审批): a change one officer proposes and a different officer of the same
 * scope must approve before it expires; only then is it applied. `payload` is what the apply step
 * needs (no personal data: a kind that needs some must encrypt it), `summary` what lists and the
 * audit chain show.
 */
export const approvals = pgTable(
  'approvals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The action proposed, `module.resource.verb` (e.g. health-code.issuer.trust). */
    kind: text('kind').notNull(),
    /** The proposer's region: approvers must have it in scope. */
    regionCode: text('region_code').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull(),
    status: text('status').notNull().default('proposed'), // proposed | approved | rejected | withdrawn
    proposedBy: uuid('proposed_by').notNull(),
    proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
  },
  (t) => [index('approvals_kind_status_idx').on(t.kind, t.status, t.proposedAt)],
);
