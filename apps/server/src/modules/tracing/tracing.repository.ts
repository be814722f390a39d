import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, like, lt, ne, sql } from 'drizzle-orm';
import { divisionPrefix } from '@fangxian/contracts/kernel';
import { arrayLiteral } from '../../platform/db/bulk-insert.ts';
import { rows, type DbOrTx } from '../../platform/db/database.ts';
import { citizens, staffAccounts } from '../../platform/identity/identity.tables.ts';
import { tracingCaseHistory, tracingCases, tracingContactHandovers, tracingContacts, tracingFollowUps, tracingItineraryPoints, tracingLabResults, tracingClusters, tracingSelfReports } from './tracing.tables.ts';

/** All SQL of the tracing module. Lookups over many keys take arrays (unnest / any), never one statement per row. */

export type CaseRow = typeof tracingCases.$inferSelect;
export type CaseHistoryRow = typeof tracingCaseHistory.$inferSelect;
export type PointRow = typeof tracingItineraryPoints.$inferSelect;
export type ContactRow = typeof tracingContacts.$inferSelect;
export type FollowUpRow = typeof tracingFollowUps.$inferSelect;
export type LabResultRow = typeof tracingLabResults.$inferSelect;
export type ClusterRow = typeof tracingClusters.$inferSelect;
export type SelfReportRow = typeof tracingSelfReports.$inferSelect;
export type HandoverRow = typeof tracingContactHandovers.$inferSelect;

export async function insertCase(db: DbOrTx, values: typeof tracingCases.$inferInsert): Promise<CaseRow> {
  const [row] = await db.insert(tracingCases).values(values).returning();
  return row;
}

