import { defineActions } from '../access/policy.ts';
import type { StaffRole } from '../access/principal.ts';

/** Officers who issue and revoke results (the departments that decide service items, and the service centre). */
export const ISSUER_ROLES = ['service_center', 'health', 'police', 'county_command', 'big_data'] as const satisfies readonly StaffRole[];

/** Who may do what with electronic results. Verification by code or by file is public and has no action. */
export const DocumentActions = defineActions('documents', {
  'documents.own.read': { who: 'citizen', description: 'List and download one\'s own electronic results' },
  'documents.document.issue': { who: 'staff', roles: [...ISSUER_ROLES], description: 'Issue a signed certificate or approval letter in one\'s region (audited)' },
  'documents.document.list': { who: 'staff', roles: [...ISSUER_ROLES], description: 'List the documents issued in one\'s region, holders masked (audited)' },
  'documents.document.revoke': { who: 'staff', roles: [...ISSUER_ROLES], description: 'Revoke a document of one\'s region with a reason (audited)' },
});
