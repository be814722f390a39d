import { divisionPrefix } from '@fangxian/contracts/kernel';
import type { DispatchRule as DispatchRuleInput, FollowUpInput, ImportPace, ScreeningFigures, SourceInput } from '@fangxian/contracts/screening';
import { SCREENING_FIELDS } from '@fangxian/contracts/screening';
import type { AppContext } from '../../platform/http/context.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import { asStaff, assertInScope } from '../../platform/access/policy.ts';
import { regionContains, type Principal } from '../../platform/access/principal.ts';
import { appendAudit, recordAudit } from '../../platform/audit/index.ts';
import { enqueueJob } from '../../platform/jobs/index.ts';
import type { RequestMeta } from '../../platform/identity/index.ts';
import { divisionFullName, isDivisionCode } from '../../platform/divisions/index.ts';
import type { FileRow } from '../../platform/files/files.service.ts';
import { onFactsChanged } from '../health-code/index.ts';
import { ScreeningErrors } from './screening.errors.ts';
import { FAST_BATCH_ROWS, IMPORT_JOB } from './screening.import.ts';
import { CSV_MIME } from './screening.files.ts';
import type { FieldProvenance } from './screening.tables.ts';
import { normaliseIdNumber, normalisePhone } from './screening.normalise.ts';
import * as repo from './screening.repository.ts';
import { tasksChanged } from './screening.feed.ts';

/** Decisions, access and transactions of the screening module (SQL is in the repository). */

type Staff = Extract<Principal, { kind: 'staff' }>;

/** The SQL prefix of an officer's region ('' = everywhere). */
export function scopePrefix(principal: Principal): string {
  return principal.kind === 'staff' ? divisionPrefix(principal.regionCode) : '';
}

const auditMeta = (meta: RequestMeta) => ({ ip: meta.ip, requestId: meta.requestId });

// ---- sources ----

function checkSourceInput(input: Partial<SourceInput>): void {
  if (input.defaultDivision && !isDivisionCode(input.defaultDivision)) throw new AppError(ScreeningErrors.SCREENING_DIVISION_UNKNOWN, { field: 'defaultDivision' });
  if (input.columnMapping) {
    const unknown = Object.keys(input.columnMapping).filter((k) => !(SCREENING_FIELDS as readonly string[]).includes(k));
    if (unknown.length) throw new AppError(ScreeningErrors.SCREENING_MAPPING_INVALID, { unknownFields: unknown, fields: SCREENING_FIELDS });
  }
}

export async function createSource(ctx: AppContext, principal: Principal, input: SourceInput, meta: RequestMeta): Promise<repo.SourceRow> {
  const staff = asStaff(principal);
  checkSourceInput(input);
  return ctx.db.transaction(async (tx) => {
    const row = await repo
      .insertSource(tx, {
        name: input.name.trim(),
        kind: input.kind,
        trust: input.trust,
        contactHours: input.contactHours,
        feedbackHours: input.feedbackHours,
        defaultDivision: input.defaultDivision ?? null,
        columnMapping: input.columnMapping ?? {},
        createdBy: staff.staffId,
      })
      .catch((err) => {
        if (/screening_sources_name_idx|unique/i.test(String((err as Error).message) + String((err as { cause?: Error }).cause?.message))) throw new AppError(ScreeningErrors.SCREENING_SOURCE_NAME_TAKEN);
        throw err;
      });
    await appendAudit(tx, { actor: staff, action: 'screening.source.create', subjectType: 'screening_source', subjectId: row.id, detail: { name: row.name, kind: row.kind }, ...auditMeta(meta) });
    return row;
  });
}

export async function changeSource(ctx: AppContext, principal: Principal, id: string, patch: Partial<SourceInput>, meta: RequestMeta): Promise<repo.SourceRow> {
  const staff = asStaff(principal);
  checkSourceInput(patch);
  return ctx.db.transaction(async (tx) => {
    const row = await repo.updateSource(tx, id, { ...patch, ...(patch.name ? { name: patch.name.trim() } : {}) });
    if (!row) throw new AppError(CommonErrors.NOT_FOUND);
    await appendAudit(tx, { actor: staff, action: 'screening.source.change', subjectType: 'screening_source', subjectId: id, detail: { fields: Object.keys(patch) }, ...auditMeta(meta) });
    return row;
  });
}

