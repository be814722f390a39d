import { desc, eq, lt } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.ts';
import type { AppContext } from '../http/context.ts';
import { maskPhone } from '../crypto/masking.ts';
import { defineState } from '../modules/module.ts';
import { smsOutbox } from './identity.tables.ts';

/** A text message to a mainland mobile number; `template` names the kind (otp, notice…). */
export interface SmsMessage {
  phone: string;
  template: string;
  body: string;
}

/**
 * Sends text messages. Production deployments plug in their carrier or cloud SMS gateway with
 * setSmsSender; the built-in OutboxSmsSender is the local implementation: it writes each message to
 * the sms_outbox table, where administrators read it in the console (GET /api/admin/sms-outbox).
 */
export interface SmsSender {
  readonly name: string;
  /** Sends (or queues) one message, inside the caller's transaction when the sender writes to the database. */
  send(tx: DbOrTx, message: SmsMessage): Promise<void>;
}

/** The built-in sender: messages land, encrypted, in the sms_outbox table. */
export class OutboxSmsSender implements SmsSender {
  readonly name = 'outbox';
  private readonly ctx: AppContext;
  constructor(ctx: AppContext) {
    this.ctx = ctx;
  }
  async send(tx: DbOrTx, message: SmsMessage): Promise<void> {
    await tx.insert(smsOutbox).values({
      phoneCipher: this.ctx.cipher.encrypt(message.phone),
      phoneIndex: this.ctx.blindIndex.of('phone', message.phone),
      template: message.template,
      bodyCipher: this.ctx.cipher.encrypt(message.body),
    });
  }
}

/** The app's SMS sender (identity state, provided in the identity manifest): the built-in outbox unless replaced. */
export const SmsState = defineState<{ sender: SmsSender }>('identity.sms');

/** Replaces the SMS sender of one app (a gateway adapter, or a test double in unit tests). */
export function setSmsSender(ctx: AppContext, sender: SmsSender): void {
  SmsState.of(ctx).sender = sender;
}

/** The app's SMS sender: the configured one, or the built-in outbox. */
export function smsSenderOf(ctx: AppContext): SmsSender {
  return SmsState.of(ctx).sender;
}

/** One outbox message as the console shows it: phone masked, body in clear (it is what the citizen receives). */
export interface OutboxEntry {
  id: string;
  phone: string;
  template: string;
  body: string;
  createdAt: string;
}

/** The latest outbox messages, newest first, optionally only those to one phone. */
export async function latestOutbox(ctx: AppContext, options: { limit: number; phone?: string }): Promise<OutboxEntry[]> {
  const query = ctx.db.select().from(smsOutbox);
  const rows = await (options.phone ? query.where(eq(smsOutbox.phoneIndex, ctx.blindIndex.of('phone', options.phone))) : query)
    .orderBy(desc(smsOutbox.createdAt), desc(smsOutbox.id))
    .limit(options.limit);
  return rows.map((row) => ({
    id: row.id,
    phone: maskPhone(ctx.cipher.decrypt(row.phoneCipher)),
    template: row.template,
    body: ctx.cipher.decrypt(row.bodyCipher) ?? '',
    createdAt: row.createdAt.toISOString(),
  }));
}

/** Deletes outbox messages older than `days` (they hold sign-in codes; nobody needs them after that). */
export async function purgeOldOutbox(db: DbOrTx, days = 7): Promise<number> {
  const deleted = await db.delete(smsOutbox).where(lt(smsOutbox.createdAt, new Date(Date.now() - days * 86_400_000))).returning({ id: smsOutbox.id });
  return deleted.length;
}
