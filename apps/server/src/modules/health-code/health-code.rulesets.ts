import type { AppContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { Principal } from '../../platform/access/principal.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { isUniqueViolation } from '../../platform/identity/db-errors.ts';
import { validateRules } from './health-code.rules.ts';
import { activeRules, factsOfPerson, recomputeMany } from './health-code.service.ts';
import { evaluate } from './health-code.evaluate.ts';
import * as repo from './health-code.repository.ts';
import { divisionPrefix } from '../epidemic/index.ts';
import type { Colour, Rule } from './health-code.types.ts';

type Staff = Extract<Principal, { kind: 'staff' }>;

/**
 * Rule sets apply to the whole deployment, so only health officers with a city-wide (or wider) scope
 * may change them; a county officer may read and dry-run but not draft, publish or roll back.
 */
function assertCityWide(staff: Staff): void {
  if (divisionPrefix(staff.regionCode).length > 4) throw new AppError('FORBIDDEN', { reason: 'rule sets are set at city level or above' });
}

/** Every rule-set version, newest first. */
export async function listRuleSets(ctx: AppContext): Promise<repo.RuleSetRow[]> {
  return repo.findRuleSets(ctx.db);
}

/** One version. */
export async function getRuleSet(ctx: AppContext, version: number): Promise<repo.RuleSetRow> {
  const row = await repo.findRuleSet(ctx.db, version);
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** Saves a new draft version after validating every rule. */
export async function createDraft(ctx: AppContext, staff: Staff, input: { rules: unknown; note: string }, meta: RequestMeta): Promise<repo.RuleSetRow> {
  assertCityWide(staff);
  const issues = validateRules(input.rules);
  if (issues.length > 0) throw new AppError('HC_RULESET_INVALID', { issues: issues.slice(0, 50) });
  for (let attempt = 0; ; attempt++) {
    try {
      return await ctx.db.transaction(async (tx) => {
        const version = (await repo.maxRuleSetVersion(tx)) + 1;
        const row = await repo.insertRuleSet(tx, { version, status: 'draft', rules: input.rules as Rule[], note: input.note, createdBy: staff.staffId });
        await appendAudit(tx, { actor: staff, action: 'health_code.rule_set.draft', subjectType: 'rule_set', subjectId: String(version), detail: { rules: (input.rules as Rule[]).length }, ip: meta.ip, requestId: meta.requestId });
        return row;
      });
    } catch (err) {
      if (!isUniqueViolation(err) || attempt >= 3) throw err; // two drafts at once: take the next number
    }
  }
}

/** The result of a dry run: how many codes would change, by from → to colour. */
export interface DryRun {
  version: number;
  activeVersion: number;
  total: number;
  changed: number;
  transitions: { from: Colour; to: Colour; count: number }[];
}

/**
 * Dry run: every person with a code is evaluated on today's facts under the active rules and under
 * the draft, with the same facts and stored holds; nothing is stored.
 */
export async function dryRun(ctx: AppContext, version: number): Promise<DryRun> {
  const draft = await repo.findRuleSet(ctx.db, version);
  if (!draft) throw new AppError('NOT_FOUND');
  if (draft.status !== 'draft') throw new AppError('HC_RULESET_NOT_DRAFT');
  const active = await activeRules(ctx.db);
  const now = new Date();
  const counts = new Map<string, number>();
  let total = 0;
  let changed = 0;
  let after: string | null = null;
  for (;;) {
    const ids = await repo.findCodeCitizenIds(ctx.db, after, 500);
    if (ids.length === 0) break;
    for (const id of ids) {
      // One load of the facts (over both rule sets' lookback), two evaluations.
      const { facts } = await factsOfPerson(ctx, ctx.db, id, [...active.rules, ...draft.rules], now);
      const from = evaluate(facts, active.rules, now).colour;
      const to = evaluate(facts, draft.rules, now).colour;
      total++;
      if (from !== to) {
        changed++;
        counts.set(`${from}>${to}`, (counts.get(`${from}>${to}`) ?? 0) + 1);
      }
    }
    after = ids[ids.length - 1];
  }
  const transitions = [...counts.entries()].map(([k, count]) => {
    const [from, to] = k.split('>') as [Colour, Colour];
    return { from, to, count };
  });
  return { version, activeVersion: active.version, total, changed, transitions };
}

async function activate(ctx: AppContext, staff: Staff, target: repo.RuleSetRow, action: 'publish' | 'rollback', meta: RequestMeta): Promise<repo.RuleSetRow> {
  const now = new Date();
  await ctx.db.transaction(async (tx) => {
    const current = await repo.findActiveRuleSet(tx);
    if (current) await repo.updateRuleSet(tx, current.id, { status: 'retired', retiredAt: now });
    await repo.updateRuleSet(tx, target.id, { status: 'active', publishedBy: staff.staffId, publishedAt: now, retiredAt: null });
    // Every code is due under the new rules; the sweep catches whatever is not recomputed below.
    await repo.markDue(tx, { all: true });
    await appendAudit(tx, {
      actor: staff,
      action: `health_code.rule_set.${action}`,
      subjectType: 'rule_set',
      subjectId: String(target.version),
      detail: { from: current?.version ?? null, to: target.version },
      ip: meta.ip,
      requestId: meta.requestId,
    });
  });
  const ids: string[] = [];
  for (let after: string | null = null; ; ) {
    const page = await repo.findCodeCitizenIds(ctx.db, after, 500);
    if (page.length === 0) break;
    ids.push(...page);
    after = page[page.length - 1];
    if (ids.length >= 2000) break;
  }
  await recomputeMany(ctx, ids, { type: 'rule_set', version: target.version }, 500);
  return (await repo.findRuleSet(ctx.db, target.version))!;
}

/** Publishes a draft: it becomes the active version and codes are recomputed under it. */
export async function publish(ctx: AppContext, staff: Staff, version: number, meta: RequestMeta): Promise<repo.RuleSetRow> {
  assertCityWide(staff);
  const draft = await repo.findRuleSet(ctx.db, version);
  if (!draft) throw new AppError('NOT_FOUND');
  if (draft.status !== 'draft') throw new AppError('HC_RULESET_NOT_DRAFT');
  return activate(ctx, staff, draft, 'publish', meta);
}

/** Rolls back to the previously published version. */
export async function rollback(ctx: AppContext, staff: Staff, meta: RequestMeta): Promise<repo.RuleSetRow> {
  assertCityWide(staff);
  const current = await repo.findActiveRuleSet(ctx.db);
  const previous = await repo.findPreviousPublished(ctx.db, current?.version ?? -1);
  if (!previous) throw new AppError('HC_NO_PREVIOUS_RULESET');
  return activate(ctx, staff, previous, 'rollback', meta);
}
