/**
 * Ticket categories: an editable tree, each category with its attribute form (tickets.attributes.ts).
 * Read by the citizen form and Open311 (active ones), edited in the console; every change audited.
 */
import { asc, eq } from 'drizzle-orm';
import type { Principal } from '../../platform/access/principal.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { DbOrTx } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { checkAnswers, fieldProblems, type Answers, type CategoryField } from './tickets.attributes.ts';
import { TicketsErrors } from './tickets.errors.ts';
import { ticketCategories } from './tickets.tables.ts';
import type { TicketKind } from './tickets.rules.ts';
import { isValidSla, SLA_MAX, slaOf, type Sla, type SlaUnit } from './tickets.sla.ts';

export type CategoryRow = typeof ticketCategories.$inferSelect;

export interface CategoryInput {
  code: string;
  parentId?: string | null;
  kind: TicketKind;
  name: string;
  nameEn?: string | null;
  description?: string | null;
  sortOrder?: number;
  active?: boolean;
  fields: CategoryField[];
  /** The category's own time limit (its subtree inherits it); both null: the parent's or the kind's. */
  slaUnit?: SlaUnit | null;
  slaAmount?: number | null;
}

export async function listCategories(db: DbOrTx, onlyActive: boolean): Promise<CategoryRow[]> {
  const rows = await db.select().from(ticketCategories).orderBy(asc(ticketCategories.sortOrder), asc(ticketCategories.code));
  if (!onlyActive) return rows;
  // An inactive category hides its subtree.
  const byId = new Map(rows.map((r) => [r.id, r]));
  const live = (r: CategoryRow, depth = 0): boolean => r.active && (r.parentId === null || depth > 32 || (byId.has(r.parentId) && live(byId.get(r.parentId)!, depth + 1)));
  return rows.filter((r) => live(r));
}

export async function findCategory(db: DbOrTx, id: string): Promise<CategoryRow | undefined> {
  const [row] = await db.select().from(ticketCategories).where(eq(ticketCategories.id, id));
  return row;
}

export async function findCategoryByCode(db: DbOrTx, code: string): Promise<CategoryRow | undefined> {
  const [row] = await db.select().from(ticketCategories).where(eq(ticketCategories.code, code));
  return row;
}

async function checkInput(db: DbOrTx, input: CategoryInput, selfId: string | null): Promise<void> {
  const problems = fieldProblems(input.fields);
  const unit = input.slaUnit ?? null;
  const amount = input.slaAmount ?? null;
  if ((unit === null) !== (amount === null)) problems.push({ path: unit === null ? 'slaUnit' : 'slaAmount', problem: 'slaUnit and slaAmount go together' });
  else if (unit !== null && !isValidSla({ unit, amount: amount! })) problems.push({ path: 'slaAmount', problem: `1–${SLA_MAX[unit]} ${unit === 'working_days' ? 'working days' : 'working hours'}` });
  if (problems.length) throw new AppError(CommonErrors.VALIDATION_FAILED, { issues: problems.map((p) => ({ path: `/body/${p.path}`, message: p.problem })) });
  const sameCode = await findCategoryByCode(db, input.code);
  if (sameCode && sameCode.id !== selfId) throw new AppError(TicketsErrors.TICKETS_CATEGORY_CODE_TAKEN, { field: 'code' });
  if (input.parentId) {
    // The parent exists, is of the same kind, and is not the category itself nor one of its descendants.
    const all = await listCategories(db, false);
    const byId = new Map(all.map((r) => [r.id, r]));
    const parent = byId.get(input.parentId);
    if (!parent || parent.kind !== input.kind) throw new AppError(TicketsErrors.TICKETS_CATEGORY_PARENT_INVALID, { field: 'parentId' });
    for (let at: CategoryRow | undefined = parent, n = 0; at && n < 64; at = at.parentId ? byId.get(at.parentId) : undefined, n++) {
      if (at.id === selfId) throw new AppError(TicketsErrors.TICKETS_CATEGORY_PARENT_INVALID, { field: 'parentId', reason: 'cycle' });
    }
  }
}

