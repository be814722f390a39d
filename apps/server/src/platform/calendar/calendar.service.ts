import { and, asc, gte, lte, sql } from 'drizzle-orm';
import { isDay } from '@fangxian/contracts/kernel';
import type { Principal } from '../access/principal.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { DbOrTx } from '../db/database.ts';
import type { AppContext } from '../http/context.ts';
import { AppError, CommonErrors } from '../http/errors.ts';
import type { RequestMeta } from '../identity/request-meta.ts';
import { CalendarErrors } from './calendar.errors.ts';
import { weekdayOf, type WorkingCalendar } from './calendar.rules.ts';
import { SCHEDULES } from './calendar.schedule.ts';
import { calendarDays } from './calendar.tables.ts';

export type CalendarDayRow = typeof calendarDays.$inferSelect;

/**
 * The working calendar as stored (every exception row; a few dozen a year, so one small read). Deadlines
 * are computed from it when a matter is filed, so an edit changes later deadlines, never stored ones.
 */
export async function loadCalendar(db: DbOrTx): Promise<WorkingCalendar> {
  const rows = await db.select({ day: calendarDays.day, kind: calendarDays.kind }).from(calendarDays);
  return {
    holidays: new Set(rows.filter((r) => r.kind === 'holiday').map((r) => r.day)),
    workdays: new Set(rows.filter((r) => r.kind === 'workday').map((r) => r.day)),
  };
}

/** The stored days of one year, in order. */
export async function listDays(db: DbOrTx, year: number): Promise<CalendarDayRow[]> {
  return db.select().from(calendarDays).where(and(gte(calendarDays.day, `${year}-01-01`), lte(calendarDays.day, `${year}-12-31`))).orderBy(asc(calendarDays.day));
}

/** Loads each built-in year schedule that has no row yet (a fresh database); later edits are never overwritten. */
export async function loadBuiltInSchedules(db: DbOrTx): Promise<number> {
  let added = 0;
  for (const [year, schedule] of Object.entries(SCHEDULES)) {
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(calendarDays)
      .where(and(gte(calendarDays.day, `${year}-01-01`), lte(calendarDays.day, `${year}-12-31`)));
    if (Number(n) > 0) continue;
    await db.insert(calendarDays).values(schedule.days.map((d) => ({ ...d, source: schedule.source }))).onConflictDoNothing();
    added += schedule.days.length;
  }
  return added;
}

/** A system administrator sets one day: a holiday (any day) or a make-up working day (a Saturday or Sunday). */
export async function setDay(
  ctx: AppContext, principal: Principal, input: { day: string; kind: 'holiday' | 'workday'; name: string }, meta: RequestMeta,
): Promise<CalendarDayRow> {
  if (!isDay(input.day)) throw new AppError(CalendarErrors.CALENDAR_DAY_INVALID, { day: input.day });
  if (input.name.includes('\u0000') || !input.name.isWellFormed()) throw new AppError(CommonErrors.VALIDATION_FAILED, { field: 'name' });
  const w = weekdayOf(input.day);
  if (input.kind === 'workday' && w !== 0 && w !== 6) throw new AppError(CalendarErrors.CALENDAR_WORKDAY_ON_WEEKDAY, { day: input.day });
  const staffId = principal.kind === 'staff' ? principal.staffId : null;
  return ctx.db.transaction(async (tx) => {
    const values = { day: input.day, kind: input.kind, name: input.name.trim(), source: 'manual', updatedBy: staffId, updatedAt: new Date() };
    const [row] = await tx.insert(calendarDays).values(values)
      .onConflictDoUpdate({ target: calendarDays.day, set: { kind: values.kind, name: values.name, source: 'manual', updatedBy: staffId, updatedAt: values.updatedAt } })
      .returning();
    await appendAudit(tx, { actor: principal, action: 'calendar.day.update', subjectType: 'calendar_day', subjectId: undefined, detail: { day: input.day, kind: input.kind, name: values.name }, ip: meta.ip, requestId: meta.requestId });
    return row;
  });
}

/** Removes a stored day: it follows the week again. */
export async function removeDay(ctx: AppContext, principal: Principal, day: string, meta: RequestMeta): Promise<void> {
  if (!isDay(day)) throw new AppError(CalendarErrors.CALENDAR_DAY_INVALID, { day });
  await ctx.db.transaction(async (tx) => {
    const gone = await tx.delete(calendarDays).where(sql`${calendarDays.day} = ${day}`).returning({ day: calendarDays.day });
    if (gone.length === 0) throw new AppError(CommonErrors.NOT_FOUND);
    await appendAudit(tx, { actor: principal, action: 'calendar.day.remove', subjectType: 'calendar_day', detail: { day }, ip: meta.ip, requestId: meta.requestId });
  });
}
