/** 病例活动轨迹: the published places and trips of cases, by date (no name, no ID, no seat). Open to everyone. */
import { ErrorBlock, List, Tag } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { PublishedPoint } from '@fangxian/contracts/tracing';
import { formatDateTime } from '../../shared/format.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { useSession } from '../../shared/session/session.tsx';
import { MobilePage, PageLoading } from '../components/page.tsx';
import { publishedQuery } from './tracing.api.ts';

/** One published point as a list item: the case's label, the place or trip, the time window. */
export function PublishedItem({ point }: { point: PublishedPoint }) {
  const { t, i18n } = useTranslation('tracing');
  const what = point.kind === 'stay' ? point.placeName : `${t(`mode.${point.mode ?? 'train'}`)} ${point.number}${point.carriage ? ` · ${t('public.carriage', { carriage: point.carriage })}` : ''}`;
  return (
    <List.Item description={`${formatDateTime(point.from)} – ${formatDateTime(point.to)}`} extra={<Tag color="danger">{i18n.language === 'en' ? point.caseLabelEn : point.caseLabel}</Tag>}>
      {what}
    </List.Item>
  );
}

/**
 * 位置示意图: the published stays at venues as a plain coordinate plot (no internet map tiles): the
 * venues' registered longitude / latitude scaled to the box, north up, one dot per place.
 */
export function CoordinatePlot({ points }: { points: PublishedPoint[] }) {
  const { t } = useTranslation('tracing');
  const placed = new Map<string, { name: string; lat: number; lng: number; labels: Set<string> }>();
  for (const p of points) {
    if (p.latitude == null || p.longitude == null) continue;
    const key = `${p.latitude},${p.longitude}`;
    const entry = placed.get(key) ?? { name: p.placeName, lat: p.latitude, lng: p.longitude, labels: new Set<string>() };
    entry.labels.add(p.caseLabel);
    placed.set(key, entry);
  }
  const dots = [...placed.values()];
  if (dots.length === 0) return null;
  const W = 320;
  const H = 220;
  const pad = 28;
  const lats = dots.map((d) => d.lat);
  const lngs = dots.map((d) => d.lng);
  const [minLat, maxLat, minLng, maxLng] = [Math.min(...lats), Math.max(...lats), Math.min(...lngs), Math.max(...lngs)];
  const spanLat = Math.max(maxLat - minLat, 0.01);
  const spanLng = Math.max(maxLng - minLng, 0.01);
  const x = (lng: number) => pad + ((lng - minLng) / spanLng) * (W - 2 * pad);
  const y = (lat: number) => H - pad - ((lat - minLat) / spanLat) * (H - 2 * pad);
  return (
    <figure className="fx-card" style={{ margin: '12px', padding: 8 }} data-testid="itinerary-plot">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={t('public.plot')}>
        <rect x={0} y={0} width={W} height={H} fill="#fafafa" stroke="#d9d9d9" />
        <text x={W - 8} y={16} textAnchor="end" fontSize={10} fill="#595959">
          {t('public.north')}
        </text>
        {dots.map((d) => (
          <g key={`${d.lat},${d.lng}`}>
            <circle cx={x(d.lng)} cy={y(d.lat)} r={5} fill="#cf1322" />
            <text x={x(d.lng) + 7} y={y(d.lat) + 4} fontSize={10} fill="#262626">
              {d.name.slice(0, 10)}
            </text>
            <title>{`${d.name}（${[...d.labels].join('、')}）`}</title>
          </g>
        ))}
      </svg>
      <figcaption style={{ fontSize: 12, color: '#595959' }}>{t('public.plotCaption')}</figcaption>
    </figure>
  );
}

/** The public list page. */
export function ItinerariesPage() {
  const { t } = useTranslation('tracing');
  // Read once the session is known: an anonymous visitor's 401 on /api/me drops every other query
  // (session.tsx forgets the previous user's data), which would leave this one pending for ever.
  const { state } = useSession();
  const read = useQuery({ ...publishedQuery(), enabled: state.status !== 'loading' });
  const error = useLoadError(read.error);
  if (read.isPending) return <PageLoading />;
  return (
    <MobilePage title={t('public.title')} back>
      <p className="fx-page-intro">{t('public.intro')}</p>
      {error && <ErrorBlock status="disconnected" title={error} description="" />}
      {read.data && read.data.length === 0 && <ErrorBlock status="empty" title={t('public.none')} description="" />}
      {read.data && read.data.length > 0 && <CoordinatePlot points={read.data} />}
      {read.data && read.data.length > 0 && (
        <List className="fx-list" data-testid="published-itineraries">
          {read.data.map((p) => (
            <PublishedItem key={p.id} point={p} />
          ))}
        </List>
      )}
    </MobilePage>
  );
}
