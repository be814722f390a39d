/**
 * Every console page with the policy action it needs. The side menu, the routes and the dashboard
 * shortcuts are all built from this list and the actions the server grants the signed-in user
 * (`me.actions`): adding a page = its component + one entry here + its `console:nav.*` strings.
 * Each page's action is the one its list (or main read) performs, so the menu follows the server's
 * policy instead of restating it.
 */
import { ApiOutlined, AuditOutlined, DashboardOutlined, MessageOutlined, TeamOutlined, EnvironmentOutlined, IdcardOutlined, ApartmentOutlined, SwapOutlined, ExceptionOutlined, ShopOutlined, FieldTimeOutlined, SafetyOutlined, WarningOutlined, KeyOutlined, DatabaseOutlined, CloudUploadOutlined, UserOutlined, DiffOutlined, ScheduleOutlined, MergeCellsOutlined, CheckSquareOutlined, BankOutlined, BellOutlined } from '@ant-design/icons';
import type { NavPage, NavSection } from '../staff/navigation.ts';
import { DashboardPage } from './dashboard.page.tsx';
import { StaffPage } from './system/staff.page.tsx';
import { ApiClientsPage } from './system/api-clients.page.tsx';
import { SmsOutboxPage } from './system/sms-outbox.page.tsx';
import { AuditPage } from './audit/audit.page.tsx';
import { RiskAreasPage } from './epidemic/risk-areas.page.tsx';
import { PersonStatusPage } from './epidemic/persons.page.tsx';
import { RuleSetsPage } from './rules/rule-sets.page.tsx';
import { OverridesPage } from './health-code/overrides.page.tsx';
import { CorrectionReviewPage } from './health-code/reviews.page.tsx';
import { ConfirmationsPage } from './health-code/confirmations.page.tsx';
import { TrustedIssuersPage } from './health-code/issuers.page.tsx';
import { VenueApprovalsPage } from './venues/venues.page.tsx';
import { RetentionPage } from './venues/retention.page.tsx';
import { ScanFlagsPage } from './venues/flags.page.tsx';
import { SourcesPage } from './screening/sources.page.tsx';
import { ImportsPage } from './screening/imports.page.tsx';
import { PersonsPage } from './screening/persons.page.tsx';
import { ComparisonPage } from './screening/comparison.page.tsx';
import { TasksPage } from './screening/tasks.page.tsx';
import { ReviewsPage } from './screening/reviews.page.tsx';
import { CheckinSummaryPage } from './checkin/summary.page.tsx';
import { CheckinOrgsPage } from './checkin/orgs.page.tsx';
import { StaffInboxPage } from './checkin/inbox.page.tsx';

/** Menu sections in display order. */
export const navSections: NavSection[] = [
  { key: 'epidemic', labelKey: 'health:nav.section' },
  { key: 'screening', labelKey: 'screening:nav.section' },
  { key: 'checkin', labelKey: 'checkin:nav.section' },
  { key: 'system', labelKey: 'console:nav.section.system' },
  { key: 'security', labelKey: 'console:nav.section.security' },
];

