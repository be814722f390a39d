import { and, desc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Principal } from '../access/principal.ts';
import { rows as rows_, type DbOrTx } from '../db/database.ts';
import { bulkInsertSql } from '../db/bulk-insert.ts';
import type { AppContext } from '../http/context.ts';
import { randomBytes } from 'node:crypto';
import { AppError, CommonErrors } from '../http/errors.ts';
import { citizens } from '../identity/identity.tables.ts';
import { smsSenderOf } from '../identity/sms.ts';
import { NotificationErrors } from './notifications.errors.ts';
import { notificationPreferences, notifications, notificationSettings } from './notifications.tables.ts';
import { fillTemplate, isTimeOfDay, NOTICE_CHANNELS, quietUntil, templatesOf, type BilingualText, type NoticeChannel, type NoticeTemplate } from './notifications.templates.ts';

function newWebhookSecret(): string {
  return randomBytes(24).toString('base64url');
}

export type { BilingualText, NoticeChannel } from './notifications.templates.ts';

/** One message a module sends through the notification centre. */
export interface Notice {
  recipient: { type: 'citizen' | 'staff'; id: string };
  /** module.kind, e.g. checkin.reminder — names the template and is what logs, limits and preferences count. */
  kind: string;
  /** The texts; when left out they come from the kind's registered template filled with `params`. */
  title?: BilingualText;
  body?: BilingualText;
  params?: Readonly<Record<string, string | number>>;
  /** Where the recipient's surface opens the message (no personal data). */
  link?: string;
  /** inbox, sms (webhook is added for a person who set up a receiver, unless they switched it off). */
  channels: readonly NoticeChannel[];
  /** Idempotence per recipient and channel: a second notice with the same key is not sent again. */
  dedupeKey?: string;
}

/**
 * What a send did, counted per message-channel (never who). `failed`: the first attempt failed (the
 * delivery job retries it); `pending`: waiting for the delivery job (quiet hours, webhook).
 */
export interface SendSummary {
  delivered: number;
  duplicate: number;
  rateLimited: number;
  failed: number;
  skipped: number;
  muted?: number;
  pending?: number;
}

/** Per recipient and channel, at most this many messages in a rolling hour; more are recorded as rate_limited and not delivered. */
export const RATE_LIMITS: Readonly<Record<NoticeChannel, number>> = { inbox: 60, sms: 5, webhook: 60 };
/** Delivery attempts of an SMS or webhook message before it is recorded as failed; the wait doubles from one minute. */
export const MAX_ATTEMPTS = 5;
export function retryDelayMs(attempts: number): number {
  return 60_000 * 2 ** Math.max(0, attempts - 1);
}
const KIND = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9.-]*$/;

function recipientKey(type: string, id: string, channel: string): string {
  return `${type}:${id}:${channel}`;
}

/** The texts of a notice: its own, else its kind's template filled with its params. */
function textsOf(templates: ReadonlyMap<string, NoticeTemplate>, n: Notice): { title: BilingualText; body: BilingualText } {
  if (n.title && n.body) return { title: n.title, body: n.body };
  const t = templates.get(n.kind);
  if (!t) throw new Error(`notice kind ${n.kind} has neither texts nor a template`);
  const p = n.params ?? {};
  return {
    title: n.title ?? { zh: fillTemplate(t.title.zh, p), en: fillTemplate(t.title.en, p) },
    body: n.body ?? { zh: fillTemplate(t.body.zh, p), en: fillTemplate(t.body.en, p) },
  };
}

/** The SMS text in the person's language. */
function smsTextOf(language: string | null, title: BilingualText, body: BilingualText): string {
  return language === 'en' ? `${title.en}: ${body.en}` : `【防线】${title.zh}：${body.zh}`;
}

