/** 消息中心: the staff member's in-app notifications, newest first (console and venue portal). */
import { Badge, Button, List, Space } from 'antd';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { checkinApi, checkinKeys, inboxQuery } from '../../shared/checkin/checkin.api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useChange } from '../../shared/query/use-change.ts';
import { ListCard } from '../list-table.tsx';
import { RefreshButton } from '../page-actions.tsx';
import { PageContainer, usePageContainerLabels } from '../page-container.tsx';

/** The inbox page. */
export function StaffInboxPage({ surface }: { surface: 'console' | 'venue' }) {
  const labels = usePageContainerLabels(surface);
  const { t, i18n } = useTranslation('checkin');
  const read = useQuery(inboxQuery());
  const markAll = useChange<void, { marked: number }>({ send: () => checkinApi.markAllRead(), invalidates: [checkinKeys.inbox] });
  const markOne = useChange({ send: (id: string) => checkinApi.markRead(id), invalidates: [checkinKeys.inbox] });
  const en = i18n.language.startsWith('en');
  return (
    <PageContainer
      {...labels}
      title={t('inbox.title')}
      extra={
        <Space>
          <span>{t('inbox.unread', { n: read.data?.unread ?? 0 })}</span>
          <Button onClick={() => void markAll.run()} disabled={!read.data?.unread}>
            {t('inbox.markAll')}
          </Button>
          <Link to="/inbox/preferences" data-testid="inbox-preferences">
            {t('prefs.open')}
          </Link>
          <RefreshButton query={read} />
        </Space>
      }
    >
      <ListCard query={read}>
        <List
          loading={read.isLoading}
          locale={{ emptyText: t('inbox.empty') }}
          dataSource={read.data?.items ?? []}
          data-testid="staff-inbox"
          renderItem={(m) => (
            <List.Item actions={m.readAt ? [] : [<Button key="read" size="small" onClick={() => void markOne.run(m.id)}>{t('inbox.markRead')}</Button>]}>
              <List.Item.Meta title={<Badge dot={!m.readAt}>{en ? m.title.en : m.title.zh}</Badge>} description={`${en ? m.body.en : m.body.zh} · ${formatDateTime(m.createdAt)}`} />
            </List.Item>
          )}
        />
      </ListCard>
    </PageContainer>
  );
}
