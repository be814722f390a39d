import { Type } from 'typebox';
import { errorResponses } from '@fangxian/contracts/kernel';
import {
  APPLICANT_TYPES, APPLICATION_MODES, APPLICATION_STATUSES, CHANNELS, FIELD_TYPES, ITEM_TYPES, MATERIAL_FORMS, PART_STATUSES, type ItemContent,
} from '@fangxian/contracts/govservice';
import { PrintableText } from '@fangxian/contracts/text';
import { asCitizen } from '../../platform/access/policy.ts';
import type { App, AppContext } from '../../platform/http/context.ts';
import { requestMeta } from '../../platform/identity/request-meta.ts';
import { GovserviceActions as A } from './govservice.policy.ts';
import { presentForStaff, presentItemForStaff, presentItemGuide, presentItemSummary, presentOwn, presentQueueLine } from './govservice.presenter.ts';
import { GovserviceClock } from './govservice.runtime.ts';
import { rateOwn } from './govservice.results.ts';
import * as service from './govservice.service.ts';
import { catalogueWorkbook, figuresWorkbook, XLSX } from './govservice.xlsx.ts';

const lit = <T extends string>(values: readonly T[]) => Type.Unsafe<T>(Type.Union(values.map((v) => Type.Literal(v))));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });
const IdParams = Type.Object({ id: Uuid });
const DateTime = Type.String({ format: 'date-time' });
const Bilingual = Type.Object({ zh: Type.String({ minLength: 1, maxLength: 200 }), en: Type.String({ maxLength: 200 }) });
const Status = lit(APPLICATION_STATUSES);
const Mode = lit(APPLICATION_MODES);
const PartStatus = lit(PART_STATUSES);

const FormField = Type.Object({
  key: Type.String({ pattern: '^[a-z][A-Za-z0-9_]{0,39}$' }),
  label: Bilingual,
  type: lit(FIELD_TYPES),
  required: Type.Optional(Type.Boolean()),
  pattern: Type.Optional(Type.String({ maxLength: 200 })),
  minLength: Type.Optional(Type.Integer({ minimum: 0, maximum: 4000 })),
  maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 4000 })),
  min: Type.Optional(Type.Number({ minimum: -1e12, maximum: 1e12 })),
  max: Type.Optional(Type.Number({ minimum: -1e12, maximum: 1e12 })),
  options: Type.Optional(Type.Array(Type.Object({ value: Type.String({ minLength: 1, maxLength: 60 }), label: Bilingual }), { maxItems: 50 })),
  multiple: Type.Optional(Type.Boolean()),
  visibleWhen: Type.Optional(Type.Object({ field: Type.String({ maxLength: 40 }), in: Type.Array(Type.Union([Type.String({ maxLength: 60 }), Type.Number()]), { minItems: 1, maxItems: 20 }) })),
  help: Type.Optional(Bilingual),
});
const FormSchema = Type.Object({ fields: Type.Array(FormField, { minItems: 1, maxItems: 60 }) });
const Material = Type.Object({
  key: Type.String({ pattern: '^[a-z][A-Za-z0-9_]{0,39}$' }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  required: Type.Boolean(),
  form: lit(MATERIAL_FORMS),
  count: Type.Integer({ minimum: 1, maximum: 20 }),
  secondary: Type.Boolean({ description: '容缺: may be accepted missing and supplied later' }),
  sampleFileId: Type.Optional(Nullable(Uuid)),
  note: Type.Optional(Nullable(Type.String({ maxLength: 400 }))),
});
const ItemContentSchema = Type.Object({
  name: Type.String({ minLength: 2, maxLength: 100 }),
  type: lit(ITEM_TYPES),
  department: Type.String({ minLength: 2, maxLength: 60 }),
  reviewDepartments: Type.Array(Type.String({ minLength: 2, maxLength: 60 }), { minItems: 1, maxItems: 10 }),
  legalLimitDays: Type.Integer({ minimum: 0, maximum: 365 }),
  promisedLimitDays: Type.Integer({ minimum: 0, maximum: 365 }),
  applicantTypes: Type.Array(lit(APPLICANT_TYPES), { minItems: 1, maxItems: 2 }),
  materials: Type.Array(Material, { maxItems: 40 }),
  fees: Type.Array(Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), amount: Type.Number({ minimum: 0, maximum: 1e9 }), basis: Type.Optional(Nullable(Type.String({ maxLength: 200 }))) }), { maxItems: 20 }),
  channels: Type.Array(lit(CHANNELS), { minItems: 1, maxItems: 5 }),
  visits: Type.Integer({ minimum: 0, maximum: 5 }),
  modes: Type.Object({
    tolerance: Nullable(Type.Object({ materials: Type.Array(Type.String(), { maxItems: 40 }), supplyDays: Type.Integer({ minimum: 1, maximum: 60 }) })),
    commitment: Nullable(Type.Object({ text: Type.String({ minLength: 10, maxLength: 4000 }), inspectionDays: Type.Integer({ minimum: 1, maximum: 365 }) })),
    priority: Type.Boolean(),
  }),
  resultTitle: Type.String({ minLength: 2, maxLength: 100 }),
  guide: Type.String({ maxLength: 8000 }),
  form: FormSchema,
});

