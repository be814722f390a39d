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
