import { randomUUID } from 'node:crypto';
import { startOfDay, todayInChina, type Decision } from '@fangxian/contracts/kernel';
import type { Principal } from '../../platform/access/principal.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { consumeRate, type RateRule } from '../../platform/identity/rate-limit.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import { distanceMeters } from './venues.abuse.ts';
import type { VenueCodeEntry } from './venues.code-cache.ts';
import { entryCodeOf, heldEntryCode } from './venues.health.ts';
import { onVisitRecorded } from '../health-code/index.ts';
import { presentDoorScan } from './venues.presenter.ts';
import {
  countScansByColour,
  findCitizenByIndex,
  latestVisit,
  scansAtVenue,
  scansOfCitizen,
  type NewFlag,
  type NewScan,
} from './venues.repository.ts';
import { VenueState, type VenueRuntime } from './venues.runtime.ts';
import { FLAG_ROWS, writeScan } from './venues.scan-rows.ts';
import type { RowParts } from '../../platform/db/group-commit.ts';
import { venueVisibleTo, type RequestMeta } from './venues.service.ts';
import { checkPlaceToken, parsePlaceToken } from './venues.tokens.ts';
import { COLOURS, decisionFor, provesPresence, type Colour, type ScanMethod } from './venues.types.ts';
import { VenueErrors } from './venues.errors.ts';

type Staff = Extract<Principal, { kind: 'staff' }>;

/** What the citizen's phone shows at the door for the staff to read. */
export interface EntryPage {
  scanId: string;
  scannedAt: string;
  method: ScanMethod;
  presenceProven: boolean;
  venue: { id: string; name: string; address: string };
  colour: Colour;
  decision: Decision;
  maskedName: string;
  maskedId: string;
  /** True when this answers an earlier visit of the person at the venue within the repeat window (nothing new recorded). */
  repeat: boolean;
}

const PLACE_CODE_ERRORS = { forged: VenueErrors.VENUES_PLACE_CODE_FORGED, expired: VenueErrors.VENUES_PLACE_CODE_EXPIRED, revoked: VenueErrors.VENUES_PLACE_CODE_REVOKED } as const;

/**
 * The hot path: a citizen scans a place code. Work per request is kept to the minimum — the token
 * is checked with crypto against the cached venue secret, the citizen's current colour is read once,
 * and the scan (with any abuse flags) is written through group commit (coalesced with the scans of
 * the same event-loop turn into one INSERT); the answer goes out only after that write has committed.
 */
