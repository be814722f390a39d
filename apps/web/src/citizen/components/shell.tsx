/** The frame around signed-in citizen pages: the page itself and, on top-level pages, the tab bar. */
import { Suspense } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { TabBar } from 'antd-mobile';
import { HomeOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { citizenRoutes } from '../routes.tsx';
import { PageLoading } from './page.tsx';

const ICONS = { home: <HomeOutlined />, me: <UserOutlined /> };

/** Lays out a signed-in page with the bottom tab bar when the page is a tab. */
export function CitizenShell() {
  const { t } = useTranslation('citizen');
  const location = useLocation();
  const navigate = useNavigate();
  const tabs = citizenRoutes.filter((r) => r.tab);
  const activeTab = tabs.find((r) => r.path === location.pathname);
  return (
    <div className="fx-shell">
      <div className="fx-shell-body">
        {/* Pages are loaded on first visit (routes.tsx); the tab bar stays while one loads. */}
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </div>
      {activeTab && (
        <div className="fx-tabbar">
          <TabBar safeArea activeKey={activeTab.path} onChange={(key) => navigate(key)}>
            {tabs.map((r) => (
              <TabBar.Item key={r.path} icon={ICONS[r.tab!.icon]} title={t(r.tab!.titleKey)} />
            ))}
          </TabBar>
        </div>
      )}
    </div>
  );
}
