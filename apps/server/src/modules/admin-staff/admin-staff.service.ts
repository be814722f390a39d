import { and, asc, eq, isNull, like, type SQL } from 'drizzle-orm';
import type { CreateStaffRequest, StaffAccount, UpdateStaffRequest } from '@fangxian/contracts/identity';
import { divisionPrefix } from '@fangxian/contracts/kernel';
import { checkLabelField } from '@fangxian/contracts/names';
import type { AppContext } from '../../platform/http/context.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import { appendAudit, recordAudit } from '../../platform/audit/audit.service.ts';
import { assertInScope } from '../../platform/access/policy.ts';
import type { Principal, StaffRole } from '../../platform/access/principal.ts';
import { staffAccounts } from '../../platform/identity/identity.tables.ts';
import { revokeSubjectSessions } from '../../platform/identity/sessions.ts';
import { hashPassword, passwordProblem } from '../../platform/identity/passwords.ts';
import { normaliseUsername } from '../../platform/identity/usernames.ts';
import { isUniqueViolation } from '../../platform/identity/db-errors.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { divisionFullName, isDivisionCode } from '../../platform/divisions/index.ts';
import { approvedVenuesUnder, venueById } from '../venues/index.ts';

import { presentStaff } from './admin-staff.presenter.ts';
import { StaffAdminErrors } from './admin-staff.errors.ts';

type Admin = Extract<Principal, { kind: 'staff' }>;

/** A display name or department as stored: printable text, no emoji, markup or control characters (the shared rule of the web form). */
function cleanLabel(field: 'staffDisplayName' | 'department', raw: string): string {
  const checked = checkLabelField(field, raw);
  if (!checked.ok) throw new AppError(StaffAdminErrors.ADMIN_STAFF_TEXT_INVALID, { field: field === 'department' ? 'department' : 'displayName', problem: checked.problem });
  return checked.value;
}
type StaffRow = typeof staffAccounts.$inferSelect;

/** SQL condition "region code lies within the admin's scope" (the same rule as divisionContains). */
function withinScope(scope: string): SQL | undefined {
  if (!scope) return undefined;
  return like(staffAccounts.regionCode, `${divisionPrefix(scope)}%`);
}

function assertRegion(admin: Admin, regionCode: string): void {
  if (!isDivisionCode(regionCode)) throw new AppError(StaffAdminErrors.ADMIN_STAFF_DIVISION_INVALID);
  assertInScope(admin, regionCode);
}

function assertPassword(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new AppError(StaffAdminErrors.ADMIN_STAFF_PASSWORD_WEAK, { problem });
}

function assertVenue(roles: readonly StaffRole[], venueId: string | null): void {
  if (roles.includes('venue_staff') && !venueId) throw new AppError(StaffAdminErrors.ADMIN_STAFF_VENUE_REQUIRED);
}

/** The venue of a new venue-staff account must exist and lie in the admin's region (else NOT_FOUND, as for any record). */
async function assertVenueInScope(ctx: AppContext, admin: Admin, venueId: string): Promise<void> {
  const venue = await venueById(ctx.db, venueId);
  if (!venue) throw new AppError(CommonErrors.NOT_FOUND);
  assertInScope(admin, venue.divisionCode);
}

/** Loads one account the admin may manage; NOT_FOUND for a missing account or one outside the admin's region. */
async function loadInScope(ctx: AppContext, admin: Admin, id: string, lock = false): Promise<StaffRow> {
  const query = ctx.db.select().from(staffAccounts).where(eq(staffAccounts.id, id));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new AppError(CommonErrors.NOT_FOUND);
  assertInScope(admin, row.regionCode);
  return row;
}

