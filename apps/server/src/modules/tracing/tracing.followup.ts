import { divisionPrefix, todayInChina, isDay } from '@fangxian/contracts/kernel';
import { asStaff } from '../../platform/access/policy.ts';
import { regionContains, type Principal } from '../../platform/access/principal.ts';
import { appendAudit, recordAudit } from '../../platform/audit/audit.service.ts';
import { isDivisionCode } from '../../platform/divisions/index.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { onFactsChanged } from '../health-code/index.ts';
import { TracingErrors } from './tracing.errors.ts';
import * as repo from './tracing.repository.ts';
import { countyOf, isSymptomatic, missedDays } from './tracing.rules.ts';

/**
 * Contact worklists and daily follow-up (密接管理与医学观察随访): a confirmed contact is on the
 * worklist of their household county (tracing.service decideContact), can be handed over to another
 * county, is followed up once a day for their follow-up period, missed days are flagged, and a
 * contact who falls ill is escalated to a suspected case in one step.
 */

type Staff = ReturnType<typeof asStaff>;
const auditBase = (actor: Principal, meta: RequestMeta) => ({ actor, ip: meta.ip, requestId: meta.requestId });

/** A contact the officer may work on: its worklist's region must be in their scope (else NOT_FOUND). */
async function contactInScope(ctx: AppContext, staff: Staff, id: string, tx?: Parameters<typeof repo.findContact>[0]): Promise<repo.ContactRow> {
  const row = await repo.findContact(tx ?? ctx.db, id, { lock: !!tx });
  if (!row || row.decision !== 'confirmed' || !regionContains(staff.regionCode, row.assignedRegion)) throw new AppError(CommonErrors.NOT_FOUND);
  return row;
}

export interface WorklistEntry {
  contact: repo.ContactRow;
  person: { nameCipher: string | null; phoneCipher: string; householdDivision: string | null } | null;
  today: repo.FollowUpRow | null;
  last: repo.FollowUpRow | null;
  missed: string[];
  handovers: repo.HandoverRow[];
}

/**
 * The daily follow-up list of a team: confirmed contacts whose follow-up covers `day`, on worklists
 * under `divisionCode` (a county, town or the officer's whole region: teams by division hierarchy),
 * each with that day's entry, the last entry and the missed days. Masked by the presenter; audited.
 */
export async function dailyList(ctx: AppContext, principal: Principal, query: { day?: string; divisionCode?: string }, meta: RequestMeta): Promise<{ day: string; divisionCode: string; entries: WorklistEntry[] }> {
  const staff = asStaff(principal);
  const today = todayInChina();
  const day = query.day ?? today;
  if (!isDay(day) || day > today) throw new AppError(TracingErrors.TRACING_DATES_INVALID, { field: 'day' });
  const divisionCode = query.divisionCode ?? staff.regionCode;
  if (!isDivisionCode(divisionCode)) throw new AppError(TracingErrors.TRACING_DIVISION_UNKNOWN, { divisionCode });
  if (!regionContains(staff.regionCode, divisionCode)) throw new AppError(CommonErrors.FORBIDDEN);
  const contacts = await repo.worklist(ctx.db, { prefix: divisionPrefix(divisionCode), day, limit: 2000 });
  const ids = contacts.map((c) => c.id);
  const [people, entries, handovers] = await Promise.all([
    repo.citizensByIds(ctx.db, contacts.map((c) => c.citizenId)),
    repo.followUpsOf(ctx.db, ids),
    repo.handoversOf(ctx.db, ids),
  ]);
  const byPerson = new Map(people.map((p) => [p.id, p]));
  const list = contacts.map((contact) => {
    const own = entries.filter((e) => e.contactId === contact.id);
    const period = { from: contact.followFrom!, until: contact.followUntil! };
    const decidedDay = todayOf(contact.decidedAt);
    return {
      contact,
      person: byPerson.get(contact.citizenId) ?? null,
      today: own.find((e) => e.day === day) ?? null,
      last: own.at(-1) ?? null,
      missed: missedDays(period, decidedDay, day, own.map((e) => e.day)),
      handovers: handovers.filter((h) => h.contactId === contact.id),
    };
  });
  await recordAudit(ctx.db, { ...auditBase(staff, meta), action: 'tracing.follow-up.list', subjectType: 'tracing_contact', regionCode: divisionCode, detail: { day, count: list.length } });
  return { day, divisionCode, entries: list };
}

const todayOf = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** Hands a contact over to another county's worklist (e.g. they live elsewhere), with the reason; audited, kept in the hand-over history. */
export async function handOver(ctx: AppContext, principal: Principal, id: string, input: { regionCode: string; reason: string }, meta: RequestMeta): Promise<repo.ContactRow> {
  const staff = asStaff(principal);
  const target = countyOf(input.regionCode);
  if (!isDivisionCode(input.regionCode) || !isDivisionCode(target)) throw new AppError(TracingErrors.TRACING_DIVISION_UNKNOWN, { divisionCode: input.regionCode });
  return ctx.db.transaction(async (tx) => {
    const contact = await contactInScope(ctx, staff, id, tx);
    if (contact.assignedRegion === target) throw new AppError(TracingErrors.TRACING_HANDOVER_SAME_REGION);
    const row = await repo.updateContact(tx, id, { assignedRegion: target });
    await repo.insertHandover(tx, { contactId: id, fromRegion: contact.assignedRegion, toRegion: target, reason: input.reason, handedBy: staff.staffId });
    await appendAudit(tx, {
      ...auditBase(staff, meta),
      action: 'tracing.contact.hand-over',
      subjectType: 'tracing_contact',
      subjectId: id,
      regionCode: contact.assignedRegion,
      detail: { from: contact.assignedRegion, to: target },
    });
    return row;
  });
}