const ModeFlags = Type.Object({ tolerance: Type.Boolean(), commitment: Type.Boolean(), priority: Type.Boolean() });
const ItemSummary = Type.Object({
  code: Type.String(), name: Type.String(), type: Type.String(), department: Type.String(), regionCode: Type.String(), version: Type.Integer(),
  legalLimitDays: Type.Integer(), promisedLimitDays: Type.Integer(), visits: Type.Integer(), channels: Type.Array(Type.String()), applicantTypes: Type.Array(Type.String()),
  modes: ModeFlags,
});
const ItemGuide = Type.Object({ ...ItemSummary.properties, publishedAt: Nullable(DateTime), content: ItemContentSchema });
const StaffItem = Type.Object({
  id: Type.String(), code: Type.String(), regionCode: Type.String(), name: Type.String(), department: Type.String(),
  publishedVersion: Nullable(Type.Integer()), draftVersion: Nullable(Type.Integer()),
  versions: Type.Array(Type.Object({ version: Type.Integer(), status: Type.String(), publishedAt: Nullable(DateTime), content: ItemContentSchema })),
});

const FormValue = Type.Union([Type.String({ maxLength: 4000 }), Type.Number(), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 })]);
const MaterialFiles = Type.Object({ key: Type.String({ maxLength: 40 }), fileIds: Type.Array(Uuid, { maxItems: 20 }) });
const ApplicationBody = Type.Object({
  applicantType: lit(APPLICANT_TYPES),
  enterprise: Type.Optional(Nullable(Type.Object({ name: PrintableText({ minLength: 2, maxLength: 100 }), creditCode: Type.String({ minLength: 18, maxLength: 18 }) }))),
  phone: Type.Optional(Nullable(Type.String({ pattern: '^1[3-9]\\d{9}$' }))),
  form: Type.Record(Type.String({ maxLength: 40 }), FormValue, { maxProperties: 60 }),
  materials: Type.Array(MaterialFiles, { maxItems: 40 }),
  mode: Mode,
  missingMaterials: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 40 })),
  priorityReason: Type.Optional(Nullable(Type.String({ maxLength: 400 }))),
  wantsExpress: Type.Optional(Type.Boolean()),
  deliveryAddress: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
});

