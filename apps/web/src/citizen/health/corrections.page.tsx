/** 纠错: the records behind the citizen's code, a request to correct one, and the requests with their outcomes. */
import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Dialog, ErrorBlock, List, Tag, TextArea, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../../shared/api/errors.ts';
import { localText } from '../../shared/health/colour.ts';
import { myHealthApi } from '../../shared/health/health.api.ts';
import type { Correction, DisputableFact } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { MobilePage, PageLoading } from '../components/page.tsx';
import './health.css';

const STATUS_COLOUR = { pending: 'warning', accepted: 'success', rejected: 'default' } as const;

/** The corrections page. */
export function CorrectionsPage() {
  const { t, i18n } = useTranslation('health');
  const [facts, setFacts] = useState<DisputableFact[] | null>(null);
  const [mine, setMine] = useState<Correction[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [disputing, setDisputing] = useState<DisputableFact | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const [f, c] = await Promise.all([myHealthApi.facts(), myHealthApi.corrections()]);
      setFacts(f);
      setMine(c);
    } catch (err) {
      setError(messageOf(err, t('common:error.loadFailed')));
    }
  }, [t]);
  useEffect(() => {
    void load();
  }, [load]);

  if (!facts && !error) return <PageLoading />;
  const pendingFor = (f: DisputableFact) => mine.some((c) => c.status === 'pending' && c.factType === f.type && c.factId === f.id);
  return (
    <MobilePage title={t('corrections.title')} back>
      <p className="fx-page-intro">{t('corrections.intro')}</p>
      {error && <ErrorBlock status="disconnected" title={error} description="" />}
      {facts && (
        <Card className="fx-card" title={t('corrections.facts')}>
          {facts.length === 0 ? (
            <p className="fx-muted">{t('corrections.noFacts')}</p>
          ) : (
            <List data-testid="disputable-facts">
              {facts.map((fact) => (
                <List.Item
                  key={`${fact.type}:${fact.id}`}
                  description={fact.day}
                  extra={
                    pendingFor(fact) ? (
                      <Tag color="warning">{t('corrections.status.pending')}</Tag>
                    ) : (
                      <Button size="mini" color="primary" fill="outline" onClick={() => setDisputing(fact)}>
                        {t('corrections.dispute')}
                      </Button>
                    )
                  }
                >
                  {localText(fact.summary, i18n.language)}
                </List.Item>
              ))}
            </List>
          )}
        </Card>
      )}
      <Card className="fx-card" title={t('corrections.mine')}>
        {mine.length === 0 ? (
          <p className="fx-muted">{t('corrections.none')}</p>
        ) : (
          <List data-testid="my-corrections">
            {mine.map((c) => (
              <List.Item
                key={c.id}
                extra={<Tag color={STATUS_COLOUR[c.status]} className="fx-correction-status">{t(`corrections.status.${c.status}`)}</Tag>}
                description={
                  <>
                    <div>{t('corrections.filedAt')}：{formatDateTime(c.createdAt)}</div>
                    {c.reviewNote && <div>{t('corrections.reviewNote')}：{c.reviewNote}</div>}
                    {c.colourAfter && <div>{t('corrections.colourAfter')}：{t(`colour.${c.colourAfter}`)}</div>}
                  </>
                }
              >
                {localText(c.factSummary, i18n.language)}
              </List.Item>
            ))}
          </List>
        )}
      </Card>
      {disputing && <DisputeDialog fact={disputing} onClose={() => setDisputing(null)} onDone={() => void load()} />}
    </MobilePage>
  );
}

/** Asks for the reason and files the request. */
function DisputeDialog({ fact, onClose, onDone }: { fact: DisputableFact; onClose: () => void; onDone: () => void }) {
  const { t, i18n } = useTranslation('health');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const send = async () => {
    const text = reason.trim();
    if (text.length < 2 || text.length > 1000) return setError(t('corrections.reasonInvalid'));
    setSending(true);
    setError(null);
    try {
      await myHealthApi.requestCorrection({ factType: fact.type, factId: fact.id, reason: text });
      Toast.show({ icon: 'success', content: t('corrections.submitted') });
      onClose();
      onDone();
    } catch (err) {
      setError(messageOf(err, t('common:state.failed')));
    } finally {
      setSending(false);
    }
  };
  return (
    <Dialog
      visible
      title={t('corrections.dispute')}
      onClose={onClose}
      content={
        <div>
          <p>{localText(fact.summary, i18n.language)}</p>
          <TextArea value={reason} onChange={setReason} placeholder={t('corrections.reasonPlaceholder')} rows={4} maxLength={1000} showCount aria-label={t('corrections.reason')} />
          {error && (
            <div className="fx-form-error" role="alert">
              {error}
            </div>
          )}
        </div>
      }
      actions={[
        [
          { key: 'cancel', text: t('common.cancel'), onClick: onClose },
          { key: 'send', text: t('corrections.submit'), bold: true, disabled: sending, onClick: () => void send() },
        ],
      ]}
    />
  );
}
