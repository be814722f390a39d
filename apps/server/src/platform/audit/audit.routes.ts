import { divisionPrefix, ErrorBodySchema } from '@fangxian/contracts/kernel';
import type { App, AppContext } from '../http/context.ts';
import { asStaff } from '../access/policy.ts';
import { recordAudit, verifyAuditChain } from './audit.service.ts';
import { searchAuditRows } from './audit.repository.ts';
import { presentAudit } from './audit.presenter.ts';
import { namePartiesOf } from './audit.names.ts';
import { AuditActions } from './audit.policy.ts';
import { AuditPage, AuditQuery, AuditVerdict } from '@fangxian/contracts/audit';

/**
 * Region a reader of the audit trail is limited to. Records without a region (sign-ins, platform
 * settings) are shown to city-level (or wider) officers, not to county-level ones.
 */
function auditScope(regionCode: string): { regionPrefix: string; includeUnregioned: boolean } {
  const regionPrefix = divisionPrefix(regionCode);
  return { regionPrefix, includeUnregioned: regionPrefix.length <= 4 };
}

/** The audit trail in the console: search (itself audited) and end-to-end chain verification. */
export async function auditRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    '/admin/audit',
    {
      config: { action: AuditActions['audit.trail.search'] },
      schema: {
        tags: ['audit'],
        summary: 'Search the audit trail, newest first (cursor = nextCursor of the previous page)',
        querystring: AuditQuery,
        response: { 200: AuditPage, 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema },
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
        action: 'audit.trail.search',
        regionCode: staff.regionCode || null,
        detail: { filters, results: rows.length },
        ip: request.ip,
        requestId: request.id,
      });
      const names = await namePartiesOf(ctx.db, ctx.cipher, rows);
      return { items: rows.map((row) => presentAudit(row, names)), nextCursor: rows.length === limit ? String(rows[rows.length - 1].seq) : null };
    },
  );

  app.post(
    '/admin/audit/verify',
    {
      config: { action: AuditActions['audit.chain.verify'] },
      schema: {
        tags: ['audit'],
        summary: 'Verify the whole audit hash chain; brokenAt is the first record that does not match',
        response: { 200: AuditVerdict, 401: ErrorBodySchema, 403: ErrorBodySchema },
      },
    },
    async (request) => {
      const staff = asStaff(request.principal!);
      const verdict = await verifyAuditChain(ctx.db);
      await recordAudit(ctx.db, {
        actor: staff,
        action: 'audit.chain.verify',
        outcome: verdict.ok ? 'ok' : 'failed',
        detail: { checked: verdict.checked, ...(verdict.brokenAt ? { brokenAt: verdict.brokenAt } : {}) },
        ip: request.ip,
        requestId: request.id,
      });
      return { ok: verdict.ok, checked: verdict.checked, ...(verdict.brokenAt ? { brokenAt: verdict.brokenAt } : {}) };
    },
  );
}