// ---- imports ----

/**
 * Starts the import of an uploaded list into a source. The same file already imported into the same
 * source answers that import (re-importing is idempotent); a failed or cancelled one is resumed.
 */
export async function startImport(
  ctx: AppContext,
  principal: Principal,
  input: { sourceId: string; file: FileRow; fileName: string; pace?: ImportPace; batchRows?: number },
  meta: RequestMeta,
): Promise<{ row: repo.ImportRow; duplicate: boolean; replacedFileId?: string }> {
  const staff = asStaff(principal);
  const source = await repo.findSource(ctx.db, input.sourceId);
  if (!source) throw new AppError(CommonErrors.NOT_FOUND, { sourceId: input.sourceId });
  const { pace, batchRows } = importPace(input);
  return ctx.db.transaction(async (tx) => {
    const existing = await repo.findImportByHash(tx, source.id, input.file.sha256);
    if (existing) {
      if (existing.status !== 'failed' && existing.status !== 'cancelled') return { row: existing, duplicate: true };
      const jobId = await enqueueJob(ctx, tx, { type: IMPORT_JOB, payload: { importId: existing.id }, createdBy: staff });
      // The new upload (same content) becomes the import's file: the first may have been purged by the retention job.
      // The resumed import runs at the pace chosen with the new upload.
      const row = (await repo.updateImport(tx, existing.id, { status: 'queued', cancelRequested: false, jobId, error: null, finishedAt: null, fileId: input.file.id, pace, batchRows }))!;
      await appendAudit(tx, { actor: staff, action: 'screening.import.resume', subjectType: 'screening_import', subjectId: row.id, detail: { sourceId: source.id, pace, batchRows }, ...auditMeta(meta) });
      return { row, duplicate: true, replacedFileId: existing.fileId };
    }
    const created = await repo.insertImport(tx, {
      sourceId: source.id,
      fileId: input.file.id,
      fileName: input.fileName.slice(0, 200),
      format: input.file.mimeType === CSV_MIME ? 'csv' : 'xlsx',
      contentHash: input.file.sha256,
      regionCode: staff.regionCode,
      createdBy: staff.staffId,
      pace,
      batchRows,
    });
    if (!created) throw new AppError(CommonErrors.CONFLICT);
    const jobId = await enqueueJob(ctx, tx, { type: IMPORT_JOB, payload: { importId: created.id }, createdBy: staff });
    const row = (await repo.updateImport(tx, created.id, { jobId }))!;
    await appendAudit(tx, {
      actor: staff,
      action: 'screening.import.create',
      subjectType: 'screening_import',
      subjectId: row.id,
      detail: { sourceId: source.id, fileId: input.file.id, sha256: input.file.sha256, size: input.file.size, pace, batchRows },
      ...auditMeta(meta),
    });
    return { row, duplicate: false };
  });
}

/**
 * The pace an upload asks for: `paced` (the default) sizes its batches itself; `fast` fixes them at
 * FAST_BATCH_ROWS, or at `batchRows` (10–10 000: benches and tests) — which alone means fast too.
 * A paced import with a fixed batch size is a contradiction: a field-level 400.
 */
export function importPace(input: { pace?: ImportPace; batchRows?: number }): { pace: ImportPace; batchRows: number | null } {
  if (input.pace === 'paced' && input.batchRows !== undefined)
    throw new AppError(CommonErrors.VALIDATION_FAILED, { field: 'batchRows', problem: 'a paced import sizes its own batches: leave batchRows out, or choose pace=fast' });
  if (input.pace === 'fast' || input.batchRows !== undefined) return { pace: 'fast', batchRows: input.batchRows ?? FAST_BATCH_ROWS };
  return { pace: 'paced', batchRows: null };
}

/** An import the officer may see (their region's, or anyone's for a deployment-wide officer). */
export async function visibleImport(ctx: AppContext, principal: Principal, id: string): Promise<repo.ImportRow> {
  const row = await repo.findImport(ctx.db, id);
  if (!row) throw new AppError(CommonErrors.NOT_FOUND);
  assertInScope(principal, row.regionCode || null);
  return row;
}

