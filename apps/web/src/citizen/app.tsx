/** The citizen app (掌上办): phone-first, antd-mobile. */
import { BrowserRouter, Route, Routes } from 'react-router';
import { ConfigProvider } from 'antd-mobile';
import { QueryClientProvider } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { createQueryClient } from '../shared/query/query-client.ts';
import { SessionProvider } from '../shared/session/session.tsx';
import { RequireSession, SignedOutOnly } from '../shared/session/guards.tsx';
import { citizenRoutes, publicCitizenRoutes, SIGN_IN_PATH } from './routes.tsx';
import { CitizenShell } from './components/shell.tsx';
import { PageLoading } from './components/page.tsx';
import { SignInPage } from './account/sign-in.page.tsx';
import { NotFoundPage } from './not-found.page.tsx';
import { antdMobileLocale } from './antd-locale.ts';

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
                <Route key={route.path} path={route.path} element={route.element} />
              ))}
              <Route
                element={
                  <RequireSession signInPath={SIGN_IN_PATH} loading={<PageLoading />}>
                    <CitizenShell />
                  </RequireSession>
                }
              >
                {citizenRoutes.map((route) => (
                  <Route key={route.path} path={route.path} element={route.element} />
                ))}
              </Route>
              <Route path="*" element={<NotFoundPage />} />
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </QueryClientProvider>
    </ConfigProvider>
  );
}
