/** Venue 工作台: the signed-in venue staff member, their venue and the entry-control guidance. */
import { Alert, Card, Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../shared/session/session.tsx';
import { PageContainer, usePageContainerLabels } from '../staff/page-container.tsx';
import { RegionName } from '../staff/region-name.tsx';

/** The venue dashboard. */
export function VenueDashboardPage() {
  const { t } = useTranslation('venue');
  const { me } = useSession();
  const labels = usePageContainerLabels('venue');
  if (!me) return null;
  return (
    <PageContainer {...labels} title={t('nav.dashboard')} description={t('dashboard.welcome', { name: me.displayName })}>
      {!me.venueId && <Alert type="warning" showIcon title={t('dashboard.noVenue')} className="fx-card" />}
      <Card title={t('dashboard.account')} className="fx-card">
        <Descriptions column={{ xs: 1, md: 2 }} data-testid="venue-account">
          <Descriptions.Item label={t('dashboard.displayName')}>{me.displayName}</Descriptions.Item>
          <Descriptions.Item label={t('dashboard.department')}>{me.department || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('dashboard.region')}>
            <RegionName code={me.regionCode} allLabel={t('dashboard.allRegions')} />
          </Descriptions.Item>
          <Descriptions.Item label={t('dashboard.venue')}>
            <span className="fx-mono">{me.venueId ?? '—'}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('dashboard.guideTitle')} className="fx-card">
        {t('dashboard.guide')}
      </Card>
    </PageContainer>
  );
}