/**
 * Sends messages through the notification centre, set-based: one query counts the recipients' recent
 * messages (the rate limit), one reads their preferences and settings (switched-off kinds, quiet
 * hours, webhook receiver), one reads the phones of SMS recipients, one insert records every
 * delivery (duplicates of a dedupeKey are skipped by the unique index), then each new SMS outside
 * quiet hours goes through the app's SmsSender (the outbox, or a gateway adapter). Webhook messages,
 * SMS in quiet hours and failed SMS wait as `pending` for the delivery job (deliverDueNotices).
 * Runs in the caller's transaction, so a message exists only if the change that caused it commits.
 * Logs counts and the kind only.
 */
export async function sendNotices(ctx: AppContext, tx: DbOrTx, notices: readonly Notice[], now: Date = new Date(), options: SendOptions = {}): Promise<SendSummary> {
  const summary: SendSummary = { delivered: 0, duplicate: 0, rateLimited: 0, failed: 0, skipped: 0, muted: 0, pending: 0 };
  if (notices.length === 0) return summary;
  for (const n of notices) if (!KIND.test(n.kind)) throw new Error(`bad notice kind ${n.kind}`);
  const templates = templatesOf(ctx);

  const ids = [...new Set(notices.map((n) => n.recipient.id))];
  const since = new Date(now.getTime() - 3600_000);
  // One after the other: `tx` is usually the caller's transaction, whose one connection runs one
  // statement at a time (sending three at once queues them in pg's client, which pg deprecates).
  const counts = await tx
    .select({ type: notifications.recipientType, id: notifications.recipientId, channel: notifications.channel, n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(inArray(notifications.recipientId, ids), gt(notifications.createdAt, since), inArray(notifications.status, ['delivered', 'pending'])))
    .groupBy(notifications.recipientType, notifications.recipientId, notifications.channel);
  const prefs = await tx
    .select({ type: notificationPreferences.recipientType, id: notificationPreferences.recipientId, kind: notificationPreferences.kind, channel: notificationPreferences.channel })
    .from(notificationPreferences)
    .where(and(inArray(notificationPreferences.recipientId, ids), eq(notificationPreferences.enabled, false)));
  const settings = await tx.select().from(notificationSettings).where(inArray(notificationSettings.recipientId, ids));
  const used = new Map(counts.map((c) => [recipientKey(c.type, c.id, c.channel), Number(c.n)]));
  const off = new Set(prefs.map((p) => `${p.type}:${p.id}:${p.kind}:${p.channel}`));
  const settingsOf = new Map(settings.map((s) => [`${s.recipientType}:${s.recipientId}`, s]));

  const smsCitizenIds = [...new Set(notices.filter((n) => n.channels.includes('sms') && n.recipient.type === 'citizen').map((n) => n.recipient.id))];
  const people = smsCitizenIds.length
    ? await tx.select({ id: citizens.id, phoneCipher: citizens.phoneCipher, language: citizens.language }).from(citizens).where(inArray(citizens.id, smsCitizenIds))
    : [];
  // Deferred SMS are sent by the delivery job, which reads the phone then: here only whether there is one.
  const phones = new Map(people.map((p) => [p.id, { phone: options.deferSms ? (p.phoneCipher ? 'deferred' : null) : openPhone(ctx, p.phoneCipher), language: p.language }]));

  type Row = typeof notifications.$inferInsert;
  const rows: Row[] = [];
  const smsText = new Map<number, string>();
  for (const n of notices) {
    const { title, body } = textsOf(templates, n);
    const setting = settingsOf.get(`${n.recipient.type}:${n.recipient.id}`);
    const channels = new Set(n.channels);
    if (setting?.webhookUrl) channels.add('webhook');
    const mandatory = templates.get(n.kind)?.mandatory ?? [];
    const quietEnd = setting ? quietUntil(now, setting.quietStart, setting.quietEnd) : null;
    for (const channel of channels) {
      const key = recipientKey(n.recipient.type, n.recipient.id, channel);
      const count = used.get(key) ?? 0;
      const base = {
        recipientType: n.recipient.type,
        recipientId: n.recipient.id,
        channel,
        kind: n.kind,
        titleCipher: ctx.cipher.encrypt(JSON.stringify(title))!,
        bodyCipher: ctx.cipher.encrypt(JSON.stringify(body))!,
        link: n.link ?? null,
        dedupeKey: n.dedupeKey ?? null,
      };
      if (off.has(`${n.recipient.type}:${n.recipient.id}:${n.kind}:${channel}`) && !mandatory.includes(channel)) {
        rows.push({ ...base, status: 'muted' });
        continue;
      }
      if (count >= RATE_LIMITS[channel]) {
        rows.push({ ...base, dedupeKey: null, status: 'rate_limited' });
        continue;
      }
      if (channel === 'sms' && !phones.get(n.recipient.id)?.phone) {
        rows.push({ ...base, dedupeKey: null, status: 'skipped_no_phone' });
        continue;
      }
      used.set(key, count + 1);
      if (channel === 'inbox') rows.push({ ...base, status: 'delivered' });
      else if (channel === 'webhook' || quietEnd || options.deferSms) rows.push({ ...base, status: 'pending', dueAt: quietEnd ?? now });
      else {
        const person = phones.get(n.recipient.id)!;
        smsText.set(rows.length, smsTextOf(person.language, title, body));
        rows.push({ ...base, status: 'delivered' });
      }
    }
  }

  // One statement whose size does not grow with the number of notices (one array per column): a
  // batch of recomputed codes sends hundreds at once. Every row carries the same keys.
  const inserted = (
    await rows_<{ id: string; recipient_id: string; channel: string; status: string; dedupe_key: string | null }>(
      tx,
      bulkInsertSql(
        notifications,
        rows.map((r) => ({ ...r, dedupeKey: r.dedupeKey ?? null, dueAt: r.dueAt ?? null })),
        sql`on conflict do nothing returning id, recipient_id, channel, status, dedupe_key`,
      ),
    )
  ).map((r) => ({ id: r.id, recipientId: r.recipient_id, channel: r.channel, status: r.status, dedupeKey: r.dedupe_key }));
  // Which rows went in: match back by (recipient, channel, dedupeKey, status) in order.
  const insertedKeys = new Map<string, string[]>();
  for (const r of inserted) {
    const k = `${r.recipientId}|${r.channel}|${r.dedupeKey ?? ''}|${r.status}`;
    insertedKeys.set(k, [...(insertedKeys.get(k) ?? []), r.id]);
  }
  const sender = smsSenderOf(ctx);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const k = `${row.recipientId}|${row.channel}|${row.dedupeKey ?? ''}|${row.status}`;
    const left = insertedKeys.get(k);
    if (!left || left.length === 0) {
      summary.duplicate++;
      continue;
    }
    const id = left.shift()!;
    if (row.status === 'rate_limited') summary.rateLimited++;
    else if (row.status === 'skipped_no_phone') summary.skipped++;
    else if (row.status === 'muted') summary.muted!++;
    else if (row.status === 'pending') summary.pending!++;
    else if (row.channel === 'sms') {
      try {
        // A savepoint: a sender that fails inside the database must not abort the caller's transaction.
        await tx.transaction((sp) => sender.send(sp, { phone: phones.get(row.recipientId)!.phone!, template: row.kind, body: smsText.get(i)! }));
        await tx.update(notifications).set({ attempts: 1 }).where(eq(notifications.id, id));
        summary.delivered++;
      } catch (err) {
        // Retried by the delivery job (a job, with backoff) until MAX_ATTEMPTS; the inbox copy stands.
        await tx.update(notifications).set({ status: 'pending', attempts: 1, dueAt: new Date(now.getTime() + retryDelayMs(1)), lastError: errorText(err) }).where(eq(notifications.id, id));
        summary.failed++;
        ctx.log.warn({ kind: row.kind, err: errorText(err) }, 'notification SMS failed, will retry');
      }
    } else summary.delivered++;
  }
  ctx.log.info({ kinds: [...new Set(notices.map((n) => n.kind))], ...summary }, 'notifications sent');
  return summary;
}

