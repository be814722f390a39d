import type { DbOrTx, Tx } from '../../platform/db/database.ts';
import { HealthCodeColourChanged } from './health-code.events.ts';
import { ChangeCache } from '../../platform/db/change-cache.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { defineState } from '../../platform/modules/module.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import { maskIdNumber, maskName } from '../../platform/crypto/masking.ts';
import { isUniqueViolation } from '../../platform/identity/db-errors.ts';
import { assembleFacts, assembleFactsMany } from './health-code.facts.ts';
import { dayOf } from '@fangxian/contracts/kernel';
import { findRiskAreasCovering } from '../epidemic/index.ts';
import { evaluate } from './health-code.evaluate.ts';
import { DEFAULT_RULES } from './health-code.default-rules.ts';
import * as repo from './health-code.repository.ts';
import { type Colour, type Evaluation, type Facts, type Hold, type OverrideFact, type Reason, type Rule } from './health-code.types.ts';
import { holdsOf, openCode, openReasons, sealedCodeColumns, sealedEventColumns, withOpened, type OpenCode } from './health-code.reasons.ts';
import { requestSweep, SWEEP_JOB } from './health-code.jobs.ts';
import { defineJob, JobPacer, type JobRun } from '../../platform/jobs/index.ts';
import { HealthCodeErrors } from './health-code.errors.ts';
import type { healthCodeEvents, healthCodes } from './health-code.tables.ts';

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
  const { code, event } = storedRows(ctx, citizenId, result, result.regionCode, prior, version, now, cause);
  const row = await repo.saveCode(tx, code);
  if (prior && event) await ctx.modules.emit(ctx, HealthCodeColourChanged, { tx, changes: [{ citizenId, from: prior.colour as Colour, to: result.colour }] });
  if (event) await repo.insertEvent(tx, event);
  return withOpened(row, result);
}

/**
 * What a person's evaluation stores: the code row (reasons, holds and override sealed) and, when the
 * colour changed or the person had no code, the event row — one shape for the single recompute and
 * the batches. A next change dated today (waiting on today's check-in) is not a reason to recompute
 * again now: the next check is the earliest of the next change and the recheck still ahead.
 */
function storedRows(
  ctx: AppContext,
  citizenId: string,
  result: Evaluation,
  regionCode: string,
  prior: { colour: string; since: Date } | null | undefined,
  version: number,
  now: Date,
  cause: Cause,
): { code: typeof healthCodes.$inferInsert & { nextCheckAt: Date | null }; event: typeof healthCodeEvents.$inferInsert | null } {
  const changed = !prior || prior.colour !== result.colour;
  const checks = [result.nextChange?.at, result.recheckAt].filter((x): x is string => Boolean(x) && Date.parse(x!) > now.getTime()).sort();
  return {
    code: {
      citizenId,
      colour: result.colour,
      ruleSetVersion: version,
      since: changed ? now : prior.since,
      ...sealedCodeColumns(ctx.cipher, { reasons: result.reasons, holds: result.holds, override: result.override }),
      nextChange: result.nextChange,
      pendingConfirmation: result.pendingConfirmation,
      nextCheckAt: checks.length > 0 ? new Date(checks[0]) : null,
      regionCode,
    },
    event: changed
      ? {
          citizenId,
          fromColour: prior?.colour ?? null,
          toColour: result.colour,
          ruleSetVersion: version,
          ...sealedEventColumns(ctx.cipher, result.reasons),
          causeType: cause.type,
          cause: cause as Record<string, unknown>,
        }
      : null,
  };
}

/** People recomputed per transaction by the batched engine (bounded transactions; one query per fact source per batch). */
export const RECOMPUTE_BATCH = 500;

/**
 * The facts of a batch of people under `rules` (their lookback), with their stored holds and override
 * in force: one query per fact source for the whole batch. People without a citizen row are missing
 * from the answer. The one-person factsOfPerson gives each the same (it is the batch of one).
 */
