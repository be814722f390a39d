import { defineModule } from '../modules/module.ts';
import { AuditActions } from './audit.policy.ts';
import { auditRoutes } from './audit.routes.ts';
import * as tables from './audit.tables.ts';

/** The audit trail: one hash chain per deployment, appended inside the writer's transaction. */
export { appendAudit, appendAuditMany, recordAudit, verifyAuditChain } from './audit.service.ts';

/** The audit platform piece: its tables and the console's search and chain verification. */
export const AuditModule = defineModule({
  name: 'audit',
  actions: [AuditActions],
  tables,
  routes: auditRoutes,
});
