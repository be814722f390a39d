/** The shell both staff surfaces share (venue portal, government console): session, router, sign-in, layout and permission guards. */
import { BrowserRouter, Route, Routes } from 'react-router';
import { Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { SessionProvider } from '../shared/session/session.tsx';
import { RequireActions, RequireSession, SignedOutOnly } from '../shared/session/guards.tsx';
import { StaffAntdProvider } from './antd-config.tsx';
import { StaffSignInPage } from './staff-sign-in.page.tsx';
import { StaffLayout } from './staff-layout.tsx';
import { PageBoundary } from './page-boundary.tsx';
import { RequireCommitment } from './commitment.page.tsx';
import { actionsOf, type NavPage, type NavSection } from './navigation.ts';

function Loading() {
  const { t } = useTranslation();
  return (
    <div className="fx-full-center">
      <Spin size="large" description={t('common:state.loading')} />
    </div>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title={t('common:error.notFoundTitle')} subTitle={t('common:error.notFound')} />;
}

export interface StaffAppProps {
  /** URL prefix of the surface, e.g. '/console'. */
  basename: string;
  /** i18n namespace holding appTitle and signIn.title / signIn.subtitle. */
  namespace: 'console' | 'venue';
  pages: NavPage[];
  sections: NavSection[];
  /** Policy actions every page of the surface needs besides its own (the venue portal: reading one's own venue). */
  baseActions?: string[];
  /** Translation key of the "not allowed" explanation. */
  forbiddenKey: string;
}

/** Root component of a staff surface (inside the surface's QueryClientProvider). */
export function StaffApp({ basename, namespace, pages, sections, baseActions = [], forbiddenKey }: StaffAppProps) {
  const { t } = useTranslation(namespace);
  const forbidden = <Result status="403" title={t('common:error.forbiddenTitle')} subTitle={t(forbiddenKey)} />;
  return (
    <StaffAntdProvider>
      <SessionProvider kind="staff">
        <BrowserRouter basename={basename}>
          <Routes>
            <Route
              path="/sign-in"
              element={
                <SignedOutOnly home="/">
                  <StaffSignInPage title={t('signIn.title')} subtitle={t('signIn.subtitle')} />
                </SignedOutOnly>
              }
            />
            <Route
              element={
                <RequireSession signInPath="/sign-in" loading={<Loading />}>
                  <RequireCommitment>
                    <StaffLayout titleKey={`${namespace}:appTitle`} pages={pages} sections={sections} baseActions={baseActions} />
                  </RequireCommitment>
                </RequireSession>
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
        </BrowserRouter>
      </SessionProvider>
    </StaffAntdProvider>
  );
}
