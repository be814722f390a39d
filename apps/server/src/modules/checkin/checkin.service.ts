import { randomInt, randomUUID } from 'node:crypto';
import { addDays, divisionPrefix, isDay, todayInChina } from '@fangxian/contracts/kernel';
import { asCitizen, assertInScope, asStaff } from '../../platform/access/policy.ts';
import type { Principal } from '../../platform/access/principal.ts';
import { appendAudit, recordAudit } from '../../platform/audit/audit.service.ts';
import { divisionName, isDivisionCode, isLeafDivision } from '../../platform/divisions/index.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { normaliseMainlandMobile } from '../../platform/identity/index.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { assertUnderRate, recordRateHit, type RateRule } from '../../platform/identity/rate-limit.ts';
import { sendNotices, type Notice, type SendSummary } from '../../platform/notifications/index.ts';
import { doorCodeOf, HealthCodeErrors, onFactsChanged } from '../health-code/index.ts';
import { CheckinErrors } from './checkin.errors.ts';
import * as repo from './checkin.repository.ts';
import { formsChanged, formsHeld, formsOf } from './checkin.cache.ts';
import { reminderNotice } from './checkin.reminders.ts';
import { abnormalReasons, answersProblem, checkExtraAnswers, extraFieldsProblems, isLate, normalStreak, normaliseCreditCode, reportDay, resolveDepartment, streaksOf, type ExtraField, type OrgType } from './checkin.rules.ts';
import { isTimeOfDay } from '../../platform/notifications/index.ts';

const auditBase = (actor: Principal, meta: RequestMeta) => ({ actor, ip: meta.ip, requestId: meta.requestId });
const INVITE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function newInviteCode(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += INVITE_ALPHABET[randomInt(INVITE_ALPHABET.length)];
  return s;
}

// ——— organisations ———

/** A citizen registers an organisation; it waits for an officer of its division; the registrant is its first administrator. */
export async function registerOrg(
  ctx: AppContext,
  principal: Principal,
  input: { name: string; type: OrgType; creditCode: string; divisionCode: string; address: string },
  meta: RequestMeta,
): Promise<repo.OrgRow> {
  const citizen = asCitizen(principal);
  const creditCode = normaliseCreditCode(input.creditCode);
  if (!creditCode) throw new AppError(CheckinErrors.CHECKIN_CREDIT_CODE_INVALID);
  if (!isLeafDivision(input.divisionCode)) throw new AppError(CheckinErrors.CHECKIN_DIVISION_INVALID, { divisionCode: input.divisionCode });
  if (await repo.findOrgByCreditCode(ctx.db, creditCode)) throw new AppError(CheckinErrors.CHECKIN_CREDIT_CODE_TAKEN);
  return ctx.db.transaction(async (tx) => {
    const org = await repo.insertOrg(tx, {
      name: input.name.trim(),
      type: input.type,
      creditCode,
      divisionCode: input.divisionCode,
      address: input.address.trim(),
      inviteCode: newInviteCode(),
      createdBy: citizen.citizenId,
    });
    await repo.upsertMember(tx, { orgId: org.id, citizenId: citizen.citizenId, role: 'admin', status: 'active', joinedVia: 'register', consentAt: new Date() });
    await repo.openPeriods(tx, org.id, [citizen.citizenId], todayInChina());
    await appendAudit(tx, { ...auditBase(citizen, meta), action: 'checkin.org.register', subjectType: 'checkin_org', subjectId: org.id, regionCode: org.divisionCode });
    return org;
  });
}

/** Organisations in the officer's region (optionally of one status). */
export async function listOrgsForOfficer(ctx: AppContext, principal: Principal, query: { status?: string; limit: number }): Promise<repo.OrgRow[]> {
  const staff = asStaff(principal);
  return repo.listOrgs(ctx.db, { scopePrefix: staff.regionCode ? divisionPrefix(staff.regionCode) : '', status: query.status, limit: query.limit });
}

/** An officer of the organisation's region approves or rejects it; the registrant is told through the notification centre. */
export async function decideOrg(ctx: AppContext, principal: Principal, id: string, input: { approve: boolean; note?: string }, meta: RequestMeta): Promise<repo.OrgRow> {
  const staff = asStaff(principal);
  const org = await repo.findOrg(ctx.db, id);
  if (!org) throw new AppError(CommonErrors.NOT_FOUND);
  assertInScope(staff, org.divisionCode);
  if (org.status !== 'pending') throw new AppError(CheckinErrors.CHECKIN_ORG_NOT_PENDING);
  // The registrant reads why in the notice and on the organisation's page.
  if (!input.approve && !input.note?.trim()) throw new AppError(CheckinErrors.CHECKIN_REJECTION_REASON_REQUIRED, { field: 'note' });
  return ctx.db.transaction(async (tx) => {
    const row = await repo.decideOrg(tx, id, { status: input.approve ? 'approved' : 'rejected', decidedBy: staff.staffId, decisionNote: input.note ?? null });
    if (!row) throw new AppError(CheckinErrors.CHECKIN_ORG_NOT_PENDING);
    await appendAudit(tx, {
      ...auditBase(staff, meta),
      action: input.approve ? 'checkin.org.approve' : 'checkin.org.reject',
      subjectType: 'checkin_org',
      subjectId: row.id,
      regionCode: row.divisionCode,
    });
    await sendNotices(ctx, tx, [
      {
        recipient: { type: 'citizen', id: row.createdBy },
        kind: 'checkin.org-decision',
        title: input.approve ? { zh: '单位登记已通过', en: 'Organisation approved' } : { zh: '单位登记未通过', en: 'Organisation not approved' },
        body: input.approve
          ? { zh: `“${row.name}”已通过审核，可邀请成员加入。`, en: `"${row.name}" was approved; you can invite members now.` }
          : { zh: `“${row.name}”未通过审核。${input.note ?? ''}`, en: `"${row.name}" was not approved. ${input.note ?? ''}` },
        link: `/m/checkin/orgs/${row.id}`,
        channels: ['inbox'],
        dedupeKey: `org-decision:${row.id}`,
      },
    ]);
    return row;
  }).finally(() => formsChanged(ctx, '*'));
}