export const consolePages: NavPage[] = [
  { key: 'dashboard', path: '/', icon: <DashboardOutlined />, labelKey: 'console:nav.dashboard', element: <DashboardPage /> },
  { key: 'risk-areas', path: '/risk-areas', icon: <EnvironmentOutlined />, labelKey: 'health:nav.riskAreas', action: 'epidemic.risk-area.list', section: 'epidemic', element: <RiskAreasPage /> },
  { key: 'person-statuses', path: '/person-statuses', icon: <IdcardOutlined />, labelKey: 'health:nav.persons', action: 'epidemic.person-status.manage', section: 'epidemic', element: <PersonStatusPage /> },
  { key: 'rule-sets', path: '/rule-sets', icon: <ApartmentOutlined />, labelKey: 'health:nav.ruleSets', action: 'health-code.rule-set.manage', section: 'epidemic', element: <RuleSetsPage /> },
  { key: 'overrides', path: '/overrides', icon: <SwapOutlined />, labelKey: 'health:nav.overrides', action: 'health-code.override.manage', section: 'epidemic', element: <OverridesPage /> },
  { key: 'corrections', path: '/corrections', icon: <ExceptionOutlined />, labelKey: 'health:nav.reviews', action: 'health-code.correction.review', section: 'epidemic', element: <CorrectionReviewPage /> },
  { key: 'confirmations', path: '/confirmations', icon: <SafetyOutlined />, labelKey: 'health:nav.confirmations', action: 'health-code.release.confirm', section: 'epidemic', element: <ConfirmationsPage /> },
  { key: 'venues', path: '/venues', icon: <ShopOutlined />, labelKey: 'health:nav.venues', action: 'venues.venue.list', section: 'epidemic', element: <VenueApprovalsPage /> },
  { key: 'scan-flags', path: '/scan-flags', icon: <WarningOutlined />, labelKey: 'health:nav.flags', action: 'venues.flag.list', section: 'epidemic', element: <ScanFlagsPage /> },
  { key: 'screening-tasks', path: '/screening/tasks', icon: <ScheduleOutlined />, labelKey: 'screening:nav.tasks', action: 'screening.task.read', section: 'screening', element: <TasksPage /> },
  { key: 'screening-imports', path: '/screening/imports', icon: <CloudUploadOutlined />, labelKey: 'screening:nav.imports', action: 'screening.import.create', section: 'screening', element: <ImportsPage /> },
  { key: 'screening-persons', path: '/screening/persons', icon: <UserOutlined />, labelKey: 'screening:nav.persons', action: 'screening.person.read', section: 'screening', element: <PersonsPage /> },
  { key: 'screening-comparison', path: '/screening/comparison', icon: <DiffOutlined />, labelKey: 'screening:nav.comparison', action: 'screening.comparison.read', section: 'screening', element: <ComparisonPage /> },
  { key: 'screening-reviews', path: '/screening/reviews', icon: <MergeCellsOutlined />, labelKey: 'screening:nav.reviews', action: 'screening.review.decide', section: 'screening', element: <ReviewsPage /> },
  { key: 'screening-sources', path: '/screening/sources', icon: <DatabaseOutlined />, labelKey: 'screening:nav.sources', action: 'screening.source.read', section: 'screening', element: <SourcesPage /> },
  { key: 'checkin-summary', path: '/checkin/summary', icon: <CheckSquareOutlined />, labelKey: 'checkin:nav.summary', action: 'checkin.summary.read', section: 'checkin', element: <CheckinSummaryPage /> },
  { key: 'checkin-orgs', path: '/checkin/orgs', icon: <BankOutlined />, labelKey: 'checkin:nav.orgs', action: 'checkin.org.review', section: 'checkin', element: <CheckinOrgsPage /> },
  { key: 'inbox', path: '/inbox', icon: <BellOutlined />, labelKey: 'checkin:nav.inbox', action: 'notifications.inbox.read', element: <StaffInboxPage /> },
  { key: 'trusted-issuers', path: '/trusted-issuers', icon: <KeyOutlined />, labelKey: 'health:nav.issuers', action: 'health-code.issuer.manage', section: 'security', element: <TrustedIssuersPage /> },
  { key: 'retention', path: '/retention', icon: <FieldTimeOutlined />, labelKey: 'health:nav.retention', action: 'venues.retention.read', section: 'security', element: <RetentionPage /> },
  { key: 'staff', path: '/staff', icon: <TeamOutlined />, labelKey: 'console:nav.staff', action: 'admin-staff.staff.list', section: 'system', element: <StaffPage /> },
  { key: 'api-clients', path: '/api-clients', icon: <ApiOutlined />, labelKey: 'console:nav.apiClients', action: 'identity.api-client.list', section: 'system', element: <ApiClientsPage /> },
  { key: 'sms-outbox', path: '/sms-outbox', icon: <MessageOutlined />, labelKey: 'console:nav.smsOutbox', action: 'identity.sms-outbox.read', section: 'system', element: <SmsOutboxPage /> },
  { key: 'audit', path: '/audit', icon: <AuditOutlined />, labelKey: 'console:nav.audit', action: 'audit.trail.search', section: 'security', element: <AuditPage /> },
];