export async function scanPlaceCode(
  ctx: AppContext,
  citizenId: string,
  input: { placeToken: string; latitude?: number; longitude?: number },
): Promise<EntryPage> {
  const parsed = parsePlaceToken(input.placeToken);
  if (!parsed) throw new AppError(VenueErrors.VENUES_PLACE_CODE_INVALID);
  const runtime = VenueState.of(ctx);
  // The common case — venue and person held in memory — runs without waiting until the write.
  const held = runtime.codes.peek(parsed.venueId);
  const venue = held !== undefined ? held : await runtime.codes.get(parsed.venueId);
  if (!venue) throw new AppError(VenueErrors.VENUES_PLACE_CODE_INVALID);
  const now = Date.now();
  const verdict = checkPlaceToken(runtime.macHash, parsed, venue.secret, venue.staticVersion, now, (venue.macs ??= new Map()));
  if (verdict !== 'ok') throw new AppError(PLACE_CODE_ERRORS[verdict]);
  if (venue.status !== 'approved') throw new AppError(VenueErrors.VENUES_PLACE_CODE_VENUE_CLOSED);

  const code = heldEntryCode(ctx, citizenId) ?? (await entryCodeOf(ctx, citizenId));
  const method: ScanMethod = parsed.kind === 'static' ? 'citizen_scan_static' : 'citizen_scan_dynamic';
  const hasPosition = input.latitude !== undefined && input.longitude !== undefined;
  const distance = hasPosition ? distanceMeters(input.latitude!, input.longitude!, venue.latitude, venue.longitude) : null;
  const scan: NewScan = {
    id: randomUUID(),
    venueId: venue.id,
    scannedAt: new Date(now),
    citizenId,
    divisionCode: venue.divisionCode,
    method,
    colour: code.colour,
    decision: decisionFor(code.colour),
    // A position reported beyond the configured radius contradicts presence, whatever the code.
    presenceProven: provesPresence(method) && !(distance !== null && distance > ctx.config.presenceRadiusMeters),
    staffId: null,
    distanceMeters: distance === null ? null : Math.round(distance),
  };
  const record = async (): Promise<EntryPage> => {
    const earlier = await repeatedVisit(ctx, scan, PLACE_CODE_METHODS, ctx.config.doorRepeatMinutes);
    // Repeats still count for the abuse flags (a static code replayed again and again).
    const findings = runtime.abuse.observe({ venueId: venue.id, citizenId, isStatic: parsed.kind === 'static', nowMs: now, distance });
    const flags: NewFlag[] = findings.map((f) => ({
      id: randomUUID(),
      venueId: venue.id,
      flaggedAt: scan.scannedAt,
      divisionCode: venue.divisionCode,
      scanId: earlier?.id ?? scan.id,
      citizenId,
      reason: f.reason,
      detail: { ...f.detail, method },
    }));
    if (earlier) {
      // One visit per person per venue per window: answer the visit already recorded.
      if (flags.length) await ctx.database.writes.submitRows([{ kind: FLAG_ROWS, rows: flags }]);
      return { ...entryPage({ ...scan, id: earlier.id, scannedAt: earlier.scannedAt, method: earlier.method as ScanMethod, presenceProven: earlier.presenceProven }, venue, code), repeat: true };
    }
    await writeScan(ctx, scan, flags);
    if (scan.presenceProven) await visitRecorded(ctx, scan);
    return entryPage(scan, venue, code);
  };
  return ctx.config.doorRepeatMinutes > 0 ? oneVisitAtATime(runtime, `place ${venue.id} ${citizenId}`, record) : record();
}

/**
 * A presence-proving scan is a visit the health-code rules read: at a venue in a risk area in force
 * it changes the scanner's code, which the health code recomputes at once (onVisitRecorded; a
 * venue elsewhere costs no query). Called after the scan committed.
 */
function visitRecorded(ctx: AppContext, scan: NewScan): Promise<void> {
  return onVisitRecorded(ctx, scan.citizenId, { divisionCode: scan.divisionCode, at: scan.scannedAt, id: `${scan.venueId}@${scan.scannedAt.toISOString()}` });
}

const PLACE_CODE_METHODS: readonly ScanMethod[] = ['citizen_scan_static', 'citizen_scan_dynamic'];

/**
 * The person's earlier visit at the venue (by one of `methods`) within the last `minutes` that `scan`
 * would repeat, or null. A different answer at the door (the colour changed to or from green) or
 * presence newly proven is recorded as a new visit.
 */
async function repeatedVisit(ctx: AppContext, scan: NewScan, methods: readonly ScanMethod[], minutes: number) {
  if (minutes <= 0) return null;
  const since = new Date(scan.scannedAt.getTime() - minutes * 60_000);
  const last = await latestVisit(ctx.db, scan.venueId, scan.citizenId, methods, since);
  if (!last || last.decision !== scan.decision || (scan.presenceProven && !last.presenceProven)) return null;
  return last;
}

/**
 * Runs the recording of one person's visit at one venue after any other still in flight for the same
 * key on this instance, so two requests at once (a double tap, a reload) cannot both find no earlier
 * visit and both record one. Instances do not coordinate: across them the window is best effort.
 */
function oneVisitAtATime<T>(runtime: VenueRuntime, key: string, work: () => Promise<T>): Promise<T> {
  const before = runtime.visitsInFlight.get(key) ?? Promise.resolve();
  const run = before.then(work);
  const done = run.then(
    () => undefined,
    () => undefined,
  );
  runtime.visitsInFlight.set(key, done);
  void done.then(() => {
    if (runtime.visitsInFlight.get(key) === done) runtime.visitsInFlight.delete(key);
  });
  return run;
}

