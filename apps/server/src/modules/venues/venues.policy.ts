import { defineActions } from '../../platform/access/policy.ts';

/** Officers who review venues and see their scans and flags (within their region). */
export const VENUE_OFFICER_ROLES = ['big_data', 'county_command', 'health'] as const;

/** Who may do what with venues, place codes and scans; region scope is checked per venue. */
export const VenueActions = defineActions('venues', {
  'venues.venue.register': { who: 'signed-in', description: 'Register a venue (its owner as a citizen, or an officer on its behalf)' },
  'venues.venue-type.list': { who: 'signed-in', description: 'List venue types and their default stay lengths' },
  'venues.own-venue.read': { who: 'staff', roles: ['venue_staff'], description: 'The venue of the signed-in venue staff' },
  'venues.own-application.list': { who: 'citizen', description: 'A citizen\'s own venue registrations and their review state' },
  'venues.venue.list': { who: 'staff', roles: [...VENUE_OFFICER_ROLES, 'service_center'], description: 'List venues in the officer\'s region' },
  'venues.venue.read': { who: 'staff', roles: [...VENUE_OFFICER_ROLES, 'service_center', 'venue_staff'], description: 'Read a venue (officers in region; venue staff of that venue)' },
  'venues.venue.decide': { who: 'staff', roles: VENUE_OFFICER_ROLES, description: 'Approve or reject a venue registration' },
  'venues.staff.list': { who: 'staff', roles: [...VENUE_OFFICER_ROLES, 'venue_staff'], description: 'List a venue\'s staff accounts' },
  'venues.staff.create': { who: 'staff', roles: [...VENUE_OFFICER_ROLES, 'venue_staff'], description: 'Attach a venue staff account (officer, or the venue\'s manager)' },
  'venues.place-code.read': { who: 'staff', roles: [...VENUE_OFFICER_ROLES, 'venue_staff'], description: 'Get the static place code and printable poster' },
  'venues.place-code.rotate': { who: 'staff', roles: [...VENUE_OFFICER_ROLES, 'venue_staff'], description: 'Withdraw every printed poster and issue a new static code' },
  'venues.dynamic-code.read': { who: 'staff', roles: ['venue_staff'], description: 'The rotating place code for the venue\'s screen' },
  'venues.scan.list': { who: 'staff', roles: [...VENUE_OFFICER_ROLES, 'venue_staff'], description: 'A venue\'s scans of a day (masked), counts by colour, stop list' },
  'venues.manual-scan.record': { who: 'staff', roles: ['venue_staff'], description: 'Record a visit by hand (person without a phone)' },
  'venues.flag.list': { who: 'staff', roles: [...VENUE_OFFICER_ROLES, 'supervision'], description: 'Place-code abuse flags in the officer\'s region' },
  'venues.scan.create': { who: 'citizen', description: 'Scan a venue\'s place code' },
  'venues.own-scan.list': { who: 'citizen', description: 'A citizen\'s own recent scans' },
  'venues.retention.read': { who: 'staff', roles: ['sys_admin', 'supervision'], description: 'Scan retention setting and last purge' },
  'venues.retention.purge': { who: 'staff', roles: ['sys_admin'], description: 'Run the scan retention purge now' },
});
