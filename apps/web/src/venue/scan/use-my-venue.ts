/** The venue of the signed-in venue staff member (GET /api/venues/mine). */
import { useEffect, useState } from 'react';
import { messageOf } from '../../shared/api/errors.ts';
import { venuePortalApi } from '../../shared/health/health.api.ts';
import type { Venue } from '../../shared/health/health.types.ts';

export type MyVenue = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; venue: Venue };

/** Loads the staff member's venue once; `failedMessage` is shown when the server gives no message. */
export function useMyVenue(failedMessage: string): MyVenue {
  const [state, setState] = useState<MyVenue>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    venuePortalApi
      .mine()
      .then((venue) => live && setState({ status: 'ready', venue }))
      .catch((error) => live && setState({ status: 'failed', message: messageOf(error, failedMessage) }));
    return () => {
      live = false;
    };
  }, [failedMessage]);
  return state;
}
