import { defineActions } from '../../platform/access/policy.ts';

/** Who may read and maintain the epidemic registries (region scope is applied per record). */
export const EpidemicActions = defineActions('epidemic', {
  'epidemic.risk-area.list': { who: 'signed-in', description: 'See the risk-area list (citizens and staff)' },
  'epidemic.risk-area.manage': { who: 'staff', roles: ['health'], description: 'Add, change or remove risk areas in one\'s region (卫健委)' },
  'epidemic.person-status.manage': {
    who: 'staff',
    roles: ['health', 'police', 'county_command'],
    description: 'Record, look up and void person statuses and quarantine periods in one\'s region',
  },
  'epidemic.person-status.bulk': {
    who: 'staff',
    roles: ['health', 'county_command'],
    description: 'Propose, or approve as a different officer, a bulk person-status change (maker-checker) in one\'s region',
  },
});
