import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { maskIdNumber, maskName } from '../../platform/crypto/masking.ts';
import { citizens } from '../../platform/identity/identity.tables.ts';
import { currentCodeFor } from '../health-code/index.ts';
import { healthCodes } from '../health-code/health-code.tables.ts';
import type { Colour } from './venues.types.ts';

/** What the door needs from the person's health code: the colour and the masked identity. */
export interface EntryCode {
  colour: Colour;
  maskedName: string;
  maskedId: string;
}

function buildEntryCodeQuery(ctx: AppContext) {
  return ctx.db
    .select({
      colour: healthCodes.colour,
      nextCheckAt: healthCodes.nextCheckAt,
      nameCipher: citizens.nameCipher,
      documentNumberCipher: citizens.documentNumberCipher,
    })
    .from(citizens)
    .leftJoin(healthCodes, eq(healthCodes.citizenId, citizens.id))
    .where(eq(citizens.id, sql.placeholder('citizenId')))
    .limit(1)
    .prepare('venues_entry_code');
}

// Built once per app: the SQL text is not rebuilt on every scan.
const prepared = new WeakMap<AppContext, ReturnType<typeof buildEntryCodeQuery>>();

function entryCodeQuery(ctx: AppContext): ReturnType<typeof buildEntryCodeQuery> {
  let query = prepared.get(ctx);
  if (!query) prepared.set(ctx, (query = buildEntryCodeQuery(ctx)));
  return query;
}

/**
 * The citizen's current colour and masked identity for the entry page. The hot path allows one
 * read, so the common case is a single query over the person and the code state the health-code
 * module keeps current (health_codes, read-only here). When there is no code yet, or its timed rule
 * is due, the health-code module's currentCodeFor computes it — the only place colours are decided.
 */
export async function entryCodeOf(ctx: AppContext, citizenId: string, now = new Date()): Promise<EntryCode> {
  const [row] = await entryCodeQuery(ctx).execute({ citizenId });
  if (!row) throw new AppError('NOT_FOUND');
  if (!row.documentNumberCipher) throw new AppError('VENUE_REAL_NAME_REQUIRED'); // no real-name profile: no code
  if (!row.colour || (row.nextCheckAt && row.nextCheckAt <= now)) {
    const code = await currentCodeFor(ctx, citizenId, now);
    return { colour: code.colour, maskedName: code.maskedName, maskedId: code.maskedId };
  }
  return { colour: row.colour as Colour, maskedName: maskName(ctx.cipher.decrypt(row.nameCipher)), maskedId: maskIdNumber(ctx.cipher.decrypt(row.documentNumberCipher)) };
}