const Timeline = Type.Array(Type.Object({ action: Type.String(), status: Status, department: Nullable(Type.String()), note: Nullable(Type.String()), at: DateTime }));
const Common = {
  id: Type.String(), number: Type.String({ description: 'Public number, e.g. GS20261207-4F7Q2K' }), status: Status, mode: Mode,
  item: Type.Object({ code: Type.String(), name: Type.String(), version: Type.Integer(), department: Type.String(), promisedLimitDays: Type.Integer() }),
  regionCode: Type.String(), applicantType: lit(APPLICANT_TYPES),
  enterprise: Nullable(Type.Object({ name: Type.String(), creditCode: Type.String() })),
  materials: Type.Array(Type.Object({
    key: Type.String(), name: Type.String(), required: Type.Boolean(), form: Type.String(), count: Type.Integer(), secondary: Type.Boolean(),
    fileIds: Type.Array(Type.String()), missing: Type.Boolean(), correction: Nullable(Type.String()),
  })),
  missingMaterials: Type.Array(Type.String()), supplyBy: Nullable(Type.String()), supplyOverdue: Type.Boolean(),
  priorityRequested: Type.Boolean(), greenChannel: Type.Boolean(), wantsExpress: Type.Boolean(),
  commitment: Nullable(Type.Object({ text: Type.String(), signedAt: Nullable(DateTime) })),
  parts: Type.Array(Type.Object({ department: Type.String(), status: PartStatus, note: Nullable(Type.String()), decidedAt: Nullable(DateTime) })),
  inspection: Nullable(Type.Object({ id: Type.String(), department: Type.String(), status: Type.String(), dueAt: DateTime, note: Nullable(Type.String()) })),
  result: Nullable(Type.Object({ number: Type.String(), title: Type.String(), fields: Type.Record(Type.String(), Type.String()), issuedAt: DateTime, revokedAt: Nullable(DateTime) })),
  decisionNote: Nullable(Type.String()),
  submittedAt: Nullable(DateTime), acceptedAt: Nullable(DateTime), dueAt: Nullable(DateTime), decidedAt: Nullable(DateTime), overdue: Type.Boolean(),
  createdAt: DateTime, updatedAt: DateTime,
  form: Type.Record(Type.String(), FormValue), formSchema: FormSchema,
};
const OwnApplication = Type.Object({
  ...Common,
  applicantName: Type.String(), phone: Nullable(Type.String()), deliveryAddress: Nullable(Type.String()), priorityReason: Nullable(Type.String()),
  actions: Type.Array(Type.String()), canSupply: Type.Boolean(), timeline: Timeline,
  document: Nullable(Type.Object({
    id: Uuid, code: Type.String(), title: Type.String(), issuedAt: DateTime, revokedAt: Nullable(DateTime), revokeReason: Nullable(Type.String()),
    verifyUrl: Type.String({ description: 'the public verification page of the document code' }),
  })),
  shipments: Type.Array(Type.Object({
    number: Type.String(), direction: lit(['outbound', 'return'] as const), status: Type.String(), carrier: Type.String(), trackingNumber: Type.String(),
    contents: Type.String(), address: Type.String(), createdAt: DateTime,
    timeline: Type.Array(Type.Object({ status: Type.String(), at: DateTime, note: Nullable(Type.String()) })),
  })),
  evaluation: Nullable(Type.Object({ level: Type.Integer({ minimum: 1, maximum: 5 }), comment: Nullable(Type.String()), at: DateTime })),
  canRate: Type.Boolean(),
});
const OwnLine = Type.Object({ id: Type.String(), number: Type.String(), itemName: Type.String(), status: Status, mode: Mode, createdAt: DateTime, updatedAt: DateTime, canSupply: Type.Boolean() });
const StaffApplication = Type.Object({
  ...Common,
  applicant: Type.Object({ name: Type.String(), document: Type.String(), phone: Type.String(), agentName: Nullable(Type.String()), deliveryAddress: Nullable(Type.String()) }, { description: 'masked' }),
  priorityReason: Nullable(Type.String()), greenChannelReason: Nullable(Type.String()), commitmentSigned: Type.Boolean(),
  internalParts: Type.Array(Type.Object({ department: Type.String(), status: Type.String(), note: Nullable(Type.String()), internalNote: Nullable(Type.String()), decidedAt: Nullable(DateTime) })),
  history: Type.Array(Type.Object({
    action: Type.String(), fromStatus: Nullable(Type.String()), status: Type.String(), actorType: Type.String(), department: Nullable(Type.String()),
    note: Nullable(Type.String()), internalNote: Nullable(Type.String()), at: DateTime,
  })),
  as: Type.Object({ window: Type.Boolean(), department: Type.Boolean() }),
  windowActions: Type.Array(Type.String()), canReview: Type.Boolean(), canInspect: Type.Boolean(),
});
const QueueLine = Type.Object({
  id: Type.String(), number: Type.String(), itemName: Type.String(), status: Status, mode: Mode, applicantType: lit(APPLICANT_TYPES), applicant: Type.String({ description: 'masked name or enterprise name' }),
  regionCode: Type.String(), greenChannel: Type.Boolean(), priorityRequested: Type.Boolean(), missing: Type.Integer(), supplyBy: Nullable(Type.String()), supplyOverdue: Type.Boolean(),
  submittedAt: Nullable(DateTime), dueAt: Nullable(DateTime), overdue: Type.Boolean(), dueSoon: Type.Boolean(),
  parts: Type.Array(Type.Object({ department: Type.String(), status: PartStatus })),
});
const Note = Type.String({ maxLength: 2000 });

