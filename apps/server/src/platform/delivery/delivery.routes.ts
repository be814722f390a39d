import { Type } from 'typebox';
import { errorResponses } from '@fangxian/contracts/kernel';
import { MultilineText, PrintableText } from '@fangxian/contracts/text';
import { maskAddress, maskName, maskPhone } from '../crypto/masking.ts';
import type { FieldCipher } from '../crypto/field-cipher.ts';
import type { App, AppContext } from '../http/context.ts';
import { requestMeta } from '../identity/request-meta.ts';
import { DeliveryActions as A } from './delivery.policy.ts';
import { SHIPMENT_DIRECTIONS, SHIPMENT_STATUSES } from './delivery.rules.ts';
import * as service from './delivery.service.ts';

const lit = <T extends string>(values: readonly T[]) => Type.Unsafe<T>(Type.Union(values.map((v) => Type.Literal(v))));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Status = lit(SHIPMENT_STATUSES);
const Direction = lit(SHIPMENT_DIRECTIONS);
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Address = Type.Object({ id: Type.String(), recipient: Type.String(), phone: Type.String(), address: Type.String(), regionCode: Type.String(), createdAt: Type.String({ format: 'date-time' }) });
const TimelineEntry = Type.Object({ status: Status, source: Type.String(), note: Nullable(Type.String()), at: Type.String({ format: 'date-time' }) });
const Shipment = Type.Object({
  id: Type.String(),
  number: Type.String(),
  direction: Direction,
  status: Status,
  regionCode: Type.String(),
  department: Type.String(),
  contents: Type.String(),
  carrier: Type.String(),
  adapter: Type.String({ description: 'manual, or the carrier adapter that created the waybill (local = the outbox)' }),
  trackingNumber: Type.String(),
  sourceType: Nullable(Type.String()),
  sourceId: Nullable(Type.String()),
  applicant: Type.Object({ recipient: Type.String(), phone: Type.String(), address: Type.String() }, { description: 'masked for staff, in full for the applicant' }),
  createdAt: Type.String({ format: 'date-time' }),
  timeline: Type.Array(TimelineEntry),
});
const UpdateResult = Type.Object({ duplicate: Type.Boolean({ description: 'the same event id was already recorded: nothing changed' }), shipment: Shipment });

function present(row: service.ShipmentRow, events: service.ShipmentEventRow[], cipher: FieldCipher, masked: boolean) {
  const d = (c: string) => cipher.decrypt(c) ?? '';
  return {
    id: row.id, number: row.number, direction: row.direction as 'outbound' | 'return', status: row.status as (typeof SHIPMENT_STATUSES)[number], regionCode: row.regionCode,
    department: row.department, contents: row.contents, carrier: row.carrier, adapter: row.adapter, trackingNumber: row.trackingNumber, sourceType: row.sourceType, sourceId: row.sourceId,
    applicant: masked
      ? { recipient: maskName(d(row.recipientCipher)), phone: maskPhone(d(row.phoneCipher)), address: maskAddress(d(row.addressCipher)) }
      : { recipient: d(row.recipientCipher), phone: d(row.phoneCipher), address: d(row.addressCipher) },
    createdAt: row.createdAt.toISOString(),
    timeline: events.map((e) => ({ status: e.status as (typeof SHIPMENT_STATUSES)[number], source: e.source, note: e.note, at: e.at.toISOString() })),
  };
}

