import { Type } from 'typebox';
import { errorResponses } from '@fangxian/contracts/kernel';
import { APPLICATION_MODES, APPLICATION_STATUSES, type ItemContent } from '@fangxian/contracts/govservice';
import { asCitizen } from '../../platform/access/policy.ts';
import type { App, AppContext } from '../../platform/http/context.ts';
import { requestMeta } from '../../platform/identity/request-meta.ts';
import { GovserviceActions as A } from './govservice.policy.ts';
import { presentForStaff, presentItemForStaff, presentItemGuide, presentItemSummary, presentOwn, presentQueueLine } from './govservice.presenter.ts';
import { GovserviceClock } from './govservice.runtime.ts';
import { rateOwn } from './govservice.results.ts';
import * as service from './govservice.service.ts';
import { catalogueWorkbook, figuresWorkbook, XLSX } from './govservice.xlsx.ts';
import { govserviceExtraRoutes } from './govservice.routes-extra.ts';
import {
  ApplicationBody, DateTime, IdParams, ItemContentSchema, ItemGuide, ItemSummary, lit, MaterialFiles, Note, Nullable, OwnApplication, OwnLine, QueueLine, StaffApplication, StaffItem, Status, Uuid,
} from './govservice.schemas.ts';

const FiguresQuery = Type.Object({
  from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'first China day (submitted)' })),
  to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'last China day (submitted)' })),
  department: Type.Optional(Type.String({ minLength: 2, maxLength: 60 })),
});

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
      body: Type.Object({ itemCode: Type.String({ maxLength: 60 }), ...ApplicationBody.properties, projectCode: Type.Optional(Nullable(Type.String({ maxLength: 60, description: '直通车: the park project the application belongs to' }))) }),
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
      body: Type.Object({
        decision: lit(['approve', 'reject'] as const), note: Type.Optional(Nullable(Note)), internalNote: Type.Optional(Nullable(Note)),
        itemCode: Type.Optional(Nullable(Type.String({ maxLength: 60, description: '一件事一次办: the member item decided, when one\'s department reviews several' }))),
      }),
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
      tags, summary: 'Figures of one\'s region: items per mode, applications per mode and status, department parts per status (optionally submitted from / to a China day, one department)',
      querystring: FiguresQuery,
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
    const f = await service.figuresFor(ctx, request.principal!, requestMeta(request), request.query);
    return { ...f, byMode: f.byMode.map((r) => ({ ...r, n: Number(r.n) })), byDepartment: f.byDepartment.map((r) => ({ ...r, n: Number(r.n) })) };
  });

  app.get('/govservice/figures.xlsx', {
    config: { action: A['govservice.workbench.read'] },
    schema: { tags, summary: 'The figures of one\'s region as XLSX (items per mode, cases per mode and status, department parts; same filters)', produces: [XLSX], querystring: FiguresQuery, response: { 200: Type.Any({ description: 'XLSX' }), ...errorResponses(401, 403) } },
  }, async (request, reply) => {
    const f = await service.figuresFor(ctx, request.principal!, requestMeta(request), request.query);
    const body = await figuresWorkbook({ ...f, byMode: f.byMode.map((r) => ({ ...r, n: Number(r.n) })), byDepartment: f.byDepartment.map((r) => ({ ...r, n: Number(r.n) })) });
    return reply.type(XLSX).header('content-disposition', 'attachment; filename="govservice-figures.xlsx"').header('cache-control', 'private, no-store').send(body);
  });

  app.get('/govservice/items.xlsx', {
    schema: { tags, summary: 'The published catalogue as XLSX (implementation lists and materials)', produces: [XLSX], response: { 200: Type.Any({ description: 'XLSX' }), ...errorResponses(400) } },
  }, async (_request, reply) => {
    const rows = (await service.searchCatalogue(ctx, null, null)).filter((r) => r.item.kind === 'item');
    const body = await catalogueWorkbook(rows.map((r) => ({ code: r.item.code, version: r.version.version, content: r.version.content })));
    return reply.type(XLSX).header('content-disposition', 'attachment; filename="govservice-catalogue.xlsx"').send(body);
  });

  // ---- catalogue editor
  app.get('/govservice/admin/items', {
    config: { action: A['govservice.item.manage'] },
    schema: {
      tags, summary: 'Items of one\'s region (every state)',
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), code: Type.String(), kind: lit(['item', 'bundle'] as const), name: Type.String(), department: Type.String(), regionCode: Type.String(), published: Type.Boolean(), hasDraft: Type.Boolean() })) }), ...errorResponses(401, 403) },
    },
  }, async (request) => ({
    items: (await service.itemsForStaff(ctx, request.principal!)).map((i) => ({ id: i.id, code: i.code, kind: i.kind as 'item' | 'bundle', name: i.name, department: i.department, regionCode: i.regionCode, published: i.publishedVersionId !== null, hasDraft: i.draftVersionId !== null })),
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

  await govserviceExtraRoutes(app, ctx, { own, staffView });
}