/** The organisation if the citizen is one of its active administrators (else CHECKIN_NOT_ADMIN / NOT_FOUND). */
async function orgAdministeredBy(ctx: AppContext, principal: Principal, orgId: string): Promise<{ org: repo.OrgRow; citizenId: string }> {
  const citizen = asCitizen(principal);
  const org = await repo.findOrg(ctx.db, orgId);
  const member = org ? await repo.findMember(ctx.db, orgId, citizen.citizenId) : undefined;
  if (!org || !member || member.status !== 'active') throw new AppError(CommonErrors.NOT_FOUND);
  if (member.role !== 'admin') throw new AppError(CheckinErrors.CHECKIN_NOT_ADMIN);
  return { org, citizenId: citizen.citizenId };
}

/** An organisation as its administrator sees it (with the invitation code once approved). */
export async function orgForAdmin(ctx: AppContext, principal: Principal, orgId: string): Promise<repo.OrgRow> {
  return (await orgAdministeredBy(ctx, principal, orgId)).org;
}

// ——— membership ———

/** A citizen's organisations, invitations included. */
export async function myOrgs(ctx: AppContext, principal: Principal) {
  return repo.membershipsOf(ctx.db, asCitizen(principal).citizenId);
}

/** Wrong invitation codes a citizen may try in an hour (the codes are 8 characters: guessing is slow, this makes it hopeless). */
export const JOIN_MISSES_PER_HOUR: RateRule = { name: 'checkin:join-miss:1h', max: 10, windowSeconds: 3600 };

/** Joins an approved organisation by its invitation code; joining is the consent to share daily reports with it. */
export async function joinByCode(ctx: AppContext, principal: Principal, input: { inviteCode: string; department?: string }, meta: RequestMeta): Promise<repo.OrgRow> {
  const citizen = asCitizen(principal);
  await assertUnderRate(ctx.db, [[JOIN_MISSES_PER_HOUR, citizen.citizenId]]);
  const org = await repo.findOrgByInviteCode(ctx.db, input.inviteCode.trim().toUpperCase());
  if (!org || org.status !== 'approved') {
    await recordRateHit(ctx.db, [[JOIN_MISSES_PER_HOUR, citizen.citizenId]]);
    throw new AppError(CheckinErrors.CHECKIN_INVITE_CODE_UNKNOWN);
  }
  const existing = await repo.findMember(ctx.db, org.id, citizen.citizenId);
  if (existing?.status === 'active') throw new AppError(CheckinErrors.CHECKIN_ALREADY_MEMBER);
  await ctx.db.transaction(async (tx) => {
    await repo.upsertMember(tx, {
      orgId: org.id,
      citizenId: citizen.citizenId,
      role: existing?.role ?? 'member',
      status: 'active',
      joinedVia: existing?.joinedVia === 'import' ? 'import' : 'invite_code',
      department: input.department?.trim() || existing?.department || null,
      departmentId: existing?.departmentId ?? null,
      consentAt: new Date(),
    });
    await repo.openPeriods(tx, org.id, [citizen.citizenId], todayInChina());
    await appendAudit(tx, { ...auditBase(citizen, meta), action: 'checkin.membership.join', subjectType: 'checkin_org', subjectId: org.id, regionCode: org.divisionCode });
  }).finally(() => formsChanged(ctx, citizen.citizenId));
  return org;
}

/** Accepts an invitation an administrator's import created (consent to share). */
export async function acceptInvitation(ctx: AppContext, principal: Principal, orgId: string, meta: RequestMeta): Promise<void> {
  const citizen = asCitizen(principal);
  const member = await repo.findMember(ctx.db, orgId, citizen.citizenId);
  if (!member || member.status !== 'invited') throw new AppError(CheckinErrors.CHECKIN_NOT_MEMBER);
  const org = (await repo.findOrg(ctx.db, orgId))!;
  if (org.status !== 'approved') throw new AppError(CheckinErrors.CHECKIN_ORG_NOT_APPROVED);
  await ctx.db.transaction(async (tx) => {
    await repo.setMemberStatus(tx, orgId, citizen.citizenId, { status: 'active', consentAt: new Date() });
    await repo.openPeriods(tx, orgId, [citizen.citizenId], todayInChina());
    await appendAudit(tx, { ...auditBase(citizen, meta), action: 'checkin.membership.accept', subjectType: 'checkin_org', subjectId: orgId, regionCode: org.divisionCode });
  }).finally(() => formsChanged(ctx, citizen.citizenId));
}

/** Leaves an organisation (or declines an invitation): consent withdrawn, nothing more is shared with it. */
export async function leaveOrg(ctx: AppContext, principal: Principal, orgId: string, meta: RequestMeta): Promise<void> {
  const citizen = asCitizen(principal);
  const member = await repo.findMember(ctx.db, orgId, citizen.citizenId);
  if (!member || member.status === 'left') throw new AppError(CheckinErrors.CHECKIN_NOT_MEMBER);
  if (member.role === 'admin' && member.status === 'active' && (await repo.countAdmins(ctx.db, orgId)) <= 1) throw new AppError(CheckinErrors.CHECKIN_LAST_ADMIN);
  const org = (await repo.findOrg(ctx.db, orgId))!;
  await ctx.db.transaction(async (tx) => {
    await repo.setMemberStatus(tx, orgId, citizen.citizenId, { status: 'left', leftAt: new Date(), consentAt: null, role: 'member' });
    await repo.closePeriod(tx, orgId, citizen.citizenId, todayInChina());
    await appendAudit(tx, { ...auditBase(citizen, meta), action: 'checkin.membership.leave', subjectType: 'checkin_org', subjectId: orgId, regionCode: org.divisionCode });
  }).finally(() => formsChanged(ctx, citizen.citizenId));
}

export type ImportOutcome = 'invited' | 'invalid_phone' | 'no_account' | 'already_member' | 'duplicate_row' | 'unknown_department' | 'ambiguous_department';

/**
 * An administrator imports members by mobile number (rows of the import template): each row is
 * invited (the person accepts in their app, which records their consent) or answered with its error.
 * The department column names a node of the organisation's tree (`resolveDepartment`: a path such as
 * "办公室/综合科", or a name used by one node only); a row whose department is unknown or ambiguous is
 * refused with that reason, the other rows are kept.
 * Set-based: one lookup for every phone, one for existing memberships, one insert, one batch of notices.
 */
