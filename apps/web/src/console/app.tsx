/** The government console (政府端管理平台): desktop, antd, pages chosen by what the server lets the user do. */
import { lazy } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from '../shared/query/query-client.ts';
import { StaffApp } from '../staff/staff-app.tsx';

// The console's server state (its user, every list it shows) lives in this one client.
const queryClient = createQueryClient();
// antd, the menu (nav.tsx) and the pages: loaded once signed in; the sign-in page stays light (issue 11).
const ConsoleShell = lazy(() => import('./shell.tsx'));

/** Root component of the console. */
export function ConsoleApp() {
  return (
    <QueryClientProvider client={queryClient}>
      <StaffApp basename="/console" namespace="console" shell={<ConsoleShell />} />
    </QueryClientProvider>
  );
}
