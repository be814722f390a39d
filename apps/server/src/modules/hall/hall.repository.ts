import { and, asc, desc, eq, gte, inArray, isNull, like, lte, sql, type SQL } from 'drizzle-orm';
import { divisionPrefix } from '@fangxian/contracts/kernel';
import type { DbOrTx } from '../../platform/db/database.ts';
import { apiClients, citizens, staffAccounts } from '../../platform/identity/identity.tables.ts';
import { hallBookings, hallCounters, hallDevices, halls, hallSlotCounts, hallTickets, hallWindows } from './hall.tables.ts';

export type HallRow = typeof halls.$inferSelect;
export type WindowRow = typeof hallWindows.$inferSelect;
export type DeviceRow = typeof hallDevices.$inferSelect;
export type BookingRow = typeof hallBookings.$inferSelect;
export type TicketRow = typeof hallTickets.$inferSelect;

const inRegion = (column: typeof halls.regionCode, scope: string): SQL | undefined => (scope ? like(column, `${divisionPrefix(scope)}%`) : undefined);

// ---- halls, windows, devices --------------------------------------------------------------------

export async function insertHall(tx: DbOrTx, values: typeof halls.$inferInsert): Promise<HallRow> {
  const [row] = await tx.insert(halls).values(values).returning();
  return row;
}

export async function updateHall(tx: DbOrTx, id: string, patch: Partial<typeof halls.$inferInsert>): Promise<HallRow> {
  const [row] = await tx.update(halls).set({ ...patch, updatedAt: new Date() }).where(eq(halls.id, id)).returning();
  return row;
}

export async function findHall(db: DbOrTx, id: string): Promise<HallRow | undefined> {
  const [row] = await db.select().from(halls).where(eq(halls.id, id));
  return row;
}

/** Halls within a region scope ('' = all), by region then name. */
export async function hallsIn(db: DbOrTx, scope: string): Promise<HallRow[]> {
  return db.select().from(halls).where(inRegion(halls.regionCode, scope)).orderBy(asc(halls.regionCode), asc(halls.name));
}

export async function insertWindow(tx: DbOrTx, values: typeof hallWindows.$inferInsert): Promise<WindowRow> {
  const [row] = await tx.insert(hallWindows).values(values).returning();
  return row;
}

export async function updateWindow(tx: DbOrTx, id: string, patch: Partial<typeof hallWindows.$inferInsert>): Promise<WindowRow> {
  const [row] = await tx.update(hallWindows).set({ ...patch, updatedAt: new Date() }).where(eq(hallWindows.id, id)).returning();
  return row;
}

export async function findWindow(db: DbOrTx, id: string): Promise<WindowRow | undefined> {
  const [row] = await db.select().from(hallWindows).where(eq(hallWindows.id, id));
  return row;
}

export async function windowsOf(db: DbOrTx, hallId: string): Promise<WindowRow[]> {
  return db.select().from(hallWindows).where(eq(hallWindows.hallId, hallId)).orderBy(asc(hallWindows.number));
}

export async function windowsOfHalls(db: DbOrTx, hallIds: string[]): Promise<WindowRow[]> {
  if (hallIds.length === 0) return [];
  return db.select().from(hallWindows).where(inArray(hallWindows.hallId, hallIds)).orderBy(asc(hallWindows.number));
}

/** Active staff accounts among `ids` (with their region, to check scope). */
export async function staffByIds(db: DbOrTx, ids: string[]): Promise<{ id: string; username: string; displayName: string; regionCode: string }[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: staffAccounts.id, username: staffAccounts.username, displayName: staffAccounts.displayName, regionCode: staffAccounts.regionCode })
    .from(staffAccounts)
    .where(and(inArray(staffAccounts.id, ids), isNull(staffAccounts.disabledAt)));
}

/** A kiosk's API client (permission hall.kiosk, the hall's region) and its device row, in the caller's transaction. */
export async function insertDevice(
  tx: DbOrTx,
  device: Omit<typeof hallDevices.$inferInsert, 'apiClientId'>,
  client: { keyHash: string; keyPrefix: string; permissions: string[]; regionCode: string; createdBy: string | null },
): Promise<DeviceRow> {
  const [c] = await tx.insert(apiClients).values({ name: `hall kiosk: ${device.name}`, ...client }).returning({ id: apiClients.id });
  const [row] = await tx.insert(hallDevices).values({ ...device, apiClientId: c.id }).returning();
  return row;
}

/** Replaces a device's key: the old API client is revoked, a new one is bound. */
export async function rebindDevice(
  tx: DbOrTx,
  device: DeviceRow,
  client: { keyHash: string; keyPrefix: string; permissions: string[]; regionCode: string; createdBy: string | null },
  now: Date,
): Promise<DeviceRow> {
  await tx.update(apiClients).set({ revokedAt: now, revokedBy: client.createdBy }).where(eq(apiClients.id, device.apiClientId));
  const [c] = await tx.insert(apiClients).values({ name: `hall kiosk: ${device.name}`, ...client }).returning({ id: apiClients.id });
  const [row] = await tx.update(hallDevices).set({ apiClientId: c.id }).where(eq(hallDevices.id, device.id)).returning();
  return row;
}

