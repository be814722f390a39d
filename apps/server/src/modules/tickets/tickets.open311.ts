import { Type } from 'typebox';
import type { FastifyError } from 'fastify';
import type { App, AppContext } from '../../platform/http/context.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import { languageOf } from '../../platform/http/i18n.ts';
import { principalForApiKey } from '../../platform/identity/api-clients.service.ts';
import { requestMeta } from '../../platform/identity/request-meta.ts';
import type { Principal } from '../../platform/access/principal.ts';
import { TicketsActions as A } from './tickets.policy.ts';
import type { Open311UpdateRow, TicketRow } from './tickets.repository.ts';
import { kindOfServiceCode, open311Status, OPEN311_SERVICE_CODES, TICKET_KINDS, TICKET_STATUSES, type TicketKind, type TicketStatus } from './tickets.rules.ts';
import * as service from './tickets.service.ts';
import * as categories from './tickets.categories.ts';
import { attributesOfForm, open311Attributes } from './tickets.attributes.ts';
import * as limits from './tickets.limits.ts';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over our tickets, JSON and XML:
 * discovery, services, service definitions, requests (POST form-encoded or JSON with api_key;
 * GET list and one). Errors are `[{code, description}]` with the HTTP status as code, ids are
 * strings (our public ticket number is the service_request_id). Our Chinese lifecycle stays the
 * truth: it maps to open / closed plus status_notes (docs/tickets.md).
 */

export const SERVICES: Record<TicketKind, { name: string; description: string; keywords: string; group: string }> = {
  report: { name: '监督举报', description: '疫情防控监督举报：防控措施落实不到位、违规行为等 (supervision report)', keywords: '举报,督查,防控', group: '督查举报' },
  complaint: { name: '投诉', description: '对防控相关服务或工作人员的投诉 (complaint)', keywords: '投诉', group: '12345' },
  consultation: { name: '咨询', description: '防控政策与办事咨询 (consultation)', keywords: '咨询,政策', group: '12345' },
  suggestion: { name: '建议', description: '对防控工作的意见建议 (suggestion)', keywords: '建议', group: '12345' },
  help: { name: '求助', description: '隔离、就医、生活物资等困难求助 (request for help)', keywords: '求助,困难', group: '12345' },
};

const STATUS_ZH: Record<TicketStatus, string> = {
  submitted: '待受理', accepted: '已受理', rejected: '不予受理', assigned: '已派单', in_progress: '办理中', replied: '已答复', closed: '已办结',
  visited: '已回访', merged: '已合并',
};

/** Open311 limits: a query spans at most 90 days and returns at most 1 000 requests. */
export const MAX_QUERY_DAYS = 90;
export const MAX_RESULTS = 1000;
/** Every endpoint answers in both formats: `.json` and `.xml` (XML is the spec's required one). */
const FORMATS = ['json', 'xml'] as const;

const Open311Error = Type.Array(Type.Object({ code: Type.Integer(), description: Type.String() }), { description: 'Open311 error list' });
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, Open311Error]));
const Service = Type.Object({
  service_code: Type.String(), service_name: Type.String(), description: Type.String(), metadata: Type.Boolean(),
  type: Type.Literal('realtime'), keywords: Type.String(), group: Type.String(),
});
const Request = Type.Object({
  service_request_id: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  status_notes: Type.Union([Type.String(), Type.Null()]),
  service_name: Type.String(),
  service_code: Type.String(),
  description: Type.String(),
  agency_responsible: Type.Union([Type.String(), Type.Null()]),
  service_notice: Type.Union([Type.String(), Type.Null()]),
  requested_datetime: Type.String(),
  updated_datetime: Type.String(),
  expected_datetime: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  address_id: Type.Union([Type.String(), Type.Null()]),
  zipcode: Type.Union([Type.String(), Type.Null()]),
  lat: Type.Union([Type.Number(), Type.Null()]),
  long: Type.Union([Type.Number(), Type.Null()]),
  media_url: Type.Union([Type.String(), Type.Null()]),
});

/**
 * One step of the updates feed (the service request updates extension of GeoReport v2, as FixMyStreet
 * serves it): `status` open / closed as in a request, `external_status_code` our lifecycle's status
 * (the finer states the spec lacks), `description` the Chinese status with the official answer or
 * rejection reason — never a citizen's words (ratings) nor internal notes (transfer, return, 督办).
 */
