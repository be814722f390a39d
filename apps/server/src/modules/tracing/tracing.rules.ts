/**
 * The pure rules of tracing: the case lifecycle, trip numbers and seats, same-trip contact levels and
 * the overlap of a scan's implied stay with a window. No I/O; tested in tracing.rules.test.ts.
 */

import { CASE_STATUSES, TRIP_MODES, type CaseStatus, type TripMode } from '@fangxian/contracts/tracing';

// The vocabularies are part of the API contract. A case's status: suspected (疑似), asymptomatic
// (无症状感染者), confirmed (确诊), excluded (排除), recovered (治愈).
export { CASE_STATUSES, TRIP_MODES, type CaseStatus, type TripMode };

const TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  // A suspected case is confirmed, found asymptomatic, or excluded by tests.
  suspected: ['confirmed', 'asymptomatic', 'excluded'],
  // An asymptomatic infection develops symptoms (订正为确诊) or clears.
  asymptomatic: ['confirmed', 'recovered'],
  confirmed: ['recovered'],
  excluded: [],
  recovered: [],
};

/** Whether a case may move from one status to another. */
export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The statuses a case in `from` may move to. */
export function nextStatuses(from: CaseStatus): readonly CaseStatus[] {
  return TRANSITIONS[from];
}

/** The public label of a published case: its status word and its number in the region ("确诊病例3"). */
export function publicLabel(status: CaseStatus, publicNumber: number, lang: 'zh' | 'en' = 'zh'): string {
  const zh: Record<CaseStatus, string> = { suspected: '疑似病例', asymptomatic: '无症状感染者', confirmed: '确诊病例', excluded: '病例', recovered: '确诊病例' };
  const en: Record<CaseStatus, string> = { suspected: 'Suspected case ', asymptomatic: 'Asymptomatic case ', confirmed: 'Confirmed case ', excluded: 'Case ', recovered: 'Confirmed case ' };
  return lang === 'zh' ? `${zh[status]}${publicNumber}` : `${en[status]}${publicNumber}`;
}

const TRIP_PATTERNS: Record<TripMode, RegExp> = {
  // China Railway: an optional letter class (G 高铁, D 动车, C 城际, Z, T, K, Y, L, S) and 1–4 digits.
  train: /^[GDCZTKYLS]?\d{1,4}$/,
  // IATA flight: two-character airline designator (at least one letter) and 1–4 digits, optional suffix.
  flight: /^(?=[A-Z0-9]{2}\d)(?![0-9]{2})[A-Z0-9]{2}\d{1,4}[A-Z]?$/,
  // Coach and ferry services and bus lines have local numbering: letters, digits, hyphens.
  coach: /^[A-Z0-9\u4e00-\u9fa5][A-Z0-9\u4e00-\u9fa5-]{0,19}$/,
  bus: /^[A-Z0-9\u4e00-\u9fa5][A-Z0-9\u4e00-\u9fa5-]{0,19}$/,
  ferry: /^[A-Z0-9\u4e00-\u9fa5][A-Z0-9\u4e00-\u9fa5-]{0,19}$/,
};

/** A trip number in its canonical form (trimmed, upper case, no spaces), or null when malformed. */
export function normaliseTripNumber(mode: TripMode, raw: string): string | null {
  const value = raw.replace(/\s+/g, '').toUpperCase();
  return TRIP_PATTERNS[mode].test(value) ? value : null;
}

/** A flight seat ("12A") as its row, or null when it is not a seat: rows 1–99, letters A–K without I. */
export function flightRow(seat: string): number | null {
  const m = /^(\d{1,2})([A-HJK])$/.exec(seat.trim().toUpperCase());
  if (!m) return null;
  const row = Number(m[1]);
  return row >= 1 ? row : null;
}

/** A train seat ("12F", "012号", "无座") — letters A–F after a row of 1–3 digits, or a numbered berth. */
export function isTrainSeat(seat: string): boolean {
  const s = seat.trim().toUpperCase();
  return /^\d{1,3}[A-F]$/.test(s) || /^\d{1,3}号?$/.test(s) || s === '无座';
}

