/** 场所码海报: the static place code laid out for printing (print CSS), with PNG/PDF downloads and withdrawal of old posters. */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Popconfirm, Space, Spin, Tag } from 'antd';
import { FilePdfOutlined, FileImageOutlined, PrinterOutlined, SyncOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../../shared/api/errors.ts';
import { venuePortalApi } from '../../shared/health/health.api.ts';
import type { Poster } from '../../shared/health/health.types.ts';
import { QrImage } from '../../shared/health/qr-image.tsx';
import { PageContainer, usePageContainerLabels } from '../../staff/page-container.tsx';
import { useMyVenue } from './use-my-venue.ts';
import './scan.css';

/** The poster page. */
export function PosterPage() {
  const { t } = useTranslation('health');
  const { message } = App.useApp();
  const labels = usePageContainerLabels('venue');
  const venue = useMyVenue(t('today.noVenue'));
  const venueId = venue.status === 'ready' ? venue.venue.id : null;
  const [poster, setPoster] = useState<Poster | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (!venueId) return;
    try {
      setPoster(await venuePortalApi.poster(venueId));
      setError(null);
    } catch (err) {
      setError(messageOf(err, t('common:error.loadFailed')));
    }
  }, [venueId, t]);
  useEffect(() => {
    void load();
  }, [load]);

  const rotate = async () => {
    if (!venueId) return;
    try {
      setPoster(await venuePortalApi.rotatePoster(venueId));
      message.success(t('poster.rotated'));
    } catch (err) {
      message.error(messageOf(err, t('common:state.failed')));
    }
  };

  return (
    <PageContainer
      {...labels}
      title={t('nav.poster')}
      description={t('poster.intro')}
      extra={
        venueId && (
          <Space wrap className="fx-no-print">
            <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!poster}>
              {t('poster.print')}
            </Button>
            <Button icon={<FileImageOutlined />} href={venuePortalApi.posterPngUrl(venueId)} target="_blank" rel="noopener">
              {t('poster.png')}
            </Button>
            <Button icon={<FilePdfOutlined />} href={venuePortalApi.posterPdfUrl(venueId)}>
              {t('poster.pdf')}
            </Button>
            <Popconfirm title={t('poster.rotateConfirm')} onConfirm={() => void rotate()} okText={t('common.confirm')} cancelText={t('common.cancel')}>
              <Button danger icon={<SyncOutlined />}>
                {t('poster.rotate')}
              </Button>
            </Popconfirm>
          </Space>
        )
      }
    >
      {venue.status === 'failed' && <Alert type="warning" showIcon title={venue.message} className="fx-card" />}
      {error && <Alert type="error" showIcon title={error} className="fx-card" />}
      {poster ? (
        <article className="fx-poster" data-testid="poster">
          <div className="fx-poster-brand">{t('common:brandFull')}</div>
          <div className="fx-poster-heading">{t('poster.heading')}</div>
          <div className="fx-poster-name">{poster.name}</div>
          <div className="fx-poster-address">
            {poster.typeName} · {poster.divisionName} {poster.address}
          </div>
          <div className="fx-poster-qr">
            <QrImage value={poster.url} size={300} alt={t('poster.alt')} testId="poster-qr" />
          </div>
          <div className="fx-poster-scan">{t('poster.scanToEnter')}</div>
          <div className="fx-poster-footer">
            <Tag>{t('poster.version', { version: poster.version })}</Tag> {t('poster.footer')}
          </div>
        </article>
      ) : (
        venue.status !== 'failed' && !error && <Spin size="large" />
      )}
    </PageContainer>
  );
}
