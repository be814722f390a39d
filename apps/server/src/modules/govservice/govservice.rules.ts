/**
 * The application lifecycle as one pure state machine, and the merge of the departments' parts.
 *
 *   draft ──submit──▶ submitted ──accept (容缺: with named missing materials)──▶ accepted ──review──▶ under_review
 *                       │  ▲ └─return (per-material comments)─▶ returned ──resubmit──┘          │
 *                       │  └───────────────────────────────────────────────────────────────┘          │
 *                       ├─reject (不予受理)─▶ rejected ◀──────────merge: any part rejected────────────┤
 *                       └─commit (告知承诺: signed commitment, decided at once)─▶ approved ◀─merge: all approved, nothing missing
 *   approved ──revoke (failed post-approval inspection)──▶ revoked
 *   draft | submitted | returned ──withdraw──▶ withdrawn
 *
 * Actors: the applicant, the acceptance window (一窗受理), a reviewing department, the system (merge).
 */
import { APPLICATION_STATUSES, type ApplicationStatus, type PartStatus } from '@fangxian/contracts/govservice';

export { APPLICATION_STATUSES, type ApplicationStatus };

export const APPLICATION_ACTIONS = ['submit', 'return', 'resubmit', 'accept', 'reject', 'commit', 'review', 'approve', 'refuse', 'revoke', 'withdraw'] as const;
export type ApplicationAction = (typeof APPLICATION_ACTIONS)[number];
export const ACTORS = ['applicant', 'window', 'department', 'system'] as const;
export type Actor = (typeof ACTORS)[number];

interface Rule {
  from: readonly ApplicationStatus[];
  to: ApplicationStatus;
  actors: readonly Actor[];
}

/** Every transition: from which statuses, to which, by whom. `approve` / `refuse` are the merged decision. */
export const TRANSITIONS: Readonly<Record<ApplicationAction, Rule>> = {
  submit: { from: ['draft'], to: 'submitted', actors: ['applicant'] },
  return: { from: ['submitted'], to: 'returned', actors: ['window'] },
  resubmit: { from: ['returned'], to: 'submitted', actors: ['applicant'] },
  accept: { from: ['submitted'], to: 'accepted', actors: ['window'] },
  reject: { from: ['submitted'], to: 'rejected', actors: ['window'] },
  commit: { from: ['submitted'], to: 'approved', actors: ['system'] },
  review: { from: ['accepted', 'under_review'], to: 'under_review', actors: ['department'] },
  approve: { from: ['under_review'], to: 'approved', actors: ['system'] },
  refuse: { from: ['under_review'], to: 'rejected', actors: ['system'] },
  revoke: { from: ['approved'], to: 'revoked', actors: ['system'] },
  withdraw: { from: ['draft', 'submitted', 'returned'], to: 'withdrawn', actors: ['applicant'] },
};

/** Statuses nothing leaves (revoked / rejected / withdrawn), and approved, which only a revocation leaves. */
export const FINAL_STATUSES: readonly ApplicationStatus[] = ['rejected', 'revoked', 'withdrawn'];
/** Statuses in which the government side owes work (counted for deadlines and overdue warnings). */
export const OPEN_STATUSES: readonly ApplicationStatus[] = ['submitted', 'accepted', 'under_review'];

export type Refusal = { refusal: 'illegal' | 'actor' };

/** The next status of an application for an action by an actor, or why not. */
export function transition(status: ApplicationStatus, action: ApplicationAction, actor: Actor): { status: ApplicationStatus } | Refusal {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(status)) return { refusal: 'illegal' };
  if (!rule.actors.includes(actor)) return { refusal: 'actor' };
  return { status: rule.to };
}

export function isRefusal(r: { status: ApplicationStatus } | Refusal): r is Refusal {
  return 'refusal' in r;
}

/** The actions an actor may take from a status (what a screen offers). */
export function actionsFrom(status: ApplicationStatus, actor: Actor): ApplicationAction[] {
  return APPLICATION_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(status) && TRANSITIONS[a].actors.includes(actor));
}

/**
 * One merged decision from the departments' parts (一窗受理, parallel review): none while any part is
 * pending; refuse when any part refused; approve when every part approved and no material is still
 * missing (容缺: the result waits for the supplied materials); otherwise still waiting.
 */
export function mergeParts(parts: readonly PartStatus[], missingMaterials: number): 'approve' | 'refuse' | 'wait' {
  if (parts.length === 0 || parts.some((p) => p === 'pending')) return 'wait';
  if (parts.some((p) => p === 'rejected')) return 'refuse';
  return missingMaterials > 0 ? 'wait' : 'approve';
}

/** Overdue: the government side still owes a decision and its deadline has passed. */
export function isOverdue(status: ApplicationStatus, due: Date | null, now: Date): boolean {
  return due !== null && OPEN_STATUSES.includes(status) && now.getTime() > due.getTime();
}

// ------------------------------------------------------------------------------------------------
// 云核验: remote verification slots

/** Slots of remote verification are 30 minutes on the half-hour grid (China time). */
export const VERIFY_SLOT_MINUTES = 30;
const HHMM = /^([01]\d|2[0-3]):(00|30)$/;

/**
 * Cuts an officer's availability on one day ('09:00'–'11:30', China time) into 30-minute slots on the
 * half-hour grid; null when a bound is off the grid or the range is empty. Pure.
 */
export function cutVerifySlots(day: string, from: string, to: string): { startsAt: Date; endsAt: Date }[] | null {
  if (!HHMM.test(from) || !HHMM.test(to) || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const a = minutes(from);
  const b = minutes(to);
  if (b <= a) return null;
  const base = Date.parse(`${day}T00:00:00+08:00`);
  if (Number.isNaN(base)) return null;
  const out: { startsAt: Date; endsAt: Date }[] = [];
  for (let m = a; m + VERIFY_SLOT_MINUTES <= b; m += VERIFY_SLOT_MINUTES) {
    out.push({ startsAt: new Date(base + m * 60_000), endsAt: new Date(base + (m + VERIFY_SLOT_MINUTES) * 60_000) });
  }
  return out;
}
