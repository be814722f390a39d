/** The venue portal once signed in: its pages and menu in the shared staff shell (a lazily loaded chunk, see app.tsx). */
import { StaffShell } from '../staff/staff-shell.tsx';
import { setupVenueI18n } from './i18n.ts';
import { venuePages, venueSections } from './nav.tsx';

// Every namespace the pages use (main.tsx started with the sign-in page's strings only).
setupVenueI18n();

/** Every page needs the staff member's own venue (venue staff only). */
export default function VenueShell() {
  return <StaffShell namespace="venue" pages={venuePages} sections={venueSections} baseActions={['venues.own-venue.read']} forbiddenKey="venue:forbidden" />;
}