/** 政务快递: the citizen's addresses and shipments, officers' shipments and outbox, carriers' status callbacks. */
export async function deliveryRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['delivery'];
  const withTimelines = async (rows: service.ShipmentRow[], masked: boolean) => {
    const timelines = await service.timelineOf(ctx, rows.map((r) => r.id));
    return rows.map((r) => present(r, timelines.get(r.id) ?? [], ctx.cipher, masked));
  };

  app.get(
    '/delivery/addresses',
    { config: { action: A['delivery.address.manage'] }, schema: { tags, summary: 'My delivery addresses', response: { 200: Type.Array(Address), ...errorResponses(401, 403) } } },
    async (request) =>
      (await service.addressesOf(ctx, request.principal as never)).map((r) => ({
        id: r.id, recipient: ctx.cipher.decrypt(r.recipientCipher) ?? '', phone: ctx.cipher.decrypt(r.phoneCipher) ?? '', address: ctx.cipher.decrypt(r.addressCipher) ?? '', regionCode: r.regionCode, createdAt: r.createdAt.toISOString(),
      })),
  );

  app.post(
    '/delivery/addresses',
    {
      config: { action: A['delivery.address.manage'] },
      schema: {
        tags,
        summary: 'Add a delivery address (encrypted at rest)',
        body: Type.Object(
          {
            recipient: PrintableText({ maxLength: 50 }),
            phone: Type.String({ pattern: '^[0-9+\\- ]{5,20}$' }),
            address: PrintableText({ minLength: 4, maxLength: 200 }),
            regionCode: Type.String({ pattern: '^\\d{6}$' }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String() }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send({ id: (await service.saveAddress(ctx, request.principal as never, request.body)).id }),
  );

  app.delete(
    '/delivery/addresses/:id',
    { config: { action: A['delivery.address.manage'] }, schema: { tags, summary: 'Delete one of my addresses', params: IdParams, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) } } },
    async (request, reply) => {
      await service.deleteAddress(ctx, request.principal as never, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/delivery/shipments/mine',
    { config: { action: A['delivery.own.read'] }, schema: { tags, summary: 'My shipments with their status timelines', response: { 200: Type.Array(Shipment), ...errorResponses(401, 403) } } },
    async (request) => withTimelines(await service.shipmentsOfCitizen(ctx, request.principal as never), false),
  );

  app.get(
    '/delivery/shipments',
    { config: { action: A['delivery.shipment.manage'] }, schema: { tags, summary: 'Shipments of my region, newest first (addresses masked; audited)', response: { 200: Type.Array(Shipment), ...errorResponses(401, 403) } } },
    async (request) => withTimelines(await service.shipmentsForStaff(ctx, request.principal!, requestMeta(request)), true),
  );

  app.post(
    '/delivery/shipments',
    {
      config: { action: A['delivery.shipment.manage'] },
      schema: {
        tags,
        summary: 'Create a shipment: a carrier with an adapter gets its waybill from it (政务专递（本地） = the local outbox), any other needs the tracking number',
        body: Type.Object(
          {
            direction: Direction,
            addressId: Type.String({ format: 'uuid', description: 'the applicant\'s chosen address' }),
            regionCode: Type.String({ pattern: '^\\d{6}$' }),
            departmentAddress: Type.Optional(Nullable(PrintableText({ maxLength: 200 }))),
            contents: PrintableText({ minLength: 2, maxLength: 200 }),
            carrier: PrintableText({ minLength: 2, maxLength: 40 }),
            trackingNumber: Type.Optional(Nullable(Type.String({ pattern: '^[A-Za-z0-9\\-]{6,40}$' }))),
            sourceType: Type.Optional(Nullable(PrintableText({ maxLength: 60 }))),
            sourceId: Type.Optional(Nullable(PrintableText({ maxLength: 60 }))),
          },
          { additionalProperties: false },
        ),
        response: { 201: Shipment, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const staff = request.principal as Extract<typeof request.principal, { kind: 'staff' }>;
      const row = await service.createShipment(ctx, staff!, { ...request.body, department: staff!.department }, requestMeta(request));
      return reply.status(201).send((await withTimelines([row], true))[0]);
    },
  );

  app.post(
    '/delivery/shipments/:id/events',
    {
      config: { action: A['delivery.shipment.manage'] },
      schema: {
        tags,
        summary: 'Record a status of a shipment of my region (idempotent by eventId; the status only moves forward; audited)',
        params: IdParams,
        body: Type.Object({ status: Status, note: Type.Optional(Nullable(MultilineText({ maxLength: 200 }))), eventId: Type.Optional(Nullable(PrintableText({ maxLength: 80 }))) }, { additionalProperties: false }),
        response: { 200: UpdateResult, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const r = await service.recordStatusAsOfficer(ctx, request.principal!, request.params.id, request.body, requestMeta(request));
      return { duplicate: r.duplicate, shipment: (await withTimelines([r.row], true))[0] };
    },
  );

  app.get(
    '/delivery/outbox',
    {
      config: { action: A['delivery.outbox.read'] },
      schema: {
        tags,
        summary: 'The local carrier adapter\'s outbox of my region: the waybill requests it would have sent to a carrier (addresses masked)',
        response: {
          200: Type.Array(Type.Object({ id: Type.String(), shipmentId: Type.String(), carrier: Type.String(), trackingNumber: Type.String(), request: Type.Record(Type.String(), Type.Unknown()), createdAt: Type.String({ format: 'date-time' }) })),
          ...errorResponses(401, 403),
        },
      },
    },
    async (request) =>
      (await service.outboxForStaff(ctx, request.principal!)).map((r) => ({ id: r.id, shipmentId: r.shipmentId, carrier: r.carrier, trackingNumber: r.trackingNumber, request: r.request, createdAt: r.createdAt.toISOString() })),
  );

  app.post(
    '/delivery/carriers/:adapter/updates',
    {
      config: { action: A['delivery.carrier.update'] },
      schema: {
        tags,
        summary: 'A carrier\'s status callback through its adapter (webhook): idempotent by eventId, the status only moves forward',
        params: Type.Object({ adapter: Type.String({ pattern: '^[a-z0-9-]{2,30}$' }) }),
        body: Type.Object(
          {
            trackingNumber: PrintableText({ minLength: 6, maxLength: 40 }),
            eventId: PrintableText({ maxLength: 80 }),
            status: Status,
            at: Type.String({ format: 'date-time' }),
            note: Type.Optional(Nullable(MultilineText({ maxLength: 200 }))),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ duplicate: Type.Boolean(), status: Status }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const r = await service.receiveCarrierUpdate(ctx, request.params.adapter, request.body);
      return { duplicate: r.duplicate, status: r.row.status as (typeof SHIPMENT_STATUSES)[number] };
    },
  );
}