/** Asks a running import to stop after its current batch (what is committed stays). */
export async function cancelImport(ctx: AppContext, principal: Principal, id: string, meta: RequestMeta): Promise<repo.ImportRow> {
  const staff = asStaff(principal);
  const row = await visibleImport(ctx, principal, id);
  if (row.status === 'succeeded' || row.status === 'cancelled' || row.status === 'failed') throw new AppError(ScreeningErrors.SCREENING_IMPORT_FINISHED);
  return ctx.db.transaction(async (tx) => {
    const updated = (await repo.updateImport(tx, id, { cancelRequested: true, ...(row.status === 'queued' ? { status: 'cancelled', finishedAt: new Date() } : {}) }))!;
    await appendAudit(tx, { actor: staff, action: 'screening.import.cancel', subjectType: 'screening_import', subjectId: id, ...auditMeta(meta) });
    return updated;
  });
}

// ---- persons ----

/** A person of the officer's region (by residence or household division); merged records answer their survivor's id. */
export async function visiblePerson(ctx: AppContext, principal: Principal, id: string): Promise<repo.PersonRow> {
  const person = await repo.findPerson(ctx.db, id);
  if (!person) throw new AppError(CommonErrors.NOT_FOUND);
  if (principal.kind === 'staff') {
    const task = await repo.latestTaskOf(ctx.db, person.mergedInto ?? person.id);
    const inScope =
      regionContains(principal.regionCode, person.residenceDivision) ||
      regionContains(principal.regionCode, person.householdDivision) ||
      (task && (regionContains(principal.regionCode, task.regionCode) || regionContains(principal.regionCode, task.escalatedTo)));
    if (!inScope) throw new AppError(CommonErrors.NOT_FOUND);
  }
  return person;
}

/** A person with their reports, field provenance, first reporter and lead times; the read is audited. */
export async function personDetail(ctx: AppContext, principal: Principal, id: string, meta: RequestMeta) {
  const person = await visiblePerson(ctx, principal, id);
  const reports = await repo.reportsOf(ctx.db, [person.id]);
  const merges = await repo.mergesOf(ctx.db, person.id);
  await recordAudit(ctx.db, { actor: principal, action: 'screening.person.read', subjectType: 'screening_person', subjectId: person.id, regionCode: person.residenceDivision, ...auditMeta(meta) });
  return { person, reports, merges, ...firstReports(reports) };
}

/** The first report of each source, and how far each came after the very first one. */
export function firstReports(reports: { sourceId: string; sourceName: string; reportedAt: Date }[]) {
  const firstBySource = new Map<string, { sourceId: string; sourceName: string; reportedAt: Date }>();
  for (const r of reports) {
    const seen = firstBySource.get(r.sourceId);
    if (!seen || r.reportedAt < seen.reportedAt) firstBySource.set(r.sourceId, r);
  }
  const firsts = [...firstBySource.values()].sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime());
  const first = firsts[0] ?? null;
  return {
    firstReporter: first,
    leadHours: firsts.map((f) => ({ ...f, hoursBehindFirst: Math.round(((f.reportedAt.getTime() - first!.reportedAt.getTime()) / 3600_000) * 10) / 10 })),
  };
}

/**
 * Persons of the officer's region, newest first; looking one up by ID number or phone goes through the
 * blind indexes and is audited (the number itself is not written to the audit record).
 */
export async function findPersons(
  ctx: AppContext,
  principal: Principal,
  q: { status?: string; documentNumber?: string; phone?: string; limit: number; cursor?: string },
  meta: RequestMeta,
): Promise<repo.PersonRow[]> {
  let documentIndex: string | undefined;
  let phoneIndex: string | undefined;
  if (q.documentNumber) {
    const v = normaliseIdNumber(q.documentNumber);
    if (!v.ok) throw new AppError(CommonErrors.VALIDATION_FAILED, { field: 'documentNumber', reason: v.reason });
    documentIndex = ctx.blindIndex.of('id', v.number);
  }
  if (q.phone) {
    const phone = normalisePhone(q.phone);
    if (!phone) throw new AppError(CommonErrors.VALIDATION_FAILED, { field: 'phone', reason: 'phone_invalid' });
    phoneIndex = ctx.blindIndex.of('phone', phone);
  }
  const found = await repo.listPersons(ctx.db, { regionPrefix: scopePrefix(principal), status: q.status, documentIndex, phoneIndex, limit: q.limit, before: repo.readCursor(q.cursor) });
  if (documentIndex || phoneIndex) {
    await recordAudit(ctx.db, { actor: principal, action: 'screening.person.search', subjectType: 'screening_person', detail: { by: documentIndex ? 'documentNumber' : 'phone', found: found.map((p) => p.id) }, ...auditMeta(meta) });
  }
  return found;
}

