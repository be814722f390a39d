import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { asStaff, assertInScope } from '../../platform/access/policy.ts';
import { regionContains, type Principal } from '../../platform/access/principal.ts';
import { appendAudit, appendAuditMany, recordAudit, type AuditEntry } from '../../platform/audit/audit.service.ts';
import type { DbOrTx, Tx } from '../../platform/db/database.ts';
import type { BatchKind } from '../../platform/db/group-commit.ts';
import { isDivisionCode } from '../../platform/divisions/index.ts';
import { loadCalendar } from '../../platform/calendar/index.ts';
import { LocalDiskStorage } from '../../platform/files/files.storage.ts';
import { AppError, CommonErrors, type ErrorEntry } from '../../platform/http/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { recordEvaluation } from '../../platform/evaluations/index.ts';
import { sendNotices } from '../../platform/notifications/index.ts';
import { TicketsErrors } from './tickets.errors.ts';
import { DISPATCHER_ROLES, HANDLER_ROLES } from './tickets.policy.ts';
import * as repo from './tickets.repository.ts';
import * as limits from './tickets.limits.ts';
import { newTicketNumber, randomCode } from './tickets.numbers.ts';
import { queueResult } from './tickets.national.ts';
import { rank } from './tickets.similar.ts';
import { categorised } from './tickets.categories.ts';
import { routedDepartment } from './tickets.routing.ts';
import { deadline, warningAt, type Sla } from './tickets.sla.ts';
import { ticketSupporters, tickets } from './tickets.tables.ts';
import type { WorkingCalendar } from '../../platform/calendar/index.ts';

/** The deadline and the warning time of a ticket filed now under its limit (tickets.sla.ts). */
function clockOf(sla: Sla, now: Date, calendar: WorkingCalendar): { dueAt: Date; warnAt: Date } {
  const due = deadline(sla, now, calendar);
  return { dueAt: due, warnAt: warningAt(sla, now, due, calendar) };
}
import {
  extendedDue, isOverdue, isRefusal, transition, type TicketActor, type TicketKind, type TicketStatus, type TransitionInput, type TransitionRefusal,
} from './tickets.rules.ts';

type Staff = Extract<Principal, { kind: 'staff' }>;
type Citizen = Extract<Principal, { kind: 'citizen' }>;
type Api = Extract<Principal, { kind: 'api' }>;

const hashCode = (code: string) => createHash('sha256').update(`fangxian-ticket-follow-up:${code.toUpperCase()}`).digest('hex');
const newNumber = newTicketNumber;

const auditBase = (actor: Principal | { kind: 'anonymous' }, meta: RequestMeta) => ({ actor, ip: meta.ip, requestId: meta.requestId });

/** The clock of an app (tests may set `ctx.config`-independent time through `now`). */
export type Clock = () => Date;
const systemClock: Clock = () => new Date();

const isDispatcher = (staff: Staff) => staff.roles.some((r) => (DISPATCHER_ROLES as readonly string[]).includes(r));

export interface SubmitInput {
  kind: TicketKind;
  title: string;
  description: string;
  regionCode: string;
  address?: string | null;
  lat?: number | null;
  long?: number | null;
  attachments?: string[];
  contactName?: string | null;
  contactPhone?: string | null;
  categoryId?: string | null;
  attributes?: Record<string, unknown>;
}

/**
 * Files a ticket from the citizen app: signed in (it is then theirs to follow), or — for supervision
 * reports only — anonymously, with a follow-up code returned once and stored only as a hash.
 */
export async function submitTicket(
  ctx: AppContext,
  principal: Principal | null,
  input: SubmitInput,
  meta: RequestMeta,
  now: Date = systemClock(),
): Promise<{ row: repo.TicketRow; followUpCode: string | null }> {
  if (principal && principal.kind !== 'citizen') throw new AppError(CommonErrors.FORBIDDEN);
  const citizen = principal as Citizen | null;
  if (!citizen && input.kind !== 'report') throw new AppError(TicketsErrors.TICKETS_SIGN_IN_REQUIRED);
  if (!isDivisionCode(input.regionCode)) throw new AppError(TicketsErrors.TICKETS_DIVISION_UNKNOWN, { regionCode: input.regionCode });
  await limits.limitFiling(ctx, meta.ip, citizen?.citizenId ?? null);
  const attachments = [...new Set(input.attachments ?? [])];
  if (attachments.length > 0) {
    if (!citizen) throw new AppError(TicketsErrors.TICKETS_ATTACHMENT_INVALID);
    const owned = await repo.citizenFiles(ctx.db, citizen.citizenId, attachments);
    if (owned.length !== attachments.length || owned.some((f) => !f.mimeType.startsWith('image/') && f.mimeType !== 'application/pdf')) {
      throw new AppError(TicketsErrors.TICKETS_ATTACHMENT_INVALID);
    }
  }
  const { sla, ...category } = await categorised(ctx.db, input.kind, input.categoryId, input.attributes);
  const followUpCode = citizen ? null : randomCode(8);
  const row = await ctx.db.transaction(async (tx) => {
    const row = await repo.insertTicket(tx, {
      ...category,
      number: newNumber(now),
      kind: input.kind,
      status: 'submitted',
      channel: 'app',
      title: input.title.trim(),
      description: input.description.trim(),
      regionCode: input.regionCode,
      address: input.address?.trim() || null,
      lat: input.lat ?? null,
      long: input.long ?? null,
      reporterCitizenId: citizen?.citizenId ?? null,
      reporterNameCipher: input.contactName ? ctx.cipher.encrypt(input.contactName.trim()) : null,
      reporterPhoneCipher: input.contactPhone ? ctx.cipher.encrypt(input.contactPhone.trim()) : null,
      followUpHash: followUpCode ? hashCode(followUpCode) : null,
      attachments,
      ...clockOf(sla, now, await loadCalendar(tx)),
      createdAt: now,
      updatedAt: now,
    });
    await repo.insertEvent(tx, {
      ticketId: row.id, regionCode: row.regionCode, action: 'submit', fromStatus: null, toStatus: 'submitted',
      actorType: citizen ? 'citizen' : 'anonymous', actorId: citizen?.citizenId ?? null, at: now,
    });
    await appendAudit(tx, {
      ...auditBase(citizen ?? { kind: 'anonymous' }, meta),
      action: 'tickets.ticket.submit', subjectType: 'ticket', subjectId: row.id, regionCode: row.regionCode,
      detail: { kind: row.kind, channel: row.channel, anonymous: !citizen, attachments: attachments.length },
    });
    return row;
  });
  return { row, followUpCode };
}

