import { divisionPrefix } from '@fangxian/contracts/kernel';
import type { AppContext } from '../../platform/http/context.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { Principal } from '../../platform/access/principal.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import type { Tx } from '../../platform/db/database.ts';
import { approvalStatus, decideApproval, listApprovals, proposeApproval, type ApprovalRow } from '../../platform/approvals/index.ts';
import { isUniqueViolation } from '../../platform/identity/db-errors.ts';
import { validateRules } from './health-code.rules.ts';
import { activeRules, factsOfMany, recomputeCheckpoint, recomputeWalk, type Cause, type RecomputeCheckpoint } from './health-code.service.ts';
import { defineJob, enqueueJob, findActiveJob, findJob, JobPacer } from '../../platform/jobs/index.ts';
import { evaluate } from './health-code.evaluate.ts';
import * as repo from './health-code.repository.ts';
import type { Colour, Rule } from './health-code.types.ts';
import { HealthCodeErrors } from './health-code.errors.ts';

type Staff = Extract<Principal, { kind: 'staff' }>;

/**
 * Rule sets apply to the whole deployment, so only health officers with a city-wide (or wider) scope
 * may change them; a county officer may read and dry-run but not draft, publish or roll back.
 */
function assertCityWide(staff: Staff): void {
  if (divisionPrefix(staff.regionCode).length > 4) throw new AppError(CommonErrors.FORBIDDEN, { reason: 'rule sets are set at city level or above' });
}

/** Every rule-set version, newest first. */
export async function listRuleSets(ctx: AppContext): Promise<repo.RuleSetRow[]> {
  return repo.findRuleSets(ctx.db);
}

/** One version. */
export async function getRuleSet(ctx: AppContext, version: number): Promise<repo.RuleSetRow> {
  const row = await repo.findRuleSet(ctx.db, version);
  if (!row) throw new AppError(CommonErrors.NOT_FOUND);
  return row;
}

/** Saves a new draft version after validating every rule. */
export async function createDraft(ctx: AppContext, staff: Staff, input: { rules: unknown; note: string }, meta: RequestMeta): Promise<repo.RuleSetRow> {
  assertCityWide(staff);
  const issues = validateRules(input.rules);
  if (issues.length > 0) throw new AppError(HealthCodeErrors.HEALTH_CODE_RULESET_INVALID, { issues: issues.slice(0, 50) });
  for (let attempt = 0; ; attempt++) {
    try {
      return await ctx.db.transaction(async (tx) => {
        const version = (await repo.maxRuleSetVersion(tx)) + 1;
        const row = await repo.insertRuleSet(tx, { version, status: 'draft', rules: input.rules as Rule[], note: input.note, createdBy: staff.staffId });
        await appendAudit(tx, { actor: staff, action: 'health-code.rule-set.draft', subjectType: 'rule_set', subjectId: String(version), detail: { rules: (input.rules as Rule[]).length }, ip: meta.ip, requestId: meta.requestId });
        return row;
      });
    } catch (err) {
      if (!isUniqueViolation(err) || attempt >= 3) throw err; // two drafts at once: take the next number
    }
  }
}

/** One code that would change colour, without personal data: colours, the county, the rules behind each. */
export interface DryRunSample {
  from: Colour;
  to: Colour;
  /** County-level division (6 digits) of the code's region, or '' when it has none. */
  regionCode: string;
  /** Ids of the rules that put the code in its colour under the active rules, and under the draft. */
  rulesBefore: string[];
  rulesAfter: string[];
}

/** The result of a dry run (stored as the job's result): how many codes would change, by from → to colour. */
export interface DryRun {
  version: number;
  activeVersion: number;
  /** Codes evaluated. */
  total: number;
  changed: number;
  /** Codes that could not be evaluated (left out of the counts). */
  failed: number;
  transitions: { from: Colour; to: Colour; count: number }[];
  samples: DryRunSample[];
  /** The instant both rule sets were evaluated at. */
  evaluatedAt: string;
}

