/**
 * 自助取号 (kiosk): a large-touch page for a 1080×1920 portrait screen. The kiosk authenticates with
 * its own API key (hall.kiosk, bound to one hall; kept in this device's localStorage). The visitor
 * chooses an appointment or a walk-in business, shows their health code (a scanner types its content
 * into the field), and gets a number — or a full-screen refusal for a red or yellow code.
 */
import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { IssuedTicket } from '@fangxian/contracts/hall';
import { ApiError } from '../../shared/api/client.ts';
import { KIOSK_KEY_STORAGE, kioskApi } from './hall.api.ts';
import './hall-screens.css';

type Step = { kind: 'home' } | { kind: 'item' } | { kind: 'code'; mode: 'appointment' | 'walk_in' } | { kind: 'ticket'; ticket: IssuedTicket } | { kind: 'refused'; colour: string } | { kind: 'invalid' };

const RESET_SECONDS = 20;

export function KioskPage() {
  const { t, i18n } = useTranslation('hall');
  const [key, setKey] = useState(() => localStorage.getItem(KIOSK_KEY_STORAGE) ?? '');
  const [draftKey, setDraftKey] = useState('');
  const info = useQuery({ queryKey: ['hall', 'kiosk', key], queryFn: () => kioskApi.info(key, i18n.language), enabled: Boolean(key), retry: false, refetchInterval: 5 * 60_000 });
  const [step, setStep] = useState<Step>({ kind: 'home' });
  const [itemCode, setItemCode] = useState('');
  const [priority, setPriority] = useState(false);
  const [bookingCode, setBookingCode] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [countdown, setCountdown] = useState(RESET_SECONDS);
  const tokenInput = useRef<HTMLInputElement>(null);

  const reset = () => {
    setStep({ kind: 'home' });
    setItemCode('');
    setPriority(false);
    setBookingCode('');
    setToken('');
    setError(null);
  };

  // The result and refusal screens go back to the start by themselves.
  useEffect(() => {
    if (step.kind !== 'ticket' && step.kind !== 'refused' && step.kind !== 'invalid') return;
    setCountdown(RESET_SECONDS);
    const timer = setInterval(() => setCountdown((s) => (s <= 1 ? (reset(), RESET_SECONDS) : s - 1)), 1000);
    return () => clearInterval(timer);
  }, [step.kind]);

  useEffect(() => {
    if (step.kind === 'code') tokenInput.current?.focus();
  }, [step.kind]);

  if (!key || (info.error instanceof ApiError && (info.error.status === 401 || info.error.status === 403))) {
    return (
      <div className="fx-kiosk" data-testid="kiosk-setup">
        <header className="fx-kiosk-header"><h1>{t('kiosk.setupTitle')}</h1><p>{t('kiosk.setupIntro')}</p></header>
        <div className="fx-kiosk-body">
          {info.error && <div className="fx-kiosk-error">{info.error.message}</div>}
          <label>{t('kiosk.key')}<input className="fx-kiosk-input" value={draftKey} onChange={(e) => setDraftKey(e.target.value.trim())} data-testid="kiosk-key" autoComplete="off" /></label>
          <div className="fx-kiosk-actions">
            <button className="primary" disabled={!draftKey} onClick={() => { localStorage.setItem(KIOSK_KEY_STORAGE, draftKey); setKey(draftKey); }} data-testid="kiosk-key-save">{t('kiosk.save')}</button>
          </div>
        </div>
      </div>
    );
  }

  const submit = async () => {
    if (step.kind !== 'code' || !token.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const ticket = await kioskApi.issue(key, i18n.language, {
        healthToken: token.trim(), mode: step.mode, bookingCode: step.mode === 'appointment' ? bookingCode.trim() || null : null,
        itemCode: step.mode === 'walk_in' ? itemCode : null, priority, priorityReason: priority ? t('kiosk.priorityReason') : null,
      });
      setStep({ kind: 'ticket', ticket });
    } catch (err) {
      setToken('');
      if (err instanceof ApiError && err.code === 'HALL_HEALTH_CODE_REFUSED') setStep({ kind: 'refused', colour: String(err.details?.colour ?? 'red') });
      else if (err instanceof ApiError && err.code === 'HALL_HEALTH_CODE_INVALID') setStep({ kind: 'invalid' });
      else setError(err instanceof Error ? err.message : t('kiosk.failedTitle'));
    } finally {
      setBusy(false);
    }
  };

  const hall = info.data?.hall;
  return (
    <div className="fx-kiosk" data-testid="kiosk">
      <header className="fx-kiosk-header">
        <p>{t('kiosk.welcome')}</p>
        <h1>{hall?.name ?? '…'}</h1>
        <p>{t('kiosk.title')}</p>
      </header>
      <main className="fx-kiosk-body">
        {step.kind === 'home' && (
          <>
            <button className="fx-kiosk-big" onClick={() => setStep({ kind: 'code', mode: 'appointment' })} data-testid="kiosk-appointment">
              {t('kiosk.appointment')}<small>{t('kiosk.appointmentHint')}</small>
            </button>
            <button className="fx-kiosk-big secondary" onClick={() => setStep({ kind: 'item' })} data-testid="kiosk-walk-in">
              {t('kiosk.walkIn')}<small>{t('kiosk.walkInHint')}</small>
            </button>
          </>
        )}
        {step.kind === 'item' && (
          <>
            <h2 style={{ margin: 0 }}>{t('kiosk.chooseItem')}</h2>
            <div className="fx-kiosk-items" data-testid="kiosk-items">
              {(info.data?.items ?? []).map((i) => (
                <button key={i.code} className="fx-kiosk-item" aria-pressed={itemCode === i.code} onClick={() => setItemCode(i.code)}>{i.name}</button>
              ))}
            </div>
            <label className="fx-kiosk-toggle">
              <input type="checkbox" checked={priority} onChange={(e) => setPriority(e.target.checked)} data-testid="kiosk-priority" />
              {t('kiosk.priority')}
            </label>
            <div className="fx-kiosk-actions">
              <button className="plain" onClick={reset}>{t('kiosk.back')}</button>
              <button className="primary" disabled={!itemCode} onClick={() => setStep({ kind: 'code', mode: 'walk_in' })} data-testid="kiosk-item-next">{t('kiosk.showCode')}</button>
            </div>
          </>
        )}
        {step.kind === 'code' && (
          <>
            {step.mode === 'appointment' && (
              <label>{t('kiosk.bookingCode')}<input className="fx-kiosk-input" value={bookingCode} onChange={(e) => setBookingCode(e.target.value.toUpperCase())} data-testid="kiosk-booking-code" autoComplete="off" /></label>
            )}
            <h2 style={{ margin: 0 }}>{t('kiosk.showCode')}</h2>
            <p style={{ margin: 0 }}>{t('kiosk.showCodeHint')}</p>
            <input
              ref={tokenInput}
              className="fx-kiosk-input"
              aria-label={t('kiosk.codeContent')}
              value={token}
              onChange={(e) => setToken(e.target.value)}
              onKeyDown={(e) => { if (e.key === 'Enter') void submit(); }}
              data-testid="kiosk-health-token"
              autoComplete="off"
            />
            {busy && <p>{t('kiosk.checking')}</p>}
            {error && <div className="fx-kiosk-error" role="alert" data-testid="kiosk-error">{error}</div>}
            <div className="fx-kiosk-actions">
              <button className="plain" onClick={reset}>{t('kiosk.back')}</button>
              <button className="primary" disabled={!token.trim() || busy} onClick={() => void submit()} data-testid="kiosk-confirm">{t('kiosk.confirm')}</button>
            </div>
          </>
        )}
        {step.kind === 'ticket' && (
          <div className="fx-kiosk-ticket" data-testid="kiosk-ticket">
            <div>{t('kiosk.yourNumber')}</div>
            <div className="fx-kiosk-number" data-testid="kiosk-number">{step.ticket.number}</div>
            <div style={{ fontSize: '1.3em', fontWeight: 600 }}>{step.ticket.itemName} · {t(`kind.${step.ticket.kind}`)}{step.ticket.priority ? ` · ${t('kiosk.priorityReason')}` : ''}</div>
            {step.ticket.slotStart && <div>{t('kiosk.slot', { slot: step.ticket.slotStart })}</div>}
            <p>{step.ticket.visitor} · {t(`colour.${step.ticket.colour}`)}</p>
            <p style={{ fontSize: '1.2em' }}>{t('kiosk.ahead', { count: step.ticket.ahead })}</p>
            <p>{t('kiosk.goTo', { windows: step.ticket.windows.join('、') })}</p>
            <div className="fx-kiosk-actions"><button className="primary" onClick={reset}>{t('kiosk.done')}</button></div>
            <p style={{ opacity: 0.6 }}>{t('kiosk.autoReturn', { seconds: countdown })}</p>
          </div>
        )}
      </main>
      {step.kind === 'refused' && (
        <div className={`fx-kiosk-full ${step.colour === 'yellow' ? 'yellow' : 'red'}`} role="alert" data-testid="kiosk-refused">
          <h2>{t('kiosk.refusedTitle')}</h2>
          <p>{t('kiosk.refusedColour', { colour: t(`colour.${step.colour}`) })}</p>
          <p>{t('kiosk.refusedHelp')}</p>
          <button onClick={reset}>{t('kiosk.back')}</button>
          <p style={{ opacity: 0.8 }}>{t('kiosk.autoReturn', { seconds: countdown })}</p>
        </div>
      )}
      {step.kind === 'invalid' && (
        <div className="fx-kiosk-full grey" role="alert" data-testid="kiosk-invalid">
          <h2>{t('kiosk.invalidTitle')}</h2>
          <p>{t('kiosk.invalidHelp')}</p>
          <button onClick={reset}>{t('kiosk.back')}</button>
        </div>
      )}
    </div>
  );
}