export async function importMembers(
  ctx: AppContext,
  principal: Principal,
  orgId: string,
  rows: { phone: string; department?: string }[],
  meta: RequestMeta,
): Promise<{ row: number; outcome: ImportOutcome }[]> {
  const { org } = await orgAdministeredBy(ctx, principal, orgId);
  if (org.status !== 'approved') throw new AppError(CheckinErrors.CHECKIN_ORG_NOT_APPROVED);
  const normalised = rows.map((r) => normaliseMainlandMobile(r.phone));
  const indexes = normalised.map((p) => (p ? ctx.blindIndex.of('phone', p) : null));
  const found = await repo.citizensByPhoneIndex(ctx.db, [...new Set(indexes.filter((i): i is string => i !== null))]);
  const byIndex = new Map(found.map((c) => [c.phoneIndex, c.id]));
  const existing = new Map((await repo.membersAmong(ctx.db, orgId, found.map((c) => c.id))).map((m) => [m.citizenId, m]));
  const tree = await repo.departmentsOf(ctx.db, orgId);
  const byDepartmentId = new Map(tree.map((d) => [d.id, d]));
  const seen = new Set<string>();
  const outcomes: { row: number; outcome: ImportOutcome }[] = [];
  const invites: { citizenId: string; department: string | null; departmentId: string | null }[] = [];
  rows.forEach((r, i) => {
    const index = indexes[i];
    const citizenId = index ? byIndex.get(index) : undefined;
    const department = resolveDepartment(tree, r.department);
    let outcome: ImportOutcome;
    if (!index) outcome = 'invalid_phone';
    else if (department && 'problem' in department) outcome = department.problem === 'unknown' ? 'unknown_department' : 'ambiguous_department';
    else if (!citizenId) outcome = 'no_account';
    else if (seen.has(citizenId)) outcome = 'duplicate_row';
    else if (existing.get(citizenId) && existing.get(citizenId)!.status !== 'left') outcome = 'already_member';
    else {
      outcome = 'invited';
      const node = department && 'id' in department ? byDepartmentId.get(department.id)! : null;
      invites.push({ citizenId, department: node?.name ?? null, departmentId: node?.id ?? null });
    }
    // A row refused for its department does not count: the same person on a later, correct row is invited.
    if (citizenId && outcome !== 'unknown_department' && outcome !== 'ambiguous_department') seen.add(citizenId);
    outcomes.push({ row: i + 1, outcome });
  });
  await ctx.db.transaction(async (tx) => {
    await repo.inviteMembers(
      tx,
      invites.map((v) => ({ orgId, citizenId: v.citizenId, role: 'member', status: 'invited', joinedVia: 'import', department: v.department, departmentId: v.departmentId })),
    );
    await sendNotices(
      ctx,
      tx,
      invites.map((v) => ({
        recipient: { type: 'citizen', id: v.citizenId },
        kind: 'checkin.invitation',
        title: { zh: '单位邀请您加入每日健康打卡', en: 'Invitation to daily health check-in' },
        body: { zh: `“${org.name}”邀请您加入，接受后您的每日健康打卡将共享给该单位。`, en: `"${org.name}" invites you; once you accept, your daily health reports are shared with it.` },
        link: '/m/checkin',
        channels: ['inbox', 'sms'],
        dedupeKey: `invitation:${orgId}:${todayInChina()}`,
      })),
    );
    await appendAudit(tx, {
      ...auditBase(principal, meta),
      action: 'checkin.member.import',
      subjectType: 'checkin_org',
      subjectId: orgId,
      regionCode: org.divisionCode,
      detail: { rows: rows.length, invited: invites.length },
    });
  });
  return outcomes;
}

// ——— daily reports ———

export interface ReportInput {
  temperature: number;
  symptoms: string[];
  divisionCode: string;
  riskAreaContact: boolean;
  /** Answers to the extra fields of the organisations one shares with: { [orgId]: { [key]: value } }. */
  extra?: Record<string, Record<string, unknown>>;
}

/**
 * The health-code colour now, or null when the person has no code (no real-name profile). Read
 * through the health code's door view (held in memory, kept exact by the change feed), as the
 * venue scan does: the submit path is hot in the morning window.
 */
async function colourOf(ctx: AppContext, citizenId: string): Promise<'green' | 'yellow' | 'red' | null> {
  try {
    return (await doorCodeOf(ctx, citizenId)).colour;
  } catch (err) {
    if (err instanceof AppError && (err.is(CommonErrors.NOT_FOUND) || err.is(HealthCodeErrors.HEALTH_CODE_REAL_NAME_REQUIRED))) return null;
    throw err;
  }
}

/**
 * Submits today's report (China day). A second submission the same day amends it (revision + 1) and
 * keeps the earlier one in the history. One report serves every organisation the person shares with.
 * An abnormal report alerts those organisations' administrators through the notification centre and
 * is recorded as the health-code fact `checkin.abnormal` (the rule set decides what it does).
 */
