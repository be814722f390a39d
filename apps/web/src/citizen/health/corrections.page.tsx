/** 纠错: the records behind the citizen's code, a request to correct one, and the requests with their outcomes. */
import { useState } from 'react';
import { Button, Card, Dialog, ErrorBlock, List, Tag, TextArea } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { InputError } from '../../shared/api/errors.ts';
import { localText } from '../../shared/health/colour.ts';
import type { DisputableFact } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { FormError } from '../components/form-footer.tsx';
import { MobilePage, PageLoading } from '../components/page.tsx';
import { useCitizenAction } from '../components/use-action.ts';
import { factsQuery, healthKeys, myCorrectionsQuery, myHealthApi } from './health.api.ts';
import './health.css';

const STATUS_COLOUR = { pending: 'warning', accepted: 'success', rejected: 'default' } as const;

/** The corrections page. */
export function CorrectionsPage() {
  const { t, i18n } = useTranslation('health');
  const factsRead = useQuery(factsQuery());
  const mineRead = useQuery(myCorrectionsQuery());
  const facts = factsRead.data;
  const mine = mineRead.data ?? [];
  const error = useLoadError(factsRead.error ?? mineRead.error);
  const [disputing, setDisputing] = useState<DisputableFact | null>(null);

  if (factsRead.isPending && !error) return <PageLoading />;
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
      {disputing && <DisputeDialog fact={disputing} onClose={() => setDisputing(null)} />}
    </MobilePage>
  );
}

/** Asks for the reason and files the request. */
function DisputeDialog({ fact, onClose }: { fact: DisputableFact; onClose: () => void }) {
  const { t, i18n } = useTranslation('health');
  const [reason, setReason] = useState('');
  const dispute = useCitizenAction({
    send: async (text: string) => {
      if (text.length < 2 || text.length > 1000) throw new InputError(t('corrections.reasonInvalid'));
      return myHealthApi.requestCorrection({ factType: fact.type, factId: fact.id, reason: text });
    },
    invalidates: [healthKeys.corrections],
    success: t('corrections.submitted'),
    onDone: onClose,
  });
  return (
    <Dialog
      visible
      title={t('corrections.dispute')}
      onClose={onClose}
      content={
        <div>
          <p>{localText(fact.summary, i18n.language)}</p>
          <TextArea value={reason} onChange={setReason} placeholder={t('corrections.reasonPlaceholder')} rows={4} maxLength={1000} showCount aria-label={t('corrections.reason')} />
          <FormError error={dispute.error} />
        </div>
      }
      actions={[
        [
          { key: 'cancel', text: t('common.cancel'), onClick: onClose },
          { key: 'send', text: t('corrections.submit'), bold: true, disabled: dispute.pending, onClick: () => void dispute.run(reason.trim()) },
        ],
      ]}
    />
  );
}