export interface Open311Input {
  kind: TicketKind;
  regionCode: string | null;
  description: string;
  address?: string | null;
  lat?: number | null;
  long?: number | null;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  email?: string | null;
  mediaUrl?: string | null;
  categoryId?: string | null;
  attributes?: Record<string, unknown>;
}

/**
 * The working calendar read once per transaction: the filings that group commit gathers into one
 * transaction (submitOpen311) share one read of it, consistent with their commit.
 */
const calendarsOfTx = new WeakMap<object, Promise<WorkingCalendar>>();
function calendarOf(tx: Tx): Promise<WorkingCalendar> {
  let calendar = calendarsOfTx.get(tx);
  if (!calendar) calendarsOfTx.set(tx, (calendar = loadCalendar(tx)));
  return calendar;
}

/**
 * Files a ticket through Open311 (an API client): the region is jurisdiction_id, or the key's own division.
 * The hot filing path (bench/open311-breakdown.ts, bench/RESULTS.md): everything but the deadline is
 * computed before the write; the write is a group-commit batch kind (OPEN311_FILINGS), so the
 * filings of one event-loop turn share one transaction and commit, one read of the calendar, one
 * multi-row statement for their tickets and first history rows, and one audit append for all their
 * records — all committed before the answer. (The API key and the bad-key check are remembered for
 * a few seconds: api-key-cache.ts, tickets.limits.ts.)
 */
export async function submitOpen311(ctx: AppContext, api: Api, input: Open311Input, meta: RequestMeta, now: Date = systemClock()): Promise<{ id: string; number: string; dueAt: Date }> {
  const regionCode = input.regionCode ?? (api.regionCode || null);
  if (!regionCode || !isDivisionCode(regionCode)) throw new AppError(TicketsErrors.TICKETS_DIVISION_UNKNOWN, { field: 'jurisdiction_id' });
  if (!regionContains(api.regionCode, regionCode)) throw new AppError(CommonErrors.FORBIDDEN, { field: 'jurisdiction_id' });
  const name = [input.lastName, input.firstName].filter((s) => s && s.trim()).join('').trim();
  const description = input.description.trim();
  const { sla, ...category } = await categorised(ctx.db, input.kind, input.categoryId, input.attributes);
  const id = randomUUID();
  const number = newNumber(now);
  const values = {
    ...category,
    id,
    number,
    kind: input.kind,
    status: 'submitted',
    channel: 'open311',
    title: description.length > 30 ? `${description.slice(0, 30)}…` : description,
    description,
    regionCode,
    address: input.address?.trim() || null,
    lat: input.lat ?? null,
    long: input.long ?? null,
    reporterNameCipher: name ? ctx.cipher.encrypt(name) : null,
    reporterPhoneCipher: input.phone ? ctx.cipher.encrypt(input.phone.trim()) : null,
    reporterEmailCipher: input.email ? ctx.cipher.encrypt(input.email.trim()) : null,
    apiClientId: api.clientId,
    mediaUrl: input.mediaUrl ?? null,
    createdAt: now,
    updatedAt: now,
  } satisfies Omit<repo.NewTicket, 'dueAt'>;
  return ctx.database.writes.submitBatch(OPEN311_FILINGS, {
    values,
    sla,
    audit: { ...auditBase(api, meta), action: 'tickets.ticket.submit', subjectType: 'ticket', subjectId: id, regionCode, detail: { kind: input.kind, channel: 'open311' } },
  });
}

interface Open311Filing {
  values: Omit<repo.NewTicket, 'dueAt'> & { id: string; number: string; regionCode: string; apiClientId: string; createdAt: Date };
  sla: Sla;
  audit: AuditEntry;
}

/**
 * The filings of one group-commit batch, written together: the calendar read once, every ticket
 * and its first history row in one statement, every audit record in one chain append
 * (appendAuditMany). A batch that fails runs each filing alone (group-commit.ts).
 */
