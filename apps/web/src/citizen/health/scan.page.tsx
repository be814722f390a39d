/**
 * /m/scan?c=<place token>: what a venue's poster or screen QR opens. Records the scan (POST /api/scans,
 * answered once the scan is committed) and shows the entry page for the staff at the door to read.
 */
import { useNavigate, useSearchParams } from 'react-router';
import { Button, ErrorBlock, Grid } from 'antd-mobile';
import { ScanOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../../shared/api/errors.ts';
import { COLOUR_HEX } from '../../shared/health/colour.ts';
import type { EntryPage } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { MobilePage, PageLoading } from '../components/page.tsx';
import { CameraScanButton } from './camera-scan.tsx';
import { scanQuery } from './health.api.ts';
import { splitDateTime, useLiveClock } from './use-live-clock.ts';
import './health.css';

/** The scan page. */
export function ScanPage() {
  const { t } = useTranslation('health');
  const [params] = useSearchParams();
  const token = params.get('c')?.trim() ?? '';
  // One scan per token while the app is open, even when React mounts the page twice (StrictMode, back/forward).
  const scan = useQuery({ ...scanQuery(token), enabled: Boolean(token) });

  if (token && scan.isPending) return <PageLoading />;
  const failure = !token ? t('scan.noToken') : scan.error ? messageOf(scan.error, t('scan.failed')) : null;
  return (
    <MobilePage title={t('scan.title')} back>
      {failure || !scan.data ? (
        <>
          <ErrorBlock status="default" title={t('scan.failed')} description={failure} />
          <div className="fx-card">
            <Grid columns={1}>
              <Grid.Item>
                <CameraScanButton className="fx-service" label={t('scan.cameraButton')} icon={<ScanOutlined />} />
              </Grid.Item>
            </Grid>
          </div>
        </>
      ) : (
        <EntryView entry={scan.data} />
      )}
    </MobilePage>
  );
}

/** The entry page: venue, time (ticking, so a screenshot is obvious), big colour, pass or stop, masked identity. */
export function EntryView({ entry }: { entry: EntryPage }) {
  const { t } = useTranslation('health');
  const navigate = useNavigate();
  const now = useLiveClock(0);
  const { date, time } = splitDateTime(now);
  return (
    <section className="fx-entry" data-testid="entry-page" data-colour={entry.colour} data-decision={entry.decision} style={{ ['--fx-code' as string]: COLOUR_HEX[entry.colour] }}>
      <div className="fx-entry-venue" data-testid="entry-venue">{entry.venue.name}</div>
      <div className="fx-entry-address">{entry.venue.address}</div>
      <div className="fx-entry-clock">
        {date} <strong>{time}</strong>
      </div>
      <div className="fx-entry-badge">
        <div className="fx-entry-colour" data-testid="entry-colour">{t(`colour.${entry.colour}`)}</div>
        <div className="fx-entry-decision" data-testid="entry-decision">{t(`decision.${entry.decision}`)}</div>
      </div>
      {entry.repeat && (
        <p className="fx-entry-repeat" data-testid="entry-repeat" role="status">
          {t('scan.repeat', { at: formatDateTime(entry.scannedAt) })}
        </p>
      )}
      <div className="fx-entry-identity">
        <span data-testid="entry-name">{entry.maskedName}</span>
        <span>{entry.maskedId}</span>
      </div>
      <dl className="fx-entry-facts">
        <dt>{t('scan.time')}</dt>
        <dd>{formatDateTime(entry.scannedAt)}</dd>
        <dt>{t('scan.method')}</dt>
        <dd>{entry.presenceProven ? t('scan.presence') : t('scan.static')}</dd>
      </dl>
      <p className="fx-entry-hint">{t('scan.showStaff')}</p>
      <Button block fill="outline" color="primary" onClick={() => navigate('/m/health')}>
        {t('nav.myCode')}
      </Button>
    </section>
  );
}
