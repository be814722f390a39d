/** Citizen sign-in with phone number and a one-time SMS code. */
import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { Button, Form, Input, Toast } from 'antd-mobile';
import { SafetyCertificateFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api/client.ts';
import { messageOf, retryAfterOf } from '../../shared/api/errors.ts';
import type { SignInResult } from '../../shared/api/types.ts';
import { useCountdown } from '../../shared/hooks/use-countdown.ts';
import { returnPathOf } from '../../shared/session/guards.tsx';
import { useSession } from '../../shared/session/session.tsx';
import { LanguageSwitch } from '../components/language-switch.tsx';

const PHONE = /^1[3-9]\d{9}$/;
const CODE = /^\d{6}$/;
// Wait before a new code may be requested; the server enforces its own limit too.
const RESEND_SECONDS = 60;

/** The sign-in page: request a code, then sign in with it. */
export function SignInPage() {
  const { t } = useTranslation('citizen');
  const [form] = Form.useForm<{ phone: string; code: string }>();
  const [secondsLeft, startCountdown] = useCountdown();
  const [sending, setSending] = useState(false);
  const [signingIn, setSigningIn] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  useEffect(() => {
    document.title = `${t('signIn.title')} · ${t('appTitle')}`;
  }, [t]);

  const sendCode = async () => {
    setError(null);
    try {
      await form.validateFields(['phone']);
    } catch {
      return;
    }
    setSending(true);
    try {
      const { expiresInSeconds } = await api.post<{ expiresInSeconds: number }>('/api/auth/otp', { phone: form.getFieldValue('phone').trim() });
      startCountdown(RESEND_SECONDS);
      Toast.show({ icon: 'success', content: t('signIn.codeSent', { minutes: Math.max(1, Math.round(expiresInSeconds / 60)) }) });
    } catch (err) {
      const wait = retryAfterOf(err);
      if (wait) startCountdown(wait);
      setError(messageOf(err, t('common:state.failed')));
    } finally {
      setSending(false);
    }
  };

  const signIn = async (values: { phone: string; code: string }) => {
    setError(null);
    setSigningIn(true);
    try {
      const result = await api.post<SignInResult>('/api/auth/citizen/sign-in', { phone: values.phone.trim(), code: values.code.trim() });
      session.completeSignIn(result);
      navigate(returnPathOf(location.search, '/'), { replace: true });
    } catch (err) {
      setError(messageOf(err, t('common:state.failed')));
    } finally {
      setSigningIn(false);
    }
  };

  return (
    <div className="fx-signin">
      <div className="fx-signin-top">
        <LanguageSwitch compact />
      </div>
      <header className="fx-signin-hero">
        <SafetyCertificateFilled className="fx-signin-logo" aria-hidden />
        <h1>{t('signIn.welcome')}</h1>
        <p>{t('signIn.subtitle')}</p>
      </header>
      <Form
        form={form}
        layout="horizontal"
        className="fx-signin-form"
        onFinish={signIn}
        footer={
          <>
            {error && (
              <div className="fx-form-error" role="alert">
                {error}
              </div>
            )}
            <Button block type="submit" color="primary" size="large" loading={signingIn}>
              {t('signIn.submit')}
            </Button>
            <p className="fx-signin-agreement">{t('signIn.agreement')}</p>
          </>
        }
      >
        <Form.Item
          name="phone"
          label={t('signIn.phone')}
          rules={[{ required: true, pattern: PHONE, message: t('signIn.phoneInvalid') }]}
        >
          <Input type="tel" inputMode="numeric" maxLength={11} autoComplete="tel" placeholder={t('signIn.phonePlaceholder')} clearable />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('signIn.code')}
          rules={[{ required: true, pattern: CODE, message: t('signIn.codeInvalid') }]}
          extra={
            <Button size="small" color="primary" fill="none" disabled={secondsLeft > 0} loading={sending} onClick={sendCode} className="fx-send-code">
              {secondsLeft > 0 ? t('signIn.resendIn', { seconds: secondsLeft }) : t('signIn.sendCode')}
            </Button>
          }
        >
          <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" placeholder={t('signIn.codePlaceholder')} />
        </Form.Item>
      </Form>
    </div>
  );
}
