import { Type } from 'typebox';
import type { App, AppContext } from '../http/context.ts';
import { asStaff } from '../access/policy.ts';
import { recordAudit, verifyAuditChain } from './audit.service.ts';
import { searchAuditRows } from './audit.repository.ts';
import { presentAudit } from './audit.presenter.ts';
import { AuditActions } from './audit.policy.ts';

const ErrorSchema = Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Any()) });
const Id = Type.String({ minLength: 1, maxLength: 100 });
const AuditViewSchema = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorType: Type.String(),
  actorId: Type.String(),
  action: Type.String(),
  subjectType: Type.Union([Type.String(), Type.Null()]),
  subjectId: Type.Union([Type.String(), Type.Null()]),
  regionCode: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
  detail: Type.Record(Type.String(), Type.Any()),
  ip: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  hash: Type.String(),
});
const VerdictSchema = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  brokenAt: Type.Optional(Type.Object({ seq: Type.Integer(), reason: Type.Union([Type.Literal('hash_mismatch'), Type.Literal('link_mismatch')]) })),
});

/**
 * Region a reader of the audit trail is limited to. Records without a region (sign-ins, platform
 * settings) are shown to city-level (or wider) officers, not to county-level ones.
 */
function auditScope(regionCode: string): { regionPrefix: string; includeUnregioned: boolean } {
  const regionPrefix = regionCode.replace(/(00)+$/, '');
  return { regionPrefix, includeUnregioned: regionPrefix.length <= 4 };
}

/** The audit trail in the console: search (itself audited) and end-to-end chain verification. */
export async function auditRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    '/admin/audit',
    {
      config: { action: AuditActions['audit.search'] },
      schema: {
        tags: ['audit'],
        summary: 'Search the audit trail, newest first (cursor = nextCursor of the previous page)',
        querystring: Type.Object({
          actorId: Type.Optional(Id),
          subjectType: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
          subjectId: Type.Optional(Id),
          action: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9_.-]+(\\.\\*)?$', description: 'exact action, or a prefix ending in .*' })),
          from: Type.Optional(Type.String({ format: 'date-time' })),
          to: Type.Optional(Type.String({ format: 'date-time' })),
          cursor: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,15}$' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(AuditViewSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }), 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request) => {
      const staff = asStaff(request.principal!);
      const q = request.query;
      const limit = q.limit ?? 50;
      const rows = await searchAuditRows(ctx.db, {
        actorId: q.actorId,
        subjectType: q.subjectType,
        subjectId: q.subjectId,
        action: q.action,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        beforeSeq: q.cursor ? Number(q.cursor) : undefined,
        ...auditScope(staff.regionCode),
        limit,
      });
      // Reading the trail is itself an access worth recording (who looked at whose history).
      const filters = Object.fromEntries(Object.entries({ actorId: q.actorId, subjectType: q.subjectType, subjectId: q.subjectId, action: q.action, from: q.from, to: q.to, cursor: q.cursor }).filter(([, v]) => v !== undefined));
      await recordAudit(ctx.db, {
        actor: staff,
        action: 'audit.search',
        regionCode: staff.regionCode || null,
        detail: { filters, results: rows.length },
        ip: request.ip,
        requestId: request.id,
      });
      return { items: rows.map(presentAudit), nextCursor: rows.length === limit ? String(rows[rows.length - 1].seq) : null };
    },
  );

  app.post(
    '/admin/audit/verify',
    {
      config: { action: AuditActions['audit.verify'] },
      schema: {
        tags: ['audit'],
        summary: 'Verify the whole audit hash chain; brokenAt is the first record that does not match',
        response: { 200: VerdictSchema, 401: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request) => {
      const staff = asStaff(request.principal!);
      const verdict = await verifyAuditChain(ctx.db);
      await recordAudit(ctx.db, {
        actor: staff,
        action: 'audit.verify',
        outcome: verdict.ok ? 'ok' : 'failed',
        detail: { checked: verdict.checked, ...(verdict.brokenAt ? { brokenAt: verdict.brokenAt } : {}) },
        ip: request.ip,
        requestId: request.id,
      });
      return { ok: verdict.ok, checked: verdict.checked, ...(verdict.brokenAt ? { brokenAt: verdict.brokenAt } : {}) };
    },
  );
}
