/** 我的办件: one's applications, newest first. */
import { useNavigate } from 'react-router';
import { ErrorBlock, List, Tag } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/format.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { MobilePage, PageLoading } from '../components/page.tsx';
import { mineQuery } from './govservice.api.ts';

export function MyApplicationsPage() {
  const { t } = useTranslation('govservice');
  const navigate = useNavigate();
  const list = useQuery(mineQuery());
  const error = useLoadError(list.error);
  if (list.isPending && !error) return <PageLoading />;
  return (
    <MobilePage title={t('mine.title')} back>
      {error && <ErrorBlock status="disconnected" title={error} description="" />}
      {list.data && list.data.items.length === 0 && <ErrorBlock status="empty" title={t('mine.none')} description="" />}
      <List className="fx-list" data-testid="gs-mine">
        {(list.data?.items ?? []).map((a) => (
          <List.Item key={a.id} onClick={() => navigate(`/m/services/mine/${a.id}`)} description={`${a.number} · ${formatDateTime(a.updatedAt)}`}
            extra={<Tag color={a.canSupply ? 'warning' : 'primary'}>{t(`status.${a.status}`)}</Tag>}>
            {a.itemName}
          </List.Item>
        ))}
      </List>
    </MobilePage>
  );
}
