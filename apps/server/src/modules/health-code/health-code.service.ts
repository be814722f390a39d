import type { DbOrTx, Tx } from '../../platform/db/database.ts';
import { ChangeCache } from '../../platform/db/change-cache.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { defineState } from '../../platform/modules/module.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import { maskIdNumber, maskName } from '../../platform/crypto/masking.ts';
import { isUniqueViolation } from '../../platform/identity/db-errors.ts';
import { assembleFacts } from './health-code.facts.ts';
import { evaluate } from './health-code.evaluate.ts';
import { DEFAULT_RULES } from './health-code.default-rules.ts';
import * as repo from './health-code.repository.ts';
import { type Colour, type Evaluation, type Facts, type Hold, type OverrideFact, type Reason, type Rule } from './health-code.types.ts';
import { holdsOf, openCode, sealedCodeColumns, sealedEventColumns, withOpened, type OpenCode } from './health-code.reasons.ts';
import { requestSweep, SWEEP_JOB } from './health-code.jobs.ts';
import { defineJob } from '../../platform/jobs/index.ts';
import { HealthCodeErrors } from './health-code.errors.ts';

/** What caused a recomputation, stored with every colour-change event. */
export type Cause =
  | { type: 'fact'; fact: string; id?: string }
  | { type: 'actor'; actorType: string; actorId: string; action: string; note?: string }
  | { type: 'timer' }
  | { type: 'rule_set'; version: number };

/** A citizen's current code as other modules and the API see it. */
export interface CurrentCode {
  citizenId: string;
  colour: Colour;
  reasons: Reason[];
  nextChange: Evaluation['nextChange'];
  since: Date;
  ruleSetVersion: number;
  pendingConfirmation: boolean;
  override: { colour: Colour; reason: string; expiresAt: string } | null;
  maskedName: string;
  maskedId: string;
  regionCode: string;
}

/** Installs the default rule set as version 1 when the database has none (first start). */
export async function ensureDefaultRuleSet(db: DbOrTx): Promise<void> {
  if (await repo.findActiveRuleSet(db)) return;
  if ((await repo.maxRuleSetVersion(db)) > 0) return; // versions exist but none active: an officer decides
  try {
    await repo.insertRuleSet(db, { version: 1, status: 'active', rules: DEFAULT_RULES, note: '默认规则（2020 年省级规则） / default rules (2020 provincial rules)', publishedAt: new Date() });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err; // another instance installed it first
  }
}

/** The active rules and their version. */
export async function activeRules(db: DbOrTx): Promise<{ version: number; rules: Rule[] }> {
  const row = await repo.findActiveRuleSet(db);
  if (!row) {
    await ensureDefaultRuleSet(db);
    const again = await repo.findActiveRuleSet(db);
    if (!again) throw new AppError(CommonErrors.UNAVAILABLE, { reason: 'no active rule set' });
    return { version: again.version, rules: again.rules };
  }
  return { version: row.version, rules: row.rules };
}

/**
 * The guard behind "nobody can set a colour without a rule or an approved override": a colour other
 * than green must come with at least one reason of that colour (a rule, a rule's hold, or an
 * override approved by a second officer). The database enforces the same with a check constraint.
 */
export function assertColourJustified(result: Pick<Evaluation, 'colour' | 'reasons'>): void {
  if (result.colour === 'green' && !result.reasons.some((r) => r.state === 'override')) return;
  const backing = result.reasons.filter((r) => r.colour === result.colour && (r.state !== 'override' || r.reasonCode === 'MANUAL_OVERRIDE'));
  if (backing.length === 0) throw new Error(`refusing to store colour ${result.colour} without a rule or an approved override`);
}

function overrideFactOf(row: repo.OverrideRow | null): OverrideFact | null {
  return row ? { id: row.id, colour: row.colour as Colour, reason: row.reason, expiresAt: row.expiresAt.toISOString(), approvedBy: row.decidedBy } : null;
}

/** One person's facts for evaluation under `rules` (their lookback), with their stored holds and override in force. */
export async function factsOfPerson(ctx: AppContext, db: DbOrTx, citizenId: string, rules: Rule[], now: Date, holds?: Hold[]): Promise<{ facts: Facts; regionCode: string }> {
  const person = await repo.findPerson(db, citizenId);
  if (!person) throw new AppError(CommonErrors.NOT_FOUND);
  const prior = holds === undefined ? await repo.findCode(db, citizenId) : null;
  const override = overrideFactOf(await repo.findOverrideInForce(db, citizenId, now));
  const { facts } = await assembleFacts(ctx, db, { citizenId, documentIndex: person.documentIndex, householdDivision: person.householdDivision }, {
    now,
    rules,
    holds: holds ?? (prior ? holdsOf(ctx.cipher, prior) : []),
    override,
  });
  return { facts, regionCode: facts.residenceDivision ?? person.householdDivision ?? '' };
}

