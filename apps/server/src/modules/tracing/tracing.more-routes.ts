import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { errorResponses } from '@fangxian/contracts/kernel';
import { CaseSource, CaseSummary, LabImportResult, TRACE_WINDOW_STATUSES, TracingSettings } from '@fangxian/contracts/tracing';
import { literalUnion } from '@fangxian/contracts/literals';
import type { App, AppContext } from '../../platform/http/context.ts';
import { requestMeta } from '../../platform/identity/request-meta.ts';
import { VENUE_TYPE_NAMES } from '@fangxian/contracts/venues';
import { TracingActions as A } from './tracing.policy.ts';
import { editCase } from './tracing.case-edit.ts';
import { importLabResults, LAB_IMPORT_TEMPLATE } from './tracing.labs-import.ts';
import { presentCase } from './tracing.presenter.ts';
import * as settings from './tracing.settings.ts';
import { publishedChanged } from './tracing.published-cache.ts';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (China Standard Time)' });
const DivisionCode = Type.String({ pattern: '^\\d{6}$', description: 'GB/T 2260 division code' });
const Reason = Type.String({ minLength: 2, maxLength: 500 });

/**
 * Routes of the tracing settings (window per case status, stay per venue type), editing a case's
 * facts after registration, and the lab results import — registered by tracingRoutes.
 */
export async function tracingMoreRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['tracing'];

  app.get(
    '/tracing/settings',
    {
      config: { action: A['tracing.case.manage'] },
      schema: { tags, summary: 'The tracing settings: the window per case status (days before onset / first positive sample) and the stay assumed per venue type', response: { 200: TracingSettings, ...errorResponses(401, 403) } },
    },
    async () => settings.readSettings(ctx),
  );

  // One handler for both settings: the change, then the self-check's snapshot dropped (it holds the stay per venue type).
  const changeSetting = async (request: FastifyRequest, change: settings.SettingChange) => {
    const answer = await settings.changeSetting(ctx, request.principal!, change, (request.body as { reason: string }).reason, requestMeta(request));
    publishedChanged(ctx);
    return answer;
  };

  app.put(
    '/tracing/settings/windows/:caseStatus',
    {
      config: { action: A['tracing.settings.manage'] },
      schema: {
        tags,
        summary: 'Set the tracing window of a case status (1–28 days before its anchor day); city-level health officers; audited with before, after and reason',
        params: Type.Object({ caseStatus: literalUnion(TRACE_WINDOW_STATUSES) }),
        body: Type.Object({ daysBefore: Type.Integer({ minimum: 1, maximum: 28 }), reason: Reason }, { additionalProperties: false }),
        response: { 200: TracingSettings, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => changeSetting(request, { setting: 'window', caseStatus: request.params.caseStatus, to: request.body.daysBefore }),
  );

  app.put(
    '/tracing/settings/stays/:venueType',
    {
      config: { action: A['tracing.settings.manage'] },
      schema: {
        tags,
        summary: 'Set (5–1440 minutes) or clear (null) the stay tracing assumes after a scan at every venue of a type; city-level health officers; audited',
        params: Type.Object({ venueType: literalUnion(VENUE_TYPE_NAMES as unknown as readonly [string, ...string[]]) }),
        body: Type.Object({ minutes: Type.Union([Type.Integer({ minimum: 5, maximum: 1440 }), Type.Null()]), reason: Reason }, { additionalProperties: false }),
        response: { 200: TracingSettings, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => changeSetting(request, { setting: 'stay', venueType: request.params.venueType, to: request.body.minutes }),
  );

  app.patch(
    '/tracing/cases/:id',
    {
      config: { action: A['tracing.case.manage'] },
      schema: {
        tags,
        summary: 'Edit a case\'s facts after registration (dates, source, notes, region) with the reason: validated as at registration, a history entry with each field before and after, the health code recomputed when a fact it reads changed',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: Type.Object(
          {
            onsetDate: Type.Optional(Type.Union([Day, Type.Null()])),
            reportDate: Type.Optional(Day),
            confirmedDate: Type.Optional(Type.Union([Day, Type.Null()])),
            source: Type.Optional(CaseSource),
            notes: Type.Optional(Type.String({ maxLength: 2000 })),
            regionCode: Type.Optional(DivisionCode),
            reason: Reason,
          },
          { additionalProperties: false },
        ),
        response: { 200: CaseSummary, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => presentCase(await editCase(ctx, request.principal!, request.params.id, request.body, requestMeta(request)), ctx.cipher),
  );

  app.post(
    '/tracing/lab-results/import',
    {
      config: { action: A['tracing.case.manage'] },
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Import lab results from a CSV or XLSX list (header row; template at /tracing/lab-results/import-template.csv): each good row recorded as one entered (a positive result without an open case proposes one), bad rows returned with line, field and reason',
        body: Type.Object({ format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]), contentBase64: Type.String({ minLength: 4, maxLength: 6_000_000, pattern: '^[A-Za-z0-9+/=\\s]+$' }) }, { additionalProperties: false }),
        response: { 200: LabImportResult, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => importLabResults(ctx, request.principal!, { format: request.body.format, content: Buffer.from(request.body.contentBase64, 'base64') }, requestMeta(request)),
  );

  app.get(
    '/tracing/lab-results/import-template.csv',
    { config: { action: A['tracing.case.manage'] }, schema: { tags, summary: 'The lab results import template (CSV header row)', response: { 200: Type.String({ description: 'text/csv' }), ...errorResponses(401, 403) } } },
    async (_request, reply) => reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="lab-results-template.csv"').send('\uFEFF' + LAB_IMPORT_TEMPLATE),
  );
}