const OPEN311_FILINGS: BatchKind<Open311Filing, { id: string; number: string; dueAt: Date }> = {
  name: 'tickets.open311-filings',
  // Each batch takes the audit chain head's lock until its commit: parallel batches would queue on it.
  serial: true,
  async run(tx, filings) {
    const calendar = await calendarOf(tx);
    const rows = filings.map((f) => ({ ...f.values, ...clockOf(f.sla, f.values.createdAt, calendar) }));
    const events = filings.map((f) => ({ ticketId: f.values.id, regionCode: f.values.regionCode, action: 'submit', toStatus: 'submitted', actorType: 'api', actorId: f.values.apiClientId, at: f.values.createdAt }));
    // One statement for every ticket and its first history row (unnest: one array parameter per column);
    // a number drawn twice is drawn again (repo.insertTicketsWithHistory).
    const stored = await repo.insertTicketsWithHistory(tx, rows, events);
    await appendAuditMany(tx, filings.map((f) => f.audit));
    return stored.map((r) => ({ id: r.id, number: r.number, dueAt: r.dueAt }));
  },
};

/** A 12345 hotline operator files a ticket for a caller (in the operator's region); the caller's name and phone are stored encrypted. */
export async function submitHotline(ctx: AppContext, principal: Principal, input: SubmitInput, meta: RequestMeta, now: Date = systemClock()): Promise<repo.TicketRow> {
  const staff = asStaff(principal);
  if (!isDivisionCode(input.regionCode)) throw new AppError(TicketsErrors.TICKETS_DIVISION_UNKNOWN, { regionCode: input.regionCode });
  assertInScope(staff, input.regionCode);
  const { sla, ...category } = await categorised(ctx.db, input.kind, input.categoryId, input.attributes);
  return ctx.db.transaction(async (tx) => {
    const row = await repo.insertTicket(tx, {
      ...category,
      number: newNumber(now), kind: input.kind, status: 'submitted', channel: 'hotline', title: input.title.trim(), description: input.description.trim(),
      regionCode: input.regionCode, address: input.address?.trim() || null, lat: input.lat ?? null, long: input.long ?? null,
      reporterNameCipher: input.contactName?.trim() ? ctx.cipher.encrypt(input.contactName.trim()) : null,
      reporterPhoneCipher: input.contactPhone?.trim() ? ctx.cipher.encrypt(input.contactPhone.trim()) : null,
      ...clockOf(sla, now, await loadCalendar(tx)), createdAt: now, updatedAt: now,
    });
    await repo.insertEvent(tx, { ticketId: row.id, regionCode: row.regionCode, action: 'submit', toStatus: 'submitted', actorType: 'staff', actorId: staff.staffId, actorDepartment: staff.department, at: now });
    await appendAudit(tx, { ...auditBase(staff, meta), action: 'tickets.ticket.submit', subjectType: 'ticket', subjectId: row.id, regionCode: row.regionCode, detail: { kind: row.kind, channel: 'hotline' } });
    return row;
  });
}

/** Open311 reads: tickets in the key's region (the caller's filters were validated by the route). */
export async function queryOpen311(ctx: AppContext, api: Api, q: Omit<Parameters<typeof repo.open311Query>[1], 'scope'>, meta: RequestMeta): Promise<repo.TicketRow[]> {
  const rows = await repo.open311Query(ctx.db, { ...q, scope: api.regionCode });
  await recordAudit(ctx.db, { ...auditBase(api, meta), action: 'tickets.open311.read', subjectType: 'ticket', regionCode: api.regionCode || null, detail: { count: rows.length } });
  return rows;
}

/** The Open311 updates feed in the key's region (audited like the other Open311 reads). */
export async function open311Updates(ctx: AppContext, api: Api, q: { from: Date; to: Date; limit: number }, meta: RequestMeta): Promise<repo.Open311UpdateRow[]> {
  const rows = await repo.open311Updates(ctx.db, { ...q, scope: api.regionCode });
  await recordAudit(ctx.db, { ...auditBase(api, meta), action: 'tickets.open311.read', subjectType: 'ticket', regionCode: api.regionCode || null, detail: { count: rows.length, feed: 'updates' } });
  return rows;
}

// ------------------------------------------------------------------------------------------------
// Citizens

export async function listMine(ctx: AppContext, citizen: Citizen): Promise<repo.TicketRow[]> {
  return repo.ticketsOfCitizen(ctx.db, citizen.citizenId, 200);
}

async function mine(ctx: AppContext, citizen: Citizen, id: string): Promise<repo.TicketRow> {
  const row = await repo.findTicket(ctx.db, id);
  if (!row || row.reporterCitizenId !== citizen.citizenId) throw new AppError(CommonErrors.NOT_FOUND);
  return row;
}

export async function getMine(ctx: AppContext, citizen: Citizen, id: string): Promise<{ row: repo.TicketRow; events: repo.TicketEventRow[] }> {
  const row = await mine(ctx, citizen, id);
  return { row, events: await repo.eventsOf(ctx.db, row.id) };
}

/** The public progress query of an anonymous report: ticket number + follow-up code. */
export async function followUp(ctx: AppContext, number: string, code: string, ip: string): Promise<{ row: repo.TicketRow; events: repo.TicketEventRow[] }> {
  await limits.limitFollowUp(ctx, ip, number);
  const row = await repo.findTicketByNumber(ctx.db, number.trim().toUpperCase());
  const expected = Buffer.from(row?.followUpHash ?? '0'.repeat(64), 'hex');
  const given = Buffer.from(hashCode(code.trim()), 'hex');
  if (!row || !row.followUpHash || !timingSafeEqual(expected, given)) {
    await limits.recordFollowUpFailure(ctx, number);
    throw new AppError(TicketsErrors.TICKETS_FOLLOW_UP_FAILED);
  }
  return { row, events: await repo.eventsOf(ctx.db, row.id) };
}

