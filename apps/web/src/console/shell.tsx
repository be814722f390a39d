/** The console once signed in: its pages and menu in the shared staff shell (a lazily loaded chunk, see app.tsx). */
import { StaffShell } from '../staff/staff-shell.tsx';
import { setupConsoleI18n } from './i18n.ts';
import { consolePages, navSections } from './nav.tsx';

// Every namespace the pages use (main.tsx started with the sign-in page's strings only).
setupConsoleI18n();

export default function ConsoleShell() {
  return <StaffShell namespace="console" pages={consolePages} sections={navSections} forbiddenKey="common:error.forbidden" />;
}
