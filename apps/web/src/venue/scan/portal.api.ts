/** The venue portal's server calls: the staff member's venue, door verification, the day's scans, place codes. */
import { queryOptions } from '@tanstack/react-query';
import { api, toQuery } from '../../shared/api/client.ts';
import type { ManualScanAccepted } from '@fangxian/contracts/venues';
import type { DynamicCode, Poster, Venue, VenueDay, VerifyAnswer } from '../../shared/health/health.types.ts';

const id = encodeURIComponent;

/** Query keys (prefixes) of the portal. */
export const portalKeys = {
  myVenue: ['portal', 'my-venue'] as const,
  day: (venueId: string) => ['portal', 'day', venueId] as const,
  poster: (venueId: string) => ['portal', 'poster', venueId] as const,
  dynamicCode: (venueId: string) => ['portal', 'dynamic-code', venueId] as const,
};

/** The venue the signed-in venue staff member works at. */
export function myVenueQuery() {
  return queryOptions({ queryKey: portalKeys.myVenue, queryFn: ({ signal }) => api.get<Venue>('/api/venues/mine', { signal }) });
}

/** A venue's visits of one day (masked), counts by colour and the stop list. */
export function venueDayQuery(venueId: string, date: string) {
  return queryOptions({
    queryKey: [...portalKeys.day(venueId), date],
    queryFn: ({ signal }) => api.get<VenueDay>(`/api/venues/${id(venueId)}/scans${toQuery({ date, limit: 500 })}`, { signal }),
  });
}

/** The venue's printable static place code. */
export function posterQuery(venueId: string) {
  return queryOptions({ queryKey: portalKeys.poster(venueId), queryFn: ({ signal }) => api.get<Poster>(`/api/venues/${id(venueId)}/place-code`, { signal }) });
}

/** The rotating place code of the current 30-second window, for the screen at the entrance. */
export function dynamicCodeQuery(venueId: string) {
  return queryOptions({ queryKey: portalKeys.dynamicCode(venueId), queryFn: ({ signal }) => api.get<DynamicCode>(`/api/venues/${id(venueId)}/dynamic-code`, { signal }) });
}

/** Changes made at the door. */
export const portalApi = {
  verify: (token: string, venueId?: string | null) => api.post<VerifyAnswer>('/api/health/verify', { token, ...(venueId ? { venueId } : {}) }),
  rotatePoster: (venueId: string) => api.post<Poster>(`/api/venues/${id(venueId)}/place-code/rotate`),
  manualScan: (venueId: string, input: { phone?: string; documentNumber?: string }) => api.post<ManualScanAccepted>(`/api/venues/${id(venueId)}/scans/manual`, input),
  posterPngUrl: (venueId: string) => `/api/venues/${id(venueId)}/poster.png`,
  posterPdfUrl: (venueId: string) => `/api/venues/${id(venueId)}/poster.pdf`,
};
