import type { Tx } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { Principal } from '../../platform/access/principal.ts';

/** A change to the registries that may change people's health codes. */
export type EpidemicChange =
  | { kind: 'risk_area'; areaId: string; divisionCodes: string[] }
  | { kind: 'person'; documentIndex: string };

/**
 * A module that reacts to registry changes (the health code). `markAffected` runs inside the change's
 * transaction, so the people it marks are recomputed eventually even if the process dies right after
 * commit; `afterCommit` recomputes promptly.
 */
export interface EpidemicListener {
  markAffected(tx: Tx, change: EpidemicChange): Promise<void>;
  afterCommit(ctx: AppContext, change: EpidemicChange, actor: Principal): Promise<void>;
}

const listeners: EpidemicListener[] = [];

/** Subscribes a module to registry changes (called once at import time). */
export function onEpidemicChange(listener: EpidemicListener): void {
  listeners.push(listener);
}

/** Lets every listener mark the people a change affects (inside the change's transaction). */
export async function markEpidemicChange(tx: Tx, change: EpidemicChange): Promise<void> {
  for (const l of listeners) await l.markAffected(tx, change);
}

/** Tells every listener a committed change happened. */
export async function announceEpidemicChange(ctx: AppContext, change: EpidemicChange, actor: Principal): Promise<void> {
  for (const l of listeners) await l.afterCommit(ctx, change, actor);
}
