/** 消息设置 (console and venue portal): which kinds of message come by which channel, quiet hours and the webhook receiver of the staff member. */
import { useState } from 'react';
import { Alert, Button, Card, Input, Space, Switch, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { InputError } from '../../shared/api/errors.ts';
import { checkinApi, checkinKeys, NOTIFICATION_CHANNELS, preferencesQuery, type NotificationPreferences } from '../../shared/checkin/checkin.api.ts';
import { preferencesChange, usePreferencesDraft } from '../../shared/checkin/preferences-draft.ts';
import { useAction } from '../use-action.ts';
import { ListCard } from '../list-table.tsx';
import { RefreshButton } from '../page-actions.tsx';
import { PageContainer, usePageContainerLabels } from '../page-container.tsx';

type Kind = NotificationPreferences['kinds'][number];

/** The preferences page. */
export function StaffPreferencesPage({ surface }: { surface: 'console' | 'venue' }) {
  const labels = usePageContainerLabels(surface);
  const { t, i18n } = useTranslation('checkin');
  const read = useQuery(preferencesQuery());
  const draft = usePreferencesDraft(read.data);
  const [secret, setSecret] = useState<string | null>(null);
  const save = useAction({
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
  const en = i18n.language.startsWith('en');
  return (
    <PageContainer {...labels} title={t('prefs.title')} description={t('prefs.intro')} extra={<RefreshButton query={read} />}>
      <ListCard query={read}>
        <Table<Kind>
          rowKey="kind"
          loading={read.isLoading}
          dataSource={read.data?.kinds ?? []}
          pagination={false}
          data-testid="staff-notification-preferences"
          columns={[
            { title: t('prefs.kind'), render: (_, k) => (en ? k.description.en : k.description.zh) },
            ...NOTIFICATION_CHANNELS.map((c) => ({
              title: t(`prefs.channel.${c}`),
              key: c,
              render: (_: unknown, k: Kind) => {
                const mandatory = k.mandatory.includes(c);
                return (
                  <Space>
                    <Switch
                      size="small"
                      checked={mandatory || draft.enabled(k.kind, c)}
                      disabled={mandatory}
                      onChange={(on) => draft.set(k.kind, c, on)}
                      aria-label={`${en ? k.description.en : k.description.zh} · ${t(`prefs.channel.${c}`)}`}
                    />
                    {mandatory && <Typography.Text type="secondary">{t('prefs.mandatory')}</Typography.Text>}
                  </Space>
                );
              },
            })),
          ]}
        />
      </ListCard>
      {read.data && (
        <Card title={t('prefs.quietHours')} style={{ marginTop: 16 }}>
          <Typography.Paragraph type="secondary">{t('prefs.quietHint')}</Typography.Paragraph>
          <Space wrap>
            <Switch checked={draft.quiet} onChange={draft.setQuiet} aria-label={t('prefs.quietOn')} />
            <span>{t('prefs.quietOn')}</span>
            {draft.quiet && (
              <>
                <Input value={draft.quietStart} onChange={(e) => draft.setQuietStart(e.target.value)} maxLength={5} style={{ width: 90 }} addonBefore={t('prefs.quietStart')} aria-label={t('prefs.quietStart')} />
                <Input value={draft.quietEnd} onChange={(e) => draft.setQuietEnd(e.target.value)} maxLength={5} style={{ width: 90 }} addonBefore={t('prefs.quietEnd')} aria-label={t('prefs.quietEnd')} />
              </>
            )}
          </Space>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('prefs.webhook')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('prefs.webhookHint')}</Typography.Paragraph>
          <Input value={draft.webhookUrl} onChange={(e) => draft.setWebhookUrl(e.target.value)} maxLength={500} placeholder="https://" allowClear aria-label={t('prefs.webhook')} />
          {secret && <Alert style={{ marginTop: 12 }} type="warning" showIcon message={t('prefs.secret', { secret })} data-testid="webhook-secret" />}
          <div style={{ marginTop: 16 }}>
            <Button type="primary" loading={save.pending} onClick={() => void save.run()} data-testid="save-preferences">
              {t('prefs.save')}
            </Button>
          </div>
        </Card>
      )}
    </PageContainer>
  );
}
