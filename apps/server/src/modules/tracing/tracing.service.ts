import { addDays, dayOf, isDay, startOfDay, todayInChina } from '@fangxian/contracts/kernel';
import { assertInScope, asCitizen, asStaff } from '../../platform/access/policy.ts';
import { regionContains, type Principal } from '../../platform/access/principal.ts';
import { approvalStatus, decideApproval, listApprovals, proposeApproval, type ApprovalRow } from '../../platform/approvals/index.ts';
import type { Db } from '../../platform/db/database.ts';
import { appendAudit, recordAudit } from '../../platform/audit/audit.service.ts';
import { isDivisionCode } from '../../platform/divisions/index.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { validateDocument, type DocumentType } from '../../platform/identity/documents.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { onFactsChanged } from '../health-code/index.ts';
import { scansOfPerson, scansOverlapping, scansOverlappingStaysOf, venueById, type OverlappingScan } from '../venues/index.ts';
import { TracingErrors } from './tracing.errors.ts';
import { TracingContactDecided } from './tracing.events.ts';
import * as repo from './tracing.repository.ts';
import { publishedChanged, publishedSnapshot, tripKey } from './tracing.published-cache.ts';
import { settingsSnapshot, stayByType, traceWindowOf } from './tracing.settings.ts';
import {
  canTransition,
  carriageNumber,
  countyOf,
  followUpPeriod,
  flightRow,
  isTrainSeat,
  normaliseTripNumber,
  overlapMinutes,
  rankCandidates,
  tripContactLevel,
  type Candidate,
  type CaseStatus,
  type TripContactLevel,
  type TripMode,
} from './tracing.rules.ts';

const MINUTE = 60_000;
/** Longest itinerary point: a stay or trip of more than a week is two points. */
const MAX_POINT_MS = 7 * 24 * 60 * MINUTE;
/** Clock skew allowed for "not in the future". */
const SKEW_MS = 5 * MINUTE;
/** Days before onset (or the report, when there is no onset) that tracing looks at unless configured (tracing.settings.ts) or chosen per call. */
export const DEFAULT_TRACE_DAYS = 14;

const auditBase = (actor: Principal, meta: RequestMeta) => ({ actor, ip: meta.ip, requestId: meta.requestId });

export function assertDivision(code: string): void {
  if (!isDivisionCode(code)) throw new AppError(TracingErrors.TRACING_DIVISION_UNKNOWN, { divisionCode: code });
}

export function assertCaseDates(input: { onsetDate?: string | null; reportDate: string; confirmedDate?: string | null }): void {
  const today = todayInChina();
  const days = [input.onsetDate, input.reportDate, input.confirmedDate].filter((d): d is string => !!d);
  if (days.some((d) => !isDay(d) || d > today)) throw new AppError(TracingErrors.TRACING_DATES_INVALID, { field: 'date' });
  if (input.onsetDate && input.onsetDate > input.reportDate) throw new AppError(TracingErrors.TRACING_DATES_INVALID, { field: 'onsetDate' });
  if (input.confirmedDate && input.confirmedDate < input.reportDate) throw new AppError(TracingErrors.TRACING_DATES_INVALID, { field: 'confirmedDate' });
}

/** A case the officer may see (region scope answers NOT_FOUND like a missing case). */
async function caseInScope(ctx: AppContext, staff: Principal, id: string, options: { lock?: boolean; tx?: Parameters<typeof repo.findCase>[0] } = {}): Promise<repo.CaseRow> {
  const row = await repo.findCase(options.tx ?? ctx.db, id, { lock: options.lock });
  if (!row) throw new AppError(CommonErrors.NOT_FOUND);
  assertInScope(staff, row.regionCode);
  return row;
}

// ---------------------------------------------------------------------------------------------
// Case files

export interface NewCaseInput {
  status: 'suspected' | 'asymptomatic' | 'confirmed';
  documentType: DocumentType;
  documentNumber: string;
  name: string;
  onsetDate?: string | null;
  reportDate: string;
  confirmedDate?: string | null;
  source: string;
  regionCode: string;
  notes?: string;
}

/** Registers a case in the officer's region: the person by document (ciphertext + blind index), the history's first entry. */
export async function registerCase(ctx: AppContext, principal: Principal, input: NewCaseInput, meta: RequestMeta): Promise<repo.CaseRow> {
  const staff = asStaff(principal);
  assertDivision(input.regionCode);
  assertInScope(staff, input.regionCode);
  assertCaseDates(input);
  const verdict = validateDocument(input.documentType, input.documentNumber);
  if (!verdict.ok) throw new AppError(TracingErrors.TRACING_DOCUMENT_INVALID, { problem: verdict.problem });
  const documentIndex = ctx.blindIndex.of('id', verdict.number);
  const created = await ctx.db.transaction(async (tx) => {
    const citizenId = await repo.citizenIdByDocument(tx, documentIndex);
    const row = await repo.insertCase(tx, {
      status: input.status,
      documentType: input.documentType,
      documentIndex,
      documentNumberCipher: ctx.cipher.encrypt(verdict.number)!,
      nameCipher: ctx.cipher.encrypt(input.name.trim())!,
      citizenId,
      onsetDate: input.onsetDate ?? null,
      reportDate: input.reportDate,
      confirmedDate: input.status === 'confirmed' ? (input.confirmedDate ?? input.reportDate) : null,
      source: input.source,
      regionCode: input.regionCode,
      notes: input.notes ?? '',
      createdBy: staff.staffId,
    });
    await repo.insertHistory(tx, { caseId: row.id, fromStatus: null, toStatus: row.status, reason: '登记', changedBy: staff.staffId });
    await appendAudit(tx, {
      ...auditBase(staff, meta),
      action: 'tracing.case.create',
      subjectType: 'tracing_case',
      subjectId: row.id,
      regionCode: row.regionCode,
      detail: { status: row.status, source: row.source, linkedAccount: citizenId !== null },
    });
    return row;
  });
  if (created.citizenId) await onFactsChanged(ctx, created.citizenId, { type: 'actor', actorType: 'staff', actorId: staff.staffId, action: 'tracing.case.create' });
  return created;
}