/** The door-check repeat window: FX_DOOR_REPEAT_MINUTES, and at least a token's life (a screenshot is read once per venue). */
function doorCheckWindowMinutes(ctx: AppContext): number {
  const minutes = ctx.config.doorRepeatMinutes;
  return minutes > 0 ? Math.max(minutes, ctx.config.codeTokenTtlMinutes) : 0;
}

function entryPage(scan: NewScan, venue: VenueCodeEntry, code: { colour: Colour; maskedName: string; maskedId: string }): EntryPage {
  return {
    scanId: scan.id,
    scannedAt: scan.scannedAt.toISOString(),
    method: scan.method,
    presenceProven: scan.presenceProven,
    venue: { id: venue.id, name: venue.name, address: venue.address },
    colour: code.colour,
    decision: decisionFor(code.colour),
    maskedName: code.maskedName,
    maskedId: code.maskedId,
    repeat: false,
  };
}

/**
 * Records that venue staff checked a citizen's health code at the door (验码): method
 * venue_scan_citizen, presence proven. Called by the health-code module after a successful verify,
 * with its own bookkeeping rows (`alongside`) so both commit in one group-commit item; resolves once
 * the scan has committed.
 */
export async function recordVerificationScan(
  ctx: AppContext,
  input: { venueId: string; citizenId: string; colour: Colour; decision?: Decision; staffId: string | null },
  alongside: RowParts = [],
): Promise<{ scanId: string; scannedAt: Date; repeat: boolean }> {
  const runtime = VenueState.of(ctx);
  const venue = await runtime.codes.get(input.venueId);
  if (!venue) throw new AppError(CommonErrors.NOT_FOUND);
  const scan = doorScan(venue, input.citizenId, input.colour, 'venue_scan_citizen', input.staffId, input.decision);
  const minutes = doorCheckWindowMinutes(ctx);
  const record = async () => {
    // The same person checked at this venue within the window (the same screenshot shown again, or
    // the code scanned twice): a repeat — the health code's rows still commit, no second visit.
    const earlier = await repeatedVisit(ctx, scan, ['venue_scan_citizen'], minutes);
    if (earlier) {
      if (alongside.length) await ctx.database.writes.submitRows(alongside);
      return { scanId: earlier.id, scannedAt: earlier.scannedAt, repeat: true };
    }
    await writeScan(ctx, scan, [], alongside);
    if (scan.presenceProven) await visitRecorded(ctx, scan);
    return { scanId: scan.id, scannedAt: scan.scannedAt, repeat: false };
  };
  return minutes > 0 ? oneVisitAtATime(runtime, `door ${venue.id} ${input.citizenId}`, record) : record();
}

function doorScan(venue: VenueCodeEntry, citizenId: string, colour: Colour, method: ScanMethod, staffId: string | null, decision: Decision = decisionFor(colour)): NewScan {
  return {
    id: randomUUID(),
    venueId: venue.id,
    scannedAt: new Date(),
    citizenId,
    divisionCode: venue.divisionCode,
    method,
    colour,
    decision,
    presenceProven: provesPresence(method),
    staffId,
    distanceMeters: null,
  };
}

/** Manual entries per staff account (counted whether or not the number is registered). */
export const MANUAL_SCAN_RULE: RateRule = { name: 'venues:manual:staff:1h', max: 60, windowSeconds: 3600 };

/**
 * Venue staff enter a visit by hand for someone without a phone, identified by phone number or
 * ID number (looked up through the blind index). Anyone's number can be typed, so the entry never
 * proves presence, and the answer is the same 202 whether the number is registered or not (a
 * registered person's visit is recorded, an unknown number records nothing); the venue's day view
 * does not list manual entries either, so the form cannot be used to find out who is registered.
 * Each staff account may make MANUAL_SCAN_RULE.max entries an hour. Every entry is audited.
 */
