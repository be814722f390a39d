/** A citizen page: navigation bar with title (and back arrow on inner pages), then the content. */
import { useEffect, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { DotLoading } from 'antd-mobile';
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
      {/* A plain header rather than antd-mobile's NavBar, whose left slot is an unnamed role="button"
          div that no keyboard reaches: the back arrow here is a real, named button. */}
      <header className="fx-navbar">
        <div className="fx-navbar-side">
          {back && (
            <button type="button" className="fx-navbar-back" aria-label={t('common:action.back')} onClick={() => (history.length > 1 ? navigate(-1) : navigate('/'))}>
              <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><path d="M15 4 7 12l8 8" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" /></svg>
            </button>
          )}
        </div>
        <h1 className="fx-navbar-title">{title}</h1>
        <div className="fx-navbar-side" />
      </header>
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