/** Evaluates one person with given rules against their current facts (no writes). */
export async function evaluatePerson(ctx: AppContext, db: DbOrTx, citizenId: string, rules: Rule[], now: Date, holds?: Hold[]): Promise<Evaluation & { regionCode: string }> {
  const { facts, regionCode } = await factsOfPerson(ctx, db, citizenId, rules, now, holds);
  return { ...evaluate(facts, rules, now), regionCode };
}

/**
 * Recomputes one code inside a transaction: facts → rules → stored state, plus an event on a colour
 * change. Reasons and holds are stored sealed (health-code.reasons.ts); the answer carries them open.
 */
export async function recomputeIn(tx: Tx, ctx: AppContext, citizenId: string, cause: Cause, now: Date, holdsOverride?: Hold[]): Promise<OpenCode> {
  const { version, rules } = await activeRules(tx);
  const prior = await repo.findCode(tx, citizenId, true);
  const result = await evaluatePerson(ctx, tx, citizenId, rules, now, holdsOverride ?? (prior ? holdsOf(ctx.cipher, prior) : []));
  assertColourJustified(result);
  const changed = !prior || prior.colour !== result.colour;
  // A next change dated today (waiting on today's check-in) is not a reason to recompute again now.
  const checks = [result.nextChange?.at, result.recheckAt].filter((x): x is string => Boolean(x) && Date.parse(x!) > now.getTime()).sort();
  const row = await repo.saveCode(tx, {
    citizenId,
    colour: result.colour,
    ruleSetVersion: version,
    since: changed ? now : prior!.since,
    ...sealedCodeColumns(ctx.cipher, { reasons: result.reasons, holds: result.holds, override: result.override }),
    nextChange: result.nextChange,
    pendingConfirmation: result.pendingConfirmation,
    nextCheckAt: checks.length > 0 ? new Date(checks[0]) : null,
    regionCode: result.regionCode,
  });
  if (changed) {
    await repo.insertEvent(tx, {
      citizenId,
      fromColour: prior?.colour ?? null,
      toColour: result.colour,
      ruleSetVersion: version,
      ...sealedEventColumns(ctx.cipher, result.reasons),
      causeType: cause.type,
      cause: cause as Record<string, unknown>,
    });
  }
  return withOpened(row, result);
}

/** Recomputes one citizen's code in its own transaction. */
export async function recomputeCode(ctx: AppContext, citizenId: string, cause: Cause, now: Date = new Date()): Promise<OpenCode> {
  return ctx.db.transaction((tx) => recomputeIn(tx, ctx, citizenId, cause, now));
}

/** Tells the health code that a person's facts changed (any module): the code is recomputed now. */
export async function onFactsChanged(ctx: AppContext, citizenId: string, cause: Cause = { type: 'fact', fact: 'external' }): Promise<void> {
  await recomputeCode(ctx, citizenId, cause);
}

/** Stores a fact pushed by another module (read by rules as `ext:<source>`) and recomputes the code. */
export async function recordFact(
  ctx: AppContext,
  citizenId: string,
  fact: { source: string; value: number | boolean | string | string[]; day?: string; label?: { zh: string; en: string } },
): Promise<void> {
  if (!/^[a-zA-Z][a-zA-Z0-9_.-]{0,63}$/.test(fact.source)) throw new Error(`bad fact source name ${fact.source}`);
  await repo.insertRecordedFact(ctx.db, { citizenId, source: fact.source, value: fact.value, day: fact.day ?? null, label: fact.label ?? null });
  await recomputeCode(ctx, citizenId, { type: 'fact', fact: `recorded:${fact.source}` });
}

/** Masks a person's identity for display: 张*, 5106**********1234. */
export function maskedIdentityOf(ctx: AppContext, person: repo.PersonRow): { maskedName: string; maskedId: string } {
  return { maskedName: maskName(ctx.cipher.decrypt(person.nameCipher)), maskedId: maskIdNumber(ctx.cipher.decrypt(person.documentNumberCipher)) };
}

