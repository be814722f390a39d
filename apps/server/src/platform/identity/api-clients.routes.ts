import { Type } from 'typebox';
import { ApiClient, CreateApiClientRequest, CreatedApiClient } from '@fangxian/contracts/identity';
import type { App, AppContext } from '../http/context.ts';
import { IdentityActions } from './identity.policy.ts';
import { createApiClient, knownApiPermissions, listApiClients, revokeApiClient } from './api-clients.service.ts';
import { requestMeta } from './request-meta.ts';
import { ErrorBody } from './identity.routes.ts';

/** Open-API clients: keys for other government systems, with named permissions. */
export async function apiClientRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    '/admin/api-clients',
    {
      config: { action: IdentityActions['apiClients.list'] },
      schema: { tags: ['admin'], summary: 'List open-API clients', response: { 200: Type.Array(ApiClient), 401: ErrorBody, 403: ErrorBody } },
    },
    async () => listApiClients(ctx),
  );
  app.get(
    '/admin/api-permissions',
    {
      config: { action: IdentityActions['apiClients.list'] },
      schema: {
        tags: ['admin'],
        summary: 'Permissions an API client can be given, with the actions each allows',
        response: { 200: Type.Array(Type.Object({ permission: Type.String(), actions: Type.Array(Type.String()), descriptions: Type.Array(Type.String()) })), 401: ErrorBody, 403: ErrorBody },
      },
    },
    async () => knownApiPermissions(),
  );
  app.post(
    '/admin/api-clients',
    {
      config: { action: IdentityActions['apiClients.create'] },
      schema: {
        tags: ['admin'],
        summary: 'Create an open-API client; the key is shown only in this response',
        body: CreateApiClientRequest,
        response: { 201: CreatedApiClient, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => reply.status(201).send(await createApiClient(ctx, request.principal!, request.body, requestMeta(request))),
  );
  app.delete(
    '/admin/api-clients/:id',
    {
      config: { action: IdentityActions['apiClients.revoke'] },
      schema: {
        tags: ['admin'],
        summary: 'Revoke an open-API client',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      await revokeApiClient(ctx, request.principal!, request.params.id, requestMeta(request));
      return reply.status(204).send(null);
    },
  );
}