// ---- reviews, merges, undo ----

type MergeField = 'name' | 'document' | 'phone' | 'residenceDivision' | 'householdDivision' | 'address' | 'origin' | 'arrivalDate';
const MERGE_COLUMNS: Record<MergeField, (keyof repo.PersonRow)[]> = {
  name: ['nameCipher'],
  document: ['documentType', 'documentNumberCipher', 'documentIndex', 'birthDate', 'sex'],
  phone: ['phoneCipher', 'phoneIndex'],
  residenceDivision: ['residenceDivision'],
  householdDivision: ['householdDivision'],
  address: ['addressCipher'],
  origin: ['originCipher'],
  arrivalDate: ['arrivalDate'],
};
const hasField = (p: repo.PersonRow, f: MergeField) => p[MERGE_COLUMNS[f][0]] !== null && p[MERGE_COLUMNS[f][0]] !== undefined;

interface MergeSnapshot {
  /** Fields the merge filled in the survivor: the survivor's previous values, and the provenance the merge wrote. */
  filled: { field: MergeField; before: Record<string, unknown>; beforeProvenance: FieldProvenance | null; wrote: FieldProvenance | null }[];
  movedReportIds: string[];
  mergedTaskIds: string[];
  before: { firstReportedAt: string; firstSourceId: string };
}

/** Merges `mergedId` into `survivorId` inside a transaction, keeping what is needed to undo it. */
async function mergeIn(ctx: AppContext, tx: Tx, staff: Staff, survivorId: string, mergedId: string, reviewId: string | null, reason: string | null): Promise<repo.MergeRow> {
  const locked = await repo.lockPersons(tx, [survivorId, mergedId]);
  const survivor = locked.find((p) => p.id === survivorId);
  const merged = locked.find((p) => p.id === mergedId);
  if (!survivor || !merged) throw new AppError(CommonErrors.NOT_FOUND);
  if (survivor.mergedInto || merged.mergedInto) throw new AppError(ScreeningErrors.SCREENING_PERSON_MERGED);
  if (survivor.documentIndex && merged.documentIndex && survivor.documentIndex !== merged.documentIndex) {
    throw new AppError(CommonErrors.CONFLICT, { reason: 'different ID numbers are different people' });
  }
  const provenance = { ...survivor.provenance };
  const set: Partial<repo.PersonInsert> = {};
  const filled: MergeSnapshot['filled'] = [];
  for (const field of Object.keys(MERGE_COLUMNS) as MergeField[]) {
    if (hasField(survivor, field) || !hasField(merged, field)) continue;
    const before: Record<string, unknown> = {};
    for (const c of MERGE_COLUMNS[field]) {
      before[c] = survivor[c];
      (set as Record<string, unknown>)[c] = merged[c];
    }
    const wrote = merged.provenance[field] ?? null;
    filled.push({ field, before, beforeProvenance: provenance[field] ?? null, wrote });
    if (wrote) provenance[field] = wrote;
  }
  const snapshotBefore = { firstReportedAt: survivor.firstReportedAt.toISOString(), firstSourceId: survivor.firstSourceId };
  if (merged.firstReportedAt < survivor.firstReportedAt) {
    set.firstReportedAt = merged.firstReportedAt;
    set.firstSourceId = merged.firstSourceId;
  }
  // The merged record gives up its identity first (one live person per ID number).
  await repo.setPerson(tx, merged.id, { mergedInto: survivor.id });
  await repo.setPerson(tx, survivor.id, { ...set, provenance });
  const movedReportIds = await repo.moveReports(tx, merged.id, survivor.id);
  const mergedTaskIds: string[] = [];
  const openTask = await repo.openTaskOf(tx, merged.id);
  if (openTask) {
    await repo.setTask(tx, openTask.id, { status: 'merged' });
    mergedTaskIds.push(openTask.id);
  }
  const snapshot: MergeSnapshot = { filled, movedReportIds, mergedTaskIds, before: snapshotBefore };
  const merge = await repo.insertMerge(tx, {
    survivorId: survivor.id,
    mergedId: merged.id,
    reviewId,
    snapshotCipher: ctx.cipher.encrypt(JSON.stringify(snapshot)),
    reason,
    mergedBy: staff.staffId,
  });
  return merge;
}