export async function factsOfMany(
  ctx: AppContext,
  db: DbOrTx,
  citizenIds: readonly string[],
  rules: Rule[],
  now: Date,
  priors?: ReadonlyMap<string, repo.CodeRow>,
): Promise<Map<string, { facts: Facts; regionCode: string }>> {
  const persons = await repo.findPersons(db, citizenIds);
  const stored = priors ?? new Map((await repo.findCodes(db, citizenIds)).map((r) => [r.citizenId, r]));
  const overrides = await repo.findOverridesInForce(db, citizenIds, now);
  const holds = new Map<string, Hold[]>();
  for (const [id, row] of stored) holds.set(id, holdsOf(ctx.cipher, row));
  const assembled = await assembleFactsMany(
    ctx,
    db,
    persons.map((p) => ({ citizenId: p.id, documentIndex: p.documentIndex, householdDivision: p.householdDivision })),
    { now, rules, holds, overrides: new Map([...overrides].map(([id, row]) => [id, overrideFactOf(row)])) },
  );
  const out = new Map<string, { facts: Facts; regionCode: string }>();
  for (const p of persons) {
    const { facts } = assembled.get(p.id)!;
    out.set(p.id, { facts, regionCode: facts.residenceDivision ?? p.householdDivision ?? '' });
  }
  return out;
}

/** The outcome of a batched recomputation. */
export interface BatchOutcome {
  recomputed: number;
  /** Codes whose colour changed (an event was written for each). */
  changed: number;
  /** Ids that could not be recomputed (no citizen, unreadable record); their check is postponed by the caller. */
  failed: string[];
}

/**
 * Recomputes a batch of codes in one transaction with the same steps as recomputeIn, set-based:
 * lock the stored codes (in id order), read every fact source once for the batch, evaluate each
 * person with the pure evaluate(), then write all codes with one upsert and all colour-change events
 * with one insert. A person whose record cannot be evaluated is left out (reported in `failed`).
 */
export async function recomputeBatchIn(tx: Tx, ctx: AppContext, citizenIds: readonly string[], cause: Cause, now: Date, ahead?: FactsReadAhead): Promise<BatchOutcome> {
  const ids = [...new Set(citizenIds)].sort();
  const { version, rules } = await activeRules(tx);
  const priors = new Map((await repo.findCodes(tx, ids, true)).map((r) => [r.citizenId, r]));
  const factsOf = ahead && ahead.version === version ? await checkedReadAhead(ctx, tx, ahead, ids, rules, now, priors) : await factsOfMany(ctx, tx, ids, rules, now, priors);
  const codes: (typeof healthCodes.$inferInsert)[] = [];
  const events: (typeof healthCodeEvents.$inferInsert)[] = [];
  // Codes whose stored state is already exactly the result: only their next check and version are written.
  const same: { citizenId: string; nextCheckAt: Date | null }[] = [];
  const failed: string[] = [];
  // Evaluating and sealing 500 codes is tens of milliseconds of CPU: the loop yields a turn of the
  // event loop every few milliseconds so the request path is served meanwhile (JobPacer).
  const pacer = new JobPacer();
  for (const citizenId of ids) {
    const turn = pacer.slice();
    if (turn) await turn;
    const outcome = outcomeOf(ctx, citizenId, factsOf.get(citizenId), priors.get(citizenId), rules, version, now, cause);
    if (outcome.kind === 'failed') failed.push(citizenId);
    else if (outcome.kind === 'same') same.push({ citizenId, nextCheckAt: outcome.nextCheckAt });
    else {
      codes.push(outcome.code);
      if (outcome.event) events.push(outcome.event);
    }
  }
  await repo.saveCodes(tx, codes);
  await repo.touchCodes(tx, same, version);
  await repo.insertEvents(tx, events);
  const colourChanges = events.filter((e) => e.fromColour !== null).map((e) => ({ citizenId: e.citizenId, from: e.fromColour as Colour, to: e.toColour as Colour }));
  if (colourChanges.length > 0) await ctx.modules.emit(ctx, HealthCodeColourChanged, { tx, changes: colourChanges });
  return { recomputed: codes.length + same.length, changed: events.length, failed };
}

/** What a batch writes for one person: nothing (failed), only the check time (same), or the code and, on a colour change, its event. */
type PersonOutcome =
  | { kind: 'failed' }
  | { kind: 'same'; nextCheckAt: Date | null }
  | { kind: 'write'; code: typeof healthCodes.$inferInsert; event: typeof healthCodeEvents.$inferInsert | null };

/**
 * One person's outcome from their facts and stored code, with the pure evaluate().
 */
