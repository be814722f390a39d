/** A citizen page: navigation bar with title (and back arrow on inner pages), then the content. */
import { useEffect, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { DotLoading, NavBar } from 'antd-mobile';
import { useTranslation } from 'react-i18next';

/** Wraps page content with the navigation bar and sets the document title. */
export function MobilePage({ title, back, children }: { title: string; back?: boolean; children: ReactNode }) {
  const navigate = useNavigate();
  const { t } = useTranslation('citizen');
  useEffect(() => {
    document.title = `${title} · ${t('common:brand')}`;
  }, [title, t]);
  return (
    <div className="fx-page">
      <NavBar className="fx-navbar" backIcon={Boolean(back)} onBack={back ? () => (history.length > 1 ? navigate(-1) : navigate('/')) : undefined}>
        {title}
      </NavBar>
      <main className="fx-page-body">{children}</main>
    </div>
  );
}

/** Full-page loading state while the session or a page's data loads. */
export function PageLoading() {
  const { t } = useTranslation();
  return (
    <div className="fx-page-loading" role="status">
      <DotLoading color="primary" />
      <span>{t('common:state.loading')}</span>
    </div>
  );
}
