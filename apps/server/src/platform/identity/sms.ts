import { and, desc, eq, isNull, like, lt, or } from 'drizzle-orm';
import { divisionPrefix } from '@fangxian/contracts/kernel';
import { ConfigError } from '../../config.ts';
import type { DbOrTx } from '../db/database.ts';
import type { AppContext } from '../http/context.ts';
import { maskPhone } from '../crypto/masking.ts';
import { defineState } from '../modules/module.ts';
import { citizens, smsOutbox } from './identity.tables.ts';

/** A text message to a mainland mobile number; `template` names the kind (otp, notice…). */
export interface SmsMessage {
  phone: string;
  template: string;
  body: string;
}

/**
 * Sends text messages. Production deployments plug in their carrier or cloud SMS gateway with
 * setSmsSender (in a module's onStart); the built-in OutboxSmsSender is the development/test
 * implementation: it writes each message to the sms_outbox table, where administrators of the
 * citizen's region read it (GET /api/admin/sms-outbox). In production the outbox stops the start
 * unless FX_SMS_OUTBOX_IN_PRODUCTION allows it (assertSmsSenderAllowed).
 */
export interface SmsSender {
  readonly name: string;
  /**
   * True when the sender keeps a copy of each message that staff can read (the outbox). A gateway
   * adapter says false, and then no code is ever shown to anyone: the outbox route answers
   * IDENTITY_SMS_OUTBOX_OFF whatever the table still holds.
   */
  readonly keepsReadableCopies: boolean;
  /** Sends (or queues) one message, inside the caller's transaction when the sender writes to the database. */
  send(tx: DbOrTx, message: SmsMessage): Promise<void>;
}

/** The built-in sender: messages land, encrypted, in the sms_outbox table. */
export class OutboxSmsSender implements SmsSender {
  readonly name = 'outbox';
  readonly keepsReadableCopies = true;
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

/**
 * The built-in outbox is a development/test adapter: in production it stops the start unless
 * FX_SMS_OUTBOX_IN_PRODUCTION explicitly allows it (e.g. a staging system without a gateway). Checked
 * after every module's onStart, where a gateway adapter replaces it.
 */
export function assertSmsSenderAllowed(ctx: AppContext): void {
  const sender = smsSenderOf(ctx);
  if (ctx.config.env === 'production' && sender.keepsReadableCopies && !ctx.config.smsOutboxInProduction) {
    throw new ConfigError(
      `生产环境不能使用内置短信发件箱 / the built-in SMS outbox ("${sender.name}") keeps readable sign-in codes and is for development and tests: ` +
        'plug in an SMS gateway adapter (setSmsSender), or set FX_SMS_OUTBOX_IN_PRODUCTION=true to allow it explicitly',
    );
  }
}

/** One message shown to a reader, with what its read is audited under. */
export interface ScopedOutboxEntry extends OutboxEntry {
  /** Blind index of the phone (the audit subject of the read). */
  phoneIndex: string;
  /** The citizen's household division (the region the read is audited in). */
  regionCode: string | null;
}

/**
 * The outbox as one reader may see it: only messages to phones of citizens whose household division
 * lies within `scope` (the reader's region; '' is the whole deployment), and messages to phones with
 * no account or no real-name identity yet (nothing to take over). Messages to a registered citizen
 * outside the scope are never shown — a county administrator cannot read the sign-in code of another
 * county's citizen.
 */
export async function outboxInScope(ctx: AppContext, options: { limit: number; phone?: string; scope: string }): Promise<ScopedOutboxEntry[]> {
  const conditions = [
    options.phone ? eq(smsOutbox.phoneIndex, ctx.blindIndex.of('phone', options.phone)) : undefined,
    // A phone with no account yet, or an account without a real-name identity, holds nothing to take
    // over (no name, no ID number, no code of a known person): its code is shown to any reader, so a
    // new citizen can still sign in where this outbox is the only SMS channel (demo, tests).
    options.scope ? or(isNull(citizens.id), isNull(citizens.realNameAt), like(citizens.householdDivision, `${divisionPrefix(options.scope)}%`)) : undefined,
  ];
  const rows = await ctx.db
    .select({ row: smsOutbox, regionCode: citizens.householdDivision })
    .from(smsOutbox)
    .leftJoin(citizens, eq(citizens.phoneIndex, smsOutbox.phoneIndex))
    .where(and(...conditions))
    .orderBy(desc(smsOutbox.createdAt), desc(smsOutbox.id))
    .limit(options.limit);
  return rows.map(({ row, regionCode }) => ({
    id: row.id,
    phone: maskPhone(ctx.cipher.decrypt(row.phoneCipher)),
    template: row.template,
    body: ctx.cipher.decrypt(row.bodyCipher) ?? '',
    createdAt: row.createdAt.toISOString(),
    phoneIndex: row.phoneIndex,
    regionCode,
  }));
}

/** The latest outbox messages, newest first, optionally only those to one phone — unscoped: for tests and tools, never a route. */
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