/** An officer's decision on a review pair: merge the new record into the candidate, or keep them apart. */
export async function decideReview(ctx: AppContext, principal: Principal, id: string, input: { decision: 'merge' | 'keep_apart'; reason?: string }, meta: RequestMeta) {
  const staff = asStaff(principal);
  return ctx.db.transaction(async (tx) => {
    // Merges, undos and import batches one at a time: a batch must not match rows to a person being merged.
    await repo.lockMatching(tx);
    const review = await repo.findReview(tx, id);
    if (!review) throw new AppError(CommonErrors.NOT_FOUND);
    assertInScope(principal, review.regionCode || null);
    if (review.status !== 'open') throw new AppError(ScreeningErrors.SCREENING_REVIEW_DECIDED);
    let merge: repo.MergeRow | null = null;
    if (input.decision === 'merge') merge = await mergeIn(ctx, tx, staff, review.candidateId, review.personId, review.id, input.reason ?? null);
    await repo.setReview(tx, id, { status: input.decision === 'merge' ? 'merged' : 'kept_apart', decidedBy: staff.staffId, decidedAt: new Date() });
    await appendAudit(tx, {
      actor: staff,
      action: input.decision === 'merge' ? 'screening.person.merge' : 'screening.review.keep-apart',
      subjectType: 'screening_person',
      subjectId: review.candidateId,
      regionCode: review.regionCode || null,
      detail: { reviewId: id, personId: review.personId, candidateId: review.candidateId, mergeId: merge?.id ?? null, reason: input.reason ?? null },
      ...auditMeta(meta),
    });
    return { review: (await repo.findReview(tx, id))!, merge };
  });
}

/** Undoes a merge: the merged record comes back with its reports and task; fields it filled are given back unless changed since. */
export async function undoMerge(ctx: AppContext, principal: Principal, id: string, reason: string, meta: RequestMeta): Promise<repo.MergeRow> {
  const staff = asStaff(principal);
  return ctx.db.transaction(async (tx) => {
    await repo.lockMatching(tx);
    const merge = await repo.findMerge(tx, id);
    if (!merge) throw new AppError(CommonErrors.NOT_FOUND);
    // One after the other: a transaction is one connection, which runs one statement at a time.
    const survivor = await repo.findPerson(tx, merge.survivorId);
    const merged = await repo.findPerson(tx, merge.mergedId);
    if (!survivor || !merged) throw new AppError(CommonErrors.NOT_FOUND);
    assertInScope(principal, survivor.residenceDivision ?? survivor.householdDivision);
    if (merge.undoneAt) throw new AppError(ScreeningErrors.SCREENING_MERGE_UNDONE);
    if (merged.mergedInto !== survivor.id || survivor.mergedInto) throw new AppError(ScreeningErrors.SCREENING_MERGE_STALE);
    await repo.lockPersons(tx, [survivor.id, merged.id]);
    const snapshot = JSON.parse(ctx.cipher.decrypt(merge.snapshotCipher)) as MergeSnapshot;
    const provenance = { ...survivor.provenance };
    const set: Record<string, unknown> = {};
    for (const f of snapshot.filled) {
      // A field a later report set again stays as it is now.
      const now = provenance[f.field] ?? null;
      if (JSON.stringify(now) !== JSON.stringify(f.wrote)) continue;
      Object.assign(set, f.before);
      if (f.beforeProvenance) provenance[f.field] = f.beforeProvenance;
      else delete provenance[f.field];
    }
    const before = { firstReportedAt: new Date(snapshot.before.firstReportedAt), firstSourceId: snapshot.before.firstSourceId };
    // The survivor gives the identity back before the merged record is live again.
    await repo.setPerson(tx, survivor.id, { ...(set as Partial<repo.PersonInsert>), provenance, ...(survivor.firstSourceId === merged.firstSourceId && survivor.firstReportedAt.getTime() === merged.firstReportedAt.getTime() ? before : {}) });
    await repo.setPerson(tx, merged.id, { mergedInto: null });
    await repo.moveReports(tx, survivor.id, merged.id, snapshot.movedReportIds);
    for (const taskId of snapshot.mergedTaskIds) await repo.setTask(tx, taskId, { status: 'open' });
    await repo.setMerge(tx, id, { undoneAt: new Date(), undoneBy: staff.staffId, undoReason: reason });
    if (merge.reviewId) await repo.setReview(tx, merge.reviewId, { status: 'open', decidedBy: null, decidedAt: null });
    await appendAudit(tx, {
      actor: staff,
      action: 'screening.person.unmerge',
      subjectType: 'screening_person',
      subjectId: survivor.id,
      regionCode: survivor.residenceDivision,
      detail: { mergeId: id, mergedId: merged.id, reason },
      ...auditMeta(meta),
    });
    return (await repo.findMerge(tx, id))!;
  });
}

