import type { AppContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { HealthCodeErrors, doorCodeOf, heldDoorCode } from '../health-code/index.ts';
import type { Colour } from './venues.types.ts';
import { VenueErrors } from './venues.errors.ts';

/** What the door needs from the person's health code: the colour and the masked identity. */
export interface EntryCode {
  colour: Colour;
  maskedName: string;
  maskedId: string;
}

/**
 * The citizen's current colour and masked identity for the entry page, from the health-code
 * module — the only place colours are decided. Its door-code view is held in memory and kept exact
 * by the database's change feed, so the common scan reads nothing from the database.
 */
export async function entryCodeOf(ctx: AppContext, citizenId: string, now = new Date()): Promise<EntryCode> {
  try {
    const code = await doorCodeOf(ctx, citizenId, now);
    return { colour: code.colour, maskedName: code.maskedName, maskedId: code.maskedId };
  } catch (err) {
    // No real-name profile: no code, and the venue's own message says what to do.
    if (err instanceof AppError && err.is(HealthCodeErrors.HEALTH_CODE_REAL_NAME_REQUIRED)) throw new AppError(VenueErrors.VENUES_REAL_NAME_REQUIRED);
    throw err;
  }
}

/** entryCodeOf without waiting when the door code is held in memory (undefined otherwise). */
export function heldEntryCode(ctx: AppContext, citizenId: string, now = new Date()): EntryCode | undefined {
  return heldDoorCode(ctx, citizenId, now);
}
