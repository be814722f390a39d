/** Every page of the citizen app. Paths live under / and /m/* (the server serves index.html there). */
import type { ReactNode } from 'react';
import { HomePage } from './home.page.tsx';
import { MePage } from './account/me.page.tsx';
import { RealNamePage } from './account/real-name.page.tsx';
import { HealthCodePage } from './health/code.page.tsx';
import { DeclarePage } from './health/declare.page.tsx';
import { TripsPage } from './health/trips.page.tsx';
import { CorrectionsPage } from './health/corrections.page.tsx';
import { ScanPage } from './health/scan.page.tsx';
import { MyScansPage } from './health/my-scans.page.tsx';
import { VenueRegisterPage } from './health/venue-register.page.tsx';
import { NewTicketPage } from './tickets/new-ticket.page.tsx';
import { MyTicketsPage } from './tickets/my-tickets.page.tsx';
import { TicketPage } from './tickets/ticket.page.tsx';
import { SelfCheckPage } from './tracing/self-check.page.tsx';
import { BatchCheckPage } from './tracing/batch-check.page.tsx';
import { ItinerariesPage } from './tracing/itineraries.page.tsx';
import { CheckinPage } from './checkin/checkin.page.tsx';
import { RegisterOrgPage } from './checkin/register-org.page.tsx';
import { OrgAdminPage } from './checkin/org.page.tsx';
import { InboxPage } from './checkin/inbox.page.tsx';
import { JoinOrgPage } from './checkin/join.page.tsx';
import { OrgSettingsPage } from './checkin/org-settings.page.tsx';
import { NotificationPreferencesPage } from './checkin/preferences.page.tsx';
import { MyHallBookingsPage } from './hall/my-bookings.page.tsx';
import { BookHallPage } from './hall/book.page.tsx';
import { KioskPage } from './hall/kiosk.page.tsx';
import { CallingScreenPage } from './hall/screen.page.tsx';
import { VerifyDocumentPage } from './results/verify.page.tsx';
import { MyDocumentsPage } from './results/my-documents.page.tsx';
import { MyDeliveryPage } from './results/delivery.page.tsx';
import { CataloguePage } from './govservice/catalogue.page.tsx';
import { GuidePage } from './govservice/guide.page.tsx';
import { ApplyPage } from './govservice/apply.page.tsx';
import { MyApplicationsPage } from './govservice/mine.page.tsx';
import { ApplicationPage } from './govservice/application.page.tsx';

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
