import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  TICKET_ACTIONS, TICKET_STATUSES, TRANSITIONS, actionsFrom, dueAt, isOverdue, isRefusal, kindOfServiceCode, open311Status, OPEN311_SERVICE_CODES,
  transition, TICKET_KINDS, type TicketActor, type TicketState, type TicketStatus, type TransitionInput,
} from './tickets.rules.ts';
import { WEEKDAYS_ONLY } from '../../platform/calendar/index.ts';

const ACTORS: TicketActor[] = ['dispatcher', 'department', 'reporter'];
const full = (action: TransitionInput['action'], department = '德阳市卫生健康委员会'): TransitionInput => ({ action, note: '说明', department, rating: 2 });

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
          const r = transition({ status, department: 'A' }, actor, full(action, 'B'));
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

  it('property: no sequence of offered actions reaches an illegal state, and every reached state can still end in closed or rejected', () => {
    const terminalReachable = (from: TicketStatus): boolean => {
      const seen = new Set<TicketStatus>([from]);
      const queue = [from];
      while (queue.length) {
        const s = queue.shift()!;
        if (s === 'closed' || s === 'rejected') return true;
        for (const actor of ACTORS) for (const a of actionsFrom(s, actor)) {
          const r = transition({ status: s, department: 'A' }, actor, { ...full(a, 'B'), rating: 1 });
          if (!isRefusal(r) && !seen.has(r.status)) { seen.add(r.status); queue.push(r.status); }
        }
      }
      return false;
    };
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...ACTORS), fc.nat(20), fc.integer({ min: 1, max: 5 })), { maxLength: 40 }), (steps) => {
        let s: TicketState = { status: 'submitted', department: null };
        for (const [actor, pick, rating] of steps) {
          const offered = actionsFrom(s.status, actor);
          if (offered.length === 0) continue;
          const action = offered[pick % offered.length];
          const r = transition(s, actor, { action, note: '说明', department: s.department === 'A' ? 'B' : 'A', rating });
          expect(isRefusal(r)).toBe(false);
          if (isRefusal(r)) return;
          expect(TICKET_STATUSES).toContain(r.status);
          // A ticket with a department is one the dispatcher has assigned; accepted/submitted ones have none.
          if (['assigned', 'in_progress', 'replied'].includes(r.status)) expect(r.department).not.toBeNull();
          if (['submitted', 'accepted'].includes(r.status)) expect(r.department).toBeNull();
          expect(terminalReachable(r.status)).toBe(true);
          s = r;
        }
      }),
    );
  });

  it('rejected is terminal: nothing leaves it', () => {
    for (const actor of ACTORS) expect(actionsFrom('rejected', actor)).toEqual([]);
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
    for (const s of ['replied', 'closed', 'rejected'] as const) expect(isOverdue(s, due, new Date('2027-01-01T00:00:00Z'))).toBe(false);
  });
});

describe('Open311 mapping', () => {
  it('maps every kind to a distinct service code and back', () => {
    const codes = TICKET_KINDS.map((k) => OPEN311_SERVICE_CODES[k]);
    expect(new Set(codes).size).toBe(codes.length);
    for (const k of TICKET_KINDS) expect(kindOfServiceCode(OPEN311_SERVICE_CODES[k])).toBe(k);
    expect(kindOfServiceCode('pothole')).toBeNull();
  });
  it('is closed only for 办结 and 不予受理', () => {
    expect(TICKET_STATUSES.filter((s) => open311Status(s) === 'closed')).toEqual(['rejected', 'closed']);
  });
});
