import { randomBytes, randomInt } from 'node:crypto';
import { todayInChina } from '@fangxian/contracts/kernel';
import { asCitizen, asStaff, assertInScope } from '../../platform/access/policy.ts';
import { regionContains, type Principal } from '../../platform/access/principal.ts';
import { appendAudit, recordAudit } from '../../platform/audit/audit.service.ts';
import { isDivisionCode } from '../../platform/divisions/index.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { isUniqueViolation } from '../../platform/identity/db-errors.ts';
import { hashApiKey } from '../../platform/identity/api-clients.service.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { isWorkingDay, loadCalendar } from '../../platform/calendar/index.ts';
import type { DbOrTx } from '../../platform/db/database.ts';
import { onlineSubmissions, publishedCatalogue } from '../govservice/index.ts';
import { verifyCodeToken } from '../health-code/index.ts';
import { HallErrors } from './hall.errors.ts';
import { KIOSK_PERMISSION } from './hall.policy.ts';
import * as repo from './hall.repository.ts';
import { bookableDays, bookingRefusal, callingOrder, formatNumber, onsiteShare, slotsOf, validOpenHours, type QueueEntry, type WorkingDays } from './hall.rules.ts';
import type { WindowItem } from './hall.tables.ts';

type Staff = Extract<Principal, { kind: 'staff' }>;
type Citizen = Extract<Principal, { kind: 'citizen' }>;
type Api = Extract<Principal, { kind: 'api' }>;

/** The working-day calendar of the hall: platform/calendar's public holidays (closed) and make-up working days (open), read per request. */
export async function hallWorkingDays(db: DbOrTx): Promise<WorkingDays> {
  const calendar = await loadCalendar(db);
  return { isWorkingDay: (day) => isWorkingDay(day, calendar) };
}

const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const randomCode = (n: number) => Array.from({ length: n }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
const auditBase = (actor: Principal, meta: RequestMeta) => ({ actor, ip: meta.ip, requestId: meta.requestId });

// ------------------------------------------------------------------------------------------------
// Halls, windows, devices (hall administrators, region-scoped)

export interface HallInput {
  name: string;
  regionCode: string;
  address?: string;
  slotMinutes?: number;
  bookingDays?: number;
}

async function hallInScope(ctx: AppContext, principal: Principal, hallId: string): Promise<repo.HallRow> {
  const hall = await repo.findHall(ctx.db, hallId);
  if (!hall) throw new AppError(CommonErrors.NOT_FOUND);
  assertInScope(principal, hall.regionCode);
  return hall;
}

/** Creates a hall in a division within the administrator's region. */
export async function createHall(ctx: AppContext, principal: Principal, input: HallInput, meta: RequestMeta): Promise<repo.HallRow> {
  const staff = asStaff(principal);
  if (!isDivisionCode(input.regionCode)) throw new AppError(HallErrors.HALL_DIVISION_UNKNOWN, { regionCode: input.regionCode });
  if (!regionContains(staff.regionCode, input.regionCode)) throw new AppError(CommonErrors.FORBIDDEN, { regionCode: input.regionCode });
  return ctx.db.transaction(async (tx) => {
    const hall = await repo.insertHall(tx, {
      name: input.name.trim(), regionCode: input.regionCode, address: input.address?.trim() ?? '', slotMinutes: input.slotMinutes ?? 30, bookingDays: input.bookingDays ?? 7,
    });
    await appendAudit(tx, { ...auditBase(staff, meta), action: 'hall.hall.create', subjectType: 'hall', subjectId: hall.id, regionCode: hall.regionCode, detail: { name: hall.name } });
    return hall;
  });
}

/** Changes a hall's name, address, slot length or booking horizon (not its region). */
export async function updateHall(ctx: AppContext, principal: Principal, hallId: string, input: Partial<Omit<HallInput, 'regionCode'>>, meta: RequestMeta): Promise<repo.HallRow> {
  const staff = asStaff(principal);
  await hallInScope(ctx, staff, hallId);
  return ctx.db.transaction(async (tx) => {
    const hall = await repo.updateHall(tx, hallId, {
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.address !== undefined ? { address: input.address.trim() } : {}),
      ...(input.slotMinutes !== undefined ? { slotMinutes: input.slotMinutes } : {}),
      ...(input.bookingDays !== undefined ? { bookingDays: input.bookingDays } : {}),
    });
    await appendAudit(tx, { ...auditBase(staff, meta), action: 'hall.hall.update', subjectType: 'hall', subjectId: hall.id, regionCode: hall.regionCode, detail: { fields: Object.keys(input) } });
    return hall;
  });
}

