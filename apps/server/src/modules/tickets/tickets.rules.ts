/**
 * The ticket lifecycle as one pure state machine, and the SLA (due date / overdue) rules.
 * Every kind (督查举报, 投诉, 咨询, 建议, 求助) follows the same machine; only the SLA differs by kind.
 *
 *   submitted 待受理 ──accept──▶ accepted 已受理 ──assign──▶ assigned 已派单 ──start──▶ in_progress 办理中
 *     │  │                        ▲  │                        │    ▲                     │  │
 *     │  └─reject (reason)─▶ rejected 不予受理                  │    └──transfer (reason)──┘  │
 *     │                           └──────return (reason)─────┴─────────────────────────────┘
 *     └──merge (master)──▶ merged 已合并  ◀──merge── accepted   (the duplicate receives the master's answer)
 *   assigned | in_progress ──reply (text)──▶ replied 已答复 ──close / satisfied rating──▶ closed 已办结
 *   closed ──visit (回访 record; a satisfied or no rating)──▶ visited 已回访
 *   replied | closed | visited ──dissatisfied rating (不满意 / 非常不满意), by the reporter or at the 回访──▶ in_progress (reopen)
 *
 * Without a status change: 督办 `supervise` (dispatcher, on an overdue open ticket, note required);
 * `request_extension` (department, days + reason; one pending at a time) then `approve_extension`
 * (the deadline moves by the requested working days) or `deny_extension` (reason) by the dispatcher.
 * Any change of status withdraws a pending extension request.
 *
 * Terminal (documented): rejected 不予受理 and merged 已合并 (nothing leaves them); closed and visited
 * are settled but a later bad rating still reopens them.
 * (DOMAIN.md "Tickets": 受理 → 派单/转办 → 办理 (returned, re-dispatched) → 答复 → 督办 → 办结 → 回访 → 评价;
 * reopen on dissatisfaction.)
 */

import { TICKET_ACTIONS, TICKET_KINDS, TICKET_STATUSES, type TicketAction, type TicketKind, type TicketStatus } from '@fangxian/contracts/tickets';
import { endOfWorkingDaysAfter, type WorkingCalendar } from '../../platform/calendar/index.ts';

export { TICKET_ACTIONS, TICKET_KINDS, TICKET_STATUSES, type TicketAction, type TicketKind, type TicketStatus };

/** Who performs an action: the dispatcher (督查室 / 12345 centre), the department handling it, or the reporter. */
export type TicketActor = 'dispatcher' | 'department' | 'reporter';

/** Ratings of 好差评 (国办发〔2019〕51号): 1 非常满意 … 5 非常不满意; 4 and 5 are bad. */
export const RATINGS = [1, 2, 3, 4, 5] as const;
export type Rating = (typeof RATINGS)[number];
export const isBadRating = (r: number): boolean => r >= 4;

/** An extension request asks for 1 … MAX_EXTENSION_DAYS more working days. */
export const MAX_EXTENSION_DAYS = 30;

export interface TransitionInput {
  action: TicketAction;
  /** A note: the reason for reject / transfer / return / extension / denial, the answer for reply, the 督办 instruction, the 回访 record. */
  note?: string | null;
  /** The department for assign / transfer. */
  department?: string | null;
  /** The rating for rate (required) and visit (optional: what the reporter said on the phone). */
  rating?: number | null;
  /** Working days asked for by request_extension. */
  days?: number | null;
  /** The master ticket of a merge. */
  masterId?: string | null;
}

export interface TicketState {
  status: TicketStatus;
  department: string | null;
  /** Past the deadline while the government side still owes an answer (isOverdue). Needed by 督办. */
  overdue?: boolean;
  /** An extension request awaits the dispatcher. */
  extensionPending?: boolean;
}

export type TransitionRefusal =
  | { refusal: 'illegal'; from: TicketStatus; action: TicketAction }
  | { refusal: 'actor'; action: TicketAction; actor: TicketActor }
  | { refusal: 'note-required'; action: TicketAction }
  | { refusal: 'department-required'; action: TicketAction }
  | { refusal: 'same-department'; action: TicketAction }
  | { refusal: 'rating-required'; action: TicketAction }
  | { refusal: 'not-overdue'; action: TicketAction }
  | { refusal: 'days-required'; action: TicketAction }
  | { refusal: 'extension-pending'; action: TicketAction }
  | { refusal: 'no-extension'; action: TicketAction }
  | { refusal: 'master-required'; action: TicketAction };