const RequestUpdate = Type.Object({
  update_id: Type.String(),
  service_request_id: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  external_status_code: Type.String(),
  updated_datetime: Type.String(),
  description: Type.String(),
  media_url: Type.Union([Type.String(), Type.Null()]),
});

/** The history steps whose note is an official answer to the reporter (shown in the feed). */
const PUBLIC_NOTE_ACTIONS = ['reply', 'reject', 'master_reply'];

export function presentUpdate(u: Open311UpdateRow) {
  const status = u.toStatus as TicketStatus;
  const note = PUBLIC_NOTE_ACTIONS.includes(u.action) && u.note ? `：${u.note}` : '';
  return {
    update_id: u.id,
    service_request_id: u.number,
    status: open311Status(status),
    external_status_code: status,
    updated_datetime: u.at.toISOString(),
    description: `${STATUS_ZH[status] ?? status}${note}`,
    media_url: null,
  };
}

/** Thrown for an Open311-format refusal with our own description. */
class Open311Refusal extends Error {
  readonly status: number;
  constructor(status: number, description: string) {
    super(description);
    this.status = status;
  }
}

function presentService(kind: TicketKind) {
  const s = SERVICES[kind];
  return { service_code: OPEN311_SERVICE_CODES[kind], service_name: s.name, description: s.description, metadata: false, type: 'realtime' as const, keywords: s.keywords, group: s.group };
}

/** A category as an Open311 service: its code, `metadata: true` when it has an attribute form. */
function presentCategoryService(c: categories.CategoryRow) {
  const kind = c.kind as TicketKind;
  return {
    service_code: c.code, service_name: c.name, description: c.description ?? `${SERVICES[kind].name} · ${c.name}`, metadata: c.fields.length > 0,
    type: 'realtime' as const, keywords: [SERVICES[kind].keywords, c.name].join(','), group: SERVICES[kind].name,
  };
}

/** The service a ticket was filed under: its category when it has one, else its kind. */
type ServiceNames = Map<string, { code: string; name: string }>;
async function serviceNames(ctx: AppContext): Promise<ServiceNames> {
  return new Map((await categories.listCategories(ctx.db, false)).map((c) => [c.id, { code: c.code, name: c.name }]));
}

/** A ticket as an Open311 service request: no personal data of the reporter. */
export function presentRequest(row: TicketRow, names: ServiceNames = new Map()) {
  const category = row.categoryId ? names.get(row.categoryId) : undefined;
  const status = row.status as TicketStatus;
  const kind = row.kind as TicketKind;
  const notes = status === 'rejected' ? `${STATUS_ZH[status]}：${row.rejectReason ?? ''}` : row.reply && (['replied', 'closed', 'visited', 'merged'] as TicketStatus[]).includes(status) ? `${STATUS_ZH[status]}：${row.reply}` : STATUS_ZH[status];
  return {
    service_request_id: row.number,
    status: open311Status(status),
    status_notes: notes,
    service_name: category?.name ?? SERVICES[kind].name,
    service_code: category?.code ?? OPEN311_SERVICE_CODES[kind],
    description: row.description,
    agency_responsible: row.department,
    service_notice: null,
    requested_datetime: row.createdAt.toISOString(),
    updated_datetime: row.updatedAt.toISOString(),
    expected_datetime: open311Status(status) === 'closed' ? null : row.dueAt.toISOString(),
    address: row.address,
    address_id: null,
    zipcode: null,
    lat: row.lat,
    long: row.long,
    media_url: row.mediaUrl,
  };
}

/** Parses application/x-www-form-urlencoded; a repeated key (attribute[CODE][]) becomes an array. */
export function parseForm(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    if (prev === undefined) out[k] = k.endsWith('[]') ? [v] : v;
    else out[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

function coordinate(v: unknown, name: 'lat' | 'long'): number | null {
  const s = str(v);
  if (s === null) return null;
  const n = Number(s);
  const max = name === 'lat' ? 90 : 180;
  if (!Number.isFinite(n) || Math.abs(n) > max) throw new Open311Refusal(400, `${name} is not a valid coordinate`);
  return n;
}

function dateParam(v: unknown, name: string): Date | null {
  const s = str(v);
  if (s === null) return null;
  const d = new Date(s);
  if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}(T|$)/.test(s)) throw new Open311Refusal(400, `${name} must be a w3c (ISO 8601) date-time`);
  return d;
}