export async function submitReport(ctx: AppContext, principal: Principal, input: ReportInput, now: Date = new Date()) {
  const citizen = asCitizen(principal);
  const problem = answersProblem(input);
  if (problem === 'temperature_range' || problem === 'temperature_precision') throw new AppError(CheckinErrors.CHECKIN_TEMPERATURE_INVALID, { problem });
  if (problem) throw new AppError(CheckinErrors.CHECKIN_SYMPTOM_INVALID, { problem });
  if (!isDivisionCode(input.divisionCode)) throw new AppError(CheckinErrors.CHECKIN_DIVISION_INVALID, { divisionCode: input.divisionCode });
  const day = reportDay(now);
  // The organisations' extra fields: every answer checked against its organisation's definition.
  // Held in memory (checkin.cache.ts, kept exact by the change feed): no read on the hot path.
  const forms = formsHeld(ctx, citizen.citizenId) ?? (await formsOf(ctx, citizen.citizenId));
  const extra: Record<string, Record<string, string | number>> = {};
  const issues: { path: string; message: string }[] = [];
  for (const form of forms) {
    const fields = form.extraFields as ExtraField[];
    if (fields.length === 0) continue;
    const checked = checkExtraAnswers(fields, input.extra?.[form.id]);
    for (const p of checked.problems) issues.push({ path: `/body/extra/${form.id}/${p.key}`, message: p.message });
    if (Object.keys(checked.values).length > 0) extra[form.id] = checked.values;
  }
  if (issues.length > 0) throw new AppError(CheckinErrors.CHECKIN_EXTRA_FIELD_INVALID, { issues });
  const codeColour = await colourOf(ctx, citizen.citizenId);
  const reasons = abnormalReasons({ ...input, codeColour });
  const values: repo.ReportWrite = {
    citizenId: citizen.citizenId,
    day,
    temperature: input.temperature,
    symptoms: input.symptoms,
    divisionCode: input.divisionCode,
    riskAreaContact: input.riskAreaContact,
    codeColour,
    abnormal: reasons.length > 0,
    abnormalReasons: reasons,
    extra,
    submittedAt: now,
  };
  const orgs = forms.map((f) => ({ id: f.id, name: f.name }));
  let report: repo.ReportRow;
  if (reasons.length === 0 || orgs.length === 0) {
    // A report that alerts nobody (the morning's bulk) is a group-commit row: every member's report
    // of a batch is one merged upsert (REPORT_ROWS, its history kept by a trigger), and the answer
    // comes after the commit with the row's new revision.
    const [row] = await ctx.database.writes.submitRowsReturning([{ kind: repo.REPORT_ROWS, rows: [values] }]);
    report = { ...values, revision: Number(row?.revision) };
  } else {
    // An abnormal report and its alerts commit together (group commit's transaction path).
    report = await ctx.database.writes.submit(async (tx) => {
      const saved = await repo.saveReport(tx, values);
      const admins = await repo.activeAdminIds(tx, orgs.map((o) => o.id));
      const names = new Map(orgs.map((o) => [o.id, o.name]));
      await sendNotices(
        ctx,
        tx,
        admins
          .filter((a) => a.citizenId !== citizen.citizenId)
          .map(
            (a): Notice => ({
              recipient: { type: 'citizen', id: a.citizenId },
              kind: 'checkin.abnormal',
              params: { org: names.get(a.orgId) ?? '' },
              link: `/m/checkin/orgs/${a.orgId}`,
              channels: ['inbox'],
              dedupeKey: `abnormal:${a.orgId}:${citizen.citizenId}:${day}`,
            }),
          ),
      );
      return saved;
    });
  }
  // The report is a health-code fact (CheckinFacts: temperatures, symptoms, checkin.abnormal,
  // checkin.normalDays). Recompute when it can change the colour: an abnormal report, or a normal one
  // while the code is not green (consecutive normal days turn it back).
  if (codeColour !== null && (reasons.length > 0 || codeColour !== 'green')) {
    await onFactsChanged(ctx, citizen.citizenId, { type: 'fact', fact: 'checkin.report' });
  }
  return { report, sharedWith: orgs };
}

/** Today's report of the citizen (or null), the day's history and the normal streak. */
export async function myToday(ctx: AppContext, principal: Principal, now: Date = new Date()) {
  const citizen = asCitizen(principal);
  const day = reportDay(now);
  const [report, history, recent, forms] = await Promise.all([
    repo.findReport(ctx.db, citizen.citizenId, day),
    repo.historyOf(ctx.db, citizen.citizenId, day),
    repo.recentDays(ctx.db, citizen.citizenId, addDays(day, -60)),
    formsOf(ctx, citizen.citizenId),
  ]);
  const streak = normalStreak(new Map(recent.map((r) => [r.day, r.abnormal])), day);
  return {
    day,
    report: report ?? null,
    history,
    streak,
    sharedWith: forms.map((f) => ({ id: f.id, name: f.name })),
    forms: forms.map((f) => ({ orgId: f.id, orgName: f.name, deadline: f.deadline, fields: f.extraFields as ExtraField[] })),
  };
}

// ——— the organisation's day ———

/** A day-view cursor as the client holds it (opaque: base64url of JSON). */
export function encodeDayCursor(cursor: repo.DayCursor): string {
  return Buffer.from(JSON.stringify([cursor.group, cursor.department, cursor.citizenId, cursor.position])).toString('base64url');
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Reads a cursor back; anything else is a 400 on `after`. */
export function decodeDayCursor(text: string): repo.DayCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (
    Array.isArray(value) &&
    value.length === 4 &&
    (value[0] === 0 || value[0] === 1 || value[0] === 2) &&
    (value[1] === null || (typeof value[1] === 'string' && value[1].length <= 200)) &&
    typeof value[2] === 'string' &&
    UUID_RE.test(value[2]) &&
    Number.isSafeInteger(value[3]) &&
    value[3] >= 0
  ) {
    return { group: value[0], department: value[1], citizenId: value[2], position: value[3] };
  }
  throw new AppError(CommonErrors.VALIDATION_FAILED, { issues: [{ path: '/querystring/after', message: 'not a cursor of this list' }] });
}

/**
 * Who checked in on a day, who did not, abnormal answers first. With a page: the totals come from the
 * kept counts and only the page's members are read (`dayPageOfOrg`: by `offset`, or after a keyset
 * cursor `after`); without (the export): every member. `filter` narrows the page to the members placed
 * in one node (or in none); the totals stay the organisation's.
 * Audited: the admin reads members' personal data.
 */
export async function orgDay(
  ctx: AppContext,
  principal: Principal,
  orgId: string,
  day: string | undefined,
  meta: RequestMeta,
  page?: { offset?: number; limit: number; after?: string },
  filter: repo.MemberFilter = {},
) {
  const { org } = await orgAdministeredBy(ctx, principal, orgId);
  const theDay = day ?? todayInChina();
  if (!isDay(theDay)) throw new AppError(CheckinErrors.CHECKIN_DAY_INVALID);
  const after = page?.after !== undefined ? decodeDayCursor(page.after) : undefined;
  const [counts, departments] = await Promise.all([repo.countsOfOrgDay(ctx.db, orgId, theDay), repo.departmentsOf(ctx.db, orgId)]);
  if (filter.departmentId && !departments.some((d) => d.id === filter.departmentId)) throw new AppError(CheckinErrors.CHECKIN_DEPARTMENT_UNKNOWN);
  const total = sumCounts(counts);
  const matching = sumCounts(counts.filter((l) => repo.countLineMatches(filter, l)));
  const sizes = { abnormal: matching.abnormal, missing: matching.members - matching.reported, normal: matching.reported - matching.abnormal };
  const paged = page ? await repo.dayPageOfOrg(ctx.db, orgId, theDay, { limit: page.limit, offset: page.offset, after }, sizes, filter) : undefined;
  const rows = paged ? paged.rows : await repo.dayOfOrg(ctx.db, orgId, theDay);
  await recordAudit(ctx.db, {
    ...auditBase(principal, meta),
    action: 'checkin.org-day.read',
    subjectType: 'checkin_org',
    subjectId: orgId,
    regionCode: org.divisionCode,
    // How many members' names and phones the answer shows (the page, or all).
    detail: { day: theDay, members: rows.length },
  });
  return {
    org,
    day: theDay,
    rows: rows.map((r) => ({ ...r, late: r.report?.submittedAt ? isLate(r.report.submittedAt, org.deadline) : false })),
    departments,
    counts,
    total,
    // The page: where it starts, how many members match the filter, the next page's cursor.
    page: page ? { offset: after?.position ?? page.offset ?? 0, limit: page.limit, count: matching.members, next: paged?.next ? encodeDayCursor(paged.next) : null } : undefined,
  };
}

