/** 预约办事: choose a hall, an item, a working day and a slot with places left; the booking code follows. */
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Selector, Card, ErrorBlock } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { todayInChina } from '@fangxian/contracts/kernel/days';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { MobilePage, PageLoading } from '../components/page.tsx';
import { useCitizenAction } from '../components/use-action.ts';
import { bookableHallsQuery, hallApi, hallKeys, slotsQuery } from './hall.api.ts';

export function BookHallPage() {
  const { t } = useTranslation('hall');
  const navigate = useNavigate();
  const halls = useQuery(bookableHallsQuery());
  const [hallId, setHallId] = useState('');
  const [itemCode, setItemCode] = useState('');
  const [day, setDay] = useState(todayInChina());
  const [slot, setSlot] = useState('');
  const slots = useQuery(slotsQuery(hallId, itemCode, day));
  const error = useLoadError(halls.error ?? slots.error);
  const book = useCitizenAction({
    send: () => hallApi.book({ hallId, itemCode, day, slotStart: slot }),
    invalidates: [hallKeys.all],
    success: (b) => t('citizen.booked', { code: b.code }),
    onDone: () => navigate('/m/hall'),
  });
  if (halls.isPending && !error) return <PageLoading />;
  const hall = halls.data?.find((h) => h.id === hallId);
  const days = slots.data?.days ?? [];
  return (
    <MobilePage title={t('citizen.bookTitle')} back>
      {error && <ErrorBlock status="disconnected" title={error} description="" />}
      <Card className="fx-card" title={t('citizen.hall')}>
        <Selector
          columns={1}
          value={hallId ? [hallId] : []}
          onChange={(v) => { setHallId(v[0] ?? ''); setItemCode(''); setSlot(''); }}
          options={(halls.data ?? []).map((h) => ({ label: h.name, value: h.id, description: h.address }))}
          data-testid="hall-choose-hall"
        />
      </Card>
      {hall && (
        <Card className="fx-card" title={t('citizen.item')}>
          <Selector columns={2} value={itemCode ? [itemCode] : []} onChange={(v) => { setItemCode(v[0] ?? ''); setSlot(''); }} options={hall.items.map((i) => ({ label: i.name, value: i.code }))} data-testid="hall-choose-item" />
        </Card>
      )}
      {hall && itemCode && (
        <Card className="fx-card" title={t('citizen.day')}>
          <Selector columns={3} value={[day]} onChange={(v) => { if (v[0]) { setDay(v[0]); setSlot(''); } }} options={[...new Set([day, ...days])].sort().map((d) => ({ label: d.slice(5), value: d }))} data-testid="hall-choose-day" />
          <p className="fx-page-intro" style={{ margin: '8px 0 0' }}>{t('citizen.closedNote')}</p>
        </Card>
      )}
      {slots.data && (
        <Card className="fx-card" title={t('citizen.slot')}>
          {slots.data.slots.some((s) => s.bookable) ? (
            <Selector
              columns={2}
              value={slot ? [slot] : []}
              onChange={(v) => setSlot(v[0] ?? '')}
              options={slots.data.slots.map((s) => ({ label: `${s.start}–${s.end}`, value: s.start, description: s.bookable ? t('citizen.left', { count: s.capacity - s.booked }) : t('citizen.full'), disabled: !s.bookable }))}
              data-testid="hall-choose-slot"
            />
          ) : (
            <p className="fx-page-intro">{t('citizen.noSlots')}</p>
          )}
        </Card>
      )}
      <div style={{ margin: 12 }}>
        {book.error && <div className="fx-form-error">{book.error}</div>}
        <Button block color="primary" size="large" disabled={!slot} loading={book.pending} onClick={() => void book.run()} data-testid="hall-book-submit">
          {t('citizen.submit')}
        </Button>
      </div>
    </MobilePage>
  );
}
