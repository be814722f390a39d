/** The notification preferences being edited (citizen app and console share it): switches, quiet hours, webhook address. */
import { useEffect, useState } from 'react';
import type { NotificationChannel, NotificationPreferences, PreferencesChange } from './checkin.api.ts';

export interface PreferencesDraft {
  enabled: (kind: string, channel: NotificationChannel) => boolean;
  set: (kind: string, channel: NotificationChannel, on: boolean) => void;
  /** Switches changed from what was read, as `${kind}|${channel}` → on. */
  changed: Record<string, boolean>;
  quiet: boolean;
  setQuiet: (on: boolean) => void;
  quietStart: string;
  setQuietStart: (v: string) => void;
  quietEnd: string;
  setQuietEnd: (v: string) => void;
  webhookUrl: string;
  setWebhookUrl: (v: string) => void;
}

/** The draft, reset whenever the preferences are read again. */
export function usePreferencesDraft(read: NotificationPreferences | undefined): PreferencesDraft {
  const [changed, setChanged] = useState<Record<string, boolean>>({});
  const [quiet, setQuiet] = useState(false);
  const [quietStart, setQuietStart] = useState('22:00');
  const [quietEnd, setQuietEnd] = useState('07:00');
  const [webhookUrl, setWebhookUrl] = useState('');
  useEffect(() => {
    if (!read) return;
    setChanged({});
    setQuiet(read.quietHours !== null);
    setQuietStart(read.quietHours?.start ?? '22:00');
    setQuietEnd(read.quietHours?.end ?? '07:00');
    setWebhookUrl(read.webhookUrl ?? '');
  }, [read]);
  return {
    enabled: (kind, channel) => changed[`${kind}|${channel}`] ?? read?.kinds.find((k) => k.kind === kind)?.channels[channel] ?? false,
    set: (kind, channel, on) => setChanged((c) => ({ ...c, [`${kind}|${channel}`]: on })),
    changed,
    quiet,
    setQuiet,
    quietStart,
    setQuietStart,
    quietEnd,
    setQuietEnd,
    webhookUrl,
    setWebhookUrl,
  };
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The change to send, or the first problem (a locale key under prefs.problem). */
export function preferencesChange(
  read: NotificationPreferences,
  draft: Pick<PreferencesDraft, 'changed' | 'quiet' | 'quietStart' | 'quietEnd' | 'webhookUrl'>,
): { change: PreferencesChange } | { problem: 'time' | 'sameTime' | 'url' } {
  const change: PreferencesChange = {};
  const preferences = Object.entries(draft.changed).map(([key, enabled]) => {
    const [kind, channel] = key.split('|') as [string, NotificationChannel];
    return { kind, channel, enabled };
  });
  if (preferences.length > 0) change.preferences = preferences;
  if (draft.quiet) {
    const start = draft.quietStart.trim();
    const end = draft.quietEnd.trim();
    if (!TIME.test(start) || !TIME.test(end)) return { problem: 'time' };
    if (start === end) return { problem: 'sameTime' };
    change.quietHours = { start, end };
  } else if (read.quietHours !== null) change.quietHours = null;
  const url = draft.webhookUrl.trim();
  if (url !== (read.webhookUrl ?? '')) {
    if (url !== '' && !/^https?:\/\/[^\s]+$/i.test(url)) return { problem: 'url' };
    change.webhookUrl = url === '' ? null : url;
  }
  return { change };
}