/** The cases of the officer's region, newest first (the read is audited). */
export async function listCases(ctx: AppContext, principal: Principal, query: { status?: string; before?: string; limit: number }, meta: RequestMeta): Promise<repo.CaseRow[]> {
  const staff = asStaff(principal);
  const found = await repo.listCases(ctx.db, { scope: staff.regionCode, status: query.status, before: query.before ? new Date(query.before) : null, limit: query.limit });
  await recordAudit(ctx.db, { ...auditBase(staff, meta), action: 'tracing.case.list', subjectType: 'tracing_case', regionCode: staff.regionCode, detail: { count: found.length } });
  return found;
}

/** One case with its history, itinerary and contact decisions (the read is audited). */
export async function caseFile(ctx: AppContext, principal: Principal, id: string, meta: RequestMeta) {
  const staff = asStaff(principal);
  const row = await caseInScope(ctx, staff, id);
  const [history, points, contacts] = await Promise.all([repo.historyOf(ctx.db, id), repo.pointsOf(ctx.db, id), repo.contactsOf(ctx.db, id)]);
  await recordAudit(ctx.db, { ...auditBase(staff, meta), action: 'tracing.case.read', subjectType: 'tracing_case', subjectId: id, regionCode: row.regionCode });
  return { row, history, points, contacts };
}

/**
 * A case's contacts (confirmed and dismissed, first and second degree) with their names, who decided
 * and their follow-up state, for the case file; the case must be in the officer's region. The read of
 * the names is audited.
 */
export async function caseContacts(ctx: AppContext, principal: Principal, id: string, meta: RequestMeta): Promise<repo.ContactDetailRow[]> {
  const staff = asStaff(principal);
  const row = await caseInScope(ctx, staff, id);
  const found = await repo.contactDetailsOf(ctx.db, id);
  await recordAudit(ctx.db, { ...auditBase(staff, meta), action: 'tracing.contact.list', subjectType: 'tracing_case', subjectId: id, regionCode: row.regionCode, detail: { count: found.length } });
  return found;
}

/** Moves a case along its lifecycle (tracing.rules.ts), with the reason in its history. */
export async function changeCaseStatus(
  ctx: AppContext,
  principal: Principal,
  id: string,
  input: { status: CaseStatus; reason: string; date?: string },
  meta: RequestMeta,
): Promise<repo.CaseRow> {
  const staff = asStaff(principal);
  if (input.date && (!isDay(input.date) || input.date > todayInChina())) throw new AppError(TracingErrors.TRACING_DATES_INVALID, { field: 'date' });
  const changed = await ctx.db.transaction(async (tx) => {
    const before = await caseInScope(ctx, staff, id, { lock: true, tx });
    const from = before.status as CaseStatus;
    if (!canTransition(from, input.status)) throw new AppError(TracingErrors.TRACING_TRANSITION_INVALID, { from, to: input.status });
    const row = await repo.updateCase(tx, id, {
      status: input.status,
      confirmedDate: input.status === 'confirmed' ? (input.date ?? todayInChina()) : before.confirmedDate,
    });
    await repo.insertHistory(tx, { caseId: id, fromStatus: from, toStatus: input.status, reason: input.reason, changedBy: staff.staffId });
    await appendAudit(tx, {
      ...auditBase(staff, meta),
      action: 'tracing.case.status',
      subjectType: 'tracing_case',
      subjectId: id,
      regionCode: row.regionCode,
      detail: { from, to: input.status },
    });
    return row;
  });
  publishedChanged(ctx); // an excluded case's published points leave the self-check at once
  if (changed.citizenId) await onFactsChanged(ctx, changed.citizenId, { type: 'actor', actorType: 'staff', actorId: staff.staffId, action: 'tracing.case.status' });
  return changed;
}

// ---------------------------------------------------------------------------------------------
// Itineraries

export interface PointInput {
  kind: 'stay' | 'trip';
  from: string;
  to: string;
  venueId?: string;
  placeName?: string;
  divisionCode?: string;
  mode?: TripMode;
  number?: string;
  carriage?: string;
  seat?: string;
  note?: string;
}

function assertWindow(from: Date, to: Date): void {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to <= from || to.getTime() - from.getTime() > MAX_POINT_MS || to.getTime() > Date.now() + SKEW_MS) {
    throw new AppError(TracingErrors.TRACING_TIMES_INVALID);
  }
}

/** Checks a trip's seat and carriage for its mode (a plane seat names a row; a train carriage is 1–30). */
export function assertSeat(mode: TripMode, carriage: string | undefined, seat: string | undefined): void {
  if (mode === 'flight' && seat && flightRow(seat) === null) throw new AppError(TracingErrors.TRACING_SEAT_INVALID, { field: 'seat' });
  if (mode === 'train' && carriage && carriageNumber(carriage) === null) throw new AppError(TracingErrors.TRACING_SEAT_INVALID, { field: 'carriage' });
  if (mode === 'train' && seat && !isTrainSeat(seat)) throw new AppError(TracingErrors.TRACING_SEAT_INVALID, { field: 'seat' });
}