export interface FollowUpInput {
  day: string;
  reached: boolean;
  symptoms: string[];
  temperature?: number | null;
  testTaken: boolean;
  note?: string;
}

/** Records (or corrects) one day's follow-up of a contact: the day must lie in the period and not in the future. */
export async function recordFollowUp(ctx: AppContext, principal: Principal, id: string, input: FollowUpInput, meta: RequestMeta): Promise<repo.FollowUpRow & { symptomatic: boolean }> {
  const staff = asStaff(principal);
  if (!isDay(input.day) || input.day > todayInChina()) throw new AppError(TracingErrors.TRACING_DATES_INVALID, { field: 'day' });
  if (!input.reached && (input.symptoms.length > 0 || input.temperature != null || input.testTaken)) throw new AppError(TracingErrors.TRACING_FOLLOW_UP_UNREACHED, { field: 'reached' });
  const row = await ctx.db.transaction(async (tx) => {
    const contact = await contactInScope(ctx, staff, id, tx);
    if (contact.followStatus !== 'active' || !contact.followFrom || !contact.followUntil) throw new AppError(TracingErrors.TRACING_FOLLOW_UP_CLOSED);
    if (input.day < contact.followFrom || input.day > contact.followUntil) throw new AppError(TracingErrors.TRACING_DATES_INVALID, { field: 'day' });
    const saved = await repo.upsertFollowUp(tx, {
      contactId: id,
      day: input.day,
      reached: input.reached,
      symptoms: [...new Set(input.symptoms)],
      temperature: input.temperature == null ? null : input.temperature.toFixed(1),
      testTaken: input.testTaken,
      note: input.note ?? '',
      recordedBy: staff.staffId,
    });
    await appendAudit(tx, {
      ...auditBase(staff, meta),
      action: 'tracing.follow-up.record',
      subjectType: 'tracing_contact',
      subjectId: id,
      regionCode: contact.assignedRegion,
      detail: { day: input.day, reached: input.reached },
    });
    return saved;
  });
  return { ...row, symptomatic: isSymptomatic({ symptoms: row.symptoms, temperature: row.temperature === null ? null : Number(row.temperature) }) };
}

/**
 * Escalates a followed-up contact who fell ill to a suspected case in one step: the case is opened in
 * the contact's worklist region for the same person (their document's ciphertext and blind index),
 * source 密接转归, linked to the contact (and so to the case they were exposed to); the follow-up ends;
 * the health code is recomputed.
 */
export async function escalate(ctx: AppContext, principal: Principal, id: string, input: { reason: string; onsetDate?: string }, meta: RequestMeta): Promise<repo.CaseRow> {
  const staff = asStaff(principal);
  const today = todayInChina();
  if (input.onsetDate && (!isDay(input.onsetDate) || input.onsetDate > today)) throw new AppError(TracingErrors.TRACING_DATES_INVALID, { field: 'onsetDate' });
  const created = await ctx.db.transaction(async (tx) => {
    const contact = await contactInScope(ctx, staff, id, tx);
    if (contact.followStatus !== 'active') throw new AppError(TracingErrors.TRACING_FOLLOW_UP_CLOSED);
    const person = await repo.citizenDocument(tx, contact.citizenId);
    if (!person?.documentIndex || !person.documentNumberCipher || !person.nameCipher || !person.documentType) throw new AppError(TracingErrors.TRACING_CONTACT_NOT_REAL_NAME);
    const row = await repo.insertCase(tx, {
      status: 'suspected',
      documentType: person.documentType,
      documentIndex: person.documentIndex,
      documentNumberCipher: person.documentNumberCipher,
      nameCipher: person.nameCipher,
      citizenId: contact.citizenId,
      onsetDate: input.onsetDate ?? today,
      reportDate: today,
      confirmedDate: null,
      source: 'contact_tracing',
      regionCode: contact.assignedRegion,
      notes: input.reason,
      sourceContactId: contact.id,
      createdBy: staff.staffId,
    });
    await repo.insertHistory(tx, { caseId: row.id, fromStatus: null, toStatus: 'suspected', reason: `密接随访转疑似：${input.reason}`, changedBy: staff.staffId });
    await repo.updateContact(tx, id, { followStatus: 'escalated', escalatedCaseId: row.id });
    await appendAudit(tx, {
      ...auditBase(staff, meta),
      action: 'tracing.contact.escalate',
      subjectType: 'tracing_contact',
      subjectId: id,
      regionCode: contact.assignedRegion,
      detail: { caseId: row.id, sourceCaseId: contact.caseId },
    });
    return row;
  });
  await onFactsChanged(ctx, created.citizenId!, { type: 'actor', actorType: 'staff', actorId: staff.staffId, action: 'tracing.contact.escalate' });
  return created;
}
