/**
 * Every page of the citizen app. Paths live under / and /m/* (the server serves index.html there).
 *
 * Each page is its own chunk, loaded when first opened (issue 11: the sign-in page's first load
 * carries none of them); app.tsx renders them inside <Suspense>. The health-code page's chunk is
 * precached by the service worker (public/sw.js, list written by vite.config.ts) so the code page
 * opens, and says it is offline, without a network.
 */
import type { ReactNode } from 'react';
import { lazyPage } from '../shared/lazy-page.ts';

// Every namespace the pages use (main.tsx started with the sign-in page's strings only), added once,
// before the first page chunk renders.
let allStrings: Promise<void> | undefined;
function withStrings<T>(load: () => Promise<T>): () => Promise<T> {
  return async () => {
    allStrings ??= import('./i18n.ts').then((m) => void m.setupCitizenI18n());
    return (await Promise.all([load(), allStrings]))[0];
  };
}

const HomePage = lazyPage(withStrings(() => import('./home.page.tsx')), 'HomePage');
const MePage = lazyPage(withStrings(() => import('./account/me.page.tsx')), 'MePage');
const RealNamePage = lazyPage(withStrings(() => import('./account/real-name.page.tsx')), 'RealNamePage');
const HealthCodePage = lazyPage(withStrings(() => import('./health/code.page.tsx')), 'HealthCodePage');
const DeclarePage = lazyPage(withStrings(() => import('./health/declare.page.tsx')), 'DeclarePage');
const TripsPage = lazyPage(withStrings(() => import('./health/trips.page.tsx')), 'TripsPage');
const CorrectionsPage = lazyPage(withStrings(() => import('./health/corrections.page.tsx')), 'CorrectionsPage');
const ScanPage = lazyPage(withStrings(() => import('./health/scan.page.tsx')), 'ScanPage');
const MyScansPage = lazyPage(withStrings(() => import('./health/my-scans.page.tsx')), 'MyScansPage');
const VenueRegisterPage = lazyPage(withStrings(() => import('./health/venue-register.page.tsx')), 'VenueRegisterPage');
const NewTicketPage = lazyPage(withStrings(() => import('./tickets/new-ticket.page.tsx')), 'NewTicketPage');
const MyTicketsPage = lazyPage(withStrings(() => import('./tickets/my-tickets.page.tsx')), 'MyTicketsPage');
const TicketPage = lazyPage(withStrings(() => import('./tickets/ticket.page.tsx')), 'TicketPage');
const SelfCheckPage = lazyPage(withStrings(() => import('./tracing/self-check.page.tsx')), 'SelfCheckPage');
const BatchCheckPage = lazyPage(withStrings(() => import('./tracing/batch-check.page.tsx')), 'BatchCheckPage');
const ItinerariesPage = lazyPage(withStrings(() => import('./tracing/itineraries.page.tsx')), 'ItinerariesPage');
const CheckinPage = lazyPage(withStrings(() => import('./checkin/checkin.page.tsx')), 'CheckinPage');
const RegisterOrgPage = lazyPage(withStrings(() => import('./checkin/register-org.page.tsx')), 'RegisterOrgPage');
const OrgAdminPage = lazyPage(withStrings(() => import('./checkin/org.page.tsx')), 'OrgAdminPage');
const InboxPage = lazyPage(withStrings(() => import('./checkin/inbox.page.tsx')), 'InboxPage');
const JoinOrgPage = lazyPage(withStrings(() => import('./checkin/join.page.tsx')), 'JoinOrgPage');
const OrgSettingsPage = lazyPage(withStrings(() => import('./checkin/org-settings.page.tsx')), 'OrgSettingsPage');
const NotificationPreferencesPage = lazyPage(withStrings(() => import('./checkin/preferences.page.tsx')), 'NotificationPreferencesPage');
const MyHallBookingsPage = lazyPage(withStrings(() => import('./hall/my-bookings.page.tsx')), 'MyHallBookingsPage');
const BookHallPage = lazyPage(withStrings(() => import('./hall/book.page.tsx')), 'BookHallPage');
const KioskPage = lazyPage(withStrings(() => import('./hall/kiosk.page.tsx')), 'KioskPage');
const CallingScreenPage = lazyPage(withStrings(() => import('./hall/screen.page.tsx')), 'CallingScreenPage');
const VerifyDocumentPage = lazyPage(withStrings(() => import('./results/verify.page.tsx')), 'VerifyDocumentPage');
const MyDocumentsPage = lazyPage(withStrings(() => import('./results/my-documents.page.tsx')), 'MyDocumentsPage');
const MyDeliveryPage = lazyPage(withStrings(() => import('./results/delivery.page.tsx')), 'MyDeliveryPage');
const CataloguePage = lazyPage(withStrings(() => import('./govservice/catalogue.page.tsx')), 'CataloguePage');
const GuidePage = lazyPage(withStrings(() => import('./govservice/guide.page.tsx')), 'GuidePage');
const ApplyPage = lazyPage(withStrings(() => import('./govservice/apply.page.tsx')), 'ApplyPage');
const MyApplicationsPage = lazyPage(withStrings(() => import('./govservice/mine.page.tsx')), 'MyApplicationsPage');
const ApplicationPage = lazyPage(withStrings(() => import('./govservice/application.page.tsx')), 'ApplicationPage');

