/**
 * Citizen sign-in with phone number and a one-time SMS code.
 *
 * A light page on purpose (issue 11: Lighthouse mobile performance ≥ 90): plain React, HTML and CSS
 * (the .fx-signin rules of citizen.css) styled like antd-mobile's list form, without antd-mobile's
 * form, pop-ups and animation library, so the citizen app's first load is React, the router, the
 * session and two namespaces of strings. The pages behind it load lazily (routes.tsx).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api/client.ts';
import { messageOf, retryAfterOf } from '../../shared/api/errors.ts';
import type { Language, SignInResult } from '../../shared/api/types.ts';
import { useCountdown } from '../../shared/hooks/use-countdown.ts';
import { LANGUAGES, currentLanguage } from '../../shared/i18n/i18n.ts';
import { useFinishSignIn, useSession } from '../../shared/session/session.tsx';

const PHONE = /^1[3-9]\d{9}$/;
const CODE = /^\d{6}$/;
// Wait before a new code may be requested; the server enforces its own limit too.
const RESEND_SECONDS = 60;

/** antd's SafetyCertificateFilled, inlined (the brand mark). */
function BrandMark() {
  return (
    <svg className="fx-signin-logo" viewBox="64 64 896 896" width="1em" height="1em" fill="currentColor" aria-hidden="true" focusable="false">
      <path d="M866.9 169.9L527.1 54.1C523 52.7 517.5 52 512 52s-11 .7-15.1 2.1L157.1 169.9c-8.3 2.8-15.1 12.4-15.1 21.2v482.4c0 8.8 5.7 20.4 12.6 25.9L499.3 968c3.5 2.7 8 4.1 12.6 4.1s9.2-1.4 12.6-4.1l344.7-268.6c6.9-5.4 12.6-17 12.6-25.9V191.1c.2-8.8-6.6-18.3-14.9-21.2zM694.5 340.7L481.9 633.4a16.1 16.1 0 01-26 0l-126.4-174c-3.8-5.3 0-12.7 6.5-12.7h55.2c5.1 0 10 2.5 13 6.6l64.7 89 150.9-207.8c3-4.1 7.8-6.6 13-6.6H688c6.5.1 10.3 7.5 6.5 12.8z" />
    </svg>
  );
}

/** The language choice in the corner: one button per language (the current one pressed). */
function LanguageButtons() {
  const { t } = useTranslation();
  const session = useSession();
  const current = currentLanguage();
  return (
    <div className="fx-signin-lang" role="group" aria-label={t('common:language.label')}>
      {LANGUAGES.map((lang: Language) => (
        <button key={lang} type="button" lang={lang} aria-pressed={lang === current} onClick={() => void session.switchLanguage(lang).catch(() => undefined)}>
          {t(`common:language.${lang}`)}
        </button>
      ))}
    </div>
  );
}

/** The sign-in page: request a code, then sign in with it. */
export function SignInPage() {
  const { t } = useTranslation('citizen');
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [phoneError, setPhoneError] = useState<string | null>(null);
  const [codeError, setCodeError] = useState<string | null>(null);
  // One alert line for both steps (the latest refusal), one status line for "code sent".
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [signingIn, setSigningIn] = useState(false);
  const [secondsLeft, startCountdown] = useCountdown();
  const finishSignIn = useFinishSignIn();
  useEffect(() => {
    document.title = `${t('signIn.title')} · ${t('appTitle')}`;
  }, [t]);

  const checkPhone = () => {
    const ok = PHONE.test(phone.trim());
    setPhoneError(ok ? null : t('signIn.phoneInvalid'));
    return ok;
  };

  const sendCode = async () => {
    setError(null);
    setNotice(null);
    if (!checkPhone() || sending) return;
    setSending(true);
    try {
      const { expiresInSeconds } = await api.post<{ expiresInSeconds: number }>('/api/auth/otp', { phone: phone.trim() });
      setNotice(t('signIn.codeSent', { minutes: Math.max(1, Math.round(expiresInSeconds / 60)) }));
      // The resend countdown starts only once the server accepted the request, or for as long as it asks to wait.
      startCountdown(RESEND_SECONDS);
    } catch (err) {
      setError(messageOf(err, t('common:state.failed')));
      const wait = retryAfterOf(err);
      if (wait) startCountdown(wait);
    } finally {
      setSending(false);
    }
  };

  const signIn = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setNotice(null);
    const phoneOk = checkPhone();
    const codeOk = CODE.test(code.trim());
    setCodeError(codeOk ? null : t('signIn.codeInvalid'));
    if (!phoneOk || !codeOk || signingIn) return;
    setSigningIn(true);
    try {
      finishSignIn(await api.post<SignInResult>('/api/auth/citizen/sign-in', { phone: phone.trim(), code: code.trim() }));
    } catch (err) {
      setError(messageOf(err, t('common:state.failed')));
      setSigningIn(false);
    }
  };

  return (
    <div className="fx-signin">
      <div className="fx-signin-top">
        <LanguageButtons />
      </div>
      <header className="fx-signin-hero">
        <BrandMark />
        <h1>{t('signIn.welcome')}</h1>
        <p>{t('signIn.subtitle')}</p>
      </header>
      <main>
        <form className="fx-signin-form" noValidate onSubmit={(e) => void signIn(e)}>
          <div className="fx-signin-fields">
            <div className="fx-signin-row">
              <label htmlFor="phone">{t('signIn.phone')}</label>
              <div className="fx-signin-control">
                <input
                  id="phone"
                  type="tel"
                  inputMode="numeric"
                  maxLength={11}
                  autoComplete="tel"
                  placeholder={t('signIn.phonePlaceholder')}
                  value={phone}
                  aria-invalid={phoneError ? true : undefined}
                  aria-describedby={phoneError ? 'phone-error' : undefined}
                  onChange={(e) => setPhone(e.target.value)}
                />
                {phoneError && (
                  <div id="phone-error" className="fx-signin-field-error">
                    {phoneError}
                  </div>
                )}
              </div>
            </div>
            <div className="fx-signin-row">
              <label htmlFor="code">{t('signIn.code')}</label>
              <div className="fx-signin-control">
                <input
                  id="code"
                  inputMode="numeric"
                  maxLength={6}
                  autoComplete="one-time-code"
                  placeholder={t('signIn.codePlaceholder')}
                  value={code}
                  aria-invalid={codeError ? true : undefined}
                  aria-describedby={codeError ? 'code-error' : undefined}
                  onChange={(e) => setCode(e.target.value)}
                />
                {codeError && (
                  <div id="code-error" className="fx-signin-field-error">
                    {codeError}
                  </div>
                )}
              </div>
              <button type="button" className="fx-send-code" disabled={secondsLeft > 0 || sending} aria-busy={sending || undefined} onClick={() => void sendCode()}>
                {secondsLeft > 0 ? t('signIn.resendIn', { seconds: secondsLeft }) : t('signIn.sendCode')}
              </button>
            </div>
          </div>
          <div className="fx-signin-footer">
            {error && (
              <div className="fx-form-error" role="alert">
                {error}
              </div>
            )}
            {notice && (
              <div className="fx-signin-notice" role="status">
                {notice}
              </div>
            )}
            <button type="submit" className="fx-signin-submit" disabled={signingIn} aria-busy={signingIn || undefined}>
              {signingIn && <span className="fx-signin-spinner" aria-hidden="true" />}
              {t('signIn.submit')}
            </button>
            <p className="fx-signin-agreement">{t('signIn.agreement')}</p>
          </div>
        </form>
      </main>
    </div>
  );
}