export interface TransitionResult {
  status: TicketStatus;
  department: string | null;
  /** True when a bad rating sent the ticket back to the department. */
  reopened: boolean;
  /** An extension request is pending after this step. */
  extensionPending?: boolean;
  /** Working days the deadline moves by (approve_extension: the requested days, given by the service). */
  extendBy?: number;
  /** The master of a merged duplicate. */
  masterId?: string;
}

interface Rule {
  from: readonly TicketStatus[];
  actors: readonly TicketActor[];
  note?: 'required';
  department?: 'required' | 'different';
}

const OPEN_AT_DEPARTMENT: readonly TicketStatus[] = ['assigned', 'in_progress'];

/** The table of legal transitions: from which statuses, by whom, with what input. */
export const TRANSITIONS: Readonly<Record<TicketAction, Rule>> = {
  accept: { from: ['submitted'], actors: ['dispatcher'] },
  reject: { from: ['submitted'], actors: ['dispatcher'], note: 'required' },
  assign: { from: ['accepted'], actors: ['dispatcher'], department: 'required' },
  transfer: { from: OPEN_AT_DEPARTMENT, actors: ['dispatcher'], note: 'required', department: 'different' },
  return: { from: OPEN_AT_DEPARTMENT, actors: ['department', 'dispatcher'], note: 'required' },
  start: { from: ['assigned'], actors: ['department', 'dispatcher'] },
  reply: { from: OPEN_AT_DEPARTMENT, actors: ['department', 'dispatcher'], note: 'required' },
  close: { from: ['replied'], actors: ['dispatcher'] },
  rate: { from: ['replied', 'closed', 'visited'], actors: ['reporter'] },
  supervise: { from: ['submitted', 'accepted', 'assigned', 'in_progress'], actors: ['dispatcher'], note: 'required' },
  request_extension: { from: OPEN_AT_DEPARTMENT, actors: ['department'], note: 'required' },
  approve_extension: { from: OPEN_AT_DEPARTMENT, actors: ['dispatcher'] },
  deny_extension: { from: OPEN_AT_DEPARTMENT, actors: ['dispatcher'], note: 'required' },
  merge: { from: ['submitted', 'accepted'], actors: ['dispatcher'] },
  visit: { from: ['closed'], actors: ['dispatcher'], note: 'required' },
};

/** Statuses in which nothing more is expected of the government side (no SLA clock). */
export const SETTLED_STATUSES: readonly TicketStatus[] = ['rejected', 'replied', 'closed', 'visited', 'merged'];
/** Terminal statuses: no action leaves them (documented in docs/tickets.md). */
export const TERMINAL_STATUSES: readonly TicketStatus[] = ['rejected', 'merged'];
/** Where every ticket can end: 办结 / 已回访, or a terminal status. */
export const END_STATUSES: readonly TicketStatus[] = ['closed', 'visited', 'rejected', 'merged'];

/**
 * The next state after an action, or why it is refused. Pure: the service applies the result,
 * records it in the history and audits it.
 */
export function transition(state: TicketState, actor: TicketActor, input: TransitionInput): TransitionResult | TransitionRefusal {
  const rule = TRANSITIONS[input.action];
  if (!rule.from.includes(state.status)) return { refusal: 'illegal', from: state.status, action: input.action };
  if (!rule.actors.includes(actor)) return { refusal: 'actor', action: input.action, actor };
  const note = input.note?.trim() ?? '';
  if (rule.note === 'required' && note.length === 0) return { refusal: 'note-required', action: input.action };
  const department = input.department?.trim() ?? '';
  if (rule.department && department.length === 0) return { refusal: 'department-required', action: input.action };
  if (rule.department === 'different' && department === state.department) return { refusal: 'same-department', action: input.action };
  const pending = state.extensionPending === true;
  // A step that keeps the status keeps the pending request; any status change withdraws it.
  const same = (extensionPending = pending): TransitionResult => ({ status: state.status, department: state.department, reopened: false, extensionPending });
  const validRating = (r: number | null | undefined): r is number => r !== null && r !== undefined && (RATINGS as readonly number[]).includes(r);
  switch (input.action) {
    case 'accept':
      return { status: 'accepted', department: null, reopened: false };
    case 'reject':
      return { status: 'rejected', department: null, reopened: false };
    case 'assign':
    case 'transfer':
      return { status: 'assigned', department, reopened: false };
    case 'return':
      return { status: 'accepted', department: null, reopened: false };
    case 'start':
      return { status: 'in_progress', department: state.department, reopened: false, extensionPending: pending };
    case 'reply':
      return { status: 'replied', department: state.department, reopened: false };
    case 'close':
      return { status: 'closed', department: state.department, reopened: false };
    case 'rate': {
      if (!validRating(input.rating)) return { refusal: 'rating-required', action: 'rate' };
      if (isBadRating(input.rating)) return { status: 'in_progress', department: state.department, reopened: true };
      // A good rating closes a replied ticket; a closed or visited one stays where it is.
      return { status: state.status === 'replied' ? 'closed' : state.status, department: state.department, reopened: false };
    }
    case 'supervise':
      if (state.overdue !== true) return { refusal: 'not-overdue', action: 'supervise' };
      return same();
    case 'request_extension': {
      if (pending) return { refusal: 'extension-pending', action: 'request_extension' };
      const days = input.days;
      if (days === null || days === undefined || !Number.isInteger(days) || days < 1 || days > MAX_EXTENSION_DAYS) return { refusal: 'days-required', action: 'request_extension' };
      return same(true);
    }
    case 'approve_extension':
    case 'deny_extension':
      if (!pending) return { refusal: 'no-extension', action: input.action };
      return { ...same(false), ...(input.action === 'approve_extension' && input.days ? { extendBy: input.days } : {}) };
    case 'merge': {
      const masterId = input.masterId?.trim() ?? '';
      if (masterId.length === 0) return { refusal: 'master-required', action: 'merge' };
      return { status: 'merged', department: null, reopened: false, masterId };
    }
    case 'visit':
      if (input.rating !== null && input.rating !== undefined && !validRating(input.rating)) return { refusal: 'rating-required', action: 'visit' };
      if (validRating(input.rating) && isBadRating(input.rating)) return { status: 'in_progress', department: state.department, reopened: true };
      return { status: 'visited', department: state.department, reopened: false };
  }
}