/** The platform job type of a dry run. */
export const DRY_RUN_JOB = 'health-code.dry-run';
/** Codes evaluated between two checkpoints. */
const DRY_RUN_BATCH = 500;
/** Changes kept as examples in the result. */
const DRY_RUN_SAMPLES = 20;

interface DryRunPayload {
  version: number;
  activeVersion: number;
  /** ISO instant both rule sets are evaluated at, fixed when the run was asked for (a retry gives the same answer). */
  at: string;
}

interface DryRunCheckpoint {
  after: string | null;
  total: number;
  evaluated: number;
  changed: number;
  failed: number;
  counts: Record<string, number>;
  samples: DryRunSample[];
}

function payloadOf(raw: Record<string, unknown>): DryRunPayload {
  const version = Number(raw.version);
  const activeVersion = Number(raw.activeVersion);
  const at = String(raw.at ?? '');
  if (!Number.isInteger(version) || !Number.isInteger(activeVersion) || Number.isNaN(Date.parse(at))) throw new Error('dry run: bad payload');
  return { version, activeVersion, at };
}

function resultOf(p: DryRunPayload, cp: DryRunCheckpoint): DryRun {
  const transitions = Object.entries(cp.counts)
    .map(([k, count]) => {
      const [from, to] = k.split('>') as [Colour, Colour];
      return { from, to, count };
    })
    .sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return { version: p.version, activeVersion: p.activeVersion, total: cp.evaluated, changed: cp.changed, failed: cp.failed, transitions, samples: cp.samples, evaluatedAt: p.at };
}

/**
 * The dry run job: every person with a code is evaluated on the facts of the run's instant under the
 * rule set that was active when it was asked for and under the draft, with the same facts and stored
 * holds; nothing is stored but the counts. It walks the codes in batches by citizen id and saves a
 * checkpoint after each, so a retry or another instance taking over continues where it stopped.
 */
export const DryRunJobType = defineJob<DryRunCheckpoint>(
  DRY_RUN_JOB,
  async (run) => {
    const p = payloadOf(run.payload);
    const db = run.ctx.db;
    const [draft, active] = await Promise.all([repo.findRuleSet(db, p.version), repo.findRuleSet(db, p.activeVersion)]);
    if (!draft || !active) throw new Error('dry run: a rule set of the run no longer exists');
    const now = new Date(p.at);
    const lookback = [...active.rules, ...draft.rules];
    const cp: DryRunCheckpoint = run.checkpoint ?? { after: null, total: await repo.countCodes(db), evaluated: 0, changed: 0, failed: 0, counts: {}, samples: [] };
    await run.progress(cp.evaluated + cp.failed, cp.total, 'health codes evaluated');
    // Back-pressure (JobPacer): a turn of the event loop every few ms of evaluation, and a rest of
    // FX_JOB_REST_PERCENT of each batch's time before the next.
    const pacer = new JobPacer({ restPercent: run.ctx.config.jobRestPercent, signal: run.signal });
    for (;;) {
      run.signal.throwIfAborted();
      const batchStart = performance.now();
      const ids = await repo.findCodeCitizenIds(db, cp.after, DRY_RUN_BATCH);
      if (ids.length === 0) break;
      // The sweep's engine: one query per fact source for the batch (over both rule sets' lookback), two evaluations each.
      let found: Awaited<ReturnType<typeof factsOfMany>>;
      try {
        found = await factsOfMany(run.ctx, db, ids, lookback, now);
      } catch {
        found = new Map();
        for (const id of ids) {
          try {
            for (const [k, v] of await factsOfMany(run.ctx, db, [id], lookback, now)) found.set(k, v);
          } catch {
            // counted as failed below
          }
        }
      }
      for (const id of ids) {
        const turn = pacer.slice();
        if (turn) await turn;
        const one = found.get(id);
        if (!one) {
          // One unreadable record must not sink the run; it is counted, never named.
          cp.failed++;
          continue;
        }
        try {
          const { facts, regionCode } = one;
          // Colours and reasons only: no recheck search.
          const before = evaluate(facts, active.rules, now, { recheck: false });
          const after = evaluate(facts, draft.rules, now, { recheck: false });
          cp.evaluated++;
          if (before.colour === after.colour) continue;
          cp.changed++;
          const key = `${before.colour}>${after.colour}`;
          cp.counts[key] = (cp.counts[key] ?? 0) + 1;
          if (cp.samples.length < DRY_RUN_SAMPLES) {
            const rulesOf = (e: typeof before) => [...new Set(e.reasons.filter((r) => r.colour === e.colour).map((r) => r.ruleId))];
            cp.samples.push({ from: before.colour, to: after.colour, regionCode: regionCode.slice(0, 6), rulesBefore: rulesOf(before), rulesAfter: rulesOf(after) });
          }
        } catch {
          cp.failed++;
        }
      }
      cp.after = ids[ids.length - 1];
      await run.saveCheckpoint(cp);
      await run.progress(cp.evaluated + cp.failed, Math.max(cp.total, cp.evaluated + cp.failed), 'health codes evaluated');
      if (ids.length < DRY_RUN_BATCH) break;
      await pacer.rest(performance.now() - batchStart);
    }
    return resultOf(p, cp);
  },
  { maxAttempts: 3 },
);

