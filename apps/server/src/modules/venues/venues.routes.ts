import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { ErrorBodySchema } from '@fangxian/contracts/kernel';
import { asCitizen, asStaff } from '../../platform/access/policy.ts';
import type { App, AppContext } from '../../platform/http/context.ts';
import { posterData, dynamicCode, rotateStaticCode } from './venues.codes.ts';
import { listFlags } from './venues.flags.ts';
import { VenueActions as A } from './venues.policy.ts';
import { purgeExpiredScans, retentionStatus } from './venues.retention.ts';
import { myScans, recordManualScan, scanPlaceCode, venueDay } from './venues.scans.ts';
import * as S from './venues.schemas.ts';
import { attachVenueStaff, decideVenue, listMyApplications, listVenueStaff, listVenues, myVenue, readVenue, registerVenue } from './venues.service.ts';
import { VENUE_TYPES, VENUE_TYPE_NAMES } from './venues.types.ts';

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema };
const meta = (request: FastifyRequest) => ({ ip: request.ip, requestId: request.id });
const tags = ['venues'];
/** The poster renderer (pdfkit, fontkit, qrcode: ~0.3 s to load) loads on the first poster request, not at start-up. */
const poster = () => import('./venues.poster.ts');

/** HTTP adapter of venues, place codes, scans and scan retention. */
export async function venueRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get('/venues/types', {
    config: { action: A['venues.venue-type.list'] },
    schema: { tags, summary: 'Venue types and default stay lengths', response: { 200: Type.Array(S.VenueTypeInfo), ...errors } },
  }, async () => VENUE_TYPE_NAMES.map((type) => ({ type, zh: VENUE_TYPES[type].zh, en: VENUE_TYPES[type].en, stayMinutes: VENUE_TYPES[type].stayMinutes })));

  app.post('/venues', {
    config: { action: A['venues.venue.register'] },
    schema: { tags, summary: 'Register a venue for review', body: S.VenueInputSchema, response: { 201: S.VenueSchema, ...errors } },
  }, async (request, reply) => reply.status(201).send(await registerVenue(ctx, request.principal!, request.body, meta(request))));

  app.get('/venues', {
    config: { action: A['venues.venue.list'] },
    schema: { tags, summary: 'Venues in the officer\'s region', querystring: S.VenueListQuery, response: { 200: S.VenuePage, ...errors } },
  }, async (request) => listVenues(ctx, asStaff(request.principal!), request.query));

  app.get('/venues/mine', {
    config: { action: A['venues.own-venue.read'] },
    schema: { tags, summary: 'The venue of the signed-in venue staff', response: { 200: S.VenueSchema, ...errors } },
  }, async (request) => myVenue(ctx, asStaff(request.principal!)));

  app.get('/venues/applications', {
    config: { action: A['venues.own-application.list'] },
    schema: { tags, summary: 'The signed-in citizen\'s venue registrations', response: { 200: Type.Array(S.VenueSchema), ...errors } },
  }, async (request) => listMyApplications(ctx, asCitizen(request.principal!).citizenId));

  app.get('/venues/flags', {
    config: { action: A['venues.flag.list'] },
    schema: { tags, summary: 'Place-code abuse flags in the officer\'s region', querystring: S.FlagQuery, response: { 200: Type.Array(S.FlagSchema), ...errors } },
  }, async (request) => listFlags(ctx, asStaff(request.principal!), request.query));

  app.get('/venues/:id', {
    config: { action: A['venues.venue.read'] },
    schema: { tags, summary: 'One venue (contact masked; audited)', params: S.IdParams, response: { 200: S.VenueSchema, ...errors } },
  }, async (request) => readVenue(ctx, asStaff(request.principal!), request.params.id, meta(request)));

  app.post('/venues/:id/decision', {
    config: { action: A['venues.venue.decide'] },
    schema: { tags, summary: 'Approve or reject a pending venue', params: S.IdParams, body: S.DecisionBody, response: { 200: S.VenueSchema, ...errors } },
  }, async (request) => decideVenue(ctx, asStaff(request.principal!), request.params.id, request.body.decision, request.body.note, meta(request)));

  app.get('/venues/:id/staff', {
    config: { action: A['venues.staff.list'] },
    schema: { tags, summary: 'Staff accounts of a venue', params: S.IdParams, response: { 200: Type.Array(S.VenueStaffSchema), ...errors } },
  }, async (request) => listVenueStaff(ctx, asStaff(request.principal!), request.params.id, meta(request)));

  app.post('/venues/:id/staff', {
    config: { action: A['venues.staff.create'] },
    schema: { tags, summary: 'Attach a venue staff account (the first becomes the venue manager)', params: S.IdParams, body: S.StaffInputSchema, response: { 201: S.VenueStaffSchema, ...errors } },
  }, async (request, reply) => reply.status(201).send(await attachVenueStaff(ctx, asStaff(request.principal!), request.params.id, request.body, meta(request))));

  app.get('/venues/:id/place-code', {
    config: { action: A['venues.place-code.read'] },
    schema: { tags, summary: 'The static place code and what the printable poster shows', params: S.IdParams, response: { 200: S.PosterSchema, ...errors } },
  }, async (request) => posterData(ctx, asStaff(request.principal!), request.params.id));

  app.post('/venues/:id/place-code/rotate', {
    config: { action: A['venues.place-code.rotate'] },
    schema: { tags, summary: 'Withdraw every printed poster and issue a new static code', params: S.IdParams, response: { 200: S.PosterSchema, ...errors } },
  }, async (request) => rotateStaticCode(ctx, asStaff(request.principal!), request.params.id, meta(request)));

  app.get('/venues/:id/poster.png', {
    config: { action: A['venues.place-code.read'] },
    schema: { tags, summary: 'Printable poster (PNG)', params: S.IdParams, produces: ['image/png'], response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors, 503: ErrorBodySchema } },
  }, async (request, reply) => {
    const data = await posterData(ctx, asStaff(request.principal!), request.params.id);
    const png = await (await poster()).renderPosterPng(data, ctx.config.cjkFontPath);
    return reply.type('image/png').header('content-disposition', `inline; filename="place-code-${request.params.id}.png"`).header('cache-control', 'no-store').send(png);
  });

  app.get('/venues/:id/poster.pdf', {
    config: { action: A['venues.place-code.read'] },
    schema: { tags, summary: 'Printable poster (A4 PDF)', params: S.IdParams, produces: ['application/pdf'], response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors, 503: ErrorBodySchema } },
  }, async (request, reply) => {
    const data = await posterData(ctx, asStaff(request.principal!), request.params.id);
    const pdf = await (await poster()).renderPosterPdf(data, ctx.config.cjkFontPath);
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="place-code-${request.params.id}.pdf"`).header('cache-control', 'no-store').send(pdf);
  });

  app.get('/venues/:id/dynamic-code', {
    config: { action: A['venues.dynamic-code.read'] },
    schema: { tags, summary: 'The rotating place code for the venue\'s screen (changes every 30 s)', params: S.IdParams, response: { 200: S.DynamicCodeSchema, ...errors } },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return dynamicCode(ctx, asStaff(request.principal!), request.params.id);
  });

  app.get('/venues/:id/scans', {
    config: { action: A['venues.scan.list'] },
    schema: { tags, summary: 'A day\'s scans (masked), counts by colour and the stop list', params: S.IdParams, querystring: S.DayQuery, response: { 200: S.DaySchema, ...errors } },
  }, async (request) => venueDay(ctx, asStaff(request.principal!), request.params.id, request.query, meta(request)));

  app.post('/venues/:id/scans/manual', {
    config: { action: A['venues.manual-scan.record'] },
    schema: {
      tags,
      summary: 'Record a visit by hand (phone or ID number): never proves presence; the same 202 whether the number is registered or not; rate-limited per staff account',
      params: S.IdParams,
      body: S.ManualScanBody,
      response: { 202: S.ManualScanAcceptedSchema, ...errors, 429: ErrorBodySchema },
    },
  }, async (request, reply) => reply.status(202).send(await recordManualScan(ctx, asStaff(request.principal!), request.params.id, request.body, meta(request))));

  app.post('/scans', {
    config: { action: A['venues.scan.create'] },
    schema: {
      tags,
      summary: 'Scan a venue\'s place code; answers the entry page once the scan is committed (201), or the visit already recorded within the repeat window (200, repeat: true)',
      body: S.ScanBody,
      response: { 201: S.EntryPageSchema, 200: S.EntryPageSchema, ...errors },
    },
  }, async (request, reply) => {
    const entry = await scanPlaceCode(ctx, asCitizen(request.principal!).citizenId, request.body);
    return reply.status(entry.repeat ? 200 : 201).send(entry);
  });

  app.get('/scans/mine', {
    config: { action: A['venues.own-scan.list'] },
    schema: { tags, summary: 'The citizen\'s own scans of the last days', querystring: Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 28 })) }, { additionalProperties: false }), response: { 200: Type.Array(S.MyScanSchema), ...errors } },
  }, async (request) => myScans(ctx, asCitizen(request.principal!).citizenId, request.query.days ?? 14));

  app.get('/admin/retention', {
    config: { action: A['venues.retention.read'] },
    schema: { tags: ['admin'], summary: 'Scan retention setting and the last purge', response: { 200: S.RetentionSchema, ...errors } },
  }, async () => retentionStatus(ctx));

  app.post('/admin/retention/purge', {
    config: { action: A['venues.retention.purge'] },
    schema: { tags: ['admin'], summary: 'Run the scan retention purge now', response: { 200: S.PurgeSchema, ...errors } },
  }, async (request) => purgeExpiredScans(ctx, 'manual', request.principal!));
}
