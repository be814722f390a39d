import { defineJob } from '../../platform/jobs/index.ts';
import type { ScheduleSpec } from '../../platform/modules/module.ts';
import { runSupplyWatch, SUPPLY_JOB } from './govservice.service.ts';

/** 容缺受理: the hourly run that reminds applicants before the promised day and escalates missed ones. */
export const SupplyWatchJobType = defineJob(SUPPLY_JOB, async (run) => runSupplyWatch(run.ctx), { maxAttempts: 3 });
export const SUPPLY_SCHEDULE: ScheduleSpec = { name: SUPPLY_JOB, type: SUPPLY_JOB, everyMs: 60 * 60_000 };
