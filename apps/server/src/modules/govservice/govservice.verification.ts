/**
 * 云核验 (remote verification): officers of a reviewing department publish their availability as
 * 30-minute slots on working days (platform/calendar); an applicant whose accepted application allows
 * it books one; the officer records the outcome (verified, or failed with a reason) on the application's
 * timeline. Overlapping availability is refused by a unique index (officer, start) on the half-hour grid;
 * capacity by one conditional update per booking; one open booking per application by the application's
 * row lock and a partial unique index.
 */
import { randomInt } from 'node:crypto';
import { dayOf } from '@fangxian/contracts/kernel';
import { asStaff } from '../../platform/access/policy.ts';
import { regionContains, type Principal } from '../../platform/access/principal.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import { isWorkingDay, loadCalendar } from '../../platform/calendar/index.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { GovserviceErrors as E } from './govservice.errors.ts';
import { REVIEW_ROLES } from './govservice.policy.ts';
import * as repo from './govservice.repository.ts';
import { cutVerifySlots } from './govservice.rules.ts';
import { GovserviceClock } from './govservice.runtime.ts';
import { assertStorableText } from './govservice.text.ts';

type Citizen = Extract<Principal, { kind: 'citizen' }>;
const ROOM_ALPHABET = '23456789';
const nowOf = (ctx: AppContext) => GovserviceClock.of(ctx).now();
const base = (actor: Principal, meta: RequestMeta) => ({ actor, ip: meta.ip, requestId: meta.requestId });
/** Statuses in which a verification may be booked: after acceptance, before the decision. */
export const VERIFY_STATUSES = ['accepted', 'under_review'];
/** How far ahead an applicant sees slots. */
const HORIZON_DAYS = 14;

const timeZh = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** An officer publishes availability on one working day: the range is cut into 30-minute slots; slots they already have are skipped. */
export async function publishSlots(ctx: AppContext, principal: Principal, input: { day: string; from: string; to: string; capacity: number }, meta: RequestMeta) {
  const staff = asStaff(principal);
  if (!staff.roles.some((r) => (REVIEW_ROLES as readonly string[]).includes(r)) || !staff.regionCode) throw new AppError(CommonErrors.FORBIDDEN);
  const cut = cutVerifySlots(input.day, input.from, input.to);
  const now = nowOf(ctx);
  if (!cut || cut.length === 0) throw new AppError(E.GOVSERVICE_VERIFY_SLOT_INVALID, { field: 'from' });
  if (cut.length > 32) throw new AppError(E.GOVSERVICE_VERIFY_SLOT_INVALID, { field: 'to' });
  return ctx.db.transaction(async (tx) => {
    if (!isWorkingDay(input.day, await loadCalendar(tx))) throw new AppError(E.GOVSERVICE_VERIFY_SLOT_INVALID, { field: 'day', reason: 'not_working_day' });
    const future = cut.filter((s) => s.startsAt.getTime() > now.getTime());
    if (future.length === 0) throw new AppError(E.GOVSERVICE_VERIFY_SLOT_INVALID, { field: 'day', reason: 'past' });
    const created = await repo.insertSlots(tx, future.map((s) => ({
      regionCode: staff.regionCode, department: staff.department, officerId: staff.staffId, startsAt: s.startsAt, endsAt: s.endsAt, capacity: input.capacity, status: 'open', createdAt: now,
    })));
    await appendAudit(tx, { ...base(staff, meta), action: 'govservice.verify.publish', subjectType: 'gs_verify_slot', regionCode: staff.regionCode, detail: { day: input.day, from: input.from, to: input.to, created: created.length } });
    return { created, skipped: future.length - created.length };
  });
}

/** The officer's slots from today, with the bookings (application numbers and room codes; no personal data). */
export async function officerSlots(ctx: AppContext, principal: Principal) {
  const staff = asStaff(principal);
  const now = nowOf(ctx);
  const slots = await repo.slotsOfOfficer(ctx.db, staff.staffId, new Date(Date.parse(`${dayOf(now)}T00:00:00+08:00`)));
  const bookings = await repo.bookingsOfSlots(ctx.db, slots.map((s) => s.id));
  return { slots, bookings };
}

