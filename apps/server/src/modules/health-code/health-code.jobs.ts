import { enqueueJob } from '../../platform/jobs/index.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { Config } from '../../config.ts';
import type { ScheduleSpec } from '../../platform/modules/module.ts';

/**
 * The platform job that recomputes every due code (timed rules expired, registry or rule-set changes);
 * its type (SweepJobType) is defined beside sweepDueCodes in health-code.service.ts.
 */
export const SWEEP_JOB = 'health-code.sweep';

/** The periodic sweep (FX_HEALTH_CODE_SWEEP_SECONDS; 0 = none): of several instances only one runs each. */
export function sweepSchedules(config: Config): ScheduleSpec[] {
  const seconds = config.healthCodeSweepSeconds;
  return seconds > 0 ? [{ name: SWEEP_JOB, type: SWEEP_JOB, everyMs: seconds * 1000 }] : [];
}

/** Asks for a sweep now (after a change that marked more codes due than were recomputed in the request). */
export async function requestSweep(ctx: AppContext, reason: string): Promise<string> {
  return enqueueJob(ctx, ctx.db, { type: SWEEP_JOB, payload: { reason }, createdBy: { kind: 'system', id: 'health-code' } });
}