// ------------------------------------------------------------------------------------------------
// Transitions

const REFUSAL_ERRORS: Record<TransitionRefusal['refusal'], ErrorEntry> = {
  illegal: TicketsErrors.TICKETS_TRANSITION_ILLEGAL,
  actor: TicketsErrors.TICKETS_ACTOR_NOT_ALLOWED,
  'note-required': TicketsErrors.TICKETS_NOTE_REQUIRED,
  'department-required': TicketsErrors.TICKETS_DEPARTMENT_REQUIRED,
  'same-department': TicketsErrors.TICKETS_SAME_DEPARTMENT,
  'rating-required': TicketsErrors.TICKETS_RATING_INVALID,
  'not-overdue': TicketsErrors.TICKETS_NOT_OVERDUE,
  'days-required': TicketsErrors.TICKETS_EXTENSION_DAYS_INVALID,
  'extension-pending': TicketsErrors.TICKETS_EXTENSION_PENDING,
  'no-extension': TicketsErrors.TICKETS_NO_EXTENSION,
  'master-required': TicketsErrors.TICKETS_MERGE_MASTER_INVALID,
};

/** Departments that can handle a ticket of this region: an active officer of a handling role whose scope contains it. */
export async function departmentsFor(db: DbOrTx, regionCode: string): Promise<string[]> {
  const rows = await repo.activeDepartments(db, HANDLER_ROLES);
  return [...new Set(rows.filter((r) => regionContains(r.regionCode, regionCode)).map((r) => r.department))].sort();
}

/** The machine's view of a stored ticket at `now`. */
export function stateOf(row: repo.TicketRow, now: Date) {
  return { status: row.status as TicketStatus, department: row.department, overdue: isOverdue(row.status as TicketStatus, row.dueAt, now), extensionPending: row.extensionDays !== null };
}

/** The ticket a duplicate merges into: another live ticket of a region the officer may see (duplicates are re-pointed to it). */
async function mergeMaster(tx: Tx, staff: Staff | null, row: repo.TicketRow, master: string | null | undefined): Promise<repo.TicketRow> {
  const ref = master?.trim() ?? '';
  if (!ref) throw new AppError(TicketsErrors.TICKETS_MERGE_MASTER_INVALID, { field: 'master' });
  const target = /^[0-9a-f-]{36}$/i.test(ref) ? await repo.findTicket(tx, ref) : await repo.findTicketByNumber(tx, ref.toUpperCase());
  if (!target || target.id === row.id || target.status === 'merged' || target.status === 'rejected' || (staff && !regionContains(staff.regionCode, target.regionCode))) {
    throw new AppError(TicketsErrors.TICKETS_MERGE_MASTER_INVALID, { field: 'master' });
  }
  return target;
}

/** Applies one transition to a locked ticket: state machine, fields, history and audit, in the caller's transaction. */
async function applyTransition(
  ctx: AppContext,
  tx: Tx,
  row: repo.TicketRow,
  actor: TicketActor,
  principal: Principal,
  input: TransitionInput & { comment?: string | null; master?: string | null },
  meta: RequestMeta,
  now: Date,
): Promise<repo.TicketRow> {
  const staff = principal.kind === 'staff' ? principal : null;
  const master = input.action === 'merge' ? await mergeMaster(tx, staff, row, input.master) : null;
  const days = input.action === 'approve_extension' ? row.extensionDays : input.days;
  const result = transition(stateOf(row, now), actor, { ...input, days, masterId: master?.id ?? null });
  if (isRefusal(result)) throw new AppError(REFUSAL_ERRORS[result.refusal], { ...result });
  if ((input.action === 'assign' || input.action === 'transfer') && !(await departmentsFor(tx, row.regionCode)).includes(result.department!)) {
    throw new AppError(TicketsErrors.TICKETS_DEPARTMENT_UNKNOWN, { department: result.department });
  }
  const note = input.note?.trim() || null;
  const patch: Partial<repo.NewTicket> = { status: result.status, department: result.department };
  if (!result.extensionPending) patch.extensionDays = null;
  switch (input.action) {
    case 'reject':
      patch.rejectReason = note;
      patch.closedAt = now;
      break;
    case 'reply':
      patch.reply = note;
      patch.repliedAt = now;
      break;
    case 'close':
      patch.closedAt = now;
      break;
    case 'supervise':
      patch.superviseCount = row.superviseCount + 1;
      patch.lastSupervisedAt = now;
      break;
    case 'request_extension':
      patch.extensionDays = input.days!;
      break;
    case 'approve_extension':
      patch.dueAt = extendedDue(row.dueAt, result.extendBy!, await loadCalendar(tx));
      patch.warnAt = new Date(patch.dueAt.getTime() - 24 * 3600_000);
      patch.extensionCount = row.extensionCount + 1;
      patch.warnedAt = null;
      patch.escalatedAt = null;
      break;
    case 'merge':
      patch.masterId = master!.id;
      patch.closedAt = now;
      if (master!.reply) {
        patch.reply = master!.reply;
        patch.repliedAt = master!.repliedAt;
      }
      // Duplicates of this ticket now follow its master.
      await repo.repointDuplicates(tx, row.id, master!.id);
      break;
    case 'visit':
      patch.visitedAt = now;
      if (input.rating !== null && input.rating !== undefined) patch.rating = input.rating;
      break;
    case 'rate':
      patch.rating = input.rating!;
      patch.ratingComment = input.comment?.trim() || null;
      if (!result.reopened) patch.closedAt = row.closedAt ?? now;
      break;
  }
  if (result.reopened) {
    patch.reopenCount = row.reopenCount + 1;
    patch.closedAt = null;
    patch.repliedAt = null;
    patch.visitedAt = null;
    patch.warnedAt = null;
    patch.escalatedAt = null;
  }
  const updated = await repo.updateTicket(tx, row.id, patch);
  const eventNote =
    input.action === 'rate' ? (input.comment?.trim() || null)
    : input.action === 'request_extension' ? `[${input.days}] ${note}`
    : input.action === 'merge' ? master!.number
    : note;
  await repo.insertEvent(tx, {
    ticketId: row.id,
    regionCode: row.regionCode,
    action: (input.action === 'rate' || input.action === 'visit') && result.reopened ? 'reopen' : input.action,
    fromStatus: row.status,
    toStatus: result.status,
    actorType: principal.kind,
    actorId: staff?.staffId ?? (principal.kind === 'citizen' ? principal.citizenId : null),
    actorDepartment: staff?.department ?? null,
    department: result.department,
    note: eventNote,
    at: now,
  });
  if (input.action === 'reply') await answerDuplicates(ctx, tx, updated, principal, now);
  await queueResult(tx, updated, input.action, now);
  const notifyAs = result.reopened ? 'reopen' : input.action;
  if (updated.reporterCitizenId && NOTIFIED[notifyAs] && principal.kind !== 'citizen') await notifyReporter(ctx, tx, updated, notifyAs, now);
  if (NOTIFIED[notifyAs] && updated.supportCount > 0) await notifySupporters(ctx, tx, updated, notifyAs, now);
  await appendAudit(tx, {
    ...auditBase(principal, meta),
    action: `tickets.ticket.${input.action}`,
    subjectType: 'ticket',
    subjectId: row.id,
    regionCode: row.regionCode,
    detail: {
      from: row.status, to: result.status, department: result.department,
      ...(input.action === 'rate' || input.action === 'visit' ? { rating: input.rating ?? null, reopened: result.reopened } : {}),
      ...(input.action === 'request_extension' || input.action === 'approve_extension' ? { days } : {}),
      ...(master ? { master: master.id } : {}),
    },
  });
  return updated;
}