/** Government services: the public catalogue, the applicant's 我的办件, the department workbench, the catalogue editor. */
export async function govserviceRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['govservice'];
  const now = () => GovserviceClock.of(ctx).now();
  const own = async (citizenId: string, id: string) => presentOwn(await service.getOwn(ctx, { kind: 'citizen', citizenId, sessionId: '' }, id), ctx.cipher, now());

  // ---- public catalogue
  app.get('/govservice/items', {
    schema: {
      tags, summary: 'The public catalogue of service items, searched by name, code, department or guide (substring; two Chinese characters suffice)',
      querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 50 })), department: Type.Optional(Type.String({ maxLength: 60 })) }),
      response: { 200: Type.Object({ items: Type.Array(ItemSummary) }), ...errorResponses(400) },
    },
  }, async (request) => ({ items: (await service.searchCatalogue(ctx, request.query.q ?? null, request.query.department ?? null)).map((r) => presentItemSummary(r.item, r.version)) }));

  app.get('/govservice/items/:code', {
    schema: { tags, summary: 'An item\'s guide (办事指南): the published implementation list and its form', params: Type.Object({ code: Type.String({ maxLength: 60 }) }), response: { 200: ItemGuide, ...errorResponses(400, 404) } },
  }, async (request) => {
    const { item, version } = await service.publishedItem(ctx, request.params.code);
    return presentItemGuide(item, version);
  });

  // ---- the applicant
  app.post('/govservice/applications', {
    config: { action: A['govservice.own.apply'] },
    schema: {
      tags, summary: 'Start an application (a draft under the item\'s published version), as a person or an enterprise\'s authorised agent',
      body: Type.Object({ itemCode: Type.String({ maxLength: 60 }), ...ApplicationBody.properties }),
      response: { 201: OwnApplication, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    const citizen = asCitizen(request.principal!);
    const { itemCode, ...input } = request.body;
    const row = await service.createDraft(ctx, citizen, itemCode, input, requestMeta(request));
    return reply.status(201).send(await own(citizen.citizenId, row.id));
  });

  app.get('/govservice/applications/mine', {
    config: { action: A['govservice.own.apply'] },
    schema: { tags, summary: '我的办件: one\'s applications, newest first', response: { 200: Type.Object({ items: Type.Array(OwnLine) }), ...errorResponses(401, 403) } },
  }, async (request) => {
    const rows = await service.listOwn(ctx, asCitizen(request.principal!));
    return {
      items: rows.map(({ app: r, itemName }) => ({
        id: r.id, number: r.number, itemName, status: r.status as (typeof APPLICATION_STATUSES)[number], mode: r.mode as (typeof APPLICATION_MODES)[number],
        createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(), canSupply: ['accepted', 'under_review'].includes(r.status) && r.missingMaterials.length > 0,
      })),
    };
  });

  app.get('/govservice/applications/mine/:id', {
    config: { action: A['govservice.own.apply'] },
    schema: { tags, summary: 'One\'s application with its timeline (no officers, no internal notes)', params: IdParams, response: { 200: OwnApplication, ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => own(asCitizen(request.principal!).citizenId, request.params.id));

  app.put('/govservice/applications/mine/:id', {
    config: { action: A['govservice.own.apply'] },
    schema: { tags, summary: 'Change a draft, or an application returned for correction', params: IdParams, body: ApplicationBody, response: { 200: OwnApplication, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request) => {
    const citizen = asCitizen(request.principal!);
    await service.updateOwn(ctx, citizen, request.params.id, request.body, requestMeta(request));
    return own(citizen.citizenId, request.params.id);
  });

  app.post('/govservice/applications/mine/:id/sign', {
    config: { action: A['govservice.own.apply'] },
    schema: {
      tags, summary: '告知承诺: sign the item\'s commitment text (recorded with the time and one\'s identity)', params: IdParams,
      body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 4000 }) }), response: { 200: OwnApplication, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const citizen = asCitizen(request.principal!);
    await service.signOwnCommitment(ctx, citizen, request.params.id, request.body.text, requestMeta(request));
    return own(citizen.citizenId, request.params.id);
  });

  app.post('/govservice/applications/mine/:id/submit', {
    config: { action: A['govservice.own.apply'] },
    schema: { tags, summary: 'Submit (or resubmit after correction); 告知承诺 is decided at once', params: IdParams, response: { 200: OwnApplication, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request) => {
    const citizen = asCitizen(request.principal!);
    await service.submitOwn(ctx, citizen, request.params.id, requestMeta(request));
    return own(citizen.citizenId, request.params.id);
  });

  app.post('/govservice/applications/mine/:id/supply', {
    config: { action: A['govservice.own.apply'] },
    schema: {
      tags, summary: '容缺受理: supply missing materials', params: IdParams,
      body: Type.Object({ materials: Type.Array(MaterialFiles, { minItems: 1, maxItems: 40 }) }), response: { 200: OwnApplication, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const citizen = asCitizen(request.principal!);
    await service.supplyOwn(ctx, citizen, request.params.id, request.body.materials, requestMeta(request));
    return own(citizen.citizenId, request.params.id);
  });

  app.post('/govservice/applications/mine/:id/rating', {
    config: { action: A['govservice.own.apply'] },
    schema: {
      tags, summary: '好差评: rate the handling of a decided application, once (1 非常满意 … 5 非常不满意; 4 and 5 open a rectification task)', params: IdParams,
      body: Type.Object({ level: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) }),
      response: { 200: OwnApplication, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const citizen = asCitizen(request.principal!);
    await rateOwn(ctx, citizen, request.params.id, request.body, requestMeta(request), now());
    return own(citizen.citizenId, request.params.id);
  });

  app.post('/govservice/applications/mine/:id/withdraw', {
    config: { action: A['govservice.own.apply'] },
    schema: { tags, summary: 'Withdraw one\'s draft, submitted or returned application', params: IdParams, response: { 200: OwnApplication, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request) => {
    const citizen = asCitizen(request.principal!);
    await service.withdrawOwn(ctx, citizen, request.params.id, requestMeta(request));
    return own(citizen.citizenId, request.params.id);
  });

  // ---- officers
  const staffView = async (request: { principal?: unknown; params: { id: string } } & Parameters<typeof requestMeta>[0]) =>
    presentForStaff(await service.getForStaff(ctx, request.principal as never, request.params.id, requestMeta(request)), ctx.cipher, now());

  app.get('/govservice/workbench', {
    config: { action: A['govservice.workbench.read'] },
    schema: {
      tags, summary: 'The workbench queue: the window\'s region, or one\'s department\'s parts; green channel first, then priority, overdue, deadline (audited)',
      querystring: Type.Object({ view: lit(['window', 'department'] as const), status: Type.Optional(Status) }),
      response: { 200: Type.Object({ items: Type.Array(QueueLine) }), ...errorResponses(400, 401, 403) },
    },
  }, async (request) => {
    const r = await service.workbench(ctx, request.principal!, request.query, requestMeta(request));
    return { items: r.rows.map(({ app: row, itemName }) => presentQueueLine(row, itemName, r.parts, ctx.cipher, r.now, r.calendar)) };
  });

  app.get('/govservice/workbench/:id', {
    config: { action: A['govservice.workbench.read'] },
    schema: { tags, summary: 'An application for an officer of its window or a reviewing department (masked, audited)', params: IdParams, response: { 200: StaffApplication, ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => staffView(request));

  app.get('/govservice/workbench/:id/materials/:fileId', {
    config: { action: A['govservice.workbench.read'] },
    schema: {
      tags, summary: 'A material file of an application (audited)', params: Type.Object({ id: Uuid, fileId: Uuid }),
      response: { 200: Type.Any({ description: 'the file content' }), ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    const f = await service.materialForStaff(ctx, request.principal!, request.params.id, request.params.fileId, requestMeta(request));
    reply.type(f.mimeType).header('content-length', String(f.size)).header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff').header('content-security-policy', "default-src 'none'; sandbox");
    return reply.send(f.open());
  });

  app.post('/govservice/workbench/:id/window', {
    config: { action: A['govservice.application.accept'] },
    schema: {
      tags, summary: 'Window (一窗受理): return for correction with per-material comments, accept (容缺 included), refuse, or put in the green channel (优先办)',
      params: IdParams,
      body: Type.Object({
        action: lit(['return', 'accept', 'reject', 'green-channel'] as const),
        note: Type.Optional(Nullable(Note)),
        comments: Type.Optional(Type.Array(Type.Object({ key: Type.String({ maxLength: 40 }), comment: Type.String({ maxLength: 500 }) }), { maxItems: 40 })),
      }),
      response: { 200: StaffApplication, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const b = request.body;
    const input: service.WindowAction = b.action === 'return' ? { action: 'return', note: b.note, comments: b.comments ?? [] }
      : b.action === 'accept' ? { action: 'accept', note: b.note } : { action: b.action, note: b.note ?? '' };
    await service.windowAct(ctx, request.principal!, request.params.id, input, requestMeta(request));
    return staffView(request);
  });

  app.post('/govservice/workbench/:id/review', {
    config: { action: A['govservice.application.review'] },
    schema: {
      tags, summary: 'A reviewing department decides its part; the merged decision follows when every part is decided', params: IdParams,
      body: Type.Object({ decision: lit(['approve', 'reject'] as const), note: Type.Optional(Nullable(Note)), internalNote: Type.Optional(Nullable(Note)) }),
      response: { 200: StaffApplication, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    await service.reviewPart(ctx, request.principal!, request.params.id, request.body, requestMeta(request));
    return staffView(request);
  });

  app.get('/govservice/inspections', {
    config: { action: A['govservice.inspection.record'] },
    schema: {
      tags, summary: '告知承诺: the post-approval inspections of one\'s department',
      response: {
        200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), applicationId: Type.String(), number: Type.String(), itemName: Type.String(), status: Type.String(), dueAt: DateTime, overdue: Type.Boolean(), note: Nullable(Type.String()) })) }),
        ...errorResponses(401, 403),
      },
    },
  }, async (request) => {
    const rows = await service.inspectionsForStaff(ctx, request.principal!);
    const t = now().getTime();
    return {
      items: rows.map((r) => ({
        id: r.inspection.id, applicationId: r.inspection.applicationId, number: r.number, itemName: r.itemName, status: r.inspection.status,
        dueAt: r.inspection.dueAt.toISOString(), overdue: r.inspection.status === 'open' && r.inspection.dueAt.getTime() < t, note: r.inspection.note,
      })),
    };
  });

  app.post('/govservice/inspections/:id', {
    config: { action: A['govservice.inspection.record'] },
    schema: {
      tags, summary: 'Record an inspection outcome; a failure revokes the approval', params: IdParams,
      body: Type.Object({ outcome: lit(['passed', 'failed'] as const), note: Type.Optional(Nullable(Note)) }),
      response: { 200: Type.Object({ status: Status }), ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => ({ status: (await service.recordInspection(ctx, request.principal!, request.params.id, request.body, requestMeta(request))) as (typeof APPLICATION_STATUSES)[number] }));

  app.get('/govservice/figures', {
    config: { action: A['govservice.workbench.read'] },
    schema: {
      tags, summary: 'Figures of one\'s region: items per mode, applications per mode and status, department parts per status',
      response: {
        200: Type.Object({
          items: Type.Object({ total: Type.Integer(), tolerance: Type.Integer(), commitment: Type.Integer(), priority: Type.Integer() }),
          byMode: Type.Array(Type.Object({ mode: Type.String(), status: Type.String(), n: Type.Integer() })),
          byDepartment: Type.Array(Type.Object({ department: Type.String(), status: Type.String(), n: Type.Integer() })),
          greenChannel: Type.Integer(),
        }),
        ...errorResponses(401, 403),
      },
    },
  }, async (request) => {
    const f = await service.figuresFor(ctx, request.principal!, requestMeta(request));
    return { ...f, byMode: f.byMode.map((r) => ({ ...r, n: Number(r.n) })), byDepartment: f.byDepartment.map((r) => ({ ...r, n: Number(r.n) })) };
  });

  app.get('/govservice/figures.xlsx', {
    config: { action: A['govservice.workbench.read'] },
    schema: { tags, summary: 'The figures of one\'s region as XLSX (items per mode, cases per mode and status, department parts)', produces: [XLSX], response: { 200: Type.Any({ description: 'XLSX' }), ...errorResponses(401, 403) } },
  }, async (request, reply) => {
    const f = await service.figuresFor(ctx, request.principal!, requestMeta(request));
    const body = await figuresWorkbook({ ...f, byMode: f.byMode.map((r) => ({ ...r, n: Number(r.n) })), byDepartment: f.byDepartment.map((r) => ({ ...r, n: Number(r.n) })) });
    return reply.type(XLSX).header('content-disposition', 'attachment; filename="govservice-figures.xlsx"').header('cache-control', 'private, no-store').send(body);
  });

  app.get('/govservice/items.xlsx', {
    schema: { tags, summary: 'The published catalogue as XLSX (implementation lists and materials)', produces: [XLSX], response: { 200: Type.Any({ description: 'XLSX' }), ...errorResponses(400) } },
  }, async (_request, reply) => {
    const rows = await service.searchCatalogue(ctx, null, null);
    const body = await catalogueWorkbook(rows.map((r) => ({ code: r.item.code, version: r.version.version, content: r.version.content })));
    return reply.type(XLSX).header('content-disposition', 'attachment; filename="govservice-catalogue.xlsx"').send(body);
  });

  // ---- catalogue editor
  app.get('/govservice/admin/items', {
    config: { action: A['govservice.item.manage'] },
    schema: {
      tags, summary: 'Items of one\'s region (every state)',
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), department: Type.String(), regionCode: Type.String(), published: Type.Boolean(), hasDraft: Type.Boolean() })) }), ...errorResponses(401, 403) },
    },
  }, async (request) => ({
    items: (await service.itemsForStaff(ctx, request.principal!)).map((i) => ({ id: i.id, code: i.code, name: i.name, department: i.department, regionCode: i.regionCode, published: i.publishedVersionId !== null, hasDraft: i.draftVersionId !== null })),
  }));

  app.post('/govservice/admin/items', {
    config: { action: A['govservice.item.manage'] },
    schema: {
      tags, summary: 'Create an item (its first draft version)',
      body: Type.Object({ code: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9-]{2,59}$' }), regionCode: Type.String({ pattern: '^\\d{6}$' }), content: ItemContentSchema }),
      response: { 201: StaffItem, ...errorResponses(400, 401, 403, 409) },
    },
  }, async (request, reply) => {
    const item = await service.createItem(ctx, request.principal!, { ...request.body, content: request.body.content as ItemContent }, requestMeta(request));
    const r = await service.itemForStaff(ctx, request.principal!, item.id);
    return reply.status(201).send(presentItemForStaff(r.item, r.versions));
  });

  app.get('/govservice/admin/items/:id', {
    config: { action: A['govservice.item.manage'] },
    schema: { tags, summary: 'An item with all its versions', params: IdParams, response: { 200: StaffItem, ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => {
    const r = await service.itemForStaff(ctx, request.principal!, request.params.id);
    return presentItemForStaff(r.item, r.versions);
  });

  app.put('/govservice/admin/items/:id/draft', {
    config: { action: A['govservice.item.manage'] },
    schema: { tags, summary: 'Save the draft version (published versions never change)', params: IdParams, body: Type.Object({ content: ItemContentSchema }), response: { 200: StaffItem, ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => {
    await service.saveDraft(ctx, request.principal!, request.params.id, request.body.content as ItemContent, requestMeta(request));
    const r = await service.itemForStaff(ctx, request.principal!, request.params.id);
    return presentItemForStaff(r.item, r.versions);
  });

  app.post('/govservice/admin/items/:id/publish', {
    config: { action: A['govservice.item.manage'] },
    schema: { tags, summary: 'Publish the draft: new applications use it; filed ones keep their version', params: IdParams, response: { 200: StaffItem, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request) => {
    await service.publishItem(ctx, request.principal!, request.params.id, requestMeta(request));
    const r = await service.itemForStaff(ctx, request.principal!, request.params.id);
    return presentItemForStaff(r.item, r.versions);
  });
}