// ---- dispatch rules ----

export async function replaceDispatchRules(ctx: AppContext, principal: Principal, rules: DispatchRuleInput[], meta: RequestMeta) {
  const staff = asStaff(principal);
  for (const r of rules) {
    if (r.targetDivision && !isDivisionCode(r.targetDivision)) throw new AppError(ScreeningErrors.SCREENING_DIVISION_UNKNOWN, { targetDivision: r.targetDivision });
  }
  return ctx.db.transaction(async (tx) => {
    await repo.replaceDispatchRules(tx, rules.map((r) => ({ ...r, note: r.note ?? null })));
    await appendAudit(tx, { actor: staff, action: 'screening.dispatch-rule.replace', subjectType: 'screening_dispatch_rules', detail: { rules }, ...auditMeta(meta) });
    return repo.listDispatchRules(tx);
  });
}

// ---- tasks ----

/** A task the officer may work on: dispatched to, or escalated to, their region. */
async function taskInScope(ctx: AppContext, db: AppContext['db'] | Tx, principal: Principal, id: string, lock = false): Promise<repo.TaskRow> {
  const task = lock ? await repo.lockTask(db, id) : await repo.findTask(db, id);
  if (!task || task.status === 'merged') throw new AppError(CommonErrors.NOT_FOUND);
  if (principal.kind === 'staff' && !regionContains(principal.regionCode, task.regionCode) && !regionContains(principal.regionCode, task.escalatedTo)) {
    throw new AppError(CommonErrors.NOT_FOUND);
  }
  return task;
}

export async function taskDetail(ctx: AppContext, principal: Principal, id: string, meta: RequestMeta) {
  const task = await taskInScope(ctx, ctx.db, principal, id);
  const person = (await repo.findPerson(ctx.db, task.personId))!;
  const followUps = await repo.followUpsOf(ctx.db, task.id);
  await recordAudit(ctx.db, { actor: principal, action: 'screening.task.read', subjectType: 'screening_task', subjectId: task.id, regionCode: task.regionCode, ...auditMeta(meta) });
  return { task, person, followUps };
}

/** The person's status after a follow-up. */
export function statusAfter(current: string, f: FollowUpInput): string {
  if (f.releasedOn) return 'released';
  if (f.quarantine) return f.quarantine.kind === 'central' ? 'central_quarantine' : 'home_quarantine';
  if (f.reached && current === 'pending') return 'reached';
  return current;
}

