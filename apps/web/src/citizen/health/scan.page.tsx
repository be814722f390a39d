/**
 * /m/scan?c=<place token>: what a venue's poster or screen QR opens. Records the scan (POST /api/scans,
 * answered once the scan is committed) and shows the entry page for the staff at the door to read.
 */
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Button, ErrorBlock, Grid } from 'antd-mobile';
import { ScanOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../../shared/api/errors.ts';
import { COLOUR_HEX } from '../../shared/health/colour.ts';
import { scanApi } from '../../shared/health/health.api.ts';
import type { EntryPage } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { MobilePage, PageLoading } from '../components/page.tsx';
import { CameraScanButton } from './camera-scan.tsx';
import { splitDateTime, useLiveClock } from './use-live-clock.ts';
import './health.css';

// One request per token per page load, even when React mounts the page twice (StrictMode, back/forward).
const pending = new Map<string, Promise<EntryPage>>();

/** The position, only when the citizen already allowed it: asking here would slow every entry. */
async function knownPosition(): Promise<{ latitude: number; longitude: number } | undefined> {
  try {
    const permission = await navigator.permissions?.query({ name: 'geolocation' });
    if (permission?.state !== 'granted') return undefined;
    return await new Promise((resolve) =>
      navigator.geolocation.getCurrentPosition(
        (p) => resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude }),
        () => resolve(undefined),
        { timeout: 2_000, maximumAge: 60_000 },
      ),
    );
  } catch {
    return undefined;
  }
}

function scanOnce(token: string): Promise<EntryPage> {
  let request = pending.get(token);
  if (!request) {
    request = knownPosition().then((position) => scanApi.scan(token, position));
    request.catch(() => pending.delete(token));
    pending.set(token, request);
  }
  return request;
}

type State = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'done'; entry: EntryPage };

/** The scan page. */
export function ScanPage() {
  const { t } = useTranslation('health');
  const [params] = useSearchParams();
  const token = params.get('c')?.trim() ?? '';
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    if (!token) return setState({ status: 'failed', message: t('scan.noToken') });
    let live = true;
    setState({ status: 'loading' });
    scanOnce(token)
      .then((entry) => live && setState({ status: 'done', entry }))
      .catch((error) => live && setState({ status: 'failed', message: messageOf(error, t('scan.failed')) }));
    return () => {
      live = false;
    };
  }, [token, t]);

  if (state.status === 'loading') return <PageLoading />;
  return (
    <MobilePage title={t('scan.title')} back>
      {state.status === 'failed' ? (
        <>
          <ErrorBlock status="default" title={t('scan.failed')} description={state.message} />
          <div className="fx-card">
            <Grid columns={1}>
              <Grid.Item>
                <CameraScanButton className="fx-service" label={t('scan.cameraButton')} icon={<ScanOutlined />} />
              </Grid.Item>
            </Grid>
          </div>
        </>
      ) : (
        <EntryView entry={state.entry} />
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