/** The API client of the request: the x-api-key header, or api_key in the form / query (Open311's way). */
async function apiClientOf(ctx: AppContext, principal: Principal | null, apiKey: unknown, ip: string): Promise<Extract<Principal, { kind: 'api' }>> {
  let p = principal;
  const key = str(apiKey);
  if (!p || p.kind !== 'api') {
    // An address that keeps sending bad keys is refused (429) before the key lookup.
    await limits.assertOpen311KeyAttempts(ctx, ip);
    if (key) p = await principalForApiKey(ctx.db, key);
  }
  if (!p || p.kind !== 'api') {
    await limits.recordOpen311BadKey(ctx, ip);
    throw new Open311Refusal(403, 'api_key is missing or invalid');
  }
  if (!ctx.policy.can(p, A['tickets.open311.request'])) throw new Open311Refusal(403, `this api_key lacks the permission for Open311 requests`);
  return p;
}

/** The id in `{id}.json` / `{id}.xml` (the format is applied to the answer by the onSend hook). */
const fileName = (file: string): string => {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  if (!m) throw new Open311Refusal(404, 'not found: use {id}.json or {id}.xml');
  return m[1];
};

/** XML element names of lists: the list's name → its items' name. */
const ITEM_NAMES: Record<string, string> = { endpoints: 'endpoint', formats: 'format', attributes: 'attribute', values: 'value', services: 'service', service_requests: 'request', service_request_updates: 'request_update', errors: 'error' };
const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

function xmlOf(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) return `<${name}>${value.map((v) => xmlOf(ITEM_NAMES[name] ?? 'item', v)).join('')}</${name}>`;
  if (typeof value === 'object') return `<${name}>${Object.entries(value as Record<string, unknown>).map(([k, v]) => xmlOf(k, v)).join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** The XML root of an Open311 answer, by path (lists get the spec's wrapper element). */
function xmlRootOf(path: string, status: number): string {
  if (status >= 400) return 'errors';
  if (/\/discovery\.xml$/.test(path)) return 'discovery';
  if (/\/services\.xml$/.test(path)) return 'services';
  if (/\/services\/[^/]+\.xml$/.test(path)) return 'service_definition';
  if (/\/tokens\/[^/]+\.xml$/.test(path)) return 'service_requests';
  if (/\/servicerequestupdates\.xml$/.test(path)) return 'service_request_updates';
  return 'service_requests';
}

/** Renders a JSON answer (already serialised) as the spec's XML. */
export function open311Xml(path: string, status: number, json: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>${xmlOf(xmlRootOf(path, status), JSON.parse(json))}`;
}

const ApiKey = Type.Optional(Type.String({ maxLength: 200, description: 'API key of an API client with the open311.requests permission (or the x-api-key header)' }));

