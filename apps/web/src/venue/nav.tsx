/**
 * Every venue-portal page with the policy action it needs (besides the portal's own, reading one's
 * venue). The side menu and the routes are built from this list and the actions the server grants:
 * adding a page = its component + one entry here + its `venue:nav.*` strings.
 */
import { BellOutlined, DashboardOutlined, ScanOutlined, UnorderedListOutlined, DesktopOutlined, QrcodeOutlined, ShopOutlined } from '@ant-design/icons';
import { lazyPage, type NavPage, type NavSection } from '../staff/navigation.ts';

// Each page is its own chunk, loaded when first opened.
const VenueDashboardPage = lazyPage(() => import('./dashboard.page.tsx'), 'VenueDashboardPage');
const RegisterVenuePage = lazyPage(() => import('./register.page.tsx'), 'RegisterVenuePage');
const VerifyPage = lazyPage(() => import('./scan/verify.page.tsx'), 'VerifyPage');
const TodayPage = lazyPage(() => import('./scan/today.page.tsx'), 'TodayPage');
const ScreenPage = lazyPage(() => import('./scan/screen.page.tsx'), 'ScreenPage');
const PosterPage = lazyPage(() => import('./scan/poster.page.tsx'), 'PosterPage');
const StaffInboxPage = lazyPage(() => import('../staff/notifications/inbox.page.tsx'), 'StaffInboxPage');
const StaffPreferencesPage = lazyPage(() => import('../staff/notifications/preferences.page.tsx'), 'StaffPreferencesPage');

/** Menu sections in display order. */
export const venueSections: NavSection[] = [{ key: 'epidemic', labelKey: 'health:nav.section' }];

export const venuePages: NavPage[] = [
  { key: 'dashboard', path: '/', icon: <DashboardOutlined />, labelKey: 'venue:nav.dashboard', element: <VenueDashboardPage /> },
  { key: 'verify', path: '/verify', icon: <ScanOutlined />, labelKey: 'health:nav.verify', action: 'health-code.code.verify', section: 'epidemic', element: <VerifyPage /> },
  { key: 'today', path: '/today', icon: <UnorderedListOutlined />, labelKey: 'health:nav.today', action: 'venues.scan.list', section: 'epidemic', element: <TodayPage /> },
  { key: 'screen', path: '/screen', icon: <DesktopOutlined />, labelKey: 'health:nav.screen', action: 'venues.dynamic-code.read', section: 'epidemic', element: <ScreenPage /> },
  { key: 'poster', path: '/poster', icon: <QrcodeOutlined />, labelKey: 'health:nav.poster', action: 'venues.place-code.read', section: 'epidemic', element: <PosterPage /> },
  // 消息中心 and 消息设置: the same pages as the console's (staff/notifications), under the portal's frame.
  { key: 'inbox', path: '/inbox', icon: <BellOutlined />, labelKey: 'checkin:nav.inbox', action: 'notifications.inbox.read', element: <StaffInboxPage surface="venue" /> },
  { key: 'inbox-preferences', path: '/inbox/preferences', icon: <BellOutlined />, labelKey: 'checkin:nav.preferences', action: 'notifications.preferences.manage', element: <StaffPreferencesPage surface="venue" /> },
  { key: 'register', path: '/register', icon: <ShopOutlined />, labelKey: 'health:nav.register', action: 'venues.venue.register', section: 'epidemic', element: <RegisterVenuePage /> },
];
