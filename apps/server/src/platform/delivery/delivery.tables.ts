import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * 政务快递 addresses of citizens: recipient, phone and address only as ciphertexts; `region_code`
 * (GB/T 2260 county) is kept in clear for scope and routing. Deleted addresses stay for the shipments
 * that used them (`deleted_at`).
 */
export const deliveryAddresses = pgTable(
  'delivery_addresses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    citizenId: uuid('citizen_id').notNull(),
    regionCode: text('region_code').notNull(),
    recipientCipher: text('recipient_cipher').notNull(),
    phoneCipher: text('phone_cipher').notNull(),
    addressCipher: text('address_cipher').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [index('delivery_addresses_citizen_idx').on(t.citizenId, t.createdAt)],
);

/**
 * Shipments: outbound materials (applicant → department) and returned results (department →
 * applicant). The applicant's end is a snapshot of their address (ciphertexts); the department's end
 * is its public counter address in clear.
 */
export const shipments = pgTable(
  'shipments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Public shipment number, e.g. SH20261207-4F7Q2K. */
    number: text('number').notNull(),
    direction: text('direction').notNull(), // outbound | return
    status: text('status').notNull(), // created | picked_up | in_transit | delivered | returned
    regionCode: text('region_code').notNull(),
    department: text('department').notNull(),
    departmentAddress: text('department_address'),
    citizenId: uuid('citizen_id').notNull(),
    addressId: uuid('address_id').notNull(),
    recipientCipher: text('recipient_cipher').notNull(),
    phoneCipher: text('phone_cipher').notNull(),
    addressCipher: text('address_cipher').notNull(),
    /** What is shipped (materials of an application, a result), e.g. govservice.application + id. */
    contents: text('contents').notNull(),
    sourceType: text('source_type'),
    sourceId: text('source_id'),
    carrier: text('carrier').notNull(),
    /** manual (entered by an officer) or the carrier adapter that created the waybill (local, …). */
    adapter: text('adapter').notNull(),
    trackingNumber: text('tracking_number').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('shipments_number_idx').on(t.number),
    uniqueIndex('shipments_tracking_idx').on(t.carrier, t.trackingNumber),
    index('shipments_region_idx').on(t.regionCode, t.createdAt),
    index('shipments_citizen_idx').on(t.citizenId, t.createdAt),
  ],
);

/**
 * A shipment's status timeline (append-only). `external_id` is the carrier's event id: the same
 * update delivered twice is recorded once (unique per shipment), which makes updates idempotent.
 */
export const shipmentEvents = pgTable(
  'shipment_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    shipmentId: uuid('shipment_id').notNull(),
    regionCode: text('region_code').notNull(),
    status: text('status').notNull(),
    source: text('source').notNull(), // system | officer | carrier
    externalId: text('external_id').notNull(),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('shipment_events_external_idx').on(t.shipmentId, t.externalId), index('shipment_events_shipment_idx').on(t.shipmentId, t.at)],
);

/**
 * The local carrier adapter's outbox: every waybill request it would have sent to a carrier's API,
 * with the masked address (a person reads it in the console; the stand-in for a real carrier).
 */
export const deliveryOutbox = pgTable(
  'delivery_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    shipmentId: uuid('shipment_id').notNull(),
    regionCode: text('region_code').notNull(),
    carrier: text('carrier').notNull(),
    trackingNumber: text('tracking_number').notNull(),
    request: jsonb('request').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('delivery_outbox_region_idx').on(t.regionCode, t.createdAt)],
);
