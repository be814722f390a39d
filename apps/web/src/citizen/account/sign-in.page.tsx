/** Citizen sign-in with phone number and a one-time SMS code. */
import { useEffect } from 'react';
import { Button, Form, Input } from 'antd-mobile';
import { SafetyCertificateFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api/client.ts';
import { retryAfterOf } from '../../shared/api/errors.ts';
import type { SignInResult } from '../../shared/api/types.ts';
import { useCountdown } from '../../shared/hooks/use-countdown.ts';
import { useFinishSignIn } from '../../shared/session/session.tsx';
import { FormFooter } from '../components/form-footer.tsx';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { useCitizenAction } from '../components/use-action.ts';

const PHONE = /^1[3-9]\d{9}$/;
const CODE = /^\d{6}$/;
// Wait before a new code may be requested; the server enforces its own limit too.
const RESEND_SECONDS = 60;

/** The sign-in page: request a code, then sign in with it. */
export function SignInPage() {
  const { t } = useTranslation('citizen');
  const [form] = Form.useForm<{ phone: string; code: string }>();
  const [secondsLeft, startCountdown] = useCountdown();
  const finishSignIn = useFinishSignIn();
  useEffect(() => {
    document.title = `${t('signIn.title')} · ${t('appTitle')}`;
  }, [t]);

  const requestCode = useCitizenAction({
    send: (phone: string) => api.post<{ expiresInSeconds: number }>('/api/auth/otp', { phone }),
    success: ({ expiresInSeconds }) => t('signIn.codeSent', { minutes: Math.max(1, Math.round(expiresInSeconds / 60)) }),
    // The resend countdown starts only once the server accepted the request, or for as long as it asks to wait.
    onDone: () => startCountdown(RESEND_SECONDS),
    onFailed: (err) => {
      const wait = retryAfterOf(err);
      if (wait) startCountdown(wait);
    },
  });
  const signIn = useCitizenAction({
    send: (values: { phone: string; code: string }) => api.post<SignInResult>('/api/auth/citizen/sign-in', { phone: values.phone.trim(), code: values.code.trim() }),
    onDone: finishSignIn,
  });
  // One alert line for both steps: the latest refusal.
  const error = signIn.error ?? requestCode.error;

  const sendCode = async () => {
    signIn.reset();
    requestCode.reset();
    try {
      await form.validateFields(['phone']);
    } catch {
      return;
    }
    await requestCode.run(form.getFieldValue('phone').trim());
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
        onFinish={(values: { phone: string; code: string }) => {
          requestCode.reset();
          void signIn.run(values);
        }}
        footer={
          <FormFooter error={error} pending={signIn.pending} label={t('signIn.submit')}>
            <p className="fx-signin-agreement">{t('signIn.agreement')}</p>
          </FormFooter>
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
            <Button size="small" color="primary" fill="none" disabled={secondsLeft > 0} loading={requestCode.pending} onClick={() => void sendCode()} className="fx-send-code">
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
