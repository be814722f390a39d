import type { FollowUp, ScreeningImport, ScreeningPerson, ScreeningSource, ScreeningTask } from '@fangxian/contracts/screening';
import { maskIdNumber, maskName, maskPhone } from '../../platform/crypto/masking.ts';
import type { FieldCipher } from '../../platform/crypto/field-cipher.ts';
import { divisionFullName } from '../../platform/divisions/index.ts';
import type { FollowUpRow, ImportRow, PersonRow, SourceRow, TaskRow } from './screening.repository.ts';

/** Rows to API shapes: personal fields masked, never a row as it is stored. */

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function presentSource(row: SourceRow): ScreeningSource {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    trust: row.trust,
    contactHours: row.contactHours,
    feedbackHours: row.feedbackHours,
    defaultDivision: row.defaultDivision,
    columnMapping: row.columnMapping,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentImport(row: ImportRow, duplicate = false): ScreeningImport {
  return {
    id: row.id,
    sourceId: row.sourceId,
    fileName: row.fileName,
    format: row.format,
    encoding: row.encoding,
    contentHash: row.contentHash,
    status: row.status,
    jobId: row.jobId,
    cancelRequested: row.cancelRequested,
    pace: row.pace === 'fast' ? 'fast' : 'paced',
    batchRows: row.batchRows,
    counters: { rowsRead: row.rowsRead, accepted: row.accepted, rejected: row.rejected, matched: row.matched, created: row.created, reviews: row.reviews },
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: iso(row.finishedAt),
    duplicate,
  };
}

export function presentPerson(cipher: FieldCipher, row: PersonRow): ScreeningPerson {
  const name = cipher.decrypt(row.nameCipher);
  return {
    id: row.id,
    name: name ? maskName(name) : null,
    documentNumber: row.documentNumberCipher ? maskIdNumber(cipher.decrypt(row.documentNumberCipher)) : null,
    phone: row.phoneCipher ? maskPhone(cipher.decrypt(row.phoneCipher)) : null,
    sex: row.sex,
    birthDate: row.birthDate,
    residenceDivision: row.residenceDivision,
    residenceDivisionName: row.residenceDivision ? divisionFullName(row.residenceDivision) || null : null,
    householdDivision: row.householdDivision,
    arrivalDate: row.arrivalDate,
    status: row.status,
    firstReportedAt: row.firstReportedAt.toISOString(),
    firstSourceId: row.firstSourceId,
    mergedInto: row.mergedInto,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Seconds to the next deadline the task has not met (negative when passed), null when none is pending. */
export function secondsToDeadline(task: TaskRow, now: Date): number | null {
  if (task.status !== 'open') return null;
  const pending = [!task.contactedAt ? task.contactDueAt : null, !task.feedbackAt ? task.feedbackDueAt : null].filter((d): d is Date => !!d);
  if (pending.length === 0) return null;
  const next = Math.min(...pending.map((d) => d.getTime()));
  return Math.round((next - now.getTime()) / 1000);
}

export function presentTask(cipher: FieldCipher, task: TaskRow, person: PersonRow, now: Date): ScreeningTask {
  const seconds = secondsToDeadline(task, now);
  return {
    id: task.id,
    person: presentPerson(cipher, person),
    regionCode: task.regionCode,
    regionName: divisionFullName(task.regionCode) || null,
    status: task.status,
    dispatchedAt: task.dispatchedAt.toISOString(),
    contactDueAt: task.contactDueAt.toISOString(),
    feedbackDueAt: task.feedbackDueAt.toISOString(),
    contactedAt: iso(task.contactedAt),
    feedbackAt: iso(task.feedbackAt),
    overdue: seconds !== null && seconds < 0,
    secondsToDeadline: seconds,
    escalatedAt: iso(task.escalatedAt),
    escalatedTo: task.escalatedTo,
    reassignReason: task.reassignReason,
    closedAt: iso(task.closedAt),
    reopenReason: task.reopenReason,
  };
}

/** A follow-up as the officers of the task see it (the location and site in clear: they need them). */
export function presentFollowUp(cipher: FieldCipher, row: FollowUpRow): FollowUp {
  return {
    id: row.id,
    reached: row.reached,
    attempts: row.attempts,
    currentLocation: cipher.decrypt(row.locationCipher),
    quarantine:
      row.quarantineKind && row.quarantineFrom && row.quarantineTo
        ? { kind: row.quarantineKind, from: row.quarantineFrom, to: row.quarantineTo, site: cipher.decrypt(row.quarantineSiteCipher) }
        : null,
    tests: row.tests,
    releasedOn: row.releasedOn,
    note: cipher.decrypt(row.noteCipher),
    recordedBy: row.recordedBy,
    recordedAt: row.recordedAt.toISOString(),
  };
}
