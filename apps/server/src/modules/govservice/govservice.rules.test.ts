import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTORS, APPLICATION_ACTIONS, APPLICATION_STATUSES, FINAL_STATUSES, actionsFrom, cutVerifySlots, isOverdue, isRefusal, mergeParts, transition,
  type ApplicationStatus,
} from './govservice.rules.ts';

const step = fc.record({ action: fc.constantFrom(...APPLICATION_ACTIONS), actor: fc.constantFrom(...ACTORS) });

/** Replays a sequence from draft, skipping refused steps; answers the path of statuses. */
function replay(steps: { action: (typeof APPLICATION_ACTIONS)[number]; actor: (typeof ACTORS)[number] }[]) {
  let status: ApplicationStatus = 'draft';
  const path: { status: ApplicationStatus; action: string }[] = [];
  for (const s of steps) {
    const r = transition(status, s.action, s.actor);
    if (isRefusal(r)) continue;
    status = r.status;
    path.push({ status, action: s.action });
  }
  return path;
}

describe('application state machine', () => {
  it('runs the normal path: submit → return → resubmit → accept → review → approve', () => {
    let s: ApplicationStatus = 'draft';
    for (const [a, who, to] of [
      ['submit', 'applicant', 'submitted'], ['return', 'window', 'returned'], ['resubmit', 'applicant', 'submitted'],
      ['accept', 'window', 'accepted'], ['review', 'department', 'under_review'], ['approve', 'system', 'approved'],
    ] as const) {
      const r = transition(s, a, who);
      expect(isRefusal(r)).toBe(false);
      s = (r as { status: ApplicationStatus }).status;
      expect(s).toBe(to);
    }
  });

  it('refuses the wrong actor and the wrong status distinctly', () => {
    expect(transition('submitted', 'accept', 'applicant')).toEqual({ refusal: 'actor' });
    expect(transition('draft', 'accept', 'window')).toEqual({ refusal: 'illegal' });
    expect(transition('approved', 'withdraw', 'applicant')).toEqual({ refusal: 'illegal' });
  });

  it('告知承诺: a submitted application is approved at once by the system, never by the window', () => {
    expect(transition('submitted', 'commit', 'system')).toEqual({ status: 'approved' });
    expect(transition('submitted', 'commit', 'window')).toEqual({ refusal: 'actor' });
    expect(transition('accepted', 'commit', 'system')).toEqual({ refusal: 'illegal' });
  });

  it('final statuses have no way out; approved leaves only by revocation', () => {
    for (const s of FINAL_STATUSES) for (const a of ACTORS) expect(actionsFrom(s, a)).toEqual([]);
    expect(ACTORS.flatMap((a) => actionsFrom('approved', a))).toEqual(['revoke']);
  });

  it('property: any sequence of actions only moves along declared transitions and stops at final statuses', () => {
    fc.assert(fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
      const path = replay(steps);
      for (let i = 1; i < path.length; i++) expect(FINAL_STATUSES).not.toContain(path[i - 1].status);
      for (const p of path) expect(APPLICATION_STATUSES).toContain(p.status);
    }));
  });

  it('property: approved is only ever reached after acceptance and a department review, or by a commitment', () => {
    fc.assert(fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
      const path = replay(steps);
      const i = path.findIndex((p) => p.status === 'approved');
      if (i < 0) return;
      const before = path.slice(0, i + 1).map((p) => p.action);
      expect(before.includes('commit') || (before.includes('accept') && before.includes('review'))).toBe(true);
      expect(before.indexOf('submit')).toBe(0);
    }));
  });

  it('property: revoked only follows approved; rejected only follows submitted (不予受理) or a review', () => {
    fc.assert(fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
      const path = replay(steps);
      for (let i = 1; i < path.length; i++) {
        if (path[i].status === 'revoked') expect(path[i - 1].status).toBe('approved');
        if (path[i].status === 'rejected') expect(['submitted', 'under_review']).toContain(path[i - 1].status);
      }
    }));
  });

  it('every status is reachable from draft', () => {
    const seen = new Set<ApplicationStatus>(['draft']);
    let grew = true;
    while (grew) {
      grew = false;
      for (const s of [...seen]) for (const a of APPLICATION_ACTIONS) for (const who of ACTORS) {
        const r = transition(s, a, who);
        if (!isRefusal(r) && !seen.has(r.status)) { seen.add(r.status); grew = true; }
      }
    }
    expect([...seen].sort()).toEqual([...APPLICATION_STATUSES].sort());
  });
});