export interface CitizenRoute {
  path: string;
  element: ReactNode;
  /** Shown in the bottom tab bar with this title key. */
  tab?: { titleKey: string; icon: 'home' | 'me' };
}

export const SIGN_IN_PATH = '/m/sign-in';

/** Pages that need a signed-in citizen. */
export const citizenRoutes: CitizenRoute[] = [
  { path: '/', element: <HomePage />, tab: { titleKey: 'tab.home', icon: 'home' } },
  { path: '/m/real-name', element: <RealNamePage /> },
  { path: '/m/health', element: <HealthCodePage /> },
  { path: '/m/health/declare', element: <DeclarePage /> },
  { path: '/m/health/trips', element: <TripsPage /> },
  { path: '/m/health/corrections', element: <CorrectionsPage /> },
  { path: '/m/scan', element: <ScanPage /> },
  { path: '/m/health/visits', element: <MyScansPage /> },
  { path: '/m/venues/register', element: <VenueRegisterPage /> },
  { path: '/m/tickets', element: <MyTicketsPage /> },
  { path: '/m/tickets/new', element: <NewTicketPage /> },
  { path: '/m/tickets/:id', element: <TicketPage /> },
  { path: '/m/tracing/self-check', element: <SelfCheckPage /> },
  { path: '/m/tracing/batch-check', element: <BatchCheckPage /> },
  { path: '/m/checkin', element: <CheckinPage /> },
  { path: '/m/checkin/orgs/new', element: <RegisterOrgPage /> },
  { path: '/m/checkin/join', element: <JoinOrgPage /> },
  { path: '/m/checkin/orgs/:id', element: <OrgAdminPage /> },
  { path: '/m/inbox', element: <InboxPage /> },
  { path: '/m/checkin/orgs/:id/settings', element: <OrgSettingsPage /> },
  { path: '/m/inbox/preferences', element: <NotificationPreferencesPage /> },
  { path: '/m/hall', element: <MyHallBookingsPage /> },
  { path: '/m/hall/book', element: <BookHallPage /> },
  { path: '/m/documents', element: <MyDocumentsPage /> },
  { path: '/m/delivery', element: <MyDeliveryPage /> },
  { path: '/m/services/apply/:code', element: <ApplyPage /> },
  { path: '/m/services/mine', element: <MyApplicationsPage /> },
  { path: '/m/services/mine/:id', element: <ApplicationPage /> },
  { path: '/m/me', element: <MePage />, tab: { titleKey: 'tab.me', icon: 'me' } },
];

/** Pages open without signing in (published information). */
export const publicCitizenRoutes: CitizenRoute[] = [
  { path: '/m/tracing/itineraries', element: <ItinerariesPage /> },
  // The hall's kiosk (its own API key) and calling screen (public numbers): full-screen, no session.
  { path: '/m/hall/kiosk', element: <KioskPage /> },
  { path: '/m/hall/screen/:hallId', element: <CallingScreenPage /> },
  { path: '/m/verify', element: <VerifyDocumentPage /> },
  { path: '/m/services', element: <CataloguePage /> },
  { path: '/m/services/items/:code', element: <GuidePage /> },
];
