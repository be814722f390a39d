import { Type } from 'typebox';
import { errorResponses, isDay } from '@fangxian/contracts/kernel';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import type { App, AppContext } from '../../platform/http/context.ts';
import { requestMeta } from '../../platform/identity/request-meta.ts';
import { HallActions as A } from './hall.policy.ts';
import { presentBooking, presentDevice, presentHall, presentTicketForStaff, presentWaiting, presentWindow } from './hall.presenter.ts';
import * as service from './hall.service.ts';

const lit = <T extends string>(values: readonly T[]) => Type.Unsafe<T>(Type.Union(values.map((v) => Type.Literal(v))));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });
const IdParams = Type.Object({ id: Uuid });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (China time)' });
const HHMM = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });
const ItemCode = Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z_.\\-]+$', description: 'Service item code (事项编码) of the catalogue' });

const Item = Type.Object({ code: ItemCode, name: Type.String({ minLength: 1, maxLength: 100 }) });
const Hall = Type.Object({ id: Type.String(), name: Type.String(), regionCode: Type.String(), address: Type.String(), slotMinutes: Type.Integer(), bookingDays: Type.Integer() });
const Window = Type.Object({
  id: Type.String(), hallId: Type.String(), number: Type.Integer(), name: Type.String(), items: Type.Array(Item), openHours: Type.Array(Type.String()),
  slotCapacity: Type.Integer(), staffIds: Type.Array(Type.String()), active: Type.Boolean(),
});
const Device = Type.Object({ id: Type.String(), hallId: Type.String(), name: Type.String(), kind: Type.String(), keyPrefix: Nullable(Type.String()), lastUsedAt: Nullable(Type.String()), createdAt: Type.String() });
const HallWithWindows = Type.Object({ ...Hall.properties, windows: Type.Array(Window) });
const Booking = Type.Object({
  id: Type.String(), code: Type.String({ description: 'Booking code (预约码) to show at the kiosk' }), status: lit(['active', 'cancelled', 'arrived'] as const), hallId: Type.String(), hallName: Type.String(),
  address: Type.String(), windowNumber: Type.Integer(), windowName: Type.String(), itemCode: Type.String(), itemName: Type.String(), day: Type.String(), slotStart: Type.String(), slotEnd: Type.String(), createdAt: Type.String(),
});
const Kind = lit(['appointment', 'walk_in'] as const);
const StaffTicket = Type.Object({
  id: Type.String(), number: Type.String(), kind: Kind, itemCode: Type.String(), itemName: Type.String(), slotStart: Nullable(Type.String()), priority: Type.Boolean(), priorityReason: Nullable(Type.String()),
  status: lit(['waiting', 'called', 'served', 'no_show'] as const), visitor: Nullable(Type.String({ description: 'masked name' })), transferred: Type.Boolean(), issuedAt: Type.String(), calledAt: Nullable(Type.String()),
});
const Waiting = Type.Object({ id: Type.String(), number: Type.String(), kind: Kind, itemName: Type.String(), slotStart: Nullable(Type.String()), priority: Type.Boolean(), transferred: Type.Boolean(), issuedAt: Type.String() });
const HandlingTotals = Type.Object({ served: Type.Integer(), online: Type.Integer(), onsiteShare: Nullable(Type.Number({ description: 'served / (served + online), in %' })) });
/** A day range of at most 93 days. */
function checkRange(from: string, to: string): void {
  if (!isDay(from) || !isDay(to) || from > to || Date.parse(to) - Date.parse(from) > 93 * 86_400_000) throw new AppError(CommonErrors.VALIDATION_FAILED, { field: 'from/to' });
}
const WindowBody = {
  number: Type.Integer({ minimum: 1, maximum: 999 }),
  name: Type.String({ minLength: 1, maxLength: 50 }),
  items: Type.Array(Item, { maxItems: 100 }),
  openHours: Type.Array(Type.String({ maxLength: 11 }), { maxItems: 6, description: 'e.g. ["09:00-12:00", "13:30-17:00"]' }),
  slotCapacity: Type.Integer({ minimum: 0, maximum: 100 }),
  staffIds: Type.Array(Uuid, { maxItems: 50 }),
  active: Type.Optional(Type.Boolean()),
};

