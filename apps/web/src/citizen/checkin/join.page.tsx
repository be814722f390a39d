/** The page a join link or the organisation's join QR code opens: the organisation's name, then joining after consent. */
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Button, Card, Checkbox, ErrorBlock } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { InputError } from '../../shared/api/errors.ts';
import { checkinApi, checkinKeys, joinPreviewQuery } from '../../shared/checkin/checkin.api.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { FormError } from '../components/form-footer.tsx';
import { MobilePage, PageLoading } from '../components/page.tsx';
import { useCitizenAction } from '../components/use-action.ts';
import './checkin.css';

/** /m/checkin/join?code=… */
export function JoinOrgPage() {
  const { t } = useTranslation('checkin');
  const [params] = useSearchParams();
  const code = (params.get('code') ?? '').trim().toUpperCase();
  const navigate = useNavigate();
  const preview = useQuery({ ...joinPreviewQuery(code), enabled: /^[A-Z0-9]{6,16}$/.test(code) });
  const loadError = useLoadError(preview.error);
  const [consent, setConsent] = useState(false);
  const join = useCitizenAction({
    send: async () => {
      if (!consent) throw new InputError(t('orgs.consentRequired'));
      return checkinApi.join(code);
    },
    invalidates: [checkinKeys.myOrgs, checkinKeys.today],
    success: t('orgs.joined'),
    onDone: () => navigate('/m/checkin'),
  });
  if (preview.isLoading) return <PageLoading />;
  return (
    <MobilePage title={t('joinPage.title')} back>
      {(loadError || !preview.data) && <ErrorBlock status="default" title={loadError ?? t('joinPage.invalid')} description="" />}
      {preview.data && (
        <Card className="fx-card" title={preview.data.name} data-testid="join-preview">
          <p>{t(`orgType.${preview.data.type}`)}</p>
          <p className="fx-page-intro">{t('joinPage.intro')}</p>
          <Checkbox checked={consent} onChange={setConsent} data-testid="join-consent">
            {t('orgs.consent')}
          </Checkbox>
          <Button block color="primary" loading={join.pending} onClick={() => void join.run()} data-testid="join-submit" style={{ marginTop: 12 }}>
            {t('orgs.join')}
          </Button>
          <FormError error={join.error} />
        </Card>
      )}
    </MobilePage>
  );
}