/** Adds a stay or a trip to a case's itinerary; a stay may not overlap another stay of the case. */
export async function addPoint(ctx: AppContext, principal: Principal, caseId: string, input: PointInput, meta: RequestMeta): Promise<repo.PointRow> {
  const staff = asStaff(principal);
  const from = new Date(input.from);
  const to = new Date(input.to);
  assertWindow(from, to);
  let placeName = input.placeName?.trim() ?? '';
  let divisionCode = input.divisionCode ?? '';
  let tripNumber: string | null = null;
  if (input.kind === 'stay') {
    if (input.mode || input.number || input.seat || input.carriage) throw new AppError(TracingErrors.TRACING_POINT_INCOMPLETE, { field: 'mode' });
    if (input.venueId) {
      const venue = await venueById(ctx.db, input.venueId);
      if (!venue) throw new AppError(TracingErrors.TRACING_VENUE_UNKNOWN, { venueId: input.venueId });
      placeName ||= venue.name;
      divisionCode ||= venue.divisionCode;
    }
    if (!placeName || !divisionCode) throw new AppError(TracingErrors.TRACING_POINT_INCOMPLETE, { field: placeName ? 'divisionCode' : 'placeName' });
  } else {
    if (!input.mode || !input.number) throw new AppError(TracingErrors.TRACING_POINT_INCOMPLETE, { field: input.mode ? 'number' : 'mode' });
    if (input.venueId) throw new AppError(TracingErrors.TRACING_POINT_INCOMPLETE, { field: 'venueId' });
    tripNumber = normaliseTripNumber(input.mode, input.number);
    if (!tripNumber) throw new AppError(TracingErrors.TRACING_TRIP_NUMBER_INVALID, { field: 'number' });
    assertSeat(input.mode, input.carriage, input.seat);
    if (!divisionCode) throw new AppError(TracingErrors.TRACING_POINT_INCOMPLETE, { field: 'divisionCode' });
    placeName ||= tripNumber;
  }
  assertDivision(divisionCode);
  return ctx.db.transaction(async (tx) => {
    const theCase = await caseInScope(ctx, staff, caseId, { lock: true, tx });
    if (input.kind === 'stay') {
      const clash = await repo.overlappingStay(tx, caseId, from, to);
      if (clash) throw new AppError(TracingErrors.TRACING_STAY_OVERLAPS, { pointId: clash.id });
    }
    const [row] = await repo.insertPoints(tx, [
      {
        caseId,
        kind: input.kind,
        fromAt: from,
        toAt: to,
        venueId: input.kind === 'stay' ? (input.venueId ?? null) : null,
        placeName,
        divisionCode,
        mode: input.kind === 'trip' ? input.mode! : null,
        tripNumber,
        tripDate: input.kind === 'trip' ? dayOf(from) : null,
        carriage: input.carriage?.trim() || null,
        seat: input.seat?.trim().toUpperCase() || null,
        note: input.note ?? '',
        createdBy: staff.staffId,
      },
    ]);
    await appendAudit(tx, {
      ...auditBase(staff, meta),
      action: 'tracing.itinerary.add',
      subjectType: 'tracing_case',
      subjectId: caseId,
      regionCode: theCase.regionCode,
      detail: { pointId: row.id, kind: row.kind },
    });
    return row;
  });
}

/** Removes an unpublished point (a published one stays on the record). */
export async function removePoint(ctx: AppContext, principal: Principal, caseId: string, pointId: string, meta: RequestMeta): Promise<void> {
  const staff = asStaff(principal);
  await ctx.db.transaction(async (tx) => {
    const theCase = await caseInScope(ctx, staff, caseId, { lock: true, tx });
    const point = await repo.findPoint(tx, caseId, pointId);
    if (!point) throw new AppError(CommonErrors.NOT_FOUND);
    if (point.publishedAt) throw new AppError(TracingErrors.TRACING_POINT_PUBLISHED);
    await repo.deletePoint(tx, pointId);
    await appendAudit(tx, { ...auditBase(staff, meta), action: 'tracing.itinerary.remove', subjectType: 'tracing_case', subjectId: caseId, regionCode: theCase.regionCode, detail: { pointId } });
  });
}

/**
 * Seeds a case's itinerary from the case's own venue scans (when the person has an account): each
 * presence-proving scan in the tracing window becomes a stay [scan, scan + the venue's stay length),
 * skipping those that overlap a stay already recorded. Returns the stays added.
 */
export async function importOwnScans(ctx: AppContext, principal: Principal, caseId: string, meta: RequestMeta): Promise<repo.PointRow[]> {
  const staff = asStaff(principal);
  const theCase = await caseInScope(ctx, staff, caseId);
  if (!theCase.citizenId) return [];
  const since = startOfDay((await traceWindowOf(ctx.db, theCase)).startDay);
  const scans = (await scansOfPerson(ctx.db, theCase.citizenId, since)).filter((s) => s.presenceProven);
  const overrides = await stayByType(ctx.db);
  const venues = new Map<string, number>();
  for (const venueId of new Set(scans.map((s) => s.venueId))) {
    const venue = await venueById(ctx.db, venueId);
    venues.set(venueId, (venue ? (overrides[venue.type] ?? venue.stayMinutes) : null) ?? 60);
  }
  return ctx.db.transaction(async (tx) => {
    await caseInScope(ctx, staff, caseId, { lock: true, tx });
    const existing = (await repo.pointsOf(tx, caseId)).filter((p) => p.kind === 'stay');
    const added: (typeof import('./tracing.tables.ts').tracingItineraryPoints.$inferInsert)[] = [];
    for (const s of scans) {
      const from = s.scannedAt;
      const to = new Date(from.getTime() + venues.get(s.venueId)! * MINUTE);
      const clashes = [...existing.map((p) => ({ from: p.fromAt, to: p.toAt })), ...added.map((p) => ({ from: p.fromAt as Date, to: p.toAt as Date }))].some((w) => w.from < to && w.to > from);
      if (clashes) continue;
      added.push({ caseId, kind: 'stay', fromAt: from, toAt: to, venueId: s.venueId, placeName: s.venueName, divisionCode: s.divisionCode, note: '由本人扫码记录导入', createdBy: staff.staffId });
    }
    const rows = await repo.insertPoints(tx, added);
    await appendAudit(tx, { ...auditBase(staff, meta), action: 'tracing.itinerary.import-scans', subjectType: 'tracing_case', subjectId: caseId, regionCode: theCase.regionCode, detail: { added: rows.length } });
    return rows;
  });
}

