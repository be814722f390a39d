/**
 * 工单处理: the ticket worklist — a dispatcher's region or a handler's department, overdue first —
 * with filters, and a drawer (?ticket=…) holding the ticket (reporter masked), its history and the
 * actions the officer may take now (accept / reject / assign / transfer / return / start / reply / close,
 * 督办, extension request and decision, merge into a master ticket, 回访).
 */
import { useState } from 'react';
import { Alert, Button, Descriptions, Drawer, Form, Input, InputNumber, Select, Space, Switch, Table, Tag, Timeline, Typography } from 'antd';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { TICKET_KINDS, TICKET_STATUSES, type StaffTicket, type TicketAction, type TicketKind, type TicketListItem, type TicketStatus } from '@fangxian/contracts/tickets';
import { formatDateTime } from '../../shared/format.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { useAction } from '../../staff/use-action.ts';
import { ListCard } from '../../staff/list-table.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { ticketKeys, ticketQuery, ticketsApi, worklistQuery, type DispatchAction, type HandleAction, type WorklistFilter } from './tickets.api.ts';

const STATUS_COLOUR: Record<TicketStatus, string> = {
  submitted: 'gold', accepted: 'blue', rejected: 'default', assigned: 'geekblue', in_progress: 'processing', replied: 'cyan', closed: 'success',
  visited: 'green', merged: 'default',
};
const DISPATCH: readonly TicketAction[] = ['accept', 'reject', 'assign', 'transfer', 'close', 'supervise', 'approve_extension', 'deny_extension', 'merge', 'visit'];
const NEEDS_NOTE: readonly TicketAction[] = ['reject', 'transfer', 'return', 'reply', 'supervise', 'request_extension', 'deny_extension', 'visit'];
const RATINGS = [1, 2, 3, 4, 5] as const;
const NEEDS_DEPARTMENT: readonly TicketAction[] = ['assign', 'transfer'];

export function StatusTag({ status }: { status: TicketStatus }) {
  const { t } = useTranslation('tickets');
  return <Tag color={STATUS_COLOUR[status]}>{t(`status.${status}`)}</Tag>;
}

