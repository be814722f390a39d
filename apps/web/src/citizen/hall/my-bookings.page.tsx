/** 我的办事预约: the citizen's hall appointments with their booking codes; cancel an active one. */
import { useNavigate } from 'react-router';
import { Button, Card, Dialog, ErrorBlock, Tag } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { MobilePage, PageLoading } from '../components/page.tsx';
import { useCitizenAction } from '../components/use-action.ts';
import { hallApi, hallKeys, myBookingsQuery } from './hall.api.ts';

export function MyHallBookingsPage() {
  const { t } = useTranslation('hall');
  const navigate = useNavigate();
  const read = useQuery(myBookingsQuery());
  const error = useLoadError(read.error);
  const cancel = useCitizenAction({ send: (bookingId: string) => hallApi.cancel(bookingId), invalidates: [hallKeys.all], success: t('citizen.cancelled') });
  if (read.isPending && !error) return <PageLoading />;
  const bookings = read.data ?? [];
  return (
    <MobilePage title={t('citizen.mineTitle')} back>
      {error && <ErrorBlock status="disconnected" title={error} description="" />}
      <div style={{ margin: 12 }}>
        <Button block color="primary" onClick={() => navigate('/m/hall/book')} data-testid="hall-book">
          {t('citizen.book')}
        </Button>
      </div>
      {cancel.error && <div className="fx-form-error" style={{ margin: 12 }}>{cancel.error}</div>}
      {bookings.length === 0 ? (
        <p className="fx-page-intro">{t('citizen.none')}</p>
      ) : (
        <div data-testid="hall-bookings">
          {bookings.map((b) => (
            <Card key={b.id} className="fx-card" title={b.itemName} extra={<Tag color={b.status === 'active' ? 'primary' : 'default'}>{t(`status.${b.status}`)}</Tag>} data-testid="hall-booking">
              <div style={{ lineHeight: 1.8, fontSize: 14 }}>
                <div>{b.hallName}</div>
                <div>{t('citizen.window', { number: b.windowNumber, name: b.windowName })}</div>
                <div>{b.day} {b.slotStart}–{b.slotEnd}</div>
                <div>
                  {t('citizen.code')}: <strong style={{ fontSize: 20, letterSpacing: 2 }} data-testid="hall-booking-code">{b.code}</strong>
                </div>
              </div>
              {b.status === 'active' && (
                <Button
                  size="small"
                  style={{ marginTop: 8 }}
                  loading={cancel.pending && cancel.variables === b.id}
                  onClick={async () => {
                    if (await Dialog.confirm({ content: t('citizen.cancelConfirm') })) await cancel.run(b.id);
                  }}
                >
                  {t('citizen.cancel')}
                </Button>
              )}
            </Card>
          ))}
        </div>
      )}
    </MobilePage>
  );
}
