import { randomBytes } from 'node:crypto';
import { divisionPrefix } from '@fangxian/contracts/kernel';
import { checkLabelField, checkPersonName, TEXT_FIELDS } from '@fangxian/contracts/names';
import type { Principal } from '../../platform/access/principal.ts';
import { regionContains } from '../../platform/access/principal.ts';
import { assertInScope } from '../../platform/access/policy.ts';
import { appendAudit, recordAudit } from '../../platform/audit/audit.service.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import { isUniqueViolation } from '../../platform/identity/db-errors.ts';
import { hashPassword, passwordProblem } from '../../platform/identity/passwords.ts';
import { divisionOf } from '../../platform/divisions/index.ts';
import { VENUE_OFFICER_ROLES } from './venues.policy.ts';
import { presentVenue } from './venues.presenter.ts';
import {
  findVenue,
  insertVenue,
  insertVenueStaff,
  listStaffOfVenue,
  listVenuesIn,
  listVenuesRegisteredBy,
  updateVenue,
  usernameTaken,
  type VenueRow,
} from './venues.repository.ts';
import { VenueState } from './venues.runtime.ts';
import { defaultStayMinutes, type VenueStatus, type VenueType } from './venues.types.ts';
import { VenueErrors } from './venues.errors.ts';

type Staff = Extract<Principal, { kind: 'staff' }>;
export interface RequestMeta {
  ip?: string | null;
  requestId?: string | null;
}

export interface VenueInput {
  name: string;
  type: VenueType;
  address: string;
  divisionCode: string;
  latitude: number;
  longitude: number;
  contactName: string;
  contactPhone: string;
  stayMinutes?: number;
}

const REGISTERING_ROLES = [...VENUE_OFFICER_ROLES, 'service_center'] as const;

function isOfficer(principal: Staff, roles: readonly string[] = VENUE_OFFICER_ROLES): boolean {
  return principal.roles.some((r) => roles.includes(r));
}

/** Registers a venue for review: by its owner (a signed-in citizen) or an officer on their behalf. */
export async function registerVenue(ctx: AppContext, principal: Principal, input: VenueInput, meta: RequestMeta) {
  const division = divisionOf(input.divisionCode);
  // A venue sits in a county-level division: that is the level officers' scopes and risk areas use.
  if (!division || division.level !== 'county') throw new AppError(VenueErrors.VENUES_DIVISION_INVALID);
  if (principal.kind === 'staff') {
    if (!isOfficer(principal, REGISTERING_ROLES)) throw new AppError(CommonErrors.FORBIDDEN);
    if (!regionContains(principal.regionCode, input.divisionCode)) throw new AppError(VenueErrors.VENUES_DIVISION_INVALID, { reason: 'outside your region' });
  } else if (principal.kind !== 'citizen') {
    throw new AppError(CommonErrors.FORBIDDEN);
  }
  const name = checkLabelField('venueName', input.name);
  if (!name.ok) throw new AppError(VenueErrors.VENUES_NAME_INVALID, { field: 'name', problem: name.problem });
  const contactName = checkPersonName(input.contactName, TEXT_FIELDS.venueContactName.max);
  if (!contactName.ok) throw new AppError(VenueErrors.VENUES_CONTACT_NAME_INVALID, { field: 'contactName', problem: contactName.problem });
  const registeredBy = principal.kind === 'staff' ? { type: 'staff', id: principal.staffId } : { type: 'citizen', id: principal.citizenId };
  const row = await ctx.db.transaction(async (tx) => {
    const created = await insertVenue(tx, {
      name: name.value,
      type: input.type,
      address: input.address.trim(),
      divisionCode: input.divisionCode,
      latitude: input.latitude,
      longitude: input.longitude,
      stayMinutes: input.stayMinutes ?? defaultStayMinutes(input.type),
      contactNameCipher: ctx.cipher.encrypt(contactName.value),
      contactPhoneCipher: ctx.cipher.encrypt(input.contactPhone.trim()),
      codeSecretCipher: ctx.cipher.encrypt(randomBytes(32).toString('base64')),
      registeredByType: registeredBy.type,
      registeredById: registeredBy.id,
    });
    await appendAudit(tx, {
      actor: principal,
      action: 'venues.venue.register',
      subjectType: 'venue',
      subjectId: created.id,
      regionCode: created.divisionCode,
      detail: { type: created.type },
      ...meta,
    });
    return created;
  });
  return presentVenue(row, ctx.cipher);
}

