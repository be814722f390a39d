/**
 * 动态场所码: the rotating place code for a screen at the entrance. The server signs a new code for
 * every 30-second window; the page reads the next one as the current one runs out, so a scan of it
 * proves the person stood in front of the screen.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Spin, Typography } from 'antd';
import { FullscreenOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { DynamicCode } from '../../shared/health/health.types.ts';
import { QrImage } from '../../shared/health/qr-image.tsx';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { PageContainer, usePageContainerLabels } from '../../staff/page-container.tsx';
import { dynamicCodeQuery } from './portal.api.ts';
import { useMyVenue } from './use-my-venue.ts';
import './scan.css';

/** When to read the next code: just after the current one expires (at most 30 s away), or 5 s after a failure. */
function nextReadMs(code: DynamicCode | undefined, failed: boolean): number {
  if (failed || !code) return 5_000;
  return Math.min(30_000, Math.max(1_000, Date.parse(code.expiresAt) - Date.now() + 250));
}

/** The screen page. */
export function ScreenPage() {
  const { t } = useTranslation('health');
  const labels = usePageContainerLabels('venue');
  const venue = useMyVenue();
  const venueId = venue.status === 'ready' ? venue.venue.id : null;
  const code = useQuery({
    ...dynamicCodeQuery(venueId ?? ''),
    enabled: Boolean(venueId),
    refetchInterval: (query) => nextReadMs(query.state.data, query.state.status === 'error'),
    // A screen at the entrance must stay current even when its window is not the focused one.
    refetchIntervalInBackground: true,
  });
  const error = useLoadError(code.error);
  const [now, setNow] = useState(Date.now());
  const screen = useRef<HTMLDivElement>(null);

  // The countdown under the code (a clock, not server state).
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);

  const seconds = code.data ? Math.max(0, Math.ceil((Date.parse(code.data.expiresAt) - now) / 1000)) : 0;
  return (
    <PageContainer
      {...labels}
      title={t('nav.screen')}
      description={t('screen.intro')}
      extra={
        <Button icon={<FullscreenOutlined />} onClick={() => void screen.current?.requestFullscreen?.()} disabled={!code.data}>
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
          {code.data ? (
            <>
              <div className="fx-screen-qr">
                <QrImage value={code.data.url} size={320} alt={t('screen.alt')} testId="dynamic-code-qr" />
              </div>
              <div className="fx-screen-countdown" data-testid="dynamic-code-countdown">{t('screen.rotatesIn', { seconds })}</div>
              <Typography.Text type="secondary" className="fx-mono fx-no-print" copyable={{ text: code.data.url }} data-testid="dynamic-code-url">
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
