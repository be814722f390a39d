import { defineActions } from '../../platform/access/policy.ts';

/** Who may do what with health codes (region scope is applied per record by the service). */
export const HealthCodeActions = defineActions('health-code', {
  'health-code.declaration.submit': { who: 'citizen', description: 'Submit one\'s own health and trip declarations' },
  'health-code.own-code.read': { who: 'citizen', description: 'See one\'s own code, its reasons, history and facts; refresh the QR token' },
  'health-code.correction.request': { who: 'citizen', description: 'Ask for a correction of one of one\'s own facts (纠错)' },
  'health-code.code.verify': { who: 'staff', roles: ['venue_staff', 'health', 'police'], description: 'Verify a citizen\'s code at the door (验码)' },
  'health-code.correction.review': { who: 'staff', roles: ['health', 'county_command'], description: 'Review correction requests in one\'s region' },
  'health-code.override.manage': { who: 'staff', roles: ['health', 'county_command'], description: 'Propose or approve (a different officer) a manual override in one\'s region' },
  'health-code.release.confirm': { who: 'staff', roles: ['county_command'], description: 'Confirm a red → green release in one\'s region (县级指挥部)' },
  'health-code.rule-set.manage': { who: 'staff', roles: ['health'], description: 'Draft, dry-run, publish and roll back colour rule sets' },
  'health-code.person.lookup': { who: 'staff', roles: ['health', 'county_command', 'police'], description: 'See a person\'s code and its history by document number (audited)' },
  'health-code.issuer.manage': { who: 'staff', roles: ['sys_admin', 'health'], description: 'Manage trusted other issuers (互认)' },
  'health-code.open.generate': { who: 'api', permission: 'healthcode.generate', description: 'Open API: generate a code for a person (GB/T 38963 code generation)' },
  'health-code.open.verify': { who: 'api', permission: 'healthcode.verify', description: 'Open API: verify a code (GB/T 38963 code verification)' },
});