function outcomeOf(
  ctx: AppContext,
  citizenId: string,
  found: { facts: Facts; regionCode: string } | undefined,
  prior: repo.CodeRow | undefined,
  rules: Rule[],
  version: number,
  now: Date,
  cause: Cause,
): PersonOutcome {
  if (!found) return { kind: 'failed' };
  try {
    const result = evaluate(found.facts, rules, now);
    assertColourJustified(result);
    if (prior && prior.colour === result.colour && storesSame(ctx, prior, result, found.regionCode, found.facts.holds)) {
      const checks = [result.nextChange?.at, result.recheckAt].filter((x): x is string => Boolean(x) && Date.parse(x!) > now.getTime()).sort();
      return { kind: 'same', nextCheckAt: checks.length > 0 ? new Date(checks[0]) : null };
    }
    return { kind: 'write', ...storedRows(ctx, citizenId, result, found.regionCode, prior, version, now, cause) };
  } catch {
    // One unreadable record must not sink the batch; the caller postpones it (never named in logs).
    return { kind: 'failed' };
  }
}

/** JSON with object keys sorted (jsonb does not keep key order): equal values give equal text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/**
 * Whether the stored code already holds exactly what `result` would store — colour, confirmation,
 * region, next change, holds (the stored ones, already opened for the facts), deciding override and
 * reasons (opened to compare) — so the batch writes only its next check, version and update time
 * (repo.touchCodes) instead of sealing and upserting it again. A row not yet sealed is always rewritten.
 */
function storesSame(ctx: AppContext, prior: repo.CodeRow, result: Evaluation, regionCode: string, priorHolds: readonly Hold[]): boolean {
  if (prior.colour !== result.colour || prior.pendingConfirmation !== result.pendingConfirmation || prior.regionCode !== regionCode) return false;
  if (prior.reasonsCipher === null || prior.holdsCipher === null || prior.legacyReasons !== null || prior.legacyHolds !== null) return false;
  if ((prior.overrideCipher === null) !== (result.override === null)) return false;
  if (canonical(prior.nextChange ?? null) !== canonical(result.nextChange ?? null)) return false;
  if (canonical(priorHolds) !== canonical(result.holds)) return false;
  if (result.override && canonical(JSON.parse(ctx.cipher.decrypt(prior.overrideCipher!)!)) !== canonical(result.override)) return false;
  return canonical(openReasons(ctx.cipher, prior.reasonsCipher, null)) === canonical(result.reasons);
}

/**
 * A batch's facts read ahead, outside its transaction (on PostgreSQL the sweep reads the next round's
 * facts on another connection while the current round writes). Used only for the people whose stored
 * code is unchanged once locked (same colour, update time and next check): anyone recomputed, or marked
 * due by a registry change, in between is read again under the lock, as is everyone if the rule set or
 * the risk-area registry changed.
 */
export interface FactsReadAhead {
  version: number;
  /** When the risk-area registry had last changed as the facts were read (epoch ms, or null): a change since means everyone is read again. */
  registryAt: number | null;
  priors: Map<string, repo.CodeRow>;
  factsOf: Map<string, { facts: Facts; regionCode: string }>;
}

/** Reads a batch's facts ahead of its transaction (see FactsReadAhead). */
export async function readFactsAhead(ctx: AppContext, citizenIds: readonly string[], now: Date): Promise<FactsReadAhead> {
  const ids = [...new Set(citizenIds)].sort();
  const { version, rules } = await activeRules(ctx.db);
  const registryAt = (await repo.lastRiskAreaChange(ctx.db))?.at.getTime() ?? null;
  const priors = new Map((await repo.findCodes(ctx.db, ids)).map((r) => [r.citizenId, r]));
  return { version, registryAt, priors, factsOf: await factsOfMany(ctx, ctx.db, ids, rules, now, priors) };
}

const sameCode = (a: repo.CodeRow | undefined, b: repo.CodeRow | undefined): boolean =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    a.colour === b.colour &&
    a.updatedAt.getTime() === b.updatedAt.getTime() &&
    (a.nextCheckAt?.getTime() ?? null) === (b.nextCheckAt?.getTime() ?? null) &&
    // Every recomputation seals anew (a fresh nonce): a rewritten code never has the same ciphertexts.
    a.reasonsCipher === b.reasonsCipher &&
    a.holdsCipher === b.holdsCipher);

