/**
 * Every venue-portal page. The side menu and the routes are built from this list: adding a page
 * (scan verification, today's scans…) = its component + one entry here + its `venue:nav.*` strings.
 */
import { DashboardOutlined } from '@ant-design/icons';
import type { NavPage, NavSection } from '../staff/navigation.ts';
import { VenueDashboardPage } from './pages/dashboard.page.tsx';

/** Menu sections in display order. */
export const venueSections: NavSection[] = [];

export const venuePages: NavPage[] = [
  { key: 'dashboard', path: '/', icon: <DashboardOutlined />, labelKey: 'venue:nav.dashboard', element: <VenueDashboardPage /> },
];