/** Records a follow-up (each save is kept): the task's contact/feedback times, the person's status; then the health code. */
export async function recordFollowUp(ctx: AppContext, principal: Principal, id: string, input: FollowUpInput, meta: RequestMeta, now: Date = new Date()) {
  const staff = asStaff(principal);
  if (input.quarantine && input.quarantine.from > input.quarantine.to) throw new AppError(ScreeningErrors.SCREENING_FOLLOW_UP_INVALID, { field: 'quarantine', reason: 'from after to' });
  const result = await ctx.db.transaction(async (tx) => {
    const task = await taskInScope(ctx, tx, principal, id, true);
    if (task.status !== 'open') throw new AppError(ScreeningErrors.SCREENING_TASK_CLOSED);
    const person = (await repo.lockPersons(tx, [task.personId]))[0];
    const followUp = await repo.insertFollowUp(tx, {
      taskId: task.id,
      personId: person.id,
      reached: input.reached,
      attempts: input.attempts ?? [],
      locationCipher: ctx.cipher.encrypt(input.currentLocation?.trim() || null),
      quarantineKind: input.quarantine?.kind ?? null,
      quarantineFrom: input.quarantine?.from ?? null,
      quarantineTo: input.quarantine?.to ?? null,
      quarantineSiteCipher: ctx.cipher.encrypt(input.quarantine?.site?.trim() || null),
      tests: input.tests ?? [],
      releasedOn: input.releasedOn ?? null,
      noteCipher: ctx.cipher.encrypt(input.note?.trim() || null),
      recordedBy: staff.staffId,
      recordedAt: now,
    });
    const contacted = input.reached || (input.attempts ?? []).length > 0;
    const updated = await repo.setTask(tx, task.id, {
      ...(contacted && !task.contactedAt ? { contactedAt: now } : {}),
      ...(input.reached && !task.feedbackAt ? { feedbackAt: now } : {}),
    });
    const status = statusAfter(person.status, input);
    if (status !== person.status) await repo.setPerson(tx, person.id, { status });
    await appendAudit(tx, {
      actor: staff,
      action: 'screening.task.follow-up',
      subjectType: 'screening_task',
      subjectId: task.id,
      regionCode: task.regionCode,
      detail: { followUpId: followUp.id, reached: input.reached, attempts: (input.attempts ?? []).length, quarantine: input.quarantine?.kind ?? null, released: !!input.releasedOn, statusBefore: person.status, statusAfter: status },
      ...auditMeta(meta),
    });
    return { task: updated, person: { ...person, status }, followUp };
  });
  await announcePersonChanged(ctx, result.person.documentIndex, staff);
  return result;
}

/**
 * Tells the health code that a screened person's facts changed (their citizen account, matched by
 * the ID number's blind index, is recomputed now).
 */
async function announcePersonChanged(ctx: AppContext, documentIndex: string | null, staff: Staff): Promise<void> {
  if (!documentIndex) return;
  for (const citizenId of await repo.citizensWithDocumentIndex(ctx.db, documentIndex)) {
    await onFactsChanged(ctx, citizenId, { type: 'actor', actorType: 'staff', actorId: staff.staffId, action: 'screening.task.follow-up' });
  }
}


/** What closing (销号) needs in the latest follow-up. */
export function missingForClose(latest: repo.FollowUpRow | undefined): string[] {
  if (!latest) return ['followUp'];
  const missing: string[] = [];
  if (!latest.reached) missing.push('reached');
  if (!latest.locationCipher) missing.push('currentLocation');
  const quarantined = latest.quarantineKind && latest.quarantineFrom && latest.quarantineTo;
  if (!quarantined && !latest.releasedOn) missing.push('quarantineOrRelease');
  if (latest.quarantineKind === 'central' && !latest.quarantineSiteCipher) missing.push('quarantine.site');
  return missing;
}

export async function closeTask(ctx: AppContext, principal: Principal, id: string, meta: RequestMeta) {
  const staff = asStaff(principal);
  return ctx.db.transaction(async (tx) => {
    const task = await taskInScope(ctx, tx, principal, id, true);
    if (task.status !== 'open') throw new AppError(ScreeningErrors.SCREENING_TASK_CLOSED);
    const followUps = await repo.followUpsOf(tx, task.id);
    const missing = missingForClose(followUps[followUps.length - 1]);
    if (missing.length) throw new AppError(ScreeningErrors.SCREENING_CLOSE_INCOMPLETE, { missing });
    const closed = await repo.setTask(tx, task.id, { status: 'closed', closedAt: new Date(), closedBy: staff.staffId });
    await appendAudit(tx, { actor: staff, action: 'screening.task.close', subjectType: 'screening_task', subjectId: task.id, regionCode: task.regionCode, ...auditMeta(meta) });
    return closed;
  });
}

export async function reopenTask(ctx: AppContext, principal: Principal, id: string, reason: string, meta: RequestMeta) {
  const staff = asStaff(principal);
  return ctx.db.transaction(async (tx) => {
    const task = await taskInScope(ctx, tx, principal, id, true);
    if (task.status !== 'closed') throw new AppError(ScreeningErrors.SCREENING_TASK_OPEN);
    const reopened = await repo.setTask(tx, task.id, { status: 'open', closedAt: null, closedBy: null, reopenReason: reason });
    await appendAudit(tx, { actor: staff, action: 'screening.task.reopen', subjectType: 'screening_task', subjectId: task.id, regionCode: task.regionCode, detail: { reason }, ...auditMeta(meta) });
    return reopened;
  });
}

