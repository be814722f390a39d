/**
 * 动态场所码: the rotating place code for a screen at the entrance. The server signs a new code for
 * every 30-second window; the page fetches the next one as the current one runs out, so a scan of it
 * proves the person stood in front of the screen.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Spin, Typography } from 'antd';
import { FullscreenOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../../shared/api/errors.ts';
import { venuePortalApi } from '../../shared/health/health.api.ts';
import type { DynamicCode } from '../../shared/health/health.types.ts';
import { QrImage } from '../../shared/health/qr-image.tsx';
import { PageContainer, usePageContainerLabels } from '../../staff/page-container.tsx';
import { useMyVenue } from './use-my-venue.ts';
import './scan.css';

/** The screen page. */
export function ScreenPage() {
  const { t } = useTranslation('health');
  const labels = usePageContainerLabels('venue');
  const venue = useMyVenue(t('today.noVenue'));
  const venueId = venue.status === 'ready' ? venue.venue.id : null;
  const [code, setCode] = useState<DynamicCode | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());
  const screen = useRef<HTMLDivElement>(null);

  const fetchCode = useCallback(async () => {
    if (!venueId) return;
    try {
      setCode(await venuePortalApi.dynamicCode(venueId));
      setError(null);
    } catch (err) {
      setError(messageOf(err, t('common:error.loadFailed')));
    }
  }, [venueId, t]);

  useEffect(() => {
    void fetchCode();
  }, [fetchCode]);

  // Fetch the next window's code as the current one expires (and retry every 5 s after a failure).
  useEffect(() => {
    if (!venueId) return;
    const wait = code ? Math.max(1_000, Date.parse(code.expiresAt) - Date.now() + 250) : 5_000;
    const timer = window.setTimeout(() => void fetchCode(), Math.min(wait, 30_000));
    return () => window.clearTimeout(timer);
  }, [code, venueId, fetchCode, error]);

  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);

  const seconds = code ? Math.max(0, Math.ceil((Date.parse(code.expiresAt) - now) / 1000)) : 0;
  return (
    <PageContainer
      {...labels}
      title={t('nav.screen')}
      description={t('screen.intro')}
      extra={
        <Button icon={<FullscreenOutlined />} onClick={() => void screen.current?.requestFullscreen?.()} disabled={!code}>
          {t('screen.fullscreen')}
        </Button>
      }
    >
      {venue.status === 'failed' && <Alert type="warning" showIcon title={venue.message} className="fx-card" />}
      {error && <Alert type="error" showIcon title={error} className="fx-card" />}
      <Card className="fx-card">
        <div className="fx-screen" ref={screen} data-testid="dynamic-code-screen">
          {venue.status === 'ready' && <div className="fx-screen-name">{venue.venue.name}</div>}
          <div className="fx-screen-hint">{t('screen.scanToEnter')}</div>
          {code ? (
            <>
              <div className="fx-screen-qr">
                <QrImage value={code.url} size={320} alt={t('screen.alt')} testId="dynamic-code-qr" />
              </div>
              <div className="fx-screen-countdown" data-testid="dynamic-code-countdown">{t('screen.rotatesIn', { seconds })}</div>
              <Typography.Text type="secondary" className="fx-mono fx-no-print" copyable={{ text: code.url }} data-testid="dynamic-code-url">
                {t('screen.link')}
              </Typography.Text>
            </>
          ) : (
            venue.status !== 'failed' && <Spin size="large" />
          )}
        </div>
      </Card>
    </PageContainer>
  );
}
