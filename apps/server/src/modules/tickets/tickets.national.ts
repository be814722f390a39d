/**
 * National forwarding (国办转办): clues forwarded by the national government service platform arrive
 * through the open API (an API client with the `national.clues` permission), idempotent by the sender's
 * external id; the handling results go back through an outbox and the NationalReporter adapter. The
 * platform is unreachable from here, so the built-in adapter is local: it records each message as
 * delivered (adapter `local`), and officers read the outbox in the console. Retries are jobs.
 */
import { and, asc, desc, eq, inArray, like, lte, sql } from 'drizzle-orm';
import { divisionPrefix } from '@fangxian/contracts/kernel';
import { asStaff } from '../../platform/access/policy.ts';
import { regionContains, type Principal } from '../../platform/access/principal.ts';
import { appendAudit, recordAudit } from '../../platform/audit/audit.service.ts';
import type { DbOrTx, Tx } from '../../platform/db/database.ts';
import { isDivisionCode } from '../../platform/divisions/index.ts';
import { loadCalendar } from '../../platform/calendar/index.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { defineJob } from '../../platform/jobs/index.ts';
import type { ScheduleSpec } from '../../platform/modules/module.ts';
import { TicketsErrors } from './tickets.errors.ts';
import * as repo from './tickets.repository.ts';
import { newTicketNumber } from './tickets.numbers.ts';
import type { TicketKind } from './tickets.rules.ts';
import { deadline, defaultSla, warningAt } from './tickets.sla.ts';
import type { WorkingCalendar } from '../../platform/calendar/index.ts';

/** A forwarded clue has no category: the kind's limit. */
function nationalClock(kind: TicketKind, now: Date, calendar: WorkingCalendar): { dueAt: Date; warnAt: Date } {
  const sla = defaultSla(kind);
  const due = deadline(sla, now, calendar);
  return { dueAt: due, warnAt: warningAt(sla, now, due, calendar) };
}
import { ticketNationalOutbox, tickets } from './tickets.tables.ts';

type Api = Extract<Principal, { kind: 'api' }>;
export type OutboxRow = typeof ticketNationalOutbox.$inferSelect;

/** One result message to the national platform. */
export interface NationalMessage {
  externalId: string;
  event: string;
  payload: Record<string, unknown>;
}

/** The adapter to the national platform: a real deployment plugs in its client with setNationalReporter. */
export interface NationalReporter {
  readonly name: string;
  /** Sends one message; throws to have it retried. */
  send(message: NationalMessage): Promise<void>;
}

/** The built-in adapter: nothing leaves the machine; the outbox row itself is the record (shown in the console). */
export const localNationalReporter: NationalReporter = { name: 'local', send: async () => {} };
const reporters = new WeakMap<AppContext, NationalReporter>();
export const setNationalReporter = (ctx: AppContext, reporter: NationalReporter) => void reporters.set(ctx, reporter);
const reporterOf = (ctx: AppContext) => reporters.get(ctx) ?? localNationalReporter;

/** Events reported back, and how their payload is made (no personal data: the result only). */
export const REPORTED_EVENTS = ['accept', 'reject', 'reply', 'close', 'visit'] as const;
export const MAX_ATTEMPTS = 8;
/** Backoff after the n-th failed attempt: 1, 2, 4 … minutes, at most 6 hours. */
export const backoffMs = (attempts: number) => Math.min(6 * 3600_000, 60_000 * 2 ** Math.max(0, attempts - 1));

export interface ClueInput {
  externalId: string;
  kind: TicketKind;
  title: string;
  description: string;
  regionCode: string;
  address?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
}

/** Files a forwarded clue once per (client, external id): a repeat answers the ticket filed the first time. */
export async function receiveClue(ctx: AppContext, api: Api, input: ClueInput, meta: RequestMeta, now: Date = new Date()): Promise<{ row: repo.TicketRow; created: boolean }> {
  if (!isDivisionCode(input.regionCode)) throw new AppError(TicketsErrors.TICKETS_DIVISION_UNKNOWN, { field: 'regionCode' });
  if (!regionContains(api.regionCode, input.regionCode)) throw new AppError(CommonErrors.FORBIDDEN, { field: 'regionCode' });
  const externalId = input.externalId.trim();
  const existing = async (db: DbOrTx) => (await db.select().from(tickets).where(and(eq(tickets.apiClientId, api.clientId), eq(tickets.externalId, externalId))))[0];
  const found = await existing(ctx.db);
  if (found) return { row: found, created: false };
  try {
    const row = await ctx.db.transaction(async (tx) => {
      const row = await repo.insertTicket(tx, {
        number: newTicketNumber(now),
        kind: input.kind, status: 'submitted', channel: 'national', title: input.title.trim(), description: input.description.trim(), regionCode: input.regionCode,
        address: input.address?.trim() || null,
        reporterNameCipher: input.contactName?.trim() ? ctx.cipher.encrypt(input.contactName.trim()) : null,
        reporterPhoneCipher: input.contactPhone?.trim() ? ctx.cipher.encrypt(input.contactPhone.trim()) : null,
        apiClientId: api.clientId, externalId, ...nationalClock(input.kind, now, await loadCalendar(tx)), createdAt: now, updatedAt: now,
      });
      await repo.insertEvent(tx, { ticketId: row.id, regionCode: row.regionCode, action: 'submit', toStatus: 'submitted', actorType: 'api', actorId: api.clientId, note: null, at: now });
      await appendAudit(tx, { actor: api, ip: meta.ip, requestId: meta.requestId, action: 'tickets.ticket.submit', subjectType: 'ticket', subjectId: row.id, regionCode: row.regionCode, detail: { kind: row.kind, channel: 'national', externalId } });
      return row;
    });
    return { row, created: true };
  } catch (err) {
    // Two deliveries of the same clue at once: the unique index lets one in; the other answers it.
    const raced = await existing(ctx.db);
    if (raced) return { row: raced, created: false };
    throw err;
  }
}

