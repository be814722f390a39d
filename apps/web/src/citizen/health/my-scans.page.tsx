/** 我的场所记录: the citizen's own venue visits of the last 14 days (they feed the health code's "visited a risk area" rule). */
import { useEffect, useState } from 'react';
import { ErrorBlock, List, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../../shared/api/errors.ts';
import { COLOUR_HEX } from '../../shared/health/colour.ts';
import { scanApi } from '../../shared/health/health.api.ts';
import type { MyScan } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { MobilePage, PageLoading } from '../components/page.tsx';
import './health.css';

/** The visits page. */
export function MyScansPage() {
  const { t } = useTranslation('health');
  const [scans, setScans] = useState<MyScan[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    scanApi
      .mine(14)
      .then(setScans)
      .catch((err) => setError(messageOf(err, t('common:error.loadFailed'))));
  }, [t]);
  if (!scans && !error) return <PageLoading />;
  return (
    <MobilePage title={t('myScans.title')} back>
      <p className="fx-page-intro">{t('myScans.intro')}</p>
      {error && <ErrorBlock status="disconnected" title={error} description="" />}
      {scans && scans.length === 0 && <ErrorBlock status="empty" title={t('myScans.none')} description="" />}
      {scans && scans.length > 0 && (
        <List className="fx-list" data-testid="my-scans">
          {scans.map((s) => (
            <List.Item
              key={s.id}
              description={`${formatDateTime(s.scannedAt)} · ${t(`method.${s.method}`)}`}
              extra={
                <Tag color={COLOUR_HEX[s.colour]} fill="solid">
                  {t(`colour.${s.colour}`)}
                </Tag>
              }
            >
              {s.venueName}
            </List.Item>
          ))}
        </List>
      )}
    </MobilePage>
  );
}