/** What the reporter is told, through the notification centre (inbox), at each step they can see. */
const NOTIFIED: Partial<Record<string, { zh: string; en: string }>> = {
  accept: { zh: '已受理', en: 'has been accepted' },
  reject: { zh: '不予受理', en: 'was not accepted' },
  assign: { zh: '已派至承办部门', en: 'went to the handling department' },
  transfer: { zh: '已转办', en: 'was transferred to another department' },
  reply: { zh: '已答复，请查看并评价', en: 'has been answered: please read and rate it' },
  close: { zh: '已办结', en: 'is closed' },
  reopen: { zh: '已退回承办部门重新办理', en: 'went back to the department' },
  merge: { zh: '已与同类诉求合并办理', en: 'was merged with a ticket on the same matter' },
  master_reply: { zh: '已答复（合并办理），请查看', en: 'has been answered (merged ticket)' },
  approve_extension: { zh: '办理时限已延长', en: 'has a later deadline' },
};

async function notifyReporter(ctx: AppContext, tx: Tx, row: repo.TicketRow, action: string, now: Date): Promise<void> {
  const what = NOTIFIED[action]!;
  await sendNotices(ctx, tx, [{
    recipient: { type: 'citizen', id: row.reporterCitizenId! },
    kind: 'tickets.progress',
    title: { zh: `您的诉求 ${row.number} ${what.zh}`, en: `Your ticket ${row.number} ${what.en}` },
    body: { zh: row.title, en: row.title },
    link: `/m/tickets/${row.id}`,
    channels: ['inbox'],
    dedupeKey: `tickets.progress:${row.id}:${action}:${now.getTime()}`,
  }]);
}

/** The citizens who support the ticket hear of the same steps as its reporter (their list: /m/tickets). */
async function notifySupporters(ctx: AppContext, tx: Tx, row: repo.TicketRow, action: string, now: Date): Promise<void> {
  const what = NOTIFIED[action]!;
  const supporters = await tx.select({ citizenId: ticketSupporters.citizenId }).from(ticketSupporters).where(eq(ticketSupporters.ticketId, row.id));
  if (supporters.length === 0) return;
  await sendNotices(ctx, tx, supporters.map((s) => ({
    recipient: { type: 'citizen' as const, id: s.citizenId },
    kind: 'tickets.progress',
    title: { zh: `您关注的诉求 ${row.number} ${what.zh}`, en: `The ticket ${row.number} you support ${what.en}` },
    body: { zh: row.title, en: row.title },
    link: '/m/tickets',
    channels: ['inbox'] as const,
    dedupeKey: `tickets.support-progress:${row.id}:${s.citizenId}:${action}:${now.getTime()}`,
  })));
}

/**
 * "我也遇到了": a signed-in citizen adds themselves to an open ticket (found through the duplicate
 * suggestions, by its number) instead of filing a new one. Counted once per citizen on the ticket
 * (support_count, shown to officers) and told of its progress. A repeat answers the same (created: false).
 * A duplicate merged into a master forwards the support to its master (`forwardedFrom`: the number
 * asked for), which is the ticket being handled; a settled master takes none (TICKETS_SUPPORT_CLOSED).
 */
