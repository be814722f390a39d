/**
 * Staff sign-in (username + password) for the console and the venue portal.
 *
 * A light page on purpose (issue 11: Lighthouse mobile performance ≥ 90): plain React, HTML and CSS
 * (the .fx-ssi rules of staff.css), no antd and no icon library, so a surface's first load is React, the router,
 * the session and the strings. The console or portal itself (antd, menu, pages) is a separate chunk
 * (staff-shell.tsx) fetched once the user is signed in. It looks like antd's form (same blue, radius,
 * sizes) so the switch to the console is seamless.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../shared/api/client.ts';
import { messageOf } from '../shared/api/errors.ts';
import type { Language, SignInResult } from '../shared/api/types.ts';
import { LANGUAGES, currentLanguage } from '../shared/i18n/i18n.ts';
import { useFinishSignIn, useSession } from '../shared/session/session.tsx';

interface Props {
  /** The surface's name under the brand, e.g. 政府端管理平台. */
  title: string;
  subtitle: string;
}

/** antd's SafetyCertificateFilled, inlined (the brand mark). */
function BrandMark() {
  return (
    <svg viewBox="64 64 896 896" width="1em" height="1em" fill="currentColor" aria-hidden="true" focusable="false">
      <path d="M866.9 169.9L527.1 54.1C523 52.7 517.5 52 512 52s-11 .7-15.1 2.1L157.1 169.9c-8.3 2.8-15.1 12.4-15.1 21.2v482.4c0 8.8 5.7 20.4 12.6 25.9L499.3 968c3.5 2.7 8 4.1 12.6 4.1s9.2-1.4 12.6-4.1l344.7-268.6c6.9-5.4 12.6-17 12.6-25.9V191.1c.2-8.8-6.6-18.3-14.9-21.2zM694.5 340.7L481.9 633.4a16.1 16.1 0 01-26 0l-126.4-174c-3.8-5.3 0-12.7 6.5-12.7h55.2c5.1 0 10 2.5 13 6.6l64.7 89 150.9-207.8c3-4.1 7.8-6.6 13-6.6H688c6.5.1 10.3 7.5 6.5 12.8z" />
    </svg>
  );
}

/** The language choice on the sign-in page: one button per language (the current one pressed). */
function LanguageButtons() {
  const { t } = useTranslation();
  const session = useSession();
  const current = currentLanguage();
  return (
    <div className="fx-ssi-lang" role="group" aria-label={t('common:language.label')} data-testid="language-menu">
      {LANGUAGES.map((lang: Language) => (
        <button key={lang} type="button" lang={lang} aria-pressed={lang === current} onClick={() => void session.switchLanguage(lang).catch(() => undefined)}>
          {t(`common:language.${lang}`)}
        </button>
      ))}
    </div>
  );
}

/** The sign-in page; after signing in the user returns to where they were going (SignedOutOnly). */
export function StaffSignInPage({ title, subtitle }: Props) {
  const { t } = useTranslation();
  const finishSignIn = useFinishSignIn();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState({ username: false, password: false });
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const usernameError = touched.username && !username.trim() ? t('common:staffSignIn.usernameRequired') : null;
  const passwordError = touched.password && !password ? t('common:staffSignIn.passwordRequired') : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched({ username: true, password: true });
    if (!username.trim() || !password || pending) return;
    setPending(true);
    setError(null);
    try {
      finishSignIn(await api.post<SignInResult>('/api/auth/staff/sign-in', { username: username.trim(), password }));
    } catch (err) {
      setError(messageOf(err, t('common:state.failed')));
      setPending(false);
    }
  };

  return (
    <div className="fx-staff-signin">
      <div className="fx-staff-signin-lang">
        <LanguageButtons />
      </div>
      <div className="fx-staff-signin-brand">
        <BrandMark />
        <span>{t('common:brand')}</span>
      </div>
      <main className="fx-ssi-card">
        <h1 className="fx-ssi-title">{title}</h1>
        <p className="fx-ssi-subtitle">{subtitle}</p>
        {error && (
          <div className="fx-ssi-alert" role="alert">
            {error}
          </div>
        )}
        <form noValidate onSubmit={(e) => void submit(e)}>
          <div className="fx-ssi-item">
            <label htmlFor="username">{t('common:staffSignIn.username')}</label>
            <input
              id="username"
              name="username"
              autoComplete="username"
              autoFocus
              value={username}
              aria-invalid={usernameError ? true : undefined}
              aria-describedby={usernameError ? 'username-error' : undefined}
              onChange={(e) => setUsername(e.target.value)}
              onBlur={() => setTouched((s) => ({ ...s, username: true }))}
            />
            {usernameError && (
              <div id="username-error" className="fx-ssi-error">
                {usernameError}
              </div>
            )}
          </div>
          <div className="fx-ssi-item">
            <label htmlFor="password">{t('common:staffSignIn.password')}</label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              aria-invalid={passwordError ? true : undefined}
              aria-describedby={passwordError ? 'password-error' : undefined}
              onChange={(e) => setPassword(e.target.value)}
              onBlur={() => setTouched((s) => ({ ...s, password: true }))}
            />
            {passwordError && (
              <div id="password-error" className="fx-ssi-error">
                {passwordError}
              </div>
            )}
          </div>
          <button type="submit" className="fx-ssi-submit" disabled={pending} aria-busy={pending || undefined}>
            {pending && <span className="fx-ssi-spinner" aria-hidden="true" />}
            {t('common:staffSignIn.submit')}
          </button>
        </form>
        <p className="fx-ssi-notice">{t('common:staffSignIn.notice')}</p>
      </main>
      <div className="fx-staff-signin-footer">{t('common:staffSignIn.copyright')}</div>
    </div>
  );
}