function present(ctx: AppContext, row: OpenCode, person: repo.PersonRow): CurrentCode {
  const override = row.override;
  return {
    citizenId: row.citizenId,
    colour: row.colour as Colour,
    reasons: row.reasons,
    nextChange: row.nextChange ?? null,
    since: row.since,
    ruleSetVersion: row.ruleSetVersion,
    pendingConfirmation: row.pendingConfirmation,
    override: override ? { colour: override.colour, reason: override.reason, expiresAt: override.expiresAt } : null,
    ...maskedIdentityOf(ctx, person),
    regionCode: row.regionCode,
  };
}

/** What the health code holds in memory per app (its manifest provides it): the door codes and the registry stamp. */
export interface CodeCaches {
  /** The door view of codes, kept exact by the change feed (see doorCodeOf). */
  door: ChangeCache<DoorCode>;
  /** When the risk-area registry last changed (see riskAreasChangedAt): one entry, STAMP_KEY. */
  stamp: ChangeCache<{ at: Date | null }>;
}

export const CodeCachesState = defineState<CodeCaches>('health-code.caches');

/** Creates an app's code caches, subscribed to its change feed until the app closes. */
export function createCodeCaches(ctx: AppContext): CodeCaches {
  const caches: CodeCaches = {
    door: new ChangeCache<DoorCode>(ctx.database.changes, 'fx_citizen', { maxEntries: 200_000 }),
    // A registry change is announced as '*' on fx_citizen (everybody's code may differ), which drops it.
    stamp: new ChangeCache<{ at: Date | null }>(ctx.database.changes, 'fx_citizen', { maxEntries: 1 }),
  };
  ctx.onClose(caches.door.unsubscribe);
  ctx.onClose(caches.stamp.unsubscribe);
  return caches;
}

const STAMP_KEY = 'risk-area-registry';

/** Drops this instance's cached registry stamp at once after a change made here (the feed's announcement follows). */
export function forgetRiskAreaStamp(ctx: AppContext): void {
  CodeCachesState.of(ctx).stamp.changed(STAMP_KEY);
}

/**
 * When the risk-area registry last changed. Cached, because it is read on every code view and
 * door-code miss: kept exact by the change feed (a registry change from any instance drops it), and
 * read from the database while the feed is not live.
 */
async function riskAreasChangedAt(ctx: AppContext): Promise<Date | null> {
  const stamp = await CodeCachesState.of(ctx).stamp.get(STAMP_KEY, async () => ({ at: await repo.lastRiskAreaChange(ctx.db) }));
  return stamp!.at;
}

/**
 * The stored code, brought up to date first when it is missing, due, or older than the registry. A
 * recomputed code comes with its reasons open; a stored one still sealed (the door needs none).
 */
async function upToDateCode(
  ctx: AppContext,
  citizenId: string,
  now: Date,
  read?: { person: repo.PersonRow; code: repo.CodeRow | null },
): Promise<{ row: repo.CodeRow | OpenCode; person: repo.PersonRow }> {
  const found = read ?? (await repo.findPersonWithCode(ctx.db, citizenId));
  if (!found) throw new AppError(CommonErrors.NOT_FOUND);
  const person = found.person;
  let row: repo.CodeRow | OpenCode | null = found.code;
  if (!row) row = await recomputeCode(ctx, citizenId, { type: 'fact', fact: 'first_use' }, now);
  else if (row.nextCheckAt && row.nextCheckAt <= now) row = await recomputeCode(ctx, citizenId, { type: 'timer' }, now);
  else {
    const changed = await riskAreasChangedAt(ctx);
    if (changed && row.updatedAt < changed) row = await recomputeCode(ctx, citizenId, { type: 'fact', fact: 'risk_area_registry' }, now);
  }
  return { row, person };
}

/**
 * A citizen's current code (for the citizen's page, venue doors, verification). Computed on first use
 * and whenever it is due, so nobody is shown a colour whose timed rule has run out.
 */
export async function currentCodeFor(ctx: AppContext, citizenId: string, now: Date = new Date()): Promise<CurrentCode> {
  const { row, person } = await upToDateCode(ctx, citizenId, now);
  return present(ctx, 'reasons' in row ? row : openCode(ctx.cipher, row), person);
}

/** What a door (venue scan, 验码) shows: the colour and the masked identity. */
export interface DoorCode {
  colour: Colour;
  maskedName: string;
  maskedId: string;
  /** When the stored code must be recomputed (epoch ms), or null. */
  nextCheckAt: number | null;
}


