/**
 * Deadline jobs: a warning to the department before a ticket's deadline, and escalation to the region's
 * dispatchers after it. Each ticket is warned and escalated once (warned_at / escalated_at set by the same
 * UPDATE that picks it, in one transaction with its history, audit and notices), so a crash or a rerun
 * never warns twice nor half-records. Reopened or extended tickets are warned again (the service clears the marks).
 */
import { and, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { staffAccounts } from '../../platform/identity/identity.tables.ts';
import { defineJob } from '../../platform/jobs/index.ts';
import type { ScheduleSpec } from '../../platform/modules/module.ts';
import { sendNotices, type Notice } from '../../platform/notifications/index.ts';
import { regionContains } from '../../platform/access/principal.ts';
import { DISPATCHER_ROLES } from './tickets.policy.ts';
import * as repo from './tickets.repository.ts';
import { ticketEvents, tickets } from './tickets.tables.ts';

/** Statuses in which the government side owes an answer (the SLA clock runs). */
const OPEN = ['submitted', 'accepted', 'assigned', 'in_progress'];
/** A department is warned this long before a day-limit deadline (hour limits: tickets.sla.ts warningAt). */
export const WARN_BEFORE_MS = 24 * 3600_000;
export const DEADLINES_JOB = 'tickets.deadlines';
const SYSTEM = { kind: 'system' as const, id: 'tickets.deadlines' };
const BATCH = 500;

async function staffFor(ctx: AppContext, tx: Parameters<Parameters<AppContext['db']['transaction']>[0]>[0], rows: repo.TicketRow[], who: 'department' | 'dispatcher') {
  const staff = await tx
    .select({ id: staffAccounts.id, department: staffAccounts.department, regionCode: staffAccounts.regionCode, roles: staffAccounts.roles })
    .from(staffAccounts)
    .where(isNull(staffAccounts.disabledAt));
  return (row: repo.TicketRow) =>
    staff.filter((s) =>
      regionContains(s.regionCode, row.regionCode) &&
      (who === 'department' ? s.department === row.department : s.roles.some((r) => (DISPATCHER_ROLES as readonly string[]).includes(r))),
    );
}

/** Warns and escalates what is due; answers the counts. */
export async function sweepDeadlines(ctx: AppContext, now: Date = new Date()): Promise<{ warned: number; escalated: number }> {
  let warned = 0;
  let escalated = 0;
  for (;;) {
    const n = await ctx.db.transaction(async (tx) => {
      const picked = await tx
        .update(tickets)
        .set({ warnedAt: now })
        .where(and(
          inArray(tickets.id, tx.select({ id: tickets.id }).from(tickets).where(and(
            inArray(tickets.status, OPEN), isNull(tickets.warnedAt), gt(tickets.dueAt, now),
            // The warning time of its limit (tickets.sla.ts warningAt); tickets filed before it was stored: 24 h before the deadline.
            sql`coalesce(${tickets.warnAt}, ${tickets.dueAt} - ${`${WARN_BEFORE_MS / 1000} seconds`}::interval) <= ${now.toISOString()}::timestamptz`,
          )).limit(BATCH)),
        ))
        .returning();
      if (picked.length === 0) return 0;
      await tx.insert(ticketEvents).values(picked.map((r) => ({
        ticketId: r.id, regionCode: r.regionCode, action: 'warn', fromStatus: r.status, toStatus: r.status, actorType: 'system', department: r.department,
        note: `将于 ${r.dueAt.toISOString()} 到期`, at: now,
      })));
      const recipients = await staffFor(ctx, tx, picked, 'department');
      const notices: Notice[] = picked.flatMap((r) => (r.department ? recipients(r) : []).map((s) => ({
        recipient: { type: 'staff' as const, id: s.id }, kind: 'tickets.deadline-warning', channels: ['inbox'] as const,
        title: { zh: `工单 ${r.number} 即将到期`, en: `Ticket ${r.number} is due soon` },
        body: { zh: `请在 ${r.dueAt.toISOString()} 前答复，或申请延期。`, en: `Answer before ${r.dueAt.toISOString()} or ask for an extension.` },
        link: `/console/tickets?ticket=${r.id}`, dedupeKey: `tickets.warn:${r.id}:${r.dueAt.getTime()}`,
      })));
      if (notices.length) await sendNotices(ctx, tx, notices);
      await appendAudit(tx, { actor: SYSTEM, action: 'tickets.ticket.warn', subjectType: 'ticket', detail: { count: picked.length, tickets: picked.map((r) => r.id) } });
      return picked.length;
    });
    warned += n;
    if (n < BATCH) break;
  }
  for (;;) {
    const n = await ctx.db.transaction(async (tx) => {
      const picked = await tx
        .update(tickets)
        .set({ escalatedAt: now })
        .where(inArray(tickets.id, tx.select({ id: tickets.id }).from(tickets).where(and(inArray(tickets.status, OPEN), isNull(tickets.escalatedAt), lte(tickets.dueAt, now))).limit(BATCH)))
        .returning();
      if (picked.length === 0) return 0;
      await tx.insert(ticketEvents).values(picked.map((r) => ({
        ticketId: r.id, regionCode: r.regionCode, action: 'escalate', fromStatus: r.status, toStatus: r.status, actorType: 'system', department: r.department,
        note: `已于 ${r.dueAt.toISOString()} 超期`, at: now,
      })));
      const recipients = await staffFor(ctx, tx, picked, 'dispatcher');
      const notices: Notice[] = picked.flatMap((r) => recipients(r).map((s) => ({
        recipient: { type: 'staff' as const, id: s.id }, kind: 'tickets.overdue', channels: ['inbox'] as const,
        title: { zh: `工单 ${r.number} 已超期，请督办`, en: `Ticket ${r.number} is overdue: press it (督办)` },
        body: { zh: `承办部门：${r.department ?? '未派单'}。`, en: `Department: ${r.department ?? 'not assigned'}.` },
        link: `/console/tickets?ticket=${r.id}`, dedupeKey: `tickets.escalate:${r.id}:${r.dueAt.getTime()}`,
      })));
      if (notices.length) await sendNotices(ctx, tx, notices);
      await appendAudit(tx, { actor: SYSTEM, action: 'tickets.ticket.escalate', subjectType: 'ticket', detail: { count: picked.length, tickets: picked.map((r) => r.id) } });
      return picked.length;
    });
    escalated += n;
    if (n < BATCH) break;
  }
  return { warned, escalated };
}

export const DeadlinesJobType = defineJob(DEADLINES_JOB, async (run) => sweepDeadlines(run.ctx), { maxAttempts: 3 });

/** Every 10 minutes. */
export const deadlineSchedules = (): ScheduleSpec[] => [{ name: DEADLINES_JOB, type: DEADLINES_JOB, everyMs: 10 * 60_000 }];

