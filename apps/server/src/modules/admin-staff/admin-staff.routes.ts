import { Type } from 'typebox';
import { CreateStaffRequest, StaffAccount, StaffRoleName, StaffVenueOption, StaffVenueOptionsQuery, UpdateStaffRequest } from '@fangxian/contracts/identity';
import { errorResponses } from '@fangxian/contracts/kernel';
import type { App, AppContext } from '../../platform/http/context.ts';
import { asStaff } from '../../platform/access/policy.ts';
import { requestMeta } from '../../platform/identity/request-meta.ts';
import { StaffAdminActions } from './admin-staff.policy.ts';
import { createStaff, listStaff, listVenueOptions, revokeStaffSessions, setStaffPassword, updateStaff } from './admin-staff.service.ts';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** Staff administration (sys_admin, within the admin's region). */
export async function staffAdminRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    '/admin/staff',
    {
      config: { action: StaffAdminActions['admin-staff.staff.list'] },
      schema: {
        tags: ['admin'],
        summary: 'Staff accounts in the administrator\'s region',
        querystring: Type.Object({ includeDisabled: Type.Boolean({ default: true }), role: Type.Optional(StaffRoleName) }),
        response: { 200: Type.Array(StaffAccount), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => listStaff(ctx, asStaff(request.principal!), request.query, requestMeta(request)),
  );
  app.get(
    '/admin/staff/venue-options',
    {
      config: { action: StaffAdminActions['admin-staff.venue-option.list'] },
      schema: {
        tags: ['admin'],
        summary: 'Approved venues in the administrator\'s region, by name, for a venue-staff account',
        querystring: StaffVenueOptionsQuery,
        response: { 200: Type.Array(StaffVenueOption), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => listVenueOptions(ctx, asStaff(request.principal!), request.query.q),
  );
  app.post(
    '/admin/staff',
    {
      config: { action: StaffAdminActions['admin-staff.staff.create'] },
      schema: { tags: ['admin'], summary: 'Create a staff account', body: CreateStaffRequest, response: { 201: StaffAccount, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    async (request, reply) => reply.status(201).send(await createStaff(ctx, asStaff(request.principal!), request.body, requestMeta(request))),
  );
  app.patch(
    '/admin/staff/:id',
    {
      config: { action: StaffAdminActions['admin-staff.staff.update'] },
      schema: {
        tags: ['admin'],
        summary: 'Change a staff account (roles, department, region, disabled)',
        params: IdParams,
        body: UpdateStaffRequest,
        response: { 200: StaffAccount, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => updateStaff(ctx, asStaff(request.principal!), request.params.id, request.body, requestMeta(request)),
  );
  app.post(
    '/admin/staff/:id/revoke-sessions',
    {
      config: { action: StaffAdminActions['admin-staff.staff.revoke-sessions'] },
      schema: { tags: ['admin'], summary: 'Sign the account out everywhere', params: IdParams, response: { 200: Type.Object({ revoked: Type.Integer() }), ...errorResponses(401, 403, 404) } },
    },
    async (request) => revokeStaffSessions(ctx, asStaff(request.principal!), request.params.id, requestMeta(request)),
  );
  app.post(
    '/admin/staff/:id/password',
    {
      config: { action: StaffAdminActions['admin-staff.staff.set-password'] },
      schema: {
        tags: ['admin'],
        summary: 'Set a new password (signs the account out everywhere)',
        params: IdParams,
        body: Type.Object({ password: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await setStaffPassword(ctx, asStaff(request.principal!), request.params.id, request.body.password, requestMeta(request));
      return reply.status(204).send(null);
    },
  );
}
