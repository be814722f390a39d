/**
 * The ticket lifecycle as one pure state machine, and the SLA (due date / overdue) rules.
 * Every kind (督查举报, 投诉, 咨询, 建议) follows the same machine; only the SLA differs by kind.
 *
 *   submitted 待受理 ──accept──▶ accepted 已受理 ──assign──▶ assigned 已派单 ──start──▶ in_progress 办理中
 *        │                          ▲                         │    ▲                     │  │
 *        └─reject (reason)─▶ rejected 不予受理                  │    └──transfer (reason)──┘  │
 *                                   └──────return (reason)─────┴─────────────────────────────┘
 *   assigned | in_progress ──reply (text)──▶ replied 已答复 ──close / satisfied rating──▶ closed 已办结
 *   replied | closed ──dissatisfied rating (不满意 / 非常不满意)──▶ in_progress (reopen, same department)
 *
 * (DOMAIN.md "Tickets": 受理 → 派单/转办 → 办理 (returned, re-dispatched) → 答复 → 回访/评价 → 办结;
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

export interface TransitionInput {
  action: TicketAction;
  /** A note: the reason for reject / transfer / return, the answer for reply. */
  note?: string | null;
  /** The department for assign / transfer. */
  department?: string | null;
  rating?: number | null;
}

export interface TicketState {
  status: TicketStatus;
  department: string | null;
}

export type TransitionRefusal =
  | { refusal: 'illegal'; from: TicketStatus; action: TicketAction }
  | { refusal: 'actor'; action: TicketAction; actor: TicketActor }
  | { refusal: 'note-required'; action: TicketAction }
  | { refusal: 'department-required'; action: TicketAction }
  | { refusal: 'same-department'; action: TicketAction }
  | { refusal: 'rating-required'; action: TicketAction };

export interface TransitionResult {
  status: TicketStatus;
  department: string | null;
  /** True when a bad rating sent the ticket back to the department. */
  reopened: boolean;
}

interface Rule {
  from: readonly TicketStatus[];
  actors: readonly TicketActor[];
  note?: 'required';
  department?: 'required' | 'different';
}

/** The table of legal transitions: from which statuses, by whom, with what input. */
export const TRANSITIONS: Readonly<Record<TicketAction, Rule>> = {
  accept: { from: ['submitted'], actors: ['dispatcher'] },
  reject: { from: ['submitted'], actors: ['dispatcher'], note: 'required' },
  assign: { from: ['accepted'], actors: ['dispatcher'], department: 'required' },
  transfer: { from: ['assigned', 'in_progress'], actors: ['dispatcher'], note: 'required', department: 'different' },
  return: { from: ['assigned', 'in_progress'], actors: ['department', 'dispatcher'], note: 'required' },
  start: { from: ['assigned'], actors: ['department', 'dispatcher'] },
  reply: { from: ['assigned', 'in_progress'], actors: ['department', 'dispatcher'], note: 'required' },
  close: { from: ['replied'], actors: ['dispatcher'] },
  rate: { from: ['replied', 'closed'], actors: ['reporter'] },
};

/** Statuses in which nothing more is expected of the government side (no SLA clock). */
export const SETTLED_STATUSES: readonly TicketStatus[] = ['rejected', 'replied', 'closed'];

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
      return { status: 'in_progress', department: state.department, reopened: false };
    case 'reply':
      return { status: 'replied', department: state.department, reopened: false };
    case 'close':
      return { status: 'closed', department: state.department, reopened: false };
    case 'rate': {
      const rating = input.rating;
      if (rating === null || rating === undefined || !(RATINGS as readonly number[]).includes(rating)) return { refusal: 'rating-required', action: 'rate' };
      return isBadRating(rating)
        ? { status: 'in_progress', department: state.department, reopened: true }
        : { status: 'closed', department: state.department, reopened: false };
    }
  }
}

export function isRefusal(r: TransitionResult | TransitionRefusal): r is TransitionRefusal {
  return 'refusal' in r;
}

/** The actions an actor may take from a status (what the console offers). */
export function actionsFrom(status: TicketStatus, actor: TicketActor): TicketAction[] {
  return TICKET_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(status) && TRANSITIONS[a].actors.includes(actor));
}

// ---------------------------------------------------------------------------------------------
// SLA. DOMAIN.md gives no time limit for tickets; the limits are the defaults below, by kind, in
// working days of the platform calendar (platform/calendar: holidays and make-up working days).
// A due date is the end of the China-time day `days` working days after submission.

/** Working days to answer, by kind. */
export const SLA_DAYS: Readonly<Record<TicketKind, number>> = {
  consultation: 3,
  complaint: 10,
  report: 15,
  suggestion: 15,
};

/** The deadline of a ticket submitted at `submittedAt`: 23:59:59.999 China time, SLA_DAYS[kind] working days later. */
export function dueAt(kind: TicketKind, submittedAt: Date, calendar: WorkingCalendar): Date {
  return endOfWorkingDaysAfter(submittedAt, SLA_DAYS[kind], calendar);
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
};

export function kindOfServiceCode(code: string): TicketKind | null {
  for (const k of TICKET_KINDS) if (OPEN311_SERVICE_CODES[k] === code) return k;
  return null;
}

/** Open311 status: closed once settled for good (办结 or 不予受理); everything else (including 已答复, awaiting follow-up) is open. */
export function open311Status(status: TicketStatus): 'open' | 'closed' {
  return status === 'closed' || status === 'rejected' ? 'closed' : 'open';
}