/** The maker-checker kind of itinerary publication: audited as `….propose` / `….approve` / `….reject`. */
export const ITINERARY_PUBLICATION = 'tracing.itinerary.publication';

/** What a publication proposal carries: the case and the points reviewed (ids only, no personal data). */
export interface PublicationPayload {
  caseId: string;
  pointIds: string[];
}

/** A publication proposal with the points it would publish (as the public would see them) and its case. */
export interface PublicationProposal {
  row: ApprovalRow;
  theCase: repo.CaseRow | null;
  points: repo.PointRow[];
}

/**
 * Proposes publishing a case's unpublished itinerary points (maker). Nothing is public until a
 * different officer whose region contains the proposer's approves it (decidePublication); the
 * proposal names the points reviewed, so points added afterwards need a proposal of their own.
 * One pending proposal per case at a time.
 */
export async function proposePublication(ctx: AppContext, principal: Principal, caseId: string, meta: RequestMeta): Promise<PublicationProposal> {
  const staff = asStaff(principal);
  const row = await ctx.db.transaction(async (tx) => {
    const theCase = await caseInScope(ctx, staff, caseId, { lock: true, tx });
    if (theCase.status === 'excluded') throw new AppError(TracingErrors.TRACING_CASE_EXCLUDED);
    const pending = (await repo.pointsOf(tx, caseId)).filter((p) => p.publishedAt === null);
    if (pending.length === 0) throw new AppError(TracingErrors.TRACING_NOTHING_TO_PUBLISH);
    const open = (await listApprovals(tx as unknown as Db, ITINERARY_PUBLICATION, staff)).find(
      (a) => approvalStatus(a) === 'proposed' && (a.payload as unknown as PublicationPayload).caseId === caseId,
    );
    if (open) throw new AppError(TracingErrors.TRACING_PUBLICATION_PENDING, { proposalId: open.id });
    const payload: PublicationPayload = { caseId, pointIds: pending.map((p) => p.id) };
    return proposeApproval(tx, {
      kind: ITINERARY_PUBLICATION,
      staff,
      payload: { ...payload },
      summary: { caseId, points: pending.length, caseRegion: theCase.regionCode },
      meta,
    });
  });
  return { row, theCase: await repo.findCase(ctx.db, caseId) ?? null, points: await repo.pointsByIds(ctx.db, caseId, (row.payload as unknown as PublicationPayload).pointIds) };
}

/** Publication proposals in the officer's scope (newest first), each with its case and points. */
export async function listPublicationProposals(ctx: AppContext, principal: Principal, query: { status?: string }): Promise<PublicationProposal[]> {
  const staff = asStaff(principal);
  const rows = (await listApprovals(ctx.db, ITINERARY_PUBLICATION, staff, 100)).filter((r) => !query.status || approvalStatus(r) === query.status);
  return Promise.all(
    rows.map(async (row) => {
      const p = row.payload as unknown as PublicationPayload;
      const theCase = (await repo.findCase(ctx.db, p.caseId)) ?? null;
      // A proposal whose case lies outside the officer's scope shows no points (the case is not theirs to read).
      const visible = theCase && regionContains(staff.regionCode, theCase.regionCode);
      return { row, theCase: visible ? theCase : null, points: visible ? await repo.pointsByIds(ctx.db, p.caseId, p.pointIds) : [] };
    }),
  );
}

/**
 * The checker: a different officer whose region contains the proposer's approves or rejects. On
 * approval the proposal's points still unpublished are published in the same transaction, and the
 * case gets its public number on first publication ("确诊病例3"). Audited as approve / reject and,
 * on approval, as `tracing.itinerary.publish` with the proposal.
 */
export async function decidePublication(
  ctx: AppContext,
  principal: Principal,
  id: string,
  input: { decision: 'approve' | 'reject'; note?: string },
  meta: RequestMeta,
): Promise<PublicationProposal & { published: number; publicNumber: number | null }> {
  const staff = asStaff(principal);
  const { row, applied } = await ctx.db.transaction((tx) =>
    decideApproval(tx, {
      id,
      kind: ITINERARY_PUBLICATION,
      staff,
      decision: input.decision,
      note: input.note,
      meta,
      apply: async (proposal) => {
        const p = proposal.payload as unknown as PublicationPayload;
        const theCase = await caseInScope(ctx, staff, p.caseId, { lock: true, tx });
        if (theCase.status === 'excluded') throw new AppError(TracingErrors.TRACING_CASE_EXCLUDED);
        const now = new Date();
        const published = await repo.publishPoints(tx, p.caseId, now, p.pointIds);
        if (published === 0) throw new AppError(TracingErrors.TRACING_NOTHING_TO_PUBLISH);
        let publicNumber = theCase.publicNumber;
        if (publicNumber === null) {
          publicNumber = await repo.nextPublicNumber(tx, theCase.regionCode);
          await repo.updateCase(tx, p.caseId, { publicNumber, publishedAt: now });
        }
        await appendAudit(tx, {
          ...auditBase(staff, meta),
          action: 'tracing.itinerary.publish',
          subjectType: 'tracing_case',
          subjectId: p.caseId,
          regionCode: theCase.regionCode,
          detail: { published, publicNumber, approvalId: proposal.id, proposedBy: proposal.proposedBy },
        });
        return { published, publicNumber };
      },
    }),
  );
  if (applied) publishedChanged(ctx); // the self-check sees the new points at once (other instances: the change feed)
  const p = row.payload as unknown as PublicationPayload;
  return {
    row,
    theCase: (await repo.findCase(ctx.db, p.caseId)) ?? null,
    points: await repo.pointsByIds(ctx.db, p.caseId, p.pointIds),
    published: applied?.published ?? 0,
    publicNumber: applied?.publicNumber ?? null,
  };
}