export function isRefusal(r: TransitionResult | TransitionRefusal): r is TransitionRefusal {
  return 'refusal' in r;
}

/** The actions an actor may take from a status (the table only; 督办 and extension decisions also need the ticket's flags). */
export function actionsFrom(status: TicketStatus, actor: TicketActor): TicketAction[] {
  return TICKET_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(status) && TRANSITIONS[a].actors.includes(actor));
}

/** The actions open on a ticket now (what the console offers): the table, narrowed by overdue and a pending extension. */
export function actionsOpen(state: TicketState, actor: TicketActor): TicketAction[] {
  return actionsFrom(state.status, actor).filter((a) => {
    if (a === 'supervise') return state.overdue === true;
    if (a === 'request_extension') return state.extensionPending !== true;
    if (a === 'approve_extension' || a === 'deny_extension') return state.extensionPending === true;
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// SLA. DOMAIN.md gives no time limit for tickets; the limits are the defaults below, by kind, in
// working days of the platform calendar (platform/calendar: holidays and make-up working days).
// A due date is the end of the China-time day `days` working days after submission.

/** Working days to answer, by kind. */
export const SLA_DAYS: Readonly<Record<TicketKind, number>> = {
  consultation: 3,
  help: 5,
  complaint: 10,
  report: 15,
  suggestion: 15,
};

/** The deadline of a ticket submitted at `submittedAt`: 23:59:59.999 China time, SLA_DAYS[kind] working days later. */
export function dueAt(kind: TicketKind, submittedAt: Date, calendar: WorkingCalendar): Date {
  return endOfWorkingDaysAfter(submittedAt, SLA_DAYS[kind], calendar);
}

/** The deadline after an approved extension of `days` working days (end of that China-time day). */
export function extendedDue(due: Date, days: number, calendar: WorkingCalendar): Date {
  return endOfWorkingDaysAfter(due, days, calendar);
}

/** Overdue: the government side still owes an answer and the deadline has passed. */
export function isOverdue(status: TicketStatus, due: Date, now: Date): boolean {
  return !SETTLED_STATUSES.includes(status) && now.getTime() > due.getTime();
}

// ---------------------------------------------------------------------------------------------
// Open311 GeoReport v2 mapping. Our lifecycle stays the truth; Open311 knows only open / closed.

export const OPEN311_SERVICE_CODES: Readonly<Record<TicketKind, string>> = {
  report: 'TK-REPORT',
  complaint: 'TK-COMPLAINT',
  consultation: 'TK-CONSULTATION',
  suggestion: 'TK-SUGGESTION',
  help: 'TK-HELP',
};

export function kindOfServiceCode(code: string): TicketKind | null {
  for (const k of TICKET_KINDS) if (OPEN311_SERVICE_CODES[k] === code) return k;
  return null;
}

/** Open311 status: closed once settled for good (办结, 已回访, 不予受理, 已合并); everything else (including 已答复, awaiting follow-up) is open. */
export function open311Status(status: TicketStatus): 'open' | 'closed' {
  return status === 'closed' || status === 'visited' || status === 'rejected' || status === 'merged' ? 'closed' : 'open';
}