/** The Open311 routes, in their own scope: form-encoded bodies and Open311-format errors. */
export async function open311Routes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['open311'];
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
    try {
      done(null, parseForm(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  app.setErrorHandler((err: FastifyError | AppError | Open311Refusal, request, reply) => {
    let status: number;
    let description: string;
    if (err instanceof Open311Refusal) {
      status = err.status;
      description = err.message;
    } else if (err instanceof AppError) {
      status = err.status;
      if (err.is(CommonErrors.RATE_LIMITED) && typeof err.details?.retryAfterSeconds === 'number') reply.header('retry-after', String(err.details.retryAfterSeconds));
      const lang = languageOf(request);
      description = (lang === 'en' ? err.entry.en : err.entry.zh) + (err.details && err.status < 500 ? ` (${JSON.stringify(err.details)})` : '');
    } else if ((err as FastifyError).validation) {
      status = 400;
      description = (err as FastifyError).validation!.map((v) => `${(v.params as { missingProperty?: string })?.missingProperty ?? v.instancePath.replace(/^\//, '')} ${v.message ?? 'is not valid'}`.trim()).join('; ');
    } else {
      const code = (err as FastifyError).statusCode;
      status = code && code >= 400 && code < 500 ? code : 500;
      description = status < 500 ? err.message : 'internal error';
    }
    if (status >= 500) request.log.error({ err }, 'open311 request failed');
    return reply.status(status).send([{ code: status, description }]);
  });
  app.setNotFoundHandler((_request, reply) => reply.status(404).send([{ code: 404, description: 'not found' }]));
  // The XML format (required by the spec): the same answer, rendered from its JSON.
  app.addHook('onSend', (request, reply, payload, done) => {
    const path = request.url.split('?')[0];
    if (!path.endsWith('.xml') || typeof payload !== 'string') return done(null, payload);
    try {
      const xml = open311Xml(path, reply.statusCode, payload);
      reply.type('application/xml; charset=utf-8');
      done(null, xml);
    } catch (err) {
      done(err as Error);
    }
  });

  for (const ext of FORMATS) app.get(
    `/discovery.${ext}`,
    {
      schema: {
        tags,
        summary: 'Open311 discovery: where the GeoReport v2 endpoint is and which formats it serves',
        response: {
          200: Type.Object({
            changeset: Type.String(), contact: Type.String(), key_service: Type.String(),
            endpoints: Type.Array(Type.Object({ specification: Type.String(), url: Type.String(), changeset: Type.String(), type: Type.String(), formats: Type.Array(Type.String()) })),
          }),
        },
      },
    },
    async (request) => {
      const base = `${request.protocol}://${request.host}/api/open311/v2`;
      return {
        changeset: '2026-12-06T00:00:00Z',
        contact: '12345 政务服务便民热线',
        key_service: 'API keys are issued by a system administrator in the console (系统管理 → API 客户端), permission open311.requests',
        endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: base, changeset: '2026-12-06T00:00:00Z', type: 'production', formats: ['text/xml', 'application/json'] }],
      };
    },
  );

  for (const ext of FORMATS) app.get(
    `/services.${ext}`,
    { schema: { tags, summary: 'Open311 service list: one service per ticket kind, then every active category (metadata: true when it has an attribute form)', response: { 200: Type.Array(Service) } } },
    async () => [...TICKET_KINDS.map(presentService), ...(await categories.listCategories(ctx.db, true)).map(presentCategoryService)],
  );

  app.get(
    '/services/:file',
    {
      schema: {
        tags,
        summary: 'Open311 service definition ({service_code}.json): a category\'s attribute form as attributes (a kind has none)',
        params: Type.Object({ file: Type.String({ maxLength: 60 }) }),
        response: { 200: Type.Object({ service_code: Type.String(), attributes: Type.Array(Type.Unknown()) }), ...errors(400, 404) },
      },
    },
    async (request) => {
      const code = fileName(request.params.file);
      if (kindOfServiceCode(code)) return { service_code: code, attributes: [] };
      const category = (await categories.listCategories(ctx.db, true)).find((c) => c.code === code);
      if (!category) throw new Open311Refusal(404, `service_code ${code} not found`);
      return { service_code: code, attributes: open311Attributes(category.fields) };
    },
  );

  for (const ext of FORMATS) app.post(
    `/requests.${ext}`,
    {
      schema: {
        tags,
        summary: 'Open311: create a service request (form-encoded or JSON); answers its service_request_id',
        body: Type.Object(
          {
            api_key: ApiKey,
            service_code: Type.String({ maxLength: 60 }),
            jurisdiction_id: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: 'GB/T 2260 division; defaults to the API client\'s division' })),
            lat: Type.Optional(Type.Union([Type.String(), Type.Number()])),
            long: Type.Optional(Type.Union([Type.String(), Type.Number()])),
            address_string: Type.Optional(Type.String({ maxLength: 200 })),
            address_id: Type.Optional(Type.String({ maxLength: 100 })),
            email: Type.Optional(Type.String({ maxLength: 200 })),
            device_id: Type.Optional(Type.String({ maxLength: 200 })),
            account_id: Type.Optional(Type.String({ maxLength: 200 })),
            first_name: Type.Optional(Type.String({ maxLength: 50 })),
            last_name: Type.Optional(Type.String({ maxLength: 50 })),
            phone: Type.Optional(Type.String({ maxLength: 30 })),
            description: Type.String({ minLength: 5, maxLength: 4000 }),
            media_url: Type.Optional(Type.String({ maxLength: 500, pattern: '^https?://' })),
          },
          { additionalProperties: true, description: 'attribute[CODE] (attribute[CODE][] for lists): answers to the service definition\'s attributes' },
        ),
        response: { 200: Type.Array(Type.Object({ service_request_id: Type.String(), service_notice: Type.String(), account_id: Type.Null() })), ...errors(400, 403, 404, 429) },
      },
    },
    async (request) => {
      const body = request.body;
      const api = await apiClientOf(ctx, request.principal, body.api_key, request.ip);
      const category = kindOfServiceCode(body.service_code) ? null : (await categories.listCategories(ctx.db, true)).find((c) => c.code === body.service_code);
      const kind = kindOfServiceCode(body.service_code) ?? (category?.kind as TicketKind | undefined) ?? null;
      if (!kind) throw new Open311Refusal(404, `service_code ${body.service_code} not found`);
      const attributes = attributesOfForm(body as Record<string, unknown>);
      const lat = coordinate(body.lat, 'lat');
      const long = coordinate(body.long, 'long');
      if ((lat === null) !== (long === null)) throw new Open311Refusal(400, 'lat and long go together');
      const address = str(body.address_string);
      if (lat === null && address === null && !str(body.address_id)) throw new Open311Refusal(400, 'a location is required: lat & long, address_string or address_id');
      const row = await service.submitOpen311(
        ctx,
        api,
        {
          kind, regionCode: str(body.jurisdiction_id), description: body.description, address, lat, long,
          firstName: str(body.first_name), lastName: str(body.last_name), phone: str(body.phone), email: str(body.email), mediaUrl: str(body.media_url),
          categoryId: category?.id ?? null, attributes: category ? attributes : undefined,
        },
        requestMeta(request),
      );
      return [{ service_request_id: row.number, service_notice: `已收到，将于 ${row.dueAt.toISOString()} 前答复`, account_id: null }];
    },
  );

  const listQuery = Type.Object({
    api_key: ApiKey,
    service_request_id: Type.Optional(Type.String({ maxLength: 4000, description: 'comma-separated ids' })),
    service_code: Type.Optional(Type.String({ maxLength: 400, description: 'comma-separated codes' })),
    start_date: Type.Optional(Type.String({ maxLength: 40 })),
    end_date: Type.Optional(Type.String({ maxLength: 40 })),
    status: Type.Optional(Type.String({ maxLength: 20, description: 'open, closed or open,closed' })),
  });

  for (const ext of FORMATS) app.get(
    `/requests.${ext}`,
    {
      schema: {
        tags,
        summary: 'Open311: service requests in the key\'s region (default the last 90 days; at most 90 days and 1 000 results)',
        querystring: listQuery,
        response: { 200: Type.Array(Request), ...errors(400, 403, 429) },
      },
    },
    async (request) => {
      const q = request.query;
      const api = await apiClientOf(ctx, request.principal, q.api_key, request.ip);
      const now = new Date();
      const end = dateParam(q.end_date, 'end_date') ?? now;
      const start = dateParam(q.start_date, 'start_date') ?? new Date(end.getTime() - MAX_QUERY_DAYS * 86_400_000);
      if (start > end) throw new Open311Refusal(400, 'start_date is after end_date');
      if (end.getTime() - start.getTime() > MAX_QUERY_DAYS * 86_400_000) throw new Open311Refusal(400, `a query spans at most ${MAX_QUERY_DAYS} days`);
      const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);
      const ids = list(q.service_request_id);
      if (ids && ids.length > MAX_RESULTS) throw new Open311Refusal(400, `at most ${MAX_RESULTS} ids`);
      const codes = list(q.service_code);
      const names = await serviceNames(ctx);
      const codeToCategory = new Map([...names].map(([id, n]) => [n.code, id]));
      if (codes?.some((c) => !kindOfServiceCode(c) && !codeToCategory.has(c))) throw new Open311Refusal(400, 'unknown service_code');
      const kinds = codes?.map((c) => kindOfServiceCode(c)).filter((k): k is TicketKind => k !== null);
      const categoryIds = codes?.map((c) => codeToCategory.get(c)).filter((id): id is string => id !== undefined);
      const statusList = list(q.status);
      if (statusList?.some((s) => s !== 'open' && s !== 'closed')) throw new Open311Refusal(400, 'status is open or closed');
      const statuses = statusList && statusList.length === 1 ? TICKET_STATUSES.filter((s) => open311Status(s) === statusList[0]) : undefined;
      // Asked by id: the window does not apply (the spec ignores other filters then).
      const rows = await service.queryOpen311(
        ctx,
        api,
        { ids, kinds: ids ? undefined : kinds, categoryIds: ids ? undefined : categoryIds, statuses: ids ? undefined : statuses, from: ids ? new Date(0) : start, to: ids ? now : end, limit: MAX_RESULTS },
        requestMeta(request),
      );
      return rows.map((r) => presentRequest(r, names));
    },
  );

  for (const ext of FORMATS) app.get(
    `/servicerequestupdates.${ext}`,
    {
      schema: {
        tags,
        summary: 'Open311 updates feed: every change of status of the key\'s region\'s requests in a window (default the last 90 days; at most 90 days and 1 000 updates, oldest first)',
        querystring: Type.Object({ api_key: ApiKey, start_date: Type.Optional(Type.String({ maxLength: 40 })), end_date: Type.Optional(Type.String({ maxLength: 40 })) }),
        response: { 200: Type.Array(RequestUpdate), ...errors(400, 403, 429) },
      },
    },
    async (request) => {
      const q = request.query;
      const api = await apiClientOf(ctx, request.principal, q.api_key, request.ip);
      const end = dateParam(q.end_date, 'end_date') ?? new Date();
      const start = dateParam(q.start_date, 'start_date') ?? new Date(end.getTime() - MAX_QUERY_DAYS * 86_400_000);
      if (start > end) throw new Open311Refusal(400, 'start_date is after end_date');
      if (end.getTime() - start.getTime() > MAX_QUERY_DAYS * 86_400_000) throw new Open311Refusal(400, `a query spans at most ${MAX_QUERY_DAYS} days`);
      const rows = await service.open311Updates(ctx, api, { from: start, to: end, limit: MAX_RESULTS }, requestMeta(request));
      return rows.map(presentUpdate);
    },
  );

  app.get(
    '/tokens/:file',
    {
      schema: {
        tags,
        summary: 'Open311: the service_request_id of a token ({token}.json). Requests get their id at once, so the token is the id itself',
        params: Type.Object({ file: Type.String({ maxLength: 60 }) }),
        querystring: Type.Object({ api_key: ApiKey }),
        response: { 200: Type.Array(Type.Object({ service_request_id: Type.String(), token: Type.String() })), ...errors(400, 403, 404, 429) },
      },
    },
    async (request) => {
      const token = fileName(request.params.file);
      const api = await apiClientOf(ctx, request.principal, request.query.api_key, request.ip);
      const rows = await service.queryOpen311(ctx, api, { ids: [token], from: new Date(0), to: new Date(), limit: 1 }, requestMeta(request));
      if (rows.length === 0) throw new Open311Refusal(404, `token ${token} not found`);
      return [{ service_request_id: rows[0].number, token }];
    },
  );

  app.get(
    '/requests/:file',
    {
      schema: {
        tags,
        summary: 'Open311: one service request ({service_request_id}.json), as a one-element list',
        params: Type.Object({ file: Type.String({ maxLength: 60 }) }),
        querystring: Type.Object({ api_key: ApiKey }),
        response: { 200: Type.Array(Request), ...errors(400, 403, 404, 429) },
      },
    },
    async (request) => {
      const id = fileName(request.params.file);
      const api = await apiClientOf(ctx, request.principal, request.query.api_key, request.ip);
      const rows = await service.queryOpen311(ctx, api, { ids: [id], from: new Date(0), to: new Date(), limit: 1 }, requestMeta(request));
      if (rows.length === 0) throw new Open311Refusal(404, `service_request_id ${id} not found`);
      const names = await serviceNames(ctx);
      return rows.map((r) => presentRequest(r, names));
    },
  );
}