/** Published itinerary points (no person, no seat): the public list, by date, optionally one district. */
export async function publicItineraries(ctx: AppContext, query: { days: number; kind?: 'stay' | 'trip'; divisionCode?: string }): Promise<(repo.PublishedPoint & { position: { latitude: number; longitude: number } | null })[]> {
  if (query.divisionCode && !isDivisionCode(query.divisionCode)) throw new AppError(TracingErrors.TRACING_DIVISION_UNKNOWN, { divisionCode: query.divisionCode });
  const prefix = query.divisionCode ? query.divisionCode.replace(/(00)+$/, '') : undefined;
  const found = await repo.publishedPoints(ctx.db, { since: startOfDay(addDays(todayInChina(), -query.days)), kind: query.kind, divisionPrefix: prefix, limit: 2000 });
  // The venues' registered positions (public information) for the coordinate plot: one read per distinct venue.
  const positions = new Map<string, { latitude: number; longitude: number } | null>();
  for (const id of new Set(found.map((p) => p.point.venueId).filter((v): v is string => !!v))) {
    const venue = await venueById(ctx.db, id);
    positions.set(id, venue ? { latitude: venue.latitude, longitude: venue.longitude } : null);
  }
  return found.map((p) => ({ ...p, position: p.point.venueId ? (positions.get(p.point.venueId) ?? null) : null }));
}

// ---------------------------------------------------------------------------------------------
// Self-check (同行程自查)

export interface EnteredTripInput {
  mode: TripMode;
  number: string;
  date: string;
  carriage?: string;
  seat?: string;
}

export interface PlaceMatch {
  published: repo.PublishedPoint;
  scannedAt: Date;
  overlapMinutes: number;
}

export interface TripMatch {
  published: repo.PublishedPoint;
  trip: EnteredTripInput & { number: string };
  level: TripContactLevel;
}

/**
 * A citizen's own scans and the trips they enter, compared with published itineraries: places where
 * their scan's stay overlapped a published stay at the same venue (one statement over every published
 * stay), and published trips with the same mode, number and date (one statement over every entered trip).
 */
export async function selfCheck(ctx: AppContext, principal: Principal, input: { days: number; trips: EnteredTripInput[] }): Promise<{ places: PlaceMatch[]; trips: TripMatch[] }> {
  const citizen = asCitizen(principal);
  const today = todayInChina();
  const entered = input.trips.map((t, i) => {
    const number = normaliseTripNumber(t.mode, t.number);
    if (!number) throw new AppError(TracingErrors.TRACING_TRIP_NUMBER_INVALID, { field: `trips/${i}/number` });
    if (!isDay(t.date) || t.date > today) throw new AppError(TracingErrors.TRACING_DATES_INVALID, { field: `trips/${i}/date` });
    try {
      assertSeat(t.mode, t.carriage, t.seat);
    } catch (err) {
      throw new AppError(TracingErrors.TRACING_SEAT_INVALID, { field: `trips/${i}/${(err as AppError).details?.field ?? 'seat'}` });
    }
    return { ...t, number };
  });
  // The published stays, trips and the stay per venue type come from memory (tracing.published-cache.ts,
  // kept exact by the change feed): a self-check is the session and one read of the citizen's own scans.
  const since = startOfDay(addDays(today, -input.days));
  const snapshot = await publishedSnapshot(ctx, since);
  const published = snapshot.truncated
    ? (await repo.publishedPoints(ctx.db, { since, kind: 'stay', limit: 5000 })).filter((p) => p.point.venueId)
    : snapshot.stays.filter((p) => p.point.toAt >= since).slice(0, 5000);
  // Only the published stays at venues the citizen scanned can match: their own scans since the
  // earliest published stay (less the longest stay a venue may have, 24 h) come from one range of
  // scans_citizen_time_idx, each with its venue's stay length, and are compared here.
  // Bounded above by the latest end of a published stay (a later scan overlaps none): the future day
  // partitions and the default one are pruned when it is planned (planning over the partitions is the
  // statement's main cost — 9.9 ms planning for 1.4 ms execution in bench/tracing.ts). Narrowing it to
  // the published venues as well (`venue_id = any(…)`) measured slower there: the array is copied
  // into every partition's filter; the scans at other venues are dropped below instead.
  const earliest = published.reduce((min, p) => Math.min(min, p.point.fromAt.getTime()), Number.POSITIVE_INFINITY);
  const latest = published.reduce((max, p) => Math.max(max, p.point.toAt.getTime()), 0);
  // scansOfPerson reads at most 1 000 scans: past that (a courier), every published stay goes to the overlap statement.
  const own = published.length ? await scansOfPerson(ctx.db, citizen.citizenId, new Date(earliest - 24 * 60 * MINUTE), { until: new Date(latest) }) : [];
  let places: PlaceMatch[];
  if (own.length >= 1000) {
    const byId = new Map(published.map((s) => [s.point.id, s]));
    const overlapping = await scansOverlapping(
      ctx.db,
      published.map((s) => ({ key: s.point.id, venueId: s.point.venueId!, from: s.point.fromAt, to: s.point.toAt })),
      { citizenId: citizen.citizenId, stayByType: snapshot.stayByType },
    );
    places = overlapping.map((o) => {
      const p = byId.get(o.key)!;
      return { published: p, scannedAt: o.scannedAt, overlapMinutes: overlapMinutes({ from: p.point.fromAt, to: p.point.toAt }, o.scannedAt, o.stayMinutes) };
    });
  } else {
    // The citizen's scans carry their venue's stay length: each pair at the same venue is compared here
    // by the pure overlap rule (positive exactly when the SQL window condition holds — tracing.rules.test.ts),
    // with the configured stay per venue type.
    const scansAt = new Map<string, typeof own>();
    for (const s of own) scansAt.set(s.venueId, [...(scansAt.get(s.venueId) ?? []), s]);
    const pairs = published.flatMap((p) => (scansAt.get(p.point.venueId!) ?? []).map((s) => ({ p, s })));
    const overrides = snapshot.stayByType;
    places = pairs
      .filter(({ s }) => s.stayMinutes !== null)
      .map(({ p, s }) => ({ published: p, scannedAt: s.scannedAt, overlapMinutes: overlapMinutes({ from: p.point.fromAt, to: p.point.toAt }, s.scannedAt, (s.venueType ? overrides[s.venueType] : undefined) ?? s.stayMinutes!) }))
      .sort((a, b) => a.scannedAt.getTime() - b.scannedAt.getTime());
  }
  places = places.filter((m) => m.overlapMinutes > 0);
  // Published trips of the same mode, number and date, in the order entered, each by departure.
  const tripRows = snapshot.truncated
    ? await repo.publishedTripsMatching(ctx.db, entered.map((t, i) => ({ key: String(i), mode: t.mode, number: t.number, date: t.date })))
    : entered.flatMap((t, i) => (snapshot.trips.get(tripKey(t.mode, t.number, t.date)) ?? []).map((p) => ({ ...p, key: String(i) })));
  const trips = tripRows.map((r) => {
    const trip = entered[Number(r.key)];
    return { published: r, trip, level: tripContactLevel(trip.mode, { carriage: r.point.carriage, seat: r.point.seat }, trip) };
  });
  return { places, trips };
}

