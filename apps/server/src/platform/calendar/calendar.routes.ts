import { Type } from 'typebox';
import { errorResponses, isDay } from '@fangxian/contracts/kernel';
import { AppError } from '../http/errors.ts';
import { CalendarErrors } from './calendar.errors.ts';
import type { App, AppContext } from '../http/context.ts';
import { requestMeta } from '../identity/request-meta.ts';
import { CalendarActions as A } from './calendar.policy.ts';
import { addWorkingDays, isWorkingDay } from './calendar.rules.ts';
import { listDays, loadCalendar, removeDay, setDay, type CalendarDayRow } from './calendar.service.ts';

const Kind = Type.Union([Type.Literal('holiday'), Type.Literal('workday')]);
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'China day, YYYY-MM-DD' });
const DayView = Type.Object({
  day: Type.String(), kind: Kind, name: Type.String(),
  source: Type.String({ description: 'official | provisional (statutory dates only, to be confirmed) | manual' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
const present = (r: CalendarDayRow) => ({ day: r.day, kind: r.kind as 'holiday' | 'workday', name: r.name, source: r.source, updatedAt: r.updatedAt.toISOString() });

/** The working-day calendar: public reading (deadlines shown to everyone), system-administrator edits. */
export async function calendarRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['calendar'];
  app.get(
    '/calendar/days',
    {
      schema: {
        tags, summary: 'The holidays and make-up working days (调休) of a year',
        querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }),
        response: { 200: Type.Object({ year: Type.Integer(), days: Type.Array(DayView) }), ...errorResponses(400) },
      },
    },
    async (request) => ({ year: request.query.year, days: (await listDays(ctx.db, request.query.year)).map(present) }),
  );
  app.get(
    '/calendar/working-days',
    {
      schema: {
        tags, summary: 'Whether a day is worked, and the day n working days after it',
        querystring: Type.Object({ from: Day, add: Type.Integer({ minimum: 0, maximum: 366, default: 0 }) }),
        response: { 200: Type.Object({ from: Type.String(), isWorkingDay: Type.Boolean(), add: Type.Integer(), result: Type.String() }), ...errorResponses(400) },
      },
    },
    async (request) => {
      const calendar = await loadCalendar(ctx.db);
      const { from, add } = request.query;
      if (!isDay(from)) throw new AppError(CalendarErrors.CALENDAR_DAY_INVALID, { day: from });
      return { from, isWorkingDay: isWorkingDay(from, calendar), add, result: addWorkingDays(from, add, calendar) };
    },
  );
  app.put(
    '/calendar/days/:day',
    {
      config: { action: A['calendar.day.manage'] },
      schema: {
        tags, summary: 'Set a day as a public holiday or a make-up working day (sys_admin)',
        params: Type.Object({ day: Day }),
        body: Type.Object({ kind: Kind, name: Type.String({ minLength: 1, maxLength: 40 }) }),
        response: { 200: DayView, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => present(await setDay(ctx, request.principal!, { day: request.params.day, ...request.body }, requestMeta(request))),
  );
  app.delete(
    '/calendar/days/:day',
    {
      config: { action: A['calendar.day.manage'] },
      schema: { tags, summary: 'Remove a stored day (it follows the week again; sys_admin)', params: Type.Object({ day: Day }), response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) } },
    },
    async (request, reply) => {
      await removeDay(ctx, request.principal!, request.params.day, requestMeta(request));
      return reply.status(204).send(null);
    },
  );
}