async function checkedReadAhead(
  ctx: AppContext,
  tx: Tx,
  ahead: FactsReadAhead,
  ids: readonly string[],
  rules: Rule[],
  now: Date,
  priors: ReadonlyMap<string, repo.CodeRow>,
): Promise<Map<string, { facts: Facts; regionCode: string }>> {
  const out = new Map<string, { facts: Facts; regionCode: string }>();
  const again: string[] = [];
  // A risk-area change since the read (its job marks nobody, so the codes look the same): read everyone again.
  const registryAt = (await repo.lastRiskAreaChange(tx))?.at.getTime() ?? null;
  for (const id of ids) {
    const read = ahead.factsOf.get(id);
    if (read && registryAt === ahead.registryAt && sameCode(ahead.priors.get(id), priors.get(id))) out.set(id, read);
    else again.push(id);
  }
  if (again.length > 0) for (const [id, found] of await factsOfMany(ctx, tx, again, rules, now, priors)) out.set(id, found);
  return out;
}

/**
 * Recomputes many codes, RECOMPUTE_BATCH per transaction. A batch the database refuses as a whole is
 * retried one person at a time, so one bad record never stalls everyone in its batch; the ids that
 * still fail are answered in `failed`.
 */
export async function recomputeBatch(ctx: AppContext, citizenIds: readonly string[], cause: Cause, now: Date = new Date(), ahead?: FactsReadAhead): Promise<BatchOutcome> {
  const total: BatchOutcome = { recomputed: 0, changed: 0, failed: [] };
  for (let i = 0; i < citizenIds.length; i += RECOMPUTE_BATCH) {
    const chunk = citizenIds.slice(i, i + RECOMPUTE_BATCH);
    let outcome: BatchOutcome;
    try {
      outcome = await ctx.db.transaction((tx) => recomputeBatchIn(tx, ctx, chunk, cause, now, ahead));
    } catch {
      outcome = { recomputed: 0, changed: 0, failed: [] };
      for (const id of chunk) {
        try {
          const one = await ctx.db.transaction((tx) => recomputeBatchIn(tx, ctx, [id], cause, now));
          outcome.recomputed += one.recomputed;
          outcome.changed += one.changed;
          outcome.failed.push(...one.failed);
        } catch {
          outcome.failed.push(id);
        }
      }
    }
    total.recomputed += outcome.recomputed;
    total.changed += outcome.changed;
    total.failed.push(...outcome.failed);
  }
  return total;
}

/** Where a background recomputation (a risk-area change's or a rule set's job) is: its checkpoint. */
export interface RecomputeCheckpoint {
  /** How many people it has to recompute (for the progress bar). */
  total: number;
  /** The last citizen id done (they are walked in id order). */
  after: string | null;
  done: number;
  changed: number;
  failed: number;
}

/**
 * A recomputation job's checkpoint: the one it saved (a retry or another instance resumes from it), or
 * on its first run a new one — `collect()` (which answers how many people there are to recompute) run
 * once, the checkpoint saved and the progress (0 of them) reported before any batch.
 */
export async function recomputeCheckpoint(run: JobRun<RecomputeCheckpoint>, collect: () => Promise<number>): Promise<RecomputeCheckpoint> {
  if (run.checkpoint) return run.checkpoint;
  const total = await collect();
  const cp: RecomputeCheckpoint = { total, after: null, done: 0, changed: 0, failed: 0 };
  await run.saveCheckpoint(cp);
  await run.progress(0, total, 'health codes recomputed');
  return cp;
}

/**
 * The walk of a background recomputation job: the people `next(after, limit)` answers, in citizen-id
 * order, RECOMPUTE_BATCH per transaction with the batched engine, the checkpoint and the progress
 * saved after each batch (a retry or another instance resumes after the last batch that committed; a
 * batch redone writes no second event, its codes being current). On PostgreSQL the next batch's facts
 * are read ahead on another connection (whoever changed in between is read again under the lock).
 * People who cannot be recomputed are marked due for the sweep. `stop()` is asked before each batch.
 */