/** How sendNotices sends. */
export interface SendOptions {
  /**
   * Leave every SMS `pending` for the delivery job instead of sending it in the caller's transaction:
   * for messages caused in bulk (a risk-area change recolouring a district), so that the change's
   * transaction does no gateway work and one unreadable phone cannot sink it.
   */
  deferSms?: boolean;
}

/** A phone opened for sending, or null when it cannot be read (treated as no phone; never logged). */
function openPhone(ctx: AppContext, cipher: string | null): string | null {
  try {
    return ctx.cipher.decrypt(cipher);
  } catch {
    return null;
  }
}

/** An error's message, shortened, for the delivery record (senders' messages carry no personal data). */
function errorText(err: unknown): string {
  return String((err as Error)?.message ?? err).slice(0, 200);
}

function recipientOf(principal: Principal): { type: 'citizen' | 'staff'; id: string } {
  if (principal.kind === 'citizen') return { type: 'citizen', id: principal.citizenId };
  if (principal.kind === 'staff') return { type: 'staff', id: principal.staffId };
  throw new Error('notifications are for signed-in people');
}

export interface InboxItem {
  id: string;
  kind: string;
  title: BilingualText;
  body: BilingualText;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/** The signed-in person's inbox, newest first, and their unread count. */
export async function inboxOf(ctx: AppContext, principal: Principal, query: { limit: number; before?: string; unreadOnly?: boolean }): Promise<{ items: InboxItem[]; unread: number }> {
  const r = recipientOf(principal);
  const mine = and(eq(notifications.recipientType, r.type), eq(notifications.recipientId, r.id), eq(notifications.channel, 'inbox'), eq(notifications.status, 'delivered'));
  const rows = await ctx.db
    .select()
    .from(notifications)
    .where(and(mine, query.before ? lt(notifications.createdAt, new Date(query.before)) : undefined, query.unreadOnly ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(query.limit);
  const [{ n }] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(notifications).where(and(mine, isNull(notifications.readAt)));
  return {
    unread: Number(n),
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      title: JSON.parse(ctx.cipher.decrypt(row.titleCipher) ?? '{"zh":"","en":""}') as BilingualText,
      body: JSON.parse(ctx.cipher.decrypt(row.bodyCipher) ?? '{"zh":"","en":""}') as BilingualText,
      link: row.link,
      createdAt: row.createdAt,
      readAt: row.readAt,
    })),
  };
}