export async function recordManualScan(
  ctx: AppContext,
  principal: Staff,
  venueId: string,
  input: { phone?: string; documentNumber?: string },
  meta: RequestMeta,
): Promise<{ accepted: true; presenceProven: false }> {
  const row = await venueVisibleTo(ctx, principal, venueId);
  if (row.status !== 'approved') throw new AppError(VenueErrors.VENUES_NOT_APPROVED);
  const kind = input.documentNumber ? 'id' : 'phone';
  const value = (input.documentNumber ?? input.phone ?? '').trim().toUpperCase();
  if (!value) throw new AppError(CommonErrors.VALIDATION_FAILED, { reason: 'phone or documentNumber is required' });
  await consumeRate(ctx.db, [[MANUAL_SCAN_RULE, principal.staffId]]);
  const citizen = await findCitizenByIndex(ctx.db, kind, ctx.blindIndex.of(kind, value));
  await recordAudit(ctx.db, {
    actor: principal,
    action: 'venues.manual-scan.record',
    subjectType: 'citizen',
    subjectId: citizen?.id,
    regionCode: row.divisionCode,
    outcome: citizen ? 'ok' : 'failed',
    detail: { venueId, by: kind },
    ...meta,
  });
  const accepted = { accepted: true, presenceProven: false } as const;
  if (!citizen) return accepted;
  const runtime = VenueState.of(ctx);
  const venue = await runtime.codes.get(venueId);
  if (!venue) throw new AppError(CommonErrors.NOT_FOUND);
  const code = await entryCodeOf(ctx, citizen.id);
  await writeScan(ctx, doorScan(venue, citizen.id, code.colour, 'manual', principal.staffId));
  return accepted;
}

/**
 * The venue portal's day view: the day's scans (masked, newest first), counts by colour, and the
 * stop list (yellow and red). Reading masked identities is personal data: audited per request.
 */
export async function venueDay(ctx: AppContext, principal: Staff, venueId: string, query: { date?: string; limit?: number }, meta: RequestMeta) {
  const venue = await venueVisibleTo(ctx, principal, venueId);
  const date = query.date ?? todayInChina();
  const from = startOfDay(date);
  if (Number.isNaN(from.getTime())) throw new AppError(CommonErrors.VALIDATION_FAILED, { reason: 'bad date' });
  const to = new Date(from.getTime() + 24 * 3600_000);
  const limit = Math.min(query.limit ?? 200, 1000);
  const [rows, counts, stops] = await Promise.all([
    scansAtVenue(ctx.db, venueId, from, to, limit),
    countScansByColour(ctx.db, venueId, from, to),
    scansAtVenue(ctx.db, venueId, from, to, limit, 'stop'),
  ]);
  await recordAudit(ctx.db, { actor: principal, action: 'venues.scan.read', subjectType: 'venue', subjectId: venueId, regionCode: venue.divisionCode, detail: { date, rows: rows.length }, ...meta });
  const byColour = Object.fromEntries(COLOURS.map((c) => [c, counts[c] ?? 0])) as Record<Colour, number>;
  return {
    venueId,
    date,
    counts: { ...byColour, total: COLOURS.reduce((n, c) => n + byColour[c], 0), pass: counts.pass ?? 0, stop: counts.stop ?? 0 },
    scans: rows.map((r) => presentDoorScan(r, ctx.cipher)),
    stopList: stops.map((r) => presentDoorScan(r, ctx.cipher)),
  };
}

/** A citizen's own scans of the last days, for the "my visits" page. */
export async function myScans(ctx: AppContext, citizenId: string, days: number) {
  const rows = await scansOfCitizen(ctx.db, citizenId, new Date(Date.now() - days * 24 * 3600_000), 500);
  return rows.reverse().map((r) => ({
    id: r.id,
    venueId: r.venueId,
    venueName: r.venueName ?? '',
    divisionCode: r.divisionCode,
    scannedAt: r.scannedAt.toISOString(),
    method: r.method as ScanMethod,
    colour: r.colour as Colour,
    presenceProven: r.presenceProven,
  }));
}