export async function supportTicket(ctx: AppContext, citizen: Citizen, number: string, meta: RequestMeta, now: Date = systemClock()) {
  return ctx.db.transaction(async (tx) => {
    const found = await repo.findTicketByNumber(tx, number.trim().toUpperCase());
    if (!found) throw new AppError(CommonErrors.NOT_FOUND);
    if (found.reporterCitizenId === citizen.citizenId) throw new AppError(TicketsErrors.TICKETS_SUPPORT_OWN);
    // A merged duplicate points at its master (kept current by repointDuplicates; a few hops at most for older rows).
    let target = found;
    for (let hops = 0; target.status === 'merged' && target.masterId && hops < 8; hops++) {
      const master = await repo.findTicket(tx, target.masterId);
      if (!master) break;
      target = master;
    }
    const forwardedFrom = target.id === found.id ? null : found.number;
    const row = (await repo.findTicketForUpdate(tx, target.id))!;
    if (['rejected', 'closed', 'visited', 'merged'].includes(row.status)) throw new AppError(TicketsErrors.TICKETS_SUPPORT_CLOSED);
    if (row.reporterCitizenId === citizen.citizenId) throw new AppError(TicketsErrors.TICKETS_SUPPORT_OWN);
    const inserted = await tx.insert(ticketSupporters).values({ ticketId: row.id, citizenId: citizen.citizenId, createdAt: now }).onConflictDoNothing().returning({ ticketId: ticketSupporters.ticketId });
    let updated = row;
    if (inserted.length > 0) {
      [updated] = await tx.update(tickets).set({ supportCount: sql`${tickets.supportCount} + 1` }).where(eq(tickets.id, row.id)).returning();
      await appendAudit(tx, {
        ...auditBase(citizen, meta), action: 'tickets.ticket.support', subjectType: 'ticket', subjectId: row.id, regionCode: row.regionCode,
        detail: { supportCount: updated.supportCount, ...(forwardedFrom ? { forwardedFrom: found.id } : {}) },
      });
    }
    return { row: updated, created: inserted.length > 0, forwardedFrom };
  });
}

/**
 * Withdraws one's support (我也遇到了) of a ticket, by its number: the citizen stops following it and
 * is no longer counted (support_count − 1) nor told of its progress. Any status (a settled ticket too).
 * Not a supporter (or no such ticket) → 404 TICKETS_NOT_SUPPORTING.
 */
export async function withdrawSupport(ctx: AppContext, citizen: Citizen, number: string, meta: RequestMeta): Promise<repo.TicketRow> {
  return ctx.db.transaction(async (tx) => {
    const found = await repo.findTicketByNumber(tx, number.trim().toUpperCase());
    if (!found) throw new AppError(TicketsErrors.TICKETS_NOT_SUPPORTING);
    const removed = await tx
      .delete(ticketSupporters)
      .where(and(eq(ticketSupporters.ticketId, found.id), eq(ticketSupporters.citizenId, citizen.citizenId)))
      .returning({ ticketId: ticketSupporters.ticketId });
    if (removed.length === 0) throw new AppError(TicketsErrors.TICKETS_NOT_SUPPORTING);
    const [updated] = await tx.update(tickets).set({ supportCount: sql`greatest(${tickets.supportCount} - 1, 0)` }).where(eq(tickets.id, found.id)).returning();
    await appendAudit(tx, { ...auditBase(citizen, meta), action: 'tickets.ticket.unsupport', subjectType: 'ticket', subjectId: found.id, regionCode: found.regionCode, detail: { supportCount: updated.supportCount } });
    return updated;
  });
}

/** The tickets a citizen supports (newest first), for their list: public fields only. */
export async function supportedBy(ctx: AppContext, citizen: Citizen): Promise<repo.TicketRow[]> {
  return ctx.db
    .select({ t: tickets })
    .from(ticketSupporters)
    .innerJoin(tickets, eq(tickets.id, ticketSupporters.ticketId))
    .where(eq(ticketSupporters.citizenId, citizen.citizenId))
    .orderBy(desc(ticketSupporters.createdAt))
    .limit(100)
    .then((r) => r.map((x) => x.t));
}

/** The master's answer goes to every duplicate merged into it (recorded in each duplicate's history). */
async function answerDuplicates(ctx: AppContext, tx: Tx, master: repo.TicketRow, principal: Principal, now: Date): Promise<void> {
  const duplicates = await repo.duplicatesOf(tx, master.id);
  for (const d of duplicates) {
    const answered = await repo.updateTicket(tx, d.id, { reply: master.reply, repliedAt: now });
    if (answered.reporterCitizenId) await notifyReporter(ctx, tx, answered, 'master_reply', now);
    // Those who supported the duplicate (before it was merged) hear of the master's answer too.
    if (answered.supportCount > 0) await notifySupporters(ctx, tx, answered, 'master_reply', now);
    await repo.insertEvent(tx, {
      ticketId: d.id, regionCode: d.regionCode, action: 'master_reply', fromStatus: d.status, toStatus: d.status, actorType: principal.kind,
      actorId: principal.kind === 'staff' ? principal.staffId : null, actorDepartment: principal.kind === 'staff' ? principal.department : null,
      department: master.department, note: master.reply, at: now,
    });
  }
}

