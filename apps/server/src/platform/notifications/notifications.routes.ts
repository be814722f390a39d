import { Type } from 'typebox';
import { errorResponses } from '@fangxian/contracts/kernel';
import type { App, AppContext } from '../http/context.ts';
import { NotificationActions } from './notifications.policy.ts';
import { deliveryStatus, webhookOutbox } from './notifications.delivery.ts';
import { inboxOf, markAllRead, markRead, preferencesOf, updatePreferences } from './notifications.service.ts';

const Text = Type.Object({ zh: Type.String(), en: Type.String() });
const Item = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.String({ description: 'module.kind, e.g. checkin.reminder' }),
  title: Text,
  body: Text,
  link: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/** The signed-in person's inbox (citizens and staff alike). */
export async function notificationRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['notifications'];
  app.get(
    '/notifications',
    {
      config: { action: NotificationActions['notifications.inbox.read'] },
      schema: {
        tags,
        summary: 'One\'s own in-app messages, newest first, with the unread count',
        querystring: Type.Object({
          limit: Type.Integer({ minimum: 1, maximum: 100, default: 30 }),
          before: Type.Optional(Type.String({ format: 'date-time' })),
          unreadOnly: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Type.Object({ unread: Type.Integer(), items: Type.Array(Item) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const inbox = await inboxOf(ctx, request.principal!, request.query);
      return {
        unread: inbox.unread,
        items: inbox.items.map((i) => ({ ...i, createdAt: i.createdAt.toISOString(), readAt: i.readAt?.toISOString() ?? null })),
      };
    },
  );
  app.post(
    '/notifications/:id/read',
    {
      config: { action: NotificationActions['notifications.inbox.mark'] },
      schema: { tags, summary: 'Mark one of one\'s messages read', params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) } },
    },
    async (request, reply) => {
      await markRead(ctx, request.principal!, request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/notifications/read-all',
    {
      config: { action: NotificationActions['notifications.inbox.mark'] },
      schema: { tags, summary: 'Mark all one\'s messages read', response: { 200: Type.Object({ marked: Type.Integer() }), ...errorResponses(401, 403) } },
    },
    async (request) => ({ marked: await markAllRead(ctx, request.principal!) }),
  );

  const Channel = Type.Union([Type.Literal('inbox'), Type.Literal('sms'), Type.Literal('webhook')]);
  const TimeOfDay = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM, China time' });
  const Preferences = Type.Object({
    kinds: Type.Array(
      Type.Object({
        kind: Type.String(),
        description: Text,
        mandatory: Type.Array(Channel),
        channels: Type.Object({ inbox: Type.Boolean(), sms: Type.Boolean(), webhook: Type.Boolean() }),
      }),
    ),
    quietHours: Type.Union([Type.Object({ start: TimeOfDay, end: TimeOfDay }), Type.Null()]),
    webhookUrl: Type.Union([Type.String(), Type.Null()]),
  });
  app.get(
    '/notifications/preferences',
    {
      config: { action: NotificationActions['notifications.preferences.manage'] },
      schema: { tags, summary: 'One\'s notification preferences: per message kind and channel, quiet hours, webhook receiver', response: { 200: Preferences, ...errorResponses(401, 403) } },
    },
    async (request) => preferencesOf(ctx, request.principal!),
  );
  app.put(
    '/notifications/preferences',
    {
      config: { action: NotificationActions['notifications.preferences.manage'] },
      schema: {
        tags,
        summary: 'Change one\'s preferences; a new webhook receiver answers its signing secret once',
        body: Type.Object(
          {
            preferences: Type.Optional(Type.Array(Type.Object({ kind: Type.String({ maxLength: 100 }), channel: Channel, enabled: Type.Boolean() }, { additionalProperties: false }), { maxItems: 200 })),
            quietHours: Type.Optional(Type.Union([Type.Object({ start: TimeOfDay, end: TimeOfDay }, { additionalProperties: false }), Type.Null()])),
            webhookUrl: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ preferences: Preferences, webhookSecret: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { webhookSecret } = await updatePreferences(ctx, request.principal!, request.body);
      return { preferences: await preferencesOf(ctx, request.principal!), webhookSecret };
    },
  );
  app.get(
    '/admin/notifications/delivery',
    {
      config: { action: NotificationActions['notifications.delivery.read'] },
      schema: {
        tags,
        summary: 'Delivery status of the last hours: counts by kind, channel and status (no person)',
        querystring: Type.Object({ hours: Type.Integer({ minimum: 1, maximum: 720, default: 24 }) }),
        response: { 200: Type.Array(Type.Object({ kind: Type.String(), channel: Type.String(), status: Type.String(), n: Type.Integer() })), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => deliveryStatus(ctx, request.query.hours),
  );
  app.get(
    '/admin/notifications/webhook-outbox',
    {
      config: { action: NotificationActions['notifications.delivery.read'] },
      schema: {
        tags,
        summary: 'The local webhook receiver: the latest signed posts',
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }),
        response: {
          200: Type.Array(
            Type.Object({ id: Type.String(), notificationId: Type.String(), url: Type.String(), body: Type.String(), signature: Type.String(), timestamp: Type.String(), createdAt: Type.String({ format: 'date-time' }) }),
          ),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => (await webhookOutbox(ctx, request.query.limit)).map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  );
}
