import type { Principal } from '../../platform/access/principal.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import { addressWithDivision, divisionFullName } from '../../platform/divisions/index.ts';
import { findVenue, updateVenue } from './venues.repository.ts';
import { VenueState } from './venues.runtime.ts';
import { venueVisibleTo, type RequestMeta } from './venues.service.ts';
import { DYNAMIC_WINDOW_SECONDS, placeCodeUrl, signDynamicCode, signStaticCode } from './venues.tokens.ts';
import { VENUE_TYPES, type VenueType } from './venues.types.ts';
import { VenueErrors } from './venues.errors.ts';

type Staff = Extract<Principal, { kind: 'staff' }>;

/** Everything a printable poster shows: the venue, its static code and the URL the QR carries. */
export interface PosterData {
  venueId: string;
  name: string;
  typeName: string;
  address: string;
  divisionName: string;
  /** The address as printed: division and street once (see addressWithDivision). */
  fullAddress: string;
  token: string;
  url: string;
  version: number;
  generatedAt: string;
}

async function approvedVenue(ctx: AppContext, principal: Staff, venueId: string) {
  const row = await venueVisibleTo(ctx, principal, venueId);
  if (row.status !== 'approved') throw new AppError(VenueErrors.VENUES_NOT_APPROVED);
  const entry = await VenueState.of(ctx).codes.get(venueId);
  if (!entry) throw new AppError(CommonErrors.NOT_FOUND);
  return { row, entry };
}

/** The venue's static place code and what its poster prints (for the print page, PNG and PDF). */
export async function posterData(ctx: AppContext, principal: Staff, venueId: string): Promise<PosterData> {
  const { row, entry } = await approvedVenue(ctx, principal, venueId);
  // Sign with the version just read from the database, not the cached one, so a poster printed
  // right after a rotation on another instance is never an already-withdrawn code.
  const token = signStaticCode(VenueState.of(ctx).macHash, entry.secret, row.id, row.staticCodeVersion);
  return {
    venueId: row.id,
    name: row.name,
    typeName: VENUE_TYPES[row.type as VenueType]?.zh ?? row.type,
    address: row.address,
    divisionName: divisionFullName(row.divisionCode),
    fullAddress: addressWithDivision(row.divisionCode, row.address),
    token,
    url: placeCodeUrl(ctx.config.publicUrl, token),
    version: row.staticCodeVersion,
    generatedAt: new Date().toISOString(),
  };
}

/** The rotating code for the venue's screen; it changes every 30 seconds. */
export async function dynamicCode(ctx: AppContext, principal: Staff, venueId: string) {
  if (principal.venueId !== venueId) throw new AppError(CommonErrors.NOT_FOUND);
  const { row, entry } = await approvedVenue(ctx, principal, venueId);
  const { token, expiresAt } = signDynamicCode(VenueState.of(ctx).macHash, entry.secret, row.id, Date.now());
  return { token, url: placeCodeUrl(ctx.config.publicUrl, token), expiresAt: expiresAt.toISOString(), rotatesEverySeconds: DYNAMIC_WINDOW_SECONDS };
}

/** Withdraws every printed poster of a venue (e.g. a photo of it circulates) and returns the new code. */
export async function rotateStaticCode(ctx: AppContext, principal: Staff, venueId: string, meta: RequestMeta): Promise<PosterData> {
  const row = await venueVisibleTo(ctx, principal, venueId);
  if (row.status !== 'approved') throw new AppError(VenueErrors.VENUES_NOT_APPROVED);
  await ctx.db.transaction(async (tx) => {
    const locked = await findVenue(tx, venueId, { lock: true });
    if (!locked) throw new AppError(CommonErrors.NOT_FOUND);
    await updateVenue(tx, venueId, { staticCodeVersion: locked.staticCodeVersion + 1 });
    await appendAudit(tx, {
      actor: principal,
      action: 'venues.place-code.rotate',
      subjectType: 'venue',
      subjectId: venueId,
      regionCode: row.divisionCode,
      detail: { version: locked.staticCodeVersion + 1 },
      ...meta,
    });
  });
  VenueState.of(ctx).codes.invalidate(venueId);
  return posterData(ctx, principal, venueId);
}
