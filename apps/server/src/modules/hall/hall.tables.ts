import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** A service item a window handles, by the catalogue's item code and name (govservice links the code later). */
export interface WindowItem {
  code: string;
  name: string;
}

/**
 * Service halls (政务服务大厅): one or more per region (GB/T 2260). region_code scopes the hall
 * administrators and window staff (service_center officers) and is the distribution key of every row.
 */
export const halls = pgTable(
  'hall_halls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    regionCode: text('region_code').notNull(),
    address: text('address').notNull().default(''),
    /** Appointment slot length in minutes (slots are cut from each window's open hours). */
    slotMinutes: integer('slot_minutes').notNull().default(30),
    /** How many days ahead citizens may book. */
    bookingDays: integer('booking_days').notNull().default(7),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('hall_halls_region_idx').on(t.regionCode)],
);

/** Windows (窗口) of a hall: the items they serve, open hours, appointment capacity per slot, assigned staff. */
export const hallWindows = pgTable(
  'hall_windows',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hallId: uuid('hall_id').notNull(),
    regionCode: text('region_code').notNull(),
    /** Shown on the screen and the ticket: e.g. 3 (→ "3号窗口"). */
    number: integer('number').notNull(),
    name: text('name').notNull(),
    items: jsonb('items').$type<WindowItem[]>().notNull().default([]),
    /** Open hours as ["09:00-12:00", "13:30-17:00"] (China time, working days only). */
    openHours: jsonb('open_hours').$type<string[]>().notNull().default([]),
    /** Appointments per slot at this window (0 = walk-ins only). */
    slotCapacity: integer('slot_capacity').notNull().default(2),
    staffIds: jsonb('staff_ids').$type<string[]>().notNull().default([]),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('hall_windows_number_idx').on(t.hallId, t.number)],
);

/** Hall devices: a kiosk (取号机) authenticates as an API client with the narrow hall.kiosk permission, bound here to one hall. */
export const hallDevices = pgTable(
  'hall_devices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hallId: uuid('hall_id').notNull(),
    regionCode: text('region_code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(), // kiosk
    apiClientId: uuid('api_client_id').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('hall_devices_client_idx').on(t.apiClientId), index('hall_devices_hall_idx').on(t.hallId)],
);

/**
 * Appointments (预约) for on-site handling: one slot at one window for one item. Contact name and
 * phone only as ciphertexts. One active booking per person per item (partial unique index).
 */
export const hallBookings = pgTable(
  'hall_bookings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hallId: uuid('hall_id').notNull(),
    windowId: uuid('window_id').notNull(),
    regionCode: text('region_code').notNull(),
    itemCode: text('item_code').notNull(),
    itemName: text('item_name').notNull(),
    day: text('day').notNull(), // YYYY-MM-DD, China time
    slotStart: text('slot_start').notNull(), // HH:MM
    slotEnd: text('slot_end').notNull(),
    citizenId: uuid('citizen_id').notNull(),
    nameCipher: text('name_cipher'),
    phoneCipher: text('phone_cipher'),
    /** Booking code (预约码) shown to the citizen and typed at the kiosk. */
    code: text('code').notNull(),
    status: text('status').notNull(), // active | cancelled | arrived
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    arrivedAt: timestamp('arrived_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('hall_bookings_code_idx').on(t.code),
    uniqueIndex('hall_bookings_one_active_idx').on(t.citizenId, t.itemCode).where(sql`status = 'active'`),
    index('hall_bookings_citizen_idx').on(t.citizenId, t.day),
    index('hall_bookings_slot_idx').on(t.windowId, t.day, t.slotStart),
  ],
);

/** Booked count per window slot: the conditional increment here is what keeps capacity under concurrency. */
export const hallSlotCounts = pgTable(
  'hall_slot_counts',
  {
    windowId: uuid('window_id').notNull(),
    day: text('day').notNull(),
    slotStart: text('slot_start').notNull(),
    booked: integer('booked').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.windowId, t.day, t.slotStart] })],
);

/** Queue numbers (排队号) issued at a kiosk: an appointment's or a walk-in's, called at a window. */
export const hallTickets = pgTable(
  'hall_tickets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hallId: uuid('hall_id').notNull(),
    regionCode: text('region_code').notNull(),
    day: text('day').notNull(),
    /** e.g. A007 (appointment) or B012 (walk-in); unique per hall and day. */
    number: text('number').notNull(),
    kind: text('kind').notNull(), // appointment | walk_in
    itemCode: text('item_code').notNull(),
    itemName: text('item_name').notNull(),
    bookingId: uuid('booking_id'),
    /** The appointment's slot start (HH:MM): due from then on. */
    slotStart: text('slot_start'),
    /** 优先: elderly, disabled … flagged at the kiosk. */
    priority: boolean('priority').notNull().default(false),
    priorityReason: text('priority_reason'),
    citizenId: uuid('citizen_id'),
    nameCipher: text('name_cipher'),
    healthColour: text('health_colour').notNull(),
    deviceId: uuid('device_id'),
    status: text('status').notNull(), // waiting | called | served | no_show
    /** A window that must take it (an appointment's window, or a transfer's target). */
    targetWindowId: uuid('target_window_id'),
    transferredAt: timestamp('transferred_at', { withTimezone: true }),
    windowId: uuid('window_id'),
    calledBy: uuid('called_by'),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    firstCalledAt: timestamp('first_called_at', { withTimezone: true }),
    calledAt: timestamp('called_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('hall_tickets_number_idx').on(t.hallId, t.day, t.number),
    index('hall_tickets_queue_idx').on(t.hallId, t.day, t.status),
  ],
);

/** Number sequences per hall, day and prefix (A appointments, B walk-ins). */
export const hallCounters = pgTable(
  'hall_counters',
  {
    hallId: uuid('hall_id').notNull(),
    day: text('day').notNull(),
    prefix: text('prefix').notNull(),
    last: integer('last').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.hallId, t.day, t.prefix] })],
);
