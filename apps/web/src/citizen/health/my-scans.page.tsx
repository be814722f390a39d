/** 我的场所记录: the citizen's own venue visits of the last 14 days (they feed the health code's "visited a risk area" rule). */
import { ErrorBlock, List, Tag } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { COLOUR_HEX } from '../../shared/health/colour.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { MobilePage, PageLoading } from '../components/page.tsx';
import { myScansQuery } from './health.api.ts';
import './health.css';

/** The visits page. */
export function MyScansPage() {
  const { t } = useTranslation('health');
  const read = useQuery(myScansQuery(14));
  const scans = read.data;
  const error = useLoadError(read.error);
  if (read.isPending) return <PageLoading />;
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
