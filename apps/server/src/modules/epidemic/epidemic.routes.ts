import { Type } from 'typebox';
import { IdentityDocumentType, PERSON_STATUS_BATCH_MAX, PersonStatusBatch, PersonStatusBatchProposed, PersonStatusEntry, PersonStatusName, QuarantineEntry, RiskArea, RiskAreaChanged, RiskAreaRemoved, RiskLevel } from '@fangxian/contracts';
import { errorResponses } from '@fangxian/contracts/kernel';
import type { App, AppContext } from '../../platform/http/context.ts';
import { requestMeta } from '../../platform/identity/request-meta.ts';
import { EpidemicActions } from './epidemic.policy.ts';
import * as service from './epidemic.service.ts';
import * as batches from './epidemic.batches.ts';
import { presentChangedRiskArea, presentPersonStatus, presentQuarantine, presentRiskArea } from './epidemic.presenter.ts';
import type { PersonStatusRow, QuarantineRow } from './epidemic.repository.ts';


const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (China Standard Time)' });
const DivisionCode = Type.String({ pattern: '^\\d{6}$', description: 'GB/T 2260 division code' });
const Level = RiskLevel;
const DocumentTypeSchema = IdentityDocumentType;
const StatusSchema = PersonStatusName;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

const PersonStatus = PersonStatusEntry;
const Quarantine = QuarantineEntry;
const Document = { documentType: DocumentTypeSchema, documentNumber: Type.String({ minLength: 5, maxLength: 32 }) };
const PageQuery = Type.Object({ before: Type.Optional(Type.String({ format: 'date-time' })), limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) });
const VoidBody = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 500 }) }, { additionalProperties: false });