/** Queues the result of a step on a forwarded clue, in the step's transaction (called by the service). */
export async function queueResult(tx: Tx, row: repo.TicketRow, event: string, now: Date): Promise<void> {
  if (row.channel !== 'national' || !row.apiClientId || !row.externalId || !(REPORTED_EVENTS as readonly string[]).includes(event)) return;
  await tx.insert(ticketNationalOutbox).values({
    ticketId: row.id, regionCode: row.regionCode, apiClientId: row.apiClientId, externalId: row.externalId, event,
    payload: {
      externalId: row.externalId, number: row.number, status: row.status, department: row.department, at: now.toISOString(),
      ...(event === 'reply' ? { answer: row.reply } : {}), ...(event === 'reject' ? { reason: row.rejectReason } : {}), ...(event === 'visit' ? { rating: row.rating } : {}),
    },
    nextAttemptAt: now,
    createdAt: now,
  });
}

/** Sends what is due through the adapter; each row is claimed and settled in its own transaction (a crash leaves it pending). */
export async function deliverResults(ctx: AppContext, now: Date = new Date(), limit = 200): Promise<{ sent: number; failed: number; retrying: number }> {
  const due = await ctx.db.select().from(ticketNationalOutbox).where(and(eq(ticketNationalOutbox.status, 'pending'), lte(ticketNationalOutbox.nextAttemptAt, now))).orderBy(asc(ticketNationalOutbox.createdAt)).limit(limit);
  const reporter = reporterOf(ctx);
  const summary = { sent: 0, failed: 0, retrying: 0 };
  for (const candidate of due) {
    await ctx.db.transaction(async (tx) => {
      const [row] = await tx.select().from(ticketNationalOutbox).where(and(eq(ticketNationalOutbox.id, candidate.id), eq(ticketNationalOutbox.status, 'pending'))).for('update', { skipLocked: true });
      if (!row) return;
      try {
        await reporter.send({ externalId: row.externalId, event: row.event, payload: row.payload });
        await tx.update(ticketNationalOutbox).set({ status: 'sent', adapter: reporter.name, attempts: row.attempts + 1, sentAt: now, lastError: null }).where(eq(ticketNationalOutbox.id, row.id));
        summary.sent++;
      } catch (err) {
        const attempts = row.attempts + 1;
        const failed = attempts >= MAX_ATTEMPTS;
        await tx.update(ticketNationalOutbox).set({
          status: failed ? 'failed' : 'pending', adapter: reporter.name, attempts, lastError: String((err as Error)?.message ?? err).slice(0, 500), nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)),
        }).where(eq(ticketNationalOutbox.id, row.id));
        if (failed) summary.failed++;
        else summary.retrying++;
      }
    });
  }
  return summary;
}

export const NATIONAL_JOB = 'tickets.national-report';
export const NationalReportJobType = defineJob(NATIONAL_JOB, async (run) => deliverResults(run.ctx), { maxAttempts: 3 });
export const nationalSchedules = (): ScheduleSpec[] => [{ name: NATIONAL_JOB, type: NATIONAL_JOB, everyMs: 60_000 }];

/** The outbox of the officer's region, newest first (the read is audited). */
export async function outboxFor(ctx: AppContext, principal: Principal, q: { status?: string; limit: number }, meta: RequestMeta): Promise<OutboxRow[]> {
  const staff = asStaff(principal);
  const where = [
    staff.regionCode ? like(ticketNationalOutbox.regionCode, `${divisionPrefix(staff.regionCode)}%`) : sql`true`,
    q.status ? inArray(ticketNationalOutbox.status, [q.status]) : sql`true`,
  ];
  const rows = await ctx.db.select().from(ticketNationalOutbox).where(and(...where)).orderBy(desc(ticketNationalOutbox.createdAt)).limit(q.limit);
  await recordAudit(ctx.db, { actor: staff, ip: meta.ip, requestId: meta.requestId, action: 'tickets.national.outbox.read', subjectType: 'ticket_national_outbox', regionCode: staff.regionCode || null, detail: { count: rows.length } });
  return rows;
}
