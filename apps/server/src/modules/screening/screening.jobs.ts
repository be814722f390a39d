import type { Config } from '../../config.ts';
import { defineJob } from '../../platform/jobs/index.ts';
import type { ScheduleSpec } from '../../platform/modules/module.ts';
import { IMPORT_JOB, IMPORT_MAX_ATTEMPTS, runImport } from './screening.import.ts';
import { escalateOverdueTasks } from './screening.service.ts';

/** The import of an uploaded list (resumes from its checkpoint when retried). */
export const ImportJobType = defineJob(IMPORT_JOB, (run) => runImport(run), { maxAttempts: IMPORT_MAX_ATTEMPTS });

export const SLA_JOB = 'screening.sla-escalate';

/** Escalates overdue tasks to the city. */
export const SlaJobType = defineJob(SLA_JOB, async (run) => ({ escalated: await escalateOverdueTasks(run.ctx) }), { maxAttempts: 3 });

/** The SLA job every FX_SCREENING_SLA_SWEEP_SECONDS (none when 0). */
export function slaSchedules(config: Config): ScheduleSpec[] {
  const seconds = config.screeningSlaSweepSeconds;
  return seconds > 0 ? [{ name: SLA_JOB, type: SLA_JOB, everyMs: seconds * 1000 }] : [];
}
