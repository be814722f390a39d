import { bigint, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Uploaded files: metadata here, content in the FileStorage (local disk under the data directory).
 * The type is what the content sniffed as, never what the client claimed.
 */
export const files = pgTable(
  'files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerType: text('owner_type').notNull(), // citizen | staff
    ownerId: uuid('owner_id').notNull(),
    /** Region of the owner when uploaded (citizen's household division, officer's scope): staff access is scoped by it. */
    regionCode: text('region_code'),
    mimeType: text('mime_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('files_owner_idx').on(t.ownerType, t.ownerId, t.createdAt)],
);
