import { defineModule } from '../modules/module.ts';
import { ApprovalErrors } from './approvals.errors.ts';
import * as tables from './approvals.tables.ts';

/** Maker-checker: propose → approve by a different officer of the same scope → apply, with expiry and audit. */
export { approvalStatus, decideApproval, findApproval, listApprovals, proposeApproval, readApproval, withdrawApproval, DEFAULT_APPROVAL_HOURS, type ApprovalRow } from './approvals.service.ts';
export { ApprovalErrors } from './approvals.errors.ts';

/** The approvals platform piece: its table and error codes; the modules using it own their routes. */
export const ApprovalsModule = defineModule({
  name: 'approvals',
  dependsOn: ['audit'],
  errors: [ApprovalErrors],
  tables,
});