/** Sums count lines (members, reported, abnormal). */
export function sumCounts(lines: readonly { members: number; reported: number; abnormal: number }[]): { members: number; reported: number; abnormal: number } {
  return lines.reduce((t, l) => ({ members: t.members + l.members, reported: t.reported + l.reported, abnormal: t.abnormal + l.abnormal }), { members: 0, reported: 0, abnormal: 0 });
}

/** The not-yet-reported list of a day (masked by the route). Audited: the admin reads members' personal data. */
export async function orgMissing(ctx: AppContext, principal: Principal, orgId: string, query: { day?: string; limit: number; after?: string }, meta: RequestMeta) {
  const day = query.day;
  const { org } = await orgAdministeredBy(ctx, principal, orgId);
  const theDay = day ?? todayInChina();
  if (!isDay(theDay)) throw new AppError(CheckinErrors.CHECKIN_DAY_INVALID);
  const { rows, total } = await repo.missingMembersOf(ctx.db, orgId, theDay, { limit: query.limit, after: query.after });
  await recordAudit(ctx.db, { ...auditBase(principal, meta), action: 'checkin.org-missing.read', subjectType: 'checkin_org', subjectId: orgId, regionCode: org.divisionCode, detail: { day: theDay, members: rows.length } });
  return { day: theDay, rows, total };
}

/**
 * Totals per department node, each including its whole subtree (a member counts in their node and
 * every ancestor), plus the members without a node.
 */
export function departmentTotals(
  departments: readonly repo.DepartmentRow[],
  lines: readonly { departmentId: string | null; members: number; reported: number; abnormal: number }[],
): { id: string | null; name: string; parentId: string | null; depth: number; members: number; reported: number; abnormal: number }[] {
  const byId = new Map(departments.map((d) => [d.id, d]));
  const totals = new Map<string | null, { members: number; reported: number; abnormal: number }>();
  const add = (key: string | null, l: { members: number; reported: number; abnormal: number }) => {
    const t = totals.get(key) ?? { members: 0, reported: 0, abnormal: 0 };
    t.members += l.members;
    t.reported += l.reported;
    t.abnormal += l.abnormal;
    totals.set(key, t);
  };
  for (const l of lines) {
    if (l.members === 0 && l.reported === 0) continue;
    const node = l.departmentId ? byId.get(l.departmentId) : undefined;
    if (!node) {
      add(null, l);
      continue;
    }
    for (const ancestor of node.path.split('/')) add(ancestor, l);
  }
  const zero = { members: 0, reported: 0, abnormal: 0 };
  return [
    ...departments.map((d) => ({ id: d.id, name: d.name, parentId: d.parentId, depth: d.path.split('/').length - 1, ...(totals.get(d.id) ?? zero) })),
    ...(totals.has(null) ? [{ id: null, name: '', parentId: null, depth: 0, ...totals.get(null)! }] : []),
  ];
}

/**
 * Reminds today's missing members through the notification centre (inbox and SMS); a member is
 * reminded at most once a day per organisation whatever the number of presses (dedupe key).
 */
export async function remindMissing(ctx: AppContext, principal: Principal, orgId: string, meta: RequestMeta): Promise<{ missing: number } & SendSummary> {
  const { org } = await orgAdministeredBy(ctx, principal, orgId);
  if (org.status !== 'approved') throw new AppError(CheckinErrors.CHECKIN_ORG_NOT_APPROVED);
  const day = todayInChina();
  const missing = await repo.missingMemberIds(ctx.db, orgId, day);
  const summary = await ctx.db.transaction(async (tx) => {
    const s = await sendNotices(ctx, tx, missing.map((citizenId) => reminderNotice(org, citizenId, day)));
    await appendAudit(tx, {
      ...auditBase(principal, meta),
      action: 'checkin.reminder.send',
      subjectType: 'checkin_org',
      subjectId: orgId,
      regionCode: org.divisionCode,
      detail: { day, missing: missing.length, delivered: s.delivered },
    });
    return s;
  });
  return { missing: missing.length, ...summary };
}

/**
 * The last `days` China days of the organisation: per day, how many people were members that day
 * (membership periods), how many of them reported and how many were abnormal. Aggregates only.
 */
export async function orgTrend(ctx: AppContext, principal: Principal, orgId: string, days = 30, now: Date = new Date()) {
  await orgAdministeredBy(ctx, principal, orgId);
  const to = todayInChina(now);
  const from = addDays(to, -(days - 1));
  const [rows, members] = await Promise.all([repo.trendOfOrg(ctx.db, orgId, from, to), repo.countActiveMembers(ctx.db, orgId)]);
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return {
    members,
    days: Array.from({ length: days }, (_, i) => {
      const day = addDays(from, i);
      const r = byDay.get(day);
      return { day, members: r?.members ?? 0, reported: r?.reported ?? 0, abnormal: r?.abnormal ?? 0 };
    }),
  };
}

// ——— the city view ———

/** A day's compliance in the officer's region: per organisation, and rolled up by type and county. Aggregates only. */
export async function citySummary(ctx: AppContext, principal: Principal, query: { day?: string; regionCode?: string }) {
  const staff = asStaff(principal);
  const day = query.day ?? todayInChina();
  if (!isDay(day)) throw new AppError(CheckinErrors.CHECKIN_DAY_INVALID);
  let scope = staff.regionCode;
  if (query.regionCode) {
    if (!isDivisionCode(query.regionCode)) throw new AppError(CheckinErrors.CHECKIN_DIVISION_INVALID, { divisionCode: query.regionCode });
    assertInScope(staff, query.regionCode);
    scope = query.regionCode;
  }
  const orgs = await repo.summaryByOrg(ctx.db, scope ? divisionPrefix(scope) : '', day);
  const groups = new Map<string, { type: string; divisionCode: string; divisionName: string; organisations: number; members: number; reported: number; abnormal: number }>();
  for (const o of orgs) {
    const county = o.divisionCode.slice(0, 6);
    const key = `${o.type}|${county}`;
    const g = groups.get(key) ?? { type: o.type, divisionCode: county, divisionName: divisionName(county) ?? county, organisations: 0, members: 0, reported: 0, abnormal: 0 };
    g.organisations++;
    g.members += o.members;
    g.reported += o.reported;
    g.abnormal += o.abnormal;
    groups.set(key, g);
  }
  const total = orgs.reduce((t, o) => ({ members: t.members + o.members, reported: t.reported + o.reported, abnormal: t.abnormal + o.abnormal }), { members: 0, reported: 0, abnormal: 0 });
  return { day, regionCode: scope, total: { organisations: orgs.length, ...total }, byOrganisation: orgs, byTypeAndDivision: [...groups.values()] };
}