/** A dry run as the API shows it: the job's state, progress and (once done) result. */
export interface DryRunJob {
  jobId: string;
  version: number;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: { done: number; total: number | null };
  result: DryRun | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

function dryRunJobOf(job: NonNullable<Awaited<ReturnType<typeof findJob>>>): DryRunJob {
  return {
    jobId: job.id,
    version: Number(job.payload.version),
    status: job.status as DryRunJob['status'],
    progress: { done: job.progressDone, total: job.progressTotal },
    result: job.status === 'succeeded' ? (job.result as DryRun) : null,
    // The handler's own messages carry no personal data; anything else is summarised.
    error: job.status === 'failed' ? (job.lastError?.startsWith('dry run:') ? job.lastError : 'dry run failed') : null,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  };
}

/**
 * Starts a dry run of a draft as a background job and answers at once; its progress streams at
 * /api/jobs/:id/events (to the officer who started it) and GET …/dry-runs/:jobId shows the result.
 * A draft has at most one dry run queued or running against the same active version: asking again
 * (any officer) while one is answers that job. Requests for one version are serialised by locking
 * the rule set's row, so two at once cannot both enqueue.
 */
export async function startDryRun(ctx: AppContext, staff: Staff, version: number, meta: RequestMeta): Promise<DryRunJob> {
  const draft = await repo.findRuleSet(ctx.db, version);
  if (!draft) throw new AppError(CommonErrors.NOT_FOUND);
  if (draft.status !== 'draft') throw new AppError(HealthCodeErrors.HEALTH_CODE_RULESET_NOT_DRAFT);
  const active = await activeRules(ctx.db);
  const payload: DryRunPayload = { version, activeVersion: active.version, at: new Date().toISOString() };
  // The job as the request left it (read in its transaction): queued when new. Read after the commit,
  // the runner — woken by the enqueue — could already have taken it, or even finished a small one.
  const job = await ctx.db.transaction(async (tx) => {
    const locked = await repo.findRuleSet(tx, version, true);
    if (!locked) throw new AppError(CommonErrors.NOT_FOUND);
    if (locked.status !== 'draft') throw new AppError(HealthCodeErrors.HEALTH_CODE_RULESET_NOT_DRAFT);
    const running = await findActiveJob(tx, DRY_RUN_JOB, { version, activeVersion: active.version });
    const id = running?.id ?? (await enqueueJob(ctx, tx, { type: DRY_RUN_JOB, payload: { ...payload }, createdBy: staff }));
    await appendAudit(tx, {
      actor: staff,
      action: 'health-code.rule-set.dry-run',
      subjectType: 'rule_set',
      subjectId: String(version),
      detail: { jobId: id, activeVersion: active.version, ...(running ? { joined: true } : {}) },
      ip: meta.ip,
      requestId: meta.requestId,
    });
    return (await findJob(tx, id))!;
  });
  return dryRunJobOf(job);
}

/** A dry run's state and result by job id (any officer who may manage rule sets; no personal data in it). */
export async function getDryRun(ctx: AppContext, jobId: string): Promise<DryRunJob> {
  const job = await findJob(ctx.db, jobId);
  if (!job || job.type !== DRY_RUN_JOB) throw new AppError(CommonErrors.NOT_FOUND);
  return dryRunJobOf(job);
}

/** The background recomputation of every code after a rule set becomes active (see RulesRecomputeJobType). */
export const RULES_RECOMPUTE_JOB = 'health-code.rules-recompute';

/** What an activation hands to its recomputation job. */
interface RulesRecomputePayload {
  version: number;
  cause: Cause;
}

/**
 * Makes `target` the active version in the caller's transaction (audited as publish/rollback with the
 * approval) and queues the recomputation of every code computed under another version, created by
 * the approving officer; answers the job's id. Nothing is done per person here: a code computed under
 * another version than the active one is recomputed when read (upToDateCode), so nobody is shown a
 * colour of the old rules meanwhile.
 */
async function activateIn(tx: Tx, ctx: AppContext, staff: Staff, target: repo.RuleSetRow, action: 'publish' | 'rollback', approval: ApprovalRow, meta: RequestMeta): Promise<string> {
  const now = new Date();
  const current = await repo.findActiveRuleSet(tx);
  if (current) await repo.updateRuleSet(tx, current.id, { status: 'retired', retiredAt: now });
  await repo.updateRuleSet(tx, target.id, { status: 'active', publishedBy: staff.staffId, publishedAt: now, retiredAt: null });
  const payload: RulesRecomputePayload = { version: target.version, cause: { type: 'rule_set', version: target.version } };
  const jobId = await enqueueJob(ctx, tx, { type: RULES_RECOMPUTE_JOB, payload: payload as unknown as Record<string, unknown>, createdBy: staff });
  await appendAudit(tx, {
    actor: staff,
    action: `health-code.rule-set.${action}`,
    subjectType: 'rule_set',
    subjectId: String(target.version),
    detail: { from: current?.version ?? null, to: target.version, approvalId: approval.id, proposedBy: approval.proposedBy },
    ip: meta.ip,
    requestId: meta.requestId,
  });
  return jobId;
}

/**
 * The recomputation of every code after a rule set became active, as a platform job (durable,
 * resumable, one lane): the codes computed under another version are walked in citizen-id order
 * (health_codes' primary key; repo.nextCodesNotUnder) and recomputed RECOMPUTE_BATCH per transaction
 * with the batched engine, the checkpoint and progress saved after each (recomputeWalk). A later
 * activation supersedes it: it stops before its next batch (the newer job walks everything again).
 */
export const RulesRecomputeJobType = defineJob<RecomputeCheckpoint>(
  RULES_RECOMPUTE_JOB,
  async (run) => {
    const { ctx } = run;
    const p = run.payload as unknown as RulesRecomputePayload;
    const start = await recomputeCheckpoint(run, () => repo.countCodesNotUnder(ctx.db, p.version));
    const superseded = async () => (await repo.findActiveRuleSet(ctx.db))?.version !== p.version;
    const walked = await recomputeWalk(run, start, (after, limit) => repo.nextCodesNotUnder(ctx.db, p.version, after, limit), p.cause, superseded);
    const cp = walked.checkpoint;
    return { version: p.version, total: cp.total, recomputed: cp.done - cp.failed, changed: cp.changed, failed: cp.failed, superseded: walked.stopped };
  },
  { maxAttempts: 5 },
);

/** The maker-checker kind of rule-set changes (publish a draft, roll back): audited as `….propose` / `….approve` / `….reject`. */
export const RULE_SET_CHANGE = 'health-code.rule-set.change';

type RuleSetChange = { change: 'publish' | 'rollback'; version: number; fromVersion: number | null };

/** A rule-set proposal as the console shows it. */
export function presentRuleSetProposal(row: ApprovalRow) {
  const p = row.payload as RuleSetChange;
  return {
    id: row.id,
    status: approvalStatus(row),
    change: p.change,
    version: p.version,
    fromVersion: p.fromVersion,
    regionCode: row.regionCode,
    proposedBy: row.proposedBy,
    proposedAt: row.proposedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt ? row.decidedAt.toISOString() : null,
  };
}

async function proposeChange(ctx: AppContext, staff: Staff, change: RuleSetChange, meta: RequestMeta) {
  const row = await ctx.db.transaction((tx) => proposeApproval(tx, { kind: RULE_SET_CHANGE, staff, payload: change, summary: { ...change }, meta }));
  return presentRuleSetProposal(row);
}

/**
 * Proposes publishing a draft. A rule set changes every code in the deployment, so nothing happens
 * until a different city-level health officer approves the proposal (decideRuleSetProposal).
 */
export async function publish(ctx: AppContext, staff: Staff, version: number, meta: RequestMeta) {
  assertCityWide(staff);
  const draft = await repo.findRuleSet(ctx.db, version);
  if (!draft) throw new AppError(CommonErrors.NOT_FOUND);
  if (draft.status !== 'draft') throw new AppError(HealthCodeErrors.HEALTH_CODE_RULESET_NOT_DRAFT);
  const current = await repo.findActiveRuleSet(ctx.db);
  return proposeChange(ctx, staff, { change: 'publish', version, fromVersion: current?.version ?? null }, meta);
}

/** Proposes rolling back to the previously published version (applied on a second officer's approval). */
export async function rollback(ctx: AppContext, staff: Staff, meta: RequestMeta) {
  assertCityWide(staff);
  const current = await repo.findActiveRuleSet(ctx.db);
  const previous = await repo.findPreviousPublished(ctx.db, current?.version ?? -1);
  if (!previous) throw new AppError(HealthCodeErrors.HEALTH_CODE_NO_PREVIOUS_RULESET);
  return proposeChange(ctx, staff, { change: 'rollback', version: previous.version, fromVersion: current?.version ?? null }, meta);
}

/** Rule-set proposals in the officer's scope, newest first. */
export async function listRuleSetProposals(ctx: AppContext, staff: Staff) {
  return (await listApprovals(ctx.db, RULE_SET_CHANGE, staff)).map((row) => presentRuleSetProposal(row));
}

/**
 * A second city-level health officer approves or rejects a rule-set proposal. On approval the version
 * becomes active in the same transaction — only if the active version is still the one the proposal
 * was made against (and a published draft is still a draft) — and a job recomputing the codes is
 * queued in that transaction; the answer carries its id (`recomputeJobId`, null on a rejection).
 */
export async function decideRuleSetProposal(ctx: AppContext, staff: Staff, id: string, input: { decision: 'approve' | 'reject'; note?: string }, meta: RequestMeta) {
  assertCityWide(staff);
  const { row, applied } = await ctx.db.transaction((tx) =>
    decideApproval(tx, {
      id,
      kind: RULE_SET_CHANGE,
      staff,
      decision: input.decision,
      note: input.note,
      meta,
      apply: async (proposal) => {
        const p = proposal.payload as RuleSetChange;
        const target = await repo.findRuleSet(tx, p.version);
        const current = await repo.findActiveRuleSet(tx);
        if (!target) throw new AppError(CommonErrors.NOT_FOUND);
        if ((current?.version ?? null) !== p.fromVersion) throw new AppError(HealthCodeErrors.HEALTH_CODE_RULESET_CHANGED);
        if (p.change === 'publish' && target.status !== 'draft') throw new AppError(HealthCodeErrors.HEALTH_CODE_RULESET_NOT_DRAFT);
        if (p.change === 'rollback' && target.status !== 'retired') throw new AppError(HealthCodeErrors.HEALTH_CODE_RULESET_CHANGED);
        return activateIn(tx, ctx, staff, target, p.change, proposal, meta);
      },
    }),
  );
  // On approval the codes are recomputed by the job queued with the activation (GET /api/jobs/:id).
  return { ...presentRuleSetProposal(row), recomputeJobId: applied };
}
