/**
 * Routes of 一件事一次办 bundles, 云核验, 直通车 and the catalogue XLSX import (the rest of the module's
 * API is in govservice.routes.ts).
 */
import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { errorResponses } from '@fangxian/contracts/kernel';
import { composeBundle, type BundleSpec, type BundleSource } from '@fangxian/contracts/govservice';
import { PrintableText } from '@fangxian/contracts/text';
import { asCitizen, asStaff } from '../../platform/access/policy.ts';
import { regionContains } from '../../platform/access/principal.ts';
import type { App, AppContext } from '../../platform/http/context.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import { requestMeta } from '../../platform/identity/request-meta.ts';
import * as bundles from './govservice.bundles.ts';
import { GovserviceErrors as E } from './govservice.errors.ts';
import { importCatalogue } from './govservice.import.ts';
import { GovserviceActions as A } from './govservice.policy.ts';
import { presentItemForStaff, presentItemSummary, presentQueueLine } from './govservice.presenter.ts';
import * as projects from './govservice.projects.ts';
import * as repo from './govservice.repository.ts';
import { GovserviceClock } from './govservice.runtime.ts';
import { BundleSpecSchema, DateTime, IdParams, ItemContentSchema, ItemSummary, lit, Nullable, OwnApplication, QueueLine, StaffApplication, StaffItem, Uuid, Verification } from './govservice.schemas.ts';
import * as service from './govservice.service.ts';
import * as verification from './govservice.verification.ts';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const HalfHour = Type.String({ pattern: '^([01]\\d|2[0-3]):(00|30)$', description: 'HH:MM on the half hour, China time' });
const Slot = Type.Object({
  id: Type.String(), department: Type.String(), startsAt: DateTime, endsAt: DateTime, capacity: Type.Integer(), booked: Type.Integer(), status: Type.String(),
});
const OfficerSlot = Type.Object({
  ...Slot.properties,
  bookings: Type.Array(Type.Object({ id: Type.String(), applicationId: Type.String(), number: Type.String(), roomCode: Type.String(), status: Type.String(), reason: Nullable(Type.String()) })),
});
const Project = Type.Object({
  id: Type.String(), code: Type.String(), name: Type.String(), park: Type.String(), regionCode: Type.String(), enterpriseName: Type.String(), enterpriseCode: Type.String(),
  handlerId: Type.String(), createdAt: DateTime,
});
const ImportOutcome = Type.Object({
  created: Type.Array(Type.String()), updated: Type.Array(Type.String()), unchanged: Type.Array(Type.String()),
  errors: Type.Array(Type.Object({ sheet: lit(['items', 'materials'] as const), line: Type.Integer({ description: 'line in the sheet' }), code: Nullable(Type.String()), reason: Type.String() })),
});

const presentSlot = (s: repo.SlotRow) => ({
  id: s.id, department: s.department, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(), capacity: s.capacity, booked: s.booked, status: s.status,
});
const presentProject = (p: repo.ProjectRow) => ({
  id: p.id, code: p.code, name: p.name, park: p.park, regionCode: p.regionCode, enterpriseName: p.enterpriseName, enterpriseCode: p.enterpriseCode, handlerId: p.handlerId, createdAt: p.createdAt.toISOString(),
});

type Own = (citizenId: string, id: string) => Promise<unknown>;
type StaffView = (request: never) => Promise<unknown>;

