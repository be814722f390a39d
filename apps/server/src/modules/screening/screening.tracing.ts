import { eq } from 'drizzle-orm';
import { on } from '../../platform/modules/module.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import { citizens } from '../../platform/identity/identity.tables.ts';
import { TracingContactDecided } from '../tracing/index.ts';
import { deadlines } from './screening.dispatch.ts';
import * as repo from './screening.repository.ts';

/**
 * The hand-off from tracing (流调→排查): a confirmed close or secondary contact becomes a person of the
 * screening database — matched by the document's blind index, else created from their real-name account
 * — reported by the source "流调密接", and, unless they already have an open task, gets a follow-up task
 * at the command post of the county whose worklist holds them (the event's assignedRegion), with the
 * source's SLA. One transaction under the matching lock (as imports), so a contact is never created twice.
 */

/** The screening source the hand-off reports under (created on first use). */
export const TRACING_SOURCE_NAME = '流调密接';

export const TracingContactListener = on(TracingContactDecided, async (p, ctx) => {
  if (p.decision !== 'confirmed' || (p.level !== 'close' && p.level !== 'secondary')) return;
  await ctx.db.transaction(async (tx) => {
    await repo.lockMatching(tx);
    const [citizen] = await tx.select().from(citizens).where(eq(citizens.id, p.citizenId));
    if (!citizen) return;
    let source = (await repo.listSources(tx)).find((s) => s.name === TRACING_SOURCE_NAME);
    source ??= await repo.insertSource(tx, { name: TRACING_SOURCE_NAME, kind: 'health', trust: 4, contactHours: 12, feedbackHours: 24, defaultDivision: p.assignedRegion });
    const found = (await repo.findCandidates(tx, citizen.documentIndex ? [citizen.documentIndex] : [], [])).find((x) => x.documentIndex === citizen.documentIndex);
    const now = new Date();
    let personId = found?.id;
    if (!personId) {
      personId = crypto.randomUUID();
      await repo.insertPersons(tx, [
        {
          id: personId,
          nameCipher: citizen.nameCipher,
          documentType: citizen.documentType,
          documentNumberCipher: citizen.documentNumberCipher,
          documentIndex: citizen.documentIndex,
          phoneCipher: citizen.phoneCipher,
          phoneIndex: citizen.phoneIndex,
          birthDate: citizen.birthDate,
          sex: citizen.sex,
          residenceDivision: p.assignedRegion,
          householdDivision: citizen.householdDivision,
          addressCipher: citizen.addressCipher,
          originCipher: null,
          arrivalDate: null,
          status: 'pending',
          provenance: {},
          firstReportedAt: now,
          firstSourceId: source.id,
        },
      ]);
    }
    await repo.insertReports(tx, [
      {
        personId,
        sourceId: source.id,
        importId: null,
        line: null,
        reportedAt: now,
        division: p.assignedRegion,
        valuesCipher: ctx.cipher.encrypt(JSON.stringify({ tracingContactId: p.contactId, tracingCaseId: p.caseId, level: p.level, lastExposureAt: p.lastExposureAt?.toISOString() ?? null }))!,
        matchedBy: found ? 'document' : 'new',
      },
    ]);
    const open = await repo.openTaskOf(tx, personId);
    const task = open
      ? null
      : await repo.insertTask(tx, {
          personId,
          regionCode: p.assignedRegion,
          status: 'open',
          dispatchedAt: now,
          ...deadlines(now, { regionCode: p.assignedRegion, contactHours: source.contactHours, feedbackHours: source.feedbackHours }),
        });
    await appendAudit(tx, {
      actor: p.actor,
      action: 'screening.task.from-tracing',
      subjectType: 'screening_person',
      subjectId: personId,
      regionCode: p.assignedRegion,
      detail: { tracingContactId: p.contactId, taskId: task?.id ?? open?.id ?? null, created: !found },
    });
  });
});
