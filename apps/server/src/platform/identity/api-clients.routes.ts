import { Type } from 'typebox';
import { ApiClient, CreateApiClientRequest, CreatedApiClient } from '@fangxian/contracts/identity';
import { ErrorBodySchema } from '@fangxian/contracts/kernel';
import type { App, AppContext } from '../http/context.ts';
import { asStaff } from '../access/policy.ts';
import { IdentityActions } from './identity.policy.ts';
import { createApiClient, knownApiPermissions, listApiClients, revokeApiClient } from './api-clients.service.ts';
import { requestMeta } from './request-meta.ts';

/** Open-API clients: keys for other government systems, with named permissions. */
export async function apiClientRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    '/admin/api-clients',
    {
      config: { action: IdentityActions['identity.api-client.list'] },
      schema: { tags: ['admin'], summary: 'List open-API clients', response: { 200: Type.Array(ApiClient), 401: ErrorBodySchema, 403: ErrorBodySchema } },
    },
    async (request) => listApiClients(ctx, asStaff(request.principal!)),
  );
  app.get(
    '/admin/api-permissions',
    {
      config: { action: IdentityActions['identity.api-client.list'] },
      schema: {
        tags: ['admin'],
        summary: 'Permissions an API client can be given, with the actions each allows',
        response: { 200: Type.Array(Type.Object({ permission: Type.String(), actions: Type.Array(Type.String()), descriptions: Type.Array(Type.String()) })), 401: ErrorBodySchema, 403: ErrorBodySchema },
      },
    },
    async () => knownApiPermissions(ctx.policy),
  );
  app.post(
    '/admin/api-clients',
    {
      config: { action: IdentityActions['identity.api-client.create'] },
      schema: {
        tags: ['admin'],
        summary: 'Create an open-API client scoped to a region within the creator\'s (default: the creator\'s); the key is shown only in this response',
        body: CreateApiClientRequest,
        response: { 201: CreatedApiClient, 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createApiClient(ctx, asStaff(request.principal!), request.body, requestMeta(request))),
  );
  app.delete(
    '/admin/api-clients/:id',
    {
      config: { action: IdentityActions['identity.api-client.revoke'] },
      schema: {
        tags: ['admin'],
        summary: 'Revoke an open-API client',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (request, reply) => {
      await revokeApiClient(ctx, asStaff(request.principal!), request.params.id, requestMeta(request));
      return reply.status(204).send(null);
    },
  );
}