// ---------------------------------------------------------------------------------------------
// Co-presence: candidate contacts from scans

/**
 * First day of a tracing window of `days` before onset, or before the report when there is no onset —
 * without the configured window per status or the asymptomatic anchor: use `traceWindowOf` (tracing.settings.ts).
 */
export function traceStartDay(theCase: Pick<repo.CaseRow, 'onsetDate' | 'reportDate'>, days: number): string {
  return addDays(theCase.onsetDate ?? theCase.reportDate, -days);
}

export interface CandidateExposure {
  citizenId: string;
  venueId: string;
  venueName: string;
  pointId: string;
  stayFrom: Date;
  stayTo: Date;
  scannedAt: Date;
  stayMinutes: number;
  overlapMinutes: number;
}

async function computeCandidates(
  ctx: AppContext,
  theCase: repo.CaseRow,
  days: number | undefined,
  onlyCitizen?: string,
  read?: { settings: Awaited<ReturnType<typeof settingsSnapshot>>; points: repo.PointRow[] },
) {
  let settings = read?.settings;
  let points = read?.points;
  if (!settings || !points) [settings, points] = await Promise.all([settingsSnapshot(ctx.db), repo.pointsOf(ctx.db, theCase.id)]);
  const window = await traceWindowOf(ctx.db, theCase, days, settings.windows);
  const since = startOfDay(window.startDay);
  const stays = points.filter((p) => p.kind === 'stay' && p.venueId && p.toAt > since);
  const byId = new Map(stays.map((s) => [s.id, s]));
  const scans: OverlappingScan[] = await scansOverlapping(
    ctx.db,
    stays.map((s) => ({ key: s.id, venueId: s.venueId!, from: s.fromAt < since ? since : s.fromAt, to: s.toAt })),
    { excludeCitizenId: theCase.citizenId, onlyProven: true, citizenId: onlyCitizen, limit: 20_000, stayByType: settings.stays },
  );
  const exposures: CandidateExposure[] = scans.map((s) => {
    const stay = byId.get(s.key)!;
    const from = stay.fromAt < since ? since : stay.fromAt;
    return {
      citizenId: s.citizenId,
      venueId: s.venueId,
      venueName: s.venueName,
      pointId: stay.id,
      stayFrom: from,
      stayTo: stay.toAt,
      scannedAt: s.scannedAt,
      stayMinutes: s.stayMinutes,
      overlapMinutes: overlapMinutes({ from, to: stay.toAt }, s.scannedAt, s.stayMinutes),
    };
  });
  return Object.assign(rankCandidates(exposures), { window });
}

/** The page size of a candidate list unless the caller asks for another, and the largest it may ask for. */
export const CANDIDATE_PAGE_SIZE = 50;
export const CANDIDATE_PAGE_MAX = 200;

/** Which page of a ranked candidate list: `limit` people from `cursor` (the offset into the ranking, as nextCursor gave it). */
export interface CandidatePageQuery {
  limit?: number;
  cursor?: string;
}

/** A page of a ranked list: its items, where it starts, how many there are in all, the cursor of the next page (null on the last). */
export interface CandidatePage<T> {
  items: T[];
  offset: number;
  total: number;
  nextCursor: string | null;
}

/** The page `query` asks for of the whole ranked list (the ranking and the count are the whole list's). */
export function pageOf<T>(ranked: readonly T[], query: CandidatePageQuery): CandidatePage<T> {
  const offset = query.cursor ? Number(query.cursor) : 0;
  const items = ranked.slice(offset, offset + (query.limit ?? CANDIDATE_PAGE_SIZE));
  const next = offset + items.length;
  return { items, offset, total: ranked.length, nextCursor: items.length > 0 && next < ranked.length ? String(next) : null };
}

/**
 * The audit record of a candidate list read (first or second degree): the page shown — how many
 * people, from which offset of how many, and who (their account ids) — or, without a page (a decision
 * recomputing the list), the count read; with the window traced and what `detail` adds.
 */