/** The halls of the officer's region with their windows. */
export async function listHalls(ctx: AppContext, principal: Principal): Promise<{ hall: repo.HallRow; windows: repo.WindowRow[] }[]> {
  const staff = asStaff(principal);
  const halls = await repo.hallsIn(ctx.db, staff.regionCode);
  const windows = await repo.windowsOfHalls(ctx.db, halls.map((h) => h.id));
  return halls.map((hall) => ({ hall, windows: windows.filter((w) => w.hallId === hall.id) }));
}

/** One hall of the officer's region with its windows and kiosk devices. */
export async function hallDetail(ctx: AppContext, principal: Principal, hallId: string) {
  const hall = await hallInScope(ctx, principal, hallId);
  const windows = await repo.windowsOf(ctx.db, hall.id);
  const devices = await repo.devicesOf(ctx.db, hall.id);
  const staff = await repo.staffByIds(ctx.db, [...new Set(windows.flatMap((w) => w.staffIds))]);
  return { hall, windows, devices, staff };
}

export interface WindowInput {
  number: number;
  name: string;
  items: WindowItem[];
  openHours: string[];
  slotCapacity: number;
  staffIds: string[];
  active?: boolean;
}

/**
 * A window's items must be published items of the catalogue (govservice) of the hall's area — the item's
 * region contains the hall's or lies within it; the names are the catalogue's. Unknown codes: 400 with the codes.
 */
async function catalogueItems(ctx: AppContext, hall: repo.HallRow, items: WindowItem[]): Promise<WindowItem[]> {
  const wanted = cleanItems(items);
  const found = new Map((await publishedCatalogue(ctx.db, wanted.map((i) => i.code)))
    .filter((e) => regionContains(e.regionCode, hall.regionCode) || regionContains(hall.regionCode, e.regionCode))
    .map((e) => [e.code, e]));
  const unknown = wanted.filter((i) => !found.has(i.code)).map((i) => i.code);
  if (unknown.length > 0) throw new AppError(HallErrors.HALL_ITEM_UNKNOWN, { codes: unknown });
  return wanted.map((i) => ({ code: i.code, name: found.get(i.code)!.name }));
}

/** Checks a window's hours and staff; answers its items as the catalogue names them (undefined when not given). */
async function checkWindowInput(ctx: AppContext, hall: repo.HallRow, input: Partial<WindowInput>): Promise<WindowItem[] | undefined> {
  if (input.openHours && !validOpenHours(input.openHours)) throw new AppError(HallErrors.HALL_OPEN_HOURS_INVALID);
  if (input.staffIds?.length) {
    const ids = [...new Set(input.staffIds)];
    const found = await repo.staffByIds(ctx.db, ids);
    if (found.length !== ids.length || found.some((s) => !regionContains(s.regionCode, hall.regionCode))) throw new AppError(HallErrors.HALL_STAFF_UNKNOWN);
  }
  return input.items ? catalogueItems(ctx, hall, input.items) : undefined;
}

const cleanItems = (items: WindowItem[]) => {
  const seen = new Set<string>();
  return items.map((i) => ({ code: i.code.trim(), name: i.name.trim() })).filter((i) => !seen.has(i.code) && seen.add(i.code));
};