export async function recomputeWalk(
  run: JobRun<RecomputeCheckpoint>,
  start: RecomputeCheckpoint,
  next: (after: string | null, limit: number) => Promise<string[]>,
  cause: Cause,
  stop?: () => Promise<boolean>,
): Promise<{ checkpoint: RecomputeCheckpoint; stopped: boolean }> {
  const { ctx } = run;
  let cp = start;
  const overlap = ctx.database.kind === 'postgres';
  // Back-pressure: rests FX_JOB_REST_PERCENT of each batch's time before the next (JobPacer).
  const pacer = new JobPacer({ restPercent: ctx.config.jobRestPercent, signal: run.signal });
  let ids = await next(cp.after, RECOMPUTE_BATCH);
  let ahead: Promise<FactsReadAhead | undefined> = Promise.resolve(undefined);
  let stopped = false;
  while (ids.length > 0) {
    run.signal.throwIfAborted();
    if (stop && (await stop())) {
      stopped = true;
      break;
    }
    const following = ids.length === RECOMPUTE_BATCH ? await next(ids[ids.length - 1], RECOMPUTE_BATCH) : [];
    // A failed read ahead costs nothing but the overlap: the batch reads its facts itself.
    const batchStart = performance.now();
    const nextAhead = overlap && following.length > 0 ? readFactsAhead(ctx, following, new Date()).catch(() => undefined) : Promise.resolve(undefined);
    const outcome = await recomputeBatch(ctx, ids, cause, new Date(), await ahead);
    ahead = nextAhead;
    // Logged without naming anyone; the sweep looks at them again (and postpones them if they still fail).
    if (outcome.failed.length > 0) {
      ctx.log.warn({ failed: outcome.failed.length, job: run.type }, 'health-code recompute: codes could not be recomputed; left due for the sweep');
      await repo.markDue(ctx.db, outcome.failed);
    }
    cp = { ...cp, after: ids[ids.length - 1], done: cp.done + ids.length, changed: cp.changed + outcome.changed, failed: cp.failed + outcome.failed.length };
    await run.saveCheckpoint(cp);
    await run.progress(cp.done, cp.total, 'health codes recomputed');
    ids = following;
    if (ids.length > 0) await pacer.rest(performance.now() - batchStart);
  }
  await ahead;
  return { checkpoint: cp, stopped };
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
  /** The risk-area registry's stamp and the active rule-set version (see registryStamp): one entry, STAMP_KEY. */
  stamp: ChangeCache<RegistryState>;
  /** Whether a risk area is in force over a division on a day (key `day division`; see onVisitRecorded). */
  areas: ChangeCache<{ covered: boolean }>;
}

export const CodeCachesState = defineState<CodeCaches>('health-code.caches');

/** Creates an app's code caches, subscribed to its change feed until the app closes. */
export function createCodeCaches(ctx: AppContext): CodeCaches {
  const caches: CodeCaches = {
    door: new ChangeCache<DoorCode>(ctx.database.changes, 'fx_citizen', { maxEntries: 200_000 }),
    // A registry change is announced as '*' on fx_citizen (everybody's code may differ), which drops it.
    // A change's collection finishing is announced under STAMP_KEY alone (the door codes stay).
    stamp: new ChangeCache<RegistryState>(ctx.database.changes, 'fx_citizen', { maxEntries: 1 }),
    areas: new ChangeCache<{ covered: boolean }>(ctx.database.changes, 'fx_citizen', { maxEntries: 20_000 }),
  };
  ctx.onClose(caches.door.unsubscribe);
  ctx.onClose(caches.stamp.unsubscribe);
  ctx.onClose(caches.areas.unsubscribe);
  return caches;
}

const STAMP_KEY = repo.REGISTRY_STAMP_FEED_KEY;

/** Drops this instance's cached registry stamp (and area cover) at once after a change made here (the feed's announcement follows). */
export function forgetRiskAreaStamp(ctx: AppContext): void {
  CodeCachesState.of(ctx).stamp.changed(STAMP_KEY);
  CodeCachesState.of(ctx).areas.changed('*');
}

/**
 * Tells the health code that a person's presence at a place was just recorded (venues: a
 * presence-proving scan, after it committed). When a risk area of any level is in force over the
 * place's division on that day, the visit is a fact the rules read (visitedRiskArea), so the code
 * is recomputed now — the door may already have answered with the colour before the visit; the
 * next read, the next door and the officers see the new one. Elsewhere nothing is done: whether a
 * division is covered is held in memory per day and division (a registry change drops it), so the
 * common scan costs no query. If the recomputation fails the code is marked due (the next read or
 * the sweep recomputes it).
 */