/** Withdraws one of the officer's open slots; refused while it has bookings. */
export async function withdrawSlot(ctx: AppContext, principal: Principal, id: string, meta: RequestMeta): Promise<void> {
  const staff = asStaff(principal);
  await ctx.db.transaction(async (tx) => {
    const slot = await repo.slotById(tx, id, true);
    if (!slot || slot.officerId !== staff.staffId) throw new AppError(CommonErrors.NOT_FOUND);
    if (slot.booked > 0) throw new AppError(E.GOVSERVICE_VERIFY_SLOT_TAKEN);
    await repo.updateSlot(tx, id, { status: 'withdrawn' });
    await appendAudit(tx, { ...base(staff, meta), action: 'govservice.verify.withdraw', subjectType: 'gs_verify_slot', subjectId: id, regionCode: slot.regionCode });
  });
}

async function ownApplication(db: Parameters<typeof repo.findApplication>[0], citizen: Citizen, id: string, forUpdate = false) {
  const row = await repo.findApplication(db, id, forUpdate);
  if (!row || row.citizenId !== citizen.citizenId) throw new AppError(CommonErrors.NOT_FOUND);
  return row;
}

/** The departments whose officers may verify an application that allows 云核验 (its review parts' departments), or a 409. */
async function verifyingDepartments(db: Parameters<typeof repo.findApplication>[0], row: repo.ApplicationRow): Promise<string[]> {
  const content = (await repo.versionById(db, row.itemVersionId))!.content;
  if (!content.remoteVerification || !VERIFY_STATUSES.includes(row.status)) throw new AppError(E.GOVSERVICE_VERIFY_NOT_OFFERED, { status: row.status });
  return [...new Set((await repo.partsOf(db, [row.id])).map((p) => p.department))];
}

/** The applicant's calendar: open slots with a place left in the next two weeks, of the departments reviewing the application, in its area. */
export async function slotsForApplication(ctx: AppContext, citizen: Citizen, id: string) {
  const row = await ownApplication(ctx.db, citizen, id);
  const departments = await verifyingDepartments(ctx.db, row);
  const now = nowOf(ctx);
  const slots = await repo.openSlots(ctx.db, { departments, regionPrefix: '', from: now, to: new Date(now.getTime() + HORIZON_DAYS * 86_400_000) });
  return slots.filter((s) => s.booked < s.capacity && regionContains(s.regionCode, row.regionCode));
}

/** Books a slot for one's application: a place is taken in the booking's transaction (409 when full), one open booking per application. */
export async function bookVerification(ctx: AppContext, citizen: Citizen, id: string, slotId: string, meta: RequestMeta) {
  return ctx.db.transaction(async (tx) => {
    const row = await ownApplication(tx, citizen, id, true);
    const departments = await verifyingDepartments(tx, row);
    const slot = await repo.slotById(tx, slotId);
    const now = nowOf(ctx);
    if (!slot || !departments.includes(slot.department) || !regionContains(slot.regionCode, row.regionCode)) throw new AppError(CommonErrors.NOT_FOUND);
    if (slot.startsAt.getTime() <= now.getTime()) throw new AppError(E.GOVSERVICE_VERIFY_SLOT_INVALID, { field: 'slotId', reason: 'past' });
    if ((await repo.bookingsOfApplication(tx, id)).some((b) => b.booking.status === 'booked')) throw new AppError(E.GOVSERVICE_VERIFY_BOOKED);
    if (!(await repo.takePlace(tx, slotId))) throw new AppError(E.GOVSERVICE_VERIFY_SLOT_FULL);
    const roomCode = Array.from({ length: 9 }, () => ROOM_ALPHABET[randomInt(ROOM_ALPHABET.length)]).join('');
    const booking = await repo.insertBooking(tx, { slotId, applicationId: id, citizenId: citizen.citizenId, roomCode, status: 'booked', createdAt: now });
    await repo.insertEvent(tx, {
      applicationId: id, action: 'verify-book', fromStatus: row.status, toStatus: row.status, department: slot.department, actorType: 'citizen', actorId: citizen.citizenId, at: now,
      publicNote: `已预约云核验：${slot.department} ${timeZh(slot.startsAt)}，视频会议室号 ${roomCode}`,
    });
    await appendAudit(tx, { ...base(citizen, meta), action: 'govservice.verify.book', subjectType: 'gs_application', subjectId: id, regionCode: row.regionCode, detail: { slotId } });
    return booking;
  });
}