// ——— departments, roles, settings ———

export const MAX_DEPARTMENT_DEPTH = 6;

/** Levels of a node (a root node is level 1). */
const levelsOf = (d: repo.DepartmentRow) => d.path.split('/').length;

/** Whether another node under `parentId` (null: the root) already has this name. */
function siblingNamed(tree: readonly repo.DepartmentRow[], parentId: string | null, name: string, exceptId?: string): boolean {
  return tree.some((d) => d.parentId === parentId && d.name === name && d.id !== exceptId);
}

/** Adds a department under a parent (or at the root); names are unique among siblings. */
export async function createDepartment(ctx: AppContext, principal: Principal, orgId: string, input: { name: string; parentId?: string | null }, meta: RequestMeta): Promise<repo.DepartmentRow> {
  const { org } = await orgAdministeredBy(ctx, principal, orgId);
  const name = input.name.trim();
  if (!name) throw new AppError(CommonErrors.VALIDATION_FAILED, { issues: [{ path: '/body/name', message: 'must not be blank' }] });
  const id = randomUUID();
  return ctx.db.transaction(async (tx) => {
    // Read the parent's path under the tree's lock: a concurrent move cannot leave the new node a stale path.
    await repo.lockDepartmentTree(tx, orgId);
    const tree = await repo.departmentsOf(tx, orgId);
    const parent = input.parentId ? tree.find((d) => d.id === input.parentId) : undefined;
    if (input.parentId && !parent) throw new AppError(CheckinErrors.CHECKIN_DEPARTMENT_UNKNOWN);
    if (parent && levelsOf(parent) >= MAX_DEPARTMENT_DEPTH) throw new AppError(CheckinErrors.CHECKIN_DEPARTMENT_TOO_DEEP);
    if (siblingNamed(tree, parent?.id ?? null, name)) throw new AppError(CheckinErrors.CHECKIN_DEPARTMENT_TAKEN);
    const row = await repo.insertDepartment(tx, { id, orgId, parentId: parent?.id ?? null, name, path: parent ? `${parent.path}/${id}` : id });
    if (!row) throw new AppError(CheckinErrors.CHECKIN_DEPARTMENT_TAKEN);
    await appendAudit(tx, { ...auditBase(principal, meta), action: 'checkin.department.create', subjectType: 'checkin_org', subjectId: orgId, regionCode: org.divisionCode });
    return row;
  });
}

/**
 * Renames a department and/or moves it, with its whole subtree, under another parent (`parentId`
 * null: to the root). Refused: a parent that is the node itself or below it (a cycle), a result
 * deeper than six levels, a name another node at the new level already has. The members placed in
 * the node stay in it (a rename changes their department label). Audited per change.
 */
export async function updateDepartment(
  ctx: AppContext,
  principal: Principal,
  orgId: string,
  departmentId: string,
  input: { name?: string; parentId?: string | null },
  meta: RequestMeta,
): Promise<repo.DepartmentRow> {
  const { org } = await orgAdministeredBy(ctx, principal, orgId);
  const name = input.name?.trim();
  if (input.name !== undefined && !name) throw new AppError(CommonErrors.VALIDATION_FAILED, { issues: [{ path: '/body/name', message: 'must not be blank' }] });
  return ctx.db.transaction(async (tx) => {
    await repo.lockDepartmentTree(tx, orgId);
    const tree = await repo.departmentsOf(tx, orgId);
    const node = tree.find((d) => d.id === departmentId);
    if (!node) throw new AppError(CheckinErrors.CHECKIN_DEPARTMENT_UNKNOWN);
    const moving = input.parentId !== undefined && input.parentId !== node.parentId;
    const parentId = moving ? input.parentId! : node.parentId;
    const newName = name ?? node.name;
    let newPath = node.path;
    if (moving) {
      const parent = parentId ? tree.find((d) => d.id === parentId) : undefined;
      if (parentId && !parent) throw new AppError(CheckinErrors.CHECKIN_DEPARTMENT_UNKNOWN);
      if (parent && (parent.id === node.id || parent.path.startsWith(`${node.path}/`))) throw new AppError(CheckinErrors.CHECKIN_DEPARTMENT_CYCLE);
      // The subtree keeps its shape: its deepest node must still be within the limit.
      const height = Math.max(...tree.filter((d) => d.id === node.id || d.path.startsWith(`${node.path}/`)).map(levelsOf)) - levelsOf(node);
      if ((parent ? levelsOf(parent) : 0) + 1 + height > MAX_DEPARTMENT_DEPTH) throw new AppError(CheckinErrors.CHECKIN_DEPARTMENT_TOO_DEEP);
      newPath = parent ? `${parent.path}/${node.id}` : node.id;
    }
    if ((moving || newName !== node.name) && siblingNamed(tree, parentId, newName, node.id)) throw new AppError(CheckinErrors.CHECKIN_DEPARTMENT_TAKEN);
    const audit = { ...auditBase(principal, meta), subjectType: 'checkin_org', subjectId: orgId, regionCode: org.divisionCode };
    if (newName !== node.name) {
      await repo.renameDepartment(tx, orgId, node.id, newName);
      await appendAudit(tx, { ...audit, action: 'checkin.department.rename', detail: { departmentId: node.id, from: node.name, to: newName } });
    }
    if (moving) {
      await repo.moveDepartment(tx, orgId, node, parentId, newPath);
      await appendAudit(tx, { ...audit, action: 'checkin.department.move', detail: { departmentId: node.id, fromParentId: node.parentId, toParentId: parentId } });
    }
    return { ...node, name: newName, parentId, path: newPath };
  });
}

/**
 * Deletes a department. An administrator expects nobody to drop out of the organisation's totals
 * silently, so a node that still has sub-departments is refused, and one that still has members
 * (active or invited) is refused unless the call says where they go (`moveMembersTo`: another node,
 * or null for no node) — then the members are moved and the node deleted in one transaction
 * (`CHECKIN_DEPARTMENT_NOT_EMPTY`, with the counts, otherwise). Audited, with how many were moved.
 */
