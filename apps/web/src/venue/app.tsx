/** The venue portal (场所端): antd, for venue staff accounts. */
import { StaffApp } from '../staff/staff-app.tsx';
import { venuePages, venueSections } from './nav.tsx';

/** Root component of the venue portal; every page admits venue staff. */
export function VenueApp() {
  return <StaffApp basename="/venue" namespace="venue" pages={venuePages} sections={venueSections} baseRoles={['venue_staff']} forbiddenKey="venue:forbidden" />;
}
