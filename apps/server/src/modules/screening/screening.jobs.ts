import type { Config } from '../../config.ts';
import { defineJob } from '../../platform/jobs/index.ts';
import type { ScheduleSpec } from '../../platform/modules/module.ts';
import { IMPORT_JOB, IMPORT_MAX_ATTEMPTS, runImport } from './screening.import.ts';
import { escalateOverdueTasks } from './screening.service.ts';
import { purgeExpiredLists } from './screening.files.ts';
import { appendAudit } from '../../platform/audit/index.ts';

/** The import of an uploaded list (resumes from its checkpoint when retried). */
export const ImportJobType = defineJob(IMPORT_JOB, (run) => runImport(run), { maxAttempts: IMPORT_MAX_ATTEMPTS });

export const SLA_JOB = 'screening.sla-escalate';

/** Escalates overdue tasks to the city. */
export const SlaJobType = defineJob(SLA_JOB, async (run) => ({ escalated: await escalateOverdueTasks(run.ctx) }), { maxAttempts: 3 });

export const PURGE_JOB = 'screening.purge-lists';

/** Deletes the uploaded lists past their retention (one audit record per run that deleted any). */
export const PurgeJobType = defineJob(
  PURGE_JOB,
  async (run) => {
    const purged = await purgeExpiredLists(run.ctx);
    if (purged > 0) {
      await run.ctx.db.transaction((tx) =>
        appendAudit(tx, { actor: { kind: 'system', id: 'screening.retention' }, action: 'screening.list.purge', subjectType: 'screening_import', detail: { files: purged, retentionDays: run.ctx.config.screeningListRetentionDays } }),
      );
    }
    return { purged };
  },
  { maxAttempts: 3 },
);

/** The SLA job every FX_SCREENING_SLA_SWEEP_SECONDS (none when 0); the retention purge daily (none when the retention is 0). */
export function slaSchedules(config: Config): ScheduleSpec[] {
  const seconds = config.screeningSlaSweepSeconds;
  return [
    ...(seconds > 0 ? [{ name: SLA_JOB, type: SLA_JOB, everyMs: seconds * 1000 }] : []),
    ...(config.screeningListRetentionDays > 0 ? [{ name: PURGE_JOB, type: PURGE_JOB, everyMs: 86_400_000 }] : []),
  ];
}
