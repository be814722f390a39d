/** The venue portal (场所端): antd, for venue staff accounts. */
import { lazy } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from '../shared/query/query-client.ts';
import { StaffApp } from '../staff/staff-app.tsx';

// The portal's server state (its user, its venue, the day's scans, place codes) lives in this one client.
const queryClient = createQueryClient();
// antd, the menu (nav.tsx) and the pages: loaded once signed in; the sign-in page stays light (issue 11).
const VenueShell = lazy(() => import('./shell.tsx'));

/** Root component of the venue portal. */
export function VenueApp() {
  return (
    <QueryClientProvider client={queryClient}>
      <StaffApp basename="/venue" namespace="venue" shell={<VenueShell />} />
    </QueryClientProvider>
  );
}
