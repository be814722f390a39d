import { defineActions } from '../../platform/access/policy.ts';

/** Who may keep case files and trace (region scope is applied per case), and the citizen's self-check. */
export const TracingActions = defineActions('tracing', {
  'tracing.case.manage': {
    who: 'staff',
    roles: ['health', 'county_command'],
    description: 'Register, read and change case files, itineraries and contacts in one\'s region (流调)',
  },
  'tracing.itinerary.publish': { who: 'staff', roles: ['health'], description: 'Approve (or reject) a proposal to publish a case\'s de-identified itinerary, proposed by another officer (卫健委)' },
  'tracing.settings.manage': { who: 'staff', roles: ['health'], description: 'Change the tracing settings: the tracing window per case status and the stay assumed per venue type (city-level health officers; everyone tracing reads them)' },
  'tracing.self-check.run': { who: 'citizen', description: 'Check one\'s own scans and trips against published itineraries (同行程自查)' },
  'tracing.batch-check.run': { who: 'signed-in', description: 'Check an organisation\'s list of staff trips against published de-identified trips (单位批量核查; a citizen acting for an organisation, or an officer)' },
});
