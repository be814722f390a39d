import { eq } from 'drizzle-orm';
import type { AppContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { maskIdNumber, maskName } from '../../platform/crypto/masking.ts';
import { citizens } from '../../platform/identity/identity.tables.ts';
import { healthCodes } from '../health-code/health-code.tables.ts';
import type { Colour } from './venues.types.ts';

/** What the door needs from the person's health code: the colour and the masked identity. */
export interface EntryCode {
  colour: Colour;
  maskedName: string;
  maskedId: string;
}

/**
 * Reads the citizen's current code colour and identity in one query (the hot path allows one read).
 * The health-code module keeps health_codes current whenever a fact changes.
 */
export async function entryCodeOf(ctx: AppContext, citizenId: string): Promise<EntryCode> {
  const [row] = await ctx.db
    .select({ colour: healthCodes.colour, nameCipher: citizens.nameCipher, documentNumberCipher: citizens.documentNumberCipher })
    .from(citizens)
    .leftJoin(healthCodes, eq(healthCodes.citizenId, citizens.id))
    .where(eq(citizens.id, citizenId))
    .limit(1);
  if (!row || !row.colour) throw new AppError('HEALTH_CODE_UNAVAILABLE');
  return { colour: row.colour as Colour, maskedName: maskName(ctx.cipher.decrypt(row.nameCipher)), maskedId: maskIdNumber(ctx.cipher.decrypt(row.documentNumberCipher)) };
}
