/** 消息设置: which kinds of message come by which channel, quiet hours and the webhook receiver (citizen app). */
import { useState } from 'react';
import { Button, Card, ErrorBlock, Input, List, Space, Switch } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { InputError } from '../../shared/api/errors.ts';
import { checkinApi, checkinKeys, NOTIFICATION_CHANNELS, preferencesQuery } from '../../shared/checkin/checkin.api.ts';
import { preferencesChange, usePreferencesDraft } from '../../shared/checkin/preferences-draft.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { FormError } from '../components/form-footer.tsx';
import { MobilePage, PageLoading } from '../components/page.tsx';
import { useCitizenAction } from '../components/use-action.ts';

/** The preferences page. */
export function NotificationPreferencesPage() {
  const { t, i18n } = useTranslation('checkin');
  const read = useQuery(preferencesQuery());
  const loadError = useLoadError(read.error);
  const draft = usePreferencesDraft(read.data);
  const [secret, setSecret] = useState<string | null>(null);
  const save = useCitizenAction({
    send: async () => {
      setSecret(null);
      const out = preferencesChange(read.data!, draft);
      if ('problem' in out) throw new InputError(t(`prefs.problem.${out.problem}`));
      return checkinApi.updatePreferences(out.change);
    },
    invalidates: [checkinKeys.preferences],
    success: t('prefs.saved'),
    onDone: (r) => setSecret(r.webhookSecret),
  });
  if (read.isPending) return <PageLoading />;
  const en = i18n.language.startsWith('en');
  return (
    <MobilePage title={t('prefs.title')} back>
      <p className="fx-page-intro">{t('prefs.intro')}</p>
      {loadError && <ErrorBlock status="disconnected" title={loadError} description="" />}
      {read.data && (
        <>
          <Card className="fx-card" title={t('prefs.kinds')}>
            <List data-testid="notification-preferences">
              {read.data.kinds.map((k) => (
                <List.Item
                  key={k.kind}
                  description={
                    <Space wrap>
                      {NOTIFICATION_CHANNELS.map((c) => {
                        const mandatory = k.mandatory.includes(c);
                        return (
                          <label key={c}>
                            <Switch
                              checked={mandatory || draft.enabled(k.kind, c)}
                              disabled={mandatory}
                              onChange={(on) => draft.set(k.kind, c, on)}
                              aria-label={`${en ? k.description.en : k.description.zh} · ${t(`prefs.channel.${c}`)}`}
                            />{' '}
                            {t(`prefs.channel.${c}`)}
                            {mandatory ? ` (${t('prefs.mandatory')})` : ''}
                          </label>
                        );
                      })}
                    </Space>
                  }
                >
                  {en ? k.description.en : k.description.zh}
                </List.Item>
              ))}
            </List>
          </Card>
          <Card className="fx-card" title={t('prefs.quietHours')}>
            <p className="fx-page-intro">{t('prefs.quietHint')}</p>
            <List>
              <List.Item extra={<Switch checked={draft.quiet} onChange={draft.setQuiet} aria-label={t('prefs.quietOn')} />}>{t('prefs.quietOn')}</List.Item>
              {draft.quiet && (
                <>
                  <List.Item title={t('prefs.quietStart')}>
                    <Input value={draft.quietStart} onChange={draft.setQuietStart} maxLength={5} placeholder="22:00" aria-label={t('prefs.quietStart')} />
                  </List.Item>
                  <List.Item title={t('prefs.quietEnd')}>
                    <Input value={draft.quietEnd} onChange={draft.setQuietEnd} maxLength={5} placeholder="07:00" aria-label={t('prefs.quietEnd')} />
                  </List.Item>
                </>
              )}
            </List>
          </Card>
          <Card className="fx-card" title={t('prefs.webhook')}>
            <p className="fx-page-intro">{t('prefs.webhookHint')}</p>
            <Input value={draft.webhookUrl} onChange={draft.setWebhookUrl} maxLength={500} placeholder="https://" clearable aria-label={t('prefs.webhook')} />
            {secret && (
              <p className="fx-page-intro" data-testid="webhook-secret">
                {t('prefs.secret', { secret })}
              </p>
            )}
          </Card>
          <div className="fx-card">
            <FormError error={save.error} />
            <Button block color="primary" loading={save.pending} onClick={() => void save.run()} data-testid="save-preferences">
              {t('prefs.save')}
            </Button>
          </div>
        </>
      )}
    </MobilePage>
  );
}