export async function devicesOf(db: DbOrTx, hallId: string): Promise<(DeviceRow & { keyPrefix: string; revokedAt: Date | null; lastUsedAt: Date | null })[]> {
  const rows = await db
    .select({ device: hallDevices, keyPrefix: apiClients.keyPrefix, revokedAt: apiClients.revokedAt, lastUsedAt: apiClients.lastUsedAt })
    .from(hallDevices)
    .innerJoin(apiClients, eq(apiClients.id, hallDevices.apiClientId))
    .where(eq(hallDevices.hallId, hallId))
    .orderBy(asc(hallDevices.createdAt));
  return rows.map((r) => ({ ...r.device, keyPrefix: r.keyPrefix, revokedAt: r.revokedAt, lastUsedAt: r.lastUsedAt }));
}

export async function findDevice(db: DbOrTx, id: string): Promise<DeviceRow | undefined> {
  const [row] = await db.select().from(hallDevices).where(eq(hallDevices.id, id));
  return row;
}

export async function deviceOfClient(db: DbOrTx, apiClientId: string): Promise<DeviceRow | undefined> {
  const [row] = await db.select().from(hallDevices).where(eq(hallDevices.apiClientId, apiClientId));
  return row;
}

// ---- bookings -------------------------------------------------------------------------------------

/** Booked counts of the windows' slots on a day. */
export async function slotCounts(db: DbOrTx, windowIds: string[], day: string): Promise<{ windowId: string; slotStart: string; booked: number }[]> {
  if (windowIds.length === 0) return [];
  return db
    .select({ windowId: hallSlotCounts.windowId, slotStart: hallSlotCounts.slotStart, booked: hallSlotCounts.booked })
    .from(hallSlotCounts)
    .where(and(inArray(hallSlotCounts.windowId, windowIds), eq(hallSlotCounts.day, day)));
}

/**
 * Takes one place of a slot if one is left: a conditional increment, so concurrent bookings queue on
 * the counter row and the capacity holds on PostgreSQL and the embedded database alike.
 */
export async function reserveSlot(tx: DbOrTx, windowId: string, day: string, slotStart: string, capacity: number): Promise<boolean> {
  await tx.insert(hallSlotCounts).values({ windowId, day, slotStart, booked: 0 }).onConflictDoNothing();
  const taken = await tx
    .update(hallSlotCounts)
    .set({ booked: sql`${hallSlotCounts.booked} + 1` })
    .where(and(eq(hallSlotCounts.windowId, windowId), eq(hallSlotCounts.day, day), eq(hallSlotCounts.slotStart, slotStart), sql`${hallSlotCounts.booked} < ${capacity}`))
    .returning({ booked: hallSlotCounts.booked });
  return taken.length === 1;
}

/** Gives a place back (a cancellation). */
export async function releaseSlot(tx: DbOrTx, windowId: string, day: string, slotStart: string): Promise<void> {
  await tx
    .update(hallSlotCounts)
    .set({ booked: sql`greatest(${hallSlotCounts.booked} - 1, 0)` })
    .where(and(eq(hallSlotCounts.windowId, windowId), eq(hallSlotCounts.day, day), eq(hallSlotCounts.slotStart, slotStart)));
}

export async function insertBooking(tx: DbOrTx, values: typeof hallBookings.$inferInsert): Promise<BookingRow> {
  const [row] = await tx.insert(hallBookings).values(values).returning();
  return row;
}

export async function findBookingForUpdate(tx: DbOrTx, id: string): Promise<BookingRow | undefined> {
  const [row] = await tx.select().from(hallBookings).where(eq(hallBookings.id, id)).for('update');
  return row;
}

export async function bookingByCodeForUpdate(tx: DbOrTx, code: string): Promise<BookingRow | undefined> {
  const [row] = await tx.select().from(hallBookings).where(eq(hallBookings.code, code)).for('update');
  return row;
}

/** The citizen's active booking at a hall on a day (the earliest slot first). */
export async function activeBookingOn(tx: DbOrTx, citizenId: string, hallId: string, day: string): Promise<BookingRow | undefined> {
  const [row] = await tx
    .select()
    .from(hallBookings)
    .where(and(eq(hallBookings.citizenId, citizenId), eq(hallBookings.hallId, hallId), eq(hallBookings.day, day), eq(hallBookings.status, 'active')))
    .orderBy(asc(hallBookings.slotStart))
    .limit(1)
    .for('update');
  return row;
}

export async function updateBooking(tx: DbOrTx, id: string, patch: Partial<typeof hallBookings.$inferInsert>): Promise<BookingRow> {
  const [row] = await tx.update(hallBookings).set(patch).where(eq(hallBookings.id, id)).returning();
  return row;
}

export async function bookingsOfCitizen(db: DbOrTx, citizenId: string): Promise<BookingRow[]> {
  return db.select().from(hallBookings).where(eq(hallBookings.citizenId, citizenId)).orderBy(desc(hallBookings.day), desc(hallBookings.slotStart)).limit(100);
}

