/** 诉求详情: a ticket's progress (no officer's identity), the answer, and the rating of it. */
import { useState } from 'react';
import { useParams } from 'react-router';
import { Button, Card, ErrorBlock, List, Selector, Steps, Tag, TextArea } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { TICKET_RATINGS, type OwnTicket } from '@fangxian/contracts/tickets';
import { formatDateTime } from '../../shared/format.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { FormError } from '../components/form-footer.tsx';
import { MobilePage, PageLoading } from '../components/page.tsx';
import { useCitizenAction } from '../components/use-action.ts';
import { myTicketKeys, myTicketQuery, myTicketsApi } from './tickets.api.ts';

export function TicketPage() {
  const { t } = useTranslation('tickets');
  const { id = '' } = useParams();
  const read = useQuery(myTicketQuery(id));
  const error = useLoadError(read.error);
  if (read.isPending && !error) return <PageLoading />;
  const ticket = read.data;
  return (
    <MobilePage title={t('citizen.detailTitle')} back>
      {error && <ErrorBlock status="disconnected" title={error} description="" />}
      {ticket && (
        <>
          <List className="fx-list" data-testid="ticket-summary">
            <List.Item extra={ticket.number}>{t('field.number')}</List.Item>
            <List.Item extra={t(`kind.${ticket.kind}`)}>{t('field.kind')}</List.Item>
            <List.Item extra={<Tag color="primary" data-testid="ticket-status">{t(`status.${ticket.status}`)}</Tag>}>{t('field.status')}</List.Item>
            <List.Item description={ticket.description}>{ticket.title}</List.Item>
            {ticket.department && <List.Item extra={ticket.department}>{t('field.department')}</List.Item>}
            {!['replied', 'closed', 'rejected'].includes(ticket.status) && <List.Item>{t('citizen.dueBy', { date: formatDateTime(ticket.dueAt) })}</List.Item>}
          </List>
          {ticket.reply && (
            <Card className="fx-card" title={t('field.reply')}>
              <p style={{ whiteSpace: 'pre-wrap' }} data-testid="ticket-reply">{ticket.reply}</p>
            </Card>
          )}
          {ticket.rejectReason && (
            <Card className="fx-card" title={t('field.rejectReason')}>
              <p>{ticket.rejectReason}</p>
            </Card>
          )}
          {ticket.canRate && <RateCard ticket={ticket} />}
          {ticket.rating !== null && !ticket.canRate && (
            <Card className="fx-card" title={t('field.rating')}>
              <p>{t(`rating.${ticket.rating}`)}</p>
            </Card>
          )}
          <Card className="fx-card" title={t('citizen.timeline')}>
            <Steps direction="vertical" current={ticket.timeline.length - 1} data-testid="ticket-timeline">
              {ticket.timeline.map((e, i) => (
                <Steps.Step
                  key={`${e.at}-${i}`}
                  title={`${t(`action.${e.action}`, { defaultValue: e.action })} · ${t(`status.${e.status}`)}`}
                  description={
                    <>
                      <div>{formatDateTime(e.at)}{e.department ? ` · ${e.department}` : ''}</div>
                      {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
                    </>
                  }
                />
              ))}
            </Steps>
          </Card>
        </>
      )}
    </MobilePage>
  );
}

function RateCard({ ticket }: { ticket: OwnTicket }) {
  const { t } = useTranslation('tickets');
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const rate = useCitizenAction({
    send: (r: number) => myTicketsApi.rate(ticket.id, r, comment.trim()),
    invalidates: [myTicketKeys.all],
    success: t('citizen.rated'),
  });
  return (
    <Card className="fx-card" title={t('citizen.rate')}>
      <p className="fx-muted">{t('citizen.rateIntro')}</p>
      <Selector
        columns={2}
        value={rating === null ? [] : [rating]}
        onChange={(v) => setRating(v[0] ?? null)}
        options={TICKET_RATINGS.map((r) => ({ label: t(`rating.${r}`), value: r }))}
        data-testid="ticket-rating"
      />
      <TextArea value={comment} onChange={setComment} rows={2} maxLength={500} placeholder={t('citizen.comment')} style={{ marginTop: 8 }} />
      <FormError error={rate.error} />
      <Button block color="primary" style={{ marginTop: 8 }} disabled={rating === null} loading={rate.pending} onClick={() => { if (rating !== null) void rate.run(rating); }} data-testid="ticket-rate">
        {t('citizen.rate')}
      </Button>
    </Card>
  );
}