/** The venue registrations a citizen made, with their review state. */
export async function listMyApplications(ctx: AppContext, citizenId: string) {
  const rows = await listVenuesRegisteredBy(ctx.db, citizenId);
  return rows.map((r) => presentVenue(r, ctx.cipher));
}

/** Venues in the officer's region, filtered and keyset-paged. */
export async function listVenues(
  ctx: AppContext,
  principal: Staff,
  filter: { status?: VenueStatus; type?: string; divisionCode?: string; q?: string; cursor?: string; limit?: number },
) {
  let prefix = divisionPrefix(principal.regionCode);
  if (filter.divisionCode) {
    // Narrowing inside the officer's region is allowed; a division outside it yields nothing.
    const wanted = divisionPrefix(filter.divisionCode);
    if (!regionContains(principal.regionCode, filter.divisionCode)) return { items: [], nextCursor: null };
    if (wanted.length > prefix.length) prefix = wanted;
  }
  const limit = Math.min(filter.limit ?? 50, 200);
  const before = filter.cursor ? decodeCursor(filter.cursor) : undefined;
  const rows = await listVenuesIn(ctx.db, { divisionPrefix: prefix, status: filter.status, type: filter.type, q: filter.q, before, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => presentVenue(r, ctx.cipher)),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}

function encodeCursor(row: VenueRow): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(at);
  if (Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id ?? '')) throw new AppError(CommonErrors.VALIDATION_FAILED, { reason: 'bad cursor' });
  return { createdAt, id };
}

/**
 * Loads a venue the principal may see: officers within their region, venue staff only their own
 * venue. Anything else answers NOT_FOUND, the same as a missing venue.
 */
export async function venueVisibleTo(ctx: AppContext, principal: Principal, venueId: string): Promise<VenueRow> {
  const row = await findVenue(ctx.db, venueId);
  if (!row) throw new AppError(CommonErrors.NOT_FOUND);
  if (principal.kind !== 'staff') throw new AppError(CommonErrors.NOT_FOUND);
  if (principal.roles.includes('venue_staff') && !isOfficer(principal, REGISTERING_ROLES)) {
    if (principal.venueId !== row.id) throw new AppError(CommonErrors.NOT_FOUND);
    return row;
  }
  assertInScope(principal, row.divisionCode);
  return row;
}

/** One venue with its (masked) contact; an officer's read is audited. */
export async function readVenue(ctx: AppContext, principal: Staff, venueId: string, meta: RequestMeta) {
  const row = await venueVisibleTo(ctx, principal, venueId);
  await recordAudit(ctx.db, { actor: principal, action: 'venues.venue.read', subjectType: 'venue', subjectId: row.id, regionCode: row.divisionCode, ...meta });
  return presentVenue(row, ctx.cipher);
}

/** The venue of a venue-staff account. */
export async function myVenue(ctx: AppContext, principal: Staff) {
  if (!principal.venueId) throw new AppError(CommonErrors.NOT_FOUND);
  const row = await findVenue(ctx.db, principal.venueId);
  if (!row) throw new AppError(CommonErrors.NOT_FOUND);
  return presentVenue(row, ctx.cipher);
}

