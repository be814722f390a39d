/**
 * Every console page with the roles that may open it. The side menu, the routes and the dashboard
 * shortcuts are all built from this list: adding a page = its component + one entry here + its
 * `console:nav.*` strings. Roles mirror the server's policies (the server still decides).
 */
import { ApiOutlined, AuditOutlined, DashboardOutlined, MessageOutlined, TeamOutlined, EnvironmentOutlined, IdcardOutlined, ApartmentOutlined, SwapOutlined, ExceptionOutlined, ShopOutlined, FieldTimeOutlined, SafetyOutlined, WarningOutlined, KeyOutlined } from '@ant-design/icons';
import type { NavPage, NavSection } from '../staff/navigation.ts';
import { DashboardPage } from './pages/dashboard.page.tsx';
import { StaffPage } from './pages/staff.page.tsx';
import { ApiClientsPage } from './pages/api-clients.page.tsx';
import { AuditPage } from './pages/audit.page.tsx';
import { SmsOutboxPage } from './pages/sms-outbox.page.tsx';
import { RiskAreasPage } from './health/risk-areas.page.tsx';
import { PersonStatusPage } from './health/persons.page.tsx';
import { RuleSetsPage } from './health/rule-sets.page.tsx';
import { OverridesPage } from './health/overrides.page.tsx';
import { CorrectionReviewPage } from './health/reviews.page.tsx';
import { VenueApprovalsPage } from './health/venues.page.tsx';
import { RetentionPage } from './health/retention.page.tsx';
import { ConfirmationsPage } from './health/confirmations.page.tsx';
import { ScanFlagsPage } from './health/flags.page.tsx';
import { TrustedIssuersPage } from './health/issuers.page.tsx';

/** Menu sections in display order. */
export const navSections: NavSection[] = [
  { key: 'epidemic', labelKey: 'health:nav.section' },
  { key: 'system', labelKey: 'console:nav.section.system' },
  { key: 'security', labelKey: 'console:nav.section.security' },
];

export const consolePages: NavPage[] = [
  { key: 'dashboard', path: '/', icon: <DashboardOutlined />, labelKey: 'console:nav.dashboard', element: <DashboardPage /> },
  { key: 'risk-areas', path: '/risk-areas', icon: <EnvironmentOutlined />, labelKey: 'health:nav.riskAreas', roles: ['health', 'county_command', 'big_data', 'police'], section: 'epidemic', element: <RiskAreasPage /> },
  { key: 'person-statuses', path: '/person-statuses', icon: <IdcardOutlined />, labelKey: 'health:nav.persons', roles: ['health', 'police', 'county_command'], section: 'epidemic', element: <PersonStatusPage /> },
  { key: 'rule-sets', path: '/rule-sets', icon: <ApartmentOutlined />, labelKey: 'health:nav.ruleSets', roles: ['health'], section: 'epidemic', element: <RuleSetsPage /> },
  { key: 'overrides', path: '/overrides', icon: <SwapOutlined />, labelKey: 'health:nav.overrides', roles: ['health', 'county_command'], section: 'epidemic', element: <OverridesPage /> },
  { key: 'corrections', path: '/corrections', icon: <ExceptionOutlined />, labelKey: 'health:nav.reviews', roles: ['health', 'county_command'], section: 'epidemic', element: <CorrectionReviewPage /> },
  { key: 'confirmations', path: '/confirmations', icon: <SafetyOutlined />, labelKey: 'health:nav.confirmations', roles: ['county_command'], section: 'epidemic', element: <ConfirmationsPage /> },
  { key: 'venues', path: '/venues', icon: <ShopOutlined />, labelKey: 'health:nav.venues', roles: ['big_data', 'county_command', 'health', 'service_center'], section: 'epidemic', element: <VenueApprovalsPage /> },
  { key: 'scan-flags', path: '/scan-flags', icon: <WarningOutlined />, labelKey: 'health:nav.flags', roles: ['big_data', 'county_command', 'health', 'supervision'], section: 'epidemic', element: <ScanFlagsPage /> },
  { key: 'trusted-issuers', path: '/trusted-issuers', icon: <KeyOutlined />, labelKey: 'health:nav.issuers', roles: ['sys_admin', 'health'], section: 'security', element: <TrustedIssuersPage /> },
  { key: 'retention', path: '/retention', icon: <FieldTimeOutlined />, labelKey: 'health:nav.retention', roles: ['sys_admin', 'supervision'], section: 'security', element: <RetentionPage /> },
  { key: 'staff', path: '/staff', icon: <TeamOutlined />, labelKey: 'console:nav.staff', roles: ['sys_admin'], section: 'system', element: <StaffPage /> },
  { key: 'api-clients', path: '/api-clients', icon: <ApiOutlined />, labelKey: 'console:nav.apiClients', roles: ['sys_admin'], section: 'system', element: <ApiClientsPage /> },
  { key: 'sms-outbox', path: '/sms-outbox', icon: <MessageOutlined />, labelKey: 'console:nav.smsOutbox', roles: ['sys_admin'], section: 'system', element: <SmsOutboxPage /> },
  { key: 'audit', path: '/audit', icon: <AuditOutlined />, labelKey: 'console:nav.audit', roles: ['sys_admin', 'supervision'], section: 'security', element: <AuditPage /> },
];
