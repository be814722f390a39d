/** Staff sign-in (username + password) for the console and the venue portal. */
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, SafetyCertificateFilled, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../shared/api/client.ts';
import type { SignInResult } from '../shared/api/types.ts';
import { useFinishSignIn } from '../shared/session/session.tsx';
import { LanguageMenu } from './language-menu.tsx';
import { useAction } from './use-action.ts';

interface Props {
  /** The surface's name under the brand, e.g. 政府端管理平台. */
  title: string;
  subtitle: string;
}

/** The sign-in page; after signing in the user returns to where they were going. */
export function StaffSignInPage({ title, subtitle }: Props) {
  const { t } = useTranslation();
  const finishSignIn = useFinishSignIn();
  const signIn = useAction({
    send: (values: { username: string; password: string }) => api.post<SignInResult>('/api/auth/staff/sign-in', { username: values.username.trim(), password: values.password }),
    showError: 'inline',
    onDone: finishSignIn,
  });

  return (
    <div className="fx-staff-signin">
      <div className="fx-staff-signin-lang">
        <LanguageMenu dark />
      </div>
      <div className="fx-staff-signin-brand">
        <SafetyCertificateFilled />
        <span>{t('common:brand')}</span>
      </div>
      <Card className="fx-staff-signin-card">
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
          {title}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{subtitle}</Typography.Paragraph>
        {signIn.error && <Alert type="error" showIcon title={signIn.error} style={{ marginBottom: 16 }} role="alert" />}
        <Form layout="vertical" size="large" onFinish={(values: { username: string; password: string }) => void signIn.run(values)} requiredMark={false}>
          <Form.Item name="username" label={t('common:staffSignIn.username')} rules={[{ required: true, whitespace: true, message: t('common:staffSignIn.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('common:staffSignIn.password')} rules={[{ required: true, message: t('common:staffSignIn.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={signIn.pending}>
            {t('common:staffSignIn.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" className="fx-staff-signin-notice">
          {t('common:staffSignIn.notice')}
        </Typography.Paragraph>
      </Card>
      <div className="fx-staff-signin-footer">{t('common:staffSignIn.copyright')}</div>
    </div>
  );
}