const values = (input: CategoryInput) => ({
  code: input.code.trim(),
  parentId: input.parentId ?? null,
  kind: input.kind,
  name: input.name.trim(),
  nameEn: input.nameEn?.trim() || null,
  description: input.description?.trim() || null,
  sortOrder: input.sortOrder ?? 0,
  active: input.active ?? true,
  fields: input.fields.map((f) => ({ ...f, code: f.code.trim(), label: f.label.trim() })),
  slaUnit: input.slaUnit ?? null,
  slaAmount: input.slaUnit ? (input.slaAmount ?? null) : null,
});

export async function createCategory(ctx: AppContext, staff: Principal, input: CategoryInput, meta: RequestMeta): Promise<CategoryRow> {
  return ctx.db.transaction(async (tx) => {
    await checkInput(tx, input, null);
    const [row] = await tx.insert(ticketCategories).values(values(input)).returning();
    await appendAudit(tx, { actor: staff, ip: meta.ip, requestId: meta.requestId, action: 'tickets.category.create', subjectType: 'ticket_category', subjectId: row.id, detail: { code: row.code, fields: row.fields.length } });
    return row;
  });
}

export async function updateCategory(ctx: AppContext, staff: Principal, id: string, input: CategoryInput, meta: RequestMeta): Promise<CategoryRow> {
  return ctx.db.transaction(async (tx) => {
    const existing = await findCategory(tx, id);
    if (!existing) throw new AppError(CommonErrors.NOT_FOUND);
    await checkInput(tx, input, id);
    const [row] = await tx.update(ticketCategories).set({ ...values(input), updatedAt: new Date() }).where(eq(ticketCategories.id, id)).returning();
    await appendAudit(tx, {
      actor: staff, ip: meta.ip, requestId: meta.requestId, action: 'tickets.category.update', subjectType: 'ticket_category', subjectId: id,
      detail: { code: row.code, active: row.active, fields: row.fields.length, before: { code: existing.code, active: existing.active, fields: existing.fields.length } },
    });
    return row;
  });
}

/** The category a ticket is filed under (active, of the ticket's kind) and the checked answers to its form. */
export async function categorised(db: DbOrTx, kind: TicketKind, categoryId: string | null | undefined, raw: Record<string, unknown> | undefined): Promise<{ categoryId: string | null; attributes: Answers; sla: Sla }> {
  if (!categoryId) {
    if (raw && Object.keys(raw).length > 0) throw new AppError(TicketsErrors.TICKETS_ATTRIBUTES_INVALID, { problems: [{ field: '*', problem: 'attributes need a category' }] });
    return { categoryId: null, attributes: {}, sla: slaOf(kind, []) };
  }
  const live = await listCategories(db, true);
  const category = live.find((c) => c.id === categoryId);
  if (!category || category.kind !== kind) throw new AppError(TicketsErrors.TICKETS_CATEGORY_UNKNOWN, { field: 'categoryId' });
  const checked = checkAnswers(category.fields, raw ?? {});
  if ('problems' in checked) throw new AppError(TicketsErrors.TICKETS_ATTRIBUTES_INVALID, { problems: checked.problems });
  // The time limit: the category's own, else the nearest ancestor's, else the kind's.
  const byId = new Map(live.map((c) => [c.id, c]));
  const chain: CategoryRow[] = [];
  for (let at: CategoryRow | undefined = category; at && chain.length < 64; at = at.parentId ? byId.get(at.parentId) : undefined) chain.push(at);
  return { categoryId: category.id, attributes: checked.answers, sla: slaOf(kind, chain) };
}

export function presentCategory(row: CategoryRow) {
  return {
    id: row.id, code: row.code, parentId: row.parentId, kind: row.kind as TicketKind, name: row.name, nameEn: row.nameEn, description: row.description,
    sortOrder: row.sortOrder, active: row.active, fields: row.fields, slaUnit: row.slaUnit as SlaUnit | null, slaAmount: row.slaAmount, updatedAt: row.updatedAt.toISOString(),
  };
}