/** Approves or rejects a pending venue (officer of its region); audited with the decision. */
export async function decideVenue(ctx: AppContext, principal: Staff, venueId: string, decision: 'approved' | 'rejected', rawNote: string | undefined, meta: RequestMeta) {
  // A rejection tells the owner why (shown in the portal and the citizen's applications); an approval may carry a note.
  const note = rawNote?.normalize('NFC').trim() || undefined;
  if (decision === 'rejected' && !note) throw new AppError(VenueErrors.VENUES_REJECTION_REASON_REQUIRED, { field: 'note' });
  const row = await ctx.db.transaction(async (tx) => {
    const current = await findVenue(tx, venueId, { lock: true });
    if (!current) throw new AppError(CommonErrors.NOT_FOUND);
    assertInScope(principal, current.divisionCode);
    if (current.status !== 'pending') throw new AppError(VenueErrors.VENUES_NOT_PENDING, { status: current.status });
    const updated = await updateVenue(tx, venueId, { status: decision, decidedBy: principal.staffId, decidedAt: new Date(), decisionNote: note ?? null });
    await appendAudit(tx, {
      actor: principal,
      action: decision === 'approved' ? 'venues.venue.approve' : 'venues.venue.reject',
      subjectType: 'venue',
      subjectId: venueId,
      regionCode: current.divisionCode,
      detail: note ? { note: note.slice(0, 200) } : {},
      ...meta,
    });
    return updated;
  });
  VenueState.of(ctx).codes.invalidate(venueId);
  return presentVenue(row, ctx.cipher);
}

/** Staff accounts of a venue (officers of its region, or the venue's own staff); every read audited (count only, no names). */
export async function listVenueStaff(ctx: AppContext, principal: Staff, venueId: string, meta: RequestMeta) {
  const venue = await venueVisibleTo(ctx, principal, venueId);
  const rows = await listStaffOfVenue(ctx.db, venueId);
  await recordAudit(ctx.db, { actor: principal, action: 'venues.staff.list', subjectType: 'venue', subjectId: venue.id, regionCode: venue.divisionCode, detail: { count: rows.length }, ...meta });
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.displayName,
    disabled: r.disabledAt !== null,
    manager: venue.managerStaffId === r.id,
    createdAt: r.createdAt.toISOString(),
  }));
}

/**
 * Attaches a venue_staff account to an approved venue. Officers of the venue's region may do it,
 * and so may the venue's manager; the first account attached becomes the manager.
 */
export async function attachVenueStaff(
  ctx: AppContext,
  principal: Staff,
  venueId: string,
  input: { username: string; password: string; displayName: string },
  meta: RequestMeta,
) {
  const venue = await venueVisibleTo(ctx, principal, venueId);
  if (!isOfficer(principal) && venue.managerStaffId !== principal.staffId) throw new AppError(CommonErrors.FORBIDDEN, { reason: 'only an officer or the venue manager' });
  if (venue.status !== 'approved') throw new AppError(VenueErrors.VENUES_NOT_APPROVED);
  const username = input.username.trim();
  const displayName = checkLabelField('venueStaffDisplayName', input.displayName);
  if (!displayName.ok) throw new AppError(VenueErrors.VENUES_STAFF_NAME_INVALID, { field: 'displayName', problem: displayName.problem });
  // The same password rule as staff administration.
  const problem = passwordProblem(input.password, username);
  if (problem) throw new AppError(VenueErrors.VENUES_STAFF_PASSWORD_WEAK, { problem });
  const passwordHash = await hashPassword(input.password);
  const created = await ctx.db.transaction(async (tx) => {
    if (await usernameTaken(tx, username)) throw new AppError(VenueErrors.VENUES_STAFF_USERNAME_TAKEN);
    const locked = await findVenue(tx, venueId, { lock: true });
    const account = await insertVenueStaff(tx, {
      username,
      passwordHash,
      displayName: displayName.value,
      regionCode: venue.divisionCode,
      venueId,
      createdBy: principal.staffId,
    }).catch((err: unknown) => {
      // The unique index settles a race between two creations of the same username.
      if (isUniqueViolation(err)) throw new AppError(VenueErrors.VENUES_STAFF_USERNAME_TAKEN);
      throw err;
    });
    const manager = !locked?.managerStaffId;
    if (manager) await updateVenue(tx, venueId, { managerStaffId: account.id });
    await appendAudit(tx, {
      actor: principal,
      action: 'venues.staff.create',
      subjectType: 'staff',
      subjectId: account.id,
      regionCode: venue.divisionCode,
      detail: { venueId, roles: ['venue_staff'], manager },
      ...meta,
    });
    return { ...account, manager };
  });
  return { id: created.id, username: created.username, displayName: created.displayName, disabled: false, manager: created.manager, createdAt: created.createdAt.toISOString() };
}
