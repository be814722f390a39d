import { createHmac } from 'node:crypto';
import { and, asc, desc, eq, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.ts';
import type { AppContext } from '../http/context.ts';
import { citizens } from '../identity/identity.tables.ts';
import { smsSenderOf } from '../identity/sms.ts';
import { defineJob } from '../jobs/index.ts';
import { defineState, type ScheduleSpec } from '../modules/module.ts';
import { MAX_ATTEMPTS, retryDelayMs } from './notifications.service.ts';
import { notifications, notificationSettings, notificationWebhookOutbox } from './notifications.tables.ts';
import type { BilingualText } from './notifications.templates.ts';

/** One webhook delivery: the JSON body and its signature headers. */
export interface WebhookPost {
  url: string;
  body: string;
  /** Unix seconds, sent as X-Fangxian-Timestamp. */
  timestamp: string;
  /** hex HMAC-SHA256 of `${timestamp}.${body}` with the receiver's secret, sent as X-Fangxian-Signature: sha256=… */
  signature: string;
}

/**
 * Posts webhook messages. The built-in LocalWebhookSender keeps each post (encrypted, with its
 * signature) in notification_webhook_outbox, which the console shows; a deployment that may reach
 * receivers plugs in an HTTP sender with setWebhookSender (in a module's onStart).
 */
export interface WebhookSender {
  readonly name: string;
  post(tx: DbOrTx, notificationId: string, post: WebhookPost): Promise<void>;
}

/** The local receiver: the outbox table. */
export class LocalWebhookSender implements WebhookSender {
  readonly name = 'local-outbox';
  private readonly ctx: AppContext;
  constructor(ctx: AppContext) {
    this.ctx = ctx;
  }
  async post(tx: DbOrTx, notificationId: string, post: WebhookPost): Promise<void> {
    await tx.insert(notificationWebhookOutbox).values({ notificationId, url: post.url, bodyCipher: this.ctx.cipher.encrypt(post.body)!, signature: post.signature, timestamp: post.timestamp });
  }
}

/** An HTTP sender (POST with the signature headers, 10 s timeout) for deployments that reach their receivers. */
export class HttpWebhookSender implements WebhookSender {
  readonly name = 'http';
  async post(_tx: DbOrTx, _notificationId: string, post: WebhookPost): Promise<void> {
    const res = await fetch(post.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-fangxian-timestamp': post.timestamp, 'x-fangxian-signature': `sha256=${post.signature}` },
      body: post.body,
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  }
}

export const WebhookState = defineState<{ sender: WebhookSender }>('notifications.webhook');

export function createWebhookState(ctx: AppContext): { sender: WebhookSender } {
  return { sender: new LocalWebhookSender(ctx) };
}

/** Replaces the app's webhook sender (tests, deployments with real receivers). */
export function setWebhookSender(ctx: AppContext, sender: WebhookSender): void {
  WebhookState.of(ctx).sender = sender;
}

/** The signature of a webhook body: hex HMAC-SHA256 of `${timestamp}.${body}`. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}


const BATCH = 200;

/**
 * The delivery job's work: pending SMS and webhook messages that are due (quiet hours over, a retry's
 * wait over, a new webhook message) are sent, each in its own transaction with its row locked
 * (`for update skip locked`, so two instances never send one twice); a failure waits
 * retryDelayMs(attempts) and after MAX_ATTEMPTS is recorded as failed. A crash leaves the row pending:
 * the next run sends it (an SMS gateway may then see it twice — at-least-once, like every gateway).
 */
export async function deliverDueNotices(ctx: AppContext, now: Date = new Date()): Promise<{ delivered: number; retried: number; failed: number }> {
  const out = { delivered: 0, retried: 0, failed: 0 };
  const due = await ctx.db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.status, 'pending'), lte(notifications.dueAt, now)))
    .orderBy(asc(notifications.dueAt))
    .limit(BATCH);
  for (const { id } of due) {
    const result = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(notifications)
        .where(and(eq(notifications.id, id), eq(notifications.status, 'pending')))
        .for('update', { skipLocked: true });
      if (!row) return null;
      const title = JSON.parse(ctx.cipher.decrypt(row.titleCipher) ?? '{"zh":"","en":""}') as BilingualText;
      const body = JSON.parse(ctx.cipher.decrypt(row.bodyCipher) ?? '{"zh":"","en":""}') as BilingualText;
      const attempts = row.attempts + 1;
      try {
        await tx.transaction(async (sp) => {
          if (row.channel === 'sms') {
            const [person] = await sp.select({ phoneCipher: citizens.phoneCipher, language: citizens.language }).from(citizens).where(eq(citizens.id, row.recipientId));
            const phone = person ? ctx.cipher.decrypt(person.phoneCipher) : null;
            if (!phone) throw new Error('no phone');
            await smsSenderOf(ctx).send(sp, { phone, template: row.kind, body: person.language === 'en' ? `${title.en}: ${body.en}` : `【防线】${title.zh}：${body.zh}` });
          } else if (row.channel === 'webhook') {
            const [setting] = await sp
              .select()
              .from(notificationSettings)
              .where(and(eq(notificationSettings.recipientType, row.recipientType), eq(notificationSettings.recipientId, row.recipientId)));
            if (!setting?.webhookUrl || !setting.webhookSecretCipher) throw new Error('no webhook receiver');
            const payload = JSON.stringify({ id: row.id, kind: row.kind, title, body, link: row.link, createdAt: row.createdAt.toISOString() });
            const timestamp = String(Math.floor(now.getTime() / 1000));
            await WebhookState.of(ctx).sender.post(sp, row.id, { url: setting.webhookUrl, body: payload, timestamp, signature: signWebhook(ctx.cipher.decrypt(setting.webhookSecretCipher)!, timestamp, payload) });
          }
        });
        await tx.update(notifications).set({ status: 'delivered', attempts, lastError: null }).where(eq(notifications.id, id));
        return 'delivered' as const;
      } catch (err) {
        const message = String((err as Error)?.message ?? err).slice(0, 200);
        const failed = attempts >= MAX_ATTEMPTS;
        await tx
          .update(notifications)
          .set({ status: failed ? 'failed' : 'pending', attempts, lastError: message, dueAt: failed ? null : new Date(now.getTime() + retryDelayMs(attempts)) })
          .where(eq(notifications.id, id));
        return failed ? ('failed' as const) : ('retried' as const);
      }
    });
    if (result) out[result]++;
  }
  if (due.length > 0) ctx.log.info(out, 'notification deliveries');
  return out;
}

