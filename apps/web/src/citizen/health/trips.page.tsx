/** 行程申报 (GB/T 38963 trip declaration): the places (county level) visited in the last 14 days, with dates and transport. */
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Card, DatePicker, Input, List, Selector } from 'antd-mobile';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { addDays, todayInChina } from '@fangxian/contracts/kernel/days';
import { InputError } from '../../shared/api/errors.ts';
import { TRANSPORTS, type TripLeg } from '../../shared/health/health.types.ts';
import { DivisionPicker } from '../components/division-picker.tsx';
import { FormError } from '../components/form-footer.tsx';
import { MobilePage } from '../components/page.tsx';
import { useCitizenAction } from '../components/use-action.ts';
import { checkTrips } from './declaration.rules.ts';
import { healthKeys, myHealthApi } from './health.api.ts';
import './health.css';

interface Leg {
  key: number;
  divisionCode?: string;
  from?: string;
  to?: string;
  transport?: TripLeg['transport'];
  number?: string;
}

const dayOfDate = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const dateOfDay = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d);
};

/** A day field that opens a date picker limited to [min, max]. */
function DayField({ value, onChange, min, max, title, testId }: { value?: string; onChange: (day: string) => void; min: string; max: string; title: string; testId: string }) {
  const { t } = useTranslation('health');
  const [open, setOpen] = useState(false);
  return (
    <>
      <div className={`fx-picker-field ${value ? '' : 'fx-placeholder'}`} role="button" tabIndex={0} onClick={() => setOpen(true)} data-testid={testId}>
        {value ?? t('trips.pickDate')}
      </div>
      <DatePicker
        visible={open}
        title={title}
        min={dateOfDay(min)}
        max={dateOfDay(max)}
        value={value ? dateOfDay(value) : dateOfDay(max)}
        onClose={() => setOpen(false)}
        onConfirm={(d) => onChange(dayOfDate(d))}
      />
    </>
  );
}

/** The trip declaration form. */
export function TripsPage() {
  const { t } = useTranslation('health');
  const navigate = useNavigate();
  const today = todayInChina();
  const earliest = addDays(today, -14);
  const [legs, setLegs] = useState<Leg[]>([{ key: 1 }]);

  const change = (key: number, patch: Partial<Leg>) => setLegs((all) => all.map((l) => (l.key === key ? { ...l, ...patch } : l)));

  // The trips change the code: the code page reads it again.
  const declare = useCitizenAction({
    send: async (all: Leg[]) => {
      const problem = checkTrips(all, today, earliest);
      if (problem) throw new InputError(t(`trips.${problem}`));
      return myHealthApi.declareTrips({
        trips: all.map((l) => ({
          divisionCode: l.divisionCode!,
          from: l.from!,
          to: l.to!,
          ...(l.transport ? { transport: l.transport } : {}),
          ...(l.number?.trim() ? { number: l.number.trim() } : {}),
        })),
      });
    },
    invalidates: [healthKeys.code, healthKeys.facts],
    success: t('trips.success'),
    onDone: () => navigate('/m/health', { replace: true }),
  });

  return (
    <MobilePage title={t('trips.title')} back>
      <p className="fx-page-intro">{t('trips.intro')}</p>
      {legs.map((leg, index) => (
        <Card
          key={leg.key}
          className="fx-trip-leg"
          title={t('trips.leg', { n: index + 1 })}
          extra={
            legs.length > 1 && (
              <Button size="mini" fill="none" color="danger" onClick={() => setLegs((all) => all.filter((l) => l.key !== leg.key))} aria-label={t('trips.remove')}>
                <DeleteOutlined /> {t('trips.remove')}
              </Button>
            )
          }
          data-testid="trip-leg"
        >
          <List>
            <List.Item title={t('trips.place')}>
              <DivisionPicker value={leg.divisionCode} onChange={(code) => change(leg.key, { divisionCode: code })} placeholder={t('trips.placePlaceholder')} title={t('trips.place')} />
            </List.Item>
            <List.Item title={t('trips.from')}>
              <DayField value={leg.from} onChange={(from) => change(leg.key, { from })} min={earliest} max={today} title={t('trips.from')} testId="trip-from" />
            </List.Item>
            <List.Item title={t('trips.to')}>
              <DayField value={leg.to} onChange={(to) => change(leg.key, { to })} min={leg.from ?? earliest} max={today} title={t('trips.to')} testId="trip-to" />
            </List.Item>
            <List.Item title={t('trips.transport')}>
              <Selector
                columns={3}
                value={leg.transport ? [leg.transport] : []}
                onChange={(v) => change(leg.key, { transport: v[0] })}
                options={TRANSPORTS.map((m) => ({ label: t(`transport.${m}`), value: m }))}
              />
            </List.Item>
            <List.Item title={t('trips.number')}>
              <Input value={leg.number ?? ''} onChange={(number) => change(leg.key, { number })} placeholder={t('trips.numberPlaceholder')} maxLength={20} clearable />
            </List.Item>
          </List>
        </Card>
      ))}
      <div className="fx-form-actions">
        <Button block fill="outline" color="primary" onClick={() => setLegs((all) => [...all, { key: Math.max(0, ...all.map((l) => l.key)) + 1 }])}>
          <PlusOutlined /> {t('trips.add')}
        </Button>
        <FormError error={declare.error} />
        <Button block color="primary" size="large" loading={declare.pending} onClick={() => void declare.run(legs)}>
          {t('trips.submit')}
        </Button>
      </div>
    </MobilePage>
  );
}
