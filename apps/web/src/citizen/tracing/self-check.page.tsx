/** 同行程自查: my own scans against published case stays, and the trains / flights I enter against case trips. */
import { useState } from 'react';
import { Button, Card, Input, List, Result, Selector, Tag } from 'antd-mobile';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { todayInChina } from '@fangxian/contracts/kernel/days';
import { TRIP_MODES, type SelfCheckResult, type TripMode } from '@fangxian/contracts/tracing';
import { InputError } from '../../shared/api/errors.ts';
import { formatDateTime } from '../../shared/format.ts';
import { FormError } from '../components/form-footer.tsx';
import { MobilePage } from '../components/page.tsx';
import { useCitizenAction } from '../components/use-action.ts';
import { reportMatch, runSelfCheck, type EnteredTrip } from './tracing.api.ts';
import './tracing.css';

interface Row {
  key: number;
  mode: TripMode;
  number: string;
  date: string;
  carriage: string;
  seat: string;
}

const LEVEL_COLOUR = { close: 'danger', general: 'warning', possible: 'primary' } as const;

/** The self-check page. */
export function SelfCheckPage() {
  const { t, i18n } = useTranslation('tracing');
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const [rows, setRows] = useState<Row[]>([]);
  const [result, setResult] = useState<SelfCheckResult | null>(null);
  const [reported, setReported] = useState<Set<string>>(new Set());
  const report = useCitizenAction({
    send: (pointId: string) => reportMatch(pointId),
    success: t('selfCheck.reported'),
    onDone: (_result, pointId) => setReported((all) => new Set([...all, pointId])),
  });
  /** Under a match (a place or a trip): what to do next, and the button that reports it. */
  const nextSteps = (m: { id: string; advice: { zh: string; en: string } }) => (
    <>
      <div className="fx-advice">
        {t('selfCheck.whatNext')}：{m.advice[lang]}
      </div>
      <Button size="mini" color="danger" fill="outline" disabled={reported.has(m.id)} loading={report.pending} onClick={() => void report.run(m.id)} data-testid="self-check-report">
        {reported.has(m.id) ? t('selfCheck.reportedShort') : t('selfCheck.report')}
      </Button>
    </>
  );
  const change = (key: number, patch: Partial<Row>) => setRows((all) => all.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const check = useCitizenAction({
    send: async (all: Row[]) => {
      if (all.some((r) => !r.number.trim() || !r.date)) throw new InputError(t('selfCheck.incomplete'));
      const trips: EnteredTrip[] = all.map((r) => ({
        mode: r.mode,
        number: r.number.trim(),
        date: r.date,
        ...(r.carriage.trim() ? { carriage: r.carriage.trim() } : {}),
        ...(r.seat.trim() ? { seat: r.seat.trim() } : {}),
      }));
      return runSelfCheck(trips);
    },
    onDone: (answer) => setResult(answer),
  });
  return (
    <MobilePage title={t('selfCheck.title')} back>
      <p className="fx-page-intro">{t('selfCheck.intro')}</p>
      {rows.map((row) => (
        <Card key={row.key} className="fx-trip-leg" data-testid="self-check-trip">
          <List>
            <List.Item title={t('selfCheck.mode')}>
              <Selector columns={3} value={[row.mode]} onChange={(v) => v[0] && change(row.key, { mode: v[0] })} options={TRIP_MODES.map((m) => ({ label: t(`mode.${m}`), value: m }))} />
            </List.Item>
            <List.Item title={t('selfCheck.number')}>
              <Input value={row.number} onChange={(number) => change(row.key, { number })} placeholder={t('selfCheck.numberPlaceholder')} maxLength={20} clearable data-testid="self-check-number" />
            </List.Item>
            <List.Item title={t('selfCheck.date')}>
              <input className="fx-date-input" type="date" max={todayInChina()} value={row.date} onChange={(e) => change(row.key, { date: e.target.value })} data-testid="self-check-date" />
            </List.Item>
            <List.Item title={t('selfCheck.carriage')}>
              <Input value={row.carriage} onChange={(carriage) => change(row.key, { carriage })} maxLength={20} clearable data-testid="self-check-carriage" />
            </List.Item>
            <List.Item title={t('selfCheck.seat')}>
              <Input value={row.seat} onChange={(seat) => change(row.key, { seat })} maxLength={10} clearable data-testid="self-check-seat" />
            </List.Item>
          </List>
          <Button size="mini" fill="none" color="danger" onClick={() => setRows((all) => all.filter((r) => r.key !== row.key))}>
            <DeleteOutlined /> {t('selfCheck.removeTrip')}
          </Button>
        </Card>
      ))}
      <div className="fx-form-actions">
        <Button
          block
          fill="outline"
          color="primary"
          onClick={() => setRows((all) => [...all, { key: Math.max(0, ...all.map((r) => r.key)) + 1, mode: 'train', number: '', date: todayInChina(), carriage: '', seat: '' }])}
        >
          <PlusOutlined /> {t('selfCheck.addTrip')}
        </Button>
        <FormError error={check.error} />
        <Button block color="primary" size="large" loading={check.pending} onClick={() => void check.run(rows)} data-testid="self-check-run">
          {t('selfCheck.run')}
        </Button>
      </div>
      <p className="fx-page-intro">
        <Link to="/m/tracing/batch-check" data-testid="self-check-batch-link">
          {t('batch.forOrganisations')}
        </Link>
      </p>
      {result && !result.matched && <Result status="success" title={t('selfCheck.noMatch')} data-testid="self-check-clear" />}
      {result && result.matched && (
        <div data-testid="self-check-matches">
          <Result status="warning" title={t('selfCheck.matched')} />
          {result.places.length > 0 && (
            <List header={t('selfCheck.places')} className="fx-list">
              {result.places.map((m) => (
                <List.Item key={`${m.id}-${m.myScanAt}`} description={m.explanation[lang]} extra={<Tag color="danger">{lang === 'en' ? m.caseLabelEn : m.caseLabel}</Tag>}>
                  {m.placeName} · {formatDateTime(m.from)}
                  {nextSteps(m)}
                </List.Item>
              ))}
            </List>
          )}
          {result.trips.length > 0 && (
            <List header={t('selfCheck.trips')} className="fx-list">
              {result.trips.map((m, i) => (
                <List.Item key={`${m.id}-${i}`} description={m.explanation[lang]} extra={<Tag color={LEVEL_COLOUR[m.level]}>{t(`level.${m.level}`)}</Tag>}>
                  {m.number} · {m.date}
                  {nextSteps(m)}
                </List.Item>
              ))}
            </List>
          )}
        </div>
      )}
    </MobilePage>
  );
}
