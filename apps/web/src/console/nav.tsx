/**
 * Every console page with the roles that may open it. The side menu, the routes and the dashboard
 * shortcuts are all built from this list: adding a page = its component + one entry here + its
 * `console:nav.*` strings. Roles mirror the server's policies (the server still decides).
 */
import { ApiOutlined, AuditOutlined, DashboardOutlined, MessageOutlined, TeamOutlined } from '@ant-design/icons';
import type { NavPage, NavSection } from '../staff/navigation.ts';
import { DashboardPage } from './pages/dashboard.page.tsx';
import { StaffPage } from './pages/staff.page.tsx';
import { ApiClientsPage } from './pages/api-clients.page.tsx';
import { AuditPage } from './pages/audit.page.tsx';
import { SmsOutboxPage } from './pages/sms-outbox.page.tsx';

/** Menu sections in display order. */
export const navSections: NavSection[] = [
  { key: 'system', labelKey: 'console:nav.section.system' },
  { key: 'security', labelKey: 'console:nav.section.security' },
];

export const consolePages: NavPage[] = [
  { key: 'dashboard', path: '/', icon: <DashboardOutlined />, labelKey: 'console:nav.dashboard', element: <DashboardPage /> },
  { key: 'staff', path: '/staff', icon: <TeamOutlined />, labelKey: 'console:nav.staff', roles: ['sys_admin'], section: 'system', element: <StaffPage /> },
  { key: 'api-clients', path: '/api-clients', icon: <ApiOutlined />, labelKey: 'console:nav.apiClients', roles: ['sys_admin'], section: 'system', element: <ApiClientsPage /> },
  { key: 'sms-outbox', path: '/sms-outbox', icon: <MessageOutlined />, labelKey: 'console:nav.smsOutbox', roles: ['sys_admin'], section: 'system', element: <SmsOutboxPage /> },
  { key: 'audit', path: '/audit', icon: <AuditOutlined />, labelKey: 'console:nav.audit', roles: ['sys_admin', 'supervision'], section: 'security', element: <AuditPage /> },
];
