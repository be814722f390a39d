import { count, sql } from 'drizzle-orm';
import type { AppContext } from '../http/context.ts';
import type { Tx } from '../db/database.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { staffAccounts } from '../identity/identity.tables.ts';

/** What a seed step sees: the one transaction of the whole seed, and what earlier steps created. */
export interface SeedRun {
  ctx: AppContext;
  tx: Tx;
  /** Staff account ids by username (filled by the core step). */
  staff: Map<string, string>;
  /** Values steps hand to later steps, e.g. 'venues.demoVenueId' → the demo venue's id. */
  facts: Map<string, unknown>;
}

export interface SeedStep {
  name: string;
  /** Lower runs first; the core accounts run at 0, module steps default to 50, the venue account at 100. */
  order?: number;
  run(seed: SeedRun): Promise<void>;
}

/** A demo-data step, listed in its module's manifest (`seeds`); runs inside the seed's one transaction. */
export function defineSeedStep(step: SeedStep): SeedStep {
  return step;
}

const SEED_LOCK = 4_212_021; // advisory lock: two instances starting together seed once

/**
 * Seeds the demo data when the database has no staff account yet (first start): the steps of every
 * module of the app (their manifests' `seeds`), by `order`. Every step runs in one transaction, so a
 * failed seed leaves nothing behind and the next start tries again.
 */
export async function runDemoSeed(ctx: AppContext): Promise<{ seeded: boolean; steps: string[] }> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`);
    const [{ n }] = await tx.select({ n: count() }).from(staffAccounts);
    if (n > 0) return { seeded: false, steps: [] };
    const seed: SeedRun = { ctx, tx, staff: new Map(), facts: new Map() };
    const ordered = (ctx.modules.seeds() as SeedStep[]).sort((a, b) => (a.order ?? 50) - (b.order ?? 50));
    for (const step of ordered) await step.run(seed);
    await appendAudit(tx, { actor: { kind: 'system', id: 'seed' }, action: 'seed.demo.load', detail: { steps: ordered.map((s) => s.name) } });
    return { seeded: true, steps: ordered.map((s) => s.name) };
  });
}
