/** Venues as the console's officers see them: registrations to review, place-code abuse flags, scan retention. */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, toQuery } from '../../shared/api/client.ts';
import type { Purge, Retention, ScanFlag, Venue, VenueStatus } from '../../shared/health/health.types.ts';

/** Query keys (prefixes) of the officers' venue pages. */
export const venuesKeys = {
  list: ['venues', 'list'] as const,
  flags: ['venues', 'flags'] as const,
  retention: ['venues', 'retention'] as const,
};

/** Venues of one review status in the officer's region (optionally matching `q`), 50 a page. */
export function venuesQuery(status: VenueStatus, q: string) {
  return infiniteQueryOptions({
    queryKey: [...venuesKeys.list, { status, q }],
    queryFn: ({ signal, pageParam }) =>
      api.get<{ items: Venue[]; nextCursor: string | null }>(`/api/venues${toQuery({ status, q: q || undefined, cursor: pageParam, limit: 50 })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/** Place-code abuse flags of the last `days` days in the officer's region. */
export function flagsQuery(days: number) {
  return queryOptions({
    queryKey: [...venuesKeys.flags, days],
    queryFn: ({ signal }) => api.get<ScanFlag[]>(`/api/venues/flags${toQuery({ days, limit: 500 })}`, { signal }),
  });
}

/** How long scans are kept and what the last purge did. */
export function retentionQuery() {
  return queryOptions({
    queryKey: venuesKeys.retention,
    queryFn: ({ signal }) => api.get<Retention>('/api/admin/retention', { signal }),
  });
}

/** Changes officers make to venues. */
export const venuesApi = {
  decide: (venueId: string, decision: 'approved' | 'rejected', note?: string) =>
    api.post<Venue>(`/api/venues/${encodeURIComponent(venueId)}/decision`, { decision, ...(note ? { note } : {}) }),
  purgeNow: () => api.post<Purge>('/api/admin/retention/purge'),
};
