/**
 * The frame both staff surfaces share (venue portal, government console): session, router, and the
 * split between the light sign-in page and the surface itself.
 *
 * Issue 11 (Lighthouse mobile performance ≥ 90 on the sign-in pages): this file and the sign-in page
 * load no antd and no icons. The surface (`shell`: antd, layout, menu, permission guards, pages) is a
 * lazily loaded chunk (staff-shell.tsx via the surface's shell.tsx), fetched only once somebody is
 * signed in — a signed-out visitor is sent to the sign-in page before it is requested.
 */
import { Suspense, type ReactNode } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SessionProvider } from '../shared/session/session.tsx';
import { RequireSession, SignedOutOnly } from '../shared/session/guards.tsx';
import { StaffSignInPage } from './staff-sign-in.page.tsx';

/** Shown while the session or the surface's chunk loads (plain CSS: antd is not loaded yet). */
export function PageSpinner() {
  const { t } = useTranslation();
  return (
    <div className="fx-full-center" role="status" aria-label={t('common:state.loading')}>
      <div className="fx-page-spinner" />
    </div>
  );
}

export interface StaffAppProps {
  /** URL prefix of the surface, e.g. '/console'. */
  basename: string;
  /** i18n namespace holding appTitle and signIn.title / signIn.subtitle. */
  namespace: 'console' | 'venue';
  /** The surface once signed in: a lazy component rendering <StaffShell> (staff-shell.tsx). */
  shell: ReactNode;
}

/** Root component of a staff surface (inside the surface's QueryClientProvider). */
export function StaffApp({ basename, namespace, shell }: StaffAppProps) {
  const { t } = useTranslation(namespace);
  return (
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
            path="*"
            element={
              <RequireSession signInPath="/sign-in" loading={<PageSpinner />}>
                <Suspense fallback={<PageSpinner />}>{shell}</Suspense>
              </RequireSession>
            }
          />
        </Routes>
      </BrowserRouter>
    </SessionProvider>
  );
}