describe('merging the departments\' parts (一窗受理)', () => {
  it('waits while any part is pending, refuses when one refused, approves when all approved and nothing is missing', () => {
    expect(mergeParts(['approved', 'pending'], 0)).toBe('wait');
    expect(mergeParts(['approved', 'rejected'], 0)).toBe('refuse');
    expect(mergeParts(['approved', 'approved'], 0)).toBe('approve');
    expect(mergeParts(['approved', 'approved'], 1)).toBe('wait');
    expect(mergeParts([], 0)).toBe('wait');
  });

  it('property: the merge is independent of the order of the parts', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('pending', 'approved', 'rejected' as const), { maxLength: 6 }), fc.nat(3), (parts, missing) => {
      expect(mergeParts([...parts].reverse(), missing)).toBe(mergeParts(parts, missing));
      if (mergeParts(parts, missing) === 'approve') expect(parts.every((p) => p === 'approved') && missing === 0).toBe(true);
    }));
  });

  it('overdue only while the government side owes a decision', () => {
    const due = new Date('2026-12-10T15:59:59.999Z');
    expect(isOverdue('under_review', due, new Date('2026-12-10T16:00:00Z'))).toBe(true);
    expect(isOverdue('approved', due, new Date('2027-01-01T00:00:00Z'))).toBe(false);
    expect(isOverdue('submitted', due, new Date('2026-12-10T15:00:00Z'))).toBe(false);
  });
});

describe('云核验: cutting availability into slots', () => {
  it('cuts a range into 30-minute slots in China time; off-grid, empty or malformed ranges are refused', () => {
    expect(cutVerifySlots('2026-11-04', '09:00', '10:30')!.map((s) => [s.startsAt.toISOString(), s.endsAt.toISOString()])).toEqual([
      ['2026-11-04T01:00:00.000Z', '2026-11-04T01:30:00.000Z'], ['2026-11-04T01:30:00.000Z', '2026-11-04T02:00:00.000Z'], ['2026-11-04T02:00:00.000Z', '2026-11-04T02:30:00.000Z'],
    ]);
    expect(cutVerifySlots('2026-11-04', '09:15', '10:00')).toBeNull();
    expect(cutVerifySlots('2026-11-04', '10:00', '10:00')).toBeNull();
    expect(cutVerifySlots('2026-11-04', '11:00', '10:00')).toBeNull();
    expect(cutVerifySlots('2026-13-40', '09:00', '10:00')).toBeNull();
    expect(cutVerifySlots('2026-11-04', '24:00', '24:30')).toBeNull();
  });
  it('property: slots are contiguous, 30 minutes, on the grid, and cover the range exactly', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 46 }), fc.integer({ min: 1, max: 47 }), (a, n) => {
      const b = Math.min(a + n, 47);
      fc.pre(b > a);
      const hhmm = (h: number) => `${String(Math.floor(h / 2)).padStart(2, '0')}:${h % 2 ? '30' : '00'}`;
      const slots = cutVerifySlots('2026-11-04', hhmm(a), hhmm(b))!;
      expect(slots).toHaveLength(b - a);
      slots.forEach((s, i) => {
        expect(s.endsAt.getTime() - s.startsAt.getTime()).toBe(30 * 60_000);
        expect(s.startsAt.getTime() % (30 * 60_000)).toBe(0);
        if (i > 0) expect(s.startsAt.getTime()).toBe(slots[i - 1].endsAt.getTime());
      });
    }));
  });
});