/** Hands a task to another command post (also across counties), with a reason; escalation starts again there. */
export async function reassignTask(ctx: AppContext, principal: Principal, id: string, input: { regionCode: string; reason: string }, meta: RequestMeta) {
  const staff = asStaff(principal);
  if (!isDivisionCode(input.regionCode)) throw new AppError(ScreeningErrors.SCREENING_DIVISION_UNKNOWN, { regionCode: input.regionCode });
  return ctx.db.transaction(async (tx) => {
    const task = await taskInScope(ctx, tx, principal, id, true);
    if (task.status !== 'open') throw new AppError(ScreeningErrors.SCREENING_TASK_CLOSED);
    const moved = await repo.setTask(tx, task.id, { regionCode: input.regionCode, reassignReason: input.reason, escalatedAt: null, escalatedTo: null });
    await appendAudit(tx, {
      actor: staff,
      action: 'screening.task.reassign',
      subjectType: 'screening_task',
      subjectId: task.id,
      regionCode: task.regionCode,
      detail: { from: task.regionCode, to: input.regionCode, reason: input.reason },
      ...auditMeta(meta),
    });
    return moved;
  });
}

/**
 * Escalates overdue tasks to the division above (the city) — the SLA job; `at` is the clock (tests
 * pass their own). One statement for all tasks, one audit record per run.
 */
export async function escalateOverdueTasks(ctx: AppContext, at: Date = new Date()): Promise<number> {
  const escalated = await ctx.db.transaction(async (tx) => {
    const escalated = await repo.escalateOverdue(tx, at);
    if (escalated.length) {
      await appendAudit(tx, {
        actor: { kind: 'system', id: 'screening.sla' },
        action: 'screening.task.escalate',
        subjectType: 'screening_task',
        detail: { count: escalated.length, tasks: escalated.slice(0, 1000).map((e) => ({ id: e.id, from: e.regionCode, to: e.escalatedTo })) },
      });
    }
    return escalated;
  });
  tasksChanged(ctx, escalated.flatMap((e) => [e.regionCode, e.escalatedTo]));
  return escalated.length;
}

/** Records that an officer exported a list (what filter, not the rows). */
export async function auditExport(ctx: AppContext, principal: Principal, action: string, filter: object, meta: RequestMeta): Promise<void> {
  await recordAudit(ctx.db, { actor: principal, action, subjectType: 'screening_export', detail: { filter }, ...auditMeta(meta) });
}

// ---- comparison ----

/** Source-vs-source comparison in the officer's region. */
export async function compareSources(ctx: AppContext, principal: Principal, a: string, b: string) {
  await checkSourcePair(ctx, a, b);
  return repo.compareSources(ctx.db, a, b, scopePrefix(principal));
}

/** Two different, existing sources. */
export async function checkSourcePair(ctx: AppContext, a: string, b: string): Promise<void> {
  if (a === b) throw new AppError(ScreeningErrors.SCREENING_SOURCES_SAME);
  const [sa, sb] = await Promise.all([repo.findSource(ctx.db, a), repo.findSource(ctx.db, b)]);
  if (!sa || !sb) throw new AppError(CommonErrors.NOT_FOUND);
}


/** The county and city dashboard of the officer's region: grouped rows and totals (each person once). */
export async function figures(ctx: AppContext, principal: Principal, query: { by: 'county' | 'source' | 'day'; from?: string; to?: string }, at: Date): Promise<ScreeningFigures> {
  if (query.from && query.to && query.from > query.to) throw new AppError(CommonErrors.VALIDATION_FAILED, { field: 'to', problem: 'to is before from' });
  const options = { regionPrefix: scopePrefix(principal), at, from: query.from, to: query.to };
  const [grouped, [all]] = await Promise.all([repo.figures(ctx.db, query.by, options), repo.figures(ctx.db, 'all', options)]);
  const rows = grouped.map((r) => ({ ...r, label: query.by === 'county' ? divisionFullName(r.key) || null : r.label }));
  const zero = { received: 0, dispatched: 0, reached: 0, quarantined: 0, overdue: 0, closed: 0 };
  const { key: _key, label: _label, ...totals } = all ?? { key: '', label: null, ...zero };
  return { by: query.by, rows, totals };
}
