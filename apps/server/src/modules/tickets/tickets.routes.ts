import { Type } from 'typebox';
import { errorResponses } from '@fangxian/contracts/kernel';
import type { App, AppContext } from '../../platform/http/context.ts';
import { requestMeta } from '../../platform/identity/request-meta.ts';
import { TicketsActions as A } from './tickets.policy.ts';
import { presentForStaff, presentListItem, presentOwn, presentPublicTimeline } from './tickets.presenter.ts';
import { TICKET_KINDS, TICKET_STATUSES } from './tickets.rules.ts';
import * as service from './tickets.service.ts';
import { open311Routes } from './tickets.open311.ts';
import * as categories from './tickets.categories.ts';
import * as routing from './tickets.routing.ts';
import * as national from './tickets.national.ts';
import * as kpis from './tickets.kpi.ts';
import { FIELD_DATATYPES } from './tickets.attributes.ts';
import { limitSimilar } from './tickets.limits.ts';
import { SLA_UNITS } from './tickets.sla.ts';
import { AppError } from '../../platform/http/errors.ts';
import { TicketsErrors } from './tickets.errors.ts';
import { decodeCursor } from './tickets.repository.ts';

const lit = <T extends string>(values: readonly T[]) => Type.Unsafe<T>(Type.Union(values.map((v) => Type.Literal(v))));
const Kind = lit(TICKET_KINDS);
const Status = lit(TICKET_STATUSES);
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Base = {
  id: Type.String(),
  number: Type.String({ description: 'Public ticket number, e.g. TK20261206-4F7Q2K' }),
  kind: Kind,
  status: Status,
  channel: Type.String(),
  title: Type.String(),
  regionCode: Type.String(),
  department: Nullable(Type.String()),
  dueAt: Type.String({ format: 'date-time' }),
  overdue: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
};
const ListItem = Type.Object(Base);
const OwnFields = {
  ...Base,
  description: Type.String(),
  address: Nullable(Type.String()),
  attachments: Type.Array(Type.String()),
  reply: Nullable(Type.String()),
  rejectReason: Nullable(Type.String()),
  rating: Nullable(Type.Integer()),
  ratingComment: Nullable(Type.String()),
  reopenCount: Type.Integer(),
  canRate: Type.Boolean(),
  categoryId: Nullable(Type.String()),
  attributes: Type.Record(Type.String(), Type.Unknown()),
};
const TimelineEntry = Type.Object({ action: Type.String(), status: Status, department: Nullable(Type.String()), note: Nullable(Type.String()), at: Type.String({ format: 'date-time' }) });
const OwnTicket = Type.Object({ ...OwnFields, timeline: Type.Array(TimelineEntry) });
const StaffTicket = Type.Object({
  ...OwnFields,
  lat: Nullable(Type.Number()),
  long: Nullable(Type.Number()),
  mediaUrl: Nullable(Type.String()),
  anonymous: Type.Boolean(),
  reporter: Type.Object({ name: Nullable(Type.String()), phone: Nullable(Type.String()), email: Nullable(Type.String()) }, { description: 'masked' }),
  history: Type.Array(
    Type.Object({
      action: Type.String(), fromStatus: Nullable(Status), status: Status, actorType: Type.String(), actorDepartment: Nullable(Type.String()),
      department: Nullable(Type.String()), note: Nullable(Type.String()), at: Type.String({ format: 'date-time' }),
    }),
  ),
  masterId: Nullable(Type.String({ description: 'A merged duplicate\'s master ticket' })),
  superviseCount: Type.Integer({ description: '督办 so far' }),
  supportCount: Type.Integer({ description: 'Citizens who added themselves to this ticket (我也遇到了) instead of filing a duplicate' }),
  lastSupervisedAt: Nullable(Type.String({ format: 'date-time' })),
  extensionDays: Nullable(Type.Integer({ description: 'Working days of the pending extension request' })),
  extensionCount: Type.Integer({ description: 'Approved extensions' }),
  as: lit(['dispatcher', 'department', 'reporter'] as const),
  actions: Type.Array(Type.String()),
  departments: Type.Array(Type.String(), { description: 'Departments a dispatcher may assign this ticket to' }),
  suggestedDepartment: Nullable(Type.String({ description: 'Where the routing rules send it (dispatchers; 派单 without a department uses it)' })),
});
const RoutingRule = Type.Object(
  {
    categoryId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
    kind: Type.Optional(Nullable(Kind)),
    regionCode: Type.String({ pattern: '^(\\d{6}|\\d{9}|\\d{12})?$', description: 'GB/T 2260; empty = everywhere (deployment-wide officers only)' }),
    department: Type.String({ minLength: 1, maxLength: 100 }),
    priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
);
const StoredRule = Type.Object({ id: Type.String(), categoryId: Nullable(Type.String()), kind: Nullable(Type.String()), regionCode: Type.String(), department: Type.String(), priority: Type.Integer() });
const presentRule = (r: routing.RuleRow) => ({ id: r.id, categoryId: r.categoryId, kind: r.kind, regionCode: r.regionCode, department: r.department, priority: r.priority });
const Note = Type.String({ maxLength: 4000 });
const AttributeValue = Type.Union([Type.String({ maxLength: 4000 }), Type.Number(), Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 })]);
const Attributes = Type.Record(Type.String({ maxLength: 40 }), AttributeValue, { maxProperties: 50, description: 'Answers to the category\'s attribute form, by field code' });
const CategoryField = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,39}$' }),
    label: Type.String({ minLength: 1, maxLength: 60 }),
    datatype: lit(FIELD_DATATYPES),
    required: Type.Boolean(),
    order: Type.Integer({ minimum: 0, maximum: 1000 }),
    description: Type.Optional(Type.String({ maxLength: 200 })),
    values: Type.Optional(Type.Array(Type.Object({ key: Type.String({ minLength: 1, maxLength: 40 }), name: Type.String({ minLength: 1, maxLength: 60 }) }, { additionalProperties: false }), { maxItems: 100 })),
  },
  { additionalProperties: false },
);
const CategoryBody = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Z][A-Z0-9-]{1,39}$', description: 'Stable code, also the Open311 service_code' }),
    parentId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
    kind: Kind,
    name: Type.String({ minLength: 1, maxLength: 60 }),
    nameEn: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
    active: Type.Optional(Type.Boolean()),
    fields: Type.Array(CategoryField, { maxItems: 30 }),
    slaUnit: Type.Optional(Nullable(lit(SLA_UNITS))),
    slaAmount: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 200, description: 'The time limit in slaUnit (1–60 working days, 1–200 working hours); with slaUnit, null = inherited' }))),
  },
  { additionalProperties: false },
);
const Category = Type.Object({
  id: Type.String(), code: Type.String(), parentId: Nullable(Type.String()), kind: Kind, name: Type.String(), nameEn: Nullable(Type.String()), description: Nullable(Type.String()),
  sortOrder: Type.Integer(), active: Type.Boolean(), fields: Type.Array(CategoryField), slaUnit: Nullable(lit(SLA_UNITS)), slaAmount: Nullable(Type.Integer()), updatedAt: Type.String({ format: 'date-time' }),
});