/** Adds a window to a hall. */
export async function createWindow(ctx: AppContext, principal: Principal, hallId: string, input: WindowInput, meta: RequestMeta): Promise<repo.WindowRow> {
  const staff = asStaff(principal);
  const hall = await hallInScope(ctx, staff, hallId);
  const items = (await checkWindowInput(ctx, hall, input)) ?? [];
  try {
    return await ctx.db.transaction(async (tx) => {
      const w = await repo.insertWindow(tx, {
        hallId: hall.id, regionCode: hall.regionCode, number: input.number, name: input.name.trim(), items, openHours: input.openHours,
        slotCapacity: input.slotCapacity, staffIds: [...new Set(input.staffIds)], active: input.active ?? true,
      });
      await appendAudit(tx, { ...auditBase(staff, meta), action: 'hall.window.create', subjectType: 'hall_window', subjectId: w.id, regionCode: hall.regionCode, detail: { hallId: hall.id, number: w.number, items: w.items.map((i) => i.code) } });
      return w;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError(HallErrors.HALL_WINDOW_NUMBER_TAKEN, { number: input.number });
    throw err;
  }
}

/** Changes a window (items, hours, capacity, staff, active). */
export async function updateWindow(ctx: AppContext, principal: Principal, windowId: string, input: Partial<WindowInput>, meta: RequestMeta): Promise<repo.WindowRow> {
  const staff = asStaff(principal);
  const current = await repo.findWindow(ctx.db, windowId);
  if (!current) throw new AppError(CommonErrors.NOT_FOUND);
  const hall = await hallInScope(ctx, staff, current.hallId);
  const items = await checkWindowInput(ctx, hall, input);
  try {
    return await ctx.db.transaction(async (tx) => {
      const w = await repo.updateWindow(tx, windowId, {
        ...(input.number !== undefined ? { number: input.number } : {}),
        ...(input.name !== undefined ? { name: input.name.trim() } : {}),
        ...(items !== undefined ? { items } : {}),
        ...(input.openHours !== undefined ? { openHours: input.openHours } : {}),
        ...(input.slotCapacity !== undefined ? { slotCapacity: input.slotCapacity } : {}),
        ...(input.staffIds !== undefined ? { staffIds: [...new Set(input.staffIds)] } : {}),
        ...(input.active !== undefined ? { active: input.active } : {}),
      });
      await appendAudit(tx, { ...auditBase(staff, meta), action: 'hall.window.update', subjectType: 'hall_window', subjectId: w.id, regionCode: hall.regionCode, detail: { fields: Object.keys(input) } });
      return w;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError(HallErrors.HALL_WINDOW_NUMBER_TAKEN, { number: input.number });
    throw err;
  }
}

function newKioskKey(regionCode: string, createdBy: string) {
  const key = `fxk_${randomBytes(32).toString('base64url')}`;
  return { key, client: { keyHash: hashApiKey(key), keyPrefix: key.slice(0, 12), permissions: [KIOSK_PERMISSION], regionCode, createdBy } };
}

/** Registers a kiosk for a hall: an API client holding only hall.kiosk, in the hall's region; the key is shown once. */
export async function createKiosk(ctx: AppContext, principal: Principal, hallId: string, name: string, meta: RequestMeta): Promise<{ device: repo.DeviceRow; key: string }> {
  const staff = asStaff(principal);
  const hall = await hallInScope(ctx, staff, hallId);
  const { key, client } = newKioskKey(hall.regionCode, staff.staffId);
  return ctx.db.transaction(async (tx) => {
    const device = await repo.insertDevice(tx, { hallId: hall.id, regionCode: hall.regionCode, name: name.trim(), kind: 'kiosk', createdBy: staff.staffId }, client);
    await appendAudit(tx, { ...auditBase(staff, meta), action: 'hall.device.create', subjectType: 'hall_device', subjectId: device.id, regionCode: hall.regionCode, detail: { hallId: hall.id, apiClientId: device.apiClientId } });
    return { device, key };
  });
}

/** Issues a new key for a kiosk (the old one stops working at once); the key is shown once. */
export async function rotateKioskKey(ctx: AppContext, principal: Principal, deviceId: string, meta: RequestMeta): Promise<{ device: repo.DeviceRow; key: string }> {
  const staff = asStaff(principal);
  const current = await repo.findDevice(ctx.db, deviceId);
  if (!current) throw new AppError(CommonErrors.NOT_FOUND);
  const hall = await hallInScope(ctx, staff, current.hallId);
  const { key, client } = newKioskKey(hall.regionCode, staff.staffId);
  return ctx.db.transaction(async (tx) => {
    const device = await repo.rebindDevice(tx, current, client, new Date());
    await appendAudit(tx, { ...auditBase(staff, meta), action: 'hall.device.rotate', subjectType: 'hall_device', subjectId: device.id, regionCode: hall.regionCode, detail: { hallId: hall.id, apiClientId: device.apiClientId } });
    return { device, key };
  });
}

// ------------------------------------------------------------------------------------------------
// Citizens: halls, slots, bookings

/** The halls a citizen can book, with the items their windows handle. */
export async function hallsForCitizens(ctx: AppContext): Promise<{ hall: repo.HallRow; items: WindowItem[] }[]> {
  const halls = await repo.hallsIn(ctx.db, '');
  const windows = await repo.windowsOfHalls(ctx.db, halls.map((h) => h.id));
  return halls.map((hall) => ({ hall, items: itemsOf(windows.filter((w) => w.hallId === hall.id && w.active)) }));
}

function itemsOf(windows: repo.WindowRow[]): WindowItem[] {
  const byCode = new Map<string, WindowItem>();
  for (const w of windows) for (const i of w.items) if (!byCode.has(i.code)) byCode.set(i.code, i);
  return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
}

const servingWindows = (windows: repo.WindowRow[], itemCode: string) => windows.filter((w) => w.active && w.slotCapacity > 0 && w.items.some((i) => i.code === itemCode));

export interface SlotView {
  start: string;
  end: string;
  capacity: number;
  booked: number;
  bookable: boolean;
}

/** The slots of a day for an item at a hall: the serving windows' slots merged, with what is left. */
export async function availability(ctx: AppContext, hallId: string, itemCode: string, day: string, now: Date = new Date()) {
  const hall = await repo.findHall(ctx.db, hallId);
  if (!hall) throw new AppError(CommonErrors.NOT_FOUND);
  const windows = servingWindows(await repo.windowsOf(ctx.db, hall.id), itemCode);
  if (windows.length === 0) throw new AppError(HallErrors.HALL_ITEM_NOT_SERVED, { itemCode });
  const calendar = await hallWorkingDays(ctx.db);
  const days = bookableDays(now, hall.bookingDays, calendar);
  const item = itemsOf(windows).find((i) => i.code === itemCode)!;
  // A public holiday (or a weekend that is not a make-up working day) has no slots at all.
  if (!calendar.isWorkingDay(day)) return { hall, item, day, days, slots: [] as SlotView[] };
  const counts = await repo.slotCounts(ctx.db, windows.map((w) => w.id), day);
  const bySlot = new Map<string, SlotView>();
  for (const w of windows) {
    const slots = slotsOf(w.openHours, hall.slotMinutes);
    for (const s of slots) {
      const booked = counts.find((c) => c.windowId === w.id && c.slotStart === s.start)?.booked ?? 0;
      const view = bySlot.get(s.start) ?? { start: s.start, end: s.end, capacity: 0, booked: 0, bookable: false };
      view.capacity += w.slotCapacity;
      view.booked += Math.min(booked, w.slotCapacity);
      bySlot.set(s.start, view);
      if (bookingRefusal({ day, start: s.start, now, bookingDays: hall.bookingDays, slots }, calendar) === null && booked < w.slotCapacity) view.bookable = true;
    }
  }
  return { hall, item, day, days, slots: [...bySlot.values()].sort((a, b) => a.start.localeCompare(b.start)) };
}

const REFUSALS = {
  past: HallErrors.HALL_SLOT_PAST,
  'closed-day': HallErrors.HALL_SLOT_CLOSED_DAY,
  'too-far': HallErrors.HALL_SLOT_TOO_FAR,
  'no-such-slot': HallErrors.HALL_SLOT_UNKNOWN,
} as const;

/**
 * Books a slot for an item: the first serving window with a place left takes it (a conditional
 * increment of the slot's count), and the booking row's partial unique index keeps one active
 * booking per person and item — both hold under concurrent requests.
 */
export async function book(
  ctx: AppContext, principal: Principal, input: { hallId: string; itemCode: string; day: string; slotStart: string }, meta: RequestMeta, now: Date = new Date(),
): Promise<repo.BookingRow> {
  const citizen = asCitizen(principal);
  const hall = await repo.findHall(ctx.db, input.hallId);
  if (!hall) throw new AppError(CommonErrors.NOT_FOUND);
  const windows = servingWindows(await repo.windowsOf(ctx.db, hall.id), input.itemCode);
  if (windows.length === 0) throw new AppError(HallErrors.HALL_ITEM_NOT_SERVED, { itemCode: input.itemCode });
  const candidates = windows.filter((w) => slotsOf(w.openHours, hall.slotMinutes).some((s) => s.start === input.slotStart));
  if (candidates.length === 0) throw new AppError(HallErrors.HALL_SLOT_UNKNOWN);
  const slots = slotsOf(candidates[0].openHours, hall.slotMinutes);
  const refusal = bookingRefusal({ day: input.day, start: input.slotStart, now, bookingDays: hall.bookingDays, slots }, await hallWorkingDays(ctx.db));
  if (refusal) throw new AppError(REFUSALS[refusal]);
  const item = candidates[0].items.find((i) => i.code === input.itemCode)!;
  const contact = await repo.citizenContact(ctx.db, citizen.citizenId);
  try {
    return await ctx.db.transaction(async (tx) => {
      let window: repo.WindowRow | undefined;
      for (const w of candidates) {
        if (await repo.reserveSlot(tx, w.id, input.day, input.slotStart, w.slotCapacity)) {
          window = w;
          break;
        }
      }
      if (!window) throw new AppError(HallErrors.HALL_SLOT_FULL);
      const end = slotsOf(window.openHours, hall.slotMinutes).find((s) => s.start === input.slotStart)!.end;
      const booking = await repo.insertBooking(tx, {
        hallId: hall.id, windowId: window.id, regionCode: hall.regionCode, itemCode: item.code, itemName: item.name, day: input.day, slotStart: input.slotStart, slotEnd: end,
        citizenId: citizen.citizenId, nameCipher: contact?.nameCipher ?? null, phoneCipher: contact?.phoneCipher ?? null, code: randomCode(8), status: 'active', createdAt: now,
      });
      await appendAudit(tx, { ...auditBase(citizen, meta), action: 'hall.booking.create', subjectType: 'hall_booking', subjectId: booking.id, regionCode: hall.regionCode, detail: { hallId: hall.id, itemCode: item.code, day: input.day, slot: input.slotStart } });
      return booking;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError(HallErrors.HALL_BOOKING_EXISTS, { itemCode: input.itemCode });
    throw err;
  }
}

/** Cancels one's own active booking; its place goes back to the slot. */
export async function cancelBooking(ctx: AppContext, principal: Principal, bookingId: string, meta: RequestMeta, now: Date = new Date()): Promise<repo.BookingRow> {
  const citizen = asCitizen(principal);
  return ctx.db.transaction(async (tx) => {
    const booking = await repo.findBookingForUpdate(tx, bookingId);
    if (!booking || booking.citizenId !== citizen.citizenId) throw new AppError(CommonErrors.NOT_FOUND);
    if (booking.status !== 'active') throw new AppError(HallErrors.HALL_BOOKING_NOT_ACTIVE);
    await repo.releaseSlot(tx, booking.windowId, booking.day, booking.slotStart);
    const row = await repo.updateBooking(tx, booking.id, { status: 'cancelled', cancelledAt: now });
    await appendAudit(tx, { ...auditBase(citizen, meta), action: 'hall.booking.cancel', subjectType: 'hall_booking', subjectId: booking.id, regionCode: booking.regionCode, detail: {} });
    return row;
  });
}

/** One's own bookings with their hall and window. */
export async function myBookings(ctx: AppContext, principal: Principal) {
  const citizen = asCitizen(principal);
  const bookings = await repo.bookingsOfCitizen(ctx.db, citizen.citizenId);
  const hallIds = [...new Set(bookings.map((b) => b.hallId))];
  const halls = (await Promise.all(hallIds.map((id) => repo.findHall(ctx.db, id)))).filter((h): h is repo.HallRow => !!h);
  const windows = await repo.windowsOfHalls(ctx.db, hallIds);
  return bookings.map((b) => ({ booking: b, hall: halls.find((h) => h.id === b.hallId)!, window: windows.find((w) => w.id === b.windowId)! }));
}

// ------------------------------------------------------------------------------------------------
// Kiosk (an API client bound to one hall)

/** The hall of the calling kiosk: its API client must be bound to a hall device. */
export async function kioskHall(ctx: AppContext, principal: Principal): Promise<{ hall: repo.HallRow; device: repo.DeviceRow }> {
  if (principal.kind !== 'api') throw new AppError(CommonErrors.FORBIDDEN);
  const device = await repo.deviceOfClient(ctx.db, principal.clientId);
  const hall = device ? await repo.findHall(ctx.db, device.hallId) : undefined;
  if (!device || !hall) throw new AppError(HallErrors.HALL_KIOSK_UNBOUND);
  return { hall, device };
}

/** What the kiosk shows before anyone touches it: the hall and the business types of its open windows. */
export async function kioskInfo(ctx: AppContext, principal: Principal) {
  const { hall, device } = await kioskHall(ctx, principal);
  const windows = (await repo.windowsOf(ctx.db, hall.id)).filter((w) => w.active);
  return { hall, device, items: itemsOf(windows) };
}

export interface IssueInput {
  healthToken: string;
  mode: 'appointment' | 'walk_in';
  bookingCode?: string | null;
  itemCode?: string | null;
  priority?: boolean;
  priorityReason?: string | null;
}

/**
 * Issues a queue number at a kiosk. First the visitor's health code (the QR they show) is verified
 * through the health-code module; anything but a valid green code is refused (and audited). Then an
 * appointment (booking code, or the code holder's booking for today at this hall) or a walk-in number
 * for a business type is issued; numbers come from a per-hall, per-day counter.
 */
export async function issueTicket(ctx: AppContext, principal: Principal, input: IssueInput, meta: RequestMeta, now: Date = new Date()) {
  const api = principal as Api;
  const { hall, device } = await kioskHall(ctx, principal);
  const verified = await verifyCodeToken(ctx, input.healthToken.trim(), now);
  if (!verified.ok || !verified.colour) {
    await recordAudit(ctx.db, { ...auditBase(api, meta), action: 'hall.kiosk.refuse', subjectType: 'health_code', outcome: 'denied', regionCode: hall.regionCode, detail: { hallId: hall.id, reason: verified.reason ?? 'invalid' } });
    throw new AppError(HallErrors.HALL_HEALTH_CODE_INVALID, { reason: verified.reason ?? null });
  }
  if (verified.colour !== 'green') {
    await recordAudit(ctx.db, {
      ...auditBase(api, meta), action: 'hall.kiosk.refuse', subjectType: verified.citizenId ? 'citizen' : 'health_code', subjectId: verified.citizenId ?? verified.code,
      outcome: 'denied', regionCode: hall.regionCode, detail: { hallId: hall.id, colour: verified.colour },
    });
    throw new AppError(HallErrors.HALL_HEALTH_CODE_REFUSED, { colour: verified.colour });
  }
  const day = todayInChina(now);
  const windows = (await repo.windowsOf(ctx.db, hall.id)).filter((w) => w.active);
  const ticket = await ctx.db.transaction(async (tx) => {
    let booking: repo.BookingRow | undefined;
    let item: WindowItem;
    if (input.mode === 'appointment') {
      const code = input.bookingCode?.trim().toUpperCase();
      booking = code
        ? await repo.bookingByCodeForUpdate(tx, code)
        : verified.citizenId ? await repo.activeBookingOn(tx, verified.citizenId, hall.id, day) : undefined;
      // A booking is used by the person it belongs to, at its hall, on its day.
      const mismatch = !booking || booking.hallId !== hall.id || booking.day !== day || (verified.citizenId && booking.citizenId !== verified.citizenId);
      if (mismatch) throw new AppError(HallErrors.HALL_BOOKING_NOT_FOUND);
      if (booking!.status !== 'active') throw new AppError(HallErrors.HALL_BOOKING_NOT_ACTIVE);
      await repo.updateBooking(tx, booking!.id, { status: 'arrived', arrivedAt: now });
      item = { code: booking!.itemCode, name: booking!.itemName };
    } else {
      const found = itemsOf(windows).find((i) => i.code === input.itemCode);
      if (!found) throw new AppError(HallErrors.HALL_ITEM_NOT_SERVED, { itemCode: input.itemCode ?? null });
      item = found;
    }
    const prefix = booking ? 'A' : 'B';
    const n = await repo.nextNumber(tx, hall.id, day, prefix);
    const nameCipher = booking?.nameCipher ?? (verified.citizenId ? (await repo.citizenContact(tx, verified.citizenId))?.nameCipher ?? null : null);
    const row = await repo.insertTicket(tx, {
      hallId: hall.id, regionCode: hall.regionCode, day, number: formatNumber(prefix, n), kind: booking ? 'appointment' : 'walk_in', itemCode: item.code, itemName: item.name,
      bookingId: booking?.id ?? null, slotStart: booking?.slotStart ?? null, priority: input.priority ?? false, priorityReason: input.priority ? (input.priorityReason?.trim() || null) : null,
      citizenId: verified.citizenId ?? null, nameCipher, healthColour: verified.colour!, deviceId: device.id, status: 'waiting', targetWindowId: booking?.windowId ?? null, issuedAt: now,
    });
    await appendAudit(tx, {
      ...auditBase(api, meta), action: 'hall.ticket.issue', subjectType: 'hall_ticket', subjectId: row.id, regionCode: hall.regionCode,
      detail: { hallId: hall.id, number: row.number, kind: row.kind, itemCode: item.code, priority: row.priority, colour: verified.colour },
    });
    return row;
  });
  const waiting = await repo.waitingTickets(ctx.db, hall.id, day);
  const ahead = windows
    .filter((w) => (ticket.targetWindowId ? w.id === ticket.targetWindowId : w.items.some((i) => i.code === ticket.itemCode)))
    .map((w) => callingOrder(waiting.map(entryOf), { id: w.id, itemCodes: w.items.map((i) => i.code) }, now).findIndex((e) => e.id === ticket.id))
    .filter((i) => i >= 0);
  return {
    ticket, hall, maskedName: verified.maskedName ?? '', colour: verified.colour,
    ahead: ahead.length ? Math.min(...ahead) : 0,
    windows: windows.filter((w) => (ticket.targetWindowId ? w.id === ticket.targetWindowId : w.items.some((i) => i.code === ticket.itemCode))).map((w) => w.number),
  };
}

const entryOf = (t: repo.TicketRow): QueueEntry & repo.TicketRow => ({ ...t, kind: t.kind as QueueEntry['kind'] });

// ------------------------------------------------------------------------------------------------
// Windows (window staff)

async function windowForStaff(ctx: AppContext, principal: Principal, windowId: string): Promise<{ staff: Staff; window: repo.WindowRow; hall: repo.HallRow }> {
  const staff = asStaff(principal);
  const window = await repo.findWindow(ctx.db, windowId);
  if (!window) throw new AppError(CommonErrors.NOT_FOUND);
  const hall = await hallInScope(ctx, staff, window.hallId);
  // A window with assigned staff is worked by them only; one without is open to the hall's officers.
  if (window.staffIds.length > 0 && !window.staffIds.includes(staff.staffId)) throw new AppError(CommonErrors.FORBIDDEN, { windowId });
  return { staff, window, hall };
}

/** What a window's desk shows: the number being served (visitor masked; the read is audited) and how many wait for it. */
export async function desk(ctx: AppContext, principal: Principal, windowId: string, meta: RequestMeta, now: Date = new Date()) {
  const { staff, window, hall } = await windowForStaff(ctx, principal, windowId);
  const current = await repo.calledAtWindow(ctx.db, window.id);
  const waiting = callingOrder((await repo.waitingTickets(ctx.db, hall.id, todayInChina(now))).map(entryOf), { id: window.id, itemCodes: window.items.map((i) => i.code) }, now);
  if (current) {
    await recordAudit(ctx.db, { ...auditBase(staff, meta), action: 'hall.ticket.read', subjectType: 'hall_ticket', subjectId: current.id, regionCode: hall.regionCode, detail: { windowId: window.id } });
  }
  const others = (await repo.windowsOf(ctx.db, hall.id)).filter((w) => w.id !== window.id && w.active);
  return { hall, window, current: current ?? null, waiting, others };
}

/** Calls the next number for a window: transferred-here first, then appointments at their time, 优先, then in order of issue. */
export async function callNext(ctx: AppContext, principal: Principal, windowId: string, meta: RequestMeta, now: Date = new Date()) {
  const { staff, window, hall } = await windowForStaff(ctx, principal, windowId);
  const called = await ctx.db.transaction(async (tx) => {
    await repo.updateWindow(tx, window.id, {}); // takes the window's row lock: one call at a time per window
    if (await repo.calledAtWindow(tx, window.id)) throw new AppError(HallErrors.HALL_WINDOW_BUSY);
    const order = callingOrder((await repo.waitingTickets(tx, hall.id, todayInChina(now))).map(entryOf), { id: window.id, itemCodes: window.items.map((i) => i.code) }, now);
    for (const candidate of order) {
      // Another window may have taken it meanwhile: the claim only succeeds on a still-waiting number.
      const row = await repo.claimTicket(tx, candidate.id, window.id, staff.staffId, now);
      if (row) {
        await appendAudit(tx, { ...auditBase(staff, meta), action: 'hall.ticket.call', subjectType: 'hall_ticket', subjectId: row.id, regionCode: hall.regionCode, detail: { windowId: window.id, number: row.number } });
        return row;
      }
    }
    throw new AppError(HallErrors.HALL_QUEUE_EMPTY);
  });
  return { hall, window, ticket: called };
}

/** Marks the number being served at a window as served or as a no-show (过号). */
export async function finish(
  ctx: AppContext, principal: Principal, windowId: string, ticketId: string, outcome: 'served' | 'no_show', meta: RequestMeta, now: Date = new Date(),
): Promise<repo.TicketRow> {
  const { staff, window, hall } = await windowForStaff(ctx, principal, windowId);
  return ctx.db.transaction(async (tx) => {
    const t = await repo.findTicketForUpdate(tx, ticketId);
    if (!t || t.hallId !== hall.id) throw new AppError(CommonErrors.NOT_FOUND);
    if (t.status !== 'called' || t.windowId !== window.id) throw new AppError(HallErrors.HALL_TICKET_NOT_CALLED);
    const row = await repo.updateTicket(tx, t.id, { status: outcome, finishedAt: now });
    await appendAudit(tx, {
      ...auditBase(staff, meta), action: outcome === 'served' ? 'hall.ticket.serve' : 'hall.ticket.no-show', subjectType: 'hall_ticket', subjectId: t.id, regionCode: hall.regionCode, detail: { windowId: window.id, number: t.number },
    });
    return row;
  });
}

/** Sends the number being served to another window of the hall: it waits there at the head of the queue. */
export async function transfer(
  ctx: AppContext, principal: Principal, windowId: string, ticketId: string, toWindowId: string, meta: RequestMeta, now: Date = new Date(),
): Promise<repo.TicketRow> {
  const { staff, window, hall } = await windowForStaff(ctx, principal, windowId);
  if (toWindowId === window.id) throw new AppError(HallErrors.HALL_SAME_WINDOW);
  const target = await repo.findWindow(ctx.db, toWindowId);
  if (!target || target.hallId !== hall.id || !target.active) throw new AppError(CommonErrors.NOT_FOUND);
  return ctx.db.transaction(async (tx) => {
    const t = await repo.findTicketForUpdate(tx, ticketId);
    if (!t || t.hallId !== hall.id) throw new AppError(CommonErrors.NOT_FOUND);
    if (t.status !== 'called' || t.windowId !== window.id) throw new AppError(HallErrors.HALL_TICKET_NOT_CALLED);
    const row = await repo.updateTicket(tx, t.id, { status: 'waiting', windowId: null, targetWindowId: target.id, transferredAt: now, calledAt: null });
    await appendAudit(tx, { ...auditBase(staff, meta), action: 'hall.ticket.transfer', subjectType: 'hall_ticket', subjectId: t.id, regionCode: hall.regionCode, detail: { from: window.id, to: target.id, number: t.number } });
    return row;
  });
}

// ------------------------------------------------------------------------------------------------
// Calling screen (public) and daily counts

/** The calling screen (大屏叫号): the latest calls and how many wait per business. Numbers only, no personal data. */
export async function screen(ctx: AppContext, hallId: string, now: Date = new Date()) {
  const hall = await repo.findHall(ctx.db, hallId);
  if (!hall) throw new AppError(CommonErrors.NOT_FOUND);
  const day = todayInChina(now);
  const windows = await repo.windowsOf(ctx.db, hall.id);
  const calls = await repo.latestCalls(ctx.db, hall.id, day, 10);
  const waiting = await repo.waitingTickets(ctx.db, hall.id, day);
  const byItem = new Map<string, { itemCode: string; itemName: string; waiting: number }>();
  for (const t of waiting) {
    const e = byItem.get(t.itemCode) ?? { itemCode: t.itemCode, itemName: t.itemName, waiting: 0 };
    e.waiting += 1;
    byItem.set(t.itemCode, e);
  }
  return { hall, day, windows, calls, waiting: [...byItem.values()].sort((a, b) => a.itemCode.localeCompare(b.itemCode)) };
}

type DayCounts = Awaited<ReturnType<typeof repo.dailyCounts>>[number];
const emptyDay = (day: string): DayCounts => ({ day, issued: 0, served: 0, noShows: 0, appointments: 0, walkIns: 0, priority: 0, avgWaitSeconds: null });

/** Each day with tickets or online submissions, on-site counts plus online ones and the on-site share. */
function withOnline(days: DayCounts[], online: Map<string, number>) {
  const byDay = new Map(days.map((d) => [d.day, d]));
  for (const day of online.keys()) if (!byDay.has(day)) byDay.set(day, emptyDay(day));
  const rows = [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day)).map((d) => {
    const n = online.get(d.day) ?? 0;
    return { ...d, online: n, onsiteShare: onsiteShare(d.served, n) };
  });
  const served = rows.reduce((a, r) => a + r.served, 0);
  const onlineTotal = rows.reduce((a, r) => a + r.online, 0);
  return { days: rows, totals: { served, online: onlineTotal, onsiteShare: onsiteShare(served, onlineTotal) } };
}

/**
 * Daily counts of a hall in the officer's region (from/to inclusive, at most 93 days), with online
 * handling: applications submitted online that day (govservice) for the items the hall's windows handle,
 * of the hall's area (the application's region contains the hall's or lies within it).
 */
export async function stats(ctx: AppContext, principal: Principal, hallId: string, from: string, to: string) {
  const hall = await hallInScope(ctx, principal, hallId);
  const codes = new Set((await repo.windowsOf(ctx.db, hall.id)).flatMap((w) => w.items.map((i) => i.code)));
  const online = new Map<string, number>();
  for (const r of await onlineSubmissions(ctx.db, from, to)) {
    if (!codes.has(r.itemCode) || !(regionContains(r.regionCode, hall.regionCode) || regionContains(hall.regionCode, r.regionCode))) continue;
    online.set(r.day, (online.get(r.day) ?? 0) + r.n);
  }
  return { hall, ...withOnline(await repo.dailyCounts(ctx.db, hall.id, from, to), online) };
}

/**
 * On-site versus online handling in the officer's region: per day, matters served at the windows of
 * every hall of the region and applications submitted online there (any item), with the on-site share.
 */
export async function handling(ctx: AppContext, principal: Principal, from: string, to: string) {
  const staff = asStaff(principal);
  const halls = await repo.hallsIn(ctx.db, staff.regionCode);
  const perDay = new Map<string, DayCounts>();
  for (const hall of halls) {
    for (const d of await repo.dailyCounts(ctx.db, hall.id, from, to)) {
      const e = perDay.get(d.day) ?? emptyDay(d.day);
      perDay.set(d.day, { ...e, issued: e.issued + d.issued, served: e.served + d.served, noShows: e.noShows + d.noShows, appointments: e.appointments + d.appointments, walkIns: e.walkIns + d.walkIns, priority: e.priority + d.priority, avgWaitSeconds: null });
    }
  }
  const online = new Map<string, number>();
  for (const r of await onlineSubmissions(ctx.db, from, to)) {
    if (regionContains(staff.regionCode, r.regionCode)) online.set(r.day, (online.get(r.day) ?? 0) + r.n);
  }
  const { days, totals } = withOnline([...perDay.values()], online);
  return { halls: halls.length, days: days.map((d) => ({ day: d.day, served: d.served, online: d.online, onsiteShare: d.onsiteShare })), totals };
}
