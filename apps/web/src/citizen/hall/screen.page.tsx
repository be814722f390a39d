/**
 * 大屏叫号 (calling screen): the latest call in large type, recent calls, and the waiting count per
 * business, read every 3 s (public data: numbers and windows only). A chime and a spoken call can be
 * turned on (browsers allow sound only after a touch).
 */
import { useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fetchScreen } from './hall.api.ts';
import './hall-screens.css';

function chime() {
  const AudioCtx = window.AudioContext;
  if (!AudioCtx) return;
  const audio = new AudioCtx();
  for (const [i, freq] of [880, 660].entries()) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.2, audio.currentTime + i * 0.35);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + i * 0.35 + 0.3);
    osc.connect(gain).connect(audio.destination);
    osc.start(audio.currentTime + i * 0.35);
    osc.stop(audio.currentTime + i * 0.35 + 0.32);
  }
}

export function CallingScreenPage() {
  const { hallId = '' } = useParams();
  const { t } = useTranslation('hall');
  const read = useQuery({ queryKey: ['hall', 'screen', hallId], queryFn: ({ signal }) => fetchScreen(hallId, signal), refetchInterval: 3000, refetchIntervalInBackground: true });
  const [sound, setSound] = useState(false);
  const lastCall = useRef<string | null>(null);
  const latest = read.data?.calls[0];

  useEffect(() => {
    document.title = `${read.data?.hallName ?? ''} · ${t('screen.title')}`;
  }, [read.data?.hallName, t]);

  // A new call: chime and speak it (when sound is on); the first read only remembers where we are.
  useEffect(() => {
    if (!latest) return;
    const key = `${latest.id}|${latest.calledAt}`;
    if (lastCall.current !== null && lastCall.current !== key && sound) {
      chime();
      if ('speechSynthesis' in window) {
        const text = t('screen.speech', { number: latest.number.split('').join(' '), window: latest.windowNumber ?? '' });
        const u = new SpeechSynthesisUtterance(text);
        u.lang = 'zh-CN';
        window.speechSynthesis.speak(u);
      }
    }
    lastCall.current = key;
  }, [latest, sound, t]);

  const data = read.data;
  return (
    <div className="fx-callscreen" data-testid="calling-screen">
      <header className="fx-callscreen-header">
        <h1>{data?.hallName ?? '…'}</h1>
        <button className="fx-callscreen-sound" onClick={() => setSound(true)} aria-pressed={sound}>{sound ? t('screen.soundOn') : t('screen.sound')}</button>
      </header>
      <div className="fx-callscreen-latest" aria-live="assertive" data-testid="calling-latest">
        {latest ? t('screen.latest', { number: latest.number, window: latest.windowNumber ?? '' }) : t('screen.none')}
      </div>
      <div className="fx-callscreen-grid">
        <section>
          <h2>{t('screen.calls')}</h2>
          <table data-testid="calling-list">
            <thead><tr><th>{t('screen.number')}</th><th>{t('screen.window')}</th><th /></tr></thead>
            <tbody>
              {(data?.calls ?? []).slice(0, 8).map((c) => (
                <tr key={c.id}><td>{c.number}</td><td>{c.windowNumber ?? '—'}</td><td style={{ fontWeight: 400, fontSize: '.7em' }}>{c.itemName}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
        <section>
          <h2>{t('screen.waiting')}</h2>
          <table data-testid="calling-waiting">
            <tbody>
              {data && data.waiting.length === 0 && <tr><td>—</td></tr>}
              {(data?.waiting ?? []).map((w) => (
                <tr key={w.itemCode}><td style={{ fontSize: '.8em' }}>{w.itemName}</td><td>{t('screen.people', { count: w.waiting })}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </div>
  );
}