export async function onVisitRecorded(ctx: AppContext, citizenId: string, visit: { divisionCode: string; at: Date; id: string }): Promise<void> {
  const day = dayOf(visit.at);
  const key = `${day} ${visit.divisionCode}`;
  const areas = CodeCachesState.of(ctx).areas;
  const held = areas.peek(key);
  const cover =
    held ??
    (await areas.get(key, async () => ({
      covered: (await findRiskAreasCovering(ctx.db, [visit.divisionCode], day)).some((a) => a.startDate <= day && (a.endDate === null || a.endDate >= day)),
    })));
  if (!cover?.covered) return;
  try {
    await recomputeCode(ctx, citizenId, { type: 'fact', fact: 'scan', id: visit.id });
  } catch (err) {
    // Logged without naming anyone; marked due so the next read or the sweep recomputes the code.
    ctx.log.warn({ err }, 'health code: a visit in a risk area could not be recomputed at once; marked due');
    await repo.markDue(ctx.db, [citizenId]).catch(() => undefined);
  }
}

/**
 * The risk-area registry's stamp (when it last changed, which change's people are not collected yet,
 * the recent changes' causes). Cached, because it is read on every code view and door-code miss: kept
 * exact by the change feed (a registry change from any instance, or a change's collection finishing,
 * drops it), and read from the database while the feed is not live.
 */
async function registryStamp(ctx: AppContext): Promise<RegistryState> {
  const held = await CodeCachesState.of(ctx).stamp.get(STAMP_KEY, async () => {
    // Rule sets announce '*' on fx_citizen too (drizzle/0001), which drops this.
    const [stamp, rules] = await Promise.all([repo.lastRiskAreaChange(ctx.db), repo.findActiveRuleSet(ctx.db)]);
    return { stamp, ruleSetVersion: rules?.version ?? null };
  });
  return held!;
}

/** What a read checks a stored code against: the risk-area registry's stamp and the active rule-set version. */
interface RegistryState {
  stamp: repo.RegistryStamp | null;
  ruleSetVersion: number | null;
}

/**
 * The stored code, brought up to date first when it is missing, due, or older than the registry. A
 * recomputed code comes with its reasons open; a stored one still sealed (the door needs none).
 */
