import { defineExtensionPoint } from '../modules/module.ts';
import type { AppContext } from '../http/context.ts';

/** zh and en of one text. */
export interface BilingualText {
  zh: string;
  en: string;
}

export type NoticeChannel = 'inbox' | 'sms' | 'webhook';
export const NOTICE_CHANNELS: readonly NoticeChannel[] = ['inbox', 'sms', 'webhook'];

/**
 * The template of a message kind (消息模板), contributed by the module that sends it: title and body
 * in zh and en with `{name}` placeholders filled from a notice's params, a description for the
 * preferences page, and the channels a person may not switch off (e.g. a health-code colour change
 * always reaches the inbox).
 */
export interface NoticeTemplate {
  kind: string;
  description: BilingualText;
  title: BilingualText;
  body: BilingualText;
  mandatory?: readonly NoticeChannel[];
}

/** Where modules register their message kinds (manifest `contributes`). */
export const NoticeTemplates = defineExtensionPoint<NoticeTemplate>('notifications.templates');

/** Defines a template (identity function for typing in manifests). */
export function noticeTemplate(t: NoticeTemplate): NoticeTemplate {
  return t;
}

/** Fills `{name}` placeholders; unknown names stay as they are (a template typo shows, never throws). */
export function fillTemplate(text: string, params: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{([a-zA-Z][a-zA-Z0-9_]*)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The app's templates by kind (refuses one kind registered twice). */
export function templatesOf(ctx: AppContext): ReadonlyMap<string, NoticeTemplate> {
  const map = new Map<string, NoticeTemplate>();
  for (const t of ctx.modules.contributions(NoticeTemplates)) {
    if (map.has(t.kind)) throw new Error(`notice template ${t.kind} registered twice`);
    map.set(t.kind, t);
  }
  return map;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Whether a string is a time of day HH:MM (00:00–23:59). */
export function isTimeOfDay(s: string): boolean {
  return HHMM.test(s);
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/**
 * When quiet hours (China time, HH:MM, may wrap midnight: 22:00–07:00) that contain `now` end, or
 * null when `now` is outside them (or start = end: no quiet hours).
 */
export function quietUntil(now: Date, start: string | null, end: string | null): Date | null {
  if (!start || !end || start === end) return null;
  const china = new Date(now.getTime() + 8 * 3600_000);
  const minute = china.getUTCHours() * 60 + china.getUTCMinutes();
  const s = minutesOf(start);
  const e = minutesOf(end);
  const inside = s < e ? minute >= s && minute < e : minute >= s || minute < e;
  if (!inside) return null;
  let wait = e - minute;
  if (wait <= 0) wait += 24 * 60;
  const at = new Date(now.getTime() + wait * 60_000);
  at.setUTCSeconds(0, 0);
  return at;
}
