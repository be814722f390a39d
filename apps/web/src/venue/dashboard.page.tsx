/** Venue 工作台: the signed-in venue staff member, their venue and the entry-control guidance. */
import { Alert, Card, Descriptions, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../shared/session/session.tsx';
import { PageContainer, usePageContainerLabels } from '../staff/page-container.tsx';
import { RegionName } from '../staff/region-name.tsx';
import { useMyVenue } from './scan/use-my-venue.ts';

/** The venue dashboard. */
export function VenueDashboardPage() {
  const { t } = useTranslation('venue');
  const { me } = useSession();
  const labels = usePageContainerLabels('venue');
  if (!me) return null;
  return <Dashboard me={me} labels={labels} />;
}

function Dashboard({ me, labels }: { me: NonNullable<ReturnType<typeof useSession>['me']>; labels: ReturnType<typeof usePageContainerLabels> }) {
  const { t } = useTranslation('venue');
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
            {me.venueId ? <VenueName /> : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('dashboard.guideTitle')} className="fx-card">
        {t('dashboard.guide')}
      </Card>
    </PageContainer>
  );
}

/** The staff member's venue by name and address (never its id). */
function VenueName() {
  const { t } = useTranslation('venue');
  const venue = useMyVenue();
  if (venue.status === 'loading') return <Spin size="small" />;
  if (venue.status === 'failed') return <span>{t('dashboard.venueUnreadable')}</span>;
  return (
    <span data-testid="dashboard-venue-name">
      {venue.venue.name}
      <Typography.Text type="secondary"> · {venue.venue.address}</Typography.Text>
    </span>
  );
}
