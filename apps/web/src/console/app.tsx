/** The government console (政府端管理平台): desktop, antd, pages chosen by what the server lets the user do. */
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from '../shared/query/query-client.ts';
import { StaffApp } from '../staff/staff-app.tsx';
import { consolePages, navSections } from './nav.tsx';

// The console's server state (its user, every list it shows) lives in this one client.
const queryClient = createQueryClient();

/** Root component of the console. */
export function ConsoleApp() {
  return (
    <QueryClientProvider client={queryClient}>
      <StaffApp basename="/console" namespace="console" pages={consolePages} sections={navSections} forbiddenKey="common:error.forbidden" />
    </QueryClientProvider>
  );
}