/** A citizen's name and phone ciphertexts (copied onto a booking or a ticket, still encrypted). */
export async function citizenContact(db: DbOrTx, citizenId: string): Promise<{ nameCipher: string | null; phoneCipher: string } | undefined> {
  const [row] = await db.select({ nameCipher: citizens.nameCipher, phoneCipher: citizens.phoneCipher }).from(citizens).where(eq(citizens.id, citizenId));
  return row;
}

// ---- queue ------------------------------------------------------------------------------------------

/** The next number of a hall's day and prefix (one upsert: concurrent kiosks never share a number). */
export async function nextNumber(tx: DbOrTx, hallId: string, day: string, prefix: string): Promise<number> {
  const [row] = await tx
    .insert(hallCounters)
    .values({ hallId, day, prefix, last: 1 })
    .onConflictDoUpdate({ target: [hallCounters.hallId, hallCounters.day, hallCounters.prefix], set: { last: sql`${hallCounters.last} + 1` } })
    .returning({ last: hallCounters.last });
  return row.last;
}

export async function insertTicket(tx: DbOrTx, values: typeof hallTickets.$inferInsert): Promise<TicketRow> {
  const [row] = await tx.insert(hallTickets).values(values).returning();
  return row;
}

export async function findTicketForUpdate(tx: DbOrTx, id: string): Promise<TicketRow | undefined> {
  const [row] = await tx.select().from(hallTickets).where(eq(hallTickets.id, id)).for('update');
  return row;
}

export async function waitingTickets(db: DbOrTx, hallId: string, day: string): Promise<TicketRow[]> {
  return db.select().from(hallTickets).where(and(eq(hallTickets.hallId, hallId), eq(hallTickets.day, day), eq(hallTickets.status, 'waiting')));
}

/** The number a window is serving now, if any. */
export async function calledAtWindow(db: DbOrTx, windowId: string): Promise<TicketRow | undefined> {
  const [row] = await db.select().from(hallTickets).where(and(eq(hallTickets.windowId, windowId), eq(hallTickets.status, 'called'))).limit(1);
  return row;
}

/** Claims a waiting number for a window; false when another window took it first. */
export async function claimTicket(tx: DbOrTx, id: string, windowId: string, staffId: string, now: Date): Promise<TicketRow | undefined> {
  const [row] = await tx
    .update(hallTickets)
    .set({ status: 'called', windowId, calledBy: staffId, calledAt: now, firstCalledAt: sql`coalesce(${hallTickets.firstCalledAt}, ${now.toISOString()}::timestamptz)` })
    .where(and(eq(hallTickets.id, id), eq(hallTickets.status, 'waiting')))
    .returning();
  return row;
}

export async function updateTicket(tx: DbOrTx, id: string, patch: Partial<typeof hallTickets.$inferInsert>): Promise<TicketRow> {
  const [row] = await tx.update(hallTickets).set(patch).where(eq(hallTickets.id, id)).returning();
  return row;
}

/** The latest calls of a hall's day (for the calling screen). */
export async function latestCalls(db: DbOrTx, hallId: string, day: string, limit: number): Promise<TicketRow[]> {
  return db
    .select()
    .from(hallTickets)
    .where(and(eq(hallTickets.hallId, hallId), eq(hallTickets.day, day), sql`${hallTickets.calledAt} is not null`))
    .orderBy(desc(hallTickets.calledAt), desc(hallTickets.id))
    .limit(limit);
}

/** Per-day counts of a hall between two days (inclusive). */
export async function dailyCounts(db: DbOrTx, hallId: string, from: string, to: string) {
  const rows = await db
    .select({
      day: hallTickets.day,
      issued: sql<number>`count(*)::int`,
      served: sql<number>`count(*) filter (where ${hallTickets.status} = 'served')::int`,
      noShows: sql<number>`count(*) filter (where ${hallTickets.status} = 'no_show')::int`,
      appointments: sql<number>`count(*) filter (where ${hallTickets.kind} = 'appointment')::int`,
      walkIns: sql<number>`count(*) filter (where ${hallTickets.kind} = 'walk_in')::int`,
      priority: sql<number>`count(*) filter (where ${hallTickets.priority})::int`,
      avgWaitSeconds: sql<number | null>`avg(extract(epoch from (${hallTickets.firstCalledAt} - ${hallTickets.issuedAt})))::float8`,
    })
    .from(hallTickets)
    .where(and(eq(hallTickets.hallId, hallId), gte(hallTickets.day, from), lte(hallTickets.day, to)))
    .groupBy(hallTickets.day)
    .orderBy(asc(hallTickets.day));
  return rows.map((r) => ({ ...r, issued: Number(r.issued), served: Number(r.served), noShows: Number(r.noShows), appointments: Number(r.appointments), walkIns: Number(r.walkIns), priority: Number(r.priority), avgWaitSeconds: r.avgWaitSeconds === null ? null : Number(r.avgWaitSeconds) }));
}
