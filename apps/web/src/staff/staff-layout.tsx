/** The frame of a staff surface: dark header with 防线 branding, a side menu built from what the server lets the user do, content. */
import { useState } from 'react';
import { Grid, Layout, Menu, type MenuProps } from 'antd';
import { SafetyCertificateFilled } from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../shared/session/session.tsx';
import { LanguageMenu } from './language-menu.tsx';
import { UserMenu } from './user-menu.tsx';
import { activePage, AllowedPagesContext, pagesFor, type NavPage, type NavSection } from './navigation.ts';

interface Props {
  /** Namespaced key of the surface name shown beside the brand. */
  titleKey: string;
  pages: readonly NavPage[];
  sections: readonly NavSection[];
  /** Actions every page of the surface needs (see StaffApp). */
  baseActions: readonly string[];
}

/** Builds the side menu: pages without a section first, then one group per section. */
function menuItems(pages: readonly NavPage[], sections: readonly NavSection[], t: (key: string) => string): MenuProps['items'] {
  const item = (p: NavPage) => ({ key: p.path, icon: p.icon, label: t(p.labelKey) });
  const items: NonNullable<MenuProps['items']> = pages.filter((p) => !p.section).map(item);
  for (const section of sections) {
    const inSection = pages.filter((p) => p.section === section.key);
    if (inSection.length > 0) items.push({ type: 'group', key: section.key, label: t(section.labelKey), children: inSection.map(item) });
  }
  return items;
}

/** Lays out every signed-in page of a staff surface. */
export function StaffLayout({ titleKey, pages, sections, baseActions }: Props) {
  const { t } = useTranslation();
  const { me } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  // On a phone the menu folds away completely (a tab opens it over the page); on a desk it folds to icons.
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [collapsed, setCollapsed] = useState(false);
  const allowed = pagesFor(pages, me?.actions ?? [], baseActions);
  const active = activePage(allowed, location.pathname);
  return (
    <Layout className="fx-console">
      <Layout.Header className="fx-header">
        <div className="fx-header-brand" onClick={() => navigate('/')} role="link" tabIndex={0}>
          <SafetyCertificateFilled className="fx-header-logo" />
          <span className="fx-header-name">{t('common:brand')}</span>
          <span className="fx-header-divider" />
          <span className="fx-header-title">{t(titleKey)}</span>
        </div>
        <div className="fx-header-right">
          <LanguageMenu dark />
          <UserMenu />
        </div>
      </Layout.Header>
      <Layout>
        <Layout.Sider
          width={220}
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          collapsedWidth={phone ? 0 : 80}
          theme="light"
          className={phone ? 'fx-sider fx-sider-phone' : 'fx-sider'}
          breakpoint="lg"
        >
          <Menu
            mode="inline"
            selectedKeys={active ? [active.path] : []}
            items={menuItems(allowed, sections, t)}
            onClick={({ key }) => {
              navigate(key);
              if (phone) setCollapsed(true);
            }}
            className="fx-menu"
            data-testid="side-menu"
          />
        </Layout.Sider>
        <Layout.Content className="fx-content">
          <AllowedPagesContext.Provider value={allowed}>
            <Outlet />
          </AllowedPagesContext.Provider>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
