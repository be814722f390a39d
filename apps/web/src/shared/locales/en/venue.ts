/** Venue portal strings (namespace `venue`). */
import type { LocaleShape } from '../../i18n/i18n.ts';
import type zh from '../zh-CN/venue.ts';

const venue: LocaleShape<typeof zh> = {
  appTitle: 'Venue portal',
  signIn: { title: 'Venue portal', subtitle: 'Sign-in for staff of shops, transport, schools and workplaces' },
  nav: { dashboard: 'Dashboard' },
  dashboard: {
    welcome: 'Hello, {{name}}',
    account: 'Your account',
    displayName: 'Name',
    department: 'Organisation',
    region: 'Region',
    allRegions: 'All regions',
    venue: 'Venue',
    venueUnreadable: 'The venue cannot be read right now',
    noVenue: 'This account is not linked to a venue yet. Ask your system administrator.',
    guideTitle: 'Entry control',
    guide: 'Ask everyone entering to show their health code or scan the venue code. Green passes; handle yellow and red as the control rules require and report them.',
  },
  forbidden: 'The venue portal is for venue staff; your account does not have the venue staff role.',
};
export default venue;
