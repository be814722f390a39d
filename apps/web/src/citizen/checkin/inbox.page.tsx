/** 我的消息: the citizen's in-app notifications (reminders, alerts, decisions), newest first. */
import { useNavigate } from 'react-router';
import { Badge, Button, ErrorBlock, List } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { checkinApi, checkinKeys, inboxQuery } from '../../shared/checkin/checkin.api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { MobilePage, PageLoading } from '../components/page.tsx';
import { useCitizenAction } from '../components/use-action.ts';

/** The inbox page. */
export function InboxPage() {
  const { t, i18n } = useTranslation('checkin');
  const navigate = useNavigate();
  const read = useQuery(inboxQuery());
  const error = useLoadError(read.error);
  const markAll = useCitizenAction({ send: () => checkinApi.markAllRead(), invalidates: [checkinKeys.inbox] });
  const markOne = useCitizenAction({ send: (id: string) => checkinApi.markRead(id), invalidates: [checkinKeys.inbox] });
  if (read.isPending) return <PageLoading />;
  const en = i18n.language.startsWith('en');
  const items = read.data?.items ?? [];
  return (
    <MobilePage title={t('inbox.title')} back>
      {error && <ErrorBlock status="disconnected" title={error} description="" />}
      <p className="fx-page-intro">
        <Button size="mini" onClick={() => navigate('/m/inbox/preferences')} data-testid="inbox-preferences">
          {t('prefs.open')}
        </Button>
      </p>
      {read.data && (
        <p className="fx-page-intro">
          {t('inbox.unread', { n: read.data.unread })}{' '}
          {read.data.unread > 0 && (
            <Button size="mini" onClick={() => void markAll.run()}>
              {t('inbox.markAll')}
            </Button>
          )}
        </p>
      )}
      {items.length === 0 && !error && <ErrorBlock status="empty" title={t('inbox.empty')} description="" />}
      {items.length > 0 && (
        <List data-testid="inbox">
          {items.map((m) => (
            <List.Item
              key={m.id}
              description={`${en ? m.body.en : m.body.zh} · ${formatDateTime(m.createdAt)}`}
              clickable={Boolean(m.link)}
              onClick={() => {
                if (!m.readAt) void markOne.run(m.id);
                if (m.link) navigate(m.link);
              }}
            >
              {!m.readAt && <Badge content={Badge.dot} style={{ marginRight: 6 }} />}
              {en ? m.title.en : m.title.zh}
            </List.Item>
          ))}
        </List>
      )}
    </MobilePage>
  );
}
