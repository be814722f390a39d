/**
 * Every venue-portal page. The side menu and the routes are built from this list: adding a page
 * (scan verification, today's scans…) = its component + one entry here + its `venue:nav.*` strings.
 */
import { DashboardOutlined, ScanOutlined, UnorderedListOutlined, DesktopOutlined, QrcodeOutlined, ShopOutlined } from '@ant-design/icons';
import type { NavPage, NavSection } from '../staff/navigation.ts';
import { VenueDashboardPage } from './pages/dashboard.page.tsx';
import { VerifyPage } from './scan/verify.page.tsx';
import { TodayPage } from './scan/today.page.tsx';
import { ScreenPage } from './scan/screen.page.tsx';
import { PosterPage } from './scan/poster.page.tsx';
import { RegisterVenuePage } from './scan/register.page.tsx';

/** Menu sections in display order. */
export const venueSections: NavSection[] = [{ key: 'epidemic', labelKey: 'health:nav.section' }];

export const venuePages: NavPage[] = [
  { key: 'dashboard', path: '/', icon: <DashboardOutlined />, labelKey: 'venue:nav.dashboard', element: <VenueDashboardPage /> },
  { key: 'verify', path: '/verify', icon: <ScanOutlined />, labelKey: 'health:nav.verify', section: 'epidemic', element: <VerifyPage /> },
  { key: 'today', path: '/today', icon: <UnorderedListOutlined />, labelKey: 'health:nav.today', section: 'epidemic', element: <TodayPage /> },
  { key: 'screen', path: '/screen', icon: <DesktopOutlined />, labelKey: 'health:nav.screen', section: 'epidemic', element: <ScreenPage /> },
  { key: 'poster', path: '/poster', icon: <QrcodeOutlined />, labelKey: 'health:nav.poster', section: 'epidemic', element: <PosterPage /> },
  { key: 'register', path: '/register', icon: <ShopOutlined />, labelKey: 'health:nav.register', section: 'epidemic', element: <RegisterVenuePage /> },
];