export const DELIVER_JOB = 'notifications.deliver';
/** The delivery job (platform job runner: persisted, one instance runs each, resumes after a crash). */
export const DeliverJobType = defineJob(DELIVER_JOB, async (run) => deliverDueNotices(run.ctx), { maxAttempts: 3 });
export const DELIVER_SCHEDULE: ScheduleSpec = { name: DELIVER_JOB, type: DELIVER_JOB, everyMs: 60_000 };

/** The local webhook receiver's latest posts (console): url, signature, the body decrypted. */
export async function webhookOutbox(ctx: AppContext, limit: number) {
  const rows = await ctx.db.select().from(notificationWebhookOutbox).orderBy(desc(notificationWebhookOutbox.createdAt)).limit(limit);
  return rows.map((r) => ({ id: r.id, notificationId: r.notificationId, url: r.url, body: ctx.cipher.decrypt(r.bodyCipher) ?? '', signature: r.signature, timestamp: r.timestamp, createdAt: r.createdAt }));
}

/** Delivery status of recent messages by kind, channel and status (console: counts only). */
export async function deliveryStatus(ctx: AppContext, sinceHours: number) {
  const since = new Date(Date.now() - sinceHours * 3600_000);
  const rows = await ctx.db
    .select({ kind: notifications.kind, channel: notifications.channel, status: notifications.status, n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(sql`${notifications.createdAt} > ${since}`)
    .groupBy(notifications.kind, notifications.channel, notifications.status)
    .orderBy(notifications.kind, notifications.channel, notifications.status);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
