import { defineActions } from '../access/policy.ts';
import type { StaffRole } from '../access/principal.ts';

/** Departments that handle services and tickets: they rectify bad ratings and may appeal malicious ones. */
export const RATED_ROLES = ['service_center', 'health', 'police', 'county_command', 'big_data', 'supervision'] as const satisfies readonly StaffRole[];
/** 督查室 and the service centre oversee 好差评: they see every department's tasks in their region. */
export const OVERSEER_ROLES = ['supervision', 'service_center'] as const satisfies readonly StaffRole[];

/** Who may do what with 好差评. Ratings themselves are recorded by the module that did the handling (tickets, govservice). */
export const EvaluationActions = defineActions('evaluations', {
  'evaluations.rectification.read': { who: 'staff', roles: [...RATED_ROLES], description: 'Rectification tasks and appeals of one\'s department (overseers: of one\'s region); applicants masked' },
  'evaluations.rectification.handle': { who: 'staff', roles: [...RATED_ROLES], description: 'Record the rectification and the callback (回访) of a bad rating of one\'s department' },
  'evaluations.appeal.propose': { who: 'staff', roles: [...RATED_ROLES], description: 'Appeal a malicious bad rating of one\'s department (decided by a supervisor)' },
  'evaluations.appeal.decide': { who: 'staff', roles: ['supervision'], description: 'Uphold or reject an appeal (maker-checker: not the officer who appealed)' },
  'evaluations.figures.read': { who: 'staff', roles: ['supervision', 'service_center', 'big_data'], description: 'Monthly 好差评 figures by item and department in one\'s region, and their XLSX export' },
});