/** Staff accounts within the admin's region, by username; disabled ones only when asked. Every read is audited (filters and count, no names). */
export async function listStaff(ctx: AppContext, admin: Admin, options: { includeDisabled: boolean; role?: StaffRole }, meta: RequestMeta): Promise<StaffAccount[]> {
  const conditions = [withinScope(admin.regionCode), options.includeDisabled ? undefined : isNull(staffAccounts.disabledAt)];
  const rows = await ctx.db.select().from(staffAccounts).where(and(...conditions)).orderBy(asc(staffAccounts.username)).limit(1000);
  const listed = rows.filter((r) => !options.role || r.roles.includes(options.role)).map(presentStaff);
  await recordAudit(ctx.db, {
    actor: admin,
    action: 'admin-staff.staff.list',
    subjectType: 'staff',
    regionCode: admin.regionCode || null,
    detail: { count: listed.length, includeDisabled: options.includeDisabled, role: options.role ?? null },
    ip: meta.ip,
    requestId: meta.requestId,
  });
  return listed;
}

/** Approved venues in the admin's region, by name, for the venue picker of a venue-staff account (public facts, no contact). */
export async function listVenueOptions(ctx: AppContext, admin: Admin, q: string | undefined) {
  const rows = await approvedVenuesUnder(ctx.db, admin.regionCode, { q, limit: 50 });
  return rows.map((v) => ({ ...v, divisionName: divisionFullName(v.divisionCode) }));
}

/** Creates a staff account inside the admin's region; audited with its roles and scope. */
export async function createStaff(ctx: AppContext, admin: Admin, input: CreateStaffRequest, meta: RequestMeta): Promise<StaffAccount> {
  // Case-insensitive usernames: `Venue01` is stored as `venue01` (the unique index is on lower(username)).
  const username = normaliseUsername(input.username);
  assertRegion(admin, input.regionCode);
  assertPassword(input.password, username);
  // Only venue staff belong to a venue.
  const venueId = input.roles.includes('venue_staff') ? (input.venueId ?? null) : null;
  assertVenue(input.roles, venueId);
  if (venueId) await assertVenueInScope(ctx, admin, venueId);
  const displayName = cleanLabel('staffDisplayName', input.displayName);
  const department = cleanLabel('department', input.department);
  const passwordHash = await hashPassword(input.password);
  const create = ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(staffAccounts)
      .values({
        username,
        passwordHash,
        displayName,
        department,
        roles: [...input.roles],
        regionCode: input.regionCode,
        venueId,
        passwordChangedAt: new Date(),
        createdBy: admin.staffId,
      })
      .returning();
    await appendAudit(tx, {
      actor: admin,
      action: 'admin-staff.staff.create',
      subjectType: 'staff',
      subjectId: row.id,
      regionCode: row.regionCode,
      detail: { username, roles: row.roles, department: row.department, regionCode: row.regionCode, venueId },
      ip: meta.ip,
      requestId: meta.requestId,
    });
    return presentStaff(row);
  });
  return create.catch((err: unknown) => {
    throw isUniqueViolation(err) ? new AppError(StaffAdminErrors.ADMIN_STAFF_USERNAME_TAKEN) : err;
  });
}

const sameRoles = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * Changes an account. Role, department and region changes are audited as permission changes with
 * before and after; disabling revokes every session at once. Admins cannot lock themselves out.
 */
