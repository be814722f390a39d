import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import { ErrorBodySchema } from '@fangxian/contracts/kernel';
import {
  DispatchRuleSchema, FollowUpInput, MatchReview, MergeResult, OnlyInPage, PersonPage, ReasonBody, ReassignBody, ReviewDecision, ScreeningImport, ScreeningPerson,
  ScreeningPersonDetail, ScreeningSource, ScreeningStatusSchema, ScreeningTask, ScreeningTaskDetail, SourceComparison, SourceInput, SourcePatch, TaskCounts,
  TaskPage, FiguresQuery, ScreeningFigures, MappingProposal, ExportRequest, ExportDecision, ExportProposal, ImportPace,
} from '@fangxian/contracts/screening';
import type { App, AppContext } from '../../platform/http/context.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import { requestMeta } from '../../platform/identity/index.ts';
import { divisionFullName } from '../../platform/divisions/index.ts';
import { ScreeningActions as A } from './screening.policy.ts';
import { ScreeningErrors } from './screening.errors.ts';
import * as service from './screening.service.ts';
import * as repo from './screening.repository.ts';
import { presentFollowUp, presentImport, presentPerson, presentSource, presentTask } from './screening.presenter.ts';
import { discardList, removeListFile, storeList } from './screening.files.ts';
import { figuresXlsx, onlyInFirstXlsx, rejectedRowsXlsx, tasksXlsx } from './screening.exports.ts';
import * as exportApprovals from './screening.export-approvals.ts';
import { asStaff } from '../../platform/access/policy.ts';
import { proposeFromSample, SAMPLE_MAX_BYTES } from './screening.sample.ts';
import { TaskFeedState, tasksChanged } from './screening.feed.ts';

const tags = ['screening'];
/** Error answers of a route (the kernel's error body) by status. */
const errorResponses = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, ErrorBodySchema])) as Record<number, typeof ErrorBodySchema>;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A page cursor (nextCursor of the previous page). */
const Cursor = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });
const Pair = Type.Object({ a: Type.String({ format: 'uuid', description: 'source A' }), b: Type.String({ format: 'uuid', description: 'source B' }) });

