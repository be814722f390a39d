/** The citizen app (掌上办): phone-first, antd-mobile. */
import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { ConfigProvider } from 'antd-mobile';
import { QueryClientProvider } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { createQueryClient } from '../shared/query/query-client.ts';
import { SessionProvider } from '../shared/session/session.tsx';
import { RequireSession, SignedOutOnly } from '../shared/session/guards.tsx';
import { citizenRoutes, publicCitizenRoutes, SIGN_IN_PATH } from './routes.tsx';
import { PageLoading } from './components/page.tsx';
import { SignInPage } from './account/sign-in.page.tsx';
import { antdMobileLocale } from './antd-locale.ts';

// The tab-bar frame of signed-in pages and the 404 page load lazily too (the sign-in page's first load
// carries only what it shows: issue 11).
const CitizenShell = lazy(async () => ({ default: (await import('./components/shell.tsx')).CitizenShell }));
const NotFoundPage = lazy(async () => ({ default: (await import('./not-found.page.tsx')).NotFoundPage }));

// The citizen app's server state (the citizen, their code, their records) lives in this one client.
const queryClient = createQueryClient();

/** Root component of the citizen app. */
export function CitizenApp() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={antdMobileLocale(i18n.language)}>
      <QueryClientProvider client={queryClient}>
        <SessionProvider kind="citizen">
          <BrowserRouter basename="/">
            <Routes>
              <Route
                path={SIGN_IN_PATH}
                element={
                  <SignedOutOnly home="/">
                    <SignInPage />
                  </SignedOutOnly>
                }
              />
              {publicCitizenRoutes.map((route) => (
                <Route key={route.path} path={route.path} element={<Suspense fallback={<PageLoading />}>{route.element}</Suspense>} />
              ))}
              <Route
                element={
                  <RequireSession signInPath={SIGN_IN_PATH} loading={<PageLoading />}>
                    <Suspense fallback={<PageLoading />}>
                      <CitizenShell />
                    </Suspense>
                  </RequireSession>
                }
              >
                {citizenRoutes.map((route) => (
                  <Route key={route.path} path={route.path} element={route.element} />
                ))}
              </Route>
              <Route
                path="*"
                element={
                  <Suspense fallback={<PageLoading />}>
                    <NotFoundPage />
                  </Suspense>
                }
              />
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </QueryClientProvider>
    </ConfigProvider>
  );
}
