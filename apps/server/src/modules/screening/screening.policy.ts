import { defineActions } from '../../platform/access/policy.ts';

/**
 * Who may do what with the screening database. Region scope is applied per record: a county command
 * post sees the tasks dispatched (or escalated) to its division, a city officer those of its counties.
 */
export const ScreeningActions = defineActions('screening', {
  'screening.source.manage': { who: 'staff', roles: ['big_data'], description: 'Configure screening sources, their column mappings and the dispatch rules (大数据局)' },
  'screening.source.read': { who: 'staff', roles: ['big_data', 'health', 'police', 'county_command'], description: 'See the screening sources and dispatch rules' },
  'screening.import.create': { who: 'staff', roles: ['big_data', 'health', 'police'], description: 'Upload a list into a source and follow its import; download its rejected rows' },
  'screening.person.read': {
    who: 'staff',
    roles: ['big_data', 'health', 'police', 'county_command'],
    description: 'Look up screened persons of one\'s region with their sources (audited)',
  },
  'screening.review.decide': { who: 'staff', roles: ['big_data', 'county_command'], description: 'Merge or keep apart the pairs the matcher could not decide; undo a merge' },
  'screening.comparison.read': { who: 'staff', roles: ['big_data', 'health'], description: 'Compare sources: who is in one list but not the other, who reported first' },
  'screening.task.read': { who: 'staff', roles: ['big_data', 'health', 'county_command'], description: 'See the follow-up tasks and dashboards of one\'s region' },
  'screening.task.follow-up': {
    who: 'staff',
    roles: ['county_command', 'health'],
    description: 'Record follow-ups, close (销号), reopen and reassign the tasks of one\'s region',
  },
  'screening.export.request': {
    who: 'staff',
    roles: ['big_data', 'health', 'police', 'county_command'],
    description: 'Propose an export of personal data (rejected rows, A-not-B list, task list), see the proposals of one\'s region, download one\'s own once another officer approved it',
  },
  'screening.export.approve': {
    who: 'staff',
    roles: ['big_data', 'health', 'police', 'county_command'],
    description: 'Approve or reject another officer\'s export of personal data (of one\'s region, an export one may see oneself)',
  },
});
