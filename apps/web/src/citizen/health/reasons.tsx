/** "为什么是这个颜色": the reasons in plain language with their evidence, the override and when the colour can change. */
import { Card, List, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { COLOUR_HEX, localText } from '../../shared/health/colour.ts';
import type { Evidence, MyCode } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { groupEvidence } from '../../shared/health/evidence.ts';

/** What one piece of evidence says besides its day: the area or status, the temperature. */
function evidenceText(e: Evidence, t: (key: string) => string): string {
  const parts: string[] = [];
  if (e.area) parts.push(e.area);
  if (e.level) parts.push(t(`level.${e.level}`));
  if (e.status) parts.push(t(`status.${e.status}`) === `status.${e.status}` ? e.status : t(`status.${e.status}`));
  if (e.celsius !== undefined) parts.push(`${e.celsius.toFixed(1)} ℃`);
  if (e.source && !e.area) parts.push(e.source);
  return parts.join(' · ');
}

/** The explanation card under the code. */
export function CodeReasons({ code }: { code: MyCode }) {
  const { t, i18n } = useTranslation('health');
  const next = code.nextChange;
  return (
    <Card className="fx-card" title={t('code.whyTitle')} data-testid="health-code-reasons">
      {code.reasons.length === 0 ? (
        <p className="fx-reason-text">{t('code.greenReason')}</p>
      ) : (
        <List className="fx-reasons">
          {code.reasons.map((reason) => (
            <List.Item
              key={`${reason.ruleId}-${reason.state}`}
              prefix={<span className="fx-reason-dot" style={{ background: COLOUR_HEX[reason.colour] }} />}
              description={
                reason.evidence.length > 0 ? (
                  <div className="fx-evidence" data-testid="health-code-evidence">
                    {t('code.evidence')}：
                    {groupEvidence(reason.evidence, (e) => evidenceText(e, t)).map((g) => (
                      <div key={`${g.text}-${g.days.join()}`} className="fx-evidence-line">
                        {[g.days.join('、'), g.text].filter(Boolean).join(' · ')}
                        {g.count > g.days.length && g.count > 1 ? ` ${t('code.evidenceCount', { count: g.count })}` : ''}
                      </div>
                    ))}
                  </div>
                ) : undefined
              }
              extra={<Tag color={reason.state === 'active' ? 'danger' : 'default'} fill="outline">{t(`code.state.${reason.state}`)}</Tag>}
            >
              <span className="fx-reason-text" data-testid="health-code-reason">{localText(reason.text, i18n.language)}</span>
            </List.Item>
          ))}
        </List>
      )}
      {code.override && (
        <div className="fx-override" data-testid="health-code-override">
          <strong>{t('code.overrideTitle')}</strong>
          <p>{t('code.overrideText', { colour: t(`colour.${code.override.colour}`), reason: code.override.reason, expiresAt: formatDateTime(code.override.expiresAt) })}</p>
        </div>
      )}
      {next && (
        <div className="fx-next-change" data-testid="health-code-next-change">
          <strong>{t('code.nextChangeTitle')}</strong>
          <p>{localText(next.condition, i18n.language)}</p>
          <p className="fx-muted">
            {next.at ? t('code.nextChangeAt', { at: formatDateTime(next.at), colour: t(`colour.${next.to}`) }) : t('code.nextChangeWhen', { colour: t(`colour.${next.to}`) })}
          </p>
        </div>
      )}
      {code.pendingConfirmation && <p className="fx-muted">{t('code.pendingConfirmation')}</p>}
    </Card>
  );
}
