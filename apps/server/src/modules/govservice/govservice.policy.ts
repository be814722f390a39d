import { defineActions } from '../../platform/access/policy.ts';
import type { StaffRole } from '../../platform/access/principal.ts';

/** The acceptance window (一窗受理) and catalogue editors: the government service centre. */
export const WINDOW_ROLES = ['service_center'] as const satisfies readonly StaffRole[];
/** Reviewing departments: officers review the parts of applications assigned to their own department within their region. */
export const REVIEW_ROLES = ['service_center', 'health', 'police', 'big_data', 'county_command'] as const satisfies readonly StaffRole[];

/**
 * Who may do what with government services. The catalogue is public (no action); applying is a citizen's
 * (as a person or as an enterprise's authorised agent); region and department scope apply per record.
 */
export const GovserviceActions = defineActions('govservice', {
  'govservice.own.apply': { who: 'citizen', description: 'File, follow, correct and supply one\'s own applications; sign commitments' },
  'govservice.item.manage': { who: 'staff', roles: [...WINDOW_ROLES], description: 'Edit and publish service items of one\'s region (new versions; old applications keep theirs)' },
  'govservice.workbench.read': { who: 'staff', roles: [...REVIEW_ROLES], description: 'Applications of one\'s region (window) or department (reviewers), masked and audited' },
  'govservice.application.accept': { who: 'staff', roles: [...WINDOW_ROLES], description: 'Pre-review: return for correction, accept (also 容缺), refuse; grant the green channel' },
  'govservice.application.review': { who: 'staff', roles: [...REVIEW_ROLES], description: 'Decide one\'s department\'s part of an accepted application' },
  'govservice.inspection.record': { who: 'staff', roles: [...REVIEW_ROLES], description: 'Record the outcome of a post-approval inspection of a commitment (a failure revokes the approval)' },
  'govservice.verify.host': { who: 'staff', roles: [...REVIEW_ROLES], description: '云核验: publish one\'s availability for remote verification, see one\'s bookings, record outcomes' },
  'govservice.project.manage': { who: 'staff', roles: [...WINDOW_ROLES], description: '直通车: create park projects of one\'s region, assign the dedicated handler, link applications' },
  'govservice.project.read': { who: 'staff', roles: [...REVIEW_ROLES], description: '直通车: the projects one handles (or, for the window, of one\'s region) with all their applications across departments (masked, audited)' },
});