/** How tickets appear in the 好差评 figures by item. */
const TICKET_SUBJECT_NAMES: Record<TicketKind, string> = { report: '督查举报', complaint: '投诉', consultation: '咨询', suggestion: '建议', help: '求助' };
/** The department of a rating on a ticket answered without one (e.g. rejected by the dispatcher). */
const UNASSIGNED = '未分派';

/** A citizen rates the answer to their ticket (1 非常满意 … 5 非常不满意); 4 and 5 reopen it. */
export async function rateMine(
  ctx: AppContext, citizen: Citizen, id: string, input: { rating: number; comment?: string | null }, meta: RequestMeta, now: Date = systemClock(),
): Promise<repo.TicketRow> {
  return ctx.db.transaction(async (tx) => {
    const row = await repo.findTicketForUpdate(tx, id);
    if (!row || row.reporterCitizenId !== citizen.citizenId) throw new AppError(CommonErrors.NOT_FOUND);
    const rated = await applyTransition(ctx, tx, row, 'reporter', citizen, { action: 'rate', rating: input.rating, comment: input.comment }, meta, now);
    // 好差评: the rating of this answer is also an evaluation of the department (a bad one opens its rectification task).
    await recordEvaluation(tx, {
      sourceType: 'ticket', sourceId: row.id, subjectCode: `ticket.${row.kind}`, subjectName: TICKET_SUBJECT_NAMES[row.kind as TicketKind] ?? row.kind,
      department: row.department ?? UNASSIGNED, regionCode: row.regionCode, citizenId: citizen.citizenId, level: input.rating, comment: input.comment, channel: 'app',
    }, { actor: citizen, meta }, now);
    return rated;
  });
}

/** How a staff member sees a ticket: as dispatcher of its region, as its department, or not at all (NOT_FOUND). */
function staffRole(staff: Staff, row: repo.TicketRow): TicketActor {
  assertInScope(staff, row.regionCode);
  if (isDispatcher(staff)) return 'dispatcher';
  if (row.department !== null && row.department === staff.department) return 'department';
  throw new AppError(CommonErrors.NOT_FOUND);
}

export const DISPATCH_ACTIONS = ['accept', 'reject', 'assign', 'transfer', 'return', 'close', 'supervise', 'approve_extension', 'deny_extension', 'merge', 'visit'] as const;
export const HANDLE_ACTIONS = ['start', 'reply', 'return', 'request_extension'] as const;
export type DispatchAction = (typeof DISPATCH_ACTIONS)[number];
export type HandleAction = (typeof HANDLE_ACTIONS)[number];
export interface DispatchInput { action: DispatchAction; note?: string | null; department?: string | null; master?: string | null; rating?: number | null }
export interface HandleInput { action: HandleAction; note?: string | null; days?: number | null }

/** A dispatcher's action on a ticket of their region. */
export async function dispatch(
  ctx: AppContext, principal: Principal, id: string, input: DispatchInput, meta: RequestMeta, now: Date = systemClock(),
): Promise<StaffTicketView> {
  const staff = asStaff(principal);
  return ctx.db.transaction(async (tx) => {
    const row = await repo.findTicketForUpdate(tx, id);
    if (!row) throw new AppError(CommonErrors.NOT_FOUND);
    assertInScope(staff, row.regionCode);
    // 派单 without a department follows the routing rules (category × division).
    const department = input.action === 'assign' && !input.department?.trim() ? await routedDepartment(tx, row) : input.department;
    const updated = await applyTransition(ctx, tx, row, 'dispatcher', staff, { ...input, department }, meta, now);
    if (input.action === 'visit' && input.rating !== null && input.rating !== undefined) {
      // 好差评 heard on the phone at the 回访: an evaluation of the department like the reporter's own (channel phone;
      // the call record stays on the ticket, not in the evaluation). A bad one opens the rectification task.
      await recordEvaluation(tx, {
        sourceType: 'ticket', sourceId: row.id, subjectCode: `ticket.${row.kind}`, subjectName: TICKET_SUBJECT_NAMES[row.kind as TicketKind] ?? row.kind,
        department: row.department ?? UNASSIGNED, regionCode: row.regionCode, citizenId: row.reporterCitizenId, level: input.rating, tags: ['回访'], channel: 'phone',
      }, { actor: staff, meta }, now);
    }
    return afterTransition(tx, updated, 'dispatcher');
  });
}

/** A handling department's action on a ticket assigned to it (a dispatcher may act for it). */
export async function handle(
  ctx: AppContext, principal: Principal, id: string, input: HandleInput, meta: RequestMeta, now: Date = systemClock(),
): Promise<StaffTicketView> {
  const staff = asStaff(principal);
  return ctx.db.transaction(async (tx) => {
    const row = await repo.findTicketForUpdate(tx, id);
    if (!row) throw new AppError(CommonErrors.NOT_FOUND);
    assertInScope(staff, row.regionCode);
    const actor: TicketActor = row.department !== null && row.department === staff.department ? 'department' : isDispatcher(staff) ? 'dispatcher' : staffRole(staff, row);
    return afterTransition(tx, await applyTransition(ctx, tx, row, actor, staff, input, meta, now), actor);
  });
}

/** What the acting officer is shown after a transition (even when the ticket has left their department). */
export interface StaffTicketView {
  row: repo.TicketRow;
  events: repo.TicketEventRow[];
  actor: TicketActor;
  departments: string[];
  /** The department the routing rules send it to (dispatchers only). */
  suggestedDepartment: string | null;
}

