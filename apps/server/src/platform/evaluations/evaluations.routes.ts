import { Type } from 'typebox';
import { errorResponses } from '@fangxian/contracts/kernel';
import { MultilineText, PrintableText } from '@fangxian/contracts/text';
import type { App, AppContext } from '../http/context.ts';
import { requestMeta } from '../identity/request-meta.ts';
import { EvaluationActions as A } from './evaluations.policy.ts';
import * as service from './evaluations.service.ts';
import { figuresWorkbook, XLSX } from './evaluations.xlsx.ts';

const lit = <T extends string>(values: readonly T[]) => Type.Unsafe<T>(Type.Union(values.map((v) => Type.Literal(v))));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Date_ = Type.String({ format: 'date-time' });

const Task = Type.Object({
  id: Type.String({ description: 'rectification task id' }),
  status: lit(['open', 'rectified', 'closed', 'waived'] as const),
  department: Type.String(),
  regionCode: Type.String(),
  dueAt: Date_,
  overdue: Type.Boolean(),
  rectificationNote: Nullable(Type.String()),
  rectifiedAt: Nullable(Date_),
  callbackResult: Nullable(Type.String()),
  callbackNote: Nullable(Type.String()),
  callbackAt: Nullable(Date_),
  evaluation: Type.Object({
    id: Type.String(),
    sourceType: Type.String(),
    sourceId: Type.String(),
    subjectCode: Type.String(),
    subjectName: Type.String(),
    level: Type.Integer({ minimum: 1, maximum: 5 }),
    comment: Nullable(Type.String()),
    tags: Type.Array(Type.String()),
    status: Type.String(),
    appealStatus: lit(['none', 'pending', 'upheld', 'rejected'] as const),
    createdAt: Date_,
  }),
});
const Figures = Type.Object({
  month: Type.String(),
  by: lit(['item', 'department'] as const),
  lines: Type.Array(
    Type.Object({
      key: Type.String(), name: Type.String(), counts: Type.Array(Type.Integer(), { minItems: 5, maxItems: 5, description: '非常满意 … 非常不满意' }), total: Type.Integer(),
      satisfactionRate: Nullable(Type.Number()), bad: Type.Integer(), rectified: Type.Integer(), rectifiedOnTime: Type.Integer(), onTimeRate: Nullable(Type.Number()), excluded: Type.Integer(),
    }),
  ),
});
const FiguresQuery = Type.Object({ month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }), by: Type.Optional(lit(['item', 'department'] as const)) });

function present(t: service.TaskView, now = new Date()) {
  const r = t.rectification;
  const e = t.evaluation;
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: r.id, status: r.status as 'open' | 'rectified' | 'closed' | 'waived', department: r.department, regionCode: r.regionCode, dueAt: r.dueAt.toISOString(),
    overdue: (r.status === 'open' && r.dueAt < now) || (r.rectifiedAt !== null && r.rectifiedAt > r.dueAt),
    rectificationNote: r.rectificationNote, rectifiedAt: iso(r.rectifiedAt), callbackResult: r.callbackResult, callbackNote: r.callbackNote, callbackAt: iso(r.callbackAt),
    evaluation: {
      id: e.id, sourceType: e.sourceType, sourceId: e.sourceId, subjectCode: e.subjectCode, subjectName: e.subjectName, level: e.level, comment: e.comment, tags: e.tags,
      status: e.status, appealStatus: e.appealStatus as 'none' | 'pending' | 'upheld' | 'rejected', createdAt: e.createdAt.toISOString(),
    },
  };
}

