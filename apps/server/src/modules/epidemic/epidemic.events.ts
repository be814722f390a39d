import type { Tx } from '../../platform/db/database.ts';
import type { Principal } from '../../platform/access/principal.ts';
import { defineEvent } from '../../platform/modules/module.ts';

/** A change to the registries that may change people's health codes. */
export type EpidemicChange =
  | { kind: 'risk_area'; areaId: string; divisionCodes: string[] }
  | { kind: 'person'; documentIndex: string };

/**
 * Published inside the change's transaction, before it commits: a listener (the health code) marks
 * the people the change affects through `tx`, or queues a background job for them, so they are
 * recomputed eventually even if the process dies right after commit. A listener that throws rolls
 * the change back. A listener that hands the work to a job adds the job's id to `jobs` (created by
 * `actor`): the API answers them, so the officer can follow the job's progress (GET /api/jobs/:id).
 */
export const EpidemicChangeInTransaction = defineEvent<{ tx: Tx; change: EpidemicChange; actor?: Principal; jobs?: string[] }>('epidemic.change.in-transaction');

/** Published once the change has committed, with the officer who made it: listeners act on it promptly. */
export const EpidemicChangeCommitted = defineEvent<{ change: EpidemicChange; actor: Principal }>('epidemic.change.committed');
