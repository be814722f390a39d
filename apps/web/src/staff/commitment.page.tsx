/**
 * 保密承诺书: the confidentiality commitment a staff account signs before any staff work (the server
 * refuses every staff route with IDENTITY_COMMITMENT_REQUIRED until then). Shown instead of the surface
 * while `me.commitmentRequired`: at the first sign-in, when the text's version changes, a year after signing.
 */
import { useState, type ReactNode } from 'react';
import { Alert, Button, Card, Checkbox, Space, Spin, Typography } from 'antd';
import { SafetyCertificateFilled } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CommitmentStatus } from '@fangxian/contracts/identity';
import { api } from '../shared/api/client.ts';
import { useSession } from '../shared/session/session.tsx';
import { LanguageMenu } from './language-menu.tsx';
import { useAction } from './use-action.ts';

const commitmentKey = ['me', 'commitment'] as const;

/** Shows the surface once the signed-in staff account has signed the current commitment, the signing page until then. */
export function RequireCommitment({ children }: { children: ReactNode }) {
  const { me } = useSession();
  if (me?.kind === 'staff' && me.commitmentRequired) return <CommitmentPage />;
  return <>{children}</>;
}

function CommitmentPage() {
  const { t, i18n } = useTranslation();
  const { me, updateMe, signOut } = useSession();
  const client = useQueryClient();
  const [agreed, setAgreed] = useState(false);
  const status = useQuery({ queryKey: commitmentKey, queryFn: ({ signal }) => api.get<CommitmentStatus>('/api/me/commitment', { signal }) });
  const sign = useAction({
    send: (version: number) => api.post<CommitmentStatus>('/api/me/commitment', { version }),
    showError: 'inline',
    onDone: () => {
      // Pages read while the commitment was missing were refused: read them again.
      void client.invalidateQueries();
      if (me) updateMe({ ...me, commitmentRequired: false });
    },
  });
  const en = i18n.language === 'en';
  const data = status.data;
  return (
    <div className="fx-staff-signin">
      <div className="fx-staff-signin-lang">
        <LanguageMenu dark />
      </div>
      <div className="fx-staff-signin-brand">
        <SafetyCertificateFilled />
        <span>{t('common:brand')}</span>
      </div>
      <Card className="fx-staff-signin-card" style={{ maxWidth: 720 }} data-testid="commitment-page">
        {!data ? (
          <Spin />
        ) : (
          <>
            <Typography.Title level={3} style={{ marginTop: 0 }}>
              {en ? data.title.en : data.title.zh}
            </Typography.Title>
            <Typography.Paragraph type="secondary">
              {data.signedVersion === null ? t('common:commitment.first') : data.signedVersion !== data.version ? t('common:commitment.changed') : t('common:commitment.yearly')}
            </Typography.Paragraph>
            <Typography.Paragraph style={{ whiteSpace: 'pre-line', maxHeight: 360, overflow: 'auto' }} data-testid="commitment-text">
              {en ? data.text.en : data.text.zh}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary">{t('common:commitment.version', { version: data.version })}</Typography.Paragraph>
            {sign.error && <Alert type="error" showIcon title={sign.error} style={{ marginBottom: 16 }} role="alert" />}
            <Space direction="vertical" style={{ width: '100%' }}>
              <Checkbox checked={agreed} onChange={(e) => setAgreed(e.target.checked)}>
                {t('common:commitment.agree')}
              </Checkbox>
              <Space>
                <Button type="primary" disabled={!agreed} loading={sign.pending} onClick={() => void sign.run(data.version)}>
                  {t('common:commitment.sign')}
                </Button>
                <Button onClick={() => void signOut()}>{t('common:action.signOut')}</Button>
              </Space>
            </Space>
          </>
        )}
      </Card>
    </div>
  );
}
