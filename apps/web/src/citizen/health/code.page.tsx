/**
 * 我的健康码: the big colour card with the masked identity, a live clock, a border whose hue the
 * server chooses each day (a screenshot from yesterday looks wrong at the door), and the QR of a
 * short-lived signed token that is replaced before it expires while the page is open.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, ErrorBlock, Grid, List } from 'antd-mobile';
import { ScanOutlined, FormOutlined, CarOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api/client.ts';
import { messageOf } from '../../shared/api/errors.ts';
import { COLOUR_HEX, QR_HEX } from '../../shared/health/colour.ts';
import { myHealthApi } from '../../shared/health/health.api.ts';
import type { MyCode } from '../../shared/health/health.types.ts';
import { QrImage } from '../../shared/health/qr-image.tsx';
import { MobilePage, PageLoading } from '../components/page.tsx';
import { CodeReasons } from './reasons.tsx';
import { refreshDelayMs } from './token-refresh.ts';
import { splitDateTime, useLiveClock } from './use-live-clock.ts';
import { CameraScanButton } from './camera-scan.tsx';
import './health.css';

type Load = { status: 'loading' } | { status: 'no-real-name' } | { status: 'failed'; message: string } | { status: 'ready'; code: MyCode; offsetMs: number };

/** The citizen's code page. */
export function HealthCodePage() {
  const { t } = useTranslation('health');
  const navigate = useNavigate();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [refreshFailed, setRefreshFailed] = useState(false);
  const timer = useRef<number | undefined>(undefined);

  const adopt = useCallback((code: MyCode) => {
    setLoad({ status: 'ready', code, offsetMs: Date.parse(code.serverTime) - Date.now() });
    setRefreshFailed(false);
  }, []);

  const fetchCode = useCallback(async () => {
    try {
      adopt(await myHealthApi.code());
    } catch (error) {
      if (error instanceof ApiError && error.code === 'HEALTH_CODE_REAL_NAME_REQUIRED') setLoad({ status: 'no-real-name' });
      else setLoad({ status: 'failed', message: messageOf(error, t('common:error.loadFailed')) });
    }
  }, [adopt, t]);

  useEffect(() => {
    void fetchCode();
  }, [fetchCode]);

  // Replace the token before it expires; on failure try again shortly (the old one is still valid for a while).
  const token = load.status === 'ready' ? load.code.token : null;
  const issuedAt = load.status === 'ready' ? load.code.serverTime : null;
  const expiresAt = load.status === 'ready' ? load.code.tokenExpiresAt : null;
  useEffect(() => {
    if (!token || !issuedAt || !expiresAt) return;
    window.clearTimeout(timer.current);
    const refresh = async () => {
      try {
        const fresh = await myHealthApi.refresh();
        setLoad((current) => (current.status === 'ready' ? { status: 'ready', code: { ...current.code, ...fresh }, offsetMs: Date.parse(fresh.serverTime) - Date.now() } : current));
        setRefreshFailed(false);
      } catch {
        setRefreshFailed(true);
        timer.current = window.setTimeout(() => void refresh(), 5_000);
      }
    };
    timer.current = window.setTimeout(() => void refresh(), refreshDelayMs(issuedAt, expiresAt));
    return () => window.clearTimeout(timer.current);
  }, [token, issuedAt, expiresAt]);

  // Coming back to a page left in the background: fetch at once instead of showing a stale code.
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') void fetchCode();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [fetchCode]);

  if (load.status === 'loading') return <PageLoading />;
  return (
    <MobilePage title={t('code.title')} back>
      {load.status === 'no-real-name' && (
        <ErrorBlock status="default" title={t('code.realNameNeeded')} description="">
          <Button color="primary" onClick={() => navigate('/m/real-name')}>
            {t('code.goRealName')}
          </Button>
        </ErrorBlock>
      )}
      {load.status === 'failed' && (
        <ErrorBlock status="disconnected" title={load.message} description="">
          <Button color="primary" onClick={() => void fetchCode()}>
            {t('common:action.retry')}
          </Button>
        </ErrorBlock>
      )}
      {load.status === 'ready' && (
        <>
          <CodeCard code={load.code} offsetMs={load.offsetMs} refreshFailed={refreshFailed} />
          <CodeReasons code={load.code} />
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

/** The colour card: name and ID masked, the ticking clock, the QR inside the animated border. */
function CodeCard({ code, offsetMs, refreshFailed }: { code: MyCode; offsetMs: number; refreshFailed: boolean }) {
  const { t } = useTranslation('health');
  const now = useLiveClock(offsetMs);
  const { date, time } = splitDateTime(now);
  const secondsLeft = Math.max(0, Math.round((Date.parse(code.tokenExpiresAt) - now.getTime()) / 1000));
  const hue = ((Math.round(code.borderHue) % 360) + 360) % 360;
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
