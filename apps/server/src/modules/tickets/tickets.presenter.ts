import type { FieldCipher } from '../../platform/crypto/field-cipher.ts';
import { maskName, maskPhone } from '../../platform/crypto/masking.ts';
import type { TicketEventRow, TicketRow } from './tickets.repository.ts';
import { actionsFrom, actionsOpen, isOverdue, type TicketActor, type TicketKind, type TicketStatus } from './tickets.rules.ts';

const maskEmail = (email: string | null): string | null => {
  if (!email) return null;
  const [user, domain] = email.split('@');
  return domain ? `${user.slice(0, 1)}***@${domain}` : '***';
};

/** The fields every view of a ticket shares (no personal data). */
function base(row: TicketRow, now: Date) {
  return {
    id: row.id,
    number: row.number,
    kind: row.kind as TicketKind,
    status: row.status as TicketStatus,
    channel: row.channel,
    title: row.title,
    regionCode: row.regionCode,
    department: row.department,
    dueAt: row.dueAt.toISOString(),
    overdue: isOverdue(row.status as TicketStatus, row.dueAt, now),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A worklist line. */
export function presentListItem(row: TicketRow, now: Date) {
  return base(row, now);
}

/** What the reporter sees of their own ticket: the answer, the rating, and which actions are theirs. */
export function presentOwn(row: TicketRow, now: Date) {
  return {
    ...base(row, now),
    description: row.description,
    address: row.address,
    attachments: row.attachments,
    reply: row.reply,
    rejectReason: row.rejectReason,
    rating: row.rating,
    ratingComment: row.ratingComment,
    reopenCount: row.reopenCount,
    canRate: actionsFrom(row.status as TicketStatus, 'reporter').includes('rate'),
    categoryId: row.categoryId,
    attributes: row.attributes,
  };
}

/**
 * The reporter's timeline: what happened and which department holds it, with the answer and the
 * rejection reason — never an officer's name, nor internal notes (transfer, return reasons).
 */
export function presentPublicTimeline(events: TicketEventRow[]) {
  return events.map((e) => ({
    action: e.action,
    status: e.toStatus as TicketStatus,
    department: e.department,
    note: ['reply', 'reject', 'rate', 'reopen', 'master_reply'].includes(e.action) ? e.note : null,
    at: e.at.toISOString(),
  }));
}

/** An officer's view: the full history, the reporter's contact masked, the actions the officer may take. */
export function presentForStaff(row: TicketRow, events: TicketEventRow[], actor: TicketActor, departments: string[], cipher: FieldCipher, now: Date) {
  return {
    ...presentOwn(row, now),
    lat: row.lat,
    long: row.long,
    mediaUrl: row.mediaUrl,
    anonymous: row.reporterCitizenId === null && row.channel === 'app',
    reporter: {
      name: row.reporterNameCipher ? maskName(cipher.decrypt(row.reporterNameCipher)) : null,
      phone: row.reporterPhoneCipher ? maskPhone(cipher.decrypt(row.reporterPhoneCipher)) : null,
      email: row.reporterEmailCipher ? maskEmail(cipher.decrypt(row.reporterEmailCipher)) : null,
    },
    history: events.map((e) => ({
      action: e.action,
      fromStatus: e.fromStatus as TicketStatus | null,
      status: e.toStatus as TicketStatus,
      actorType: e.actorType,
      actorDepartment: e.actorDepartment,
      department: e.department,
      note: e.note,
      at: e.at.toISOString(),
    })),
    masterId: row.masterId,
    superviseCount: row.superviseCount,
    supportCount: row.supportCount,
    lastSupervisedAt: row.lastSupervisedAt?.toISOString() ?? null,
    extensionDays: row.extensionDays,
    extensionCount: row.extensionCount,
    as: actor,
    actions: actionsOpen(
      { status: row.status as TicketStatus, department: row.department, overdue: isOverdue(row.status as TicketStatus, row.dueAt, now), extensionPending: row.extensionDays !== null },
      actor,
    ),
    departments,
  };
}
