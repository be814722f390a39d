/**
 * The answer of a door check as a full-screen verdict, readable from a metre away: green 通行, or
 * yellow/red 禁止通行, with the masked identity and the time of the check. A valid code that is
 * refused says so in stop colours ("码有效 · 禁止通行"), never with a green tag. It clears itself
 * after a few seconds (visible countdown), or on a tap or Escape, so the next person never sees it.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VerifyAnswer } from '../../shared/health/health.types.ts';

/** How long a verdict stays on screen. */
export const VERDICT_SECONDS = 8;

function clock(at: Date | string): string {
  return new Date(at).toLocaleTimeString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });
}

/** Shows one verification answer over the whole screen until it expires or is dismissed. */
export function VerifyResult({ answer, checkedAt, onClose }: { answer: VerifyAnswer; checkedAt: Date; onClose: () => void }) {
  const { t } = useTranslation('health');
  const [left, setLeft] = useState(VERDICT_SECONDS);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    closeRef.current?.focus();
    const started = Date.now();
    const timer = window.setInterval(() => {
      const remaining = VERDICT_SECONDS - Math.floor((Date.now() - started) / 1000);
      if (remaining <= 0) onClose();
      else setLeft(remaining);
    }, 250);
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('keydown', onKey);
    };
  }, [onClose]);

  const colour = answer.valid && answer.colour ? answer.colour : undefined;
  const pass = answer.decision === 'pass';
  // Green only for a pass; a valid yellow code is yellow, anything else refused is red.
  const tone = pass ? 'pass' : colour === 'yellow' ? 'yellow' : 'red';
  const identity = [answer.maskedName, answer.maskedId].filter(Boolean).join('  ');
  return (
    <div
      className={`fx-verdict fx-verdict-${tone}`}
      role="alertdialog"
      aria-modal="true"
      aria-live="assertive"
      aria-labelledby="fx-verdict-decision"
      onClick={onClose}
      data-testid="verify-result"
      data-colour={colour ?? 'none'}
      data-decision={answer.decision}
      data-repeat={answer.repeat ? 'true' : 'false'}
    >
      <div className="fx-verdict-status" data-testid="verify-validity">
        {colour && <span data-testid="verify-colour">{t(`colour.${colour}`)}</span>}
        <span>{answer.valid ? t('verify.validCode') : t('verify.invalidCode')}</span>
      </div>
      <div className="fx-verdict-decision" id="fx-verdict-decision" data-testid="verify-decision">
        {t(`decision.${answer.decision}`)}
      </div>
      {answer.repeat && (
        <div className="fx-verdict-repeat" data-testid="verify-repeat">
          {t('verify.repeat', { at: answer.firstCheckedAt ? clock(answer.firstCheckedAt) : '' })}
        </div>
      )}
      <div className="fx-verdict-identity" data-testid="verify-identity">{identity || '—'}</div>
      <div className="fx-verdict-time" data-testid="verify-time">{t('verify.checkedAt', { at: clock(checkedAt) })}</div>
      {!answer.valid && answer.reason && (
        <div className="fx-verdict-reason" data-testid="verify-reason" data-reason={answer.reason}>
          {t(`verify.refusal.${answer.reason}`, { defaultValue: answer.message })}
        </div>
      )}
      {answer.mutualRecognition && <div className="fx-verdict-note">{t('verify.otherIssuer', { issuer: answer.issuer ?? '' })}</div>}
      {answer.scanRecorded && (
        <div className="fx-verdict-note" data-testid="verify-recorded">
          {pass ? t('verify.recorded') : t('verify.recordedRefusal')}
        </div>
      )}
      <button type="button" ref={closeRef} className="fx-verdict-close" onClick={onClose} data-testid="verify-dismiss">
        {t('verify.dismiss', { seconds: left })}
      </button>
    </div>
  );
}
