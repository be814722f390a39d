/**
 * 我的健康码: the big colour card with the masked identity, a live clock, a border whose hue the
 * server chooses each day (a screenshot from yesterday looks wrong at the door), and the QR of a
 * short-lived signed token that is replaced before it expires while the page is open.
 */
import { useNavigate } from 'react-router';
import { Button, ErrorBlock, Grid, List } from 'antd-mobile';
import { ScanOutlined, FormOutlined, CarOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api/client.ts';
import { messageOf } from '../../shared/api/errors.ts';
import { COLOUR_HEX, QR_HEX } from '../../shared/health/colour.ts';
import { QrImage } from '../../shared/health/qr-image.tsx';
import { MobilePage, PageLoading } from '../components/page.tsx';
import { myCodeQuery, type ShownCode } from './health.api.ts';
import { CodeReasons } from './reasons.tsx';
import { refreshDelayMs } from './token-refresh.ts';
import { splitDateTime, useLiveClock } from './use-live-clock.ts';
import { CameraScanButton } from './camera-scan.tsx';
import { useOnline } from '../../shared/use-online.ts';
import './health.css';

// How soon to try again when replacing the token failed (the old one is still valid for a while).
const RETRY_MS = 5_000;

/** The citizen's code page. */
export function HealthCodePage() {
  const { t } = useTranslation('health');
  const navigate = useNavigate();
  // Each read signs a new token: it is read again before the current one expires, at once when the
  // page comes back to the foreground (a code left in the background is never shown stale), and
  // shortly after a failed replacement.
  const code = useQuery({
    ...myCodeQuery(),
    refetchInterval: (query) => {
      const current = query.state.data;
      if (!current) return false;
      return query.state.status === 'error' ? RETRY_MS : refreshDelayMs(current.serverTime, current.tokenExpiresAt);
    },
  });

  const online = useOnline();

  // Without a network and without a code yet (the query waits for the network), say so at once.
  if (code.isPending && !online) {
    return (
      <MobilePage title={t('code.title')} back>
        <ErrorBlock status="disconnected" title={t('code.offlineTitle')} description={t('code.offlineHint')} data-testid="health-code-offline" />
      </MobilePage>
    );
  }
  if (code.isPending) return <PageLoading />;
  const needsRealName = code.error instanceof ApiError && code.error.code === 'HEALTH_CODE_REAL_NAME_REQUIRED';
  return (
    <MobilePage title={t('code.title')} back>
      {!code.data && needsRealName && (
        <ErrorBlock status="default" title={t('code.realNameNeeded')} description="">
          <Button color="primary" onClick={() => navigate('/m/real-name')}>
            {t('code.goRealName')}
          </Button>
        </ErrorBlock>
      )}
      {!code.data && code.error && !needsRealName && (
        <ErrorBlock status="disconnected" title={messageOf(code.error, t('common:error.loadFailed'))} description="">
          <Button color="primary" onClick={() => void code.refetch()}>
            {t('common:action.retry')}
          </Button>
        </ErrorBlock>
      )}
      {code.data && (
        <>
          <CodeCard code={code.data} refreshFailed={code.isError} online={online} />
          <CodeReasons code={code.data} />
          <div className="fx-card fx-code-actions">
            <Grid columns={4} gap={8}>
              <Grid.Item>
                <CameraScanButton className="fx-service" label={t('code.scanPlace')} icon={<ScanOutlined />} />
              </Grid.Item>
              <Grid.Item>
                <button type="button" className="fx-service" onClick={() => navigate('/m/health/declare')}>
                  <span className="fx-service-icon" style={{ background: '#1677ff' }}><FormOutlined /></span>
                  <span className="fx-service-title">{t('nav.declare')}</span>
                </button>
              </Grid.Item>
              <Grid.Item>
                <button type="button" className="fx-service" onClick={() => navigate('/m/health/trips')}>
                  <span className="fx-service-icon" style={{ background: '#13a8a8' }}><CarOutlined /></span>
                  <span className="fx-service-title">{t('nav.trips')}</span>
                </button>
              </Grid.Item>
              <Grid.Item>
                <button type="button" className="fx-service" onClick={() => navigate('/m/health/corrections')}>
                  <span className="fx-service-icon" style={{ background: '#fa8c16' }}><ExclamationCircleOutlined /></span>
                  <span className="fx-service-title">{t('nav.corrections')}</span>
                </button>
              </Grid.Item>
            </Grid>
          </div>
          <List className="fx-card fx-code-links">
            <List.Item arrow onClick={() => navigate('/m/health/visits')}>
              {t('myScans.link')}
            </List.Item>
          </List>
        </>
      )}
    </MobilePage>
  );
}

/**
 * The colour card: name and ID masked, the ticking clock, the QR inside the animated border. Offline,
 * or once the token has expired without a replacement, the QR and the colour give way to a grey
 * "cannot be shown" state: a code that cannot be refreshed is never presented as valid.
 */
function CodeCard({ code, refreshFailed, online }: { code: ShownCode; refreshFailed: boolean; online: boolean }) {
  const { t } = useTranslation('health');
  const now = useLiveClock(code.offsetMs);
  const { date, time } = splitDateTime(now);
  const secondsLeft = Math.max(0, Math.round((Date.parse(code.tokenExpiresAt) - now.getTime()) / 1000));
  const hue = ((Math.round(code.borderHue) % 360) + 360) % 360;
  const unusable = !online || secondsLeft === 0;
  if (unusable) {
    return (
      <section className="fx-code-card fx-code-card-unusable" data-testid="health-code-card" data-colour="none" data-state={online ? 'expired' : 'offline'}>
        <div className="fx-code-identity">
          <span className="fx-code-name">{code.maskedName}</span>
          <span className="fx-code-id">{code.maskedId}</span>
        </div>
        <div className="fx-code-unusable" role="status" data-testid="health-code-unusable">
          <strong>{t(online ? 'code.expiredTitle' : 'code.offlineTitle')}</strong>
          <span>{t(online ? 'code.expiredHint' : 'code.offlineHint')}</span>
        </div>
      </section>
    );
  }
  return (
    <section className="fx-code-card" data-testid="health-code-card" data-colour={code.colour} style={{ ['--fx-code' as string]: COLOUR_HEX[code.colour], ['--fx-hue' as string]: String(hue) }}>
      <div className="fx-code-identity">
        <span className="fx-code-name" data-testid="health-code-name">{code.maskedName}</span>
        <span className="fx-code-id" data-testid="health-code-id">{code.maskedId}</span>
      </div>
      <div className="fx-code-clock" aria-live="off">
        <span className="fx-code-date">{date}</span>
        <span className="fx-code-time" data-testid="health-code-clock">{time}</span>
      </div>
      <div className="fx-code-frame" data-testid="health-code-frame" data-hue={hue}>
        <div className="fx-code-frame-inner">
          <QrImage value={code.token} size={224} alt={t('code.qrAlt')} testId="health-code-qr" dark={QR_HEX[code.colour]} level="L" />
        </div>
      </div>
      <div className="fx-code-colour" data-testid="health-code-colour">{t(`colour.${code.colour}`)}</div>
      <p className="fx-code-hint">{refreshFailed ? t('code.refreshFailed') : t('code.validUntil', { seconds: secondsLeft })}</p>
      <p className="fx-code-hint">{t('code.showToStaff')}</p>
    </section>
  );
}
