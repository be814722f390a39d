/** A staff surface once signed in (venue portal, government console): antd, layout and permission guards; loaded lazily by staff-app.tsx. */
import { Route, Routes } from 'react-router';
import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { RequireActions } from '../shared/session/guards.tsx';
import { StaffAntdProvider } from './antd-config.tsx';
import { StaffLayout } from './staff-layout.tsx';
import { PageBoundary } from './page-boundary.tsx';
import { RequireCommitment } from './commitment.page.tsx';
import { actionsOf, type NavPage, type NavSection } from './navigation.ts';

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title={t('common:error.notFoundTitle')} subTitle={t('common:error.notFound')} />;
}

export interface StaffShellProps {
  /** i18n namespace holding appTitle. */
  namespace: 'console' | 'venue';
  pages: NavPage[];
  sections: NavSection[];
  /** Policy actions every page of the surface needs besides its own (the venue portal: reading one's own venue). */
  baseActions?: string[];
  /** Translation key of the "not allowed" explanation. */
  forbiddenKey: string;
}

/**
 * A staff surface once signed in (a lazily loaded chunk, see staff-app.tsx): antd's provider, the
 * commitment check, the layout with its menu, and every page behind its permission guard.
 */
export function StaffShell({ namespace, pages, sections, baseActions = [], forbiddenKey }: StaffShellProps) {
  const { t } = useTranslation(namespace);
  const forbidden = <Result status="403" title={t('common:error.forbiddenTitle')} subTitle={t(forbiddenKey)} />;
  return (
    <StaffAntdProvider>
      <Routes>
        <Route
          element={
            <RequireCommitment>
              <StaffLayout titleKey={`${namespace}:appTitle`} pages={pages} sections={sections} baseActions={baseActions} />
            </RequireCommitment>
          }
        >
          {pages.map((page) => (
            <Route
              key={page.key}
              path={page.path}
              element={
                <RequireActions actions={actionsOf(page, baseActions)} refused={forbidden}>
                  <PageBoundary key={page.key}>{page.element}</PageBoundary>
                </RequireActions>
              }
            />
          ))}
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </StaffAntdProvider>
  );
}