function auditCandidateRead(
  ctx: AppContext,
  staff: Principal,
  meta: RequestMeta,
  theCase: repo.CaseRow,
  action: string,
  list: { total: number; page?: CandidatePage<{ citizenId: string }> },
  detail: Record<string, unknown>,
): Promise<void> {
  const shown = list.page ? { count: list.page.items.length, total: list.total, offset: list.page.offset, shown: list.page.items.map((c) => c.citizenId) } : { count: list.total };
  return recordAudit(ctx.db, { ...auditBase(staff, meta), action, subjectType: 'tracing_case', subjectId: theCase.id, regionCode: theCase.regionCode, detail: { ...shown, ...detail } }).then(() => undefined);
}

/**
 * The people who scanned (presence proven) a venue of the case's stays while the case was there,
 * ranked by overlap over the whole list, one page of them (`query.limit` from `query.cursor`), with any
 * decision already taken and the count of all. Only the page's people are decrypted by the caller; the
 * read (the page shown) is audited before the answer.
 */
export async function contactCandidates(ctx: AppContext, principal: Principal, caseId: string, query: { days?: number } & CandidatePageQuery, meta: RequestMeta) {
  const staff = asStaff(principal);
  // The case, the tracing settings and the case's points in one round trip (three statements in
  // parallel on the pool): the points are only read here, never used or answered before the case is
  // found and in the officer's region — the same 404 as before for a case outside it.
  const [theCase, settings, points] = await Promise.all([repo.findCase(ctx.db, caseId), settingsSnapshot(ctx.db), repo.pointsOf(ctx.db, caseId)]);
  if (!theCase) throw new AppError(CommonErrors.NOT_FOUND);
  assertInScope(staff, theCase.regionCode);
  // One statement: the co-present scans, ranked here over the whole list.
  const candidates = await computeCandidates(ctx, theCase, query.days, undefined, { settings, points });
  const page = pageOf(candidates, query);
  const { window } = candidates;
  // The page's people (their ciphertexts and any decision on them: one statement for ≤ 200 ids) are
  // read while the audit record of the page is written; the answer waits for both.
  const [, found] = await Promise.all([
    auditCandidateRead(ctx, staff, meta, theCase, 'tracing.contact.candidates', { total: page.total, page }, { days: window.days, from: window.startDay, anchor: window.anchor }),
    repo.candidatePeople(ctx.db, caseId, page.items.map((c) => c.citizenId)),
  ]);
  const people = new Map<string, NonNullable<OverlappingScan['person']>>();
  const decisions = new Map<string, repo.ContactRow>();
  for (const { decision, id, ...person } of found) {
    people.set(id, person);
    if (decision) decisions.set(id, decision);
  }
  return { page, people, decisions };
}

/**
 * Confirms (close / secondary / general) or dismisses a candidate with the reason; a confirmed close
 * or secondary contact reaches the health code through the tracing fact source and is recomputed now.
 */
export async function decideContact(
  ctx: AppContext,
  principal: Principal,
  caseId: string,
  input: { citizenId: string; decision: 'confirmed' | 'dismissed'; level?: 'close' | 'secondary' | 'general'; reason: string; days?: number },
  meta: RequestMeta,
): Promise<repo.ContactRow> {
  const staff = asStaff(principal);
  const theCase = await caseInScope(ctx, staff, caseId);
  const [candidate] = await computeCandidates(ctx, theCase, input.days, input.citizenId);
  if (!candidate) throw new AppError(TracingErrors.TRACING_NOT_A_CANDIDATE);
  return saveContactDecision(ctx, staff, theCase, candidate, {
    decision: input.decision,
    level: input.decision === 'confirmed' ? (input.level ?? 'close') : null,
    degree: 1,
    reason: input.reason,
    audit: { action: 'tracing.contact.decide' },
  }, meta);
}

/** A decision on a candidate (first or second degree), as saved by saveContactDecision. */
export interface ContactDecision {
  decision: 'confirmed' | 'dismissed';
  /** null when dismissed. */
  level: 'close' | 'secondary' | 'general' | null;
  degree: 1 | 2;
  /** The grounds as stored on the contact (a second-degree decision's carries its prefix). */
  reason: string;
  /** The audit action and what its detail adds to { caseId, decision, level, overlapMinutes }. */
  audit: { action: string; detail?: Record<string, unknown> };
}

/**
 * Saves a decision on a candidate the caller has just recomputed (first or second degree): the
 * contact row — who decided and why, the top exposure's venue, the last exposure, the total overlap,
 * the worklist of the person's household county (else the case's region) and the follow-up period
 * by level — and its audit entry in one transaction with the case locked; then the person's code is
 * recomputed through the facts interface and `TracingContactDecided` (the hand-off to follow-up and
 * screening) is published.
 */