/** 好差评 for officers: rectification tasks, callbacks, appeals and their decisions, monthly figures and their export. */
export async function evaluationRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['evaluations'];
  const taskResponse = { 200: Task, ...errorResponses(400, 401, 403, 404, 409) };

  app.get(
    '/evaluations/rectifications',
    { config: { action: A['evaluations.rectification.read'] }, schema: { tags, summary: 'Rectification tasks of my department (overseers: my region), open first by deadline (audited)', response: { 200: Type.Array(Task), ...errorResponses(401, 403) } } },
    async (request) => (await service.listTasks(ctx, request.principal!, requestMeta(request))).map((t) => present(t)),
  );

  app.post(
    '/evaluations/rectifications/:id/rectify',
    {
      config: { action: A['evaluations.rectification.handle'] },
      schema: { tags, summary: 'The rated department records its rectification (整改)', params: IdParams, body: Type.Object({ note: MultilineText({ minLength: 2, maxLength: 2000 }) }, { additionalProperties: false }), response: taskResponse },
    },
    async (request) => present(await service.rectify(ctx, request.principal!, request.params.id, request.body.note, requestMeta(request))),
  );

  app.post(
    '/evaluations/rectifications/:id/callback',
    {
      config: { action: A['evaluations.rectification.handle'] },
      schema: {
        tags,
        summary: 'Record the callback (回访) to the applicant after the rectification; closes the task',
        params: IdParams,
        body: Type.Object({ result: lit(['satisfied', 'unsatisfied', 'unreachable'] as const), note: Type.Optional(Nullable(MultilineText({ maxLength: 2000 }))) }, { additionalProperties: false }),
        response: taskResponse,
      },
    },
    async (request) => present(await service.recordCallback(ctx, request.principal!, request.params.id, request.body, requestMeta(request))),
  );

  app.post(
    '/evaluations/rectifications/:id/appeal',
    {
      config: { action: A['evaluations.appeal.propose'] },
      schema: { tags, summary: 'Appeal a malicious bad rating (申诉); a supervisor other than me decides it', params: IdParams, body: Type.Object({ reason: MultilineText({ minLength: 5, maxLength: 2000 }) }, { additionalProperties: false }), response: taskResponse },
    },
    async (request) => present(await service.appeal(ctx, request.principal!, request.params.id, request.body.reason, requestMeta(request))),
  );

  app.post(
    '/evaluations/appeals/:id/decision',
    {
      config: { action: A['evaluations.appeal.decide'] },
      schema: {
        tags,
        summary: 'Uphold (approve: the rating leaves the figures, the task is waived) or reject an appeal; id is the evaluation\'s (maker-checker)',
        params: IdParams,
        body: Type.Object({ decision: lit(['approve', 'reject'] as const), note: Type.Optional(Nullable(MultilineText({ maxLength: 500 }))) }, { additionalProperties: false }),
        response: taskResponse,
      },
    },
    async (request) => present(await service.decideAppeal(ctx, request.principal!, request.params.id, request.body, requestMeta(request))),
  );

  app.get(
    '/evaluations/figures',
    {
      config: { action: A['evaluations.figures.read'] },
      schema: { tags, summary: 'Monthly 好差评 figures of my region by service item or department (counts per level, satisfaction, on-time rectification)', querystring: FiguresQuery, response: { 200: Figures, ...errorResponses(400, 401, 403) } },
    },
    async (request) => {
      const by = request.query.by ?? 'department';
      return { month: request.query.month, by, lines: await service.figures(ctx, request.principal!, request.query.month, by, requestMeta(request)) };
    },
  );

  app.get(
    '/evaluations/figures/export',
    {
      config: { action: A['evaluations.figures.read'] },
      schema: { tags, summary: 'The monthly figures as XLSX', querystring: FiguresQuery, response: { 200: Type.Any({ description: XLSX }), ...errorResponses(400, 401, 403) } },
    },
    async (request, reply) => {
      const by = request.query.by ?? 'department';
      const lines = await service.figures(ctx, request.principal!, request.query.month, by, requestMeta(request));
      reply.type(XLSX).header('content-disposition', `attachment; filename="evaluations-${request.query.month}-${by}.xlsx"`).header('cache-control', 'private, no-store');
      return reply.send(await figuresWorkbook(request.query.month, by, lines));
    },
  );
}