async function afterTransition(tx: Tx, row: repo.TicketRow, actor: TicketActor): Promise<StaffTicketView> {
  return { row, events: await repo.eventsOf(tx, row.id), actor, departments: actor === 'dispatcher' ? await departmentsFor(tx, row.regionCode) : [], suggestedDepartment: actor === 'dispatcher' ? await routedDepartment(tx, row) : null };
}

// ------------------------------------------------------------------------------------------------
// Staff reads (masked by the presenter, every read audited)

export interface WorklistQuery {
  status?: string[];
  kind?: string;
  overdue?: boolean;
  number?: string;
  limit: number;
  offset: number;
  /** Keyset pagination: the `next` cursor of the previous page. */
  after?: repo.WorklistCursor;
}

/** The worklist: a dispatcher sees their region, a handler their department's tickets in their region; overdue first. */
export async function worklist(ctx: AppContext, principal: Principal, q: WorklistQuery, meta: RequestMeta, now: Date = systemClock()) {
  const staff = asStaff(principal);
  const result = await repo.worklist(ctx.db, {
    scope: staff.regionCode,
    department: isDispatcher(staff) ? undefined : staff.department,
    status: q.status,
    kind: q.kind,
    overdue: q.overdue,
    number: q.number?.trim().toUpperCase(),
    now,
    limit: q.limit,
    offset: q.offset,
    after: q.after,
  });
  await recordAudit(ctx.db, {
    ...auditBase(staff, meta), action: 'tickets.worklist.read', subjectType: 'ticket', regionCode: staff.regionCode || null,
    detail: { count: result.rows.length, total: result.total, ...(result.totalCapped ? { totalCapped: true } : {}), filters: { status: q.status, kind: q.kind, overdue: q.overdue }, ...(q.after ? { keyset: true } : {}) },
  });
  return { ...result, next: result.next ? repo.encodeCursor(result.next) : null, dispatcher: isDispatcher(staff) };
}

/** One ticket for an officer, with its history; the read is audited (the presenter masks the reporter). */
export async function getForStaff(ctx: AppContext, principal: Principal, id: string, meta: RequestMeta) {
  const staff = asStaff(principal);
  const row = await repo.findTicket(ctx.db, id);
  if (!row) throw new AppError(CommonErrors.NOT_FOUND);
  const actor = staffRole(staff, row);
  const events = await repo.eventsOf(ctx.db, row.id);
  await recordAudit(ctx.db, { ...auditBase(staff, meta), action: 'tickets.ticket.read', subjectType: 'ticket', subjectId: row.id, regionCode: row.regionCode, detail: { as: actor } });
  return { row, events, actor, departments: actor === 'dispatcher' ? await departmentsFor(ctx.db, row.regionCode) : [], suggestedDepartment: actor === 'dispatcher' ? await routedDepartment(ctx.db, row) : null };
}

/** An attachment of a ticket the officer may see (the read is audited). */
export async function attachmentForStaff(ctx: AppContext, principal: Principal, id: string, fileId: string, meta: RequestMeta): Promise<{ mimeType: string; size: number; open: () => Readable }> {
  const staff = asStaff(principal);
  const row = await repo.findTicket(ctx.db, id);
  if (!row) throw new AppError(CommonErrors.NOT_FOUND);
  staffRole(staff, row);
  if (!row.attachments.includes(fileId)) throw new AppError(CommonErrors.NOT_FOUND);
  const file = await repo.fileById(ctx.db, fileId);
  const storage = new LocalDiskStorage(join(ctx.config.dataDir, 'files'));
  if (!file || !(await storage.exists(file.storageKey))) throw new AppError(CommonErrors.NOT_FOUND);
  await recordAudit(ctx.db, { ...auditBase(staff, meta), action: 'tickets.attachment.read', subjectType: 'file', subjectId: fileId, regionCode: row.regionCode, detail: { ticketId: row.id } });
  return { mimeType: file.mimeType, size: file.size, open: () => storage.open(file.storageKey) };
}

/**
 * Open tickets a draft may repeat (same kind / category, same county, near, similar words): public
 * fields only — number, title, status, distance — so a citizen can follow an existing one instead.
 */
export async function similarTickets(ctx: AppContext, draft: { kind: TicketKind; categoryId?: string | null; regionCode: string; lat?: number | null; long?: number | null; address?: string | null; title: string; description?: string | null }, now: Date = systemClock()) {
  if (!isDivisionCode(draft.regionCode)) throw new AppError(TicketsErrors.TICKETS_DIVISION_UNKNOWN, { regionCode: draft.regionCode });
  const county = draft.regionCode.slice(0, 6);
  const rows = await repo.similarCandidates(ctx.db, { kind: draft.kind, categoryId: draft.categoryId ?? null, county, since: new Date(now.getTime() - 90 * 86_400_000), limit: 500 });
  const ranked = rank(
    { text: `${draft.title} ${draft.description ?? ''}`, lat: draft.lat ?? null, long: draft.long ?? null, regionCode: draft.regionCode, address: draft.address ?? null },
    rows.map((r) => ({ id: r.id, text: `${r.title} ${r.description}`, lat: r.lat, long: r.long, regionCode: r.regionCode, address: r.address, row: r })),
  );
  return ranked.map((x) => ({ number: x.candidate.row.number, title: x.candidate.row.title, status: x.candidate.row.status as TicketStatus, createdAt: x.candidate.row.createdAt.toISOString(), distanceM: x.distanceM, similarity: Math.round(x.similarity * 100) / 100 }));
}
