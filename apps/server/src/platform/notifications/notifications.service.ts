import { and, desc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Principal } from '../access/principal.ts';
import type { DbOrTx } from '../db/database.ts';
import type { AppContext } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { citizens } from '../identity/identity.tables.ts';
import { smsSenderOf } from '../identity/sms.ts';
import { NotificationErrors } from './notifications.errors.ts';
import { notifications } from './notifications.tables.ts';

export type NoticeChannel = 'inbox' | 'sms';
export interface BilingualText {
  zh: string;
  en: string;
}

/** One message a module sends through the notification centre. */
export interface Notice {
  recipient: { type: 'citizen' | 'staff'; id: string };
  /** module.kind, e.g. checkin.reminder — names the template and is what logs and limits count. */
  kind: string;
  title: BilingualText;
  body: BilingualText;
  /** Where the recipient's surface opens the message (no personal data). */
  link?: string;
  channels: readonly NoticeChannel[];
  /** Idempotence per recipient and channel: a second notice with the same key is not sent again. */
  dedupeKey?: string;
}

/** What a send did, counted per message-channel (never who). */
export interface SendSummary {
  delivered: number;
  duplicate: number;
  rateLimited: number;
  failed: number;
  skipped: number;
}

/** Per recipient and channel, at most this many messages in a rolling hour; more are recorded as rate_limited and not delivered. */
export const RATE_LIMITS: Readonly<Record<NoticeChannel, number>> = { inbox: 60, sms: 5 };
const KIND = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9.-]*$/;

function recipientKey(type: string, id: string, channel: string): string {
  return `${type}:${id}:${channel}`;
}

/**
 * Sends messages through the notification centre, set-based: one query counts the recipients' recent
 * messages (the rate limit), one insert records every delivery (duplicates of a dedupeKey are skipped
 * by the unique index), one query reads the phones of SMS recipients, then each new SMS goes through
 * the app's SmsSender (the outbox, or a gateway adapter). Runs in the caller's transaction, so a
 * message exists only if the change that caused it commits. Logs counts and the kind only.
 */
export async function sendNotices(ctx: AppContext, tx: DbOrTx, notices: readonly Notice[]): Promise<SendSummary> {
  const summary: SendSummary = { delivered: 0, duplicate: 0, rateLimited: 0, failed: 0, skipped: 0 };
  if (notices.length === 0) return summary;
  for (const n of notices) if (!KIND.test(n.kind)) throw new Error(`bad notice kind ${n.kind}`);

  const ids = [...new Set(notices.map((n) => n.recipient.id))];
  const since = new Date(Date.now() - 3600_000);
  const counts = await tx
    .select({ type: notifications.recipientType, id: notifications.recipientId, channel: notifications.channel, n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(inArray(notifications.recipientId, ids), gt(notifications.createdAt, since), eq(notifications.status, 'delivered')))
    .groupBy(notifications.recipientType, notifications.recipientId, notifications.channel);
  const used = new Map(counts.map((c) => [recipientKey(c.type, c.id, c.channel), Number(c.n)]));

  const smsCitizenIds = [...new Set(notices.filter((n) => n.channels.includes('sms') && n.recipient.type === 'citizen').map((n) => n.recipient.id))];
  const people = smsCitizenIds.length
    ? await tx.select({ id: citizens.id, phoneCipher: citizens.phoneCipher, language: citizens.language }).from(citizens).where(inArray(citizens.id, smsCitizenIds))
    : [];
  const phones = new Map(people.map((p) => [p.id, { phone: ctx.cipher.decrypt(p.phoneCipher), language: p.language }]));

  type Row = typeof notifications.$inferInsert;
  const rows: Row[] = [];
  const smsText = new Map<number, string>();
  for (const n of notices) {
    for (const channel of new Set(n.channels)) {
      const key = recipientKey(n.recipient.type, n.recipient.id, channel);
      const count = used.get(key) ?? 0;
      const base = {
        recipientType: n.recipient.type,
        recipientId: n.recipient.id,
        channel,
        kind: n.kind,
        titleCipher: ctx.cipher.encrypt(JSON.stringify(n.title))!,
        bodyCipher: ctx.cipher.encrypt(JSON.stringify(n.body))!,
        link: n.link ?? null,
      };
      if (count >= RATE_LIMITS[channel]) {
        rows.push({ ...base, dedupeKey: null, status: 'rate_limited' });
        continue;
      }
      if (channel === 'sms' && !phones.get(n.recipient.id)?.phone) {
        rows.push({ ...base, dedupeKey: null, status: 'skipped_no_phone' });
        continue;
      }
      used.set(key, count + 1);
      if (channel === 'sms') {
        const person = phones.get(n.recipient.id)!;
        smsText.set(rows.length, person.language === 'en' ? `${n.title.en}: ${n.body.en}` : `【防线】${n.title.zh}：${n.body.zh}`);
      }
      rows.push({ ...base, dedupeKey: n.dedupeKey ?? null, status: 'delivered' });
    }
  }

  const inserted = await tx
    .insert(notifications)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: notifications.id, recipientId: notifications.recipientId, channel: notifications.channel, status: notifications.status, dedupeKey: notifications.dedupeKey });
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
    else if (row.channel === 'sms') {
      try {
        await sender.send(tx, { phone: phones.get(row.recipientId)!.phone!, template: row.kind, body: smsText.get(i)! });
        summary.delivered++;
      } catch (err) {
        await tx.update(notifications).set({ status: 'failed' }).where(eq(notifications.id, id));
        summary.failed++;
        ctx.log.warn({ kind: row.kind, err: (err as Error).message }, 'notification SMS failed');
      }
    } else summary.delivered++;
  }
  ctx.log.info({ kinds: [...new Set(notices.map((n) => n.kind))], ...summary }, 'notifications sent');
  return summary;
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
