/** The government console (政府端管理平台): desktop, antd, pages chosen by the user's roles. */
import { StaffApp } from '../staff/staff-app.tsx';
import { consolePages, navSections } from './nav.tsx';

/** Root component of the console. */
export function ConsoleApp() {
  return <StaffApp basename="/console" namespace="console" pages={consolePages} sections={navSections} forbiddenKey="common:error.forbidden" />;
}