export async function saveContactDecision(
  ctx: AppContext,
  staff: Extract<Principal, { kind: 'staff' }>,
  theCase: repo.CaseRow,
  candidate: Candidate<CandidateExposure>,
  decision: ContactDecision,
  meta: RequestMeta,
): Promise<repo.ContactRow> {
  const { level } = decision;
  const top = [...candidate.exposures].sort((a, b) => b.overlapMinutes - a.overlapMinutes)[0];
  const [person] = await repo.citizensByIds(ctx.db, [candidate.citizenId]);
  const household = person?.householdDivision && isDivisionCode(countyOf(person.householdDivision)) ? countyOf(person.householdDivision) : null;
  const period = level ? followUpPeriod(level, candidate.lastExposureAt ? dayOf(candidate.lastExposureAt) : null) : null;
  const row = await ctx.db.transaction(async (tx) => {
    await caseInScope(ctx, staff, theCase.id, { lock: true, tx });
    const saved = await repo.upsertContact(tx, {
      caseId: theCase.id,
      citizenId: candidate.citizenId,
      decision: decision.decision,
      level,
      degree: decision.degree,
      reason: decision.reason,
      venueId: top.venueId,
      lastExposureAt: candidate.lastExposureAt,
      overlapMinutes: Math.round(candidate.totalOverlapMinutes),
      regionCode: theCase.regionCode,
      decidedBy: staff.staffId,
      assignedRegion: household ?? theCase.regionCode,
      followFrom: period?.from ?? null,
      followUntil: period?.until ?? null,
      followStatus: period ? 'active' : 'ended',
    });
    await appendAudit(tx, {
      ...auditBase(staff, meta),
      action: decision.audit.action,
      subjectType: 'tracing_contact',
      subjectId: saved.id,
      regionCode: theCase.regionCode,
      detail: { caseId: theCase.id, ...(decision.degree === 2 ? { degree: 2 } : {}), decision: decision.decision, level, overlapMinutes: saved.overlapMinutes, ...decision.audit.detail },
    });
    return saved;
  });
  await onFactsChanged(ctx, candidate.citizenId, { type: 'actor', actorType: 'staff', actorId: staff.staffId, action: decision.audit.action });
  await ctx.modules.emit(ctx, TracingContactDecided, {
    contactId: row.id,
    caseId: theCase.id,
    citizenId: row.citizenId,
    decision: row.decision as 'confirmed' | 'dismissed',
    level: (row.level as 'close' | 'secondary' | 'general' | null) ?? null,
    lastExposureAt: row.lastExposureAt,
    regionCode: row.regionCode,
    assignedRegion: row.assignedRegion,
    followUntil: row.followUntil,
    actor: staff,
  });
  return row;
}

// ---------------------------------------------------------------------------------------------
// Second degree (次密接) on request

/** A second-degree exposure: a person's scan overlapping a stay of a confirmed first-degree contact. */
export interface SecondDegreeExposure extends CandidateExposure {
  /** The first-degree contact (tracing_contacts.id) and their account, whose stay this overlapped. */
  viaContactId: string;
  viaCitizenId: string;
}

/**
 * Second-degree co-presence, on request: from the case's confirmed contacts, each contact's own
 * presence-proving scans after their last exposure to the case (or from the tracing window's start
 * when it is unknown) are stays of the venue's length; the people whose presence-proving scans overlap
 * those stays are the second degree — ranked and explained exactly like the first degree (venue, the
 * contact's stay, the scan, minutes), each exposure naming the contact it came through. The case
 * itself, its confirmed contacts and the contact whose stay it is are left out. Read-only; audited.
 */
export async function secondDegreeCandidates(ctx: AppContext, principal: Principal, caseId: string, query: { days?: number } & { page?: CandidatePageQuery }, meta: RequestMeta) {
  const staff = asStaff(principal);
  // The case, the settings and the case's decisions in one round trip; the decisions are used only
  // once the case is found and in the officer's region (else the same 404 as before).
  const [theCase, settings, decided] = await Promise.all([repo.findCase(ctx.db, caseId), settingsSnapshot(ctx.db), repo.contactsOf(ctx.db, caseId)]);
  if (!theCase) throw new AppError(CommonErrors.NOT_FOUND);
  assertInScope(staff, theCase.regionCode);
  const window = await traceWindowOf(ctx.db, theCase, query.days, settings.windows);
  const since = startOfDay(window.startDay);
  // Sources are the first-degree contacts only: the people a confirmed second-degree contact met are
  // third degree, not second.
  const contacts = decided.filter((c) => c.decision === 'confirmed' && c.degree === 1);
  const excluded = new Set<string>(decided.filter((c) => c.decision === 'confirmed').map((c) => c.citizenId));
  if (theCase.citizenId) excluded.add(theCase.citizenId);
  // One statement (venues.scansOverlappingStaysOf): each contact's presence-proving scans after their
  // last exposure are stays of the venue's length, and the scans overlapping those stays come back.
  const byKey = new Map(contacts.map((c) => [c.id, c]));
  // The candidates' ciphertexts come with their scans (withPerson); the contacts' own (their masked
  // names explain each exposure) are read alongside, in the same round trip.
  const [scans, contactPeople] = await Promise.all([
    scansOverlappingStaysOf(
      ctx.db,
      contacts.map((c) => ({ key: c.id, citizenId: c.citizenId, after: c.lastExposureAt && c.lastExposureAt > since ? c.lastExposureAt : since })),
      { excludeCitizenIds: [...excluded], onlyProven: true, limit: 20_000, stayByType: settings.stays, withPerson: true },
    ),
    repo.citizensByIds(ctx.db, [...new Set(contacts.map((c) => c.citizenId))]),
  ]);
  const exposures: SecondDegreeExposure[] = scans.map((s) => {
    const contact = byKey.get(s.key)!;
    const from = s.viaScannedAt;
    const to = new Date(from.getTime() + s.stayMinutes * MINUTE);
    return {
      citizenId: s.citizenId,
      venueId: s.venueId,
      venueName: s.venueName,
      pointId: contact.id,
      stayFrom: from,
      stayTo: to,
      scannedAt: s.scannedAt,
      stayMinutes: s.stayMinutes,
      overlapMinutes: overlapMinutes({ from, to }, s.scannedAt, s.stayMinutes),
      viaContactId: contact.id,
      viaCitizenId: contact.citizenId,
    };
  });
  const candidates = rankCandidates(exposures);
  const people = new Map<string, NonNullable<OverlappingScan['person']>>();
  for (const p of contactPeople) people.set(p.id, p);
  for (const s of scans) if (s.person) people.set(s.citizenId, s.person);
  // The whole ranked list (a decision looks its person up in it), the page asked for (a list read); the
  // read is audited before the answer — the page shown, or for a decision the count recomputed.
  const page = query.page ? pageOf(candidates, query.page) : undefined;
  await auditCandidateRead(ctx, staff, meta, theCase, 'tracing.contact.candidates.second-degree', { total: candidates.length, page }, { contacts: contacts.length, days: window.days, from: window.startDay });
  return { candidates, page, people };
}