export function TicketWorklistPage() {
  const { t } = useTranslation('tickets');
  const [search, setSearch] = useSearchParams();
  const [filter, setFilter] = useState<WorklistFilter>({});
  // Keyset paging: the cursors of the pages walked so far (the first page has none); 上一页 goes back one.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const openTicket = search.get('ticket');
  const list = useQuery({ ...worklistQuery(filter, after), refetchInterval: 30_000, placeholderData: keepPreviousData });
  const change = (next: WorklistFilter) => {
    setFilter(next);
    setCursors([null]);
  };
  const pageNumber = cursors.length;
  const nextCursor = list.data?.next ?? null;
  return (
    <PageContainer title={t('nav.worklist')} section={t('nav.section')} description={t('worklist.intro')} extra={<RefreshButton query={list} />}>
      <ListCard query={list}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select<TicketStatus[]>
            mode="multiple"
            allowClear
            style={{ minWidth: 220 }}
            placeholder={t('worklist.filterStatus')}
            aria-label={t('worklist.filterStatus')}
            value={filter.status ?? []}
            onChange={(status) => change({ ...filter, status: status.length ? status : undefined })}
            options={TICKET_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
            data-testid="ticket-filter-status"
          />
          <Select<TicketKind>
            allowClear
            style={{ minWidth: 140 }}
            placeholder={t('worklist.filterKind')}
            aria-label={t('worklist.filterKind')}
            value={filter.kind}
            onChange={(kind) => change({ ...filter, kind })}
            options={TICKET_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          />
          <Space>
            <Switch checked={filter.overdue === true} onChange={(on) => change({ ...filter, overdue: on || undefined })} aria-label={t('worklist.onlyOverdue')} />
            {t('worklist.onlyOverdue')}
          </Space>
          <Input.Search allowClear placeholder={t('worklist.searchNumber')} aria-label={t('worklist.searchNumber')} onSearch={(number) => change({ ...filter, number: number || undefined })} style={{ width: 240 }} />
        </Space>
        <Table<TicketListItem>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          data-testid="tickets-table"
          pagination={false}
          onRow={(row) => ({ onClick: () => setSearch({ ticket: row.id }), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('field.number'), dataIndex: 'number' },
            { title: t('field.kind'), dataIndex: 'kind', render: (k: TicketKind) => t(`kind.${k}`) },
            { title: t('field.title'), dataIndex: 'title' },
            { title: t('field.region'), dataIndex: 'regionCode' },
            { title: t('field.department'), dataIndex: 'department', render: (d: string | null) => d ?? '—' },
            { title: t('field.status'), key: 'status', render: (_: unknown, r) => <Space size={4}><StatusTag status={r.status} />{r.overdue && <Tag color="red">{t('worklist.overdue')}</Tag>}</Space> },
            { title: t('field.dueAt'), dataIndex: 'dueAt', render: (v: string, r) => (r.overdue ? <Typography.Text type="danger">{formatDateTime(v)}</Typography.Text> : formatDateTime(v)) },
            { title: t('field.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          ]}
        />
        <Space style={{ marginTop: 12, width: '100%', justifyContent: 'flex-end' }} data-testid="tickets-pager">
          <Typography.Text type="secondary" data-testid="tickets-total">
            {list.data ? (list.data.totalCapped ? t('worklist.totalCapped', { count: list.data.total }) : t('worklist.total', { count: list.data.total })) : null}
          </Typography.Text>
          <Button size="small" disabled={pageNumber === 1 || list.isFetching} onClick={() => setCursors((c) => c.slice(0, -1))} data-testid="tickets-previous">
            {t('worklist.previous')}
          </Button>
          <Typography.Text data-testid="tickets-page">{t('worklist.page', { page: pageNumber })}</Typography.Text>
          <Button size="small" disabled={!nextCursor || list.isPlaceholderData || list.isFetching} onClick={() => setCursors((c) => [...c, nextCursor])} data-testid="tickets-next">
            {t('worklist.next')}
          </Button>
        </Space>
      </ListCard>
      {openTicket && <TicketDrawer ticketId={openTicket} onClose={() => setSearch({})} />}
    </PageContainer>
  );
}

function TicketDrawer({ ticketId, onClose }: { ticketId: string; onClose: () => void }) {
  const { t } = useTranslation('tickets');
  const detail = useQuery(ticketQuery(ticketId));
  // After an action, the server's answer is shown until a newer read arrives (a ticket returned or
  // transferred away is no longer readable by its former department, so that read then fails).
  const [shown, setShown] = useState<{ ticket: StaffTicket; at: number } | null>(null);
  const ticket = detail.data && (!shown || detail.dataUpdatedAt > shown.at) ? detail.data : shown?.ticket;
  const error = useLoadError(detail.error);
  return (
    <Drawer open width={820} title={t('worklist.detail')} onClose={onClose} destroyOnHidden data-testid="ticket-drawer">
      {error && !shown && <Alert type="error" showIcon title={error} />}
      {ticket && <TicketDetail ticket={ticket} onChanged={(changed) => setShown({ ticket: changed, at: Date.now() })} />}
    </Drawer>
  );
}

function TicketDetail({ ticket, onChanged }: { ticket: StaffTicket; onChanged: (t: StaffTicket) => void }) {
  const { t } = useTranslation('tickets');
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Descriptions column={2} size="small" bordered data-testid="ticket-detail">
        <Descriptions.Item label={t('field.number')}>{ticket.number}</Descriptions.Item>
        <Descriptions.Item label={t('field.status')}>
          <Space size={4}><StatusTag status={ticket.status} />{ticket.overdue && <Tag color="red">{t('worklist.overdue')}</Tag>}</Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('field.kind')}>{t(`kind.${ticket.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('field.channel')}>{t(`channel.${ticket.channel}`, { defaultValue: ticket.channel })}</Descriptions.Item>
        <Descriptions.Item label={t('field.title')} span={2}>{ticket.title}</Descriptions.Item>
        <Descriptions.Item label={t('field.description')} span={2}><Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{ticket.description}</Typography.Paragraph></Descriptions.Item>
        <Descriptions.Item label={t('field.region')}>{ticket.regionCode}</Descriptions.Item>
        <Descriptions.Item label={t('field.address')}>{ticket.address ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('field.department')}>{ticket.department ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('field.dueAt')}>{formatDateTime(ticket.dueAt)}</Descriptions.Item>
        <Descriptions.Item label={t('field.reporter')} span={2}>
          {ticket.anonymous ? (
            <Tag>{t('worklist.anonymous')}</Tag>
          ) : (
            <Space wrap data-testid="ticket-reporter">
              {ticket.reporter.name && <span>{ticket.reporter.name}</span>}
              {ticket.reporter.phone && <span>{ticket.reporter.phone}</span>}
              {ticket.reporter.email && <span>{ticket.reporter.email}</span>}
              <Typography.Text type="secondary">（{t('worklist.masked')}）</Typography.Text>
            </Space>
          )}
        </Descriptions.Item>
        {ticket.attachments.length > 0 && (
          <Descriptions.Item label={t('field.attachments')} span={2}>
            <Space wrap>
              {ticket.attachments.map((f, i) => (
                <a key={f} href={ticketsApi.attachmentUrl(ticket.id, f)} target="_blank" rel="noreferrer">{t('worklist.attachment', { n: i + 1 })}</a>
              ))}
            </Space>
          </Descriptions.Item>
        )}
        {ticket.reply && <Descriptions.Item label={t('field.reply')} span={2}>{ticket.reply}</Descriptions.Item>}
        {ticket.rejectReason && <Descriptions.Item label={t('field.rejectReason')} span={2}>{ticket.rejectReason}</Descriptions.Item>}
        {ticket.superviseCount > 0 && <Descriptions.Item label={t('field.superviseCount')}>{ticket.superviseCount}</Descriptions.Item>}
        {ticket.extensionDays !== null && (
          <Descriptions.Item label={t('field.extension')} span={2}><span data-testid="ticket-extension">{t('worklist.extensionDays', { days: ticket.extensionDays })}</span></Descriptions.Item>
        )}
        {ticket.rating !== null && <Descriptions.Item label={t('field.rating')} span={2}>{t(`rating.${ticket.rating}`)}{ticket.ratingComment ? `：${ticket.ratingComment}` : ''}</Descriptions.Item>}
      </Descriptions>
      <ActionForm ticket={ticket} onChanged={onChanged} />
      <div>
        <Typography.Title level={5}>{t('worklist.history')}</Typography.Title>
        <Timeline
          data-testid="ticket-history"
          items={ticket.history.map((h) => ({
            key: `${h.at}-${h.action}`,
            children: (
              <div>
                <strong>{t(`action.${h.action}`, { defaultValue: h.action })}</strong> → {t(`status.${h.status}`)}
                {h.department && ` · ${h.department}`}
                <div><Typography.Text type="secondary">{formatDateTime(h.at)}{h.actorDepartment ? ` · ${h.actorDepartment}` : ''}</Typography.Text></div>
                {h.note && <div style={{ whiteSpace: 'pre-wrap' }}>{h.note}</div>}
              </div>
            ),
          }))}
        />
      </div>
    </Space>
  );
}

/** The actions open to this officer now, with the note / department / master / days / rating each needs. */
function ActionForm({ ticket, onChanged }: { ticket: StaffTicket; onChanged: (t: StaffTicket) => void }) {
  const { t } = useTranslation('tickets');
  const client = useQueryClient();
  const [note, setNote] = useState('');
  const [department, setDepartment] = useState<string | undefined>(undefined);
  const [master, setMaster] = useState('');
  const [days, setDays] = useState<number | null>(null);
  const [rating, setRating] = useState<number | undefined>(undefined);
  const act = useAction<TicketAction, StaffTicket>({
    // The form is reset and the answer shown as soon as the server answers, and the lists are refreshed
    // without waiting: resetting after the refresh (as before) could clear a department chosen meanwhile
    // and kept the buttons busy while the next step was already on screen (a flaky e2e click on 派单).
    send: async (action) => {
      const text = note.trim() || undefined;
      const result =
        ticket.as === 'dispatcher' && (DISPATCH.includes(action) || action === 'return')
          ? await ticketsApi.dispatch(ticket.id, { action: action as DispatchAction, note: text, department, master: master.trim() || undefined, rating: action === 'visit' ? rating : undefined })
          : await ticketsApi.handle(ticket.id, { action: action as HandleAction, note: text, days: action === 'request_extension' ? (days ?? undefined) : undefined });
      setNote('');
      setDepartment(undefined);
      setMaster('');
      setDays(null);
      setRating(undefined);
      onChanged(result);
      void client.invalidateQueries({ queryKey: ticketKeys.all });
      return result;
    },
    success: (_r, action) => t('worklist.done', { action: t(`action.${action}`) }),
    showError: 'inline',
  });
  const actions = ticket.actions.filter((a) => a !== 'rate');
  if (actions.length === 0) return <Alert type="info" showIcon title={t('worklist.noActions')} />;
  const needsDepartment = actions.some((a) => NEEDS_DEPARTMENT.includes(a)) && ticket.as === 'dispatcher';
  return (
    <Form layout="vertical" data-testid="ticket-actions">
      {act.error && <Alert type="error" showIcon title={act.error} style={{ marginBottom: 12 }} data-testid="ticket-action-error" />}
      {needsDepartment && (
        <Form.Item label={t('field.department')}>
          <Select
            value={department}
            onChange={setDepartment}
            placeholder={t('worklist.chooseDepartment')}
            options={ticket.departments.filter((d) => d !== ticket.department).map((d) => ({ value: d, label: d }))}
            data-testid="ticket-department"
          />
        </Form.Item>
      )}
      {actions.includes('merge') && (
        <Form.Item label={t('field.master')}>
          <Input value={master} maxLength={40} onChange={(e) => setMaster(e.target.value)} placeholder="TK20261206-4F7Q2K" data-testid="ticket-master" />
        </Form.Item>
      )}
      {actions.includes('request_extension') && (
        <Form.Item label={t('field.days')}>
          <InputNumber min={1} max={30} precision={0} value={days} onChange={(v) => setDays(v)} data-testid="ticket-days" />
        </Form.Item>
      )}
      {actions.includes('visit') && (
        <Form.Item label={t('field.visitRating')}>
          <Select allowClear value={rating} onChange={setRating} options={RATINGS.map((r) => ({ value: r, label: t(`rating.${r}`) }))} style={{ maxWidth: 240 }} data-testid="ticket-visit-rating" />
        </Form.Item>
      )}
      {actions.some((a) => NEEDS_NOTE.includes(a)) && (
        <Form.Item label={t('field.note')}>
          <Input.TextArea rows={3} maxLength={4000} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('worklist.notePlaceholder')} data-testid="ticket-note" />
        </Form.Item>
      )}
      <Space wrap>
        {actions.map((a) => (
          <Button
            key={a}
            type={a === 'reply' || a === 'accept' || a === 'assign' ? 'primary' : 'default'}
            danger={a === 'reject' || a === 'supervise'}
            loading={act.pending}
            disabled={act.pending}
            onClick={() => void act.run(a)}
            data-testid={`ticket-action-${a}`}
          >
            {t(`action.${a}`)}
          </Button>
        ))}
      </Space>
    </Form>
  );
}
