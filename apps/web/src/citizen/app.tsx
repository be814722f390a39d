/** The citizen app (掌上办): phone-first, antd-mobile. */
import { BrowserRouter, Route, Routes } from 'react-router';
import { ConfigProvider } from 'antd-mobile';
import { antdMobileLocale } from './antd-locale.ts';
import { useTranslation } from 'react-i18next';
import { SessionProvider } from '../shared/session/session.tsx';
import { RequireSession } from '../shared/session/guards.tsx';
import { citizenRoutes, SIGN_IN_PATH } from './routes.tsx';
import { CitizenShell } from './components/shell.tsx';
import { PageLoading } from './components/page.tsx';
import { SignInPage } from './pages/sign-in.page.tsx';
import { NotFoundPage } from './pages/not-found.page.tsx';

/** Root component of the citizen app. */
export function CitizenApp() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={antdMobileLocale(i18n.language)}>
      <SessionProvider kind="citizen">
        <BrowserRouter basename="/">
          <Routes>
            <Route path={SIGN_IN_PATH} element={<SignInPage />} />
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
    </ConfigProvider>
  );
}