export async function deleteDepartment(ctx: AppContext, principal: Principal, orgId: string, departmentId: string, meta: RequestMeta, moveMembersTo?: string | null): Promise<{ moved: number }> {
  const { org } = await orgAdministeredBy(ctx, principal, orgId);
  return ctx.db.transaction(async (tx) => {
    await repo.lockDepartmentTree(tx, orgId);
    const node = await repo.findDepartment(tx, orgId, departmentId);
    if (!node) throw new AppError(CheckinErrors.CHECKIN_DEPARTMENT_UNKNOWN);
    let moved: string[] = [];
    let target: repo.DepartmentRow | undefined;
    if (moveMembersTo !== undefined) {
      if (moveMembersTo === node.id) throw new AppError(CheckinErrors.CHECKIN_DEPARTMENT_MOVE_TARGET_INVALID);
      if (moveMembersTo !== null) {
        target = await repo.findDepartment(tx, orgId, moveMembersTo);
        if (!target) throw new AppError(CheckinErrors.CHECKIN_DEPARTMENT_UNKNOWN);
      }
      // Sub-departments are checked by the delete below (the members' move is rolled back with it).
      moved = await repo.moveMembers(tx, orgId, { fromDepartmentId: node.id }, target ?? null);
    }
    const outcome = await repo.deleteEmptyDepartment(tx, orgId, node.id);
    if (!outcome.deleted) throw new AppError(CheckinErrors.CHECKIN_DEPARTMENT_NOT_EMPTY, { members: outcome.members, subDepartments: outcome.children });
    const audit = { ...auditBase(principal, meta), subjectType: 'checkin_org', subjectId: orgId, regionCode: org.divisionCode };
    if (moved.length > 0) await appendAudit(tx, { ...audit, action: 'checkin.members.move', detail: { fromDepartmentId: node.id, toDepartmentId: target?.id ?? null, members: moved.length } });
    await appendAudit(tx, { ...audit, action: 'checkin.department.delete', detail: { departmentId: node.id, name: node.name, movedMembers: moved.length, toDepartmentId: target?.id ?? null } });
    return { moved: moved.length };
  });
}

/**
 * Moves chosen members (active or invited) to a department node (null: no node) in one statement —
 * all of them or none: an id that is not a current member refuses the whole move
 * (`CHECKIN_MEMBERS_UNKNOWN`, with those ids). Under the tree's lock, so the node cannot be deleted
 * meanwhile. Audited once on the organisation, with the count.
 */
export async function moveMembers(ctx: AppContext, principal: Principal, orgId: string, input: { citizenIds: string[]; departmentId: string | null }, meta: RequestMeta): Promise<{ moved: number }> {
  const { org } = await orgAdministeredBy(ctx, principal, orgId);
  const ids = [...new Set(input.citizenIds)];
  return ctx.db.transaction(async (tx) => {
    await repo.lockDepartmentTree(tx, orgId);
    const target = input.departmentId ? await repo.findDepartment(tx, orgId, input.departmentId) : null;
    if (input.departmentId && !target) throw new AppError(CheckinErrors.CHECKIN_DEPARTMENT_UNKNOWN);
    const moved = await repo.moveMembers(tx, orgId, { citizenIds: ids }, target ?? null);
    if (moved.length !== ids.length) {
      const done = new Set(moved);
      throw new AppError(CheckinErrors.CHECKIN_MEMBERS_UNKNOWN, { citizenIds: ids.filter((id) => !done.has(id)) });
    }
    await appendAudit(tx, { ...auditBase(principal, meta), action: 'checkin.members.move', subjectType: 'checkin_org', subjectId: orgId, regionCode: org.divisionCode, detail: { toDepartmentId: target?.id ?? null, members: moved.length } });
    return { moved: moved.length };
  });
}

/** How many members one statement of a move by filter places (bounded: the kept totals' triggers see at most this many rows). */
export const MOVE_CHUNK = 1000;

/**
 * Moves **every active member matching a filter** (all, those placed in one node, or those in none) to
 * a node (null: no node) — what "全选 N 人" on the members page means, the members of every page. The
 * page showed the administrator how many match (`expectedCount`); the move runs in bounded statements
 * (`MOVE_CHUNK` members each, in citizen-id order) in one transaction under the tree's lock and is
 * refused and rolled back when the number moved is not the number confirmed
 * (`CHECKIN_MOVE_COUNT_CHANGED`, with the count now). Audited once on the organisation.
 */
export async function moveMatchingMembers(
  ctx: AppContext,
  principal: Principal,
  orgId: string,
  input: { filter: repo.MemberFilter; departmentId: string | null; expectedCount: number },
  meta: RequestMeta,
): Promise<{ moved: number }> {
  const { org } = await orgAdministeredBy(ctx, principal, orgId);
  return ctx.db.transaction(async (tx) => {
    await repo.lockDepartmentTree(tx, orgId);
    const target = input.departmentId ? await repo.findDepartment(tx, orgId, input.departmentId) : null;
    if (input.departmentId && !target) throw new AppError(CheckinErrors.CHECKIN_DEPARTMENT_UNKNOWN);
    if (input.filter.departmentId && !(await repo.findDepartment(tx, orgId, input.filter.departmentId))) throw new AppError(CheckinErrors.CHECKIN_DEPARTMENT_UNKNOWN);
    let moved = 0;
    let after: string | null = null;
    for (;;) {
      const ids = await repo.moveMatchingChunk(tx, orgId, input.filter, target ?? null, after, MOVE_CHUNK);
      moved += ids.length;
      if (ids.length < MOVE_CHUNK) break;
      after = ids[ids.length - 1];
    }
    if (moved !== input.expectedCount) throw new AppError(CheckinErrors.CHECKIN_MOVE_COUNT_CHANGED, { count: moved, expectedCount: input.expectedCount });
    await appendAudit(tx, {
      ...auditBase(principal, meta),
      action: 'checkin.members.move',
      subjectType: 'checkin_org',
      subjectId: orgId,
      regionCode: org.divisionCode,
      detail: { matching: { departmentId: input.filter.departmentId === undefined ? 'all' : input.filter.departmentId }, toDepartmentId: target?.id ?? null, members: moved },
    });
    return { moved };
  });
}