/**
 * The hot path's view of a code (every venue scan and door check reads it). The same answer as
 * currentCodeFor, held in memory per person and kept exact by the change feed: any committed change
 * to the person's identity or code state, to the risk-area registry or to the rule sets (from this
 * instance or another) drops it, and it is not used past the code's next check time. Only the
 * colour and the already-masked identity are held — no decrypted personal data stays in memory.
 * The code's reasons and holds stay sealed here (only a recomputation, when one is due, opens holds).
 * A person without a real-name profile has no code (HEALTH_CODE_REAL_NAME_REQUIRED).
 */
export async function doorCodeOf(ctx: AppContext, citizenId: string, now: Date = new Date()): Promise<DoorCode> {
  const held = heldDoorCode(ctx, citizenId, now);
  if (held) return held;
  const code = await CodeCachesState.of(ctx).door.get(
    citizenId,
    async () => {
      const found = await repo.findPersonWithCode(ctx.db, citizenId);
      if (!found) throw new AppError(CommonErrors.NOT_FOUND);
      if (!found.person.documentNumberCipher || !found.person.nameCipher) throw new AppError(HealthCodeErrors.HEALTH_CODE_REAL_NAME_REQUIRED);
      const { row, person } = await upToDateCode(ctx, citizenId, now, found);
      return { colour: row.colour as Colour, ...maskedIdentityOf(ctx, person), nextCheckAt: row.nextCheckAt ? row.nextCheckAt.getTime() : null };
    },
    (held) => isCurrent(held, now),
  );
  return code!;
}

/**
 * The door code if it is held in memory and still current, without waiting (undefined otherwise):
 * the scan and verification paths use it to answer the common case synchronously, and call
 * doorCodeOf when it is not held.
 */
export function heldDoorCode(ctx: AppContext, citizenId: string, now: Date = new Date()): DoorCode | undefined {
  return CodeCachesState.of(ctx).door.peek(citizenId, (held) => isCurrent(held, now));
}

/** A held door code is current until its next check time (a timed rule expiring, a new day). */
function isCurrent(held: DoorCode, now: Date): boolean {
  return held.nextCheckAt === null || held.nextCheckAt > now.getTime();
}

/** Recomputes the codes that are due (timed rules expired, days passed, registries changed); returns how many. */
export async function sweepDueCodes(ctx: AppContext, now: Date = new Date(), batch = 200, progress?: (done: number) => Promise<void>): Promise<number> {
  let done = 0;
  for (let round = 0; round < 50; round++) {
    const due = await repo.findDueCodes(ctx.db, now, batch);
    if (due.length === 0) break;
    for (const citizenId of due) {
      try {
        await recomputeCode(ctx, citizenId, { type: 'timer' }, now);
        done++;
      } catch (err) {
        // One bad record must not stall the sweep for everyone behind it: look again in an hour.
        // Logged without naming the person (the logger also drops bound values and personal fields).
        ctx.log.warn({ err }, 'health-code sweep: a code could not be recomputed; it is looked at again in an hour');
        await repo.postponeCheck(ctx.db, citizenId, new Date(now.getTime() + 3600_000));
      }
    }
    if (progress) await progress(done);
    if (due.length < batch) break;
  }
  await repo.purgeTokens(ctx.db, new Date(now.getTime() - 24 * 3600_000));
  return done;
}

/** The sweep as a platform job (health-code manifest): recomputes every due code, reporting progress. */
export const SweepJobType = defineJob(SWEEP_JOB, async (run) => {
  const recomputed = await sweepDueCodes(run.ctx, new Date(), 200, (done) => run.progress(done, null, 'health codes recomputed'));
  return { recomputed };
}, { maxAttempts: 3 });

/** Recomputes a list of citizens promptly (up to `limit`; the rest stay marked due for the sweep). */
export async function recomputeMany(ctx: AppContext, citizenIds: string[], cause: Cause, limit = 200): Promise<{ recomputed: number; deferred: number; jobId: string | null }> {
  const now = new Date();
  const first = citizenIds.slice(0, limit);
  for (const id of first) await recomputeCode(ctx, id, cause, now);
  const deferred = citizenIds.length - first.length;
  // The rest are marked due already; a sweep job now rather than at the next scheduled run.
  const jobId = deferred > 0 ? await requestSweep(ctx, cause.type) : null;
  return { recomputed: first.length, deferred, jobId };
}