export async function findCase(db: DbOrTx, id: string, options: { lock?: boolean } = {}): Promise<CaseRow | undefined> {
  const query = db.select().from(tracingCases).where(eq(tracingCases.id, id));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

/** Cases in a region (GB/T 2260 scope; '' = everywhere), newest first, a page at a time. */
export async function listCases(db: DbOrTx, filter: { scope: string; status?: string; before: Date | null; limit: number }): Promise<CaseRow[]> {
  const prefix = divisionPrefix(filter.scope);
  return db
    .select()
    .from(tracingCases)
    .where(
      and(
        prefix ? like(tracingCases.regionCode, `${prefix}%`) : undefined,
        filter.status ? eq(tracingCases.status, filter.status) : undefined,
        filter.before ? lt(tracingCases.createdAt, filter.before) : undefined,
      ),
    )
    .orderBy(desc(tracingCases.createdAt), desc(tracingCases.id))
    .limit(filter.limit);
}

export async function updateCase(db: DbOrTx, id: string, change: Partial<typeof tracingCases.$inferInsert>): Promise<CaseRow> {
  const [row] = await db.update(tracingCases).set({ ...change, updatedAt: new Date() }).where(eq(tracingCases.id, id)).returning();
  return row;
}

export async function insertHistory(db: DbOrTx, values: typeof tracingCaseHistory.$inferInsert): Promise<void> {
  await db.insert(tracingCaseHistory).values(values);
}

export async function historyOf(db: DbOrTx, caseId: string): Promise<CaseHistoryRow[]> {
  return db.select().from(tracingCaseHistory).where(eq(tracingCaseHistory.caseId, caseId)).orderBy(asc(tracingCaseHistory.changedAt), asc(tracingCaseHistory.id));
}

/** The region's next public case number; the region's advisory lock is held until the transaction ends. */
export async function nextPublicNumber(tx: DbOrTx, regionCode: string): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`tracing-public-number:${regionCode}`}))`);
  const [row] = await rows<{ n: number | string }>(tx, sql`select coalesce(max(public_number), 0) + 1 as n from tracing_cases where region_code = ${regionCode}`);
  return Number(row.n);
}

/** The citizen account holding a document (by its blind index), if any. */
export async function citizenIdByDocument(db: DbOrTx, documentIndex: string): Promise<string | null> {
  const [row] = await db.select({ id: citizens.id }).from(citizens).where(eq(citizens.documentIndex, documentIndex)).limit(1);
  return row?.id ?? null;
}

/** Citizens' personal fields (ciphertexts) by id, for masking in a presenter. */
export async function citizensByIds(db: DbOrTx, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: citizens.id, nameCipher: citizens.nameCipher, phoneCipher: citizens.phoneCipher, documentNumberCipher: citizens.documentNumberCipher, householdDivision: citizens.householdDivision })
    .from(citizens)
    .where(sql`${citizens.id} = any(${arrayLiteral(ids)}::uuid[])`); // one parameter however many ids
}

/**
 * The candidates of a case with their ciphertexts and any decision already taken on them, in one
 * statement (one array parameter): what the candidate list decrypts, masks and marks as decided.
 */
export async function candidatePeople(db: DbOrTx, caseId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: citizens.id, nameCipher: citizens.nameCipher, phoneCipher: citizens.phoneCipher, documentNumberCipher: citizens.documentNumberCipher, householdDivision: citizens.householdDivision, decision: tracingContacts })
    .from(citizens)
    .leftJoin(tracingContacts, and(eq(tracingContacts.caseId, caseId), eq(tracingContacts.citizenId, citizens.id)))
    .where(sql`${citizens.id} = any(${arrayLiteral(ids)}::uuid[])`);
}

export async function insertPoints(db: DbOrTx, values: (typeof tracingItineraryPoints.$inferInsert)[]): Promise<PointRow[]> {
  if (values.length === 0) return [];
  return db.insert(tracingItineraryPoints).values(values).returning();
}

export async function pointsOf(db: DbOrTx, caseId: string): Promise<PointRow[]> {
  return db.select().from(tracingItineraryPoints).where(eq(tracingItineraryPoints.caseId, caseId)).orderBy(asc(tracingItineraryPoints.fromAt), asc(tracingItineraryPoints.id));
}

export async function findPoint(db: DbOrTx, caseId: string, id: string): Promise<PointRow | undefined> {
  const [row] = await db.select().from(tracingItineraryPoints).where(and(eq(tracingItineraryPoints.caseId, caseId), eq(tracingItineraryPoints.id, id)));
  return row;
}

export async function deletePoint(db: DbOrTx, id: string): Promise<void> {
  await db.delete(tracingItineraryPoints).where(eq(tracingItineraryPoints.id, id));
}

/** A stay of the case whose window overlaps [from, to), other than `exceptId`. */
export async function overlappingStay(db: DbOrTx, caseId: string, from: Date, to: Date): Promise<PointRow | undefined> {
  const [row] = await db
    .select()
    .from(tracingItineraryPoints)
    .where(
      and(
        eq(tracingItineraryPoints.caseId, caseId),
        eq(tracingItineraryPoints.kind, 'stay'),
        lt(tracingItineraryPoints.fromAt, to),
        sql`${tracingItineraryPoints.toAt} > ${from.toISOString()}`,
      ),
    )
    .limit(1);
  return row;
}

/** Marks every unpublished point of a case published; returns how many. */
export async function publishPoints(db: DbOrTx, caseId: string, at: Date, pointIds?: readonly string[]): Promise<number> {
  if (pointIds && pointIds.length === 0) return 0;
  const done = await db
    .update(tracingItineraryPoints)
    .set({ publishedAt: at })
    .where(
      and(
        eq(tracingItineraryPoints.caseId, caseId),
        isNull(tracingItineraryPoints.publishedAt),
        pointIds ? inArray(tracingItineraryPoints.id, [...pointIds]) : undefined,
      ),
    )
    .returning({ id: tracingItineraryPoints.id });
  return done.length;
}

/** Points of a case by id (the ones a publication proposal names). */
export async function pointsByIds(db: DbOrTx, caseId: string, ids: readonly string[]): Promise<PointRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(tracingItineraryPoints)
    .where(and(eq(tracingItineraryPoints.caseId, caseId), inArray(tracingItineraryPoints.id, [...ids])))
    .orderBy(asc(tracingItineraryPoints.fromAt));
}

/** A published point with its case's public label parts (never the person). */
export interface PublishedPoint {
  point: PointRow;
  caseStatus: string;
  publicNumber: number;
  regionCode: string;
}

/** Published points whose window ends on or after `since`, optionally one kind / one district prefix, oldest first. */
export async function publishedPoints(db: DbOrTx, filter: { since: Date; kind?: 'stay' | 'trip'; divisionPrefix?: string; limit: number }): Promise<PublishedPoint[]> {
  const found = await db
    .select({ point: tracingItineraryPoints, caseStatus: tracingCases.status, publicNumber: tracingCases.publicNumber, regionCode: tracingCases.regionCode })
    .from(tracingItineraryPoints)
    .innerJoin(tracingCases, eq(tracingCases.id, tracingItineraryPoints.caseId))
    .where(
      and(
        isNotNull(tracingItineraryPoints.publishedAt),
        isNotNull(tracingCases.publicNumber),
        ne(tracingCases.status, 'excluded'),
        gte(tracingItineraryPoints.toAt, filter.since),
        filter.kind ? eq(tracingItineraryPoints.kind, filter.kind) : undefined,
        filter.divisionPrefix ? like(tracingItineraryPoints.divisionCode, `${filter.divisionPrefix}%`) : undefined,
      ),
    )
    .orderBy(asc(tracingItineraryPoints.fromAt), asc(tracingItineraryPoints.id))
    .limit(filter.limit);
  return found.map((r) => ({ point: r.point, caseStatus: r.caseStatus, publicNumber: r.publicNumber ?? 0, regionCode: r.regionCode }));
}

/** Every published trip (of a case with a public number, not excluded), by departure: the self-check's snapshot. */
export async function publishedTrips(db: DbOrTx, limit: number): Promise<PublishedPoint[]> {
  const found = await db
    .select({ point: tracingItineraryPoints, caseStatus: tracingCases.status, publicNumber: tracingCases.publicNumber, regionCode: tracingCases.regionCode })
    .from(tracingItineraryPoints)
    .innerJoin(tracingCases, eq(tracingCases.id, tracingItineraryPoints.caseId))
    .where(and(isNotNull(tracingItineraryPoints.publishedAt), isNotNull(tracingCases.publicNumber), ne(tracingCases.status, 'excluded'), eq(tracingItineraryPoints.kind, 'trip')))
    .orderBy(asc(tracingItineraryPoints.fromAt), asc(tracingItineraryPoints.id))
    .limit(limit);
  return found.map((r) => ({ point: r.point, caseStatus: r.caseStatus, publicNumber: r.publicNumber ?? 0, regionCode: r.regionCode }));
}

/** A traveller's trip as entered for the self-check. */
export interface EnteredTrip {
  key: string;
  mode: string;
  number: string;
  date: string;
}

/**
 * Published trips with the same mode, number and date as any of the entered trips — one statement:
 * the entered trips as unnest arrays joined to tracing_points_trip_idx (trip_number, trip_date).
 */
export async function publishedTripsMatching(db: DbOrTx, trips: readonly EnteredTrip[]): Promise<(PublishedPoint & { key: string })[]> {
  if (trips.length === 0) return [];
  const found = await rows<{ key: string; id: string }>(
    db,
    sql`select e.key, p.id
          from unnest(${arrayLiteral(trips.map((t) => t.key))}::text[], ${arrayLiteral(trips.map((t) => t.mode))}::text[],
                      ${arrayLiteral(trips.map((t) => t.number))}::text[], ${arrayLiteral(trips.map((t) => t.date))}::date[]) as e(key, mode, number, day)
          join tracing_itinerary_points p on p.trip_number = e.number and p.trip_date = e.day and p.mode = e.mode and p.kind = 'trip'
          join tracing_cases c on c.id = p.case_id
         where p.published_at is not null and c.public_number is not null and c.status <> 'excluded'
         order by e.key, p.from_at`,
  );
  if (found.length === 0) return [];
  const ids = [...new Set(found.map((f) => f.id))];
  const points = await db
    .select({ point: tracingItineraryPoints, caseStatus: tracingCases.status, publicNumber: tracingCases.publicNumber, regionCode: tracingCases.regionCode })
    .from(tracingItineraryPoints)
    .innerJoin(tracingCases, eq(tracingCases.id, tracingItineraryPoints.caseId))
    .where(inArray(tracingItineraryPoints.id, ids));
  const byId = new Map(points.map((p) => [p.point.id, p]));
  return found.map((f) => {
    const p = byId.get(f.id)!;
    return { key: f.key, point: p.point, caseStatus: p.caseStatus, publicNumber: p.publicNumber ?? 0, regionCode: p.regionCode };
  });
}

/** A stay at a place as entered for a check (the place name already normalised by the caller: no spaces, lower case). */
export interface EnteredStay {
  key: string;
  place: string;
  from: Date;
  to: Date;
}

/**
 * Published stays at the same place (its name without spaces, case-insensitive) overlapping any of the
 * entered stays — one statement: the entered stays as unnest arrays joined to the published stays.
 */
export async function publishedStaysMatching(db: DbOrTx, stays: readonly EnteredStay[]): Promise<(PublishedPoint & { key: string })[]> {
  if (stays.length === 0) return [];
  const found = await rows<{ key: string; id: string }>(
    db,
    sql`select e.key, p.id
          from unnest(${arrayLiteral(stays.map((t) => t.key))}::text[], ${arrayLiteral(stays.map((t) => t.place))}::text[],
                      ${arrayLiteral(stays.map((t) => t.from))}::timestamptz[], ${arrayLiteral(stays.map((t) => t.to))}::timestamptz[]) as e(key, place, from_at, to_at)
          join tracing_itinerary_points p on p.kind = 'stay' and p.published_at is not null and p.from_at < e.to_at and p.to_at > e.from_at
                                         and lower(regexp_replace(p.place_name, '[[:space:]]', '', 'g')) = e.place
          join tracing_cases c on c.id = p.case_id
         where c.public_number is not null and c.status <> 'excluded'
         order by e.key, p.from_at`,
  );
  if (found.length === 0) return [];
  const points = await db
    .select({ point: tracingItineraryPoints, caseStatus: tracingCases.status, publicNumber: tracingCases.publicNumber, regionCode: tracingCases.regionCode })
    .from(tracingItineraryPoints)
    .innerJoin(tracingCases, eq(tracingCases.id, tracingItineraryPoints.caseId))
    .where(inArray(tracingItineraryPoints.id, [...new Set(found.map((f) => f.id))]));
  const byId = new Map(points.map((p) => [p.point.id, p]));
  return found.map((f) => {
    const p = byId.get(f.id)!;
    return { key: f.key, point: p.point, caseStatus: p.caseStatus, publicNumber: p.publicNumber ?? 0, regionCode: p.regionCode };
  });
}

export async function contactsOf(db: DbOrTx, caseId: string): Promise<ContactRow[]> {
  return db.select().from(tracingContacts).where(eq(tracingContacts.caseId, caseId)).orderBy(desc(tracingContacts.decidedAt));
}

/** A case's contact with the person's name (ciphertext), the deciding officer and the follow-up entries so far. */
export interface ContactDetailRow {
  contact: ContactRow;
  nameCipher: string | null;
  decidedByName: string | null;
  followUpDays: number;
  lastFollowUpDay: string | null;
}

/** A case's contacts for its file: first degree before second, newest decision first (one statement). */
export async function contactDetailsOf(db: DbOrTx, caseId: string): Promise<ContactDetailRow[]> {
  const found = await db
    .select({
      contact: tracingContacts,
      nameCipher: citizens.nameCipher,
      decidedByName: staffAccounts.displayName,
      followUpDays: sql<number>`(select count(*)::int from ${tracingFollowUps} f where f.contact_id = ${tracingContacts.id})`,
      lastFollowUpDay: sql<string | null>`(select max(f.day)::text from ${tracingFollowUps} f where f.contact_id = ${tracingContacts.id})`,
    })
    .from(tracingContacts)
    .leftJoin(citizens, eq(citizens.id, tracingContacts.citizenId))
    .leftJoin(staffAccounts, eq(staffAccounts.id, tracingContacts.decidedBy))
    .where(eq(tracingContacts.caseId, caseId))
    .orderBy(asc(tracingContacts.degree), desc(tracingContacts.decidedAt));
  return found.map((r) => ({ ...r, followUpDays: Number(r.followUpDays) }));
}

/** Records (or replaces) the decision on one person of a case. */
export async function upsertContact(db: DbOrTx, values: typeof tracingContacts.$inferInsert): Promise<ContactRow> {
  const [row] = await db
    .insert(tracingContacts)
    .values(values)
    .onConflictDoUpdate({
      target: [tracingContacts.caseId, tracingContacts.citizenId],
      set: {
        decision: values.decision,
        level: values.level ?? null,
        degree: values.degree ?? 1,
        reason: values.reason,
        venueId: values.venueId ?? null,
        lastExposureAt: values.lastExposureAt ?? null,
        overlapMinutes: values.overlapMinutes,
        decidedBy: values.decidedBy,
        decidedAt: new Date(),
        assignedRegion: values.assignedRegion,
        followFrom: values.followFrom ?? null,
        followUntil: values.followUntil ?? null,
        followStatus: values.followStatus,
      },
    })
    .returning();
  return row;
}

/** What the health code reads for one person: their cases (by document) and confirmed contacts (by account). */
export interface PersonTracingFacts {
  cases: { id: string; status: string; reportDate: string; confirmedDate: string | null; updatedAt: Date; regionCode: string }[];
  contacts: { id: string; level: string | null; decidedAt: Date; regionCode: string }[];
}

/**
 * A person's cases and confirmed contacts (of cases not excluded) in one round trip — the health
 * code calls this on every recomputation. Days come back as text and instants as epoch ms, the same
 * on both drivers.
 */
export async function tracingFactsOf(db: DbOrTx, citizenId: string, documentIndex: string | null): Promise<PersonTracingFacts> {
  const found = await rows<{ kind: string; id: string; status: string | null; reportDate: string | null; confirmedDate: string | null; atMs: number | string; regionCode: string; level: string | null }>(
    db,
    sql`select 'case' as kind, k.id, k.status, to_char(k.report_date, 'YYYY-MM-DD') as "reportDate", to_char(k.confirmed_date, 'YYYY-MM-DD') as "confirmedDate",
               (extract(epoch from k.updated_at) * 1000)::float8 as "atMs", k.region_code as "regionCode", null::text as level
          from tracing_cases k
         where ${documentIndex === null ? sql`false` : sql`k.document_index = ${documentIndex}`}
        union all
        select 'contact', c.id, null, null, null, (extract(epoch from c.decided_at) * 1000)::float8, c.region_code, c.level
          from tracing_contacts c
          join tracing_cases k on k.id = c.case_id
         where c.citizen_id = ${citizenId} and c.decision = 'confirmed' and k.status <> 'excluded'`,
  );
  const facts: PersonTracingFacts = { cases: [], contacts: [] };
  for (const r of found) {
    const at = new Date(Number(r.atMs));
    if (r.kind === 'case') facts.cases.push({ id: r.id, status: r.status!, reportDate: r.reportDate!, confirmedDate: r.confirmedDate, updatedAt: at, regionCode: r.regionCode });
    else facts.contacts.push({ id: r.id, level: r.level, decidedAt: at, regionCode: r.regionCode });
  }
  return facts;
}

/**
 * The tracing facts of many people with one statement (the health code's batched recomputation):
 * cases by document blind index, confirmed contacts by citizen id, each as `tracingFactsOf` gives them,
 * by citizen id (cases in report order, then contacts in decision order).
 */
export async function tracingFactsOfMany(db: DbOrTx, persons: readonly { citizenId: string; documentIndex: string | null }[]): Promise<Map<string, PersonTracingFacts>> {
  const out = new Map<string, PersonTracingFacts>();
  if (persons.length === 0) return out;
  const byIndex = new Map<string, string[]>();
  for (const p of persons) {
    out.set(p.citizenId, { cases: [], contacts: [] });
    if (p.documentIndex) byIndex.set(p.documentIndex, [...(byIndex.get(p.documentIndex) ?? []), p.citizenId]);
  }
  const found = await rows<{ kind: string; owner: string; id: string; status: string | null; reportDate: string | null; confirmedDate: string | null; atMs: number | string; regionCode: string; level: string | null }>(
    db,
    sql`select * from (
          select 'case' as kind, k.document_index as owner, k.id, k.status, to_char(k.report_date, 'YYYY-MM-DD') as "reportDate", to_char(k.confirmed_date, 'YYYY-MM-DD') as "confirmedDate",
                 (extract(epoch from k.updated_at) * 1000)::float8 as "atMs", k.region_code as "regionCode", null::text as level
            from tracing_cases k
           where k.document_index = any(${arrayLiteral([...byIndex.keys()])}::text[])
          union all
          select 'contact', c.citizen_id::text, c.id, null, null, null, (extract(epoch from c.decided_at) * 1000)::float8, c.region_code, c.level
            from tracing_contacts c
            join tracing_cases k on k.id = c.case_id
           where c.citizen_id = any(${arrayLiteral(persons.map((p) => p.citizenId))}::uuid[]) and c.decision = 'confirmed' and k.status <> 'excluded'
        ) f order by kind, "atMs", id`,
  );
  for (const r of found) {
    const at = new Date(Number(r.atMs));
    if (r.kind === 'case') {
      for (const citizenId of byIndex.get(r.owner) ?? []) {
        out.get(citizenId)!.cases.push({ id: r.id, status: r.status!, reportDate: r.reportDate!, confirmedDate: r.confirmedDate, updatedAt: at, regionCode: r.regionCode });
      }
    } else out.get(r.owner)?.contacts.push({ id: r.id, level: r.level, decidedAt: at, regionCode: r.regionCode });
  }
  return out;
}

/** The lab results since a day of many people with one statement, by document blind index (each in `labResultsOf`'s order). */
export async function labResultsOfMany(db: DbOrTx, documentIndexes: readonly string[], since: string): Promise<Map<string, { id: string; testType: string; result: string; sampleDate: string; lab: string }[]>> {
  const out = new Map<string, { id: string; testType: string; result: string; sampleDate: string; lab: string }[]>();
  if (documentIndexes.length === 0) return out;
  const found = await rows<{ documentIndex: string; id: string; testType: string; result: string; sampleDate: string; lab: string }>(
    db,
    sql`select document_index as "documentIndex", id, test_type as "testType", result, to_char(sample_date, 'YYYY-MM-DD') as "sampleDate", lab
          from tracing_lab_results where document_index = any(${arrayLiteral(documentIndexes)}::text[]) and sample_date >= ${since}::date
         order by document_index, sample_date, created_at, id`,
  );
  for (const { documentIndex, ...lab } of found) {
    let list = out.get(documentIndex);
    if (!list) out.set(documentIndex, (list = []));
    list.push(lab);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Contact worklist and follow-up

/**
 * Confirmed contacts on the worklists under a division prefix (the officer's region or a team's
 * division) whose follow-up period covers `day` and is still active (escalated or ended ones drop off).
 */
export async function worklist(db: DbOrTx, filter: { prefix: string; day: string; limit: number }): Promise<ContactRow[]> {
  return db
    .select()
    .from(tracingContacts)
    .where(
      and(
        eq(tracingContacts.decision, 'confirmed'),
        eq(tracingContacts.followStatus, 'active'),
        like(tracingContacts.assignedRegion, `${filter.prefix}%`),
        sql`${tracingContacts.followFrom} <= ${filter.day}::date`,
        sql`${tracingContacts.followUntil} >= ${filter.day}::date`,
      ),
    )
    .orderBy(asc(tracingContacts.assignedRegion), asc(tracingContacts.decidedAt))
    .limit(filter.limit);
}

export async function findContact(db: DbOrTx, id: string, options: { lock?: boolean } = {}): Promise<ContactRow | undefined> {
  const q = db.select().from(tracingContacts).where(eq(tracingContacts.id, id));
  const [row] = options.lock ? await q.for('update') : await q;
  return row;
}

export async function updateContact(db: DbOrTx, id: string, change: Partial<typeof tracingContacts.$inferInsert>): Promise<ContactRow> {
  const [row] = await db.update(tracingContacts).set(change).where(eq(tracingContacts.id, id)).returning();
  return row;
}

export async function insertHandover(db: DbOrTx, values: typeof tracingContactHandovers.$inferInsert): Promise<void> {
  await db.insert(tracingContactHandovers).values(values);
}

export async function handoversOf(db: DbOrTx, contactIds: readonly string[]): Promise<HandoverRow[]> {
  if (contactIds.length === 0) return [];
  return db.select().from(tracingContactHandovers).where(inArray(tracingContactHandovers.contactId, [...contactIds])).orderBy(asc(tracingContactHandovers.handedAt));
}

/** Records (or corrects) the follow-up of one contact on one day. */
export async function upsertFollowUp(db: DbOrTx, values: typeof tracingFollowUps.$inferInsert): Promise<FollowUpRow> {
  const [row] = await db
    .insert(tracingFollowUps)
    .values(values)
    .onConflictDoUpdate({
      target: [tracingFollowUps.contactId, tracingFollowUps.day],
      set: { reached: values.reached, symptoms: values.symptoms, temperature: values.temperature ?? null, testTaken: values.testTaken, note: values.note, recordedBy: values.recordedBy, recordedAt: new Date() },
    })
    .returning();
  return row;
}

/** The follow-up entries of some contacts (one statement), oldest day first. */
export async function followUpsOf(db: DbOrTx, contactIds: readonly string[]): Promise<FollowUpRow[]> {
  if (contactIds.length === 0) return [];
  return db.select().from(tracingFollowUps).where(inArray(tracingFollowUps.contactId, [...contactIds])).orderBy(asc(tracingFollowUps.day));
}

/** A citizen's document and name ciphertexts (to open a case for a contact). */
export async function citizenDocument(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ documentType: citizens.documentType, documentIndex: citizens.documentIndex, documentNumberCipher: citizens.documentNumberCipher, nameCipher: citizens.nameCipher })
    .from(citizens)
    .where(eq(citizens.id, id));
  return row;
}

// ---------------------------------------------------------------------------------------------
// Lab results

export async function insertLabResult(db: DbOrTx, values: typeof tracingLabResults.$inferInsert): Promise<LabResultRow> {
  const [row] = await db.insert(tracingLabResults).values(values).returning();
  return row;
}

export async function findLabResult(db: DbOrTx, id: string, options: { lock?: boolean } = {}): Promise<LabResultRow | undefined> {
  const q = db.select().from(tracingLabResults).where(eq(tracingLabResults.id, id));
  const [row] = options.lock ? await q.for('update') : await q;
  return row;
}

export async function setLabResultCase(db: DbOrTx, id: string, caseId: string): Promise<void> {
  await db.update(tracingLabResults).set({ caseId }).where(eq(tracingLabResults.id, id));
}

/** Lab results under a region prefix, newest first. */
export async function listLabResults(db: DbOrTx, filter: { prefix: string; limit: number }): Promise<LabResultRow[]> {
  return db
    .select()
    .from(tracingLabResults)
    .where(like(tracingLabResults.regionCode, `${filter.prefix}%`))
    .orderBy(desc(tracingLabResults.createdAt))
    .limit(filter.limit);
}

/** The document indexes among these that have an open case (not excluded, not recovered). */
export async function documentsWithOpenCase(db: DbOrTx, documentIndexes: readonly string[]): Promise<Set<string>> {
  if (documentIndexes.length === 0) return new Set();
  const found = await db
    .select({ documentIndex: tracingCases.documentIndex })
    .from(tracingCases)
    .where(and(inArray(tracingCases.documentIndex, [...new Set(documentIndexes)]), sql`${tracingCases.status} not in ('excluded', 'recovered')`));
  return new Set(found.map((r) => r.documentIndex));
}

/** A person's lab results (by document) since a day, oldest sample first: the health code's lab facts. */
export async function labResultsOf(db: DbOrTx, documentIndex: string, since: string): Promise<{ id: string; testType: string; result: string; sampleDate: string; lab: string }[]> {
  return rows(
    db,
    sql`select id, test_type as "testType", result, to_char(sample_date, 'YYYY-MM-DD') as "sampleDate", lab
          from tracing_lab_results where document_index = ${documentIndex} and sample_date >= ${since}::date
         order by sample_date, created_at`,
  );
}

// ---------------------------------------------------------------------------------------------
// Clusters and chains

export async function insertCluster(db: DbOrTx, values: typeof tracingClusters.$inferInsert): Promise<ClusterRow> {
  const [row] = await db.insert(tracingClusters).values(values).returning();
  return row;
}

export async function findCluster(db: DbOrTx, id: string): Promise<ClusterRow | undefined> {
  const [row] = await db.select().from(tracingClusters).where(eq(tracingClusters.id, id));
  return row;
}

/** Clusters under a region prefix with their case counts by status (one statement). */
export async function clustersWithCounts(db: DbOrTx, prefix: string): Promise<(ClusterRow & { counts: Record<string, number> })[]> {
  const clusters = await db.select().from(tracingClusters).where(like(tracingClusters.regionCode, `${prefix}%`)).orderBy(desc(tracingClusters.createdAt)).limit(500);
  if (clusters.length === 0) return [];
  const counts = await db
    .select({ clusterId: tracingCases.clusterId, status: tracingCases.status, n: sql<number>`count(*)::int` })
    .from(tracingCases)
    .where(inArray(tracingCases.clusterId, clusters.map((c) => c.id)))
    .groupBy(tracingCases.clusterId, tracingCases.status);
  return clusters.map((c) => ({ ...c, counts: Object.fromEntries(counts.filter((k) => k.clusterId === c.id).map((k) => [k.status, Number(k.n)])) }));
}

/** The cases of a chain view: under a region prefix, optionally one cluster and a report-date range. */
export async function chainCases(db: DbOrTx, filter: { prefix: string; clusterId?: string; from?: string; to?: string; limit: number }): Promise<CaseRow[]> {
  return db
    .select()
    .from(tracingCases)
    .where(
      and(
        like(tracingCases.regionCode, `${filter.prefix}%`),
        ne(tracingCases.status, 'excluded'),
        filter.clusterId ? eq(tracingCases.clusterId, filter.clusterId) : undefined,
        filter.from ? sql`${tracingCases.reportDate} >= ${filter.from}::date` : undefined,
        filter.to ? sql`${tracingCases.reportDate} <= ${filter.to}::date` : undefined,
      ),
    )
    .orderBy(asc(tracingCases.reportDate))
    .limit(filter.limit);
}

/** Confirmed contacts of some cases, and the contacts some cases were escalated from (one statement each). */
export async function contactsOfCases(db: DbOrTx, caseIds: readonly string[]): Promise<ContactRow[]> {
  if (caseIds.length === 0) return [];
  return db.select().from(tracingContacts).where(and(inArray(tracingContacts.caseId, [...caseIds]), eq(tracingContacts.decision, 'confirmed')));
}

export async function contactsByIds(db: DbOrTx, ids: readonly string[]): Promise<ContactRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(tracingContacts).where(inArray(tracingContacts.id, [...ids]));
}

// ---------------------------------------------------------------------------------------------
// Self-check reports

/** A published point by id with its case (null when unpublished or missing). */
export async function publishedPoint(db: DbOrTx, id: string): Promise<{ point: PointRow; theCase: CaseRow } | null> {
  const [row] = await db.select({ point: tracingItineraryPoints, theCase: tracingCases }).from(tracingItineraryPoints).innerJoin(tracingCases, eq(tracingCases.id, tracingItineraryPoints.caseId)).where(and(eq(tracingItineraryPoints.id, id), isNotNull(tracingItineraryPoints.publishedAt)));
  return row ?? null;
}

/** Records a report once per citizen and point (a repeat returns the first). */
export async function insertSelfReport(db: DbOrTx, values: typeof tracingSelfReports.$inferInsert): Promise<SelfReportRow> {
  const [row] = await db.insert(tracingSelfReports).values(values).onConflictDoNothing().returning();
  if (row) return row;
  const [existing] = await db.select().from(tracingSelfReports).where(and(eq(tracingSelfReports.citizenId, values.citizenId), eq(tracingSelfReports.pointId, values.pointId)));
  return existing;
}

export async function findSelfReport(db: DbOrTx, id: string, options: { lock?: boolean } = {}): Promise<SelfReportRow | undefined> {
  const q = db.select().from(tracingSelfReports).where(eq(tracingSelfReports.id, id));
  const [row] = options.lock ? await q.for('update') : await q;
  return row;
}

export async function updateSelfReport(db: DbOrTx, id: string, change: Partial<typeof tracingSelfReports.$inferInsert>): Promise<void> {
  await db.update(tracingSelfReports).set(change).where(eq(tracingSelfReports.id, id));
}

/** Reports under a region prefix, newest first, with their points. */
export async function listSelfReports(db: DbOrTx, filter: { prefix: string; status?: string; limit: number }) {
  return db
    .select({ report: tracingSelfReports, point: tracingItineraryPoints })
    .from(tracingSelfReports)
    .innerJoin(tracingItineraryPoints, eq(tracingItineraryPoints.id, tracingSelfReports.pointId))
    .where(and(like(tracingSelfReports.regionCode, `${filter.prefix}%`), filter.status ? eq(tracingSelfReports.status, filter.status) : undefined))
    .orderBy(desc(tracingSelfReports.createdAt))
    .limit(filter.limit);
}