/** Marks one of the person's own messages read (another person's answers NOT_FOUND). */
export async function markRead(ctx: AppContext, principal: Principal, id: string): Promise<void> {
  const r = recipientOf(principal);
  const updated = await ctx.db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.id, id), eq(notifications.recipientType, r.type), eq(notifications.recipientId, r.id), eq(notifications.channel, 'inbox')))
    .returning({ id: notifications.id });
  if (updated.length === 0) throw new AppError(NotificationErrors.NOTIFICATIONS_NOT_FOUND);
}

/** Marks all the person's messages read; answers how many changed. */
export async function markAllRead(ctx: AppContext, principal: Principal): Promise<number> {
  const r = recipientOf(principal);
  const updated = await ctx.db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.recipientType, r.type), eq(notifications.recipientId, r.id), eq(notifications.channel, 'inbox'), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return updated.length;
}

/** One's preferences: per registered kind and channel whether it is on, quiet hours, the webhook receiver. */
export async function preferencesOf(ctx: AppContext, principal: Principal) {
  const r = recipientOf(principal);
  const [prefs, [setting]] = await Promise.all([
    ctx.db.select().from(notificationPreferences).where(and(eq(notificationPreferences.recipientType, r.type), eq(notificationPreferences.recipientId, r.id))),
    ctx.db.select().from(notificationSettings).where(and(eq(notificationSettings.recipientType, r.type), eq(notificationSettings.recipientId, r.id))),
  ]);
  const off = new Set(prefs.filter((p) => !p.enabled).map((p) => `${p.kind}:${p.channel}`));
  return {
    kinds: [...templatesOf(ctx).values()]
      .sort((a, b) => a.kind.localeCompare(b.kind))
      .map((t) => ({
        kind: t.kind,
        description: t.description,
        mandatory: [...(t.mandatory ?? [])],
        channels: Object.fromEntries(NOTICE_CHANNELS.map((c) => [c, (t.mandatory ?? []).includes(c) || !off.has(`${t.kind}:${c}`)])) as Record<NoticeChannel, boolean>,
      })),
    quietHours: setting?.quietStart && setting.quietEnd ? { start: setting.quietStart, end: setting.quietEnd } : null,
    webhookUrl: setting?.webhookUrl ?? null,
  };
}