/** A train carriage number (1–30), or null. */
export function carriageNumber(raw: string): number | null {
  const m = /^0*(\d{1,2})(车|车厢)?$/.exec(raw.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 && n <= 30 ? n : null;
}

/** What a citizen gave about their place on a trip. */
export interface TripPlace {
  carriage?: string | null;
  seat?: string | null;
}

/** Close (密切接触), general (一般接触), or possible: close depends on a seat or carriage not given. */
export type TripContactLevel = 'close' | 'general' | 'possible';

/**
 * The contact level of a traveller on the same trip as a case (DOMAIN.md "Venue scans and tracing"):
 * plane — the same row and three rows ahead and behind; closed train — the same carriage; ferry — the
 * same cabin; coach — everyone in the vehicle *(inferred: a closed vehicle)*; city bus — general.
 * When the traveller or the case lacks the carriage / seat the rule needs, the answer is "possible".
 */
export function tripContactLevel(mode: TripMode, theCase: TripPlace, traveller: TripPlace): TripContactLevel {
  switch (mode) {
    case 'flight': {
      const a = theCase.seat ? flightRow(theCase.seat) : null;
      const b = traveller.seat ? flightRow(traveller.seat) : null;
      if (a === null || b === null) return 'possible';
      return Math.abs(a - b) <= 3 ? 'close' : 'general';
    }
    case 'train': {
      const a = theCase.carriage ? carriageNumber(theCase.carriage) : null;
      const b = traveller.carriage ? carriageNumber(traveller.carriage) : null;
      if (a === null || b === null) return 'possible';
      return a === b ? 'close' : 'general';
    }
    case 'ferry': {
      const a = theCase.carriage?.trim().toUpperCase();
      const b = traveller.carriage?.trim().toUpperCase();
      if (!a || !b) return 'possible';
      return a === b ? 'close' : 'general';
    }
    case 'coach':
      return 'close';
    case 'bus':
      return 'general';
  }
}

const MINUTE = 60_000;

/**
 * Minutes a scan's implied stay [scannedAt, scannedAt + stayMinutes) shares with a window [from, to):
 * 0 when they do not overlap. The SQL of scansOverlapping (venues) selects exactly the scans for which
 * this is positive: scannedAt > from − stay and scannedAt < to.
 */
export function overlapMinutes(window: { from: Date; to: Date }, scannedAt: Date, stayMinutes: number): number {
  const start = Math.max(window.from.getTime(), scannedAt.getTime());
  const end = Math.min(window.to.getTime(), scannedAt.getTime() + stayMinutes * MINUTE);
  return end > start ? Math.round(((end - start) / MINUTE) * 10) / 10 : 0;
}

/** One exposure of a candidate contact: a scan overlapping one of the case's stays. */
export interface Exposure {
  citizenId: string;
  venueId: string;
  scannedAt: Date;
  overlapMinutes: number;
}

/** A candidate contact: one person, every exposure, the total overlap, the last exposure. */
export interface Candidate<E extends Exposure> {
  citizenId: string;
  exposures: E[];
  totalOverlapMinutes: number;
  lastExposureAt: Date;
}

/**
 * Groups exposures by person and ranks them, longest total overlap first (then the latest exposure,
 * then the id, so the order is stable). Exposures with no overlap are dropped; a person scanned twice
 * at the same stay counts each scan's own overlap once, capped by the window (no double counting of
 * the same minutes is attempted beyond that: the list explains each scan).
 */
export function rankCandidates<E extends Exposure>(exposures: readonly E[]): Candidate<E>[] {
  const byPerson = new Map<string, Candidate<E>>();
  for (const e of exposures) {
    if (e.overlapMinutes <= 0) continue;
    let c = byPerson.get(e.citizenId);
    if (!c) {
      c = { citizenId: e.citizenId, exposures: [], totalOverlapMinutes: 0, lastExposureAt: e.scannedAt };
      byPerson.set(e.citizenId, c);
    }
    c.exposures.push(e);
    c.totalOverlapMinutes = Math.round((c.totalOverlapMinutes + e.overlapMinutes) * 10) / 10;
    if (e.scannedAt > c.lastExposureAt) c.lastExposureAt = e.scannedAt;
  }
  return [...byPerson.values()].sort(
    (a, b) => b.totalOverlapMinutes - a.totalOverlapMinutes || b.lastExposureAt.getTime() - a.lastExposureAt.getTime() || (a.citizenId < b.citizenId ? -1 : 1),
  );
}

// ---------------------------------------------------------------------------------------------
// Contact follow-up (医学观察随访)

/** Days of follow-up after the last exposure, per contact level (a general contact is not followed up). */
export const FOLLOW_UP_DAYS: Record<'close' | 'secondary' | 'general', number> = { close: 14, secondary: 7, general: 0 };

/** From this temperature (°C, axillary) a follow-up counts as feverish. */
export const FEVER_CELSIUS = 37.3;

/** Adds whole days to a YYYY-MM-DD day (calendar arithmetic, no time zone involved). */
function plusDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The follow-up period of a confirmed contact: the days after the last exposure (China day) up to
 * FOLLOW_UP_DAYS[level] of them, inclusive. Null for a general contact or without an exposure day.
 */
export function followUpPeriod(level: 'close' | 'secondary' | 'general', lastExposureDay: string | null): { from: string; until: string } | null {
  const days = FOLLOW_UP_DAYS[level];
  if (!lastExposureDay || days <= 0) return null;
  return { from: plusDays(lastExposureDay, 1), until: plusDays(lastExposureDay, days) };
}

/**
 * The days of a follow-up period that were missed: days from the later of the period's start and the
 * day the contact was confirmed, up to the earlier of the period's end and yesterday (today is still
 * open), with no entry. Sorted ascending.
 */
export function missedDays(period: { from: string; until: string }, decidedDay: string, today: string, entryDays: Iterable<string>): string[] {
  const done = new Set(entryDays);
  const start = period.from > decidedDay ? period.from : decidedDay;
  const yesterday = plusDays(today, -1);
  const end = period.until < yesterday ? period.until : yesterday;
  const missed: string[] = [];
  for (let d = start; d <= end; d = plusDays(d, 1)) if (!done.has(d)) missed.push(d);
  return missed;
}

/** Whether a follow-up entry shows the contact unwell (any symptom, or a fever): the cue to escalate. */
export function isSymptomatic(entry: { symptoms: readonly string[]; temperature: number | null }): boolean {
  return entry.symptoms.length > 0 || (entry.temperature !== null && entry.temperature >= FEVER_CELSIUS);
}

/** The county (command post) of a division code: a town's or village's county; shorter codes stay. */
export function countyOf(code: string): string {
  return code.length > 6 ? code.slice(0, 6) : code;
}
