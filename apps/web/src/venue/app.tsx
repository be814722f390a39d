/** The venue portal (场所端): antd, for venue staff accounts. */
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from '../shared/query/query-client.ts';
import { StaffApp } from '../staff/staff-app.tsx';
import { venuePages, venueSections } from './nav.tsx';

// The portal's server state (its user, its venue, the day's scans, place codes) lives in this one client.
const queryClient = createQueryClient();

/** Root component of the venue portal; every page needs the staff member's own venue (venue staff only). */
export function VenueApp() {
  return (
    <QueryClientProvider client={queryClient}>
      <StaffApp basename="/venue" namespace="venue" pages={venuePages} sections={venueSections} baseActions={['venues.own-venue.read']} forbiddenKey="venue:forbidden" />
    </QueryClientProvider>
  );
}
