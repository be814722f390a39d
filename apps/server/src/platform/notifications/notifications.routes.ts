import { Type } from 'typebox';
import { errorResponses } from '@fangxian/contracts/kernel';
import type { App, AppContext } from '../http/context.ts';
import { NotificationActions } from './notifications.policy.ts';
import { inboxOf, markAllRead, markRead } from './notifications.service.ts';

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
}