/** Whether a webhook receiver address is acceptable: https, or http to this machine (a local receiver). */
export function isWebhookUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || (u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname));
  } catch {
    return false;
  }
}

/**
 * Changes one's preferences: switches kinds' channels on or off (unknown kinds and mandatory channels
 * refused), sets or clears quiet hours, sets or clears the webhook receiver. A new receiver gets a new
 * secret, answered once (it signs every delivery).
 */
export async function updatePreferences(
  ctx: AppContext,
  principal: Principal,
  input: { preferences?: { kind: string; channel: NoticeChannel; enabled: boolean }[]; quietHours?: { start: string; end: string } | null; webhookUrl?: string | null },
): Promise<{ webhookSecret: string | null }> {
  const r = recipientOf(principal);
  const templates = templatesOf(ctx);
  const issues: { path: string; message: string }[] = [];
  (input.preferences ?? []).forEach((p, i) => {
    const t = templates.get(p.kind);
    if (!t) issues.push({ path: `/body/preferences/${i}/kind`, message: 'unknown kind' });
    else if (!p.enabled && (t.mandatory ?? []).includes(p.channel)) issues.push({ path: `/body/preferences/${i}/channel`, message: 'this channel cannot be switched off for this kind' });
  });
  if (input.quietHours && (!isTimeOfDay(input.quietHours.start) || !isTimeOfDay(input.quietHours.end))) issues.push({ path: '/body/quietHours', message: 'HH:MM, China time' });
  if (input.webhookUrl && !isWebhookUrl(input.webhookUrl)) issues.push({ path: '/body/webhookUrl', message: 'https, or http to localhost' });
  if (issues.length > 0) throw new AppError(CommonErrors.VALIDATION_FAILED, { issues });
  let webhookSecret: string | null = null;
  await ctx.db.transaction(async (tx) => {
    for (const p of input.preferences ?? []) {
      await tx
        .insert(notificationPreferences)
        .values({ recipientType: r.type, recipientId: r.id, kind: p.kind, channel: p.channel, enabled: p.enabled })
        .onConflictDoUpdate({
          target: [notificationPreferences.recipientType, notificationPreferences.recipientId, notificationPreferences.kind, notificationPreferences.channel],
          set: { enabled: p.enabled, updatedAt: new Date() },
        });
    }
    if (input.quietHours !== undefined || input.webhookUrl !== undefined) {
      const [current] = await tx.select().from(notificationSettings).where(and(eq(notificationSettings.recipientType, r.type), eq(notificationSettings.recipientId, r.id)));
      const next = {
        quietStart: input.quietHours === undefined ? (current?.quietStart ?? null) : (input.quietHours?.start ?? null),
        quietEnd: input.quietHours === undefined ? (current?.quietEnd ?? null) : (input.quietHours?.end ?? null),
        webhookUrl: input.webhookUrl === undefined ? (current?.webhookUrl ?? null) : input.webhookUrl,
        webhookSecretCipher: current?.webhookSecretCipher ?? null,
        updatedAt: new Date(),
      };
      if (input.webhookUrl !== undefined && input.webhookUrl !== current?.webhookUrl) {
        webhookSecret = input.webhookUrl ? newWebhookSecret() : null;
        next.webhookSecretCipher = webhookSecret ? ctx.cipher.encrypt(webhookSecret)! : null;
      }
      await tx
        .insert(notificationSettings)
        .values({ recipientType: r.type, recipientId: r.id, ...next })
        .onConflictDoUpdate({ target: [notificationSettings.recipientType, notificationSettings.recipientId], set: next });
    }
  });
  return { webhookSecret };
}
