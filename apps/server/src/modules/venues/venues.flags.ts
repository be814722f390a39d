import { divisionPrefix } from '@fangxian/contracts/kernel';
import type { Principal } from '../../platform/access/principal.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { listFlagsIn } from './venues.repository.ts';
import type { FlagReason } from './venues.types.ts';

type Staff = Extract<Principal, { kind: 'staff' }>;

/** Place-code abuse flags of the officer's region (optionally one venue), newest first. */
export async function listFlags(ctx: AppContext, principal: Staff, query: { venueId?: string; days?: number; limit?: number }) {
  const days = Math.min(query.days ?? 7, 28);
  const rows = await listFlagsIn(ctx.db, {
    divisionPrefix: divisionPrefix(principal.regionCode),
    since: new Date(Date.now() - days * 24 * 3600_000),
    venueId: query.venueId,
    limit: Math.min(query.limit ?? 100, 500),
  });
  return rows.map(({ flag, venueName }) => ({
    id: flag.id,
    venueId: flag.venueId,
    venueName: venueName ?? '',
    divisionCode: flag.divisionCode,
    flaggedAt: flag.flaggedAt.toISOString(),
    reason: flag.reason as FlagReason,
    scanId: flag.scanId,
    detail: flag.detail,
  }));
}
