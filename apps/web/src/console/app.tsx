/** The government console (政府端管理平台): desktop, antd, pages chosen by the user's roles. */
import { BrowserRouter, Route, Routes } from 'react-router';
import { Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { SessionProvider } from '../shared/session/session.tsx';
import { RequireRoles, RequireSession } from '../shared/session/guards.tsx';
import { StaffAntdProvider } from '../staff/antd-config.tsx';
import { StaffSignInPage } from '../staff/staff-sign-in.page.tsx';
import { StaffLayout } from '../staff/staff-layout.tsx';
import { consolePages, navSections } from './nav.tsx';

function Loading() {
  const { t } = useTranslation();
  return (
    <div className="fx-full-center">
      <Spin size="large" description={t('common:state.loading')} />
    </div>
  );
}

function Forbidden() {
  const { t } = useTranslation();
  return <Result status="403" title={t('common:error.forbiddenTitle')} subTitle={t('common:error.forbidden')} />;
}

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title={t('common:error.notFoundTitle')} subTitle={t('common:error.notFound')} />;
}

function SignIn() {
  const { t } = useTranslation('console');
  return <StaffSignInPage title={t('signIn.title')} subtitle={t('signIn.subtitle')} />;
}

/** Root component of the console. */
export function ConsoleApp() {
  return (
    <StaffAntdProvider>
      <SessionProvider kind="staff">
        <BrowserRouter basename="/console">
          <Routes>
            <Route path="/sign-in" element={<SignIn />} />
            <Route
              element={
                <RequireSession signInPath="/sign-in" loading={<Loading />}>
                  <StaffLayout titleKey="console:appTitle" pages={consolePages} sections={navSections} />
                </RequireSession>
              }
            >
              {consolePages.map((page) => (
                <Route
                  key={page.key}
                  path={page.path}
                  element={
                    <RequireRoles roles={page.roles} refused={<Forbidden />}>
                      {page.element}
                    </RequireRoles>
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