/** Tickets: the citizen app (file, follow, rate), the public progress query, and the officers' worklist and actions. */
export async function ticketsRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['tickets'];

  app.post(
    '/tickets',
    {
      schema: {
        tags,
        summary: 'File a ticket (signed-in citizen; a supervision report may be anonymous and then gets a follow-up code, shown once)',
        body: Type.Object(
          {
            kind: Kind,
            title: Type.String({ minLength: 2, maxLength: 100 }),
            description: Type.String({ minLength: 5, maxLength: 4000 }),
            regionCode: Type.String({ pattern: '^\\d{6}$', description: 'GB/T 2260 division where the matter is' }),
            address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
            lat: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
            long: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
            attachments: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 9, description: 'ids of files uploaded through POST /api/files (signed in only)' })),
            contactName: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
            contactPhone: Type.Optional(Nullable(Type.String({ maxLength: 20, pattern: '^[0-9+\\- ]*$' }))),
            categoryId: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'An active category of this kind (GET /api/tickets/categories)' }))),
            attributes: Type.Optional(Attributes),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ id: Type.String(), number: Type.String(), status: Status, dueAt: Type.String({ format: 'date-time' }), followUpCode: Nullable(Type.String()) }),
          ...errorResponses(400, 401, 403, 429),
        },
      },
    },
    async (request, reply) => {
      const { row, followUpCode } = await service.submitTicket(ctx, request.principal, request.body, requestMeta(request));
      return reply.status(201).send({ id: row.id, number: row.number, status: 'submitted' as const, dueAt: row.dueAt.toISOString(), followUpCode });
    },
  );

  app.get(
    '/tickets/categories',
    { schema: { tags, summary: 'Active ticket categories (a tree by parentId) with their attribute forms, for the filing form', response: { 200: Type.Array(Category) } } },
    async () => (await categories.listCategories(ctx.db, true)).map(categories.presentCategory),
  );

  app.get(
    '/tickets/categories/all',
    {
      config: { action: A['tickets.categories.manage'] },
      schema: { tags, summary: 'Every ticket category, inactive ones included (editors)', response: { 200: Type.Array(Category), ...errorResponses(401, 403) } },
    },
    async () => (await categories.listCategories(ctx.db, false)).map(categories.presentCategory),
  );

  app.post(
    '/tickets/categories',
    {
      config: { action: A['tickets.categories.manage'] },
      schema: { tags, summary: 'Create a category with its attribute form (audited)', body: CategoryBody, response: { 201: Category, ...errorResponses(400, 401, 403, 409) } },
    },
    async (request, reply) => reply.status(201).send(categories.presentCategory(await categories.createCategory(ctx, request.principal!, request.body, requestMeta(request)))),
  );

  app.put(
    '/tickets/categories/:id',
    {
      config: { action: A['tickets.categories.manage'] },
      schema: { tags, summary: 'Change a category, its place in the tree or its form; deactivate it (audited)', params: IdParams, body: CategoryBody, response: { 200: Category, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    async (request) => categories.presentCategory(await categories.updateCategory(ctx, request.principal!, request.params.id, request.body, requestMeta(request))),
  );

  app.get(
    '/tickets/routing-rules',
    { config: { action: A['tickets.routing.manage'] }, schema: { tags, summary: 'Routing rules that can apply in one\'s region, in order', response: { 200: Type.Array(StoredRule), ...errorResponses(401, 403) } } },
    async (request) => (await routing.rulesFor(ctx, request.principal!)).map(presentRule),
  );

  app.put(
    '/tickets/routing-rules',
    {
      config: { action: A['tickets.routing.manage'] },
      schema: {
        tags,
        summary: 'Replace the routing rules of one\'s region (category subtree × division prefix × kind → department; the most specific wins); audited',
        body: Type.Object({ rules: Type.Array(RoutingRule, { maxItems: 500 }) }, { additionalProperties: false }),
        response: { 200: Type.Array(StoredRule), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => (await routing.replaceRules(ctx, request.principal!, request.body.rules, requestMeta(request))).map(presentRule),
  );

  app.post(
    '/tickets/routing-rules/dry-run',
    {
      config: { action: A['tickets.routing.manage'] },
      schema: {
        tags,
        summary: 'Try proposed rules on the region\'s last 100 tickets: where each goes now and would go (nothing is saved)',
        body: Type.Object({ rules: Type.Array(RoutingRule, { maxItems: 500 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            tickets: Type.Array(Type.Object({
              id: Type.String(), number: Type.String(), kind: Type.String(), categoryId: Nullable(Type.String()), regionCode: Type.String(),
              department: Nullable(Type.String()), current: Nullable(Type.String()), proposed: Nullable(Type.String()),
            })),
            changed: Type.Integer(),
            unrouted: Type.Integer(),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => routing.dryRun(ctx, request.principal!, request.body.rules, requestMeta(request)),
  );

  app.post(
    '/tickets/hotline',
    {
      config: { action: A['tickets.hotline.file'] },
      schema: {
        tags,
        summary: '12345 hotline: an operator files a ticket for a caller (caller\'s name and phone stored encrypted); audited',
        body: Type.Object(
          {
            kind: Kind,
            title: Type.String({ minLength: 2, maxLength: 100 }),
            description: Type.String({ minLength: 5, maxLength: 4000 }),
            regionCode: Type.String({ pattern: '^\\d{6}$' }),
            address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
            contactName: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
            contactPhone: Type.Optional(Nullable(Type.String({ maxLength: 20, pattern: '^[0-9+\\- ]*$' }))),
            categoryId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
            attributes: Type.Optional(Attributes),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String(), number: Type.String(), status: Status, dueAt: Type.String({ format: 'date-time' }) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const row = await service.submitHotline(ctx, request.principal!, request.body, requestMeta(request));
      return reply.status(201).send({ id: row.id, number: row.number, status: 'submitted' as const, dueAt: row.dueAt.toISOString() });
    },
  );

  app.post(
    '/tickets/national/clues',
    {
      config: { action: A['tickets.national.forward'] },
      schema: {
        tags,
        summary: 'National platform (国办转办): forward a clue (API client with national.clues); idempotent by externalId — a repeat answers 200 with the same ticket',
        body: Type.Object(
          {
            externalId: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$' }),
            kind: Kind,
            title: Type.String({ minLength: 2, maxLength: 100 }),
            description: Type.String({ minLength: 5, maxLength: 4000 }),
            regionCode: Type.String({ pattern: '^\\d{6}$' }),
            address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
            contactName: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
            contactPhone: Type.Optional(Nullable(Type.String({ maxLength: 20, pattern: '^[0-9+\\- ]*$' }))),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ id: Type.String(), number: Type.String(), externalId: Type.String(), status: Status, created: Type.Boolean() }),
          201: Type.Object({ id: Type.String(), number: Type.String(), externalId: Type.String(), status: Status, created: Type.Boolean() }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const { row, created } = await national.receiveClue(ctx, request.principal as never, request.body, requestMeta(request));
      return reply.status(created ? 201 : 200).send({ id: row.id, number: row.number, externalId: row.externalId!, status: row.status as (typeof TICKET_STATUSES)[number], created });
    },
  );

  app.get(
    '/tickets/national/outbox',
    {
      config: { action: A['tickets.national.outbox'] },
      schema: {
        tags,
        summary: 'Results reported back to the national platform in one\'s region, newest first (audited)',
        querystring: Type.Object({ status: Type.Optional(lit(['pending', 'sent', 'failed'] as const)), limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) }),
        response: {
          200: Type.Array(Type.Object({
            id: Type.String(), ticketId: Type.String(), externalId: Type.String(), event: Type.String(), payload: Type.Record(Type.String(), Type.Unknown()),
            status: Type.String(), adapter: Nullable(Type.String()), attempts: Type.Integer(), lastError: Nullable(Type.String()),
            nextAttemptAt: Type.String({ format: 'date-time' }), sentAt: Nullable(Type.String({ format: 'date-time' })), createdAt: Type.String({ format: 'date-time' }),
          })),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) =>
      (await national.outboxFor(ctx, request.principal!, request.query, requestMeta(request))).map((r) => ({
        id: r.id, ticketId: r.ticketId, externalId: r.externalId, event: r.event, payload: r.payload, status: r.status, adapter: r.adapter, attempts: r.attempts,
        lastError: r.lastError, nextAttemptAt: r.nextAttemptAt.toISOString(), sentAt: r.sentAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString(),
      })),
  );

  app.post(
    '/tickets/similar',
    {
      schema: {
        tags,
        summary: 'While writing: open tickets of the same category near the same place with similar words (jieba tokens), best first — public fields only',
        body: Type.Object(
          {
            kind: Kind,
            categoryId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
            regionCode: Type.String({ pattern: '^\\d{6}$' }),
            lat: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
            long: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
            address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
            title: Type.String({ minLength: 2, maxLength: 100 }),
            description: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Array(Type.Object({ number: Type.String(), title: Type.String(), status: Status, createdAt: Type.String({ format: 'date-time' }), distanceM: Nullable(Type.Integer()), similarity: Type.Number() })),
          ...errorResponses(400, 429),
        },
      },
    },
    async (request) => {
      await limitSimilar(ctx, request.ip);
      return service.similarTickets(ctx, request.body);
    },
  );

  const Rate = Nullable(Type.Number());
  const KpiQuery = Type.Object({ month: Type.String({ pattern: '^20\\d{2}-(0[1-9]|1[0-2])$', description: 'YYYY-MM (China time)' }) });
  app.get(
    '/tickets/kpi',
    {
      config: { action: A['tickets.kpi.read'] },
      schema: {
        tags,
        summary: 'KPIs of one month in one\'s region: by department response, on-time and satisfaction rates; counts by source, category and day (audited)',
        querystring: KpiQuery,
        response: {
          200: Type.Object({
            month: Type.String(),
            departments: Type.Array(Type.Object({
              department: Type.String(), received: Type.Integer(), answered: Type.Integer(), answeredOnTime: Type.Integer(), rated: Type.Integer(), satisfied: Type.Integer(),
              responseRate: Rate, onTimeRate: Rate, satisfactionRate: Rate,
            })),
            byChannel: Type.Array(Type.Object({ channel: Type.String(), count: Type.Integer() })),
            byCategory: Type.Array(Type.Object({ categoryId: Nullable(Type.String()), category: Type.String(), count: Type.Integer() })),
            byDay: Type.Array(Type.Object({ day: Type.String(), count: Type.Integer() })),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => kpis.kpi(ctx, request.principal!, request.query.month, requestMeta(request)),
  );

  app.get(
    '/tickets/kpi.xlsx',
    {
      config: { action: A['tickets.kpi.read'] },
      schema: { tags, summary: 'The month\'s KPIs as an XLSX workbook (audited)', querystring: KpiQuery, response: { 200: Type.Any({ description: 'XLSX' }), ...errorResponses(400, 401, 403) } },
    },
    async (request, reply) => {
      const buf = await kpis.kpiXlsx(await kpis.kpi(ctx, request.principal!, request.query.month, requestMeta(request)));
      reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="tickets-kpi-${request.query.month}.xlsx"`).header('cache-control', 'private, no-store');
      return reply.send(buf);
    },
  );

  app.post(
    '/tickets/follow-up',
    {
      schema: {
        tags,
        summary: 'Public progress query of a ticket by number + follow-up code: the timeline, without personal data',
        body: Type.Object({ number: Type.String({ minLength: 5, maxLength: 40 }), code: Type.String({ minLength: 4, maxLength: 20 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ number: Type.String(), kind: Kind, status: Status, title: Type.String(), dueAt: Type.String({ format: 'date-time' }), reply: Nullable(Type.String()), timeline: Type.Array(TimelineEntry) }),
          ...errorResponses(400, 404, 429),
        },
      },
    },
    async (request) => {
      const { row, events } = await service.followUp(ctx, request.body.number, request.body.code, request.ip);
      return { number: row.number, kind: row.kind as (typeof TICKET_KINDS)[number], status: row.status as (typeof TICKET_STATUSES)[number], title: row.title, dueAt: row.dueAt.toISOString(), reply: row.reply, timeline: presentPublicTimeline(events) };
    },
  );

  app.get(
    '/tickets/mine',
    { config: { action: A['tickets.own.read'] }, schema: { tags, summary: 'My tickets, newest first', response: { 200: Type.Array(ListItem), ...errorResponses(401, 403) } } },
    async (request) => {
      const now = new Date();
      return (await service.listMine(ctx, request.principal as never)).map((r) => presentListItem(r, now));
    },
  );

  app.get(
    '/tickets/mine/:id',
    { config: { action: A['tickets.own.read'] }, schema: { tags, summary: 'One of my tickets: progress, answer and timeline', params: IdParams, response: { 200: OwnTicket, ...errorResponses(401, 403, 404) } } },
    async (request) => {
      const { row, events } = await service.getMine(ctx, request.principal as never, request.params.id);
      return { ...presentOwn(row, new Date()), timeline: presentPublicTimeline(events) };
    },
  );

  const Supported = Type.Object({
    number: Type.String(), kind: Kind, status: Status, title: Type.String(), dueAt: Type.String({ format: 'date-time' }), overdue: Type.Boolean(),
    reply: Nullable(Type.String()), supportCount: Type.Integer({ description: 'Citizens supporting the ticket (besides its reporter)' }), updatedAt: Type.String({ format: 'date-time' }),
  });
  const presentSupported = (r: Parameters<typeof presentListItem>[0], now: Date) => ({
    number: r.number, kind: r.kind as (typeof TICKET_KINDS)[number], status: r.status as (typeof TICKET_STATUSES)[number], title: r.title, dueAt: r.dueAt.toISOString(),
    overdue: presentListItem(r, now).overdue, reply: r.reply, supportCount: r.supportCount, updatedAt: r.updatedAt.toISOString(),
  });

  const SupportAnswer = Type.Object({
    ...Supported.properties,
    forwardedFrom: Nullable(Type.String({ description: 'The number asked for when it was a duplicate merged into this (master) ticket: the support went to the master' })),
  });

  app.post(
    '/tickets/support',
    {
      config: { action: A['tickets.own.support'] },
      schema: {
        tags,
        summary: '我也遇到了: add oneself to an open ticket (by number, from the duplicate suggestions) instead of filing a new one — counted on it, told of its progress; a merged duplicate forwards to its master',
        body: Type.Object({ number: Type.String({ minLength: 5, maxLength: 40 }) }, { additionalProperties: false }),
        response: { 200: SupportAnswer, 201: SupportAnswer, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { row, created, forwardedFrom } = await service.supportTicket(ctx, request.principal as never, request.body.number, requestMeta(request));
      return reply.status(created ? 201 : 200).send({ ...presentSupported(row, new Date()), forwardedFrom });
    },
  );

  app.delete(
    '/tickets/support/:number',
    {
      config: { action: A['tickets.own.support'] },
      schema: {
        tags,
        summary: 'Withdraw one\'s support (我也遇到了) of a ticket: no longer counted on it nor told of its progress; answers the ticket\'s public progress',
        params: Type.Object({ number: Type.String({ minLength: 5, maxLength: 40 }) }),
        response: { 200: Supported, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => presentSupported(await service.withdrawSupport(ctx, request.principal as never, request.params.number, requestMeta(request)), new Date()),
  );

  app.get(
    '/tickets/supported',
    { config: { action: A['tickets.own.read'] }, schema: { tags, summary: 'The tickets I support (我关注的), newest first: public progress only', response: { 200: Type.Array(Supported), ...errorResponses(401, 403) } } },
    async (request) => {
      const now = new Date();
      return (await service.supportedBy(ctx, request.principal as never)).map((r) => presentSupported(r, now));
    },
  );

  app.post(
    '/tickets/mine/:id/rating',
    {
      config: { action: A['tickets.own.rate'] },
      schema: {
        tags,
        summary: 'Rate the answer: 1 非常满意, 2 满意, 3 基本满意, 4 不满意, 5 非常不满意 (4 and 5 reopen the ticket)',
        params: IdParams,
        body: Type.Object({ rating: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) }, { additionalProperties: false }),
        response: { 200: OwnTicket, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const row = await service.rateMine(ctx, request.principal as never, request.params.id, request.body, requestMeta(request));
      const { events } = await service.getMine(ctx, request.principal as never, row.id);
      return { ...presentOwn(row, new Date()), timeline: presentPublicTimeline(events) };
    },
  );

  app.get(
    '/tickets/worklist',
    {
      config: { action: A['tickets.worklist.read'] },
      schema: {
        tags,
        summary: 'Worklist: a dispatcher\'s region or a handler\'s department; overdue first, then by deadline (audited)',
        querystring: Type.Object({
          status: Type.Optional(Type.Array(Status, { maxItems: TICKET_STATUSES.length })),
          kind: Type.Optional(Kind),
          overdue: Type.Optional(Type.Boolean()),
          number: Type.Optional(Type.String({ maxLength: 40 })),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
          after: Type.Optional(Type.String({ maxLength: 200, description: 'Keyset pagination: the `next` of the previous page (then offset is ignored); deep pages cost what the first does' })),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(ListItem),
            total: Type.Integer({ description: 'Matching tickets, counted up to 1 000: when more match, 1 000 and totalCapped (the console shows "1 000+")' }),
            totalCapped: Type.Boolean({ description: 'More tickets match than `total` says (the count stopped at its cap)' }),
            dispatcher: Type.Boolean(),
            next: Nullable(Type.String({ description: 'Cursor of the next page (pass as `after`); null on the last page' })),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const now = new Date();
      const { after: cursor, ...query } = request.query;
      const after = cursor === undefined ? undefined : decodeCursor(cursor);
      if (after === null) throw new AppError(TicketsErrors.TICKETS_CURSOR_INVALID, { field: 'after' });
      const result = await service.worklist(ctx, request.principal!, { ...query, after }, requestMeta(request), now);
      return { items: result.rows.map((r) => presentListItem(r, now)), total: result.total, totalCapped: result.totalCapped, dispatcher: result.dispatcher, next: result.next };
    },
  );

  app.get(
    '/tickets/worklist/:id',
    {
      config: { action: A['tickets.worklist.read'] },
      schema: { tags, summary: 'One ticket for an officer: history, masked reporter, the actions open to them (audited)', params: IdParams, response: { 200: StaffTicket, ...errorResponses(401, 403, 404) } },
    },
    async (request) => {
      const t = await service.getForStaff(ctx, request.principal!, request.params.id, requestMeta(request));
      return { ...presentForStaff(t.row, t.events, t.actor, t.departments, ctx.cipher, new Date()), suggestedDepartment: t.suggestedDepartment };
    },
  );

  app.get(
    '/tickets/worklist/:id/attachments/:fileId',
    {
      config: { action: A['tickets.worklist.read'] },
      schema: {
        tags,
        summary: 'An attachment of a ticket the officer may see (audited)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }), fileId: Type.String({ format: 'uuid' }) }),
        response: { 200: Type.Any({ description: 'the file content' }), ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const f = await service.attachmentForStaff(ctx, request.principal!, request.params.id, request.params.fileId, requestMeta(request));
      reply.type(f.mimeType).header('content-length', String(f.size)).header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff').header('content-security-policy', "default-src 'none'; sandbox");
      return reply.send(f.open());
    },
  );

  const transitionResponse = { 200: StaffTicket, ...errorResponses(400, 401, 403, 404, 409) };
  const present = (t: service.StaffTicketView) => ({ ...presentForStaff(t.row, t.events, t.actor, t.departments, ctx.cipher, new Date()), suggestedDepartment: t.suggestedDepartment });

  app.post(
    '/tickets/worklist/:id/dispatch',
    {
      config: { action: A['tickets.ticket.dispatch'] },
      schema: {
        tags,
        summary:
          'Dispatcher: accept, reject (reason), assign (department), transfer (department + reason), return to the queue (reason), close (办结), ' +
          'supervise (督办 an overdue ticket, instruction), approve_extension / deny_extension (reason), merge (master ticket number or id), visit (回访 record, optional rating; 4–5 reopen)',
        params: IdParams,
        body: Type.Object(
          {
            action: lit(service.DISPATCH_ACTIONS),
            note: Type.Optional(Nullable(Note)),
            department: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
            master: Type.Optional(Nullable(Type.String({ maxLength: 40, description: 'merge: the master ticket (number or id)' }))),
            rating: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 5, description: 'visit: the reporter\'s rating given on the phone' }))),
          },
          { additionalProperties: false },
        ),
        response: transitionResponse,
      },
    },
    async (request) => {
      return present(await service.dispatch(ctx, request.principal!, request.params.id, request.body, requestMeta(request)));
    },
  );

  app.post(
    '/tickets/worklist/:id/handle',
    {
      config: { action: A['tickets.ticket.handle'] },
      schema: {
        tags,
        summary: 'Handling department: start, reply (answer text), return to the dispatcher (reason) or request_extension (days + reason)',
        params: IdParams,
        body: Type.Object(
          {
            action: lit(service.HANDLE_ACTIONS),
            note: Type.Optional(Nullable(Note)),
            days: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 30, description: 'request_extension: working days' }))),
          },
          { additionalProperties: false },
        ),
        response: transitionResponse,
      },
    },
    async (request) => {
      return present(await service.handle(ctx, request.principal!, request.params.id, request.body, requestMeta(request)));
    },
  );

  await app.register(async (scope) => open311Routes(scope as App, ctx), { prefix: '/open311/v2' });
}