export async function govserviceExtraRoutes(app: App, ctx: AppContext, h: { own: Own; staffView: StaffView }): Promise<void> {
  const tags = ['govservice'];
  const now = () => GovserviceClock.of(ctx).now();
  const own = (citizenId: string, id: string) => h.own(citizenId, id) as never;
  const staffView = (request: unknown) => h.staffView(request as never) as never;

  // ---- 一件事一次办
  app.get('/govservice/bundles', {
    schema: {
      tags, summary: '一件事一次办: the published bundles (one application for the items of a life event), searched by name, life event, guide or item',
      querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 50 })) }),
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ ...ItemSummary.properties, lifeEvent: Type.String(), guide: Type.String() })) }), ...errorResponses(400) },
    },
  }, async (request) => ({
    items: (await bundles.publicBundles(ctx, request.query.q ?? null)).map(({ item, version }) => ({
      ...presentItemSummary(item, version), lifeEvent: version.content.bundle!.spec.lifeEvent, guide: version.content.guide,
    })),
  }));

  app.post('/govservice/admin/bundles/preview', {
    config: { action: A['govservice.item.manage'] },
    schema: {
      tags, summary: '一件事一次办: the content a bundle spec composes from its items\' published versions (the editor\'s live preview), or its conflicts',
      body: Type.Object({ spec: BundleSpecSchema }),
      response: { 200: Type.Object({ content: Nullable(ItemContentSchema), conflicts: Type.Array(Type.Object({ key: Type.String(), problem: Type.String() })), unknownItems: Type.Array(Type.String()) }), ...errorResponses(400, 401, 403) },
    },
  }, async (request) => {
    const staff = asStaff(request.principal!);
    const spec = request.body.spec as BundleSpec;
    const sources: BundleSource[] = [];
    const unknownItems: string[] = [];
    for (const code of spec.items) {
      const item = await repo.itemByCode(ctx.db, code);
      if (!item || item.kind !== 'item' || !item.publishedVersionId || !regionContains(staff.regionCode, item.regionCode)) { unknownItems.push(code); continue; }
      const v = (await repo.versionById(ctx.db, item.publishedVersionId))!;
      sources.push({ code, versionId: v.id, version: v.version, content: v.content });
    }
    const r = composeBundle(spec, sources);
    return { content: r.content, conflicts: r.conflicts, unknownItems };
  });

  app.post('/govservice/admin/bundles', {
    config: { action: A['govservice.item.manage'] },
    schema: {
      tags, summary: '一件事一次办: create a bundle (its first draft, composed from the items\' published versions; publish with the item publish route)',
      body: Type.Object({ code: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9-]{2,59}$' }), regionCode: Type.String({ pattern: '^\\d{6}$' }), spec: BundleSpecSchema }),
      response: { 201: StaffItem, ...errorResponses(400, 401, 403, 409) },
    },
  }, async (request, reply) => {
    const item = await bundles.createBundle(ctx, request.principal!, { ...request.body, spec: request.body.spec as BundleSpec }, requestMeta(request));
    const r = await service.itemForStaff(ctx, request.principal!, item.id);
    return reply.status(201).send(presentItemForStaff(r.item, r.versions));
  });

  app.put('/govservice/admin/bundles/:id/draft', {
    config: { action: A['govservice.item.manage'] },
    schema: { tags, summary: '一件事一次办: save a bundle\'s draft (composed again from the items\' published versions)', params: IdParams, body: Type.Object({ spec: BundleSpecSchema }), response: { 200: StaffItem, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request) => {
    await bundles.saveBundleDraft(ctx, request.principal!, request.params.id, request.body.spec as BundleSpec, requestMeta(request));
    const r = await service.itemForStaff(ctx, request.principal!, request.params.id);
    return presentItemForStaff(r.item, r.versions);
  });

  // ---- catalogue import
  await app.register(async (instance) => {
    const scope = instance as unknown as App;
    await scope.register(multipart, { limits: { fileSize: 5 * 1024 * 1024, files: 1, fields: 2 } });
    scope.post('/govservice/admin/items/import', {
      config: { action: A['govservice.item.manage'] },
      schema: {
        tags, summary: 'Import the catalogue XLSX (the export\'s format; multipart field "file"): good rows saved as drafts, bad rows reported with sheet, line and reason',
        consumes: ['multipart/form-data'],
        response: { 200: ImportOutcome, ...errorResponses(400, 401, 403, 413, 415) },
      },
    }, async (request) => {
      if (!request.isMultipart()) throw new AppError(CommonErrors.UNSUPPORTED_MEDIA_TYPE, { expected: 'multipart/form-data' });
      const part = await request.file();
      if (!part) throw new AppError(E.GOVSERVICE_IMPORT_FILE, { problem: 'missing' });
      const buffer = await part.toBuffer();
      const check = (c: unknown) => {
        const first = Value.Errors(ItemContentSchema, c)[0] as { instancePath?: string; message?: string } | undefined;
        return first ? `${first.instancePath || '/'} ${first.message ?? ''}`.trim() : null;
      };
      return importCatalogue(ctx, request.principal!, buffer, check, requestMeta(request));
    });
  });

  // ---- 云核验: the applicant
  app.get('/govservice/applications/mine/:id/verification-slots', {
    config: { action: A['govservice.own.apply'] },
    schema: {
      tags, summary: '云核验: open slots of the departments reviewing one\'s application in the next two weeks (places left)', params: IdParams,
      response: { 200: Type.Object({ items: Type.Array(Slot) }), ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => ({ items: (await verification.slotsForApplication(ctx, asCitizen(request.principal!), request.params.id)).map(presentSlot) }));

  app.post('/govservice/applications/mine/:id/verification', {
    config: { action: A['govservice.own.apply'] },
    schema: {
      tags, summary: '云核验: book a slot for one\'s application (409 when full or already booked)', params: IdParams,
      body: Type.Object({ slotId: Uuid }), response: { 200: OwnApplication, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const citizen = asCitizen(request.principal!);
    await verification.bookVerification(ctx, citizen, request.params.id, request.body.slotId, requestMeta(request));
    return own(citizen.citizenId, request.params.id);
  });

  app.post('/govservice/applications/mine/:id/verification/:bookingId/cancel', {
    config: { action: A['govservice.own.apply'] },
    schema: { tags, summary: '云核验: cancel one\'s booking before it starts', params: Type.Object({ id: Uuid, bookingId: Uuid }), response: { 200: OwnApplication, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request) => {
    const citizen = asCitizen(request.principal!);
    await verification.cancelVerification(ctx, citizen, request.params.id, request.params.bookingId, requestMeta(request));
    return own(citizen.citizenId, request.params.id);
  });

  // ---- 云核验: officers
  app.get('/govservice/verification/slots', {
    config: { action: A['govservice.verify.host'] },
    schema: { tags, summary: '云核验: one\'s slots from today with their bookings', response: { 200: Type.Object({ items: Type.Array(OfficerSlot) }), ...errorResponses(401, 403) } },
  }, async (request) => {
    const { slots, bookings } = await verification.officerSlots(ctx, request.principal!);
    return {
      items: slots.map((s) => ({
        ...presentSlot(s),
        bookings: bookings.filter((b) => b.booking.slotId === s.id).map((b) => ({ id: b.booking.id, applicationId: b.booking.applicationId, number: b.number, roomCode: b.booking.roomCode, status: b.booking.status, reason: b.booking.reason })),
      })),
    };
  });

  app.post('/govservice/verification/slots', {
    config: { action: A['govservice.verify.host'] },
    schema: {
      tags, summary: '云核验: publish one\'s availability on a working day (cut into 30-minute slots; slots one already has are skipped)',
      body: Type.Object({ day: Day, from: HalfHour, to: HalfHour, capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, default: 1 })) }),
      response: { 201: Type.Object({ created: Type.Array(Slot), skipped: Type.Integer() }), ...errorResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    const r = await verification.publishSlots(ctx, request.principal!, { ...request.body, capacity: request.body.capacity ?? 1 }, requestMeta(request));
    return reply.status(201).send({ created: r.created.map(presentSlot), skipped: r.skipped });
  });

  app.post('/govservice/verification/slots/:id/withdraw', {
    config: { action: A['govservice.verify.host'] },
    schema: { tags, summary: '云核验: withdraw one of one\'s slots (refused while booked)', params: IdParams, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request, reply) => {
    await verification.withdrawSlot(ctx, request.principal!, request.params.id, requestMeta(request));
    return reply.status(204).send(null);
  });

  app.post('/govservice/verification/bookings/:id', {
    config: { action: A['govservice.verify.host'] },
    schema: {
      tags, summary: '云核验: record the outcome of a verification one hosted (verified, or failed with a reason)', params: IdParams,
      body: Type.Object({ outcome: lit(['verified', 'failed'] as const), reason: Type.Optional(Nullable(PrintableText({ maxLength: 500 }))) }),
      response: { 200: Verification, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const b = await verification.recordVerification(ctx, request.principal!, request.params.id, request.body, requestMeta(request));
    return (await verification.verificationsOf(ctx, b.applicationId)).find((v) => v.id === b.id)! as never;
  });

  // ---- 直通车
  app.get('/govservice/projects', {
    config: { action: A['govservice.project.read'] },
    schema: { tags, summary: '直通车: the park projects one handles (the window: those of its region)', response: { 200: Type.Object({ items: Type.Array(Project) }), ...errorResponses(401, 403) } },
  }, async (request) => ({ items: (await projects.projectsFor(ctx, request.principal!)).map(presentProject) }));

  app.post('/govservice/projects', {
    config: { action: A['govservice.project.manage'] },
    schema: {
      tags, summary: '直通车: register a park project and its dedicated handler',
      body: Type.Object({
        code: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9-]{2,39}$' }), name: PrintableText({ minLength: 2, maxLength: 100 }), park: PrintableText({ minLength: 2, maxLength: 100 }),
        regionCode: Type.String({ pattern: '^\\d{6}$' }), enterpriseName: PrintableText({ minLength: 2, maxLength: 100 }), enterpriseCode: Type.String({ minLength: 18, maxLength: 18 }), handlerId: Uuid,
      }),
      response: { 201: Project, ...errorResponses(400, 401, 403, 409) },
    },
  }, async (request, reply) => reply.status(201).send(presentProject(await projects.createProject(ctx, request.principal!, request.body, requestMeta(request)))));

  app.put('/govservice/projects/:id/handler', {
    config: { action: A['govservice.project.manage'] },
    schema: { tags, summary: '直通车: assign another dedicated handler', params: IdParams, body: Type.Object({ handlerId: Uuid }), response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) } },
  }, async (request, reply) => {
    await projects.assignHandler(ctx, request.principal!, request.params.id, request.body.handlerId, requestMeta(request));
    return reply.status(204).send(null);
  });

  app.get('/govservice/projects/:id', {
    config: { action: A['govservice.project.read'] },
    schema: {
      tags, summary: '直通车: a project with every application of it across departments, their parts and deadlines (its handler or the window; masked, audited)', params: IdParams,
      response: { 200: Type.Object({ project: Project, handlerName: Nullable(Type.String()), applications: Type.Array(QueueLine) }), ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const r = await projects.projectFor(ctx, request.principal!, request.params.id, requestMeta(request));
    const calendar = (await service.workbenchCalendar(ctx));
    return {
      project: presentProject(r.project), handlerName: r.handlerName,
      applications: r.apps.map(({ app: row, itemName }) => presentQueueLine(row, itemName, r.parts, ctx.cipher, now(), calendar)),
    };
  });

  app.post('/govservice/projects/:id/applications', {
    config: { action: A['govservice.project.read'] },
    schema: {
      tags, summary: '直通车: link a submitted application of the project\'s enterprise to the project (the window or the handler)', params: IdParams,
      body: Type.Object({ applicationId: Uuid }), response: { 200: StaffApplication, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    await projects.linkApplication(ctx, request.principal!, request.params.id, request.body.applicationId, requestMeta(request));
    // The same request, read as the linked application's (the request's getters stay on its prototype).
    return staffView(Object.assign(Object.create(request) as object, { params: { id: request.body.applicationId } }));
  });
}
