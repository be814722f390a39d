import { defineActions } from '../access/policy.ts';

/** Who may read and check the audit trail: administrators and the supervision office (督查室). */
export const AuditActions = defineActions('audit', {
  'audit.trail.search': { who: 'staff', roles: ['sys_admin', 'supervision'], description: 'Search the audit trail (within the officer\'s region)' },
  'audit.chain.verify': { who: 'staff', roles: ['sys_admin', 'supervision'], description: 'Verify the audit hash chain end to end' },
});
