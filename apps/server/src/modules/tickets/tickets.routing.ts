/**
 * Routing rules as data: read, replaced within the officer's region, tried on the last 100 tickets
 * (dry-run), and used to suggest — and, when the dispatcher names none, choose — the department on 派单.
 */
import { asc, desc, like, sql } from 'drizzle-orm';
import { divisionPrefix } from '@fangxian/contracts/kernel';
import { asStaff } from '../../platform/access/policy.ts';
import { regionContains, type Principal } from '../../platform/access/principal.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { DbOrTx } from '../../platform/db/database.ts';
import { isDivisionCode } from '../../platform/divisions/index.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { listCategories } from './tickets.categories.ts';
import { TicketsErrors } from './tickets.errors.ts';
import { HANDLER_ROLES } from './tickets.policy.ts';
import * as repo from './tickets.repository.ts';
import { route, type RoutingRule } from './tickets.routing.rules.ts';
import { ticketRoutingRules, tickets } from './tickets.tables.ts';

export type RuleRow = typeof ticketRoutingRules.$inferSelect;
export interface RuleInput { categoryId?: string | null; kind?: string | null; regionCode: string; department: string; priority?: number }

const inScope = (scope: string, regionCode: string) => scope === '' || (regionCode !== '' && regionContains(scope, regionCode));
const norm = (r: RuleInput): RoutingRule => ({ categoryId: r.categoryId ?? null, kind: r.kind ?? null, regionCode: r.regionCode, department: r.department.trim(), priority: r.priority ?? 100 });

export async function listRules(db: DbOrTx): Promise<RuleRow[]> {
  return db.select().from(ticketRoutingRules).orderBy(asc(ticketRoutingRules.position), asc(ticketRoutingRules.createdAt));
}

async function parents(db: DbOrTx): Promise<Map<string, string | null>> {
  return new Map((await listCategories(db, false)).map((c) => [c.id, c.parentId]));
}

/** The department the rules send a ticket to (null: no rule matches). */
export async function routedDepartment(db: DbOrTx, ticket: { kind: string; categoryId: string | null; regionCode: string }): Promise<string | null> {
  return route(ticket, await listRules(db), await parents(db))?.rule.department ?? null;
}

async function check(db: DbOrTx, scope: string, rules: RuleInput[]): Promise<void> {
  const categories = new Set((await listCategories(db, false)).map((c) => c.id));
  const departments = new Set((await repo.activeDepartments(db, HANDLER_ROLES)).map((d) => d.department));
  const issues: { path: string; message: string }[] = [];
  rules.forEach((r, i) => {
    if (r.regionCode !== '' && !isDivisionCode(r.regionCode)) issues.push({ path: `/body/rules/${i}/regionCode`, message: 'unknown division' });
    else if (!inScope(scope, r.regionCode)) issues.push({ path: `/body/rules/${i}/regionCode`, message: 'outside your region' });
    if (r.categoryId && !categories.has(r.categoryId)) issues.push({ path: `/body/rules/${i}/categoryId`, message: 'unknown category' });
    if (!departments.has(r.department.trim())) issues.push({ path: `/body/rules/${i}/department`, message: 'no active department of this name' });
  });
  if (issues.length) throw new AppError(TicketsErrors.TICKETS_ROUTING_RULES_INVALID, { issues });
}

/** Replaces the rules of the officer's region (rules of other regions stay); audited with the before/after counts. */
export async function replaceRules(ctx: AppContext, principal: Principal, rules: RuleInput[], meta: RequestMeta): Promise<RuleRow[]> {
  const staff = asStaff(principal);
  return ctx.db.transaction(async (tx) => {
    await check(tx, staff.regionCode, rules);
    const existing = await listRules(tx);
    const mine = existing.filter((r) => inScope(staff.regionCode, r.regionCode));
    if (staff.regionCode === '') await tx.delete(ticketRoutingRules);
    else await tx.delete(ticketRoutingRules).where(like(ticketRoutingRules.regionCode, `${divisionPrefix(staff.regionCode)}%`));
    const base = existing.length;
    if (rules.length) await tx.insert(ticketRoutingRules).values(rules.map((r, i) => ({ ...norm(r), position: base + i })));
    await appendAudit(tx, {
      actor: staff, ip: meta.ip, requestId: meta.requestId, action: 'tickets.routing.replace', subjectType: 'ticket_routing_rules', regionCode: staff.regionCode || null,
      detail: { before: mine.length, after: rules.length },
    });
    return listRules(tx);
  });
}

/** The officer's region's rules (a dispatcher sees the rules that can apply to their tickets: theirs and wider ones). */
export async function rulesFor(ctx: AppContext, principal: Principal): Promise<RuleRow[]> {
  const staff = asStaff(principal);
  return (await listRules(ctx.db)).filter((r) => inScope(staff.regionCode, r.regionCode) || r.regionCode === '' || regionContains(r.regionCode, staff.regionCode || '000000'));
}

/** Tries rules on the region's last 100 tickets: where each would go under the current and the proposed rules. */
export async function dryRun(ctx: AppContext, principal: Principal, proposed: RuleInput[], meta: RequestMeta) {
  const staff = asStaff(principal);
  await check(ctx.db, staff.regionCode, proposed);
  const parentOf = await parents(ctx.db);
  const current = await listRules(ctx.db);
  // Proposed = the other regions' rules unchanged + the proposed ones of this region (as a save would leave them).
  const next: RoutingRule[] = [...current.filter((r) => !inScope(staff.regionCode, r.regionCode)), ...proposed.map(norm)];
  const recent = await ctx.db
    .select()
    .from(tickets)
    .where(staff.regionCode ? like(tickets.regionCode, `${divisionPrefix(staff.regionCode)}%`) : sql`true`)
    .orderBy(desc(tickets.createdAt))
    .limit(100);
  const lines = recent.map((t) => {
    const now = route(t, current, parentOf);
    const then = route(t, next, parentOf);
    return { id: t.id, number: t.number, kind: t.kind, categoryId: t.categoryId, regionCode: t.regionCode, department: t.department, current: now?.rule.department ?? null, proposed: then?.rule.department ?? null };
  });
  await appendAudit(ctx.db, { actor: staff, ip: meta.ip, requestId: meta.requestId, action: 'tickets.routing.dry-run', subjectType: 'ticket_routing_rules', regionCode: staff.regionCode || null, detail: { tickets: lines.length, rules: proposed.length } });
  return {
    tickets: lines,
    changed: lines.filter((l) => l.current !== l.proposed).length,
    unrouted: lines.filter((l) => l.proposed === null).length,
  };
}
