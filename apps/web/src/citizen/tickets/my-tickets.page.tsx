/** 我的诉求: the citizen's tickets, newest first, with their status; a tap opens the progress. */
import { useNavigate } from 'react-router';
import { Button, Dialog, ErrorBlock, List, Tag } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/format.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { MobilePage, PageLoading } from '../components/page.tsx';
import { useCitizenAction } from '../components/use-action.ts';
import { myTicketKeys, myTicketsApi, myTicketsQuery, supportedTicketsQuery } from './tickets.api.ts';

export function MyTicketsPage() {
  const { t } = useTranslation('tickets');
  const navigate = useNavigate();
  const read = useQuery(myTicketsQuery());
  const supported = useQuery(supportedTicketsQuery());
  const error = useLoadError(read.error);
  // Withdraw one's 我也遇到了: no longer counted on the ticket nor told of its progress.
  const withdraw = useCitizenAction({
    send: (number: string) => myTicketsApi.withdrawSupport(number),
    invalidates: [myTicketKeys.all],
    success: (r) => t('citizen.withdrawn', { number: r.number }),
  });
  const confirmWithdraw = async (number: string) => {
    if (await Dialog.confirm({ content: t('citizen.withdrawConfirm', { number }), confirmText: t('citizen.withdraw'), cancelText: t('citizen.keepSupport') })) void withdraw.run(number);
  };
  if (read.isPending && !error) return <PageLoading />;
  const tickets = read.data ?? [];
  return (
    <MobilePage title={t('citizen.mineTitle')} back>
      {withdraw.error && <ErrorBlock status="default" title={withdraw.error} description="" />}
      {error && <ErrorBlock status="disconnected" title={error} description="" />}
      <div style={{ margin: 12 }}>
        <Button block color="primary" onClick={() => navigate('/m/tickets/new')} data-testid="new-ticket">
          {t('citizen.newTicket')}
        </Button>
      </div>
      {tickets.length === 0 ? (
        <p className="fx-page-intro">{t('citizen.none')}</p>
      ) : (
        <List className="fx-list" data-testid="my-tickets">
          {tickets.map((ticket) => (
            <List.Item
              key={ticket.id}
              onClick={() => navigate(`/m/tickets/${ticket.id}`)}
              description={`${t(`kind.${ticket.kind}`)} · ${ticket.number} · ${formatDateTime(ticket.createdAt)}`}
              extra={<Tag color={ticket.status === 'closed' ? 'success' : ticket.status === 'replied' ? 'primary' : ticket.status === 'rejected' ? 'default' : 'warning'}>{t(`status.${ticket.status}`)}</Tag>}
            >
              {ticket.title}
            </List.Item>
          ))}
        </List>
      )}
      {(supported.data?.length ?? 0) > 0 && (
        <List className="fx-list" header={t('citizen.supportedTitle')} data-testid="supported-tickets">
          {supported.data!.map((ticket) => (
            <List.Item
              key={ticket.number}
              description={`${t(`kind.${ticket.kind}`)} · ${ticket.number} · ${t('citizen.supportCount', { count: ticket.supportCount })}${ticket.reply ? ` · ${ticket.reply}` : ''}`}
              extra={
                <>
                  <Tag color="primary">{t(`status.${ticket.status}`, { defaultValue: ticket.status })}</Tag>{' '}
                  <Button size="mini" fill="outline" loading={withdraw.pending && withdraw.variables === ticket.number} onClick={() => void confirmWithdraw(ticket.number)} data-testid={`ticket-withdraw-${ticket.number}`}>
                    {t('citizen.withdraw')}
                  </Button>
                </>
              }
            >
              {ticket.title}
            </List.Item>
          ))}
        </List>
      )}
    </MobilePage>
  );
}
