/**
 * Service hall (政务服务大厅): the shapes the citizen app, the kiosk, the calling screen and the
 * console read. The server's rules are in apps/server/src/modules/hall.
 */

/** A service item a window handles: the catalogue's item code (事项编码) and name. */
export interface HallItem {
  code: string;
  name: string;
}

export interface Hall {
  id: string;
  name: string;
  regionCode: string;
  address: string;
  slotMinutes: number;
  bookingDays: number;
}

export interface HallWindow {
  id: string;
  hallId: string;
  number: number;
  name: string;
  items: HallItem[];
  openHours: string[];
  slotCapacity: number;
  staffIds: string[];
  active: boolean;
}

export interface HallDevice {
  id: string;
  hallId: string;
  name: string;
  kind: string;
  keyPrefix: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

export interface HallDetail extends Hall {
  windows: HallWindow[];
  devices: HallDevice[];
  staff: { id: string; username: string; displayName: string }[];
}

export interface BookableHall extends Hall {
  items: HallItem[];
}

export interface HallSlot {
  start: string;
  end: string;
  capacity: number;
  booked: number;
  bookable: boolean;
}

export interface HallSlots {
  hall: Hall;
  item: HallItem;
  day: string;
  days: string[];
  slots: HallSlot[];
}

export type HallBookingStatus = 'active' | 'cancelled' | 'arrived';

export interface HallBooking {
  id: string;
  code: string;
  status: HallBookingStatus;
  hallId: string;
  hallName: string;
  address: string;
  windowNumber: number;
  windowName: string;
  itemCode: string;
  itemName: string;
  day: string;
  slotStart: string;
  slotEnd: string;
  createdAt: string;
}

export type HallTicketKind = 'appointment' | 'walk_in';
export type HallTicketStatus = 'waiting' | 'called' | 'served' | 'no_show';

/** A queue number as the kiosk prints it. */
export interface IssuedTicket {
  number: string;
  kind: HallTicketKind;
  itemName: string;
  slotStart: string | null;
  priority: boolean;
  hallName: string;
  issuedAt: string;
  colour: string;
  visitor: string;
  ahead: number;
  windows: number[];
}

/** A queue number at a window desk (visitor masked). */
export interface DeskTicket {
  id: string;
  number: string;
  kind: HallTicketKind;
  itemCode: string;
  itemName: string;
  slotStart: string | null;
  priority: boolean;
  priorityReason: string | null;
  status: HallTicketStatus;
  visitor: string | null;
  transferred: boolean;
  issuedAt: string;
  calledAt: string | null;
}

export interface DeskView {
  hall: Hall;
  window: HallWindow;
  current: DeskTicket | null;
  waiting: { id: string; number: string; kind: HallTicketKind; itemName: string; slotStart: string | null; priority: boolean; transferred: boolean; issuedAt: string }[];
  others: { id: string; number: number; name: string }[];
}

export interface HallScreen {
  hallName: string;
  day: string;
  now: string;
  calls: { id: string; number: string; windowNumber: number | null; windowName: string | null; itemName: string; status: string; calledAt: string }[];
  waiting: { itemCode: string; itemName: string; waiting: number }[];
}

export interface HallDayCounts {
  day: string;
  issued: number;
  served: number;
  noShows: number;
  appointments: number;
  walkIns: number;
  priority: number;
  avgWaitMinutes: number | null;
  /** Applications submitted online that day for the hall's items (govservice). */
  online: number;
  /** served / (served + online), in %; null when nothing was handled. */
  onsiteShare: number | null;
}

/** On-site (served at a window) versus online handling over a range. */
export interface HandlingTotals {
  served: number;
  online: number;
  onsiteShare: number | null;
}

/** The region's on-site versus online handling per day (GET /api/hall/handling). */
export interface RegionHandling {
  halls: number;
  days: { day: string; served: number; online: number; onsiteShare: number | null }[];
  totals: HandlingTotals;
}
