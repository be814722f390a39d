/** The venue of the signed-in venue staff member (GET /api/venues/mine), shared by the portal's door pages. */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../../shared/api/errors.ts';
import type { Venue } from '../../shared/health/health.types.ts';
import { myVenueQuery } from './portal.api.ts';

export type MyVenue = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; venue: Venue };

/** The staff member's venue; when it cannot be read, the server's message (or 该账号尚未绑定场所…). */
export function useMyVenue(): MyVenue {
  const { t } = useTranslation('health');
  const query = useQuery(myVenueQuery());
  if (query.data) return { status: 'ready', venue: query.data };
  if (query.error) return { status: 'failed', message: messageOf(query.error, t('today.noVenue')) };
  return { status: 'loading' };
}