/** The screening database's HTTP surface (thin: the service decides, the presenter shapes). */
export async function screeningRoutes(app: App, ctx: AppContext): Promise<void> {
  // ---- sources and dispatch rules ----
  app.get(
    '/screening/sources',
    { config: { action: A['screening.source.read'] }, schema: { tags, summary: 'Screening sources with their column mappings', response: { 200: Type.Array(ScreeningSource), ...errorResponses(401, 403) } } },
    async () => (await repo.listSources(ctx.db)).map(presentSource),
  );

  app.post(
    '/screening/sources',
    {
      config: { action: A['screening.source.manage'] },
      schema: { tags, summary: 'Add a source (kind, trust, default SLA, default division, column mapping)', body: SourceInput, response: { 201: ScreeningSource, ...errorResponses(400, 401, 403, 409) } },
    },
    async (request, reply) => reply.status(201).send(presentSource(await service.createSource(ctx, request.principal!, request.body, requestMeta(request)))),
  );

  app.patch(
    '/screening/sources/:id',
    {
      config: { action: A['screening.source.manage'] },
      schema: { tags, summary: 'Change a source (e.g. save its column mapping)', params: IdParams, body: SourcePatch, response: { 200: ScreeningSource, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => presentSource(await service.changeSource(ctx, request.principal!, request.params.id, request.body, requestMeta(request))),
  );

  app.get(
    '/screening/dispatch-rules',
    { config: { action: A['screening.source.read'] }, schema: { tags, summary: 'Dispatch rules, in the order they are tried', response: { 200: Type.Array(DispatchRuleSchema), ...errorResponses(401, 403) } } },
    async () => (await repo.listDispatchRules(ctx.db)).map(presentRule),
  );

  app.put(
    '/screening/dispatch-rules',
    {
      config: { action: A['screening.source.manage'] },
      schema: { tags, summary: 'Replace the dispatch rules (rules as data)', body: Type.Array(DispatchRuleSchema, { maxItems: 200 }), response: { 200: Type.Array(DispatchRuleSchema), ...errorResponses(400, 401, 403) } },
    },
    async (request) => (await service.replaceDispatchRules(ctx, request.principal!, request.body, requestMeta(request))).map(presentRule),
  );

  // ---- imports ----
  await app.register(async (instance) => {
    const scope = instance as unknown as App;
    // Lists can be large: multipart parsing only here, with the screening upload limit.
    await scope.register(multipart, { limits: { fileSize: ctx.config.screeningUploadMaxBytes, files: 1, fields: 5 } });
    scope.post(
      '/screening/imports',
      {
        config: { action: A['screening.import.create'] },
        schema: {
          tags,
          summary: 'Upload a list (multipart/form-data, field "file": CSV in UTF-8 or GBK, or XLSX) into a source; the import runs as a job (follow GET /api/jobs/:jobId/events)',
          consumes: ['multipart/form-data'],
          querystring: Type.Object({
            sourceId: Type.String({ format: 'uuid' }),
            pace: Type.Optional(ImportPace),
            batchRows: Type.Optional(Type.Integer({ minimum: 10, maximum: 10000, description: 'fixes the batch size (implies pace fast; default for fast: 1 000)' })),
          }),
          response: { 202: ScreeningImport, ...errorResponses(400, 401, 403, 404, 413, 415) },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart()) throw new AppError(CommonErrors.UNSUPPORTED_MEDIA_TYPE, { expected: 'multipart/form-data' });
        // Checked before the upload is stored (a field-level 400 for paced + batchRows).
        const pace = service.importPace({ pace: request.query.pace, batchRows: request.query.batchRows });
        const source = await repo.findSource(ctx.db, request.query.sourceId);
        if (!source) throw new AppError(CommonErrors.NOT_FOUND, { sourceId: request.query.sourceId });
        const part = await request.file({ limits: { fileSize: ctx.config.screeningUploadMaxBytes, files: 1 } });
        if (!part) throw new AppError(ScreeningErrors.SCREENING_FILE_MISSING);
        const file = await storeList(ctx, request.principal!, part.file, () => part.file.truncated);
        const { row, duplicate, replacedFileId } = await service.startImport(ctx, request.principal!, { sourceId: source.id, file, fileName: part.filename || 'list', pace: pace.pace, batchRows: pace.batchRows ?? undefined }, requestMeta(request));
        if (duplicate && row.fileId !== file.id) await discardList(ctx, file);
        // A resumed import reads the new upload; the copy it had (if the retention job left it) goes.
        if (replacedFileId && replacedFileId !== file.id) await removeListFile(ctx, replacedFileId);
        return reply.status(202).send(presentImport(row, duplicate));
      },
    );

    scope.post(
      '/screening/mapping-proposal',
      {
        config: { action: A['screening.source.manage'] },
        schema: {
          tags,
          summary: 'Propose a column mapping from a sample list (multipart, field "file": CSV or XLSX; only its first rows are read, nothing is kept)',
          consumes: ['multipart/form-data'],
          response: { 200: MappingProposal, ...errorResponses(400, 401, 403, 413, 415) },
        },
      },
      async (request) => {
        if (!request.isMultipart()) throw new AppError(CommonErrors.UNSUPPORTED_MEDIA_TYPE, { expected: 'multipart/form-data' });
        const part = await request.file({ limits: { fileSize: SAMPLE_MAX_BYTES, files: 1 } });
        if (!part) throw new AppError(ScreeningErrors.SCREENING_FILE_MISSING);
        return proposeFromSample(part.file, () => part.file.truncated);
      },
    );
  });

  app.get(
    '/screening/imports',
    {
      config: { action: A['screening.import.create'] },
      schema: { tags, summary: 'Recent imports of one\'s region', querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }), response: { 200: Type.Array(ScreeningImport), ...errorResponses(401, 403) } },
    },
    async (request) => (await repo.listImports(ctx.db, { limit: request.query.limit, regionPrefix: service.scopePrefix(request.principal!) })).map((r) => presentImport(r)),
  );

  app.get(
    '/screening/imports/:id',
    { config: { action: A['screening.import.create'] }, schema: { tags, summary: 'An import with its counters', params: IdParams, response: { 200: ScreeningImport, ...errorResponses(401, 403, 404) } } },
    async (request) => presentImport(await service.visibleImport(ctx, request.principal!, request.params.id)),
  );

  app.post(
    '/screening/imports/:id/cancel',
    {
      config: { action: A['screening.import.create'] },
      schema: { tags, summary: 'Stop an import after its current batch (committed rows stay; uploading the file again resumes it)', params: IdParams, response: { 200: ScreeningImport, ...errorResponses(401, 403, 404, 409) } },
    },
    async (request) => presentImport(await service.cancelImport(ctx, request.principal!, request.params.id, requestMeta(request))),
  );

  // ---- persons ----
  app.get(
    '/screening/persons',
    {
      config: { action: A['screening.person.read'] },
      schema: {
        tags,
        summary: 'Screened persons of one\'s region (masked), newest first; or looked up by ID number or phone',
        querystring: Type.Object({
          status: Type.Optional(ScreeningStatusSchema),
          documentNumber: Type.Optional(Type.String({ minLength: 15, maxLength: 40, description: 'look up by resident ID number (15 or 18 digits; audited)' })),
          phone: Type.Optional(Type.String({ minLength: 7, maxLength: 30, description: 'look up by phone (audited)' })),
          cursor: Type.Optional(Cursor),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        }),
        response: { 200: PersonPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const found = await service.findPersons(ctx, request.principal!, request.query, requestMeta(request));
      const last = found[found.length - 1];
      return { items: found.map((p) => presentPerson(ctx.cipher, p)), nextCursor: found.length === request.query.limit ? repo.writeCursor(last.createdAt, last.id) : null };
    },
  );

  app.get(
    '/screening/persons/:id',
    {
      config: { action: A['screening.person.read'] },
      schema: { tags, summary: 'A person: which sources reported them and when, first reporter and lead times, field provenance (audited)', params: IdParams, response: { 200: ScreeningPersonDetail, ...errorResponses(401, 403, 404) } },
    },
    async (request) => {
      const d = await service.personDetail(ctx, request.principal!, request.params.id, requestMeta(request));
      const sourceNames = new Map(d.reports.map((r) => [r.sourceId, r.sourceName]));
      const missing = Object.values(d.person.provenance).filter((p) => !sourceNames.has(p.sourceId));
      if (missing.length) for (const s of await repo.listSources(ctx.db)) sourceNames.set(s.id, s.name);
      return {
        ...presentPerson(ctx.cipher, d.person),
        provenance: Object.fromEntries(Object.entries(d.person.provenance).map(([f, p]) => [f, { sourceId: p.sourceId, sourceName: sourceNames.get(p.sourceId) ?? '', at: p.at }])),
        reports: d.reports.map((r) => ({ id: r.id, sourceId: r.sourceId, sourceName: r.sourceName, sourceKind: r.sourceKind, reportedAt: r.reportedAt.toISOString(), matchedBy: r.matchedBy, importId: r.importId, line: r.line })),
        firstReporter: d.firstReporter ? { sourceId: d.firstReporter.sourceId, sourceName: d.firstReporter.sourceName, reportedAt: d.firstReporter.reportedAt.toISOString() } : null,
        leadHours: d.leadHours.map((l) => ({ sourceId: l.sourceId, sourceName: l.sourceName, firstReportedAt: l.reportedAt.toISOString(), hoursBehindFirst: l.hoursBehindFirst })),
        merges: d.merges.map(presentMerge),
      };
    },
  );

  // ---- reviews and merges ----
  app.get(
    '/screening/reviews',
    {
      config: { action: A['screening.review.decide'] },
      schema: {
        tags,
        summary: 'Pairs the matcher could not decide (review queue)',
        querystring: Type.Object({ status: Type.Union([Type.Literal('open'), Type.Literal('merged'), Type.Literal('kept_apart')], { default: 'open' }), limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }),
        response: { 200: Type.Array(MatchReview), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const reviews = await repo.listReviews(ctx.db, { status: request.query.status, regionPrefix: service.scopePrefix(request.principal!), limit: request.query.limit });
      return Promise.all(reviews.map((r) => presentReview(ctx, r)));
    },
  );

  app.post(
    '/screening/reviews/:id/decision',
    {
      config: { action: A['screening.review.decide'] },
      schema: { tags, summary: 'Merge the pair (the newer record into the older) or keep them apart', params: IdParams, body: ReviewDecision, response: { 200: MatchReview, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    async (request) => {
      const { review } = await service.decideReview(ctx, request.principal!, request.params.id, request.body, requestMeta(request));
      return presentReview(ctx, review);
    },
  );

  app.post(
    '/screening/merges/:id/undo',
    {
      config: { action: A['screening.review.decide'] },
      schema: { tags, summary: 'Undo a merge: the merged record comes back with its reports and task', params: IdParams, body: ReasonBody, response: { 200: MergeResult, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    async (request) => presentMerge(await service.undoMerge(ctx, request.principal!, request.params.id, request.body.reason, requestMeta(request))),
  );

  // ---- comparison ----
  app.get(
    '/screening/comparison',
    {
      config: { action: A['screening.comparison.read'] },
      schema: { tags, summary: 'Source A vs source B: only-in-A, only-in-B, both; lead-time distribution; per day and per county', querystring: Pair, response: { 200: SourceComparison, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => {
      const c = await service.compareSources(ctx, request.principal!, request.query.a, request.query.b);
      return { a: request.query.a, b: request.query.b, ...c, byCounty: c.byCounty.map((r) => ({ ...r, regionName: divisionFullName(r.regionCode) || null })) };
    },
  );

  app.get(
    '/screening/comparison/only-in-a',
    {
      config: { action: A['screening.comparison.read'] },
      schema: {
        tags,
        summary: 'Persons reported by A and not by B (masked), a page at a time; swap a and b for the other list',
        querystring: Type.Object({ ...Pair.properties, cursor: Type.Optional(Type.String({ format: 'uuid' })), limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }),
        response: { 200: OnlyInPage, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const q = request.query;
      await service.checkSourcePair(ctx, q.a, q.b);
      const page = await repo.onlyInFirstPage(ctx.db, q.a, q.b, service.scopePrefix(request.principal!), q.cursor ?? '00000000-0000-0000-0000-000000000000', q.limit);
      return {
        items: page.map((p) => ({ person: presentPerson(ctx.cipher, p), firstReportedByA: p.aAt.toISOString() })),
        nextCursor: page.length === q.limit ? page[page.length - 1].id : null,
      };
    },
  );

  // ---- exports of personal data (maker-checker) ----
  app.post(
    '/screening/exports',
    {
      config: { action: A['screening.export.request'] },
      schema: {
        tags,
        summary: 'Propose an export of personal data (rejected rows, A-not-B list, task list) with its reason; a different officer must approve it before it can be downloaded',
        body: ExportRequest,
        response: { 201: ExportProposal, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await exportApprovals.proposeExport(ctx, asStaff(request.principal!), request.body, requestMeta(request))),
  );

  app.get(
    '/screening/exports',
    {
      config: { action: A['screening.export.request'] },
      schema: { tags, summary: 'Export proposals of one\'s region, newest first (one\'s own to download, others\' to approve)', response: { 200: Type.Array(ExportProposal), ...errorResponses(401, 403) } },
    },
    async (request) => exportApprovals.listExportProposals(ctx, asStaff(request.principal!)),
  );

  app.post(
    '/screening/exports/:id/decision',
    {
      config: { action: A['screening.export.approve'] },
      schema: {
        tags,
        summary: 'Approve or reject another officer\'s export proposal (same region or above; not one\'s own)',
        params: IdParams,
        body: ExportDecision,
        response: { 200: ExportProposal, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => exportApprovals.decideExport(ctx, asStaff(request.principal!), request.params.id, request.body, requestMeta(request)),
  );

  app.get(
    '/screening/exports/:id/file',
    {
      config: { action: A['screening.export.request'] },
      schema: {
        tags,
        summary: 'Download one\'s own approved export as XLSX (streamed; within 24 h of the approval; every download audited)',
        params: IdParams,
        produces: [XLSX],
        response: { 200: Type.Any({ description: 'XLSX' }), ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const staff = asStaff(request.principal!);
      const { approval, spec } = await exportApprovals.approvedExport(ctx, staff, request.params.id);
      const meta = requestMeta(request);
      const audited = (action: string, filter: object) => service.auditExport(ctx, staff, action, { ...filter, approvalId: approval.id }, meta);
      let stream;
      let name: string;
      if (spec.export === 'rejected_rows') {
        await audited('screening.rejected-rows.export', { importId: spec.importId });
        stream = rejectedRowsXlsx(ctx, spec.importId!);
        name = `rejected-${spec.importId}.xlsx`;
      } else if (spec.export === 'only_in_a') {
        await audited('screening.comparison.export', { a: spec.a, b: spec.b });
        stream = onlyInFirstXlsx(ctx, spec.a!, spec.b!, service.scopePrefix(staff));
        name = 'only-in-a.xlsx';
      } else {
        const filter = { regionPrefix: service.scopePrefix(staff), status: spec.status, overdueAt: spec.overdue ? new Date() : undefined, escalated: spec.escalated };
        await audited('screening.task.export', filter);
        stream = tasksXlsx(ctx, filter);
        name = 'screening-tasks.xlsx';
      }
      return reply.type(XLSX).header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'private, no-store').send(stream);
    },
  );

  // ---- tasks ----
  app.get(
    '/screening/tasks',
    {
      config: { action: A['screening.task.read'] },
      schema: {
        tags,
        summary: 'Follow-up tasks of one\'s region (dispatched or escalated to it), newest first, with SLA countdowns',
        querystring: Type.Object({
          status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
          overdue: Type.Optional(Type.Boolean()),
          escalated: Type.Optional(Type.Boolean()),
          cursor: Type.Optional(Cursor),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        }),
        response: { 200: TaskPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const now = new Date();
      const q = request.query;
      const found = await repo.listTasks(ctx.db, {
        regionPrefix: service.scopePrefix(request.principal!),
        status: q.status,
        overdueAt: q.overdue ? now : undefined,
        escalated: q.escalated,
        before: repo.readCursor(q.cursor),
        limit: q.limit,
      });
      const items = found.map(({ task, person }) => presentTask(ctx.cipher, task, person, now));
      const last = found[found.length - 1]?.task;
      return { items, nextCursor: found.length === q.limit ? repo.writeCursor(last.dispatchedAt, last.id) : null };
    },
  );

  app.get(
    '/screening/dashboard',
    {
      config: { action: A['screening.task.read'] },
      schema: { tags, summary: 'Counts per command post in one\'s region: received, open, reached, in quarantine, overdue, escalated, closed', response: { 200: TaskCounts, ...errorResponses(401, 403) } },
    },
    async (request) => (await repo.taskCounts(ctx.db, service.scopePrefix(request.principal!), new Date())).map((r) => ({ ...r, regionName: divisionFullName(r.regionCode) || null })),
  );

  // The live task feed: open streams end before the server waits for its connections to close.
  const feeds = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of feeds) end();
  });
  app.get(
    '/screening/task-events',
    {
      config: { action: A['screening.task.read'] },
      schema: {
        tags,
        summary: 'Server-Sent Events: `changed` (with the divisions) whenever tasks of one\'s region are added or change; reload the task list then',
        produces: ['text/event-stream'],
        response: { 200: Type.String({ description: 'text/event-stream' }), ...errorResponses(401, 403) },
      },
    },
    async (request, reply) => {
      const prefix = service.scopePrefix(request.principal!);
      const feed = TaskFeedState.of(ctx);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
        'x-request-id': request.id,
      });
      res.write(': task feed\n\n');
      // Changes are folded for a moment (an import commits a batch after another), then sent once.
      let pending: Set<string> | null = null;
      let timer: NodeJS.Timeout | null = null;
      const listener = (regions: string[]) => {
        const mine = regions.filter((r) => r.startsWith(prefix));
        if (mine.length === 0) return;
        pending ??= new Set();
        for (const r of mine) pending.add(r);
        timer ??= setTimeout(() => {
          timer = null;
          const regionsChanged = [...(pending ?? [])];
          pending = null;
          res.write(`event: changed\ndata: ${JSON.stringify({ regions: regionsChanged })}\n\n`);
        }, 250);
      };
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
      const end = () => {
        feed.emitter.off('changed', listener);
        clearInterval(keepAlive);
        if (timer) clearTimeout(timer);
        feeds.delete(end);
        res.end();
      };
      feeds.add(end);
      feed.emitter.on('changed', listener);
      request.raw.on('close', end);
    },
  );

  app.get(
    '/screening/figures',
    {
      config: { action: A['screening.task.read'] },
      schema: {
        tags,
        summary: 'County and city dashboard: persons received, dispatched, reached, in quarantine, overdue and closed, by county, source or day (one\'s region)',
        querystring: FiguresQuery,
        response: { 200: ScreeningFigures, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => service.figures(ctx, request.principal!, request.query, new Date()),
  );

  app.get(
    '/screening/figures.xlsx',
    {
      config: { action: A['screening.task.read'] },
      schema: { tags, summary: 'The dashboard figures as XLSX (streamed)', querystring: FiguresQuery, produces: [XLSX], response: { 200: Type.Any({ description: 'XLSX' }), ...errorResponses(400, 401, 403) } },
    },
    async (request, reply) => {
      const figures = await service.figures(ctx, request.principal!, request.query, new Date());
      return reply
        .type(XLSX)
        .header('content-disposition', `attachment; filename="screening-figures-${figures.by}.xlsx"`)
        .header('cache-control', 'private, no-store')
        .send(figuresXlsx(figures));
    },
  );

  app.get(
    '/screening/tasks/:id',
    {
      config: { action: A['screening.task.read'] },
      schema: { tags, summary: 'A task with its follow-up history (audited)', params: IdParams, response: { 200: ScreeningTaskDetail, ...errorResponses(401, 403, 404) } },
    },
    async (request) => {
      const d = await service.taskDetail(ctx, request.principal!, request.params.id, requestMeta(request));
      return { ...presentTask(ctx.cipher, d.task, d.person, new Date()), followUps: d.followUps.map((f) => presentFollowUp(ctx.cipher, f)) };
    },
  );

  app.post(
    '/screening/tasks/:id/follow-ups',
    {
      config: { action: A['screening.task.follow-up'] },
      schema: {
        tags,
        summary: 'Record a follow-up (reached, attempts, location, quarantine, tests, release); the person\'s health code is recomputed',
        params: IdParams,
        body: FollowUpInput,
        response: { 201: ScreeningTask, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const r = await service.recordFollowUp(ctx, request.principal!, request.params.id, request.body, requestMeta(request));
      tasksChanged(ctx, [r.task.regionCode, r.task.escalatedTo]);
      return reply.status(201).send(presentTask(ctx.cipher, r.task, r.person, new Date()));
    },
  );

  for (const [verb, summary] of [
    ['close', 'Close the task (销号): the latest follow-up must say reached, where, and quarantine or release'],
    ['reopen', 'Reopen a closed task, with a reason'],
    ['reassign', 'Hand the task to another command post (also across counties), with a reason'],
  ] as const) {
    app.post(
      `/screening/tasks/:id/${verb}`,
      {
        config: { action: A['screening.task.follow-up'] },
        schema: {
          tags,
          summary,
          params: IdParams,
          ...(verb === 'close' ? {} : { body: verb === 'reopen' ? ReasonBody : ReassignBody }),
          response: { 200: ScreeningTask, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const p = request.principal!;
        const meta = requestMeta(request);
        const before = verb === 'reassign' ? await repo.findTask(ctx.db, request.params.id) : null;
        const body = request.body as { reason: string; regionCode: string };
        const task =
          verb === 'close'
            ? await service.closeTask(ctx, p, request.params.id, meta)
            : verb === 'reopen'
              ? await service.reopenTask(ctx, p, request.params.id, body.reason, meta)
              : await service.reassignTask(ctx, p, request.params.id, body, meta);
        tasksChanged(ctx, [task.regionCode, task.escalatedTo, before?.regionCode]);
        const person = (await repo.findPerson(ctx.db, task.personId))!;
        return presentTask(ctx.cipher, task, person, new Date());
      },
    );
  }
}

function presentRule(r: repo.DispatchRuleRow) {
  return {
    priority: r.priority,
    sourceKind: r.sourceKind as never,
    divisionPrefix: r.divisionPrefix,
    useDivision: r.useDivision as 'residence' | 'household',
    targetDivision: r.targetDivision,
    contactHours: r.contactHours,
    feedbackHours: r.feedbackHours,
    note: r.note,
  };
}

function presentMerge(m: repo.MergeRow) {
  return { id: m.id, survivorId: m.survivorId, mergedId: m.mergedId, mergedAt: m.mergedAt.toISOString(), undoneAt: m.undoneAt ? m.undoneAt.toISOString() : null };
}

async function presentReview(ctx: AppContext, r: repo.ReviewRow) {
  const [person, candidate] = await Promise.all([repo.findPerson(ctx.db, r.personId), repo.findPerson(ctx.db, r.candidateId)]);
  const merges = r.status === 'merged' ? await repo.mergesOf(ctx.db, r.candidateId) : [];
  const merge = merges.find((m) => m.reviewId === r.id && !m.undoneAt);
  return {
    id: r.id,
    status: r.status,
    score: r.score,
    reasons: r.reasons,
    person: presentPerson(ctx.cipher, person!),
    candidate: presentPerson(ctx.cipher, candidate!),
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null,
    mergeId: merge?.id ?? null,
  };
}