async function upToDateCode(
  ctx: AppContext,
  citizenId: string,
  now: Date,
  read?: { state: RegistryState; found: { person: repo.PersonRow; code: repo.CodeRow | null } },
): Promise<{ row: repo.CodeRow | OpenCode; person: repo.PersonRow }> {
  // The stamp is read before the code: a stamp that says a change's people are collected was read
  // after the collection (and its marks) committed, so the code read next carries its mark.
  const { stamp, ruleSetVersion } = read ? read.state : await registryStamp(ctx);
  const found = read ? read.found : await repo.findPersonWithCode(ctx.db, citizenId);
  if (!found) throw new AppError(CommonErrors.NOT_FOUND);
  const person = found.person;
  let row: repo.CodeRow | OpenCode | null = found.code;
  if (!row) row = await recomputeCode(ctx, citizenId, { type: 'fact', fact: 'first_use' }, now);
  else {
    if (ruleSetVersion !== null && row.ruleSetVersion !== ruleSetVersion) {
      // Computed under another rule set than the active one: its recomputation job has not reached it yet.
      row = await recomputeCode(ctx, citizenId, { type: 'rule_set', version: ruleSetVersion }, now);
    } else if (row.nextCheckAt && row.nextCheckAt <= now) {
      // Due: its own next change, or marked due by a risk-area change's job (at the change's instant,
      // so the recomputation names the change's cause — the officer — whichever comes first).
      const byChange = stamp?.recent.get(row.nextCheckAt.getTime());
      row = await recomputeCode(ctx, citizenId, (byChange as Cause | null | undefined) ?? { type: 'timer' }, now);
    } else if (stamp?.pendingAt && row.updatedAt <= stamp.pendingAt) {
      // A risk-area change whose people are not collected yet: any code computed before it may be
      // touched, so it is recomputed now, with the change as its cause. Once the change's job has
      // collected its people (and marked exactly them due), codes it does not touch stay as they are.
      row = await recomputeCode(ctx, citizenId, (stamp.cause as Cause | null) ?? { type: 'fact', fact: 'risk_area_registry' }, now);
    }
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
      const state = await registryStamp(ctx); // before the code (see upToDateCode)
      const found = await repo.findPersonWithCode(ctx.db, citizenId);
      if (!found) throw new AppError(CommonErrors.NOT_FOUND);
      if (!found.person.documentNumberCipher || !found.person.nameCipher) throw new AppError(HealthCodeErrors.HEALTH_CODE_REAL_NAME_REQUIRED);
      const { row, person } = await upToDateCode(ctx, citizenId, now, { state, found });
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

/** Codes per round of the sweep (one batched transaction each). */
export const SWEEP_BATCH = RECOMPUTE_BATCH;

/**
 * Recomputes the codes that are due (timed rules expired, days passed, registries changed) with the
 * batched engine, a round of `batch` at a time until none is due at `now`; returns how many. A code
 * that cannot be recomputed is looked at again in an hour, so the loop always ends.
 */
export async function sweepDueCodes(ctx: AppContext, now: Date = new Date(), batch = SWEEP_BATCH, progress?: (done: number) => Promise<void>, signal?: AbortSignal): Promise<number> {
  let done = 0;
  // On PostgreSQL the next round's facts are read on another connection while this round writes
  // (FactsReadAhead: what changed in between is read again under the lock). PGlite is one backend.
  const overlap = ctx.database.kind === 'postgres' && batch <= RECOMPUTE_BATCH;
  let due = await repo.findDueCodes(ctx.db, now, batch);
  let ahead: Promise<FactsReadAhead | undefined> = Promise.resolve(undefined);
  // Back-pressure: rests FX_JOB_REST_PERCENT of each round's time before the next (JobPacer).
  const pacer = new JobPacer({ restPercent: ctx.config.jobRestPercent, signal });
  for (;;) {
    signal?.throwIfAborted();
    if (due.length === 0) break;
    const roundStart = performance.now();
    const next = overlap && due.length === batch ? await repo.findDueCodes(ctx.db, now, batch, due) : [];
    // A failed read ahead costs nothing but the overlap: the round reads its facts itself.
    const nextAhead = next.length > 0 ? readFactsAhead(ctx, next, now).catch(() => undefined) : Promise.resolve(undefined);
    const outcome = await recomputeBatch(ctx, due, { type: 'timer' }, now, await ahead);
    ahead = nextAhead;
    done += outcome.recomputed;
    if (outcome.failed.length > 0) {
      // Logged without naming anyone (the logger also drops bound values and personal fields).
      ctx.log.warn({ failed: outcome.failed.length }, 'health-code sweep: codes could not be recomputed; they are looked at again in an hour');
      await repo.postponeChecks(ctx.db, outcome.failed, new Date(now.getTime() + 3600_000));
    }
    if (progress) await progress(done);
    if (due.length < batch) break;
    due = next.length > 0 ? next : await repo.findDueCodes(ctx.db, now, batch);
    await pacer.rest(performance.now() - roundStart);
  }
  await ahead;
  await repo.purgeTokens(ctx.db, new Date(now.getTime() - 24 * 3600_000));
  return done;
}

/** The sweep as a platform job (health-code manifest): recomputes every due code, reporting progress. */
export const SweepJobType = defineJob(SWEEP_JOB, async (run) => {
  const recomputed = await sweepDueCodes(run.ctx, new Date(), SWEEP_BATCH, (done) => run.progress(done, null, 'health codes recomputed'), run.signal);
  return { recomputed };
}, { maxAttempts: 3 });

/**
 * Recomputes a list of citizens promptly with the batched engine (up to `limit`; the rest stay marked
 * due and a sweep job is asked for them).
 */
export async function recomputeMany(ctx: AppContext, citizenIds: string[], cause: Cause, limit = 200): Promise<{ recomputed: number; deferred: number; jobId: string | null }> {
  const now = new Date();
  const first = citizenIds.slice(0, limit);
  const outcome = await recomputeBatch(ctx, first, cause, now);
  // Failures stay due: the sweep looks at them again (and postpones them if they still fail).
  const deferred = citizenIds.length - first.length + outcome.failed.length;
  // The rest are marked due already; a sweep job now rather than at the next scheduled run.
  const jobId = deferred > 0 ? await requestSweep(ctx, cause.type) : null;
  return { recomputed: outcome.recomputed, deferred, jobId };
}