export async function updateStaff(ctx: AppContext, admin: Admin, id: string, input: UpdateStaffRequest, meta: RequestMeta): Promise<StaffAccount> {
  if (input.regionCode !== undefined) assertRegion(admin, input.regionCode);
  const displayName = input.displayName === undefined ? undefined : cleanLabel('staffDisplayName', input.displayName);
  const department = input.department === undefined ? undefined : cleanLabel('department', input.department);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(staffAccounts).where(eq(staffAccounts.id, id)).for('update');
    if (!row) throw new AppError(CommonErrors.NOT_FOUND);
    assertInScope(admin, row.regionCode);
    if (id === admin.staffId && (input.disabled === true || (input.roles && !input.roles.includes('sys_admin')) || (input.regionCode && input.regionCode !== row.regionCode))) {
      throw new AppError(StaffAdminErrors.ADMIN_STAFF_CANNOT_MODIFY_SELF);
    }
    const roles = input.roles ?? (row.roles as StaffRole[]);
    assertVenue(roles, row.venueId);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (displayName !== undefined && displayName !== row.displayName) changes.displayName = { from: row.displayName, to: displayName };
    if (department !== undefined && department !== row.department) changes.department = { from: row.department, to: department };
    if (input.roles !== undefined && !sameRoles(input.roles, row.roles)) changes.roles = { from: row.roles, to: [...input.roles] };
    if (input.regionCode !== undefined && input.regionCode !== row.regionCode) changes.regionCode = { from: row.regionCode, to: input.regionCode };
    const disabledNow = row.disabledAt !== null;
    if (input.disabled !== undefined && input.disabled !== disabledNow) changes.disabled = { from: disabledNow, to: input.disabled };
    if (input.passwordResetRequired !== undefined && input.passwordResetRequired !== row.passwordResetRequired) {
      changes.passwordResetRequired = { from: row.passwordResetRequired, to: input.passwordResetRequired };
    }
    if (Object.keys(changes).length === 0) return presentStaff(row);
    const [updated] = await tx
      .update(staffAccounts)
      .set({
        displayName: (changes.displayName?.to as string | undefined) ?? row.displayName,
        department: (changes.department?.to as string | undefined) ?? row.department,
        roles: (changes.roles?.to as string[] | undefined) ?? row.roles,
        regionCode: (changes.regionCode?.to as string | undefined) ?? row.regionCode,
        disabledAt: changes.disabled ? (input.disabled ? new Date() : null) : row.disabledAt,
        passwordResetRequired: (changes.passwordResetRequired?.to as boolean | undefined) ?? row.passwordResetRequired,
        updatedAt: new Date(),
      })
      .where(eq(staffAccounts.id, id))
      .returning();
    let revoked = 0;
    // Disabling, or requiring a new password, signs the account out everywhere at once.
    if ((input.disabled === true && !disabledNow) || changes.passwordResetRequired?.to === true) revoked = await revokeSubjectSessions(tx, 'staff', id);
    const permissionChange = changes.roles || changes.regionCode || changes.department || changes.disabled || changes.passwordResetRequired;
    await appendAudit(tx, {
      actor: admin,
      action: permissionChange ? 'admin-staff.staff.change-permissions' : 'admin-staff.staff.update',
      subjectType: 'staff',
      subjectId: id,
      regionCode: updated.regionCode,
      detail: { changes, ...(revoked ? { sessionsRevoked: revoked } : {}) },
      ip: meta.ip,
      requestId: meta.requestId,
    });
    return presentStaff(updated);
  });
}

/** Signs an account out of every session (e.g. a lost phone). */
export async function revokeStaffSessions(ctx: AppContext, admin: Admin, id: string, meta: RequestMeta): Promise<{ revoked: number }> {
  const row = await loadInScope(ctx, admin, id);
  return ctx.db.transaction(async (tx) => {
    const revoked = await revokeSubjectSessions(tx, 'staff', id);
    await appendAudit(tx, {
      actor: admin,
      action: 'admin-staff.staff.revoke-sessions',
      subjectType: 'staff',
      subjectId: id,
      regionCode: row.regionCode,
      detail: { revoked },
      ip: meta.ip,
      requestId: meta.requestId,
    });
    return { revoked };
  });
}

/** Sets a new password (checked against the rules), then revokes the account's sessions. */
export async function setStaffPassword(ctx: AppContext, admin: Admin, id: string, password: string, meta: RequestMeta): Promise<void> {
  const row = await loadInScope(ctx, admin, id);
  assertPassword(password, row.username);
  const passwordHash = await hashPassword(password);
  await ctx.db.transaction(async (tx) => {
    await tx.update(staffAccounts).set({ passwordHash, passwordChangedAt: new Date(), updatedAt: new Date() }).where(eq(staffAccounts.id, id));
    const revoked = await revokeSubjectSessions(tx, 'staff', id);
    await appendAudit(tx, {
      actor: admin,
      action: 'admin-staff.staff.set-password',
      subjectType: 'staff',
      subjectId: id,
      regionCode: row.regionCode,
      detail: { sessionsRevoked: revoked },
      ip: meta.ip,
      requestId: meta.requestId,
    });
  });
}
