/** 场所登记 in the venue portal: register another venue (a branch) for an officer's review. */
import { useState } from 'react';
import { Alert, Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../shared/session/session.tsx';
import type { Venue } from '../shared/health/health.types.ts';
import { PageContainer, usePageContainerLabels } from '../staff/page-container.tsx';
import { VenueRegistrationForm } from '../staff/venue-form.tsx';

/** The registration page. */
export function RegisterVenuePage() {
  const { t } = useTranslation('health');
  const labels = usePageContainerLabels('venue');
  const { me } = useSession();
  const [registered, setRegistered] = useState<Venue | null>(null);
  return (
    <PageContainer {...labels} title={t('nav.register')} description={t('register.intro')}>
      {registered && <Alert type="success" showIcon title={`${registered.name} · ${t('venues.status.pending')}`} className="fx-card" data-testid="venue-registered" />}
      <Card className="fx-card">
        <VenueRegistrationForm scope={me?.regionCode ?? ''} onRegistered={setRegistered} />
      </Card>
    </PageContainer>
  );
}
