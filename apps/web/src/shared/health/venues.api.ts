/** Venue registration as every surface offers it (a citizen owning a venue, venue staff, officers): the venue types and the registration itself. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { localText } from './colour.ts';
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

/** A venue type's name in the UI language (商场 / Shopping mall); the server's Chinese `fallback` until the types arrive. */
export function useVenueTypeName(): (type: string, fallback?: string) => string {
  const { i18n } = useTranslation();
  const { data } = useQuery(venueTypesQuery());
  return (type, fallback) => {
    const info = data?.find((x) => x.type === type);
    return info ? localText({ zh: info.zh, en: info.en }, i18n.language) : (fallback ?? type);
  };
}
