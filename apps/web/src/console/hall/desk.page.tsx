/** 窗口叫号: a window's desk — call the next number, mark it served or no-show, transfer it; the queue in calling order. */
import { useState } from 'react';
import { Button, Card, Col, Empty, Row, Select, Space, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { DeskView } from '@fangxian/contracts/hall';
import { useAction } from '../../staff/use-action.ts';
import { ListCard } from '../../staff/list-table.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { consoleHallApi, deskQuery, hallKeys, hallsQuery } from './hall.api.ts';

const WINDOW_STORAGE = 'fx_hall_desk_window';

export function HallDeskPage() {
  const { t } = useTranslation('hall');
  const halls = useQuery(hallsQuery());
  const [windowId, setWindowId] = useState(() => localStorage.getItem(WINDOW_STORAGE) ?? '');
  const [transferTo, setTransferTo] = useState<string | undefined>(undefined);
  const desk = useQuery(deskQuery(windowId));
  const invalidates = [hallKeys.desk(windowId)];
  const call = useAction({ send: () => consoleHallApi.call(windowId), invalidates });
  const finish = useAction({ send: (v: { ticketId: string; outcome: 'served' | 'no_show' }) => consoleHallApi.finish(windowId, v.ticketId, v.outcome), invalidates });
  const transfer = useAction({ send: (v: { ticketId: string; to: string }) => consoleHallApi.transfer(windowId, v.ticketId, v.to), invalidates, onDone: () => setTransferTo(undefined) });
  const choose = (id: string) => {
    localStorage.setItem(WINDOW_STORAGE, id);
    setWindowId(id);
  };
  const options = (halls.data ?? []).map((h) => ({ label: h.name, options: h.windows.filter((w) => w.active).map((w) => ({ label: `${h.name} · ${w.number} ${w.name}`, value: w.id })) }));
  const d: DeskView | undefined = desk.data;
  const current = d?.current;
  return (
    <PageContainer title={t('desk.title')} section={t('nav.section')} extra={<Space><Select style={{ minWidth: 320 }} placeholder={t('desk.choose')} aria-label={t('desk.choose')} value={windowId || undefined} onChange={choose} options={options} data-testid="desk-window" /><RefreshButton query={desk} /></Space>}>
      {!windowId && <Card className="fx-card"><Empty description={t('desk.choose')} /></Card>}
      {windowId && (
        <ListCard query={desk}>
          <Row gutter={24}>
            <Col xs={24} md={12}>
              <h3>{t('desk.current')}</h3>
              {current ? (
                <div data-testid="desk-current">
                  <div style={{ fontSize: 56, fontWeight: 800, color: '#1354d4' }} data-testid="desk-current-number">{current.number}</div>
                  <p>
                    {current.itemName} · {t(`kind.${current.kind}`)}
                    {current.slotStart && ` · ${t('desk.slot', { slot: current.slotStart })}`}
                    {current.priority && <Tag color="orange" style={{ marginLeft: 8 }}>{t('desk.priority')}{current.priorityReason ? `：${current.priorityReason}` : ''}</Tag>}
                    {current.transferred && <Tag color="purple">{t('desk.transferred')}</Tag>}
                  </p>
                  <p>{t('desk.visitor')}：{current.visitor ?? '—'}</p>
                  <Space wrap>
                    <Button type="primary" loading={finish.pending && finish.variables?.outcome === 'served'} onClick={() => void finish.run({ ticketId: current.id, outcome: 'served' })} data-testid="desk-served">{t('desk.served')}</Button>
                    <Button danger loading={finish.pending && finish.variables?.outcome === 'no_show'} onClick={() => void finish.run({ ticketId: current.id, outcome: 'no_show' })} data-testid="desk-no-show">{t('desk.noShow')}</Button>
                    <Select style={{ minWidth: 180 }} placeholder={t('desk.transferTo')} aria-label={t('desk.transferTo')} value={transferTo} onChange={setTransferTo} options={(d?.others ?? []).map((w) => ({ label: `${w.number} ${w.name}`, value: w.id }))} />
                    <Button disabled={!transferTo} loading={transfer.pending} onClick={() => transferTo && void transfer.run({ ticketId: current.id, to: transferTo })}>{t('desk.transfer')}</Button>
                  </Space>
                </div>
              ) : (
                <>
                  <p>{t('desk.idle')}</p>
                  <Button type="primary" size="large" loading={call.pending} onClick={() => void call.run()} data-testid="desk-call">{t('desk.call')}</Button>
                </>
              )}
            </Col>
            <Col xs={24} md={12}>
              <h3>{t('desk.queue')}</h3>
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={d?.waiting ?? []}
                locale={{ emptyText: t('desk.empty') }}
                data-testid="desk-queue"
                columns={[
                  { title: '#', dataIndex: 'number' },
                  { title: '', dataIndex: 'itemName' },
                  { title: '', key: 'tags', render: (_: unknown, w: DeskView['waiting'][number]) => <>{w.kind === 'appointment' && <Tag color="blue">{t('kind.appointment')} {w.slotStart}</Tag>}{w.priority && <Tag color="orange">{t('desk.priority')}</Tag>}{w.transferred && <Tag color="purple">{t('desk.transferred')}</Tag>}</> },
                ]}
              />
            </Col>
          </Row>
        </ListCard>
      )}
    </PageContainer>
  );
}
