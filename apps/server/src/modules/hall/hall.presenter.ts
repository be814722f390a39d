import type { FieldCipher } from '../../platform/crypto/field-cipher.ts';
import { maskName } from '../../platform/crypto/masking.ts';
import type { BookingRow, DeviceRow, HallRow, TicketRow, WindowRow } from './hall.repository.ts';
import type { QueueEntry } from './hall.rules.ts';

/** A hall without its windows. */
export function presentHall(h: HallRow) {
  return { id: h.id, name: h.name, regionCode: h.regionCode, address: h.address, slotMinutes: h.slotMinutes, bookingDays: h.bookingDays };
}

/** A window as the console edits it. */
export function presentWindow(w: WindowRow) {
  return { id: w.id, hallId: w.hallId, number: w.number, name: w.name, items: w.items, openHours: w.openHours, slotCapacity: w.slotCapacity, staffIds: w.staffIds, active: w.active };
}

/** A kiosk device: never its key (shown once on creation), only the key's prefix. */
export function presentDevice(d: DeviceRow & { keyPrefix?: string; revokedAt?: Date | null; lastUsedAt?: Date | null }) {
  return { id: d.id, hallId: d.hallId, name: d.name, kind: d.kind, keyPrefix: d.keyPrefix ?? null, lastUsedAt: d.lastUsedAt?.toISOString() ?? null, createdAt: d.createdAt.toISOString() };
}

/** One's own booking (the booking code is the citizen's own to show at the kiosk). */
export function presentBooking(b: BookingRow, hall: HallRow, window: WindowRow) {
  return {
    id: b.id, code: b.code, status: b.status as 'active' | 'cancelled' | 'arrived', hallId: hall.id, hallName: hall.name, address: hall.address,
    windowNumber: window.number, windowName: window.name, itemCode: b.itemCode, itemName: b.itemName, day: b.day, slotStart: b.slotStart, slotEnd: b.slotEnd,
    createdAt: b.createdAt.toISOString(),
  };
}

/** A queue number for window staff: the visitor's name masked (张*), never the ID number or phone. */
export function presentTicketForStaff(t: TicketRow, cipher: FieldCipher) {
  return {
    id: t.id, number: t.number, kind: t.kind as QueueEntry['kind'], itemCode: t.itemCode, itemName: t.itemName, slotStart: t.slotStart, priority: t.priority,
    priorityReason: t.priorityReason, status: t.status as 'waiting' | 'called' | 'served' | 'no_show', visitor: t.nameCipher ? maskName(cipher.decrypt(t.nameCipher)) : null,
    transferred: t.transferredAt !== null, issuedAt: t.issuedAt.toISOString(), calledAt: t.calledAt?.toISOString() ?? null,
  };
}

/** A waiting number in a desk's queue: no personal data at all. */
export function presentWaiting(t: TicketRow) {
  return { id: t.id, number: t.number, kind: t.kind as QueueEntry['kind'], itemName: t.itemName, slotStart: t.slotStart, priority: t.priority, transferred: t.transferredAt !== null, issuedAt: t.issuedAt.toISOString() };
}
