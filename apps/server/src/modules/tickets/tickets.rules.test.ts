import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  TICKET_ACTIONS, TICKET_STATUSES, TRANSITIONS, actionsFrom, actionsOpen, dueAt, END_STATUSES, extendedDue, isOverdue, isRefusal, kindOfServiceCode, open311Status,
  OPEN311_SERVICE_CODES, TERMINAL_STATUSES, transition, TICKET_KINDS, type TicketActor, type TicketState, type TicketStatus, type TransitionInput,
} from './tickets.rules.ts';
import { WEEKDAYS_ONLY } from '../../platform/calendar/index.ts';

const ACTORS: TicketActor[] = ['dispatcher', 'department', 'reporter'];
const full = (action: TransitionInput['action'], department = '德阳市卫生健康委员会'): TransitionInput => ({ action, note: '说明', department, rating: 2, days: 5, masterId: 'M' });

describe('ticket state machine', () => {
  it('walks the main path: submitted → accepted → assigned → in_progress → replied → closed', () => {
    let s: TicketState = { status: 'submitted', department: null };
    const steps: [TransitionInput, TicketActor, TicketStatus][] = [
      [{ action: 'accept' }, 'dispatcher', 'accepted'],
      [{ action: 'assign', department: '德阳市公安局' }, 'dispatcher', 'assigned'],
      [{ action: 'start' }, 'department', 'in_progress'],
      [{ action: 'reply', note: '已处理' }, 'department', 'replied'],
      [{ action: 'rate', rating: 1 }, 'reporter', 'closed'],
    ];
    for (const [input, actor, expected] of steps) {
      const r = transition(s, actor, input);
      if (isRefusal(r)) throw new Error(JSON.stringify(r));
      expect(r.status).toBe(expected);
      s = r;
    }
    expect(s.department).toBe('德阳市公安局');
  });

  it('answers every (status, action, actor) combination exactly as the transition table says', () => {
    for (const status of TICKET_STATUSES) {
      for (const action of TICKET_ACTIONS) {
        for (const actor of ACTORS) {
          // Flags chosen so that only the table decides: overdue for 督办, a pending request for approve / deny.
          const state: TicketState = { status, department: 'A', overdue: true, extensionPending: action === 'approve_extension' || action === 'deny_extension' };
          const r = transition(state, actor, full(action, 'B'));
          const rule = TRANSITIONS[action];
          if (!rule.from.includes(status)) expect(r).toEqual({ refusal: 'illegal', from: status, action });
          else if (!rule.actors.includes(actor)) expect(r).toEqual({ refusal: 'actor', action, actor });
          else expect(isRefusal(r)).toBe(false);
        }
      }
    }
  });

  it('refuses a reject, transfer, return or reply without a note', () => {
    for (const [action, status, actor] of [['reject', 'submitted', 'dispatcher'], ['transfer', 'assigned', 'dispatcher'], ['return', 'in_progress', 'department'], ['reply', 'in_progress', 'department']] as const) {
      expect(transition({ status, department: 'A' }, actor, { action, note: '   ', department: 'B' })).toEqual({ refusal: 'note-required', action });
    }
  });

  it('refuses assign without a department and transfer to the same department', () => {
    expect(transition({ status: 'accepted', department: null }, 'dispatcher', { action: 'assign' })).toEqual({ refusal: 'department-required', action: 'assign' });
    expect(transition({ status: 'assigned', department: 'A' }, 'dispatcher', { action: 'transfer', note: '不属本部门', department: 'A' })).toEqual({ refusal: 'same-department', action: 'transfer' });
  });

  it('reopens on a bad rating (4 不满意, 5 非常不满意) and closes on the others; a rating must be 1–5', () => {
    for (const rating of [1, 2, 3]) expect(transition({ status: 'replied', department: 'A' }, 'reporter', { action: 'rate', rating })).toMatchObject({ status: 'closed', reopened: false });
    for (const rating of [4, 5]) expect(transition({ status: 'closed', department: 'A' }, 'reporter', { action: 'rate', rating })).toEqual({ status: 'in_progress', department: 'A', reopened: true });
    for (const rating of [0, 6, null, 2.5]) expect(transition({ status: 'replied', department: 'A' }, 'reporter', { action: 'rate', rating })).toEqual({ refusal: 'rating-required', action: 'rate' });
  });

  it('a department returned to the dispatcher is cleared', () => {
    expect(transition({ status: 'assigned', department: 'A' }, 'department', { action: 'return', note: '非本部门职责' })).toEqual({ status: 'accepted', department: null, reopened: false });
  });

  it('property: no sequence of legal actions reaches an illegal state, and every reached state can still end in 办结 / 已回访 or a terminal status', () => {
    // The abstract state space: status × has a department × overdue × extension pending. From each state, BFS over
    // every action an actor is offered (with complete input and a satisfied rating) must reach an END status.
    const key = (s: TicketState) => `${s.status}|${s.department !== null}|${s.overdue === true}|${s.extensionPending === true}`;
    const canEnd = (from: TicketState): boolean => {
      const seen = new Set([key(from)]);
      const queue = [from];
      while (queue.length) {
        const s = queue.shift()!;
        if (END_STATUSES.includes(s.status)) return true;
        for (const actor of ACTORS) for (const a of actionsOpen(s, actor)) {
          const r = transition(s, actor, { ...full(a, s.department === 'A' ? 'B' : 'A'), rating: 1 });
          if (isRefusal(r)) continue;
          const next: TicketState = { status: r.status, department: r.department, overdue: s.overdue, extensionPending: r.extensionPending };
          if (!seen.has(key(next))) { seen.add(key(next)); queue.push(next); }
        }
      }
      return false;
    };
    const step = fc.tuple(fc.constantFrom(...ACTORS), fc.nat(30), fc.integer({ min: 1, max: 5 }), fc.boolean(), fc.integer({ min: 1, max: 30 }));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let s: TicketState = { status: 'submitted', department: null, overdue: false, extensionPending: false };
        for (const [actor, pick, rating, overdue, days] of steps) {
          // Time passes: a ticket may become overdue (only open tickets can be); the clock is not part of the machine.
          s = { ...s, overdue: overdue && !['replied', 'closed', 'visited', 'rejected', 'merged'].includes(s.status) };
          const offered = actionsOpen(s, actor);
          if (offered.length === 0) continue;
          const action = offered[pick % offered.length];
          const r = transition(s, actor, { action, note: '说明', department: s.department === 'A' ? 'B' : 'A', rating, days, masterId: 'M' });
          expect(isRefusal(r), `${s.status} ${actor} ${action}`).toBe(false);
          if (isRefusal(r)) return;
          expect(TICKET_STATUSES).toContain(r.status);
          // A department exactly while a department holds it or answered it; none before dispatch or when merged/rejected.
          if (['assigned', 'in_progress', 'replied'].includes(r.status)) expect(r.department).not.toBeNull();
          if (['submitted', 'accepted', 'rejected', 'merged'].includes(r.status)) expect(r.department).toBeNull();
          // An extension request is pending only while a department holds the ticket.
          if (r.extensionPending) expect(['assigned', 'in_progress']).toContain(r.status);
          if (r.status === 'merged') expect(r.masterId).toBe('M');
          s = { status: r.status, department: r.department, overdue: s.overdue, extensionPending: r.extensionPending === true };
          expect(canEnd(s)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('terminal statuses (不予受理, 已合并) are left by no action of anyone', () => {
    for (const status of TERMINAL_STATUSES) for (const actor of ACTORS) expect(actionsFrom(status, actor)).toEqual([]);
  });

  it('督办 only an overdue open ticket, with an instruction; the status does not change', () => {
    expect(transition({ status: 'in_progress', department: 'A', overdue: false }, 'dispatcher', { action: 'supervise', note: '请尽快办理' })).toEqual({ refusal: 'not-overdue', action: 'supervise' });
    expect(transition({ status: 'in_progress', department: 'A', overdue: true }, 'dispatcher', { action: 'supervise', note: ' ' })).toEqual({ refusal: 'note-required', action: 'supervise' });
    expect(transition({ status: 'in_progress', department: 'A', overdue: true }, 'dispatcher', { action: 'supervise', note: '请尽快办理' })).toMatchObject({ status: 'in_progress', department: 'A' });
    expect(transition({ status: 'replied', department: 'A', overdue: true }, 'dispatcher', { action: 'supervise', note: 'x' })).toMatchObject({ refusal: 'illegal' });
    expect(actionsOpen({ status: 'assigned', department: 'A', overdue: false }, 'dispatcher')).not.toContain('supervise');
    expect(actionsOpen({ status: 'assigned', department: 'A', overdue: true }, 'dispatcher')).toContain('supervise');
  });

  it('extension: the department asks for 1–30 working days with a reason, one request at a time; the dispatcher approves or denies (with a reason)', () => {
    const s: TicketState = { status: 'in_progress', department: 'A' };
    for (const days of [0, 31, 2.5, null]) expect(transition(s, 'department', { action: 'request_extension', note: '需现场核查', days })).toEqual({ refusal: 'days-required', action: 'request_extension' });
    expect(transition(s, 'dispatcher', { action: 'request_extension', note: 'x', days: 3 })).toMatchObject({ refusal: 'actor' });
    expect(transition(s, 'department', { action: 'request_extension', note: '需现场核查', days: 5 })).toMatchObject({ status: 'in_progress', extensionPending: true });
    const pending: TicketState = { ...s, extensionPending: true };
    expect(transition(pending, 'department', { action: 'request_extension', note: 'again', days: 5 })).toEqual({ refusal: 'extension-pending', action: 'request_extension' });
    expect(transition(s, 'dispatcher', { action: 'approve_extension', days: 5 })).toEqual({ refusal: 'no-extension', action: 'approve_extension' });
    expect(transition(pending, 'dispatcher', { action: 'approve_extension', days: 5 })).toMatchObject({ status: 'in_progress', extensionPending: false, extendBy: 5 });
    expect(transition(pending, 'dispatcher', { action: 'deny_extension' })).toEqual({ refusal: 'note-required', action: 'deny_extension' });
    expect(transition(pending, 'dispatcher', { action: 'deny_extension', note: '理由不充分' })).toMatchObject({ extensionPending: false });
    // Any change of status withdraws the request.
    expect(transition(pending, 'department', { action: 'reply', note: '已办' })).not.toHaveProperty('extensionPending', true);
    expect(transition(pending, 'dispatcher', { action: 'transfer', note: '转', department: 'B' })).not.toHaveProperty('extensionPending', true);
  });

  it('merge: a new or accepted ticket becomes a duplicate of a master; nothing leaves 已合并', () => {
    expect(transition({ status: 'accepted', department: null }, 'dispatcher', { action: 'merge' })).toEqual({ refusal: 'master-required', action: 'merge' });
    expect(transition({ status: 'submitted', department: null }, 'dispatcher', { action: 'merge', masterId: 'M' })).toEqual({ status: 'merged', department: null, reopened: false, masterId: 'M' });
    expect(transition({ status: 'assigned', department: 'A' }, 'dispatcher', { action: 'merge', masterId: 'M' })).toMatchObject({ refusal: 'illegal' });
  });

  it('回访 is its own step after 办结: it records the call; a dissatisfied answer on the phone reopens the ticket', () => {
    expect(transition({ status: 'replied', department: 'A' }, 'dispatcher', { action: 'visit', note: '电话回访' })).toMatchObject({ refusal: 'illegal' });
    expect(transition({ status: 'closed', department: 'A' }, 'dispatcher', { action: 'visit', note: '' })).toMatchObject({ refusal: 'note-required' });
    expect(transition({ status: 'closed', department: 'A' }, 'dispatcher', { action: 'visit', note: '电话回访，群众满意' })).toEqual({ status: 'visited', department: 'A', reopened: false });
    expect(transition({ status: 'closed', department: 'A' }, 'dispatcher', { action: 'visit', note: '群众表示满意', rating: 2 })).toMatchObject({ status: 'visited' });
    expect(transition({ status: 'closed', department: 'A' }, 'dispatcher', { action: 'visit', note: '群众不满意', rating: 4 })).toEqual({ status: 'in_progress', department: 'A', reopened: true });
    expect(transition({ status: 'closed', department: 'A' }, 'dispatcher', { action: 'visit', note: 'x', rating: 9 })).toMatchObject({ refusal: 'rating-required' });
    // The reporter may still rate after the visit; a good rating leaves it visited, a bad one reopens.
    expect(transition({ status: 'visited', department: 'A' }, 'reporter', { action: 'rate', rating: 1 })).toMatchObject({ status: 'visited' });
    expect(transition({ status: 'visited', department: 'A' }, 'reporter', { action: 'rate', rating: 5 })).toMatchObject({ status: 'in_progress', reopened: true });
  });

  it('an approved extension moves the deadline by working days', () => {
    // Due Fri 2026-12-18 end of day China; +3 working days → Wed 2026-12-23.
    expect(extendedDue(new Date('2026-12-18T15:59:59.999Z'), 3, WEEKDAYS_ONLY).toISOString()).toBe('2026-12-23T15:59:59.999Z');
  });

});

describe('SLA (working days of the platform calendar, China time)', () => {
  it('is due at the end of the China day N working days after submission', () => {
    // 2026-12-06 (a Sunday) 10:00 China time = 02:00Z; complaint: 10 working days → Fri 2026-12-18 23:59:59.999 China = 15:59:59.999Z.
    expect(dueAt('complaint', new Date('2026-12-06T02:00:00Z'), WEEKDAYS_ONLY).toISOString()).toBe('2026-12-18T15:59:59.999Z');
    // 23:30 China time on the 6th is still the 6th (15:30Z): Mon 7, Tue 8, Wed 9.
    expect(dueAt('consultation', new Date('2026-12-06T15:30:00Z'), WEEKDAYS_ONLY).toISOString()).toBe('2026-12-09T15:59:59.999Z');
    // 00:30 China time on the 7th (16:30Z on the 6th) counts from the 7th.
    expect(dueAt('consultation', new Date('2026-12-06T16:30:00Z'), WEEKDAYS_ONLY).toISOString()).toBe('2026-12-10T15:59:59.999Z');
    expect(dueAt('report', new Date('2026-12-06T02:00:00Z'), WEEKDAYS_ONLY).toISOString()).toBe('2026-12-25T15:59:59.999Z');
  });

  it('skips public holidays and counts make-up working days (国庆 2026: 1–7 Oct off, Sat 10 Oct worked)', () => {
    const holidays = new Set(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']);
    const calendar = { holidays, workdays: new Set(['2026-10-10']) };
    // Filed Wed 30 Sep: Thu 8, Fri 9, Sat 10 (make-up day).
    expect(dueAt('consultation', new Date('2026-09-30T02:00:00Z'), calendar).toISOString()).toBe('2026-10-10T15:59:59.999Z');
  });

  it('is overdue only past the deadline and while the government side still owes an answer', () => {
    const due = new Date('2026-12-16T15:59:59.999Z');
    expect(isOverdue('in_progress', due, new Date('2026-12-16T15:59:59.999Z'))).toBe(false);
    expect(isOverdue('in_progress', due, new Date('2026-12-16T16:00:00Z'))).toBe(true);
    for (const s of ['submitted', 'accepted', 'assigned'] as const) expect(isOverdue(s, due, new Date('2027-01-01T00:00:00Z'))).toBe(true);
    for (const s of ['replied', 'closed', 'rejected', 'visited', 'merged'] as const) expect(isOverdue(s, due, new Date('2027-01-01T00:00:00Z'))).toBe(false);
  });
});

describe('Open311 mapping', () => {
  it('maps every kind to a distinct service code and back', () => {
    const codes = TICKET_KINDS.map((k) => OPEN311_SERVICE_CODES[k]);
    expect(new Set(codes).size).toBe(codes.length);
    for (const k of TICKET_KINDS) expect(kindOfServiceCode(OPEN311_SERVICE_CODES[k])).toBe(k);
    expect(kindOfServiceCode('pothole')).toBeNull();
  });
  it('is closed only for 办结, 已回访, 不予受理 and 已合并', () => {
    expect(TICKET_STATUSES.filter((s) => open311Status(s) === 'closed')).toEqual(['rejected', 'closed', 'visited', 'merged']);
  });
});
