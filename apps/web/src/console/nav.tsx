/**
 * Every console page with the policy action it needs. The side menu, the routes and the dashboard
 * shortcuts are all built from this list and the actions the server grants the signed-in user
 * (`me.actions`): adding a page = its component + one entry here + its `console:nav.*` strings.
 * Each page's action is the one its list (or main read) performs, so the menu follows the server's
 * policy instead of restating it.
 */
import { ApiOutlined, AuditOutlined, DashboardOutlined, MessageOutlined, TeamOutlined, EnvironmentOutlined, IdcardOutlined, ApartmentOutlined, SwapOutlined, ExceptionOutlined, ShopOutlined, FieldTimeOutlined, SafetyOutlined, WarningOutlined, KeyOutlined, DatabaseOutlined, CloudUploadOutlined, UserOutlined, DiffOutlined, ScheduleOutlined, MergeCellsOutlined, NotificationOutlined, FileSearchOutlined, CheckSquareOutlined, BankOutlined, BellOutlined, CalendarOutlined, PhoneOutlined, BarChartOutlined, FileProtectOutlined, SendOutlined, LikeOutlined, SolutionOutlined, ProfileOutlined, ControlOutlined } from '@ant-design/icons';
import { lazyPage, type NavPage, type NavSection } from '../staff/navigation.ts';

// Each page is its own chunk, loaded when first opened.
const DashboardPage = lazyPage(() => import('./dashboard.page.tsx'), 'DashboardPage');
const StaffPage = lazyPage(() => import('./system/staff.page.tsx'), 'StaffPage');
const ApiClientsPage = lazyPage(() => import('./system/api-clients.page.tsx'), 'ApiClientsPage');
const SmsOutboxPage = lazyPage(() => import('./system/sms-outbox.page.tsx'), 'SmsOutboxPage');
const CommitmentsPage = lazyPage(() => import('./system/commitments.page.tsx'), 'CommitmentsPage');
const CommitmentTextsPage = lazyPage(() => import('./system/commitment-texts.page.tsx'), 'CommitmentTextsPage');
const AuditPage = lazyPage(() => import('./audit/audit.page.tsx'), 'AuditPage');
const RiskAreasPage = lazyPage(() => import('./epidemic/risk-areas.page.tsx'), 'RiskAreasPage');
const PersonStatusPage = lazyPage(() => import('./epidemic/persons.page.tsx'), 'PersonStatusPage');
const RuleSetsPage = lazyPage(() => import('./rules/rule-sets.page.tsx'), 'RuleSetsPage');
const OverridesPage = lazyPage(() => import('./health-code/overrides.page.tsx'), 'OverridesPage');
const CorrectionReviewPage = lazyPage(() => import('./health-code/reviews.page.tsx'), 'CorrectionReviewPage');
const ConfirmationsPage = lazyPage(() => import('./health-code/confirmations.page.tsx'), 'ConfirmationsPage');
const TrustedIssuersPage = lazyPage(() => import('./health-code/issuers.page.tsx'), 'TrustedIssuersPage');
const VenueApprovalsPage = lazyPage(() => import('./venues/venues.page.tsx'), 'VenueApprovalsPage');
const RetentionPage = lazyPage(() => import('./venues/retention.page.tsx'), 'RetentionPage');
const ScanFlagsPage = lazyPage(() => import('./venues/flags.page.tsx'), 'ScanFlagsPage');
const SourcesPage = lazyPage(() => import('./screening/sources.page.tsx'), 'SourcesPage');
const ImportsPage = lazyPage(() => import('./screening/imports.page.tsx'), 'ImportsPage');
const PersonsPage = lazyPage(() => import('./screening/persons.page.tsx'), 'PersonsPage');
const ComparisonPage = lazyPage(() => import('./screening/comparison.page.tsx'), 'ComparisonPage');
const TasksPage = lazyPage(() => import('./screening/tasks.page.tsx'), 'TasksPage');
const ReviewsPage = lazyPage(() => import('./screening/reviews.page.tsx'), 'ReviewsPage');
const FiguresPage = lazyPage(() => import('./screening/figures.page.tsx'), 'FiguresPage');
const DispatchRulesPage = lazyPage(() => import('./screening/dispatch-rules.page.tsx'), 'DispatchRulesPage');
const ExportsPage = lazyPage(() => import('./screening/exports.page.tsx'), 'ExportsPage');
const TicketWorklistPage = lazyPage(() => import('./tickets/worklist.page.tsx'), 'TicketWorklistPage');
const NationalOutboxPage = lazyPage(() => import('./tickets/national-outbox.page.tsx'), 'NationalOutboxPage');
const TicketKpiPage = lazyPage(() => import('./tickets/kpi.page.tsx'), 'TicketKpiPage');
const HotlinePage = lazyPage(() => import('./tickets/hotline.page.tsx'), 'HotlinePage');
const TicketCategoriesPage = lazyPage(() => import('./tickets/categories.page.tsx'), 'TicketCategoriesPage');
const RoutingRulesPage = lazyPage(() => import('./tickets/routing-rules.page.tsx'), 'RoutingRulesPage');
const CasesPage = lazyPage(() => import('./tracing/cases.page.tsx'), 'CasesPage');
const FollowUpsPage = lazyPage(() => import('./tracing/follow-ups.page.tsx'), 'FollowUpsPage');
const LabResultsPage = lazyPage(() => import('./tracing/labs.page.tsx'), 'LabResultsPage');
const ChainsPage = lazyPage(() => import('./tracing/chains.page.tsx'), 'ChainsPage');
const SelfReportsPage = lazyPage(() => import('./tracing/self-reports.page.tsx'), 'SelfReportsPage');
const BatchCheckPage = lazyPage(() => import('./tracing/batch-check.page.tsx'), 'BatchCheckPage');
const TracingSettingsPage = lazyPage(() => import('./tracing/settings.page.tsx'), 'TracingSettingsPage');
const CheckinSummaryPage = lazyPage(() => import('./checkin/summary.page.tsx'), 'CheckinSummaryPage');
const CheckinOrgsPage = lazyPage(() => import('./checkin/orgs.page.tsx'), 'CheckinOrgsPage');
const StaffInboxPage = lazyPage(() => import('../staff/notifications/inbox.page.tsx'), 'StaffInboxPage');
const StaffPreferencesPage = lazyPage(() => import('../staff/notifications/preferences.page.tsx'), 'StaffPreferencesPage');
const NotificationDeliveryPage = lazyPage(() => import('./checkin/delivery.page.tsx'), 'NotificationDeliveryPage');
const HallsPage = lazyPage(() => import('./hall/halls.page.tsx'), 'HallsPage');
const HallDeskPage = lazyPage(() => import('./hall/desk.page.tsx'), 'HallDeskPage');
const HallStatsPage = lazyPage(() => import('./hall/stats.page.tsx'), 'HallStatsPage');
const DocumentsPage = lazyPage(() => import('./results/documents.page.tsx'), 'DocumentsPage');
const DeliveryPage = lazyPage(() => import('./results/delivery.page.tsx'), 'DeliveryPage');
const RectificationsPage = lazyPage(() => import('./results/rectifications.page.tsx'), 'RectificationsPage');
const EvaluationFiguresPage = lazyPage(() => import('./results/figures.page.tsx'), 'EvaluationFiguresPage');
const GovserviceWorkbenchPage = lazyPage(() => import('./govservice/workbench.page.tsx'), 'GovserviceWorkbenchPage');
const GovserviceCataloguePage = lazyPage(() => import('./govservice/catalogue.page.tsx'), 'GovserviceCataloguePage');
const GovserviceFiguresPage = lazyPage(() => import('./govservice/figures.page.tsx'), 'GovserviceFiguresPage');
const GovserviceVerificationPage = lazyPage(() => import('./govservice/verification.page.tsx'), 'GovserviceVerificationPage');
const GovserviceProjectsPage = lazyPage(() => import('./govservice/projects.page.tsx'), 'GovserviceProjectsPage');