/** Service hall: setup (console), bookings (citizen app), the kiosk (API key), window desks, the calling screen and daily counts. */
export async function hallRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['hall'];

  // ---- administration -------------------------------------------------------------------------
  app.get(
    '/hall/halls',
    { config: { action: A['hall.hall.read'] }, schema: { tags, summary: 'The halls of my region with their windows', response: { 200: Type.Array(HallWithWindows), ...errorResponses(401, 403) } } },
    async (request) => (await service.listHalls(ctx, request.principal!)).map(({ hall, windows }) => ({ ...presentHall(hall), windows: windows.map(presentWindow) })),
  );

  app.post(
    '/hall/halls',
    {
      config: { action: A['hall.hall.manage'] },
      schema: {
        tags, summary: 'Create a hall (政务服务大厅) in a division within my region',
        body: Type.Object({
          name: Type.String({ minLength: 2, maxLength: 100 }), regionCode: Type.String({ pattern: '^\\d{6}$', description: 'GB/T 2260' }), address: Type.Optional(Type.String({ maxLength: 200 })),
          slotMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 240 })), bookingDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
        }, { additionalProperties: false }),
        response: { 201: Hall, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(presentHall(await service.createHall(ctx, request.principal!, request.body, requestMeta(request)))),
  );

  app.get(
    '/hall/halls/:id',
    {
      config: { action: A['hall.hall.read'] },
      schema: {
        tags, summary: 'One hall: windows (with assigned staff names) and kiosk devices', params: IdParams,
        response: { 200: Type.Object({ ...Hall.properties, windows: Type.Array(Window), devices: Type.Array(Device), staff: Type.Array(Type.Object({ id: Type.String(), username: Type.String(), displayName: Type.String() })) }), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const d = await service.hallDetail(ctx, request.principal!, request.params.id);
      return { ...presentHall(d.hall), windows: d.windows.map(presentWindow), devices: d.devices.map(presentDevice), staff: d.staff.map((s) => ({ id: s.id, username: s.username, displayName: s.displayName })) };
    },
  );

  app.patch(
    '/hall/halls/:id',
    {
      config: { action: A['hall.hall.manage'] },
      schema: {
        tags, summary: 'Change a hall\'s name, address, slot length or booking horizon', params: IdParams,
        body: Type.Object({
          name: Type.Optional(Type.String({ minLength: 2, maxLength: 100 })), address: Type.Optional(Type.String({ maxLength: 200 })),
          slotMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 240 })), bookingDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
        }, { additionalProperties: false }),
        response: { 200: Hall, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => presentHall(await service.updateHall(ctx, request.principal!, request.params.id, request.body, requestMeta(request))),
  );

  app.post(
    '/hall/halls/:id/windows',
    {
      config: { action: A['hall.hall.manage'] },
      schema: { tags, summary: 'Add a window: number, name, the items it handles, open hours, appointments per slot, assigned staff', params: IdParams, body: Type.Object(WindowBody, { additionalProperties: false }), response: { 201: Window, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    async (request, reply) => reply.status(201).send(presentWindow(await service.createWindow(ctx, request.principal!, request.params.id, request.body, requestMeta(request)))),
  );

  app.patch(
    '/hall/windows/:id',
    {
      config: { action: A['hall.hall.manage'] },
      schema: { tags, summary: 'Change a window', params: IdParams, body: Type.Partial(Type.Object(WindowBody), { additionalProperties: false }), response: { 200: Window, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    async (request) => presentWindow(await service.updateWindow(ctx, request.principal!, request.params.id, request.body, requestMeta(request))),
  );

  const DeviceWithKey = Type.Object({ ...Device.properties, key: Type.String({ description: 'The kiosk\'s API key (x-api-key), shown once' }) });
  app.post(
    '/hall/halls/:id/kiosks',
    {
      config: { action: A['hall.hall.manage'] },
      schema: { tags, summary: 'Register a kiosk (取号机): an API key holding only hall.kiosk, bound to this hall; the key is shown once', params: IdParams, body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 50 }) }, { additionalProperties: false }), response: { 201: DeviceWithKey, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request, reply) => {
      const { device, key } = await service.createKiosk(ctx, request.principal!, request.params.id, request.body.name, requestMeta(request));
      return reply.status(201).send({ ...presentDevice({ ...device, keyPrefix: key.slice(0, 12) }), key });
    },
  );

  app.post(
    '/hall/kiosks/:id/key',
    {
      config: { action: A['hall.hall.manage'] },
      schema: { tags, summary: 'Issue a new key for a kiosk (the old key stops working); shown once', params: IdParams, response: { 200: DeviceWithKey, ...errorResponses(401, 403, 404) } },
    },
    async (request) => {
      const { device, key } = await service.rotateKioskKey(ctx, request.principal!, request.params.id, requestMeta(request));
      return { ...presentDevice({ ...device, keyPrefix: key.slice(0, 12) }), key };
    },
  );

  // ---- citizens ---------------------------------------------------------------------------------
  app.get(
    '/hall/bookable',
    { config: { action: A['hall.own-booking.manage'] }, schema: { tags, summary: 'Halls open for appointments and the items their windows handle', response: { 200: Type.Array(Type.Object({ ...Hall.properties, items: Type.Array(Item) })), ...errorResponses(401, 403) } } },
    async () => (await service.hallsForCitizens(ctx)).map(({ hall, items }) => ({ ...presentHall(hall), items })),
  );

  app.get(
    '/hall/bookable/:id/slots',
    {
      config: { action: A['hall.own-booking.manage'] },
      schema: {
        tags, summary: 'The slots of a day for an item at a hall, with places left (working days only)', params: IdParams,
        querystring: Type.Object({ itemCode: ItemCode, day: Day }),
        response: {
          200: Type.Object({ hall: Hall, item: Item, day: Type.String(), days: Type.Array(Type.String(), { description: 'bookable days from today' }), slots: Type.Array(Type.Object({ start: Type.String(), end: Type.String(), capacity: Type.Integer(), booked: Type.Integer(), bookable: Type.Boolean() })) }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      if (!isDay(request.query.day)) throw new AppError(CommonErrors.VALIDATION_FAILED, { field: 'day' });
      const a = await service.availability(ctx, request.params.id, request.query.itemCode, request.query.day);
      return { hall: presentHall(a.hall), item: a.item, day: a.day, days: a.days, slots: a.slots };
    },
  );

  app.post(
    '/hall/bookings',
    {
      config: { action: A['hall.own-booking.manage'] },
      schema: {
        tags, summary: 'Book a slot for on-site handling (one active booking per item; capacity per slot)',
        body: Type.Object({ hallId: Uuid, itemCode: ItemCode, day: Day, slotStart: HHMM }, { additionalProperties: false }),
        response: { 201: Booking, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      if (!isDay(request.body.day)) throw new AppError(CommonErrors.VALIDATION_FAILED, { field: 'day' });
      const b = await service.book(ctx, request.principal!, request.body, requestMeta(request));
      const [mine] = (await service.myBookings(ctx, request.principal!)).filter((m) => m.booking.id === b.id);
      return reply.status(201).send(presentBooking(mine.booking, mine.hall, mine.window));
    },
  );

  app.get(
    '/hall/bookings/mine',
    { config: { action: A['hall.own-booking.manage'] }, schema: { tags, summary: 'My appointments, latest day first', response: { 200: Type.Array(Booking), ...errorResponses(401, 403) } } },
    async (request) => (await service.myBookings(ctx, request.principal!)).map((m) => presentBooking(m.booking, m.hall, m.window)),
  );

  app.post(
    '/hall/bookings/mine/:id/cancel',
    { config: { action: A['hall.own-booking.manage'] }, schema: { tags, summary: 'Cancel my appointment', params: IdParams, response: { 200: Booking, ...errorResponses(401, 403, 404, 409) } } },
    async (request) => {
      const b = await service.cancelBooking(ctx, request.principal!, request.params.id, requestMeta(request));
      const [mine] = (await service.myBookings(ctx, request.principal!)).filter((m) => m.booking.id === b.id);
      return presentBooking(mine.booking, mine.hall, mine.window);
    },
  );

  // ---- kiosk ------------------------------------------------------------------------------------
  app.get(
    '/hall/kiosk',
    {
      config: { action: A['hall.kiosk.issue'] },
      schema: { tags, summary: 'Kiosk: its hall and the business types of the open windows', response: { 200: Type.Object({ hall: Hall, device: Type.Object({ id: Type.String(), name: Type.String() }), items: Type.Array(Item) }), ...errorResponses(401, 403) } },
    },
    async (request) => {
      const k = await service.kioskInfo(ctx, request.principal!);
      return { hall: presentHall(k.hall), device: { id: k.device.id, name: k.device.name }, items: k.items };
    },
  );

  app.post(
    '/hall/kiosk/tickets',
    {
      config: { action: A['hall.kiosk.issue'] },
      schema: {
        tags, summary: 'Kiosk: verify the visitor\'s health code (only green passes) and issue a queue number for an appointment or a walk-in business',
        body: Type.Object({
          healthToken: Type.String({ minLength: 10, maxLength: 2000, description: 'The health-code QR content the visitor shows' }),
          mode: Kind,
          bookingCode: Type.Optional(Nullable(Type.String({ minLength: 4, maxLength: 20 }))),
          itemCode: Type.Optional(Nullable(ItemCode)),
          priority: Type.Optional(Type.Boolean({ description: '优先: elderly, disabled, pregnant …' })),
          priorityReason: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
        }, { additionalProperties: false }),
        response: {
          201: Type.Object({
            number: Type.String(), kind: Kind, itemName: Type.String(), slotStart: Nullable(Type.String()), priority: Type.Boolean(), hallName: Type.String(), issuedAt: Type.String(),
            colour: Type.String(), visitor: Type.String({ description: 'masked name' }), ahead: Type.Integer({ description: 'numbers before this one' }), windows: Type.Array(Type.Integer()),
          }),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const r = await service.issueTicket(ctx, request.principal!, request.body, requestMeta(request));
      return reply.status(201).send({
        number: r.ticket.number, kind: r.ticket.kind as 'appointment' | 'walk_in', itemName: r.ticket.itemName, slotStart: r.ticket.slotStart, priority: r.ticket.priority, hallName: r.hall.name,
        issuedAt: r.ticket.issuedAt.toISOString(), colour: r.colour, visitor: r.maskedName, ahead: r.ahead, windows: r.windows,
      });
    },
  );

  // ---- window desk ------------------------------------------------------------------------------
  const DeskView = Type.Object({ hall: Hall, window: Window, current: Nullable(StaffTicket), waiting: Type.Array(Waiting), others: Type.Array(Type.Object({ id: Type.String(), number: Type.Integer(), name: Type.String() })) });
  const presentDesk = (d: Awaited<ReturnType<typeof service.desk>>) => ({
    hall: presentHall(d.hall), window: presentWindow(d.window), current: d.current ? presentTicketForStaff(d.current, ctx.cipher) : null, waiting: d.waiting.map(presentWaiting),
    others: d.others.map((w) => ({ id: w.id, number: w.number, name: w.name })),
  });
  app.get(
    '/hall/windows/:id/desk',
    { config: { action: A['hall.window.operate'] }, schema: { tags, summary: 'A window\'s desk: the number being served (visitor masked, audited) and the queue in calling order', params: IdParams, response: { 200: DeskView, ...errorResponses(401, 403, 404) } } },
    async (request) => presentDesk(await service.desk(ctx, request.principal!, request.params.id, requestMeta(request))),
  );

  app.post(
    '/hall/windows/:id/call',
    { config: { action: A['hall.window.operate'] }, schema: { tags, summary: 'Call the next number: transfers, appointments at their time, 优先, then in order of issue', params: IdParams, response: { 200: StaffTicket, ...errorResponses(401, 403, 404, 409) } } },
    async (request) => presentTicketForStaff((await service.callNext(ctx, request.principal!, request.params.id, requestMeta(request))).ticket, ctx.cipher),
  );

  const TicketParams = Type.Object({ id: Uuid, ticketId: Uuid });
  app.post(
    '/hall/windows/:id/tickets/:ticketId/finish',
    {
      config: { action: A['hall.window.operate'] },
      schema: { tags, summary: 'Mark the number being served as served or as a no-show (过号)', params: TicketParams, body: Type.Object({ outcome: lit(['served', 'no_show'] as const) }, { additionalProperties: false }), response: { 200: StaffTicket, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    async (request) => presentTicketForStaff(await service.finish(ctx, request.principal!, request.params.id, request.params.ticketId, request.body.outcome, requestMeta(request)), ctx.cipher),
  );

  app.post(
    '/hall/windows/:id/tickets/:ticketId/transfer',
    {
      config: { action: A['hall.window.operate'] },
      schema: { tags, summary: 'Transfer the number being served to another window of the hall (it waits there first in line)', params: TicketParams, body: Type.Object({ toWindowId: Uuid }, { additionalProperties: false }), response: { 200: StaffTicket, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    async (request) => presentTicketForStaff(await service.transfer(ctx, request.principal!, request.params.id, request.params.ticketId, request.body.toWindowId, requestMeta(request)), ctx.cipher),
  );

  // ---- calling screen (public) and counts ---------------------------------------------------------
  app.get(
    '/hall/screens/:id',
    {
      schema: {
        tags, summary: 'Calling screen (大屏叫号): the latest calls and the waiting count per business; numbers only, no personal data', params: IdParams, security: [],
        response: {
          200: Type.Object({
            hallName: Type.String(), day: Type.String(), now: Type.String(),
            calls: Type.Array(Type.Object({ id: Type.String(), number: Type.String(), windowNumber: Nullable(Type.Integer()), windowName: Nullable(Type.String()), itemName: Type.String(), status: Type.String(), calledAt: Type.String() })),
            waiting: Type.Array(Type.Object({ itemCode: Type.String(), itemName: Type.String(), waiting: Type.Integer() })),
          }),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request, reply) => {
      const s = await service.screen(ctx, request.params.id);
      reply.header('cache-control', 'no-store');
      return {
        hallName: s.hall.name, day: s.day, now: new Date().toISOString(),
        calls: s.calls.map((c) => {
          const w = s.windows.find((x) => x.id === c.windowId);
          return { id: c.id, number: c.number, windowNumber: w?.number ?? null, windowName: w?.name ?? null, itemName: c.itemName, status: c.status, calledAt: c.calledAt!.toISOString() };
        }),
        waiting: s.waiting,
      };
    },
  );

  app.get(
    '/hall/halls/:id/stats',
    {
      config: { action: A['hall.stats.read'] },
      schema: {
        tags, summary: 'Daily counts of a hall: numbers issued, served, no-shows, average wait, appointments vs walk-ins, online handling and the on-site share', params: IdParams,
        querystring: Type.Object({ from: Day, to: Day }),
        response: {
          200: Type.Object({
            hall: Hall,
            days: Type.Array(Type.Object({
              day: Type.String(), issued: Type.Integer(), served: Type.Integer(), noShows: Type.Integer(), appointments: Type.Integer(), walkIns: Type.Integer(), priority: Type.Integer(), avgWaitMinutes: Nullable(Type.Number()),
              online: Type.Integer({ description: 'Applications submitted online that day for the items of this hall (govservice)' }),
              onsiteShare: Nullable(Type.Number({ description: 'served / (served + online), in %' })),
            })),
            totals: HandlingTotals,
          }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      checkRange(from, to);
      const s = await service.stats(ctx, request.principal!, request.params.id, from, to);
      return { hall: presentHall(s.hall), days: s.days.map(({ avgWaitSeconds, ...d }) => ({ ...d, avgWaitMinutes: avgWaitSeconds === null ? null : Math.round((avgWaitSeconds / 60) * 10) / 10 })), totals: s.totals };
    },
  );

  app.get(
    '/hall/handling',
    {
      config: { action: A['hall.stats.read'] },
      schema: {
        tags, summary: 'On-site versus online handling in one\'s region per day: matters served at hall windows, applications submitted online, the on-site share',
        querystring: Type.Object({ from: Day, to: Day }),
        response: {
          200: Type.Object({
            halls: Type.Integer(),
            days: Type.Array(Type.Object({ day: Type.String(), served: Type.Integer(), online: Type.Integer(), onsiteShare: Nullable(Type.Number()) })),
            totals: HandlingTotals,
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      checkRange(from, to);
      return service.handling(ctx, request.principal!, from, to);
    },
  );
}