/** Risk areas, the person-status registry and quarantine periods (epidemic registries). */
export async function epidemicRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['epidemic'];

  app.get(
    '/epidemic/risk-areas',
    {
      config: { action: EpidemicActions['epidemic.risk-area.list'] },
      schema: {
        tags,
        summary: 'Risk areas in force today (or on activeOn); staff may pass all=true for their region\'s history',
        querystring: Type.Object({ activeOn: Type.Optional(Day), all: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Array(RiskArea), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => (await service.listRiskAreas(ctx, request.principal!, request.query)).map(presentRiskArea),
  );

  app.post(
    '/epidemic/risk-areas',
    {
      config: { action: EpidemicActions['epidemic.risk-area.manage'] },
      schema: {
        tags,
        summary: 'Add a risk area in one\'s region; the health codes it touches are recomputed by a background job (recomputeJobId)',
        body: Type.Object(
          { divisionCode: DivisionCode, level: Level, startDate: Day, endDate: Type.Optional(Type.Union([Day, Type.Null()])), reason: Type.String({ minLength: 2, maxLength: 500 }) },
          { additionalProperties: false },
        ),
        response: { 201: RiskAreaChanged, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(presentChangedRiskArea(await service.createRiskArea(ctx, request.principal!, request.body, requestMeta(request)))),
  );

  app.patch(
    '/epidemic/risk-areas/:id',
    {
      config: { action: EpidemicActions['epidemic.risk-area.manage'] },
      schema: {
        tags,
        summary: 'Change a risk area\'s level, dates or reason (set endDate to lift it)',
        params: IdParams,
        body: Type.Object(
          { level: Type.Optional(Level), startDate: Type.Optional(Day), endDate: Type.Optional(Type.Union([Day, Type.Null()])), reason: Type.Optional(Type.String({ minLength: 2, maxLength: 500 })) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: RiskAreaChanged, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => presentChangedRiskArea(await service.changeRiskArea(ctx, request.principal!, request.params.id, request.body, requestMeta(request))),
  );

  app.delete(
    '/epidemic/risk-areas/:id',
    {
      config: { action: EpidemicActions['epidemic.risk-area.manage'] },
      schema: {
        tags,
        summary: 'Remove a risk area entered by mistake; the health codes it touched are recomputed by a background job (recomputeJobId)',
        params: IdParams,
        response: { 200: RiskAreaRemoved, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => service.removeRiskArea(ctx, request.principal!, request.params.id, requestMeta(request)),
  );

  app.post(
    '/epidemic/person-statuses',
    {
      config: { action: EpidemicActions['epidemic.person-status.manage'] },
      schema: {
        tags,
        summary: 'Record a person\'s status by document number (the person\'s code is recomputed)',
        body: Type.Object(
          { ...Document, status: StatusSchema, date: Day, source: Type.String({ minLength: 2, maxLength: 200 }), regionCode: DivisionCode },
          { additionalProperties: false },
        ),
        response: { 201: PersonStatus, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(presentPersonStatus(await service.recordPersonStatus(ctx, request.principal!, request.body, requestMeta(request)), ctx.cipher)),
  );

  app.get(
    '/epidemic/person-statuses',
    {
      config: { action: EpidemicActions['epidemic.person-status.manage'] },
      schema: { tags, summary: 'Status entries recorded in one\'s region, newest first (masked)', querystring: PageQuery, response: { 200: Type.Array(PersonStatus), ...errorResponses(400, 401, 403) } },
    },
    async (request) =>
      (await service.listRegistry(ctx, request.principal!, 'person_status', request.query, requestMeta(request))).map((r) => presentPersonStatus(r as PersonStatusRow, ctx.cipher)),
  );

  app.post(
    '/epidemic/person-statuses/:id/void',
    {
      config: { action: EpidemicActions['epidemic.person-status.manage'] },
      schema: { tags, summary: 'Void a status entered in error', params: IdParams, body: VoidBody, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) } },
    },
    async (request, reply) => {
      await service.voidRegistryEntry(ctx, request.principal!, 'person_status', request.params.id, request.body.reason, requestMeta(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/epidemic/quarantines',
    {
      config: { action: EpidemicActions['epidemic.person-status.manage'] },
      schema: {
        tags,
        summary: 'Record a quarantine period (home or central) by document number',
        body: Type.Object(
          { ...Document, kind: Type.Union([Type.Literal('home'), Type.Literal('central')]), from: Day, to: Day, regionCode: DivisionCode },
          { additionalProperties: false },
        ),
        response: { 201: Quarantine, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(presentQuarantine(await service.recordQuarantine(ctx, request.principal!, request.body, requestMeta(request)), ctx.cipher)),
  );

  app.get(
    '/epidemic/quarantines',
    {
      config: { action: EpidemicActions['epidemic.person-status.manage'] },
      schema: { tags, summary: 'Quarantine periods recorded in one\'s region, newest first (masked)', querystring: PageQuery, response: { 200: Type.Array(Quarantine), ...errorResponses(400, 401, 403) } },
    },
    async (request) =>
      (await service.listRegistry(ctx, request.principal!, 'quarantine', request.query, requestMeta(request))).map((r) => presentQuarantine(r as QuarantineRow, ctx.cipher)),
  );

  app.post(
    '/epidemic/quarantines/:id/void',
    {
      config: { action: EpidemicActions['epidemic.person-status.manage'] },
      schema: { tags, summary: 'Void a quarantine period entered in error', params: IdParams, body: VoidBody, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) } },
    },
    async (request, reply) => {
      await service.voidRegistryEntry(ctx, request.principal!, 'quarantine', request.params.id, request.body.reason, requestMeta(request));
      return reply.status(204).send(null);
    },
  );

  const StatusEntry = Type.Object(
    { ...Document, status: StatusSchema, date: Day, source: Type.String({ minLength: 2, maxLength: 200 }), regionCode: DivisionCode },
    { additionalProperties: false },
  );

  app.post(
    '/epidemic/person-status-batches',
    {
      config: { action: EpidemicActions['epidemic.person-status.bulk'] },
      schema: {
        tags,
        summary: 'Propose a bulk person-status change (maker-checker): nothing is recorded until a different officer of a containing region approves it; bad rows are reported with their line and left out',
        body: Type.Object(
          { entries: Type.Array(StatusEntry, { minItems: 1, maxItems: PERSON_STATUS_BATCH_MAX }), note: Type.String({ minLength: 2, maxLength: 500 }) },
          { additionalProperties: false },
        ),
        response: { 202: PersonStatusBatchProposed, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(202).send(await batches.proposeBatch(ctx, request.principal!, request.body, requestMeta(request))),
  );

  app.get(
    '/epidemic/person-status-batches',
    {
      config: { action: EpidemicActions['epidemic.person-status.bulk'] },
      schema: { tags, summary: 'Bulk person-status changes proposed in one\'s region, newest first (counts only)', response: { 200: Type.Array(PersonStatusBatch), ...errorResponses(401, 403) } },
    },
    async (request) => batches.listBatches(ctx, request.principal!),
  );

  app.post(
    '/epidemic/person-status-batches/:id/decision',
    {
      config: { action: EpidemicActions['epidemic.person-status.bulk'] },
      schema: {
        tags,
        summary: 'Approve (records every entry at once) or reject a bulk person-status change proposed by another officer',
        params: IdParams,
        body: Type.Object(
          { decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]), note: Type.Optional(Type.String({ maxLength: 500 })) },
          { additionalProperties: false },
        ),
        response: { 200: PersonStatusBatch, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => batches.decideBatch(ctx, request.principal!, request.params.id, request.body, requestMeta(request)),
  );

  app.post(
    '/epidemic/person-status-batches/:id/withdraw',
    {
      config: { action: EpidemicActions['epidemic.person-status.bulk'] },
      schema: {
        tags,
        summary: 'Withdraw a pending bulk person-status change',
        params: IdParams,
        body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
        response: { 200: PersonStatusBatch, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => batches.withdrawBatch(ctx, request.principal!, request.params.id, request.body.note, requestMeta(request)),
  );

  app.post(
    '/epidemic/persons/lookup',
    {
      config: { action: EpidemicActions['epidemic.person-status.manage'] },
      schema: {
        tags,
        summary: 'Look a person up by document number (blind index): statuses and quarantines in one\'s region; audited',
        body: Type.Object(Document, { additionalProperties: false }),
        response: { 200: Type.Object({ statuses: Type.Array(PersonStatus), quarantines: Type.Array(Quarantine) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const found = await service.lookupPerson(ctx, request.principal!, request.body, requestMeta(request));
      return { statuses: found.statuses.map((r) => presentPersonStatus(r, ctx.cipher)), quarantines: found.quarantines.map((r) => presentQuarantine(r, ctx.cipher)) };
    },
  );
}
