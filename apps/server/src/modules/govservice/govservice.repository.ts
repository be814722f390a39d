import { and, asc, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database.ts';
import { files } from '../../platform/files/files.tables.ts';
import { citizens, staffAccounts } from '../../platform/identity/identity.tables.ts';
import { gsApplicationParts, gsApplications, gsEvents, gsInspections, gsItems, gsItemVersions, gsProjects, gsResults, gsVerifyBookings, gsVerifySlots } from './govservice.tables.ts';

export type ItemRow = typeof gsItems.$inferSelect;
export type VersionRow = typeof gsItemVersions.$inferSelect;
export type ApplicationRow = typeof gsApplications.$inferSelect;
export type NewApplication = typeof gsApplications.$inferInsert;
export type PartRow = typeof gsApplicationParts.$inferSelect;
export type EventRow = typeof gsEvents.$inferSelect;
export type InspectionRow = typeof gsInspections.$inferSelect;
export type ResultRow = typeof gsResults.$inferSelect;
export type SlotRow = typeof gsVerifySlots.$inferSelect;
export type BookingRow = typeof gsVerifyBookings.$inferSelect;
export type ProjectRow = typeof gsProjects.$inferSelect;

// ---- catalogue

/** Published items with their published content, optionally matching a query (substring of name, code, department or guide). */
export async function publishedItems(db: DbOrTx, q: string | null, department: string | null): Promise<{ item: ItemRow; version: VersionRow }[]> {
  const conds: SQL[] = [isNotNull(gsItems.publishedVersionId)];
  if (q) {
    const needle = q.toLowerCase();
    conds.push(sql`(strpos(lower(${gsItems.name}), ${needle}) > 0 or strpos(lower(${gsItems.code}), ${needle}) > 0
      or strpos(lower(${gsItems.department}), ${needle}) > 0 or strpos(lower(${gsItemVersions.content}->>'guide'), ${needle}) > 0)`);
  }
  if (department) conds.push(eq(gsItems.department, department));
  const rows = await db.select({ item: gsItems, version: gsItemVersions }).from(gsItems)
    .innerJoin(gsItemVersions, eq(gsItemVersions.id, gsItems.publishedVersionId))
    .where(and(...conds)).orderBy(asc(gsItems.department), asc(gsItems.code)).limit(500);
  return rows;
}

/** Published bundles (一件事一次办) with their published content. */
export async function publishedBundles(db: DbOrTx): Promise<{ item: ItemRow; version: VersionRow }[]> {
  return db.select({ item: gsItems, version: gsItemVersions }).from(gsItems)
    .innerJoin(gsItemVersions, eq(gsItemVersions.id, gsItems.publishedVersionId))
    .where(eq(gsItems.kind, 'bundle')).orderBy(asc(gsItems.code)).limit(500);
}

export async function itemByCode(db: DbOrTx, code: string): Promise<ItemRow | undefined> {
  const [row] = await db.select().from(gsItems).where(eq(gsItems.code, code));
  return row;
}
export async function itemById(db: DbOrTx, id: string, forUpdate = false): Promise<ItemRow | undefined> {
  const q = db.select().from(gsItems).where(eq(gsItems.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}
export async function versionById(db: DbOrTx, id: string): Promise<VersionRow | undefined> {
  const [row] = await db.select().from(gsItemVersions).where(eq(gsItemVersions.id, id));
  return row;
}
export async function versionsOf(db: DbOrTx, itemId: string): Promise<VersionRow[]> {
  return db.select().from(gsItemVersions).where(eq(gsItemVersions.itemId, itemId)).orderBy(desc(gsItemVersions.version));
}
export async function allItems(db: DbOrTx): Promise<ItemRow[]> {
  return db.select().from(gsItems).orderBy(asc(gsItems.department), asc(gsItems.code)).limit(2000);
}
export async function insertItem(tx: DbOrTx, values: typeof gsItems.$inferInsert): Promise<ItemRow> {
  const [row] = await tx.insert(gsItems).values(values).returning();
  return row;
}
export async function updateItem(tx: DbOrTx, id: string, patch: Partial<typeof gsItems.$inferInsert>): Promise<void> {
  await tx.update(gsItems).set(patch).where(eq(gsItems.id, id));
}
export async function insertVersion(tx: DbOrTx, values: typeof gsItemVersions.$inferInsert): Promise<VersionRow> {
  const [row] = await tx.insert(gsItemVersions).values(values).returning();
  return row;
}
export async function updateVersion(tx: DbOrTx, id: string, patch: Partial<typeof gsItemVersions.$inferInsert>): Promise<void> {
  await tx.update(gsItemVersions).set(patch).where(eq(gsItemVersions.id, id));
}
export async function maxVersion(tx: DbOrTx, itemId: string): Promise<number> {
  const [r] = await tx.select({ v: sql<number>`coalesce(max(${gsItemVersions.version}), 0)::int` }).from(gsItemVersions).where(eq(gsItemVersions.itemId, itemId));
  return Number(r.v);
}

// ---- applications

export async function insertApplication(tx: DbOrTx, values: NewApplication): Promise<ApplicationRow> {
  const [row] = await tx.insert(gsApplications).values(values).returning();
  return row;
}
export async function updateApplication(tx: DbOrTx, id: string, patch: Partial<NewApplication>): Promise<ApplicationRow> {
  const [row] = await tx.update(gsApplications).set(patch).where(eq(gsApplications.id, id)).returning();
  return row;
}
export async function findApplication(db: DbOrTx, id: string, forUpdate = false): Promise<ApplicationRow | undefined> {
  const q = db.select().from(gsApplications).where(eq(gsApplications.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}
export async function applicationsOfCitizen(db: DbOrTx, citizenId: string): Promise<{ app: ApplicationRow; itemName: string }[]> {
  return db.select({ app: gsApplications, itemName: gsItems.name }).from(gsApplications).innerJoin(gsItems, eq(gsItems.id, gsApplications.itemId))
    .where(eq(gsApplications.citizenId, citizenId)).orderBy(desc(gsApplications.createdAt)).limit(200);
}

/** The workbench queue: the green channel first, then priority requests, then overdue, then by deadline. */
export async function workbench(db: DbOrTx, f: { regionPrefix: string; department: string | null; statuses: readonly string[]; now: Date }): Promise<{ app: ApplicationRow; itemName: string }[]> {
  const conds: SQL[] = [inArray(gsApplications.status, [...f.statuses])];
  if (f.regionPrefix) conds.push(sql`${gsApplications.regionCode} like ${`${f.regionPrefix}%`}`);
  if (f.department) {
    conds.push(sql`(exists (select 1 from ${gsApplicationParts} p where p.application_id = ${gsApplications.id} and p.department = ${f.department})
      or exists (select 1 from ${gsInspections} i where i.application_id = ${gsApplications.id} and i.department = ${f.department}))`);
  }
  return db.select({ app: gsApplications, itemName: gsItems.name }).from(gsApplications).innerJoin(gsItems, eq(gsItems.id, gsApplications.itemId))
    .where(and(...conds))
    .orderBy(desc(gsApplications.greenChannel), desc(gsApplications.priorityRequested),
      desc(sql`(${gsApplications.dueAt} is not null and ${gsApplications.dueAt} < ${f.now.toISOString()}::timestamptz)`), asc(gsApplications.dueAt), asc(gsApplications.submittedAt))
    .limit(500);
}

export async function partsOf(db: DbOrTx, applicationIds: string[]): Promise<PartRow[]> {
  if (applicationIds.length === 0) return [];
  return db.select().from(gsApplicationParts).where(inArray(gsApplicationParts.applicationId, applicationIds)).orderBy(asc(gsApplicationParts.department));
}
export async function insertParts(tx: DbOrTx, rows: (typeof gsApplicationParts.$inferInsert)[]): Promise<void> {
  if (rows.length) await tx.insert(gsApplicationParts).values(rows);
}
export async function updatePart(tx: DbOrTx, id: string, patch: Partial<typeof gsApplicationParts.$inferInsert>): Promise<void> {
  await tx.update(gsApplicationParts).set(patch).where(eq(gsApplicationParts.id, id));
}

export async function insertEvent(tx: DbOrTx, values: typeof gsEvents.$inferInsert): Promise<void> {
  await tx.insert(gsEvents).values(values);
}
export async function eventsOf(db: DbOrTx, applicationId: string): Promise<EventRow[]> {
  return db.select().from(gsEvents).where(eq(gsEvents.applicationId, applicationId)).orderBy(asc(gsEvents.seq));
}

export async function insertInspection(tx: DbOrTx, values: typeof gsInspections.$inferInsert): Promise<InspectionRow> {
  const [row] = await tx.insert(gsInspections).values(values).returning();
  return row;
}
export async function inspectionOf(db: DbOrTx, applicationId: string): Promise<InspectionRow | undefined> {
  const [row] = await db.select().from(gsInspections).where(eq(gsInspections.applicationId, applicationId));
  return row;
}
export async function findInspection(db: DbOrTx, id: string, forUpdate = false): Promise<InspectionRow | undefined> {
  const q = db.select().from(gsInspections).where(eq(gsInspections.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}
export async function inspectionsOfDepartment(db: DbOrTx, department: string, regionPrefix: string): Promise<{ inspection: InspectionRow; number: string; itemName: string }[]> {
  const conds: SQL[] = [eq(gsInspections.department, department)];
  if (regionPrefix) conds.push(sql`${gsInspections.regionCode} like ${`${regionPrefix}%`}`);
  return db.select({ inspection: gsInspections, number: gsApplications.number, itemName: gsItems.name }).from(gsInspections)
    .innerJoin(gsApplications, eq(gsApplications.id, gsInspections.applicationId)).innerJoin(gsItems, eq(gsItems.id, gsApplications.itemId))
    .where(and(...conds)).orderBy(desc(sql`${gsInspections.status} = 'open'`), asc(gsInspections.dueAt)).limit(500);
}
export async function updateInspection(tx: DbOrTx, id: string, patch: Partial<typeof gsInspections.$inferInsert>): Promise<void> {
  await tx.update(gsInspections).set(patch).where(eq(gsInspections.id, id));
}

export async function insertResult(tx: DbOrTx, values: typeof gsResults.$inferInsert): Promise<ResultRow> {
  const [row] = await tx.insert(gsResults).values(values).returning();
  return row;
}
export async function resultOf(db: DbOrTx, applicationId: string): Promise<ResultRow | undefined> {
  const [row] = await db.select().from(gsResults).where(eq(gsResults.applicationId, applicationId));
  return row;
}
export async function revokeResult(tx: DbOrTx, applicationId: string, at: Date): Promise<void> {
  await tx.update(gsResults).set({ revokedAt: at }).where(and(eq(gsResults.applicationId, applicationId), isNull(gsResults.revokedAt)));
}

/** Applications with materials still missing under 容缺受理 (for the reminder and escalation run). */
export async function awaitingSupply(db: DbOrTx): Promise<ApplicationRow[]> {
  return db.select().from(gsApplications)
    .where(and(inArray(gsApplications.status, ['accepted', 'under_review']), isNotNull(gsApplications.supplyBy), sql`jsonb_array_length(${gsApplications.missingMaterials}) > 0`, isNull(gsApplications.supplyEscalatedAt)))
    .limit(5000);
}

// ---- people and files

export async function citizenIdentity(db: DbOrTx, citizenId: string) {
  const [row] = await db.select({ nameCipher: citizens.nameCipher, documentCipher: citizens.documentNumberCipher, phoneCipher: citizens.phoneCipher, realNameAt: citizens.realNameAt })
    .from(citizens).where(eq(citizens.id, citizenId));
  return row;
}
export async function citizenFiles(db: DbOrTx, citizenId: string, ids: string[]): Promise<{ id: string; mimeType: string }[]> {
  if (ids.length === 0) return [];
  return db.select({ id: files.id, mimeType: files.mimeType }).from(files).where(and(inArray(files.id, ids), eq(files.ownerType, 'citizen'), eq(files.ownerId, citizenId)));
}
export async function fileById(db: DbOrTx, id: string) {
  const [row] = await db.select().from(files).where(eq(files.id, id));
  return row;
}

// ---- figures

/**
 * Counts of applications by mode and status, and by department part, within a region prefix; optionally
 * only applications submitted in [from, to) and only one department's parts (and the applications it reviews).
 */
export async function figures(db: DbOrTx, regionPrefix: string, f: { from?: Date | null; to?: Date | null; department?: string | null } = {}) {
  const conds: SQL[] = [regionPrefix ? sql`${gsApplications.regionCode} like ${`${regionPrefix}%`}` : sql`true`];
  if (f.from) conds.push(sql`${gsApplications.submittedAt} >= ${f.from.toISOString()}::timestamptz`);
  if (f.to) conds.push(sql`${gsApplications.submittedAt} < ${f.to.toISOString()}::timestamptz`);
  if (f.department) conds.push(sql`exists (select 1 from ${gsApplicationParts} p where p.application_id = ${gsApplications.id} and p.department = ${f.department})`);
  const region = and(...conds)!;
  const byMode = await db.select({ mode: gsApplications.mode, status: gsApplications.status, n: sql<number>`count(*)::int` }).from(gsApplications)
    .where(and(region, sql`${gsApplications.status} <> 'draft'`)).groupBy(gsApplications.mode, gsApplications.status);
  const byDepartment = await db.select({ department: gsApplicationParts.department, status: gsApplicationParts.status, n: sql<number>`count(*)::int` })
    .from(gsApplicationParts).innerJoin(gsApplications, eq(gsApplications.id, gsApplicationParts.applicationId))
    .where(f.department ? and(region, eq(gsApplicationParts.department, f.department)) : region).groupBy(gsApplicationParts.department, gsApplicationParts.status);
  const priority = await db.select({ n: sql<number>`count(*)::int` }).from(gsApplications).where(and(region, eq(gsApplications.greenChannel, true)));
  return { byMode, byDepartment, greenChannel: Number(priority[0].n) };
}

// ---- 云核验

/** Inserts slots, skipping any the officer already has at the same start (the unique index decides under concurrency). */
export async function insertSlots(tx: DbOrTx, rows: (typeof gsVerifySlots.$inferInsert)[]): Promise<SlotRow[]> {
  if (rows.length === 0) return [];
  return tx.insert(gsVerifySlots).values(rows).onConflictDoNothing({ target: [gsVerifySlots.officerId, gsVerifySlots.startsAt] }).returning();
}
export async function slotById(db: DbOrTx, id: string, forUpdate = false): Promise<SlotRow | undefined> {
  const q = db.select().from(gsVerifySlots).where(eq(gsVerifySlots.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}
/** Open slots of some departments in a region from `from` on (the applicant's calendar). */
export async function openSlots(db: DbOrTx, f: { departments: string[]; regionPrefix: string; from: Date; to: Date }): Promise<SlotRow[]> {
  if (f.departments.length === 0) return [];
  const conds: SQL[] = [inArray(gsVerifySlots.department, f.departments), eq(gsVerifySlots.status, 'open'), sql`${gsVerifySlots.startsAt} >= ${f.from.toISOString()}::timestamptz`, sql`${gsVerifySlots.startsAt} < ${f.to.toISOString()}::timestamptz`];
  if (f.regionPrefix) conds.push(sql`${gsVerifySlots.regionCode} like ${`${f.regionPrefix}%`}`);
  return db.select().from(gsVerifySlots).where(and(...conds)).orderBy(asc(gsVerifySlots.startsAt), asc(gsVerifySlots.id)).limit(1000);
}
export async function slotsOfOfficer(db: DbOrTx, officerId: string, from: Date): Promise<SlotRow[]> {
  return db.select().from(gsVerifySlots).where(and(eq(gsVerifySlots.officerId, officerId), sql`${gsVerifySlots.endsAt} >= ${from.toISOString()}::timestamptz`)).orderBy(asc(gsVerifySlots.startsAt)).limit(1000);
}
/** Takes a place in a slot: one conditional update, so concurrent bookings never exceed the capacity. */
export async function takePlace(tx: DbOrTx, slotId: string): Promise<boolean> {
  const rows = await tx.update(gsVerifySlots).set({ booked: sql`${gsVerifySlots.booked} + 1` })
    .where(and(eq(gsVerifySlots.id, slotId), eq(gsVerifySlots.status, 'open'), sql`${gsVerifySlots.booked} < ${gsVerifySlots.capacity}`)).returning({ id: gsVerifySlots.id });
  return rows.length === 1;
}
export async function givePlaceBack(tx: DbOrTx, slotId: string): Promise<void> {
  await tx.update(gsVerifySlots).set({ booked: sql`greatest(${gsVerifySlots.booked} - 1, 0)` }).where(eq(gsVerifySlots.id, slotId));
}
export async function updateSlot(tx: DbOrTx, id: string, patch: Partial<typeof gsVerifySlots.$inferInsert>): Promise<void> {
  await tx.update(gsVerifySlots).set(patch).where(eq(gsVerifySlots.id, id));
}
export async function insertBooking(tx: DbOrTx, values: typeof gsVerifyBookings.$inferInsert): Promise<BookingRow> {
  const [row] = await tx.insert(gsVerifyBookings).values(values).returning();
  return row;
}
export async function bookingById(db: DbOrTx, id: string, forUpdate = false): Promise<BookingRow | undefined> {
  const q = db.select().from(gsVerifyBookings).where(eq(gsVerifyBookings.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}
export async function updateBooking(tx: DbOrTx, id: string, patch: Partial<typeof gsVerifyBookings.$inferInsert>): Promise<BookingRow> {
  const [row] = await tx.update(gsVerifyBookings).set(patch).where(eq(gsVerifyBookings.id, id)).returning();
  return row;
}
export async function bookingsOfApplication(db: DbOrTx, applicationId: string): Promise<{ booking: BookingRow; slot: SlotRow }[]> {
  return db.select({ booking: gsVerifyBookings, slot: gsVerifySlots }).from(gsVerifyBookings).innerJoin(gsVerifySlots, eq(gsVerifySlots.id, gsVerifyBookings.slotId))
    .where(eq(gsVerifyBookings.applicationId, applicationId)).orderBy(asc(gsVerifySlots.startsAt));
}
export async function bookingsOfSlots(db: DbOrTx, slotIds: string[]): Promise<{ booking: BookingRow; number: string }[]> {
  if (slotIds.length === 0) return [];
  return db.select({ booking: gsVerifyBookings, number: gsApplications.number }).from(gsVerifyBookings).innerJoin(gsApplications, eq(gsApplications.id, gsVerifyBookings.applicationId))
    .where(inArray(gsVerifyBookings.slotId, slotIds)).orderBy(asc(gsVerifyBookings.createdAt));
}

// ---- 直通车

export async function insertProject(tx: DbOrTx, values: typeof gsProjects.$inferInsert): Promise<ProjectRow> {
  const [row] = await tx.insert(gsProjects).values(values).returning();
  return row;
}
export async function projectById(db: DbOrTx, id: string): Promise<ProjectRow | undefined> {
  const [row] = await db.select().from(gsProjects).where(eq(gsProjects.id, id));
  return row;
}
export async function projectByCode(db: DbOrTx, code: string): Promise<ProjectRow | undefined> {
  const [row] = await db.select().from(gsProjects).where(eq(gsProjects.code, code));
  return row;
}
export async function updateProject(tx: DbOrTx, id: string, patch: Partial<typeof gsProjects.$inferInsert>): Promise<void> {
  await tx.update(gsProjects).set(patch).where(eq(gsProjects.id, id));
}
export async function projects(db: DbOrTx, f: { regionPrefix: string; handlerId: string | null }): Promise<ProjectRow[]> {
  const conds: SQL[] = [];
  if (f.regionPrefix) conds.push(sql`${gsProjects.regionCode} like ${`${f.regionPrefix}%`}`);
  if (f.handlerId) conds.push(eq(gsProjects.handlerId, f.handlerId));
  return db.select().from(gsProjects).where(conds.length ? and(...conds) : undefined).orderBy(desc(gsProjects.createdAt)).limit(500);
}
export async function applicationsOfProject(db: DbOrTx, projectId: string): Promise<{ app: ApplicationRow; itemName: string }[]> {
  return db.select({ app: gsApplications, itemName: gsItems.name }).from(gsApplications).innerJoin(gsItems, eq(gsItems.id, gsApplications.itemId))
    .where(and(eq(gsApplications.projectId, projectId), sql`${gsApplications.status} <> 'draft'`)).orderBy(asc(gsApplications.submittedAt)).limit(500);
}
/** An active staff account (the 直通车 handler candidate). */
export async function activeStaff(db: DbOrTx, id: string) {
  const [row] = await db.select({ id: staffAccounts.id, displayName: staffAccounts.displayName, department: staffAccounts.department, roles: staffAccounts.roles, regionCode: staffAccounts.regionCode })
    .from(staffAccounts).where(and(eq(staffAccounts.id, id), isNull(staffAccounts.disabledAt)));
  return row;
}