/** The organisation's department tree (flat, in path order: a parent before its children), with each node's direct members (active or invited). */
export async function departmentsWithCounts(ctx: AppContext, principal: Principal, orgId: string): Promise<(repo.DepartmentRow & { members: number })[]> {
  await orgAdministeredBy(ctx, principal, orgId);
  const [tree, counts] = await Promise.all([repo.departmentsOf(ctx.db, orgId), repo.membersPerDepartment(ctx.db, orgId)]);
  return tree.map((d) => ({ ...d, members: counts.get(d.id) ?? 0 }));
}

/**
 * An administrator places a member in a department node and/or changes their role (promotes a further
 * administrator, or demotes one — never the last).
 */
export async function updateMembership(
  ctx: AppContext,
  principal: Principal,
  orgId: string,
  citizenId: string,
  input: { departmentId?: string | null; role?: 'admin' | 'member' },
  meta: RequestMeta,
): Promise<void> {
  const { org } = await orgAdministeredBy(ctx, principal, orgId);
  const member = await repo.findMember(ctx.db, orgId, citizenId);
  if (!member || member.status !== 'active') throw new AppError(CheckinErrors.CHECKIN_NOT_MEMBER);
  if (input.role === 'member' && member.role === 'admin' && (await repo.countAdmins(ctx.db, orgId)) <= 1) throw new AppError(CheckinErrors.CHECKIN_LAST_ADMIN);
  await ctx.db.transaction(async (tx) => {
    let department: repo.DepartmentRow | undefined;
    if (input.departmentId) {
      // Under the tree's lock: a concurrent delete cannot leave the member in a node that is gone.
      await repo.lockDepartmentTree(tx, orgId);
      department = await repo.findDepartment(tx, orgId, input.departmentId);
      if (!department) throw new AppError(CheckinErrors.CHECKIN_DEPARTMENT_UNKNOWN);
    }
    await repo.updateMember(tx, orgId, citizenId, {
      ...(input.departmentId !== undefined ? { departmentId: department?.id ?? null, department: department?.name ?? null } : {}),
      ...(input.role ? { role: input.role } : {}),
    });
    await appendAudit(tx, {
      ...auditBase(principal, meta),
      action: input.role && input.role !== member.role ? `checkin.member.${input.role === 'admin' ? 'promote' : 'demote'}` : 'checkin.member.update',
      subjectType: 'citizen',
      subjectId: citizenId,
      regionCode: org.divisionCode,
      detail: { orgId },
    });
    if (input.role === 'admin' && member.role !== 'admin') {
      await sendNotices(ctx, tx, [{ recipient: { type: 'citizen', id: citizenId }, kind: 'checkin.promoted', params: { org: org.name }, link: `/m/checkin/orgs/${orgId}`, channels: ['inbox'] }]);
    }
  });
}

/** The organisation's daily window, deadline, reminder lead and extra fields (validated: 400 with the paths). */
export async function updateSettings(
  ctx: AppContext,
  principal: Principal,
  orgId: string,
  input: { windowStart: string; deadline: string; remindBeforeMinutes: number; extraFields: ExtraField[] },
  meta: RequestMeta,
): Promise<repo.OrgRow> {
  const { org } = await orgAdministeredBy(ctx, principal, orgId);
  const issues = extraFieldsProblems(input.extraFields);
  if (!isTimeOfDay(input.windowStart)) issues.push({ path: '/body/windowStart', message: 'HH:MM' });
  if (!isTimeOfDay(input.deadline)) issues.push({ path: '/body/deadline', message: 'HH:MM' });
  else if (isTimeOfDay(input.windowStart) && input.deadline <= input.windowStart) issues.push({ path: '/body/deadline', message: 'after the window opens' });
  if (issues.length > 0) throw new AppError(CommonErrors.VALIDATION_FAILED, { issues });
  const fields = input.extraFields.map((f) => ({
    key: f.key,
    label: { zh: f.label.zh.trim(), en: f.label.en.trim() },
    type: f.type,
    required: f.required,
    ...(f.type === 'choice' ? { options: f.options!.map((o) => o.trim()) } : {}),
    ...(f.type === 'number' && f.min !== undefined ? { min: f.min } : {}),
    ...(f.type === 'number' && f.max !== undefined ? { max: f.max } : {}),
  }));
  return ctx.db.transaction(async (tx) => {
    const row = await repo.updateOrgSettings(tx, orgId, { windowStart: input.windowStart, deadline: input.deadline, remindBeforeMinutes: input.remindBeforeMinutes, extraFields: fields });
    await appendAudit(tx, { ...auditBase(principal, meta), action: 'checkin.org.settings', subjectType: 'checkin_org', subjectId: orgId, regionCode: org.divisionCode, detail: { fields: fields.length } });
    return row;
  }).finally(() => formsChanged(ctx, '*'));
}

/** Streak list: every active member's consecutive normal days (up to 60), longest first; masked. Audited. */
export async function orgStreaks(ctx: AppContext, principal: Principal, orgId: string, meta: RequestMeta, now: Date = new Date()) {
  const { org } = await orgAdministeredBy(ctx, principal, orgId);
  const today = todayInChina(now);
  const [members, reports] = await Promise.all([repo.activeMembersOf(ctx.db, orgId), repo.reportsOfMembersSince(ctx.db, orgId, addDays(today, -60))]);
  const streaks = streaksOf(reports, today);
  await recordAudit(ctx.db, { ...auditBase(principal, meta), action: 'checkin.org-streaks.read', subjectType: 'checkin_org', subjectId: orgId, regionCode: org.divisionCode, detail: { members: members.length } });
  return members.map((m) => ({ ...m, streak: streaks.get(m.citizenId) ?? 0 })).sort((a, b) => b.streak - a.streak || a.citizenId.localeCompare(b.citizenId));
}

/** An approved organisation by its invitation code, for the join page a QR code opens (name and type only); guesses count like wrong joins. */
export async function previewByCode(ctx: AppContext, principal: Principal, code: string): Promise<{ name: string; type: string; divisionCode: string }> {
  const citizen = asCitizen(principal);
  await assertUnderRate(ctx.db, [[JOIN_MISSES_PER_HOUR, citizen.citizenId]]);
  const org = await repo.findOrgByInviteCode(ctx.db, code.trim().toUpperCase());
  if (!org || org.status !== 'approved') {
    await recordRateHit(ctx.db, [[JOIN_MISSES_PER_HOUR, citizen.citizenId]]);
    throw new AppError(CheckinErrors.CHECKIN_INVITE_CODE_UNKNOWN);
  }
  return { name: org.name, type: org.type, divisionCode: org.divisionCode };
}