/** Menu sections in display order. */
export const navSections: NavSection[] = [
  { key: 'epidemic', labelKey: 'health:nav.section' },
  { key: 'screening', labelKey: 'screening:nav.section' },
  { key: 'tickets', labelKey: 'tickets:nav.section' },
  { key: 'tracing', labelKey: 'tracing:nav.section' },
  { key: 'checkin', labelKey: 'checkin:nav.section' },
  { key: 'hall', labelKey: 'hall:nav.section' },
  { key: 'results', labelKey: 'results:nav.section' },
  { key: 'govservice', labelKey: 'govservice:nav.section' },
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
  { key: 'screening-figures', path: '/screening/figures', icon: <DashboardOutlined />, labelKey: 'screening:nav.figures', action: 'screening.task.read', section: 'screening', element: <FiguresPage /> },
  { key: 'screening-imports', path: '/screening/imports', icon: <CloudUploadOutlined />, labelKey: 'screening:nav.imports', action: 'screening.import.create', section: 'screening', element: <ImportsPage /> },
  { key: 'screening-persons', path: '/screening/persons', icon: <UserOutlined />, labelKey: 'screening:nav.persons', action: 'screening.person.read', section: 'screening', element: <PersonsPage /> },
  { key: 'screening-comparison', path: '/screening/comparison', icon: <DiffOutlined />, labelKey: 'screening:nav.comparison', action: 'screening.comparison.read', section: 'screening', element: <ComparisonPage /> },
  { key: 'screening-reviews', path: '/screening/reviews', icon: <MergeCellsOutlined />, labelKey: 'screening:nav.reviews', action: 'screening.review.decide', section: 'screening', element: <ReviewsPage /> },
  { key: 'screening-sources', path: '/screening/sources', icon: <DatabaseOutlined />, labelKey: 'screening:nav.sources', action: 'screening.source.read', section: 'screening', element: <SourcesPage /> },
  { key: 'screening-rules', path: '/screening/rules', icon: <ApartmentOutlined />, labelKey: 'screening:nav.rules', action: 'screening.source.read', section: 'screening', element: <DispatchRulesPage /> },
  { key: 'screening-exports', path: '/screening/exports', icon: <FileProtectOutlined />, labelKey: 'screening:nav.exports', action: 'screening.export.request', section: 'screening', element: <ExportsPage /> },
  { key: 'tickets', path: '/tickets', icon: <NotificationOutlined />, labelKey: 'tickets:nav.worklist', action: 'tickets.worklist.read', section: 'tickets', element: <TicketWorklistPage /> },
  { key: 'tickets-national-outbox', path: '/tickets/national-outbox', icon: <SendOutlined />, labelKey: 'tickets:nav.outbox', action: 'tickets.national.outbox', section: 'tickets', element: <NationalOutboxPage /> },
  { key: 'tickets-kpi', path: '/tickets/kpi', icon: <BarChartOutlined />, labelKey: 'tickets:nav.kpi', action: 'tickets.kpi.read', section: 'tickets', element: <TicketKpiPage /> },
  { key: 'tickets-hotline', path: '/tickets/hotline', icon: <PhoneOutlined />, labelKey: 'tickets:nav.hotline', action: 'tickets.hotline.file', section: 'tickets', element: <HotlinePage /> },
  { key: 'tickets-categories', path: '/tickets/categories', icon: <ApartmentOutlined />, labelKey: 'tickets:nav.categories', action: 'tickets.categories.manage', section: 'tickets', element: <TicketCategoriesPage /> },
  { key: 'tickets-routing', path: '/tickets/routing-rules', icon: <SwapOutlined />, labelKey: 'tickets:nav.routing', action: 'tickets.routing.manage', section: 'tickets', element: <RoutingRulesPage /> },
  { key: 'tracing-cases', path: '/tracing/cases', icon: <FileSearchOutlined />, labelKey: 'tracing:nav.cases', action: 'tracing.case.manage', section: 'tracing', element: <CasesPage /> },
  { key: 'tracing-follow-ups', path: '/tracing/follow-ups', icon: <ScheduleOutlined />, labelKey: 'tracing:nav.followUps', action: 'tracing.case.manage', section: 'tracing', element: <FollowUpsPage /> },
  { key: 'tracing-labs', path: '/tracing/lab-results', icon: <ExceptionOutlined />, labelKey: 'tracing:nav.labs', action: 'tracing.case.manage', section: 'tracing', element: <LabResultsPage /> },
  { key: 'tracing-chains', path: '/tracing/chains', icon: <ApartmentOutlined />, labelKey: 'tracing:nav.chains', action: 'tracing.case.manage', section: 'tracing', element: <ChainsPage /> },
  { key: 'tracing-self-reports', path: '/tracing/self-reports', icon: <SolutionOutlined />, labelKey: 'tracing:nav.selfReports', action: 'tracing.case.manage', section: 'tracing', element: <SelfReportsPage /> },
  { key: 'tracing-batch-check', path: '/tracing/batch-check', icon: <ProfileOutlined />, labelKey: 'tracing:nav.batchCheck', action: 'tracing.batch-check.run', section: 'tracing', element: <BatchCheckPage /> },
  { key: 'tracing-settings', path: '/tracing/settings', icon: <ControlOutlined />, labelKey: 'tracing:nav.settings', action: 'tracing.case.manage', section: 'tracing', element: <TracingSettingsPage /> },
  { key: 'checkin-summary', path: '/checkin/summary', icon: <CheckSquareOutlined />, labelKey: 'checkin:nav.summary', action: 'checkin.summary.read', section: 'checkin', element: <CheckinSummaryPage /> },
  { key: 'checkin-orgs', path: '/checkin/orgs', icon: <BankOutlined />, labelKey: 'checkin:nav.orgs', action: 'checkin.org.review', section: 'checkin', element: <CheckinOrgsPage /> },
  { key: 'hall-desk', path: '/hall/desk', icon: <PhoneOutlined />, labelKey: 'hall:nav.desk', action: 'hall.window.operate', section: 'hall', element: <HallDeskPage /> },
  { key: 'hall-halls', path: '/hall/halls', icon: <CalendarOutlined />, labelKey: 'hall:nav.halls', action: 'hall.hall.read', section: 'hall', element: <HallsPage /> },
  { key: 'hall-stats', path: '/hall/stats', icon: <BarChartOutlined />, labelKey: 'hall:nav.stats', action: 'hall.stats.read', section: 'hall', element: <HallStatsPage /> },
  { key: 'documents', path: '/results/documents', icon: <FileProtectOutlined />, labelKey: 'results:nav.documents', action: 'documents.document.list', section: 'results', element: <DocumentsPage /> },
  { key: 'delivery', path: '/results/delivery', icon: <SendOutlined />, labelKey: 'results:nav.delivery', action: 'delivery.shipment.manage', section: 'results', element: <DeliveryPage /> },
  { key: 'rectifications', path: '/results/rectifications', icon: <LikeOutlined />, labelKey: 'results:nav.rectifications', action: 'evaluations.rectification.read', section: 'results', element: <RectificationsPage /> },
  { key: 'evaluation-figures', path: '/results/figures', icon: <BarChartOutlined />, labelKey: 'results:nav.figures', action: 'evaluations.figures.read', section: 'results', element: <EvaluationFiguresPage /> },
  { key: 'govservice-workbench', path: '/govservice/workbench', icon: <SolutionOutlined />, labelKey: 'govservice:nav.workbench', action: 'govservice.workbench.read', section: 'govservice', element: <GovserviceWorkbenchPage /> },
  { key: 'govservice-catalogue', path: '/govservice/catalogue', icon: <ProfileOutlined />, labelKey: 'govservice:nav.catalogue', action: 'govservice.item.manage', section: 'govservice', element: <GovserviceCataloguePage /> },
  { key: 'govservice-figures', path: '/govservice/figures', icon: <BarChartOutlined />, labelKey: 'hall:gsFigures.nav', action: 'govservice.workbench.read', section: 'govservice', element: <GovserviceFiguresPage /> },
  { key: 'govservice-verification', path: '/govservice/verification', icon: <SolutionOutlined />, labelKey: 'govservice:verify.console', action: 'govservice.verify.host', section: 'govservice', element: <GovserviceVerificationPage /> },
  { key: 'govservice-projects', path: '/govservice/projects', icon: <ProfileOutlined />, labelKey: 'govservice:project.console', action: 'govservice.project.read', section: 'govservice', element: <GovserviceProjectsPage /> },
  { key: 'inbox', path: '/inbox', icon: <BellOutlined />, labelKey: 'checkin:nav.inbox', action: 'notifications.inbox.read', element: <StaffInboxPage surface="console" /> },
  { key: 'inbox-preferences', path: '/inbox/preferences', icon: <BellOutlined />, labelKey: 'checkin:nav.preferences', action: 'notifications.preferences.manage', element: <StaffPreferencesPage surface="console" /> },
  { key: 'notification-delivery', path: '/notifications/delivery', icon: <SendOutlined />, labelKey: 'checkin:nav.delivery', action: 'notifications.delivery.read', section: 'system', element: <NotificationDeliveryPage /> },
  { key: 'trusted-issuers', path: '/trusted-issuers', icon: <KeyOutlined />, labelKey: 'health:nav.issuers', action: 'health-code.issuer.manage', section: 'security', element: <TrustedIssuersPage /> },
  { key: 'retention', path: '/retention', icon: <FieldTimeOutlined />, labelKey: 'health:nav.retention', action: 'venues.retention.read', section: 'security', element: <RetentionPage /> },
  { key: 'staff', path: '/staff', icon: <TeamOutlined />, labelKey: 'console:nav.staff', action: 'admin-staff.staff.list', section: 'system', element: <StaffPage /> },
  { key: 'api-clients', path: '/api-clients', icon: <ApiOutlined />, labelKey: 'console:nav.apiClients', action: 'identity.api-client.list', section: 'system', element: <ApiClientsPage /> },
  { key: 'sms-outbox', path: '/sms-outbox', icon: <MessageOutlined />, labelKey: 'console:nav.smsOutbox', action: 'identity.sms-outbox.read', section: 'system', element: <SmsOutboxPage /> },
  { key: 'commitments', path: '/commitments', icon: <SafetyOutlined />, labelKey: 'console:nav.commitments', action: 'identity.commitment.list', section: 'security', element: <CommitmentsPage /> },
  { key: 'commitment-texts', path: '/commitment-texts', icon: <SafetyOutlined />, labelKey: 'console:nav.commitmentTexts', action: 'identity.commitment.manage', section: 'security', element: <CommitmentTextsPage /> },
  { key: 'audit', path: '/audit', icon: <AuditOutlined />, labelKey: 'console:nav.audit', action: 'audit.trail.search', section: 'security', element: <AuditPage /> },
];
