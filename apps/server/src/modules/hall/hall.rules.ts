/**
 * Pure rules of the service hall: open hours and appointment slots, working days, whether a slot can
 * still be booked, and the calling order of the queue. No I/O; unit- and property-tested.
 */
import { addDays, startOfDay, todayInChina } from '@fangxian/contracts/kernel';

/** One appointment slot of a day, in China time. */
export interface Slot {
  start: string; // HH:MM
  end: string;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmmOf = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Parses one open-hours range "09:00-12:00"; null when malformed or empty. */
export function parseRange(range: string): { from: number; to: number } | null {
  const [a, b, ...rest] = range.split('-').map((s) => s.trim());
  if (rest.length > 0 || !a || !b || !HHMM.test(a) || !HHMM.test(b)) return null;
  const from = minutesOf(a);
  const to = minutesOf(b);
  return from < to ? { from, to } : null;
}

/** True when every range parses and no two overlap. */
export function validOpenHours(ranges: readonly string[]): boolean {
  const parsed = ranges.map(parseRange);
  if (parsed.some((r) => r === null)) return false;
  const sorted = (parsed as { from: number; to: number }[]).sort((x, y) => x.from - y.from);
  return sorted.every((r, i) => i === 0 || sorted[i - 1].to <= r.from);
}

/** The slots of a day: each open range cut into whole slots of `slotMinutes` (a remainder shorter than a slot is not offered). */
export function slotsOf(ranges: readonly string[], slotMinutes: number): Slot[] {
  const slots: Slot[] = [];
  const parsed = ranges.map(parseRange).filter((r): r is { from: number; to: number } => r !== null).sort((x, y) => x.from - y.from);
  for (const r of parsed) {
    for (let m = r.from; m + slotMinutes <= r.to; m += slotMinutes) slots.push({ start: hhmmOf(m), end: hhmmOf(m + slotMinutes) });
  }
  return slots;
}

/**
 * The working-day calendar the hall books against. The default closes weekends only; the holiday
 * calendar (platform/calendar, with public holidays and make-up working days) plugs in here.
 */
export interface WorkingDays {
  isWorkingDay(day: string): boolean;
}

/** Monday to Friday (China time); public holidays and make-up days are not known to it. */
export const WeekdaysOnly: WorkingDays = {
  isWorkingDay(day: string): boolean {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  },
};

/** The instant a slot of a day starts (China time). */
export function slotStartsAt(day: string, start: string): Date {
  return new Date(startOfDay(day).getTime() + minutesOf(start) * 60_000);
}

export type SlotRefusal = 'past' | 'closed-day' | 'too-far' | 'no-such-slot';

/** Whether a citizen may book this slot now: a working day, within the booking horizon, a real slot that has not started. */
export function bookingRefusal(
  input: { day: string; start: string; now: Date; bookingDays: number; slots: readonly Slot[] },
  calendar: WorkingDays = WeekdaysOnly,
): SlotRefusal | null {
  if (!input.slots.some((s) => s.start === input.start)) return 'no-such-slot';
  if (slotStartsAt(input.day, input.start).getTime() <= input.now.getTime()) return 'past';
  if (input.day > addDays(todayInChina(input.now), input.bookingDays)) return 'too-far';
  if (!calendar.isWorkingDay(input.day)) return 'closed-day';
  return null;
}

/** The bookable days from today: working days within the horizon (today included). */
export function bookableDays(now: Date, bookingDays: number, calendar: WorkingDays = WeekdaysOnly): string[] {
  const today = todayInChina(now);
  const days: string[] = [];
  for (let i = 0; i <= bookingDays; i++) {
    const day = addDays(today, i);
    if (calendar.isWorkingDay(day)) days.push(day);
  }
  return days;
}

/** What the calling order needs of a waiting number. */
export interface QueueEntry {
  id: string;
  kind: 'appointment' | 'walk_in';
  itemCode: string;
  slotStart: string | null;
  day: string;
  priority: boolean;
  targetWindowId: string | null;
  transferredAt: Date | null;
  issuedAt: Date;
}

/**
 * The tier of a waiting number at a window (lower is called first):
 * 0 transferred here (it already waited once), 1 an appointment whose slot has started,
 * 2 优先 (elderly, disabled …), 3 everyone else — walk-ins and appointments before their time.
 */
export function tierOf(entry: QueueEntry, now: Date): number {
  if (entry.transferredAt) return 0;
  if (entry.kind === 'appointment' && entry.slotStart && slotStartsAt(entry.day, entry.slotStart).getTime() <= now.getTime()) return 1;
  if (entry.priority) return 2;
  return 3;
}

/** The moment a number ranks by within its tier. */
function rankTime(entry: QueueEntry, tier: number): number {
  if (tier === 0) return entry.transferredAt!.getTime();
  if (tier === 1) return slotStartsAt(entry.day, entry.slotStart!).getTime();
  return entry.issuedAt.getTime();
}

/** May this window take this number: one meant for it, or one of an item it serves that no other window must take. */
export function servesEntry(window: { id: string; itemCodes: readonly string[] }, entry: QueueEntry): boolean {
  if (entry.targetWindowId) return entry.targetWindowId === window.id;
  return window.itemCodes.includes(entry.itemCode);
}

/** The order a window calls its waiting numbers in: by tier, then time, then issue time and id (a total order). */
export function callingOrder<E extends QueueEntry>(entries: readonly E[], window: { id: string; itemCodes: readonly string[] }, now: Date): E[] {
  return entries
    .filter((e) => servesEntry(window, e))
    .map((e) => ({ e, tier: tierOf(e, now) }))
    .sort((a, b) => a.tier - b.tier || rankTime(a.e, a.tier) - rankTime(b.e, b.tier) || a.e.issuedAt.getTime() - b.e.issuedAt.getTime() || (a.e.id < b.e.id ? -1 : a.e.id > b.e.id ? 1 : 0))
    .map(({ e }) => e);
}

/**
 * The on-site share of handling: matters finished at a window (served) over those plus applications
 * submitted online, rounded to 0.1 %; null when nothing was handled either way.
 */
export function onsiteShare(onsite: number, online: number): number | null {
  const total = onsite + online;
  return total === 0 ? null : Math.round((onsite / total) * 1000) / 10;
}

/** The queue number's text: prefix + three digits (A001 …, A1000 past 999). */
export function formatNumber(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(3, '0')}`;
}