/** Cancels one's booking before its slot starts (the place is given back). */
export async function cancelVerification(ctx: AppContext, citizen: Citizen, id: string, bookingId: string, meta: RequestMeta): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const row = await ownApplication(tx, citizen, id, true);
    const booking = await repo.bookingById(tx, bookingId, true);
    if (!booking || booking.applicationId !== row.id) throw new AppError(CommonErrors.NOT_FOUND);
    const slot = (await repo.slotById(tx, booking.slotId))!;
    const now = nowOf(ctx);
    if (booking.status !== 'booked' || slot.startsAt.getTime() <= now.getTime()) throw new AppError(E.GOVSERVICE_VERIFY_DECIDED);
    await repo.updateBooking(tx, bookingId, { status: 'cancelled', decidedAt: now });
    await repo.givePlaceBack(tx, slot.id);
    await repo.insertEvent(tx, { applicationId: row.id, action: 'verify-cancel', fromStatus: row.status, toStatus: row.status, department: slot.department, publicNote: '已取消云核验预约', actorType: 'citizen', actorId: citizen.citizenId, at: now });
    await appendAudit(tx, { ...base(citizen, meta), action: 'govservice.verify.cancel', subjectType: 'gs_application', subjectId: row.id, regionCode: row.regionCode, detail: { bookingId } });
  });
}

/** The slot's officer records the outcome once the slot has started: verified, or failed with a reason (on the applicant's timeline). */
export async function recordVerification(ctx: AppContext, principal: Principal, bookingId: string, input: { outcome: 'verified' | 'failed'; reason?: string | null }, meta: RequestMeta) {
  assertStorableText(input);
  const staff = asStaff(principal);
  return ctx.db.transaction(async (tx) => {
    const booking = await repo.bookingById(tx, bookingId, true);
    const slot = booking ? await repo.slotById(tx, booking.slotId) : undefined;
    if (!booking || !slot || slot.officerId !== staff.staffId) throw new AppError(CommonErrors.NOT_FOUND);
    if (booking.status !== 'booked') throw new AppError(E.GOVSERVICE_VERIFY_DECIDED);
    const now = nowOf(ctx);
    if (now.getTime() < slot.startsAt.getTime()) throw new AppError(E.GOVSERVICE_VERIFY_TOO_EARLY);
    const reason = input.reason?.trim() || null;
    if (input.outcome === 'failed' && !reason) throw new AppError(E.GOVSERVICE_NOTE_REQUIRED);
    const updated = await repo.updateBooking(tx, bookingId, { status: input.outcome, reason, decidedBy: staff.staffId, decidedAt: now });
    const row = (await repo.findApplication(tx, booking.applicationId, true))!;
    await repo.insertEvent(tx, {
      applicationId: row.id, action: 'verify', fromStatus: row.status, toStatus: row.status, department: slot.department, actorType: 'staff', actorId: staff.staffId, at: now,
      publicNote: input.outcome === 'verified' ? '云核验通过' : `云核验未通过：${reason}`,
    });
    await appendAudit(tx, { ...base(staff, meta), action: 'govservice.verify.record', subjectType: 'gs_application', subjectId: row.id, regionCode: row.regionCode, detail: { bookingId, outcome: input.outcome } });
    return updated;
  });
}

/** An application's bookings as the applicant and the officers see them. */
export async function verificationsOf(ctx: AppContext, applicationId: string) {
  return (await repo.bookingsOfApplication(ctx.db, applicationId)).map(({ booking, slot }) => ({
    id: booking.id, department: slot.department, startsAt: slot.startsAt.toISOString(), endsAt: slot.endsAt.toISOString(), roomCode: booking.roomCode,
    status: booking.status as 'booked' | 'verified' | 'failed' | 'cancelled', reason: booking.reason, decidedAt: booking.decidedAt ? booking.decidedAt.toISOString() : null,
  }));
}
