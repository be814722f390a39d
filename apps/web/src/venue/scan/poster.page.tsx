/** 场所码海报: the static place code laid out for printing (print CSS), with PNG/PDF downloads and withdrawal of old posters. */
import { Alert, Button, Popconfirm, Space, Spin, Tag } from 'antd';
import { FilePdfOutlined, FileImageOutlined, PrinterOutlined, SyncOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QrImage } from '../../shared/health/qr-image.tsx';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { PageContainer, usePageContainerLabels } from '../../staff/page-container.tsx';
import { useAction } from '../../staff/use-action.ts';
import { portalApi, portalKeys, posterQuery } from './portal.api.ts';
import { useMyVenue } from './use-my-venue.ts';
import './scan.css';

/** The poster page. */
export function PosterPage() {
  const { t } = useTranslation('health');
  const labels = usePageContainerLabels('venue');
  const client = useQueryClient();
  const venue = useMyVenue();
  const venueId = venue.status === 'ready' ? venue.venue.id : null;
  const poster = useQuery({ ...posterQuery(venueId ?? ''), enabled: Boolean(venueId) });
  const error = useLoadError(poster.error);
  // The new poster comes back with the rotation: it replaces the old one without another read.
  const rotate = useAction({
    send: (id: string) => portalApi.rotatePoster(id),
    success: t('poster.rotated'),
    onDone: (fresh, id) => client.setQueryData(portalKeys.poster(id), fresh),
  });

  return (
    <PageContainer
      {...labels}
      title={t('nav.poster')}
      description={t('poster.intro')}
      extra={
        venueId && (
          <Space wrap className="fx-no-print">
            <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!poster.data}>
              {t('poster.print')}
            </Button>
            <Button icon={<FileImageOutlined />} href={portalApi.posterPngUrl(venueId)} target="_blank" rel="noopener">
              {t('poster.png')}
            </Button>
            <Button icon={<FilePdfOutlined />} href={portalApi.posterPdfUrl(venueId)}>
              {t('poster.pdf')}
            </Button>
            <Popconfirm title={t('poster.rotateConfirm')} onConfirm={() => void rotate.run(venueId)} okText={t('common.confirm')} cancelText={t('common.cancel')}>
              <Button danger icon={<SyncOutlined />} loading={rotate.pending}>
                {t('poster.rotate')}
              </Button>
            </Popconfirm>
          </Space>
        )
      }
    >
      {venue.status === 'failed' && <Alert type="warning" showIcon title={venue.message} className="fx-card" />}
      {error && <Alert type="error" showIcon title={error} className="fx-card" />}
      {poster.data ? (
        <article className="fx-poster" data-testid="poster">
          <div className="fx-poster-brand">{t('common:brandFull')}</div>
          <div className="fx-poster-heading">{t('poster.heading')}</div>
          <div className="fx-poster-name">{poster.data.name}</div>
          <div className="fx-poster-address">
            {poster.data.typeName} · {poster.data.fullAddress}
          </div>
          <div className="fx-poster-qr">
            <QrImage value={poster.data.url} size={300} alt={t('poster.alt')} testId="poster-qr" />
          </div>
          <div className="fx-poster-scan">{t('poster.scanToEnter')}</div>
          <div className="fx-poster-footer">
            <Tag>{t('poster.version', { version: poster.data.version })}</Tag> {t('poster.footer')}
          </div>
        </article>
      ) : (
        venue.status !== 'failed' && !error && <Spin size="large" />
      )}
    </PageContainer>
  );
}
