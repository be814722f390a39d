/** Venue registration as every surface offers it (a citizen owning a venue, venue staff, officers): the venue types and the registration itself. */
import { queryOptions } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { Venue, VenueInput, VenueTypeInfo } from './health.types.ts';

/** Query keys (prefixes) of the registration reads. */
export const venueRegistrationKeys = {
  types: ['venues', 'types'] as const,
};

/** The venue types with their default stay lengths; they change only with a deployment. */
export function venueTypesQuery() {
  return queryOptions({
    queryKey: venueRegistrationKeys.types,
    queryFn: ({ signal }) => api.get<VenueTypeInfo[]>('/api/venues/types', { signal }),
    staleTime: Infinity,
  });
}

/** Registers a venue for an officer's review. */
export function registerVenue(input: VenueInput): Promise<Venue> {
  return api.post<Venue>('/api/venues', input);
}
